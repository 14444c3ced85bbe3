//! The command-line program: run a scenario, print its trace or its totals.

use std::io::Write;
use std::process::ExitCode;

use awaitscope::trace::{Mode, Outcome, Trace};
use awaitscope::{analyze, run, Limits};

const HELP: &str = "\
awaitscope: run a Python asyncio scenario on a virtual clock

Usage:
  awaitscope run [--blocking] FILE.py     print what the program prints
  awaitscope trace [--blocking] FILE.py   print the trace as JSON (docs/trace-format.md)
  awaitscope stats FILE.py                print totals of the async run and the blocking
                                          baseline as JSON, with the speedup
  awaitscope --help                       this text

A scenario is a real Python program: `PYTHONPATH=python python3 FILE.py` prints the
same as `awaitscope run FILE.py` (AWAITSCOPE_MODE=blocking for --blocking).
--blocking runs the blocking baseline: every await on a sleep or a device waits
in place and nothing else runs meanwhile.

Exit codes: 0 the program ended normally; 1 an uncaught exception (CPython's last
traceback line on stderr); 2 the program was refused (FILE:LINE:COL: message on
stderr); 3 a limit or a deadlock stopped it (the reason on stderr); 64 bad usage.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse_args(&args) {
        Ok(Command::Help) => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Ok(command) => execute(command),
        Err(message) => {
            eprintln!("awaitscope: {message}\n\n{HELP}");
            ExitCode::from(64)
        }
    }
}

enum Command {
    Help,
    Run { file: String, mode: Mode },
    Trace { file: String, mode: Mode },
    Stats { file: String },
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut blocking = false;
    let mut positional = Vec::new();
    for a in args {
        match a.as_str() {
            "-h" | "--help" | "help" => return Ok(Command::Help),
            "--blocking" => blocking = true,
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s => positional.push(s.to_string()),
        }
    }
    let mode = if blocking {
        Mode::Blocking
    } else {
        Mode::Async
    };
    match positional.as_slice() {
        [] => Ok(Command::Help),
        [cmd, file] => match cmd.as_str() {
            "run" => Ok(Command::Run {
                file: file.clone(),
                mode,
            }),
            "trace" => Ok(Command::Trace {
                file: file.clone(),
                mode,
            }),
            "stats" if !blocking => Ok(Command::Stats { file: file.clone() }),
            "stats" => Err("stats always shows both runs; drop --blocking".into()),
            other => Err(format!("unknown command '{other}'")),
        },
        [cmd] => Err(format!("'{cmd}' needs a FILE.py")),
        _ => Err("too many arguments".into()),
    }
}

fn execute(command: Command) -> ExitCode {
    let file = match &command {
        Command::Run { file, .. } | Command::Trace { file, .. } | Command::Stats { file } => {
            file.clone()
        }
        Command::Help => unreachable!("handled by main"),
    };
    let source = match std::fs::read(&file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(_) => {
                eprintln!("{file}:1:1: the file is not UTF-8 text");
                return ExitCode::from(2);
            }
        },
        Err(e) => {
            eprintln!("awaitscope: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let limits = Limits::default();
    match command {
        Command::Run { mode, .. } => match run(&source, mode, &limits) {
            Ok(trace) => report_run(&file, &trace),
            Err(diagnostics) => refuse(&file, &diagnostics),
        },
        Command::Trace { mode, .. } => match run(&source, mode, &limits) {
            Ok(trace) => {
                println!("{}", serde_json::to_string(&trace).unwrap_or_default());
                ExitCode::SUCCESS
            }
            Err(diagnostics) => refuse(&file, &diagnostics),
        },
        Command::Stats { .. } => {
            let analysis = analyze(&source, &limits);
            match (analysis.async_run, analysis.blocking_run) {
                (Some(a), Some(b)) => {
                    let speedup = if a.totals.wall_us == 0 {
                        1.0
                    } else {
                        b.totals.wall_us as f64 / a.totals.wall_us as f64
                    };
                    let json = serde_json::json!({
                        "async": a.totals,
                        "blocking": b.totals,
                        "speedup": speedup,
                    });
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                _ => refuse(&file, &analysis.diagnostics),
            }
        }
        Command::Help => ExitCode::SUCCESS,
    }
}

fn refuse(file: &str, diagnostics: &[awaitscope::syntax::Diagnostic]) -> ExitCode {
    for d in diagnostics {
        eprintln!("{file}:{}:{}: {}", d.line, d.col, d.message);
    }
    ExitCode::from(2)
}

/// Prints the program's stdout and stderr as CPython would, and its exit code.
fn report_run(file: &str, trace: &Trace) -> ExitCode {
    let mut out = std::io::stdout().lock();
    for chunk in &trace.output {
        let _ = out.write_all(chunk.text.as_bytes());
    }
    let _ = out.flush();
    let stderr = trace.stderr.replace("line ", &format!("{file}:"));
    eprint!("{}", fix_warning_paths(&stderr));
    match &trace.outcome {
        Outcome::Completed => ExitCode::SUCCESS,
        Outcome::Exception { traceback, .. } => {
            eprintln!(
                "{}",
                traceback.replace("  line ", &format!("  File \"{file}\", line "))
            );
            ExitCode::from(1)
        }
        Outcome::Deadlock { message, .. } | Outcome::LimitExceeded { message, .. } => {
            eprintln!("awaitscope: {message}");
            ExitCode::from(3)
        }
    }
}

fn fix_warning_paths(s: &str) -> String {
    s.to_string()
}
