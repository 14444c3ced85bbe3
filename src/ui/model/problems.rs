//! What went wrong, where, in words a student can follow: refused programs
//! (diagnostics), uncaught exceptions, never-awaited coroutines, a loop blocked for
//! longer than 100 ms, exceptions the loop only logged (a failing callback, a task's
//! exception nobody read), tasks still pending when the program ended, deadlocks and
//! limits.

use super::time_format;
use crate::syntax::Diagnostic;
use crate::trace::{EventKind, Outcome, Trace, WarningKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub line: u32,
    pub severity: Severity,
    /// A few words: "Loop blocked for 300 ms".
    pub title: String,
    /// What happened and what to do, in a sentence or two.
    pub explanation: String,
    /// The message as Python prints it.
    pub message: String,
    /// When it happened, for the timeline marker (none for refused programs).
    pub t_us: Option<u64>,
    /// Byte range to underline (diagnostics).
    pub range: Option<(u32, u32)>,
}

/// Problems with the same line and title, told once: a loop blocked by the same
/// callback four times is one explanation with "4 times".
#[derive(Clone, Debug, PartialEq)]
pub struct ProblemGroup {
    pub first: Problem,
    pub count: usize,
}

/// Groups problems by line and title, keeping their order.
pub fn grouped(problems: &[Problem]) -> Vec<ProblemGroup> {
    let mut groups: Vec<ProblemGroup> = Vec::new();
    for p in problems {
        match groups
            .iter_mut()
            .find(|g| g.first.line == p.line && g.first.title == p.title)
        {
            Some(g) => g.count += 1,
            None => groups.push(ProblemGroup {
                first: p.clone(),
                count: 1,
            }),
        }
    }
    groups
}

/// A refused program: each diagnostic, on its line.
pub fn from_diagnostics(diagnostics: &[Diagnostic]) -> Vec<Problem> {
    diagnostics
        .iter()
        .map(|d| Problem {
            line: d.line,
            severity: Severity::Error,
            title: "Cannot run this yet".to_string(),
            explanation: format!(
                "Line {}, column {}: {}. Nothing ran; the timelines still show the last version that ran.",
                d.line, d.col, d.message
            ),
            message: d.message.clone(),
            t_us: None,
            range: Some((d.start, d.end)),
        })
        .collect()
}

