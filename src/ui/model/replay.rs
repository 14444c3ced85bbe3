//! Everything drawn from one analysed program, computed once when a new trace
//! arrives: both timelines and their SVG paths on a shared axis, the playhead's
//! steps, the snapshot index, console, statistics and problems.

use super::console::Console;
use super::paint::LaneChunk;
use super::playback::{Playhead, Steps};
use super::problems::{self, Problem};
use super::snapshot::{LoopSnapshot, TraceIndex};
use super::stats::Stats;
use super::time_format;
use super::timeline::Timeline;

/// Lanes per separately drawn block of the timeline.
const LANES_PER_CHUNK: usize = 48;
use crate::trace::Trace;

#[derive(Clone, Debug, PartialEq)]
pub struct Replay {
    /// The code these traces came from.
    pub source: String,
    pub async_run: Trace,
    pub blocking_run: Trace,
    pub async_timeline: Timeline,
    pub blocking_timeline: Timeline,
    pub async_chunks: Vec<LaneChunk>,
    pub blocking_chunks: Vec<LaneChunk>,
    /// Both timelines share one axis from 0 to the longer run's end.
    pub axis_end_us: u64,
    pub ticks: Vec<u64>,
    pub steps: Steps,
    pub index: TraceIndex,
    pub console: Console,
    pub stats: Stats,
    pub problems: Vec<Problem>,
}

impl Replay {
    pub fn new(source: String, async_run: Trace, blocking_run: Trace) -> Replay {
        // A request may still be served after the program ended (its task was
        // cancelled); the axis reaches far enough to draw it.
        let last_request_us = async_run
            .requests
            .iter()
            .map(|r| r.completed_us)
            .max()
            .unwrap_or(0);
        let axis_end_us = async_run
            .totals
            .wall_us
            .max(blocking_run.totals.wall_us)
            .max(last_request_us)
            .max(1);
        let async_timeline = Timeline::from_trace(&async_run);
        let blocking_timeline = Timeline::from_trace(&blocking_run);
        Replay {
            source,
            async_chunks: async_timeline.chunks(axis_end_us, LANES_PER_CHUNK),
            blocking_chunks: blocking_timeline.chunks(axis_end_us, LANES_PER_CHUNK),
            async_timeline,
            blocking_timeline,
            axis_end_us,
            ticks: time_format::axis_ticks(axis_end_us, 8),
            steps: Steps::new(&async_run.events, &blocking_run.events, axis_end_us),
            index: TraceIndex::new(&async_run),
            console: Console::new(&async_run),
            stats: Stats::new(&async_run, &blocking_run),
            problems: problems::from_trace(&async_run),
            async_run,
            blocking_run,
        }
    }

    /// The event loop at the playhead; completions within `recent_us` are shown
    /// travelling back to their task.
    pub fn snapshot(&self, p: Playhead, recent_us: u64) -> LoopSnapshot {
        self.index.snapshot(&self.async_run, p, recent_us)
    }

    /// The playhead's place on the shared axis, 0.0 … 1.0.
    pub fn fraction(&self, t_us: u64) -> f64 {
        (t_us as f64 / self.axis_end_us as f64).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Replay;
    use crate::{analyze, presets, Limits};

    /// asyncio.run's own shutdown tasks run in every program but are not the
    /// program's: the statistics and the diagram's count leave them out.
    #[test]
    fn asyncio_shutdown_tasks_are_not_counted_as_the_programs() {
        let source = presets::find("crawler_gather").expect("preset").source;
        let analysis = analyze(source, &Limits::default());
        let replay = Replay::new(
            source.to_string(),
            analysis.async_run.expect("runs"),
            analysis.blocking_run.expect("runs"),
        );
        let tasks = &replay.async_run.tasks;
        let program_tasks = tasks.iter().filter(|t| !t.internal).count();
        assert!(program_tasks < tasks.len(), "the trace has shutdown tasks");

        assert_eq!(replay.stats.tasks_total, program_tasks);
        assert_eq!(replay.stats.tasks.len(), program_tasks);
        assert!(replay
            .stats
            .tasks
            .iter()
            .all(|row| !tasks[row.index].internal));

        let end = replay.snapshot(replay.steps.end(), 0);
        assert_eq!(
            (end.tasks_done, end.tasks_total),
            (program_tasks, program_tasks)
        );
        let start = replay.snapshot(replay.steps.start(), 0);
        assert_eq!((start.tasks_done, start.tasks_total), (0, program_tasks));
    }
}
