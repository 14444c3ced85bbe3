//! A small hand-written trace for the model's tests: `main` gathers one `fetch` that
//! prints, reads from a device for 100 µs, computes for 50 µs and returns.

use crate::trace::*;

pub fn trace() -> Trace {
    use EventKind::*;
    let ev = |t_us, kind| Event { t_us, kind };
    let entry = |task: u32| ReadyEntry {
        label: format!("Task-{} step", task + 1).into(),
        task: Some(task),
    };
    let events = vec![
        ev(0, TaskCreated { task: 0 }),
        ev(0, TaskReady { task: 0 }),
        ev(
            0,
            LoopIteration {
                index: 0,
                ready: vec![entry(0)],
            },
        ),
        ev(0, TaskRunning { task: 0, line: 10 }),
        ev(0, TaskCreated { task: 1 }),
        ev(0, TaskReady { task: 1 }),
        ev(
            0,
            TaskSuspended {
                task: 0,
                line: 12,
                on: WaitTarget::Sync {
                    what: Box::new("gather".into()),
                },
            },
        ),
        ev(
            0,
            LoopIteration {
                index: 1,
                ready: vec![entry(1)],
            },
        ),
        ev(0, TaskRunning { task: 1, line: 5 }),
        ev(
            0,
            Print {
                task: Some(1),
                line: 6,
                text: "a\n".into(),
            },
        ),
        ev(0, RequestSubmitted { request: 0 }),
        ev(0, RequestStarted { request: 0 }),
        ev(
            0,
            TaskSuspended {
                task: 1,
                line: 7,
                on: WaitTarget::Device { request: 0 },
            },
        ),
        ev(0, SelectorWait { dur_us: 100 }),
        ev(100, RequestCompleted { request: 0 }),
        ev(100, TaskReady { task: 1 }),
        ev(
            100,
            LoopIteration {
                index: 2,
                ready: vec![entry(1)],
            },
        ),
        ev(100, TaskRunning { task: 1, line: 7 }),
        ev(
            100,
            CpuBusy {
                task: Some(1),
                line: 8,
                dur_us: 50,
            },
        ),
        ev(
            150,
            TaskDone {
                task: 1,
                end: TaskEnd::Finished { result: "1".into() },
            },
        ),
        ev(150, TaskReady { task: 0 }),
        ev(
            150,
            LoopIteration {
                index: 3,
                ready: vec![entry(0)],
            },
        ),
        ev(150, TaskRunning { task: 0, line: 12 }),
        ev(
            150,
            TaskDone {
                task: 0,
                end: TaskEnd::Finished {
                    result: "None".into(),
                },
            },
        ),
    ];
    let task = |name: &str, coro: &str, def_line| TaskInfo {
        name: name.into(),
        coro: coro.into(),
        def_line,
        created_us: 0,
        internal: false,
    };
    Trace {
        mode: Mode::Async,
        events,
        tasks: vec![task("Task-1", "main", 9), task("Task-2", "fetch", 4)],
        devices: vec![DeviceInfo {
            name: "net".into(),
            latency_us: 100,
            bandwidth: None,
            parallel: None,
        }],
        requests: vec![RequestInfo {
            device: 0,
            op: IoOp::Read,
            nbytes: 10,
            task: Some(1),
            line: 7,
            blocking: false,
            submitted_us: 0,
            started_us: 0,
            completed_us: 100,
        }],
        stderr: String::new(),
        output: vec![OutputChunk {
            t_us: 0,
            text: "a\n".into(),
        }],
        warnings: vec![],
        outcome: Outcome::Completed,
        totals: Totals {
            wall_us: 150,
            cpu_busy_us: 50,
            idle_us: 100,
            loop_iterations: 4,
            task_switches: 2,
            peak_in_flight: 1,
            ..Default::default()
        },
    }
}

/// The same program's blocking baseline, reduced to what the tests need.
pub fn blocking_trace() -> Trace {
    let mut t = trace();
    t.mode = Mode::Blocking;
    t.totals.wall_us = 300;
    t.events = vec![Event {
        t_us: 0,
        kind: EventKind::CpuBusy {
            task: Some(1),
            line: 8,
            dur_us: 300,
        },
    }];
    t
}

#[cfg(test)]
mod tests {
    use super::super::console::Console;
    use super::super::playback::Playhead;
    use super::super::snapshot::{CpuState, TaskState};
    use super::super::timeline::{LaneKind, SegmentKind, Timeline};
    use super::super::Replay;
    use super::*;

    fn spans(timeline: &Timeline, lane: usize) -> Vec<(SegmentKind, u64, u64, u32)> {
        timeline.lanes[lane]
            .segments
            .iter()
            .map(|s| (s.kind, s.start_us, s.end_us, s.line))
            .collect()
    }