/// Warnings and the outcome of the event-loop run.
pub fn from_trace(trace: &Trace) -> Vec<Problem> {
    let mut problems: Vec<Problem> = trace
        .warnings
        .iter()
        .map(|w| match &w.kind {
            WarningKind::NeverAwaited => {
                // `main.<locals>.save` is called as `save` where it is visible.
                let coro = quoted(&w.message)
                    .and_then(|q| q.rsplit('.').next())
                    .unwrap_or("the coroutine");
                Problem {
                    line: w.line,
                    severity: Severity::Warning,
                    title: format!("{coro}() was never awaited"),
                    explanation: format!(
                        "Calling {coro}() only creates a coroutine object; nothing runs it. \
                         Write `await {coro}(…)`, or pass it to asyncio.create_task(), so the \
                         event loop runs it."
                    ),
                    message: w.message.clone(),
                    t_us: Some(w.t_us),
                    range: None,
                }
            }
            WarningKind::SyntaxWarning => Problem {
                line: w.line,
                severity: Severity::Warning,
                title: w.message.clone(),
                explanation: "`is` asks whether both sides are one object, not whether they \
                              are equal: compare values with == or !=, and keep `is` for None, \
                              True and False."
                    .to_string(),
                message: w.message.clone(),
                t_us: None,
                range: None,
            },
            WarningKind::SlowCallback { dur_us } => {
                let dur = time_format::duration(*dur_us);
                Problem {
                    line: w.line,
                    severity: Severity::Warning,
                    title: format!("Loop blocked for {dur}"),
                    explanation: format!(
                        "This step ran for {dur} without reaching an await, so no other task \
                         could run meanwhile (asyncio's debug mode reports anything over 100 ms). \
                         Use the awaitable version (await dev.read(), await asyncio.sleep()) or \
                         split the work with await asyncio.sleep(0)."
                    ),
                    message: w.message.clone(),
                    t_us: Some(w.t_us),
                    range: None,
                }
            }
            WarningKind::ExceptionNeverRetrieved { task } => {
                let error = w.message.lines().last().unwrap_or_default();
                // Titled in CPython's words, so that tasks failing at the same line are
                // told once ("4 times"); the explanation names the first.
                let (title, owner) = match task.and_then(|t| trace.tasks.get(t as usize)) {
                    Some(t) => ("Task exception was never retrieved", t.name.as_str()),
                    None => ("Future exception was never retrieved", "The future"),
                };
                Problem {
                    line: w.line,
                    severity: Severity::Warning,
                    title: title.to_string(),
                    explanation: format!(
                        "{owner} ended with {error}, but nothing awaited it or asked for its \
                         result, so the error went unnoticed: asyncio only logs it when the \
                         object is freed. Await it (or gather it), or call its result() or \
                         exception()."
                    ),
                    message: w.message.clone(),
                    t_us: Some(w.t_us),
                    range: None,
                }
            }
            WarningKind::CallbackFailed => {
                let error = w.message.lines().last().unwrap_or_default();
                let class = error.split(':').next().unwrap_or(error);
                let callback = w
                    .message
                    .lines()
                    .next()
                    .and_then(|l| l.strip_prefix("Exception in callback "))
                    .and_then(|c| c.split('(').next())
                    .unwrap_or("a callback");
                Problem {
                    line: w.line,
                    severity: Severity::Warning,
                    title: format!("Callback {callback}() raised {class}"),
                    explanation: format!(
                        "The event loop caught {error} from the callback {callback}(), logged \
                         it and went on: an exception in a call_soon or call_later callback \
                         never reaches the code that scheduled it. Catch it inside the \
                         callback if it matters."
                    ),
                    message: w.message.clone(),
                    t_us: Some(w.t_us),
                    range: None,
                }
            }
        })
        .collect();
    let end = Some(trace.totals.wall_us);
    if let Outcome::Completed | Outcome::Exception { .. } = trace.outcome {
        problems.extend(pending_at_end(trace));
    }
    match &trace.outcome {
        Outcome::Completed => {}
        Outcome::Exception { error, line, .. } => problems.push(Problem {
            line: *line,
            severity: Severity::Error,
            title: format!("Uncaught {}", error.split(':').next().unwrap_or(error)),
            explanation: exception_explanation(error),
            message: error.clone(),
            t_us: end,
            range: None,
        }),
        Outcome::Deadlock { message, line } => problems.push(Problem {
            line: *line,
            severity: Severity::Error,
            title: "Deadlock".to_string(),
            explanation: "Every task waits for something only another waiting task could \
                          provide, so nothing can run again. CPython would hang here; the \
                          simulator stops and shows who waits on what."
                .to_string(),
            message: message.clone(),
            t_us: end,
            range: None,
        }),
        Outcome::LimitExceeded { message, line } => problems.push(Problem {
            line: *line,
            severity: Severity::Error,
            title: "Stopped at a limit".to_string(),
            explanation: "The run passed a safety limit, named below, and was stopped; the \
                          timelines show what happened before. The usual cause is a loop that \
                          never ends or never awaits, or one that builds something huge."
                .to_string(),
            message: message.clone(),
            t_us: end,
            range: None,
        }),
    }
    // In the order of the code; what was found as the program ended (line 0) last.
    crate::sort::sort_by_key(&mut problems, |p| {
        (u64::from(p.line.wrapping_sub(1)), p.severity as u64)
    });
    problems
}

