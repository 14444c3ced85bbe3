//! The Export menu: the timelines as SVG or PNG (for slides), the trace for Perfetto,
//! the scenario as a `.py` file and the helper module that runs it in CPython. Every
//! file is made here, in the page, from what is already drawn (`crate::export`, the
//! same functions as the CLI's) and saved through a temporary object URL.
//!
//! A program that does not run has no timelines and no trace: those entries are
//! disabled and the menu says why; the `.py` (the editor's text) can still be saved.

use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use js_sys::{Array, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlAnchorElement, HtmlCanvasElement,
    HtmlElement, HtmlImageElement, KeyboardEvent, Node, Url,
};
use yew::prelude::*;

use crate::export::{self, Theme};
use crate::ui::model::Replay;
use crate::ui::state::Shared;

/// The PNG is drawn at this many pixels per SVG unit (sharp on slides and HiDPI).
const PNG_SCALE: f64 = 2.0;
/// Longest side of the PNG's canvas: browsers refuse much larger canvases.
const MAX_CANVAS_SIDE: f64 = 16_384.0;
/// An object URL is revoked this long after its download started.
const REVOKE_AFTER_MS: u32 = 30_000;

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    /// The editor's text.
    pub source: Rc<str>,
    /// The last program that ran, drawn in the timelines.
    pub replay: Option<Shared<Replay>>,
    /// The editor's text does not run (its problems are listed under it).
    pub refused: bool,
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Working(String),
    Saved(String),
    Failed(String),
}

#[derive(Clone, Copy, PartialEq)]
enum Item {
    Svg,
    Png,
    Trace,
    Python,
}

