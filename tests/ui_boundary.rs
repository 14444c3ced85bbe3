//! Architecture invariant: only `src/ui` talks to the browser (yew, web_sys, js_sys,
//! wasm_bindgen, gloo), and the UI's model (`src/ui/model`) does not either, so it
//! stays plain Rust that is tested natively.

use std::fs;
use std::path::{Path, PathBuf};

const BROWSER_CRATES: &[&str] = &["yew", "web_sys", "js_sys", "wasm_bindgen", "gloo"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn mentions_browser_crate(source: &str) -> Option<&'static str> {
    source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .find_map(|l| {
            BROWSER_CRATES
                .iter()
                .copied()
                .find(|c| l.contains(&format!("{c}::")) || l.contains(&format!("use {c}")))
        })
}

#[test]
fn the_check_recognises_imports() {
    assert_eq!(mentions_browser_crate("use yew::prelude::*;"), Some("yew"));
    assert_eq!(
        mentions_browser_crate("let w = web_sys::window();"),
        Some("web_sys")
    );
    assert_eq!(mentions_browser_crate("// yew:: in a comment"), None);
    assert_eq!(mentions_browser_crate("let yewish = 1;"), None);
}

#[test]
fn only_the_ui_imports_browser_crates() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut offenders = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let in_ui = rel.starts_with("ui/") && !rel.starts_with("ui/model/");
        if in_ui {
            continue;
        }
        if let Some(krate) = mentions_browser_crate(&fs::read_to_string(&file).unwrap()) {
            offenders.push(format!("src/{rel} uses {krate}"));
        }
    }
    assert!(
        offenders.is_empty(),
        "browser crates outside src/ui: {offenders:#?}"
    );
}