/// The scenario's tasks that had not finished when the program ended (after
/// `loop.run_until_complete()` or `loop.run_forever()`: `asyncio.run()` cancels
/// them), told at the line where each last waited.
fn pending_at_end(trace: &Trace) -> Vec<Problem> {
    // For each task: whether it finished, and the line it last waited at.
    let mut state: Vec<(bool, Option<u32>)> = vec![(false, None); trace.tasks.len()];
    for event in &trace.events {
        match &event.kind {
            EventKind::TaskSuspended { task, line, .. } => {
                if let Some(s) = state.get_mut(*task as usize) {
                    s.1 = Some(*line);
                }
            }
            EventKind::TaskDone { task, .. } => {
                if let Some(s) = state.get_mut(*task as usize) {
                    s.0 = true;
                }
            }
            _ => {}
        }
    }
    trace
        .tasks
        .iter()
        .zip(state)
        .filter(|(task, (done, _))| !task.internal && !done)
        .map(|(task, (_, waited_at))| {
            let (coro, name) = (&task.coro, &task.name);
            let what = if waited_at.is_some() {
                format!("{name} was waiting here when the event loop stopped")
            } else {
                format!("{name} was made but had not run when the event loop stopped")
            };
            Problem {
                line: waited_at.unwrap_or(task.def_line),
                severity: Severity::Warning,
                title: format!("{coro}() was still pending at the end"),
                explanation: format!(
                    "{what}, and nothing ran the loop again: run_until_complete() returns \
                     as soon as its own coroutine is done (run_forever() when stop() is \
                     called), whatever else is pending. Python destroys the task as the \
                     program exits and logs the message below; its finally: blocks run \
                     then, after the last line, in an order the simulator does not show. \
                     Await the task (or gather it) before the end, or use asyncio.run(), \
                     which cancels what is left."
                ),
                message: "Task was destroyed but it is pending!".to_string(),
                t_us: Some(trace.totals.wall_us),
                range: None,
            }
        })
        .collect()
}

fn exception_explanation(error: &str) -> String {
    if error.contains("cannot be called from a running event loop") {
        "asyncio.run() starts a new event loop, but this code already runs inside one \
         (asyncio.run(main()) started it). A thread runs one loop at a time: inside a \
         coroutine, write `await other()` instead."
            .to_string()
    } else if error.starts_with("TimeoutError") || error.contains("asyncio.TimeoutError") {
        "The timeout ran out: wait_for cancelled the awaited task and raised TimeoutError, and \
         nothing caught it. Wrap the await in try/except asyncio.TimeoutError."
            .to_string()
    } else if error.contains("CancelledError") {
        "The task was cancelled while it waited, and the cancellation was not caught.".to_string()
    } else {
        "Nothing caught this exception, so it ended the program here. Catch it with \
         try/except around the await, or fix its cause."
            .to_string()
    }
}

