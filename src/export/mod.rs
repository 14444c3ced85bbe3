//! Exports of a scenario and its runs for tools outside awaitscope: the trace for
//! Perfetto, both timelines as a standalone SVG picture (for slides), and the
//! scenario as a `.py` file that runs in CPython with the helper module.
//!
//! Everything here is plain Rust with no browser in sight: the CLI and the page call
//! the same functions, and the drawing reuses the page's own lanes and paths
//! (`ui::model::timeline`, `ui::model::paint`), so an export shows what the page shows.

mod chrome_trace;
mod scenario;
pub mod svg;

pub use chrome_trace::chrome_trace;
pub use scenario::{file_stem, python_file, title, HELPER_MODULE};
pub use svg::{timelines_svg, Figure, Theme};
