//! The totals of a run: what the statistics panel and `awaitscope stats` show.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Virtual time from the program's start to its end.
    pub wall_us: u64,
    /// Time the CPU was busy (`cpu()`).
    pub cpu_busy_us: u64,
    /// Time the thread was blocked in I/O wait (blocking reads and writes).
    pub io_wait_us: u64,
    /// Time the thread slept (`time.sleep`).
    pub asleep_us: u64,
    /// Time the event loop waited in the selector with nothing to run.
    pub idle_us: u64,
    pub loop_iterations: u64,
    /// Times the CPU went from one task to a different one.
    pub task_switches: u64,
    /// Most device requests in flight (submitted, not completed) at one time.
    pub peak_in_flight: u64,
    pub tasks: Vec<TaskTotals>,
}

/// Per task, as tokio-console shows Busy / Sched / Idle.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskTotals {
    /// Running on the CPU.
    pub busy_us: u64,
    /// Ready, waiting for the CPU.
    pub ready_us: u64,
    /// Suspended, waiting for something.
    pub waiting_us: u64,
}
