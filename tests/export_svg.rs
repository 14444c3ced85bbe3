//! The timelines picture (`awaitscope svg`) is a well-formed, self-contained SVG
//! file: checked by CPython's XML parser (`xml.etree`), not by our own reading of
//! it. Every preset draws a label per lane; hostile names stay text; a huge run is
//! cut with a note; the CLI's exit codes follow the other commands'.

use std::path::{Path, PathBuf};
use std::process::Command;

use awaitscope::export::{self, Figure, Theme};
use awaitscope::ui::model::Replay;
use awaitscope::{analyze, presets, Limits};
use serde_json::Value;

/// What CPython's XML parser sees in an SVG file.
const READ_SVG: &str = r#"
import json, sys, xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2000/svg}"
out = []
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    runs = {}
    for g in root.iter(NS + "g"):
        if g.get("id") in ("event-loop", "blocking"):
            runs[g.get("id")] = [
                "".join(t.itertext()) for t in g.iter(NS + "text") if t.get("class") == "lane-label"
            ]
    refs = [v for e in root.iter() for k, v in e.attrib.items()
            if k in ("href", "{http://www.w3.org/1999/xlink}href") or "url(" in v and "url(#" not in v]
    out.append({
        "root": root.tag, "width": root.get("width"), "height": root.get("height"),
        "title": root.find(NS + "title").text, "runs": runs, "external": refs,
        "elements": sorted({e.tag.replace(NS, "") for e in root.iter()}),
        "text": " ".join(root.itertext()),
    })
print(json.dumps(out))
"#;

fn read_svgs(files: &[PathBuf]) -> Vec<Value> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(READ_SVG)
        .args(files)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "not well-formed XML: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).expect("the reader prints JSON");
    parsed.as_array().expect("a list").clone()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("awaitscope-svg-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn figure(source: &str, title: &str, theme: Theme) -> (Replay, Figure) {
    let analysis = analyze(source, &Limits::default());
    let (Some(a), Some(b)) = (analysis.async_run, analysis.blocking_run) else {
        panic!("the program runs: {:?}", analysis.diagnostics);
    };
    let replay = Replay::new(source.to_string(), a, b);
    let figure = export::timelines_svg(&replay, title, theme);
    (replay, figure)
}

fn lane_labels(replay: &Replay, run: usize) -> Vec<String> {
    let timeline = [&replay.async_timeline, &replay.blocking_timeline][run];
    timeline.lanes.iter().map(|l| l.label.clone()).collect()
}

