//! The simulation: a VM that runs compiled scenarios, and an asyncio runtime modelled
//! on CPython's source, both on a virtual clock with simulated devices.
//!
//! `sim` knows nothing about the browser, reads no wall clock and uses no randomness:
//! the same program and settings give the same trace, byte for byte.

pub mod exceptions;
pub mod object;
pub mod value;

pub mod vm;

mod intrinsics;
mod machine;
mod memory;
mod natives;
mod prelude;
mod recorder;
mod runtime;
mod signature;
pub(crate) mod suggest;
mod traceback;

pub use machine::{simulate, Limits, SCENARIO};

/// Whether the CLI-only shortcuts run: the native `Device` call and `_request`
/// epilogue (`intrinsics`) and in-place int arithmetic (`vm::exec`). Not in the
/// browser, whose page weight they would add to (about 2 KB gzipped) for scenarios
/// that are small there: it runs the same bytecode, which gives the same trace.
pub(crate) const NATIVE_SHORTCUTS: bool = cfg!(not(target_arch = "wasm32"));

/// Whether a run writes what the program prints on stderr into `Trace::stderr`. Only
/// the CLI prints it; the page tells the same reports from the trace's warnings, so
/// the browser's build leaves the text out (and the code that words it, which its
/// page weight would carry).
pub(crate) const RECORD_STDERR: bool = cfg!(not(target_arch = "wasm32"));
