//! The console: the program's output line by line, each stamped with the virtual
//! time it was printed, plus what Python writes on stderr (warnings, the traceback).

use crate::trace::{EventKind, Outcome, Trace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleLine {
    pub t_us: u64,
    pub text: String,
    pub stream: Stream,
    /// For stdout: the output chunk that started the line (it shows once that
    /// chunk's `Print` event has happened).
    chunk: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Console {
    pub lines: Vec<ConsoleLine>,
    /// Event index of each `Print`, if they match the output chunks one to one.
    print_events: Option<Vec<usize>>,
}

impl Console {
    pub fn new(trace: &Trace) -> Console {
        let mut lines = Vec::new();
        let mut partial: Option<(u64, String, usize)> = None;
        for (i, chunk) in trace.output.iter().enumerate() {
            let mut pieces = chunk.text.split('\n').peekable();
            while let Some(piece) = pieces.next() {
                let last = pieces.peek().is_none();
                let (t_us, mut text, first) =
                    partial.take().unwrap_or((chunk.t_us, String::new(), i));
                text.push_str(piece);
                if last {
                    if !text.is_empty() {
                        partial = Some((t_us, text, first));
                    }
                } else {
                    lines.push(ConsoleLine {
                        t_us,
                        text,
                        stream: Stream::Stdout,
                        chunk: Some(first),
                    });
                }
            }
        }
        if let Some((t_us, text, first)) = partial {
            lines.push(ConsoleLine {
                t_us,
                text,
                stream: Stream::Stdout,
                chunk: Some(first),
            });
        }
        for w in &trace.warnings {
            for text in w.message.lines() {
                lines.push(ConsoleLine {
                    t_us: w.t_us,
                    text: text.to_string(),
                    stream: Stream::Stderr,
                    chunk: None,
                });
            }
        }
        let tail = match &trace.outcome {
            Outcome::Completed => String::new(),
            Outcome::Exception {
                traceback, error, ..
            } => {
                if traceback.is_empty() {
                    error.clone()
                } else {
                    traceback.clone()
                }
            }
            Outcome::Deadlock { message, .. } | Outcome::LimitExceeded { message, .. } => {
                message.clone()
            }
        };
        for text in tail.lines() {
            lines.push(ConsoleLine {
                t_us: trace.totals.wall_us,
                text: text.to_string(),
                stream: Stream::Stderr,
                chunk: None,
            });
        }
        crate::sort::sort_by_key(&mut lines, |l| (l.t_us, 0));
        let print_events: Vec<usize> = trace
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.kind, EventKind::Print { .. }))
            .map(|(i, _)| i)
            .collect();
        let print_events = (print_events.len() == trace.output.len()).then_some(print_events);
        Console {
            lines,
            print_events,
        }
    }

    /// Is this line on screen with the playhead at (`t_us`, `cursor`)?
    pub fn is_visible(&self, line: &ConsoleLine, t_us: u64, cursor: usize) -> bool {
        match (&self.print_events, line.chunk) {
            (Some(prints), Some(chunk)) => prints.get(chunk).is_some_and(|&e| e < cursor),
            _ => line.t_us <= t_us,
        }
    }

    /// How many lines are on screen: lines appear in order, so the console shows
    /// the longest prefix whose lines are all due.
    pub fn visible_count(&self, t_us: u64, cursor: usize) -> usize {
        self.lines
            .iter()
            .take_while(|l| self.is_visible(l, t_us, cursor))
            .count()
    }
}
