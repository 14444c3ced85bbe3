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
mod natives;
mod prelude;
mod recorder;
mod runtime;

pub use machine::{simulate, Limits, SCENARIO};