    #[test]
    fn lanes_are_cpu_then_devices_then_tasks() {
        let tl = Timeline::from_trace(&trace());
        let kinds: Vec<LaneKind> = tl.lanes.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            vec![
                LaneKind::Cpu,
                LaneKind::Device(0),
                LaneKind::Task(0),
                LaneKind::Task(1)
            ]
        );
        assert_eq!(*tl.lane_tops.last().unwrap(), tl.height_px());
    }

    #[test]
    fn a_task_lane_shows_its_steps_its_io_wait_and_its_cpu_work() {
        use SegmentKind::*;
        let tl = Timeline::from_trace(&trace());
        assert_eq!(
            spans(&tl, 3),
            vec![
                (Running, 0, 0, 5),
                (IoWait, 0, 100, 7),
                (Running, 100, 100, 7),
                (Running, 100, 150, 8)
            ]
        );
        assert_eq!(
            spans(&tl, 2),
            vec![
                (Running, 0, 0, 10),
                (Waiting, 0, 150, 12),
                (Running, 150, 150, 12)
            ]
        );
        assert_eq!(
            tl.lanes[3].segment_at(50, 0, None).map(|s| s.kind),
            Some(IoWait)
        );
        assert_eq!(
            tl.lanes[3]
                .segment_at(100, 1, None)
                .map(|s| (s.kind, s.end_us)),
            Some((Running, 100))
        );
    }

    #[test]
    fn the_cpu_lane_shows_idle_time_and_busy_time() {
        use SegmentKind::*;
        let tl = Timeline::from_trace(&trace());
        let cpu = spans(&tl, 0);
        assert!(cpu.contains(&(Idle, 0, 100, 0)));
        assert!(cpu.contains(&(Running, 100, 150, 8)));
        assert_eq!(spans(&tl, 1), vec![(Serving, 0, 100, 7)]);
        let paths = tl.paths(300);
        assert!(paths
            .iter()
            .any(|p| p.class == "seg-idle" && p.d.starts_with("M0.00 ")));
    }

    #[test]
    fn chunks_cover_every_lane_once() {
        let tl = Timeline::from_trace(&trace());
        let chunks = tl.chunks(300, 3);
        let ranges: Vec<_> = chunks.iter().map(|c| c.lanes.clone()).collect();
        assert_eq!(ranges, vec![0..3, 3..4]);
        assert_eq!(chunks[1].top_px, tl.lane_tops[3]);
        assert_eq!(
            chunks.iter().map(|c| c.height_px).sum::<u32>(),
            tl.height_px()
        );
        // Each chunk's paths start at its own top.
        assert!(chunks[1].paths.iter().all(|p| p.d.contains(" 2h")));
    }

    #[test]
    fn snapshots_read_the_loop_at_the_playhead() {
        let replay = Replay::new(String::new(), trace(), blocking_trace());
        let at = |cursor, t_us| replay.snapshot(Playhead { t_us, cursor }, 0);

        let s = at(13, 0);
        assert_eq!(s.cpu, CpuState::Between);
        assert_eq!(s.kernel, vec![0]);
        assert_eq!(s.devices[0].serving.len(), 1);
        assert_eq!(s.waiting, vec![(0, "gather".to_string())]);
        assert!(s.ready.is_empty());

        let s = replay.snapshot(replay.steps.seek(50), 0);
        assert_eq!(s.cpu, CpuState::Selector { until_us: 100 });
        assert!((s.devices[0].serving[0].progress - 0.5).abs() < 1e-9);

        let s = at(16, 100);
        assert_eq!(s.ready.len(), 1);
        assert_eq!(s.ready[0].task, Some(1));
        assert!(s.kernel.is_empty());
        assert_eq!(
            s.lines
                .iter()
                .find(|m| m.line == 7)
                .map(|m| m.tasks[0].1.clone()),
            Some(TaskState::Ready { line: 7 })
        );

        let s = replay.snapshot(replay.steps.seek(120), 0);
        assert!(matches!(
            s.cpu,
            CpuState::Task {
                task: 1,
                line: 8,
                ..
            }
        ));
        assert_eq!(
            replay.snapshot(replay.steps.end(), 0).cpu,
            CpuState::Finished
        );
    }

    #[test]
    fn console_lines_appear_with_their_print_event() {
        let console = Console::new(&trace());
        assert_eq!(console.lines.len(), 1);
        assert_eq!(console.visible_count(0, 9), 0);
        assert_eq!(console.visible_count(0, 10), 1);
    }
}
