//! Hooks the full app and the embedded view share: the animation-frame loop while
//! playing, the playback keys, and share fragments made by the browser.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::browser::{share_fragment, AnimationLoop};
use super::state::{Action, State};
use crate::share::ShareState;
use crate::Limits;

/// Playing: one state update per animation frame, only while `state.playing`.
#[hook]
pub fn use_playback(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with(state.playing, move |&playing| {
        let frames = playing
            .then(|| AnimationLoop::start(move |dt_ms| dispatcher.dispatch(Action::Tick(dt_ms))));
        move || drop(frames)
    });
}

/// Keyboard: space or k plays and pauses, arrows step, Home / End jump, anywhere but in
/// a text field or a dialog.
#[hook]
pub fn use_keyboard(dispatcher: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        let document = gloo_utils::document();
        let options = EventListenerOptions::enable_prevent_default();
        let listener =
            EventListener::new_with_options(&document, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if event.alt_key() || event.ctrl_key() || event.meta_key() {
                    return;
                }
                let target = event
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlElement>().ok());
                let tag = target
                    .as_ref()
                    .map(|el| el.tag_name().to_ascii_lowercase())
                    .unwrap_or_default();
                if matches!(tag.as_str(), "textarea" | "input" | "select") {
                    return;
                }
                // Keys in a dialog (Embed) are the dialog's, not the playhead's.
                if target.is_some_and(|el| el.closest("dialog").ok().flatten().is_some()) {
                    return;
                }
                let action = match event.key().as_str() {
                    " " | "Spacebar" if tag != "button" => Action::TogglePlay,
                    "k" => Action::TogglePlay,
                    "ArrowRight" => Action::StepForward,
                    "ArrowLeft" => Action::StepBack,
                    "Home" => Action::JumpStart,
                    "End" => Action::JumpEnd,
                    _ => return,
                };
                event.prevent_default();
                dispatcher.dispatch(action);
            });
        move || drop(listener)
    });
}

/// The share fragment of `state`, compressed by the browser (asynchronously): `None`
/// while there is no state or it is being made, then the fragment or why it could not
/// be made. Made again when `state` changes; a result for an older state is dropped.
#[hook]
pub fn use_fragment(state: Option<ShareState>) -> Option<Result<String, String>> {
    let made = use_state(|| None);
    let latest = use_mut_ref(|| 0u32);
    {
        let made = made.clone();
        use_effect_with(state, move |state| {
            let generation = {
                let mut latest = latest.borrow_mut();
                *latest = latest.wrapping_add(1);
                *latest
            };
            made.set(None);
            if let Some(state) = state.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let result = share_fragment(&state).await;
                    if *latest.borrow() == generation {
                        made.set(Some(result));
                    }
                });
            }
        });
    }
    (*made).clone()
}

/// Typing re-runs the program once the keyboard has been quiet this long.
const RERUN_DEBOUNCE_MS: u32 = 150;

/// Runs `source` once the keyboard has been quiet for [`RERUN_DEBOUNCE_MS`] and
/// dispatches its analysis; a newer call replaces (so cancels) a pending one. `first`
/// runs just before the analysis (the full app saves the text there).
pub fn rerun_after_typing(
    debounce: &std::cell::RefCell<Option<gloo_timers::callback::Timeout>>,
    dispatcher: UseReducerDispatcher<State>,
    source: String,
    first: impl FnOnce(&str) + 'static,
) {
    let timeout = gloo_timers::callback::Timeout::new(RERUN_DEBOUNCE_MS, move || {
        first(&source);
        let analysis = crate::analyze(&source, &Limits::default());
        dispatcher.dispatch(Action::Analyzed {
            source,
            analysis: Box::new(analysis),
        });
    });
    *debounce.borrow_mut() = Some(timeout);
}
