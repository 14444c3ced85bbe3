//! awaitscope: real Python asyncio programs on a virtual clock.
//!
//! The pipeline, in reading order: scenario text → [`syntax`] (tree and diagnostics)
//! → [`compile`] (code objects) → [`sim`] (the VM and the asyncio runtime on a
//! virtual clock, for the async program and its blocking baseline) → [`trace`]
//! (everything that happened) → what the CLI prints and the UI draws.

pub mod syntax;

pub mod compile;

pub mod sim;

pub mod trace;

/// Share links: the state of a view ⇄ a versioned, compressed URL fragment.
pub mod share;

/// Exports for other tools: the trace for Perfetto, both timelines as SVG, the
/// scenario as a `.py` file.
pub mod export;

/// The built-in scenarios, each a real `.py` file.
pub mod presets;

/// The browser UI. Its yew-free model (`ui::model`) compiles everywhere so it can be
/// tested natively; everything that touches the browser is wasm32-only.
pub mod ui;

/// One stable sort by integer keys for the whole crate (small WebAssembly).
pub mod sort;

/// Decimal text to the nearest double for the whole crate, without std's 10 KB table.
pub mod float_parse;

pub use sim::Limits;

/// Everything a scenario gives: its problems, or both runs.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Refused program (syntax error, unsupported construct): nothing ran.
    pub diagnostics: Vec<syntax::Diagnostic>,
    pub async_run: Option<trace::Trace>,
    pub blocking_run: Option<trace::Trace>,
}

/// Parses, compiles and runs a scenario in both modes.
pub fn analyze(source: &str, limits: &Limits) -> Analysis {
    match prepare(source) {
        Err(diagnostics) => Analysis {
            diagnostics,
            async_run: None,
            blocking_run: None,
        },
        Ok(program) => Analysis {
            diagnostics: Vec::new(),
            async_run: Some(sim::simulate(&program, trace::Mode::Async, limits)),
            blocking_run: Some(sim::simulate(&program, trace::Mode::Blocking, limits)),
        },
    }
}

/// Runs a scenario in one mode.
pub fn run(
    source: &str,
    mode: trace::Mode,
    limits: &Limits,
) -> Result<trace::Trace, Vec<syntax::Diagnostic>> {
    let program = prepare(source)?;
    Ok(sim::simulate(&program, mode, limits))
}

/// Parses and compiles; any problem is a diagnostic with its place.
pub fn prepare(source: &str) -> Result<compile::Program, Vec<syntax::Diagnostic>> {
    let parsed = syntax::parse(source);
    if !parsed.diagnostics.is_empty() {
        return Err(parsed.diagnostics);
    }
    compile::compile(&parsed.module, source)
}
