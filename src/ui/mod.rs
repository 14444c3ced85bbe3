//! The browser UI: the only module that imports yew, web_sys, gloo or wasm_bindgen.
//!
//! [`model`] is plain Rust (no yew) and compiles everywhere, so it is unit-tested
//! natively; the components and the app are built for wasm32 only.

pub mod model;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod state;

#[cfg(target_arch = "wasm32")]
pub use app::App;

/// Mounts the app on the page's `<main id="app">` (or the body).
#[cfg(target_arch = "wasm32")]
pub fn start() {
    let root = gloo_utils::document().get_element_by_id("app");
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}
