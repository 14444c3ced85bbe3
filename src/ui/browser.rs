//! The few browser facilities yew does not cover: the animation-frame loop, media
//! queries, the stored theme.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::share::{self, ShareError, ShareState, MAX_INFLATED};

type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Calls `on_frame(dt_ms)` once per animation frame until dropped.
pub struct AnimationLoop {
    running: Rc<Cell<bool>>,
    frame_id: Rc<Cell<Option<i32>>>,
    // Kept alive for as long as frames may call it.
    _closure: FrameCallback,
}

impl AnimationLoop {
    pub fn start(mut on_frame: impl FnMut(f64) + 'static) -> AnimationLoop {
        let running = Rc::new(Cell::new(true));
        let frame_id = Rc::new(Cell::new(None));
        let closure: FrameCallback = Rc::new(RefCell::new(None));
        let last = Cell::new(None::<f64>);
        let (running2, frame_id2, closure2) = (running.clone(), frame_id.clone(), closure.clone());
        *closure.borrow_mut() = Some(Closure::new(move |now: f64| {
            if !running2.get() {
                return;
            }
            // A long pause (a hidden tab) must not jump the playhead.
            let dt_ms = last.get().map_or(0.0, |l: f64| (now - l).clamp(0.0, 100.0));
            last.set(Some(now));
            on_frame(dt_ms);
            if running2.get() {
                if let Some(c) = closure2.borrow().as_ref() {
                    frame_id2.set(request_frame(c));
                }
            }
        }));
        if let Some(c) = closure.borrow().as_ref() {
            frame_id.set(request_frame(c));
        }
        AnimationLoop {
            running,
            frame_id,
            _closure: closure,
        }
    }
}

impl Drop for AnimationLoop {
    fn drop(&mut self) {
        self.running.set(false);
        if let (Some(id), Some(window)) = (self.frame_id.get(), web_sys::window()) {
            let _ = window.cancel_animation_frame(id);
        }
    }
}

fn request_frame(closure: &Closure<dyn FnMut(f64)>) -> Option<i32> {
    web_sys::window()?
        .request_animation_frame(closure.as_ref().unchecked_ref())
        .ok()
}

pub fn media_matches(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

pub fn prefers_reduced_motion() -> bool {
    media_matches("(prefers-reduced-motion: reduce)")
}

const THEME_KEY: &str = "awaitscope-theme";

/// The theme in effect: the stored choice, else the system's.
pub fn is_dark_theme() -> bool {
    match stored_theme().as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => media_matches("(prefers-color-scheme: dark)"),
    }
}

fn stored_theme() -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()
        .flatten()?
        .get_item(THEME_KEY)
        .ok()
        .flatten()
}

/// Applies and remembers the theme.
pub fn set_dark_theme(dark: bool) {
    let value = if dark { "dark" } else { "light" };
    if let Some(root) = gloo_utils::document().document_element() {
        let _ = root.set_attribute("data-theme", value);
    }
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(THEME_KEY, value);
    }
}

/// Local storage, if the page may use it (not in some private modes or sandboxes).
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A stored item; any failure reads as nothing stored.
pub fn load_item(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores an item; failures (quota, private mode) are ignored: saving is best effort.
pub fn save_item(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// A stored JSON array of strings, read with the browser's own JSON parser (no JSON
/// library in the wasm). Anything else stored under `key` reads as `None`.
pub fn load_strings(key: &str) -> Option<Vec<String>> {
    let parsed = js_sys::JSON::parse(&load_item(key)?).ok()?;
    let array = parsed.dyn_into::<js_sys::Array>().ok()?;
    Some(array.iter().filter_map(|v| v.as_string()).collect())
}

/// Stores strings as a JSON array (best effort, as [`save_item`]).
pub fn save_strings(key: &str, items: &[String]) {
    let array: js_sys::Array = items
        .iter()
        .map(|s| wasm_bindgen::JsValue::from_str(s))
        .collect();
    if let Some(json) = js_sys::JSON::stringify(&array)
        .ok()
        .and_then(|s| s.as_string())
    {
        save_item(key, &json);
    }
}

/// The URL fragment without its `#` (empty when there is none).
pub fn fragment() -> String {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    hash.strip_prefix('#').unwrap_or(&hash).to_string()
}

/// Puts `fragment` in the URL (replacing the current history entry) and returns the
/// full URL.
pub fn set_fragment(fragment: &str) -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let url = format!(
        "{}{}#{fragment}",
        location.pathname().ok()?,
        location.search().ok()?
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    location.href().ok()
}

/// Drops the fragment from the URL (the page no longer shows what it described), so a
/// reload restores the saved draft instead.
pub fn clear_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    if location.hash().map_or(true, |h| h.is_empty()) {
        return;
    }
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
}

/// Copies `text` to the clipboard; false when the browser has no clipboard API here or
/// refuses (no permission, not focused).
pub async fn copy_text(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Applies a theme for this page only (an embed must not change the reader's stored
/// choice): light or dark, or the system's (dropping any stored choice applied at load).
pub fn apply_theme(theme: crate::share::Theme) {
    let Some(root) = gloo_utils::document().document_element() else {
        return;
    };
    let _ = match theme {
        crate::share::Theme::System => root.remove_attribute("data-theme"),
        crate::share::Theme::Light => root.set_attribute("data-theme", "light"),
        crate::share::Theme::Dark => root.set_attribute("data-theme", "dark"),
    };
}

/// The page's URL without its fragment (where a link to another view of the app goes).
pub fn page_url() -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    Some(href.split('#').next().unwrap_or_default().to_string())
}

/// The parent window when this page is in a frame; `None` at the top level.
fn parent_window() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// Tells the page around this frame its content height (the embed protocol of
/// `model::embed`); does nothing when not framed.
pub fn post_height(height_px: u32) {
    let Some(parent) = parent_window() else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &message,
        &"type".into(),
        &crate::ui::model::embed::HEIGHT_MESSAGE.into(),
    );
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height_px.into());
    let _ = parent.post_message(&message, "*");
}

