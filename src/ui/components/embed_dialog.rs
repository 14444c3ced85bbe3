//! The Embed button and its dialog: pick the panes, where the playhead starts,
//! autoplay, theme and height; get the `<iframe>` snippet for a course page (with the
//! listener that sizes it, `model::embed`), copy it, and optionally preview it.
//!
//! The dialog is a modal `<dialog>`: Escape and Close close it, and focus goes back to
//! the Embed button. The view is captured when the dialog opens, so a playing
//! playhead does not change the snippet under the author's hands.

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{
    HtmlDialogElement, HtmlElement, HtmlIFrameElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement, MessageEvent,
};
use yew::prelude::*;

use crate::share::{Panes, ShareState, Theme, MAX_HEIGHT, MIN_HEIGHT};
use crate::ui::browser;
use crate::ui::hooks::use_fragment;
use crate::ui::model::embed;

#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    pub source: Rc<str>,
    pub preset: Option<&'static str>,
    pub cursor: usize,
    pub t_us: u64,
    pub speed: f64,
}

/// The panes an embed shows unless the author picks others: the code and the timelines,
/// with the controls to play them.
const DEFAULT_PANES: u8 = Panes::CODE | Panes::CONTROLS | Panes::TIMELINES;

/// What the dialog's checkboxes call each pane.
const PANE_LABELS: [(u8, &str); 6] = [
    (Panes::CODE, "Code"),
    (Panes::DIAGRAM, "Event loop diagram"),
    (Panes::CONTROLS, "Playback controls"),
    (Panes::TIMELINES, "Timelines"),
    (Panes::CONSOLE, "Console"),
    (Panes::STATS, "Statistics"),
];

/// The author's choices.
#[derive(Clone, PartialEq)]
struct Options {
    panes: u8,
    at_current: bool,
    autoplay: bool,
    theme: Theme,
    /// The height field's text: empty fits the content.
    height: String,
}

#[derive(Clone, PartialEq)]
enum CopyStatus {
    Idle,
    Copied,
    /// The clipboard refused: the snippet is selected to copy by hand.
    Manual,
}

/// The view when the dialog opened.
#[derive(Clone, PartialEq)]
struct Captured {
    source: Rc<str>,
    preset: Option<&'static str>,
    cursor: usize,
    t_us: u64,
    speed: f64,
}

/// The link for `options`, or why there is none yet.
fn embed_state(view: &Captured, options: &Options) -> Result<ShareState, String> {
    if options.panes == 0 {
        return Err("Pick at least one pane.".into());
    }
    let text = options.height.trim();
    let height = if text.is_empty() {
        None
    } else {
        let px = text
            .parse::<u16>()
            .ok()
            .filter(|px| (MIN_HEIGHT..=MAX_HEIGHT).contains(px))
            .ok_or(format!(
                "Height: a whole number of pixels from {MIN_HEIGHT} to {MAX_HEIGHT}, or empty to fit the content."
            ))?;
        Some(px)
    };
    let (step, t_us) = if options.at_current {
        (u32::try_from(view.cursor).unwrap_or(u32::MAX), view.t_us)
    } else {
        (0, 0)
    };
    Ok(ShareState {
        preset: view.preset.map(str::to_string),
        step,
        t_us,
        speed: view.speed as f32,
        panes: Panes(options.panes),
        embed: true,
        autoplay: options.autoplay,
        theme: options.theme,
        height,
        ..ShareState::new(view.source.as_ref())
    })
}

fn checked(target: &web_sys::EventTarget) -> bool {
    target
        .dyn_ref::<HtmlInputElement>()
        .is_some_and(HtmlInputElement::checked)
}

fn value(target: &web_sys::EventTarget) -> String {
    target
        .dyn_ref::<HtmlInputElement>()
        .map(HtmlInputElement::value)
        .or_else(|| {
            target
                .dyn_ref::<HtmlSelectElement>()
                .map(HtmlSelectElement::value)
        })
        .unwrap_or_default()
}

