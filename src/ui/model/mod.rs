//! Everything the UI computes from a pair of traces, with no yew and no DOM: what
//! each timeline lane shows, where the playhead is, what the event loop looks like at
//! the playhead, the problems to explain, the console, the statistics, and the
//! highlighted code. Derived once per trace ([`Replay`]); per frame only the playhead
//! moves and [`LoopSnapshot`] is read. Plain Rust, so it is tested natively and in
//! the browser (wasm-bindgen-test).
//!
//! Architecture invariant: the model only *reads* the trace. It never re-runs or
//! re-implements scheduling; every state it shows is an event the simulator recorded.

pub mod console;
pub mod embed;
pub mod highlight;
pub mod paint;
pub mod playback;
pub mod problems;
pub mod recent;
pub mod replay;
#[doc(hidden)]
pub mod sample;
pub mod snapshot;
pub mod stats;
pub mod time_format;
pub mod timeline;

pub use playback::Playhead;
pub use replay::Replay;
pub use snapshot::LoopSnapshot;