/// Calls `on_resize` whenever `element`'s size changes (and once when it starts), until
/// dropped. Nothing happens where the browser has no `ResizeObserver`.
pub struct ResizeWatch {
    observer: Option<web_sys::ResizeObserver>,
    _closure: Closure<dyn FnMut()>,
}

impl ResizeWatch {
    pub fn start(element: &web_sys::Element, on_resize: impl FnMut() + 'static) -> ResizeWatch {
        let closure = Closure::<dyn FnMut()>::new(on_resize);
        let observer = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()).ok();
        if let Some(o) = &observer {
            o.observe(element);
        }
        ResizeWatch {
            observer,
            _closure: closure,
        }
    }
}

impl Drop for ResizeWatch {
    fn drop(&mut self) {
        if let Some(o) = &self.observer {
            o.disconnect();
        }
    }
}

/// The share fragment for `state`, compressed by the browser's own raw-DEFLATE
/// `CompressionStream` (so the wasm carries no compressor; any inflater reads it).
/// The error is a sentence for the reader.
pub async fn share_fragment(state: &ShareState) -> Result<String, String> {
    let record = share::encode_record(state).map_err(|e| e.to_string())?;
    let deflated = deflate_raw(&record)
        .await
        .ok_or("this browser cannot compress the link (it has no CompressionStream)")?;
    share::fragment_of_deflated(&deflated).map_err(|e| e.to_string())
}

/// A share fragment read back: the browser's `DecompressionStream` inflates it, read
/// chunk by chunk and stopped at [`MAX_INFLATED`] bytes (a decompression bomb costs no
/// more than that); every other check is `share`'s own, as natively.
pub async fn decode_fragment(fragment: &str) -> Result<ShareState, ShareError> {
    let packed = share::unpack(fragment)?;
    let stream = DecompressionStream::new("deflate-raw")
        .ok()
        .and_then(|d| piped(&packed.deflated, &d.readable(), &d.writable()))
        .ok_or(ShareError::Corrupt("this browser cannot inflate links"))?;
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut record = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| ShareError::BROKEN_DEFLATE)?;
        let field = |name: &str| js_sys::Reflect::get(&chunk, &JsValue::from_str(name));
        if field("done").ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let bytes: js_sys::Uint8Array = field("value")
            .ok()
            .and_then(|v| v.dyn_into().ok())
            .ok_or(ShareError::BROKEN_DEFLATE)?;
        let start = record.len();
        if start + bytes.length() as usize > MAX_INFLATED {
            let _ = reader.cancel();
            return Err(ShareError::TooLarge);
        }
        record.resize(start + bytes.length() as usize, 0);
        bytes.copy_to(&mut record[start..]);
    }
    packed.version.read(&record)
}

/// `new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer()`
async fn deflate_raw(bytes: &[u8]) -> Option<Vec<u8>> {
    let compressor = CompressionStream::new("deflate-raw").ok()?;
    let compressed = piped(bytes, &compressor.readable(), &compressor.writable())?;
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&compressed)).ok()?;
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// `bytes` as a stream through a transform (its readable and writable sides).
fn piped(
    bytes: &[u8],
    readable: &web_sys::ReadableStream,
    writable: &web_sys::WritableStream,
) -> Option<web_sys::ReadableStream> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
    let pair = web_sys::ReadableWritablePair::new(readable, writable);
    Some(blob.stream().pipe_through(&pair))
}

// web-sys has the compression streams only behind `web_sys_unstable_apis`; the
// members used here are stable in every current browser.
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> web_sys::WritableStream;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;
}
