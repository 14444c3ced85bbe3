//! The few browser facilities yew does not cover: the animation-frame loop, media
//! queries, the stored theme.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

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
