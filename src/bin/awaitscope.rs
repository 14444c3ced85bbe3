//! The command-line program: run a scenario, print its trace or its totals, make a
//! share link for it, or export it (the trace for Perfetto, the timelines as SVG).

use std::io::Write;
use std::process::ExitCode;

use awaitscope::export;
use awaitscope::share::{self, Panes, ShareState, Theme, MAX_HEIGHT, MIN_HEIGHT};
use awaitscope::trace::{Mode, Outcome, Trace};
use awaitscope::ui::model::Replay;
use awaitscope::{analyze, presets, run, Limits};

const HELP: &str = "\
awaitscope: run a Python asyncio scenario on a virtual clock

Usage:
  awaitscope run [--blocking] FILE.py     print what the program prints
  awaitscope trace [--blocking] FILE.py   print the trace as JSON (docs/trace-format.md)
  awaitscope stats FILE.py                print totals of the async run and the blocking
                                          baseline as JSON, with the speedup
  awaitscope link FILE.py [--at STEP] [--embed [--panes LIST] [--autoplay]
                   [--theme system|light|dark] [--height PX]]
                                          print the share-link fragment (#v2:…) that opens
                                          FILE.py in the app: append it to the app's URL
  awaitscope export --chrome-trace FILE.py
                                          print both runs in Chrome's Trace Event Format
                                          (open the file in Perfetto or chrome://tracing)
  awaitscope svg [--theme light|dark] FILE.py
                                          draw both timelines as a standalone SVG picture
                                          (for slides; light unless --theme dark)
  awaitscope --help                       this text

link: --at STEP puts the playhead after STEP event-loop events (as pressing
“Step forward” STEP times does). --embed makes the link open the compact embedded
view for a course page (an <iframe>; docs/web.md), with these options:
  --panes LIST   the panes shown, comma-separated, in any order, from
                 code, diagram, controls, timelines, console, stats
                 (default: all of them)
  --autoplay     start playing on load (not for readers who ask for reduced motion)
  --theme T      system (the reader's setting; the default), light or dark
  --height PX    a fixed height in CSS pixels, 120 to 4000 (default: as tall as
                 the content, which the page posts to the course page)
The fragment never reaches a server; links keep opening in later versions
(format v2; v1 links still open; docs/web.md).

svg: a program that raises, deadlocks or hits a limit still ran, so it is drawn
(each run's caption says how it ended) and the exit code is 0, as for stats and
export; only a refused program (exit 2) has nothing to draw. A run with more than
120 lanes draws the first 120 and says how many more there are.

A scenario is a real Python program: `PYTHONPATH=python python3 FILE.py` prints the
same as `awaitscope run FILE.py` (AWAITSCOPE_MODE=blocking for --blocking).
--blocking runs the blocking baseline: every await on a sleep or a device waits
in place and nothing else runs meanwhile.

Exit codes: 0 the program ended normally; 1 an uncaught exception (CPython's last
traceback line on stderr); 2 the program was refused (FILE:LINE:COL: message on
stderr); 3 a limit or a deadlock stopped it (the reason on stderr); 64 bad usage;
74 the output could not be written. A reader that stops early (`| head`) ends it
quietly.
";

fn main() -> ExitCode {
    // A reader that stops early (`awaitscope trace x.py | head`) ends the output
    // quietly, as it ends `cat`'s: Rust ignores SIGPIPE, and every print would
    // then panic on the closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring a signal's default action, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
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

/// What `link --embed` asks of the embedded view.
struct EmbedOptions {
    panes: Panes,
    autoplay: bool,
    theme: Theme,
    height: Option<u16>,
}

enum Command {
    Help,
    Run {
        file: String,
        mode: Mode,
    },
    Trace {
        file: String,
        mode: Mode,
    },
    Stats {
        file: String,
    },
    Link {
        file: String,
        at: u32,
        embed: Option<EmbedOptions>,
    },
    ExportChromeTrace {
        file: String,
    },
    Svg {
        file: String,
        theme: export::Theme,
    },
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut blocking = false;
    let mut at = None;
    let mut embed = false;
    let mut panes = None;
    let mut autoplay = false;
    let mut theme = None;
    let mut height = None;
    let mut chrome_trace = false;
    let mut positional = Vec::new();
    let mut args = args.iter();
    while let Some(a) = args.next() {
        match a.as_str() {
            "-h" | "--help" | "help" => return Ok(Command::Help),
            "--blocking" => blocking = true,
            "--embed" => embed = true,
            "--autoplay" => autoplay = true,
            "--panes" => {
                let value = args
                    .next()
                    .ok_or("--panes needs a LIST such as code,timelines")?;
                panes = Some(Panes::parse_list(value).map_err(|e| format!("--panes: {e}"))?);
            }
            "--theme" => {
                let value = args.next().ok_or("--theme needs system, light or dark")?;
                theme = Some(Theme::from_name(value).ok_or_else(|| {
                    format!("--theme: unknown theme '{value}'; the themes are system, light, dark")
                })?);
            }
            "--height" => {
                let value = args.next().ok_or("--height needs a number of CSS pixels")?;
                let px = value
                    .parse::<u16>()
                    .ok()
                    .filter(|px| (MIN_HEIGHT..=MAX_HEIGHT).contains(px))
                    .ok_or_else(|| {
                        format!(
                            "--height needs a whole number of CSS pixels from {MIN_HEIGHT} to {MAX_HEIGHT}, not '{value}'"
                        )
                    })?;
                height = Some(px);
            }
            "--chrome-trace" => chrome_trace = true,
            "--at" => {
                let value = args.next().ok_or("--at needs a STEP")?;
                let step = value
                    .parse::<u32>()
                    .map_err(|_| format!("--at needs a whole number of events, not '{value}'"))?;
                at = Some(step);
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s => positional.push(s.to_string()),
        }
    }
    let mode = if blocking {
        Mode::Blocking
    } else {
        Mode::Async
    };
    let embed_option = panes.is_some() || autoplay || theme.is_some() || height.is_some();
    let link_only = at.is_some() || embed || embed_option;
    match positional.as_slice() {
        [] => Ok(Command::Help),
        [cmd, file]
            if cmd == "svg"
                && !blocking
                && !chrome_trace
                && at.is_none()
                && !embed
                && panes.is_none()
                && !autoplay
                && height.is_none() =>
        {
            let theme = match theme {
                None | Some(Theme::Light) => export::Theme::Light,
                Some(Theme::Dark) => export::Theme::Dark,
                Some(Theme::System) => {
                    return Err("svg: a picture has no system theme; use --theme light or dark".into())
                }
            };
            Ok(Command::Svg {
                file: file.clone(),
                theme,
            })
        }
        [cmd, _] if cmd == "svg" => {
            Err("svg draws both runs; its only option is --theme light|dark".into())
        }
        [cmd, _] if cmd == "link" && embed_option && !embed => Err(
            "--panes, --autoplay, --theme and --height are options of the embedded view: add --embed"
                .into(),
        ),
        [cmd, file] if cmd == "link" && !blocking => Ok(Command::Link {
            file: file.clone(),
            at: at.unwrap_or(0),
            embed: embed.then(|| EmbedOptions {
                panes: panes.unwrap_or(Panes::ALL),
                autoplay,
                theme: theme.unwrap_or_default(),
                height,
            }),
        }),
        [cmd, _] if cmd == "link" => Err("link shares the scenario; drop --blocking".into()),
        [cmd, file] if cmd == "export" && chrome_trace && !blocking && !link_only => {
            Ok(Command::ExportChromeTrace { file: file.clone() })
        }
        [cmd, _] if cmd == "export" => {
            Err("export takes --chrome-trace (both runs are written); no other option".into())
        }
        [_, _] if link_only => Err(
            "--at, --embed, --panes, --autoplay, --theme and --height belong to link".into(),
        ),
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
        Command::Run { file, .. }
        | Command::Trace { file, .. }
        | Command::Stats { file }
        | Command::Link { file, .. }
        | Command::ExportChromeTrace { file }
        | Command::Svg { file, .. } => file.clone(),
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
            Ok(trace) => report_run(&file, &source, &trace),
            Err(diagnostics) => refuse(&file, &diagnostics),
        },
        Command::Trace { mode, .. } => match run(&source, mode, &limits) {
            Ok(trace) => print_out(format_args!(
                "{}\n",
                serde_json::to_string(&trace).unwrap_or_default()
            )),
            Err(diagnostics) => refuse(&file, &diagnostics),
        },
        Command::ExportChromeTrace { .. } => {
            let analysis = analyze(&source, &limits);
            match (analysis.async_run, analysis.blocking_run) {
                (Some(a), Some(b)) => {
                    print_out(format_args!("{}\n", export::chrome_trace(&[&a, &b])))
                }
                _ => refuse(&file, &analysis.diagnostics),
            }
        }
        Command::Svg { theme, .. } => {
            let analysis = analyze(&source, &limits);
            match (analysis.async_run, analysis.blocking_run) {
                (Some(a), Some(b)) => {
                    let replay = Replay::new(source.clone(), a, b);
                    let title = match presets::with_source(&source) {
                        Some(p) => p.title.to_string(),
                        None => file_name(&file),
                    };
                    print_out(format_args!(
                        "{}",
                        export::timelines_svg(&replay, &title, theme).svg
                    ))
                }
                _ => refuse(&file, &analysis.diagnostics),
            }
        }
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
                    print_out(format_args!("{json}\n"))
                }
                _ => refuse(&file, &analysis.diagnostics),
            }
        }
        Command::Link { at, embed, .. } => link(&file, source, at, embed, &limits),
        Command::Help => ExitCode::SUCCESS,
    }
}

/// Prints the share fragment for a scenario that runs, its playhead after `at` events;
/// with `embed`, a link to the embedded view with those options.
fn link(
    file: &str,
    source: String,
    at: u32,
    embed: Option<EmbedOptions>,
    limits: &Limits,
) -> ExitCode {
    let analysis = analyze(&source, limits);
    let (Some(a), Some(b)) = (analysis.async_run, analysis.blocking_run) else {
        return refuse(file, &analysis.diagnostics);
    };
    let replay = Replay::new(source.clone(), a, b);
    let events = replay.steps.event_count();
    if at as usize > events {
        eprintln!("awaitscope: --at {at}: {file} has {events} event-loop events");
        return ExitCode::from(64);
    }
    let playhead = replay.steps.restore(at as usize, 0);
    let mut state = ShareState {
        preset: presets::with_source(&source).map(|p| p.id.to_string()),
        step: at,
        t_us: playhead.t_us,
        ..ShareState::new(source)
    };
    if let Some(options) = embed {
        state.embed = true;
        state.panes = options.panes;
        state.autoplay = options.autoplay;
        state.theme = options.theme;
        state.height = options.height;
    }
    match share::encode(&state) {
        Ok(fragment) => print_out(format_args!("#{fragment}\n")),
        Err(e) => {
            eprintln!("awaitscope: {file}: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes a command's output to stdout: exit code 0, or 74 (`EX_IOERR`) with the
/// reason on stderr when it cannot be written (`> /dev/full`), never a panic.
fn print_out(text: std::fmt::Arguments) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_fmt(text).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("awaitscope: cannot write the output: {e}");
            ExitCode::from(74)
        }
    }
}

/// The file's name without its folders, as the picture's title.
fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

fn refuse(file: &str, diagnostics: &[awaitscope::syntax::Diagnostic]) -> ExitCode {
    for d in diagnostics {
        eprintln!("{file}:{}:{}: {}", d.line, d.col, d.message);
    }
    ExitCode::from(2)
}

/// Prints the program's stdout and stderr as CPython would, and its exit code.
fn report_run(file: &str, source: &str, trace: &Trace) -> ExitCode {
    let mut out = std::io::stdout().lock();
    for chunk in &trace.output {
        let _ = out.write_all(chunk.text.as_bytes());
    }
    let _ = out.flush();
    let stderr = with_source_lines(&trace.stderr, file, source);
    // What was freed as the interpreter exited (`sys:1`) comes after the traceback.
    let (before, at_exit) = stderr.split_at(exit_reports_start(&stderr));
    eprint!("{before}");
    let code = match &trace.outcome {
        Outcome::Completed => ExitCode::SUCCESS,
        Outcome::Exception { traceback, .. } => {
            eprintln!("{}", with_source_lines(traceback, file, source));
            ExitCode::from(1)
        }
        Outcome::Deadlock { message, .. } | Outcome::LimitExceeded { message, .. } => {
            eprintln!("awaitscope: {message}");
            ExitCode::from(3)
        }
    };
    eprint!("{at_exit}");
    code
}

/// Where the reports of the interpreter's exit (`sys:1: …` lines) begin at the end
/// of `stderr` (its length when there are none).
fn exit_reports_start(stderr: &str) -> usize {
    let mut start = stderr.len();
    for line in stderr.split_inclusive('\n').rev() {
        if !line.starts_with("sys:1: ") {
            break;
        }
        start -= line.len();
    }
    start
}

/// What the simulator wrote for stderr, as CPython writes it: each traceback frame
/// (`  line 7, in main`, or `  File "<scenario>", line 7, in main`) names `file` and
/// is followed by its source line, and a warning (`<scenario>:7: RuntimeWarning: …`)
/// by the line it warns about, both stripped of their indentation as CPython does.
fn with_source_lines(text: &str, file: &str, source: &str) -> String {
    let scenario = awaitscope::sim::SCENARIO;
    let frame_in_file = format!("  File \"{scenario}\", line ");
    let source_line = |n: &str| {
        let n: usize = n.parse().ok()?;
        let line = source.lines().nth(n.checked_sub(1)?)?.trim();
        (!line.is_empty()).then_some(line)
    };
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let frame = line
            .strip_prefix(frame_in_file.as_str())
            .or_else(|| line.strip_prefix("  line "));
        let warning = line
            .strip_prefix(scenario)
            .and_then(|rest| rest.strip_prefix(':'))
            .filter(|rest| rest.contains("Warning: "));
        if let Some(rest) = frame {
            out.push_str(&format!("  File \"{file}\", line {rest}"));
            let number = rest.split(',').next().unwrap_or_default();
            if let Some(code) = source_line(number) {
                push_line(&mut out, &format!("    {code}"));
            }
        } else if let Some(rest) = warning {
            out.push_str(&format!("{file}:{rest}"));
            let number = rest.split(':').next().unwrap_or_default();
            if let Some(code) = source_line(number) {
                push_line(&mut out, &format!("  {code}"));
            }
        } else {
            out.push_str(&line.replace(scenario, file));
        }
    }
    out
}

/// Appends `line` on a line of its own after what `out` holds.
fn push_line(out: &mut String, line: &str) {
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(line);
    out.push('\n');
}
