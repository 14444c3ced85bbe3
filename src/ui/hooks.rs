//! Hooks the full app and the embedded view share: the animation-frame loop while
//! playing, and the playback keys.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::browser::AnimationLoop;
use super::state::{Action, State};

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