fn quoted(message: &str) -> Option<&str> {
    let start = message.find('\'')? + 1;
    let len = message[start..].find('\'')?;
    Some(&message[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_problems_are_told_once() {
        let p = |line, title: &str| Problem {
            line,
            severity: Severity::Warning,
            title: title.into(),
            explanation: String::new(),
            message: String::new(),
            t_us: None,
            range: None,
        };
        let groups = grouped(&[p(10, "a"), p(21, "a"), p(10, "a"), p(10, "b")]);
        let counts: Vec<(u32, usize)> = groups.iter().map(|g| (g.first.line, g.count)).collect();
        assert_eq!(counts, vec![(10, 2), (21, 1), (10, 1)]);
    }

    /// The problems the event-loop run of `source` tells: (line, title) each.
    fn told(source: &str) -> Vec<(u32, String)> {
        let analysis = crate::analyze(source, &crate::Limits::default());
        let trace = analysis.async_run.expect("the program runs");
        from_trace(&trace)
            .into_iter()
            .map(|p| (p.line, p.title))
            .collect()
    }

    /// The exceptions the loop only logged are told at the line that raised them,
    /// naming the task or the callback and the error.
    #[test]
    fn logged_exceptions_are_told_where_they_were_raised() {
        let told = told(include_str!(
            "../../../tests/scenarios/logged_exceptions.py"
        ));
        let expected = [
            (13, "Callback tick() raised ValueError"),
            (13, "Callback tick() raised ValueError"),
            (18, "Task exception was never retrieved"),
            (18, "Task exception was never retrieved"),
            (18, "Task exception was never retrieved"),
            (18, "Task exception was never retrieved"),
            // set_exception(RuntimeError(…)) of a new exception: where it was set.
            (52, "Future exception was never retrieved"),
            // An exception raised before it was set: where it was raised.
            (54, "Future exception was never retrieved"),
        ];
        let expected: Vec<(u32, String)> =
            expected.iter().map(|(l, t)| (*l, t.to_string())).collect();
        assert_eq!(told, expected);
    }

    #[test]
    fn is_with_a_literal_is_told_at_its_line() {
        let told = told(include_str!(
            "../../../tests/scenarios/is_with_a_literal.py"
        ));
        let is = |line| {
            let message = "SyntaxWarning: \"is\" with a literal. Did you mean \"==\"?";
            (line, message.to_string())
        };
        let is_not = |line| {
            let message = "SyntaxWarning: \"is not\" with a literal. Did you mean \"!=\"?";
            (line, message.to_string())
        };
        let expected = [
            is(12),
            is_not(14),
            is(14),
            is(18),
            is(20),
            is(20),
            is(21),
            is(26),
            is(26),
        ];
        assert_eq!(told, expected);
    }

    #[test]
    fn a_stopped_run_is_not_blamed_for_the_coroutines_it_still_held() {
        let titles = |source: &str, limits: &crate::Limits| -> Vec<String> {
            let analysis = crate::analyze(source, limits);
            let trace = analysis.async_run.expect("the program runs");
            from_trace(&trace).into_iter().map(|p| p.title).collect()
        };
        // gather wraps its coroutines in tasks one by one; the task limit stops it
        // halfway, holding the rest.
        let stopped = "import asyncio\n\nasync def work(i):\n    await asyncio.sleep(1)\n\n\
                       async def main():\n    await asyncio.gather(*[work(i) for i in range(50)])\n\n\
                       asyncio.run(main())\n";
        let limits = crate::Limits {
            max_tasks: 10,
            ..crate::Limits::default()
        };
        assert_eq!(titles(stopped, &limits), ["Stopped at a limit"]);
        // Stopped while a list of coroutines was being built: the stop frees them.
        let building = "async def work(i):\n    pass\n\ncoros = [work(i) for i in range(10**6)]\n";
        let limits = crate::Limits {
            max_steps: 1000,
            ..crate::Limits::default()
        };
        assert_eq!(titles(building, &limits), ["Stopped at a limit"]);
        // A program that ends with a coroutine it never ran is told so, after what
        // was found at a line.
        let ended = "async def work():\n    pass\n\nc = work()\nwork()\n";
        let analysis = crate::analyze(ended, &crate::Limits::default());
        let lines: Vec<u32> = from_trace(analysis.async_run.as_ref().expect("it runs"))
            .iter()
            .map(|p| p.line)
            .collect();
        assert_eq!(lines, [5, 0]);
        assert_eq!(
            titles(ended, &crate::Limits::default()),
            ["work() was never awaited", "work() was never awaited"]
        );
    }

    /// After `run_until_complete()`, a task that never finished is told at the line
    /// where it last waited (or at its `def`, if it never ran); `asyncio.run()`
    /// cancels what is left, so nothing is pending after it.
    #[test]
    fn tasks_pending_at_the_end_are_told() {
        let program = |runner: &str| {
            format!(
                "import asyncio\n\nasync def chore(d):\n    await asyncio.sleep(d)\n\n\
                 async def never():\n    pass\n\n\
                 async def main():\n    asyncio.create_task(chore(0.1))\n    \
                 asyncio.create_task(chore(5))\n    await asyncio.sleep(0)\n    \
                 asyncio.get_running_loop().call_soon(asyncio.create_task, never())\n\n\
                 {runner}\n"
            )
        };
        let pending = "chore() was still pending at the end".to_string();
        assert_eq!(
            told(&program(
                "loop = asyncio.new_event_loop()\nloop.run_until_complete(main())"
            )),
            [
                (4, pending.clone()),
                (4, pending),
                (6, "never() was still pending at the end".to_string()),
                // Its coroutine never started: CPython warns so as it frees it.
                (0, "never() was never awaited".to_string())
            ]
        );
        assert_eq!(told(&program("asyncio.run(main())")), []);
    }

    #[test]
    fn never_awaited_names_the_coroutine() {
        assert_eq!(
            quoted("RuntimeWarning: coroutine 'save' was never awaited"),
            Some("save")
        );
        assert!(exception_explanation(
            "RuntimeError: asyncio.run() cannot be called from a running event loop"
        )
        .contains("await other()"));
    }
}