#[test]
fn every_preset_draws_well_formed_svg_with_a_label_per_lane() {
    let dir = scratch("presets");
    let mut files = Vec::new();
    let mut expected = Vec::new();
    for (i, preset) in presets::ALL.iter().enumerate() {
        let theme = if i % 2 == 0 {
            Theme::Light
        } else {
            Theme::Dark
        };
        let (replay, figure) = figure(preset.source, preset.title, theme);
        let path = dir.join(format!("{}.svg", preset.id));
        std::fs::write(&path, &figure.svg).unwrap();
        files.push(path);
        expected.push((preset, replay, figure));
    }
    let seen = read_svgs(&files);
    for ((preset, replay, figure), svg) in expected.iter().zip(&seen) {
        let id = preset.id;
        assert_eq!(svg["root"], "{http://www.w3.org/2000/svg}svg", "{id}");
        assert_eq!(svg["width"], figure.width_px.to_string(), "{id}");
        assert_eq!(svg["height"], figure.height_px.to_string(), "{id}");
        assert!(
            (200..4000).contains(&figure.height_px),
            "{id}: {} px tall",
            figure.height_px
        );
        assert_eq!(svg["title"], preset.title, "{id}");
        assert_eq!(
            svg["external"],
            Value::Array(vec![]),
            "{id}: no external reference"
        );
        for (run, key) in ["event-loop", "blocking"].iter().enumerate() {
            let labels: Vec<String> = svg["runs"][key]
                .as_array()
                .unwrap_or_else(|| panic!("{id}: no {key} run"))
                .iter()
                .map(|l| l.as_str().unwrap().to_string())
                .collect();
            let lanes = lane_labels(replay, run);
            assert_eq!(labels.len(), lanes.len(), "{id} {key}: one label per lane");
            for (label, lane) in labels.iter().zip(&lanes) {
                assert!(
                    label.contains(lane.as_str()),
                    "{id}: {label:?} names {lane:?}"
                );
            }
        }
        let text = svg["text"].as_str().unwrap();
        for words in [
            "Event loop",
            "Blocking baseline",
            "finishes at",
            "waiting on I/O",
        ] {
            assert!(text.contains(words), "{id}: says {words:?}");
        }
        let elements = svg["elements"].as_array().unwrap();
        assert!(!elements
            .iter()
            .any(|e| e == "style" || e == "image" || e == "script"));
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn hostile_task_and_device_names_stay_text() {
    let name = "</text><script>alert(1)</script>&amp; \"q\" 'a' \u{1}\u{7f} ⊘ 名前 🚀 \u{202e}";
    // The same text as a Python literal, control characters escaped.
    let python_name =
        r#"'</text><script>alert(1)</script>&amp; "q" \'a\' \x01\x7f ⊘ 名前 🚀 \u202e'"#;
    let source = format!(
        "import asyncio\nfrom awaitscope import Device\n\
         NAME = {python_name}\n\
         dev = Device(NAME, latency=0.01)\n\
         async def job():\n    await dev.read(1)\n\
         async def main():\n    await asyncio.create_task(job(), name=NAME)\n\
         asyncio.run(main())\n"
    );
    let (replay, figure) = figure(&source, name, Theme::Light);
    assert!(
        lane_labels(&replay, 0).iter().any(|l| l == name),
        "the simulator kept the name: {:?}",
        lane_labels(&replay, 0)
    );
    assert!(!figure.svg.contains("<script"), "markup is escaped");
    let dir = scratch("hostile");
    let path = dir.join("hostile.svg");
    std::fs::write(&path, &figure.svg).unwrap();
    let svg = &read_svgs(std::slice::from_ref(&path))[0];
    // XML cannot carry U+0001 at all: it reads back as U+FFFD; the rest is intact.
    let readable = name.replace('\u{1}', "\u{fffd}");
    assert_eq!(svg["title"], readable.as_str());
    let labels = svg["runs"]["event-loop"].as_array().unwrap();
    assert_eq!(labels.len(), lane_labels(&replay, 0).len());
    let elements = svg["elements"].as_array().unwrap();
    assert!(!elements.iter().any(|e| e == "script"));
    assert!(
        labels
            .iter()
            .filter(|l| l.as_str().unwrap().starts_with("</text><script>"))
            .count()
            >= 2,
        "the device and the task are labelled with their names: {labels:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_run_with_hundreds_of_tasks_draws_the_first_lanes_and_says_how_many_more() {
    let source = "import asyncio\n\
        async def job(i):\n    await asyncio.sleep(i / 1000)\n\
        async def main():\n    await asyncio.gather(*[job(i) for i in range(300)])\n\
        asyncio.run(main())\n";
    let (replay, figure) = figure(source, "many", Theme::Light);
    let lanes = replay.async_timeline.lanes.len();
    assert!(lanes > export::svg::MAX_LANES);
    assert_eq!(figure.lanes_drawn, [export::svg::MAX_LANES, 1]);
    let more = lanes - export::svg::MAX_LANES;
    assert!(figure
        .svg
        .contains(&format!("+ {more} more lanes not drawn")));
    assert!(figure.height_px < 3000, "{} px", figure.height_px);
    let dir = scratch("many");
    let path = dir.join("many.svg");
    std::fs::write(&path, &figure.svg).unwrap();
    let svg = &read_svgs(std::slice::from_ref(&path))[0];
    assert_eq!(
        svg["runs"]["event-loop"].as_array().unwrap().len(),
        export::svg::MAX_LANES
    );
    let _ = std::fs::remove_dir_all(dir);
}

fn cli(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_awaitscope"))
        .args(args)
        .output()
        .expect("the CLI runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_cli_draws_programs_that_run_and_refuses_the_rest() {
    let dir = scratch("cli");
    let preset = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/presets/five_fetches.py");
    let preset = preset.to_str().unwrap();
    let (code, svg, _) = cli(&["svg", preset]);
    assert_eq!(code, Some(0));
    assert!(svg.starts_with("<?xml") && svg.contains("Five fetches with gather"));
    let (code, dark, _) = cli(&["svg", "--theme", "dark", preset]);
    assert_eq!(code, Some(0));
    assert_ne!(dark, svg, "--theme dark changes the colours");
    let (code, light, _) = cli(&["svg", preset, "--theme", "light"]);
    assert_eq!(
        (code, light),
        (Some(0), svg.clone()),
        "light is the default"
    );

    // A program that raises still ran: it is drawn, and the caption says how it ended.
    let raises = dir.join("raises.py");
    std::fs::write(
        &raises,
        "import asyncio\nasync def main():\n    await asyncio.sleep(0.1)\n    raise ValueError('boom')\nasyncio.run(main())\n",
    )
    .unwrap();
    let (code, svg, _) = cli(&["svg", raises.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert!(svg.contains("uncaught ValueError: boom"));
    assert!(
        svg.contains("raises.py"),
        "a custom file is titled by its name"
    );

    // Refused: nothing to draw, the diagnostic with its place, exit 2.
    let refused = dir.join("refused.py");
    std::fs::write(&refused, "import asyncio\ndef f(:\n    pass\n").unwrap();
    let refused = refused.to_str().unwrap();
    let (code, out, err) = cli(&["svg", refused]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.starts_with(&format!("{refused}:2:")), "{err}");

    let (code, _, err) = cli(&["svg", dir.join("missing.py").to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot read"), "{err}");

    for args in [
        &["svg"][..],
        &["svg", "--blocking", preset],
        &["svg", "--chrome-trace", preset],
        &["run", "--theme", "dark", preset],
        &["svg", "--theme", "system", preset],
        &["svg", "--theme", "sepia", preset],
        &["svg", "--embed", preset],
        &["svg", "--at", "3", preset],
        &["svg", preset, preset],
    ] {
        let (code, out, _) = cli(args);
        assert_eq!((code, out.as_str()), (Some(64), ""), "{args:?}");
    }
    let (code, help, _) = cli(&["--help"]);
    assert_eq!(code, Some(0));
    assert!(help.contains("awaitscope svg [--theme light|dark] FILE.py"));
    let _ = std::fs::remove_dir_all(dir);
}

/// A reader that stops early ends the CLI's output quietly, and an output that
/// cannot be written is reported with exit code 74: never a panic.
#[cfg(unix)]
#[test]
fn the_cli_never_panics_when_its_output_cannot_be_written() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    let preset = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/presets/five_fetches.py");
    let preset = preset.to_str().unwrap();
    let commands: [&[&str]; 6] = [
        &["run"],
        &["trace"],
        &["stats"],
        &["svg"],
        &["export", "--chrome-trace"],
        &["link"],
    ];
    for command in commands {
        let args = [command, &[preset]].concat();
        // The reader is gone before the CLI writes.
        let mut child = Command::new(env!("CARGO_BIN_EXE_awaitscope"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the CLI runs");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("the CLI ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            (out.status.signal(), stderr.as_ref()),
            (Some(libc::SIGPIPE), ""),
            "{command:?}: ended by SIGPIPE, as `cat` is, and said nothing"
        );

        // `run`'s exit code is the program's, which has already run: what it
        // printed and cannot be written is dropped.
        if command == ["run"] {
            continue;
        }
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Command::new(env!("CARGO_BIN_EXE_awaitscope"))
            .args(&args)
            .stdout(full)
            .output()
            .expect("the CLI runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(74), "{command:?}: {stderr}");
        assert!(
            stderr.starts_with("awaitscope: cannot write the output: No space left on device"),
            "{command:?}: {stderr}"
        );
    }
}
