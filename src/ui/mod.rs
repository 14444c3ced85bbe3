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
mod embed;
#[cfg(target_arch = "wasm32")]
mod hooks;
#[cfg(target_arch = "wasm32")]
mod layout;
#[cfg(target_arch = "wasm32")]
mod state;

#[cfg(target_arch = "wasm32")]
pub use app::App;
#[cfg(target_arch = "wasm32")]
pub use embed::EmbedView;

/// Mounts the page on `<div id="app">` (or the body): the embedded view when the URL
/// holds a share link that asks for it, else the full app.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    let root = gloo_utils::document()
        .get_element_by_id("app")
        .unwrap_or_else(|| gloo_utils::body().into());
    let fragment = browser::fragment();
    // A link inflates in the browser's DecompressionStream: a moment's wait.
    wasm_bindgen_futures::spawn_local(async move {
        let link = if fragment.is_empty() {
            None
        } else {
            Some(browser::decode_fragment(&fragment).await)
        };
        match link {
            Some(Ok(link)) if link.embed => {
                browser::apply_theme(link.theme);
                yew::Renderer::<EmbedView>::with_root_and_props(root, embed::EmbedProps { link })
                    .render();
            }
            link => {
                let link = link.map(|opened| opened.map_err(|e| e.to_string()));
                yew::Renderer::<App>::with_root_and_props(root, app::AppProps { link }).render();
            }
        }
    });
}
