//! Benchmark (not a test): a 10,000-task scenario — each task ten device reads and
//! some CPU work — run by the simulator and by CPython with the helper module, on
//! the same machine in one run. Prints wall times, events per second and the ratio.
//!
//! `cargo bench --bench many_tasks`

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use awaitscope::trace::Mode;
use awaitscope::Limits;

const SCENARIO: &str = r#"import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.002, parallel=64)
net = Device("net", latency=0.010)

async def worker(i):
    total = 0
    for k in range(10):
        if k % 2 == 0:
            total += await disk.read(4096)
        else:
            total += await net.read(1024)
        cpu(0.00001)
    return total

async def main():
    loop = asyncio.get_running_loop()
    results = await asyncio.gather(*[worker(i) for i in range(10000)])
    print(len(results), sum(results), f"{loop.time():.6f}")

asyncio.run(main())
"#;

fn main() {
    let limits = Limits {
        max_steps: 200_000_000,
        max_tasks: 100_000,
        max_events: 50_000_000,
        ..Limits::default()
    };
    // Warm up once (compiles the prelude), then measure.
    let _ = awaitscope::run(SCENARIO, Mode::Async, &limits);
    let runs = 3;
    let mut best = f64::MAX;
    let mut events = 0;
    let mut output = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        let trace = awaitscope::run(SCENARIO, Mode::Async, &limits).expect("compiles");
        let secs = start.elapsed().as_secs_f64();
        best = best.min(secs);
        events = trace.events.len();
        output = trace.output.iter().map(|c| c.text.clone()).collect();
    }
    println!(
        "simulator: best of {runs}: {best:.3} s, {events} events, {:.0} events/s",
        events as f64 / best
    );
    print!("simulator output: {output}");

    let dir = std::env::temp_dir().join("awaitscope-bench");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("many_tasks.py");
    std::fs::write(&file, SCENARIO).expect("write scenario");
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("python");
    let start = Instant::now();
    let out = Command::new("python3")
        .arg(&file)
        .env("PYTHONPATH", python)
        .output()
        .expect("python3 runs");
    let cpython = start.elapsed().as_secs_f64();
    println!("cpython:   {cpython:.3} s (one run, with the helper module)");
    print!("cpython output:   {}", String::from_utf8_lossy(&out.stdout));
    println!(
        "ratio: the simulator is {:.1}x faster than CPython",
        cpython / best
    );
}