#[component]
pub fn EmbedButton(props: &EmbedProps) -> Html {
    let captured = use_state(|| None::<Captured>);
    let options = use_state(|| Options {
        panes: DEFAULT_PANES,
        at_current: false,
        autoplay: false,
        theme: Theme::System,
        height: String::new(),
    });
    let copy_status = use_state(|| CopyStatus::Idle);
    let preview = use_state(|| false);
    let preview_height = use_state(|| None::<u32>);
    let dialog = use_node_ref();
    let button = use_node_ref();
    let snippet_field = use_node_ref();
    let preview_frame = use_node_ref();

    // Opening shows the dialog modally (Escape closes it; focus stays inside).
    {
        let dialog = dialog.clone();
        use_effect_with(captured.is_some(), move |&open| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                if open && !d.open() {
                    let _ = d.show_modal();
                }
            }
        });
    }
    // The preview follows the height its page posts, like the snippet's listener.
    {
        let frame = preview_frame.clone();
        let preview_height = preview_height.clone();
        use_effect_with(*preview && captured.is_some(), move |&on| {
            let listener = on.then(|| {
                EventListener::new(&gloo_utils::window(), "message", move |event| {
                    let Some(event) = event.dyn_ref::<MessageEvent>() else {
                        return;
                    };
                    let Some(own) = frame
                        .cast::<HtmlIFrameElement>()
                        .and_then(|f| f.content_window())
                    else {
                        return;
                    };
                    let from_frame = event.source().is_some_and(|s| js_sys::Object::is(&s, &own));
                    let data = event.data();
                    let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
                    let is_height = field("type")
                        .and_then(|t| t.as_string())
                        .is_some_and(|t| t == embed::HEIGHT_MESSAGE);
                    let height = field("height").and_then(|h| h.as_f64());
                    if let (true, true, Some(h)) = (from_frame, is_height, height) {
                        if h > 0.0 && h < 100_000.0 {
                            preview_height.set(Some(h.ceil() as u32));
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    let open = {
        let captured = captured.clone();
        let copy_status = copy_status.clone();
        let view = Captured {
            source: props.source.clone(),
            preset: props.preset,
            cursor: props.cursor,
            t_us: props.t_us,
            speed: props.speed,
        };
        Callback::from(move |_: MouseEvent| {
            copy_status.set(CopyStatus::Idle);
            captured.set(Some(view.clone()));
        })
    };
    let on_close = {
        let captured = captured.clone();
        let button = button.clone();
        Callback::from(move |_: Event| {
            captured.set(None);
            if let Some(b) = button.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        })
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                d.close();
            }
        })
    };

    let button_html = html! {
        <button ref={button} type="button" class="share-button" aria-label="Embed"
            aria-haspopup="dialog" onclick={open}
            title="Get an <iframe> that shows this scenario in a course page">
            {"Embed"}
        </button>
    };
    // The snippet is made when the choices change, not on every render (the page may be
    // playing behind the dialog).
    let wanted = use_memo(
        ((*captured).clone(), (*options).clone()),
        |(view, options)| view.as_ref().map(|view| embed_state(view, options)),
    );
    let fragment = use_fragment(match &*wanted {
        Some(Ok(state)) => Some(state.clone()),
        _ => None,
    });
    let made = match (&*wanted, fragment) {
        (None, _) | (Some(Ok(_)), None) => None,
        (Some(Err(why)), _) => Some(Err(why.clone())),
        (Some(Ok(_)), Some(Err(why))) => Some(Err(format!("Cannot embed: {why}."))),
        (Some(Ok(state)), Some(Ok(fragment))) => Some(
            browser::page_url()
                .ok_or_else(|| "Cannot embed: no page URL.".to_string())
                .map(|url| {
                    let title = embed::frame_title(state);
                    let height = embed::initial_height(state);
                    let snippet = embed::snippet(&url, &fragment, &title, height);
                    (snippet, format!("{url}#{fragment}"), title, height)
                }),
        ),
    };
    let Some(view) = (*captured).clone() else {
        return html! {
            <div class="share">
                { button_html }
                <dialog ref={dialog} class="embed-dialog" aria-labelledby="embed-dialog-title" />
            </div>
        };
    };

    let set = |change: fn(&mut Options, &web_sys::EventTarget)| {
        let options = options.clone();
        let copy_status = copy_status.clone();
        Callback::from(move |e: Event| {
            if let Some(target) = e.target() {
                let mut next = (*options).clone();
                change(&mut next, &target);
                options.set(next);
                copy_status.set(CopyStatus::Idle);
            }
        })
    };
    let pane_boxes = PANE_LABELS.iter().map(|&(bit, label)| {
        let shown = options.panes & bit != 0;
        let options = options.clone();
        let copy_status = copy_status.clone();
        let onchange = Callback::from(move |e: Event| {
            let on = e.target().is_some_and(|t| checked(&t));
            let mut next = (*options).clone();
            next.panes = if on {
                next.panes | bit
            } else {
                next.panes & !bit
            };
            options.set(next);
            copy_status.set(CopyStatus::Idle);
        });
        html! {
            <label class="embed-check">
                <input type="checkbox" checked={shown} onchange={onchange}
                    autofocus={bit == Panes::CODE} />
                { label }
            </label>
        }
    });
    let on_start = set(|o, t| o.at_current = value(t) == "current");
    let on_autoplay = set(|o, t| o.autoplay = checked(t));
    let on_theme = set(|o, t| o.theme = Theme::from_name(&value(t)).unwrap_or_default());
    let on_height = {
        let options = options.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = (*options).clone();
            next.height = text;
            options.set(next);
        })
    };
    let on_preview = {
        let preview = preview.clone();
        let preview_height = preview_height.clone();
        Callback::from(move |e: Event| {
            preview_height.set(None);
            preview.set(e.target().is_some_and(|t| checked(&t)));
        })
    };

    let copy = {
        let copy_status = copy_status.clone();
        let field = snippet_field.clone();
        let text = match made.as_ref() {
            Some(Ok(m)) => m.0.clone(),
            _ => String::new(),
        };
        Callback::from(move |_: MouseEvent| {
            let copy_status = copy_status.clone();
            let field = field.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if browser::copy_text(&text).await {
                    copy_status.set(CopyStatus::Copied);
                } else {
                    if let Some(area) = field.cast::<HtmlTextAreaElement>() {
                        let _ = area.focus();
                        area.select();
                    }
                    copy_status.set(CopyStatus::Manual);
                }
            });
        })
    };
    let step_label = format!("At the current step ({})", view.cursor);
    let result = match made.as_ref() {
        None => html! {},
        Some(Ok((snippet, src, title, height))) => {
            let shown = preview_height.unwrap_or(u32::from(*height));
            html! {
                <>
                <label class="embed-snippet">
                    <span>{"Paste this into the course page:"}</span>
                    <textarea ref={snippet_field.clone()} readonly=true rows="7"
                        aria-label="Embed code" value={snippet.clone()} />
                </label>
                <div class="embed-actions">
                    <button type="button" class="share-button" onclick={copy}>{"Copy"}</button>
                    <span class="share-status" role="status" aria-live="polite">
                        { match *copy_status {
                            CopyStatus::Idle => "",
                            CopyStatus::Copied => "Embed code copied",
                            CopyStatus::Manual => "Selected: press Ctrl+C (⌘C) to copy",
                        } }
                    </span>
                    <label class="embed-check">
                        <input type="checkbox" checked={*preview} onchange={on_preview} />
                        {"Preview"}
                    </label>
                </div>
                if *preview {
                    <iframe ref={preview_frame.clone()} key={src.clone()} class="embed-preview"
                        src={src.clone()} title={format!("Preview: {title}")}
                        style={format!("height: {shown}px")} />
                }
                </>
            }
        }
        Some(Err(why)) => html! { <p class="share-error" role="alert">{ why.clone() }</p> },
    };

    html! {
        <div class="share">
            { button_html }
            <dialog ref={dialog} class="embed-dialog" aria-labelledby="embed-dialog-title"
                onclose={on_close}>
                <div class="embed-dialog-head">
                    <h2 id="embed-dialog-title">{"Embed in a course page"}</h2>
                    <button type="button" class="share-button" onclick={close}>{"Close"}</button>
                </div>
                <fieldset>
                    <legend>{"Panes"}</legend>
                    { for pane_boxes }
                </fieldset>
                <fieldset>
                    <legend>{"Start"}</legend>
                    <label class="embed-check">
                        <input type="radio" name="embed-start" value="start"
                            checked={!options.at_current} onchange={on_start.clone()} />
                        {"At the start"}
                    </label>
                    <label class="embed-check">
                        <input type="radio" name="embed-start" value="current"
                            checked={options.at_current} onchange={on_start} />
                        { step_label }
                    </label>
                    <label class="embed-check">
                        <input type="checkbox" checked={options.autoplay} onchange={on_autoplay} />
                        {"Autoplay (not for readers who ask for reduced motion)"}
                    </label>
                </fieldset>
                <div class="embed-fields">
                    <label>
                        {"Theme "}
                        <select aria-label="Theme" onchange={on_theme}>
                            { for Theme::ALL.iter().map(|t| html! {
                                <option value={t.name()} selected={*t == options.theme}>
                                    { match t {
                                        Theme::System => "The reader's system setting",
                                        Theme::Light => "Light",
                                        Theme::Dark => "Dark",
                                    } }
                                </option>
                            }) }
                        </select>
                    </label>
                    <label>
                        {"Height in pixels "}
                        <input type="number" aria-label="Height in pixels" inputmode="numeric" min={MIN_HEIGHT.to_string()}
                            max={MAX_HEIGHT.to_string()} step="10" placeholder="fit content"
                            value={options.height.clone()} oninput={on_height} />
                    </label>
                </div>
                { result }
            </dialog>
        </div>
    }
}