#[component]
pub fn ExportMenu(props: &ExportProps) -> Html {
    let open = use_state(|| false);
    let status = use_state(|| Status::Idle);
    let wrapper = use_node_ref();
    let toggle_ref = use_node_ref();

    // A click anywhere outside closes the menu.
    {
        let open = open.clone();
        let wrapper = wrapper.clone();
        use_effect_with(*open, move |&is_open| {
            let listener = is_open.then(|| {
                EventListener::new(&gloo_utils::document(), "click", move |event| {
                    let inside = match (wrapper.cast::<Node>(), event.target()) {
                        (Some(wrapper), Some(target)) => wrapper.contains(target.dyn_ref::<Node>()),
                        _ => false,
                    };
                    if !inside {
                        open.set(false);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let onkeydown = {
        let open = open.clone();
        let toggle_ref = toggle_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *open {
                e.prevent_default();
                open.set(false);
                if let Some(button) = toggle_ref.cast::<HtmlElement>() {
                    let _ = button.focus();
                }
            }
        })
    };

    let timelines = props.replay.clone().filter(|_| !props.refused);
    let choose = |item: Item| {
        let open = open.clone();
        let status = status.clone();
        let source = props.source.clone();
        let replay = timelines.clone();
        Callback::from(move |_: MouseEvent| {
            open.set(false);
            let result = match (item, &replay) {
                (Item::Python, _) => {
                    let name = format!("{}.py", export::file_stem(&source));
                    save_text(&export::python_file(&source), "text/x-python", &name).map(|_| name)
                }
                (Item::Svg, Some(replay)) => {
                    let name = format!("{}.svg", export::file_stem(&replay.source));
                    let figure = picture(replay);
                    save_text(&figure.svg, "image/svg+xml", &name).map(|_| name)
                }
                (Item::Trace, Some(replay)) => {
                    let name = format!("{}.trace.json", export::file_stem(&replay.source));
                    let json = export::chrome_trace(&[&replay.async_run, &replay.blocking_run]);
                    save_text(&json, "application/json", &name).map(|_| name)
                }
                (Item::Png, Some(replay)) => {
                    let name = format!("{}.png", export::file_stem(&replay.source));
                    let figure = picture(replay);
                    status.set(Status::Working(format!("Drawing {name}…")));
                    let status = status.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let saved = match svg_to_png(&figure).await {
                            Ok(png) => save_blob(&png, &name).map(|_| name),
                            Err(e) => Err(e),
                        };
                        status.set(match saved {
                            Ok(name) => Status::Saved(name),
                            Err(e) => Status::Failed(format!("Could not make the PNG: {e}")),
                        });
                    });
                    return;
                }
                (_, None) => Err("the code does not run, so there is nothing drawn".into()),
            };
            status.set(match result {
                Ok(name) => Status::Saved(name),
                Err(e) => Status::Failed(format!("Could not export: {e}")),
            });
        })
    };

    let disabled = timelines.is_none();
    let item = |label: &'static str, what: Item, title: &'static str, needs_run: bool| {
        html! {
            <button type="button" class="export-item" onclick={choose(what)} title={title}
                disabled={needs_run && disabled}>
                { label }
            </button>
        }
    };
    html! {
        <div class="export" ref={wrapper} onkeydown={onkeydown}>
            <button ref={toggle_ref} type="button" class="export-button" onclick={toggle}
                aria-expanded={if *open { "true" } else { "false" }} aria-controls="export-menu"
                title="Save the timelines, the trace or the scenario as files">
                {"Export"}
            </button>
            <div id="export-menu" class="export-menu" role="group" aria-label="Export"
                hidden={!*open}>
                { item("Timelines as SVG", Item::Svg, "Both timelines as a vector picture, for slides", true) }
                { item("Timelines as PNG", Item::Png, "Both timelines as an image at twice the screen's resolution", true) }
                { item("Trace for Perfetto (JSON)", Item::Trace, "Chrome's Trace Event Format: open it at ui.perfetto.dev or chrome://tracing", true) }
                if disabled {
                    <p class="export-note">
                        {"The code does not run, so there are no timelines or trace to export. \
                          The scenario itself can still be saved."}
                    </p>
                }
                { item("Scenario as .py", Item::Python, "The editor's text, which runs in Python 3.11 beside the helper module", false) }
                <a class="export-item" href={export::HELPER_MODULE} download={export::HELPER_MODULE}
                    title="Put it in the same folder as the scenario, then run: python3 scenario.py">
                    { format!("Helper module ({})", export::HELPER_MODULE) }
                </a>
            </div>
            <span class="export-status" role="status" aria-live="polite">
                { match &*status {
                    Status::Idle => html! {},
                    Status::Working(message) => html! { { message.clone() } },
                    Status::Saved(name) => html! { { format!("Saved {name}") } },
                    Status::Failed(message) => html! { <span class="export-error">{ message.clone() }</span> },
                } }
            </span>
        </div>
    }
}

/// The timelines picture of a replay, in the light theme (slides are mostly light).
fn picture(replay: &Replay) -> export::Figure {
    export::timelines_svg(replay, export::title(&replay.source), Theme::Light)
}

/// Saves text as a file named `name`.
fn save_text(text: &str, mime: &str, name: &str) -> Result<(), String> {
    save_blob(&text_blob(text, mime)?, name)
}

fn text_blob(text: &str, mime: &str) -> Result<Blob, String> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    Blob::new_with_str_sequence_and_options(&Array::of1(&JsValue::from_str(text)), &options)
        .map_err(describe)
}

/// Starts the download of `blob` as `name`: a temporary object URL on a link that is
/// clicked and removed; the URL is revoked once the download has surely started.
fn save_blob(blob: &Blob, name: &str) -> Result<(), String> {
    let document = gloo_utils::document();
    let url = Url::create_object_url_with_blob(blob).map_err(describe)?;
    let link = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into::<HtmlAnchorElement>()
        .map_err(|_| "no link element".to_string())?;
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    let body = document.body().ok_or("the page has no body")?;
    body.append_child(&link).map_err(describe)?;
    link.click();
    link.remove();
    Timeout::new(REVOKE_AFTER_MS, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Renders the picture into an image, draws it on a canvas at [`PNG_SCALE`] and
/// encodes the canvas as PNG.
async fn svg_to_png(figure: &export::Figure) -> Result<Blob, String> {
    let svg = text_blob(&figure.svg, "image/svg+xml")?;
    let url = Url::create_object_url_with_blob(&svg).map_err(describe)?;
    let image = HtmlImageElement::new().map_err(describe)?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    let _ = Url::revoke_object_url(&url);
    decoded.map_err(|e| format!("the browser could not read the SVG ({})", describe(e)))?;

    let (width, height) = (f64::from(figure.width_px), f64::from(figure.height_px));
    let scale = PNG_SCALE.min(MAX_CANVAS_SIDE / width.max(height));
    let canvas = gloo_utils::document()
        .create_element("canvas")
        .map_err(describe)?
        .dyn_into::<HtmlCanvasElement>()
        .map_err(|_| "no canvas element".to_string())?;
    canvas.set_width((width * scale).round() as u32);
    canvas.set_height((height * scale).round() as u32);
    let context = canvas
        .get_context("2d")
        .map_err(describe)?
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or("no 2D canvas")?;
    context
        .draw_image_with_html_image_element_and_dw_and_dh(
            &image,
            0.0,
            0.0,
            width * scale,
            height * scale,
        )
        .map_err(describe)?;

    // canvas.toBlob takes a callback; a promise makes it awaitable.
    let encoded = Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if let Err(e) = canvas.to_blob_with_type(done.unchecked_ref(), "image/png") {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    let blob = JsFuture::from(encoded).await.map_err(describe)?;
    blob.dyn_into::<Blob>()
        .map_err(|_| "the browser could not encode the PNG".to_string())
}

/// A JavaScript error in words.
fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}
