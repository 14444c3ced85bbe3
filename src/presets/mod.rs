//! The built-in scenarios: each is a real Python file in this folder that runs in
//! CPython with the project's `awaitscope` helper module, plus a title and the one
//! thing it teaches.

/// One built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable identifier (the file name without `.py`).
    pub id: &'static str,
    pub title: &'static str,
    /// The one thing a student should take away.
    pub teaches: &'static str,
    pub source: &'static str,
}

/// The scenario shown when the page opens.
pub const DEFAULT_ID: &str = "five_fetches";

pub const ALL: &[Preset] = &[
    Preset {
        id: "five_fetches",
        title: "Five fetches with gather",
        teaches: "While one request waits for the network, the loop runs the others: five waits overlap into one.",
        source: include_str!("five_fetches.py"),
    },
    Preset {
        id: "hello_world_loop",
        title: "A hand-made event loop",
        teaches: "An event loop is a queue of callbacks run one at a time; a callback that sleeps holds up the whole queue.",
        source: include_str!("hello_world_loop.py"),
    },
    Preset {
        id: "run_inside_loop",
        title: "asyncio.run() inside a running loop",
        teaches: "There is one running loop per thread: inside a coroutine, await other coroutines instead of calling asyncio.run().",
        source: include_str!("run_inside_loop.py"),
    },
    Preset {
        id: "crawler_sequential",
        title: "Crawler: one page after another",
        teaches: "Awaiting each request before starting the next gives no overlap: the run is the sum of all waits.",
        source: include_str!("crawler_sequential.py"),
    },
    Preset {
        id: "crawler_gather",
        title: "Crawler: all pages with gather",
        teaches: "Start every request first, then wait: the run takes about as long as the slowest page.",
        source: include_str!("crawler_gather.py"),
    },
    Preset {
        id: "blocking_call",
        title: "A blocking call stalls the loop",
        teaches: "A blocking call inside async def never yields, so every other task freezes until it returns.",
        source: include_str!("blocking_call.py"),
    },
    Preset {
        id: "cpu_hog",
        title: "CPU-bound work hogs the loop",
        teaches: "The loop switches tasks only at await: long computation delays everyone else's timers.",
        source: include_str!("cpu_hog.py"),
    },
    Preset {
        id: "semaphore_client",
        title: "Semaphore-limited client",
        teaches: "A semaphore caps how many requests are in flight; the rest wait in line without blocking the loop.",
        source: include_str!("semaphore_client.py"),
    },
    Preset {
        id: "producer_consumer",
        title: "Producer and consumer with a bounded queue",
        teaches: "A full queue makes the producer wait and an empty one makes the consumer wait: back-pressure for free.",
        source: include_str!("producer_consumer.py"),
    },
    Preset {
        id: "timeout_cancel",
        title: "Timeout with cancellation",
        teaches: "wait_for cancels the task at its await when time is up; the task can clean up, the caller gets TimeoutError.",
        source: include_str!("timeout_cancel.py"),
    },
    Preset {
        id: "disk_vs_ssd",
        title: "One-head disk against an SSD",
        teaches: "Async only helps as far as the device can serve requests in parallel: a one-head disk queues them.",
        source: include_str!("disk_vs_ssd.py"),
    },
    Preset {
        id: "never_awaited",
        title: "A coroutine that is never awaited",
        teaches: "Calling an async function only creates a coroutine; without await it never runs and Python warns.",
        source: include_str!("never_awaited.py"),
    },
];

/// The preset with this id, if any.
pub fn find(id: &str) -> Option<&'static Preset> {
    ALL.iter().find(|p| p.id == id)
}

/// The preset whose text this is, exactly, if any.
pub fn with_source(source: &str) -> Option<&'static Preset> {
    ALL.iter().find(|p| p.source == source)
}

/// The scenario shown when the page opens.
pub fn default_preset() -> &'static Preset {
    find(DEFAULT_ID).unwrap_or(&ALL[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_default_exists() {
        for (i, p) in ALL.iter().enumerate() {
            assert!(
                ALL[..i].iter().all(|q| q.id != p.id),
                "duplicate id {}",
                p.id
            );
            assert!(!p.teaches.is_empty() && !p.title.is_empty());
        }
        assert_eq!(default_preset().id, DEFAULT_ID);
        assert!(ALL.len() >= 10);
    }

    #[test]
    fn every_preset_runs_without_diagnostics() {
        for p in ALL {
            let analysis = crate::analyze(p.source, &crate::Limits::default());
            assert!(
                analysis.diagnostics.is_empty(),
                "{}: {:?}",
                p.id,
                analysis.diagnostics
            );
            assert!(
                analysis.async_run.is_some() && analysis.blocking_run.is_some(),
                "{}",
                p.id
            );
        }
    }
}
