//! The page: header, editor, event-loop diagram, controls, timelines, console and
//! statistics, wired to one reducer. Playing runs an animation-frame loop that only
//! moves the playhead; everything heavy was computed once per trace.
//!
//! Nothing is lost: the page opens a share link from the URL fragment, else the draft
//! saved in local storage before the last reload, else the default preset. The
//! editor's text is saved (debounced, with the re-run) and the last few custom
//! scenarios are kept for the Recent menu; storage failures are ignored.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use super::browser;
use super::components::{
    editor::Editor, embed_dialog::EmbedButton, export::ExportMenu, header::Header,
    problems::ProblemList, share::ShareButton,
};
use super::hooks::{rerun_after_typing, use_keyboard, use_playback};
use super::layout::{self, PaneView};
use super::model::recent;
use super::state::{Action, Startup, State};
use crate::presets;
use crate::share::{Panes, ShareState};

/// Local storage: the editor's text, and the recent custom scenarios (a JSON list).
const DRAFT_KEY: &str = "awaitscope-draft";
const RECENT_KEY: &str = "awaitscope-recent";

/// What the page opens with: the URL's link (already decoded), else the saved draft.
fn startup(link: Option<Result<ShareState, String>>) -> Startup {
    match link {
        Some(Ok(link)) => return Startup::Link(link),
        Some(Err(why)) => return Startup::BrokenLink(why),
        None => {}
    }
    match browser::load_item(DRAFT_KEY) {
        Some(draft) if !draft.trim().is_empty() && draft.len() <= recent::MAX_CHARS => {
            Startup::Draft(draft)
        }
        _ => Startup::Default,
    }
}

fn load_recent() -> Vec<String> {
    browser::load_strings(RECENT_KEY)
        .map(recent::sanitize)
        .unwrap_or_default()
}

/// Saves the editor's text; a custom scenario also goes to the front of the recent
/// list (replacing the front entry while the same editing session goes on).
/// Returns the new list if it changed.
fn save_text(source: &str, continuing: bool) -> Option<Vec<String>> {
    browser::save_item(DRAFT_KEY, source);
    let mut list = load_recent();
    if !recent::remember(&mut list, source, continuing) {
        return None;
    }
    browser::save_strings(RECENT_KEY, &list);
    Some(list)
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The share link in the URL, decoded (or why it could not be); `None` when the
    /// URL has none.
    #[prop_or_default]
    pub link: Option<Result<ShareState, String>>,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(|| State::open(startup(props.link.clone()), load_recent()));
    let reduced_motion = use_state(browser::prefers_reduced_motion);
    let debounce = use_mut_ref(|| None::<Timeout>);
    // Whether the front recent entry is the text being edited now (typing replaces it
    // rather than pushing another). A reload continues the saved draft's entry.
    let continuing = use_mut_ref(|| {
        state.preset.is_none() && state.recent.first().is_some_and(|c| **c == *state.source)
    });

    use_playback(&state);
    use_keyboard(state.dispatcher());

    // Callbacks are made once, so components given them can skip re-rendering.
    let on_edit = {
        let dispatcher = state.dispatcher();
        let debounce = debounce.clone();
        let continuing = continuing.clone();
        use_callback((), move |source: String, _| {
            // The URL no longer describes what is shown; a reload brings the draft.
            browser::clear_fragment();
            dispatcher.dispatch(Action::Edit(source.clone()));
            let continuing = continuing.clone();
            let recent = dispatcher.clone();
            rerun_after_typing(&debounce, dispatcher.clone(), source, move |source| {
                let is_preset = presets::ALL.iter().any(|p| p.source == source);
                if let Some(list) = save_text(source, *continuing.borrow()) {
                    recent.dispatch(Action::SetRecent(list));
                }
                *continuing.borrow_mut() = !is_preset;
            });
        })
    };
    let on_preset = {
        let dispatcher = state.dispatcher();
        let debounce = debounce.clone();
        let continuing = continuing.clone();
        use_callback((), move |id: &'static str, _| {
            debounce.borrow_mut().take();
            browser::clear_fragment();
            if let Some(p) = presets::find(id) {
                browser::save_item(DRAFT_KEY, p.source);
            }
            *continuing.borrow_mut() = false;
            dispatcher.dispatch(Action::LoadPreset(id));
        })
    };
    let on_recent = {
        let dispatcher = state.dispatcher();
        let debounce = debounce.clone();
        let continuing = continuing.clone();
        use_callback((), move |code: String, _| {
            debounce.borrow_mut().take();
            browser::clear_fragment();
            browser::save_item(DRAFT_KEY, &code);
            // Editing a reopened scenario starts a new entry; the original stays listed.
            *continuing.borrow_mut() = false;
            dispatcher.dispatch(Action::LoadCode(code));
        })
    };
    let dismiss_notice = {
        let dispatcher = state.dispatcher();
        use_callback((), move |_: MouseEvent, _| {
            dispatcher.dispatch(Action::DismissNotice)
        })
    };
    let notice = state.notice.as_ref().map(|message| {
        html! {
            <div class="notice" role="alert">
                <span>{ message.to_string() }</span>
                <button type="button" class="notice-dismiss" aria-label="Dismiss"
                    onclick={dismiss_notice.clone()}>{"×"}</button>
            </div>
        }
    });
    let header = html! {
        <Header preset={state.preset} on_preset={on_preset.clone()}
            recent={state.recent.clone()} on_recent={on_recent.clone()}>
            <ShareButton source={state.source.clone()} preset={state.preset}
                cursor={state.playhead.cursor} t_us={state.playhead.t_us} speed={state.speed} />
            <EmbedButton source={state.source.clone()} preset={state.preset}
                cursor={state.playhead.cursor} t_us={state.playhead.t_us} speed={state.speed} />
            <ExportMenu source={state.source.clone()} replay={state.replay.clone()}
                refused={state.is_stale()} />
        </Header>
    };
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback((), move |action: Action, _| dispatcher.dispatch(action))
    };
    let on_seek = {
        let dispatcher = state.dispatcher();
        use_callback((), move |t_us: u64, _| {
            dispatcher.dispatch(Action::Seek(t_us))
        })
    };

    let Some(replay) = state.replay.clone() else {
        // Only if the default preset itself failed to run.
        return html! {
            <main class="app">
                { header }
                { for notice }
                <Editor source={state.source.clone()} loaded={state.loaded}
                    refused={state.refused.clone()} marks={None} on_edit={on_edit} />
                <ProblemList refused={state.refused.clone()} replay={None} on_seek={on_seek.clone()} />
            </main>
        };
    };

    html! {
        <main class="app">
            { header }
            { for notice }
            { layout::panes(PaneView {
                state: &state,
                replay,
                panes: Panes::ALL,
                reduced_motion: *reduced_motion,
                on_edit,
                on_seek,
                dispatch,
                top_row: "workspace",
                bottom_row: "bottom",
            }) }
        </main>
    }
}
