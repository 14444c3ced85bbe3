//! The numbers panel: both runs' totals side by side, the speedup, and per task
//! busy / ready / waiting time (as tokio-console shows Busy / Sched / Idle). The
//! numbers are the trace's totals, never recomputed here.

use super::time_format::{duration, percent};
use crate::trace::{Totals, Trace};

#[derive(Clone, Debug, PartialEq)]
pub struct StatRow {
    /// The `Totals` field it shows (`wall_us`), for tests and tooling.
    pub field: &'static str,
    pub label: &'static str,
    pub values: [u64; 2],
    /// As shown: async run, blocking run.
    pub texts: [String; 2],
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaskRow {
    /// The task's index in the trace (its colour and its key in the page).
    pub index: usize,
    pub name: String,
    pub coro: String,
    pub busy_us: u64,
    pub ready_us: u64,
    pub waiting_us: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    pub rows: Vec<StatRow>,
    /// Blocking wall time over event-loop wall time.
    pub speedup: f64,
    pub speedup_text: String,
    /// The program's tasks, not asyncio's own shutdown tasks (as on the timeline).
    pub tasks: Vec<TaskRow>,
    pub tasks_total: usize,
}

/// Per-task rows drawn; the rest is a count.
pub const TASK_ROWS_CAP: usize = 100;

impl Stats {
    pub fn new(async_run: &Trace, blocking_run: &Trace) -> Stats {
        let (a, b) = (&async_run.totals, &blocking_run.totals);
        let share = |field: &'static str, label, get: fn(&Totals) -> u64| StatRow {
            field,
            label,
            values: [get(a), get(b)],
            texts: [
                format!("{} ({})", duration(get(a)), percent(get(a), a.wall_us)),
                format!("{} ({})", duration(get(b)), percent(get(b), b.wall_us)),
            ],
        };
        let count = |field: &'static str, label, get: fn(&Totals) -> u64| StatRow {
            field,
            label,
            values: [get(a), get(b)],
            texts: [get(a).to_string(), get(b).to_string()],
        };
        let rows = vec![
            StatRow {
                field: "wall_us",
                label: "Total time",
                values: [a.wall_us, b.wall_us],
                texts: [duration(a.wall_us), duration(b.wall_us)],
            },
            share("cpu_busy_us", "CPU busy", |t| t.cpu_busy_us),
            share("io_wait_us", "I/O wait (thread blocked)", |t| t.io_wait_us),
            share("asleep_us", "Asleep (time.sleep)", |t| t.asleep_us),
            share("idle_us", "Idle in the selector", |t| t.idle_us),
            count("loop_iterations", "Loop iterations", |t| t.loop_iterations),
            count("task_switches", "Task switches", |t| t.task_switches),
            count("peak_in_flight", "Peak requests in flight", |t| {
                t.peak_in_flight
            }),
        ];
        let speedup = b.wall_us as f64 / a.wall_us.max(1) as f64;
        let speedup_text = if a.wall_us == 0 {
            "—".to_string()
        } else {
            format!("{speedup:.2}×")
        };
        let program_tasks = || {
            a.tasks
                .iter()
                .zip(&async_run.tasks)
                .enumerate()
                .filter(|(_, (_, info))| !info.internal)
        };
        let tasks = program_tasks()
            .take(TASK_ROWS_CAP)
            .map(|(index, (t, info))| TaskRow {
                index,
                name: info.name.clone(),
                coro: info.coro.clone(),
                busy_us: t.busy_us,
                ready_us: t.ready_us,
                waiting_us: t.waiting_us,
            })
            .collect();
        Stats {
            rows,
            speedup,
            speedup_text,
            tasks,
            tasks_total: program_tasks().count(),
        }
    }
}
