//! Writes the asyncio prelude without its comments and docstrings into `OUT_DIR`, so
//! the browser build does not carry 15 KB of prose (`src/sim/prelude.rs` includes the
//! result). Every line keeps its number: a removed line becomes an empty one and a
//! docstring's first line becomes `""`, so line numbers in traces and errors match
//! `src/sim/prelude.py`.

use std::path::Path;

fn main() {
    let source_path = "src/sim/prelude.py";
    println!("cargo:rerun-if-changed={source_path}");
    let source = std::fs::read_to_string(source_path).expect("read src/sim/prelude.py");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("prelude.py"), strip(&source))
        .expect("write the stripped prelude");
}

/// Comment lines and docstrings out, line count kept, and each level of indentation
/// one space instead of four (a line continued inside brackets keeps some: there
/// its indentation means nothing). The prelude's only triple-quoted strings are
/// docstrings that start their line.
fn strip(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_docstring = false;
    for line in source.split('\n') {
        let code = line.trim_start();
        let width = line.len() - code.len();
        let indent = " ".repeat(width / 4 + width % 4);
        if in_docstring {
            in_docstring = !code.contains("\"\"\"");
        } else if code.starts_with('#') {
        } else if let Some(rest) = code.strip_prefix("\"\"\"") {
            in_docstring = !rest.contains("\"\"\"");
            out.push_str(&indent);
            out.push_str("\"\"");
        } else if !code.is_empty() {
            out.push_str(&indent);
            out.push_str(code);
        }
        out.push('\n');
    }
    out.pop();
    out
}
