//! The Share button: puts the view (code, playhead, speed, panes) in the URL fragment
//! and copies the full URL; where the clipboard is unavailable, the URL is shown
//! selected in a small field to copy by hand.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::share::{Panes, ShareState};
use crate::ui::browser;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub source: Rc<str>,
    pub preset: Option<&'static str>,
    pub cursor: usize,
    pub t_us: u64,
    pub speed: f64,
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Copied,
    /// The clipboard refused: the URL to copy by hand.
    Manual(String),
    Failed(String),
}

#[component]
pub fn ShareButton(props: &ShareProps) -> Html {
    let status = use_state(|| Status::Idle);
    let field = use_node_ref();
    {
        // The hand-copy field comes up selected.
        let field = field.clone();
        use_effect_with((*status).clone(), move |_| {
            if let Some(input) = field.cast::<HtmlInputElement>() {
                let _ = input.focus();
                input.select();
            }
        });
    }
    let onclick = {
        let status = status.clone();
        let state = ShareState {
            preset: props.preset.map(str::to_string),
            step: u32::try_from(props.cursor).unwrap_or(u32::MAX),
            t_us: props.t_us,
            speed: props.speed as f32,
            panes: Panes::ALL,
            embed: false,
            ..ShareState::new(props.source.as_ref())
        };
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let fragment = match browser::share_fragment(&state).await {
                    Ok(f) => f,
                    Err(why) => return status.set(Status::Failed(format!("Cannot share: {why}."))),
                };
                let Some(url) = browser::set_fragment(&fragment) else {
                    return status.set(Status::Failed("Cannot share: no page URL.".into()));
                };
                if browser::copy_text(&url).await {
                    status.set(Status::Copied);
                } else {
                    status.set(Status::Manual(url));
                }
            });
        })
    };
    let dismiss = {
        let status = status.clone();
        Callback::from(move |_: FocusEvent| status.set(Status::Idle))
    };
    html! {
        <div class="share">
            <button type="button" class="share-button" aria-label="Share" onclick={onclick}
                title="Copy a link to exactly this view (code, playhead, speed)">
                {"Share"}
            </button>
            <span class="share-status" role="status" aria-live="polite">
                { match &*status {
                    Status::Idle => html! {},
                    Status::Copied => html! { {"Link copied"} },
                    Status::Manual(url) => html! {
                        <label class="share-manual">
                            <span>{"Copy this link:"}</span>
                            <input ref={field.clone()} type="text" readonly=true
                                aria-label="Share link" value={url.clone()} onblur={dismiss} />
                        </label>
                    },
                    Status::Failed(message) => html! { <span class="share-error">{ message.clone() }</span> },
                } }
            </span>
        </div>
    }
}
