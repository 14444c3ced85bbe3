//! The embedded view: what a share link with `embed` set opens, for an `<iframe>` in a
//! course page. Compact: a slim header (the scenario's title and "Open in full
//! editor") and only the panes the link names, starting at its playhead, playing on
//! load if it asks (unless the reader's system asks for reduced motion), in its theme,
//! at its fixed height or as tall as its content.
//!
//! It tells the page around it its height (`browser::post_height`, on load and on every
//! change) and never writes local storage: a reader's own draft, recent list and theme
//! are left alone. The reader may still edit the code (it re-runs); the "Open in full
//! editor" link carries whatever is shown.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use super::browser::{self, ResizeWatch};
use super::hooks::{rerun_after_typing, use_fragment, use_keyboard, use_playback};
use super::layout::{self, PaneView};
use super::model::embed::scenario_title;
use super::state::{Action, Startup, State};
use crate::share::{Panes, ShareState};

#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    /// The link that was opened (its `embed` flag set).
    pub link: ShareState,
}

#[component]
pub fn EmbedView(props: &EmbedProps) -> Html {
    let link = &props.link;
    let state = {
        let link = link.clone();
        use_reducer(move || State::open(Startup::Link(link), Vec::new()))
    };
    let reduced_motion = use_state(browser::prefers_reduced_motion);
    let debounce = use_mut_ref(|| None::<Timeout>);
    let root = use_node_ref();
    use_playback(&state);
    use_keyboard(state.dispatcher());

    // Autoplay, once, unless the reader asked for less motion (then the header says so).
    let autoplay_held = link.autoplay && *reduced_motion;
    {
        let dispatcher = state.dispatcher();
        let autoplay = link.autoplay && !*reduced_motion && !state.is_stale();
        use_effect_with((), move |_| {
            if autoplay {
                dispatcher.dispatch(Action::TogglePlay);
            }
        });
    }

    // The page around the frame follows this view's height.
    {
        let root = root.clone();
        use_effect_with((), move |_| {
            let watch = root.cast::<web_sys::Element>().map(|element| {
                let observed = element.clone();
                let post = move || {
                    let height = observed.get_bounding_client_rect().height().ceil();
                    browser::post_height(height.max(0.0) as u32);
                };
                post();
                ResizeWatch::start(&element, post)
            });
            move || drop(watch)
        });
    }

    let on_edit = {
        let dispatcher = state.dispatcher();
        let debounce = debounce.clone();
        use_callback((), move |source: String, _| {
            dispatcher.dispatch(Action::Edit(source.clone()));
            // Re-run only: an embed never saves the reader's draft.
            rerun_after_typing(&debounce, dispatcher.clone(), source, |_| {});
        })
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
    let play = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::TogglePlay))
    };

    // The same scenario and playhead in the full app. Made again when the view changes,
    // but not on every frame while playing (then it holds where playing started).
    let full_link = {
        let playhead = state.playhead;
        let deps = (
            state.source.clone(),
            state.preset,
            state.speed.to_bits(),
            (!state.playing).then_some(playhead),
        );
        let open = use_memo(deps, move |(source, preset, speed, _)| ShareState {
            preset: preset.map(str::to_string),
            step: u32::try_from(playhead.cursor).unwrap_or(u32::MAX),
            t_us: playhead.t_us,
            speed: f64::from_bits(*speed) as f32,
            ..ShareState::new(source.as_ref())
        });
        let fragment = use_fragment(Some((*open).clone()));
        use_memo(fragment, |fragment| match (fragment, browser::page_url()) {
            (Some(Ok(fragment)), Some(url)) => Some(format!("{url}#{fragment}")),
            _ => None,
        })
    };
    let title = scenario_title(state.preset, &state.source);
    let header = html! {
        <header class="embed-header">
            <h1 class="embed-title">{ title }</h1>
            if autoplay_held && !state.playing {
                <p class="embed-note" role="status">
                    {"Not playing by itself: your system asks for reduced motion. "}
                    <button type="button" class="linkish" onclick={play}>{"Play"}</button>
                </p>
            }
            if let Some(href) = (*full_link).clone() {
                <a class="embed-open" href={href} target="_blank" rel="noopener">
                    {"Open in full editor"}<span class="visually-hidden">{" (opens in a new tab)"}</span>
                </a>
            }
        </header>
    };

    let panes = link.panes;
    let class = classes!("embed", link.height.is_some().then_some("embed-fixed"));
    let style = link.height.map(|px| format!("height: {px}px"));
    let names = panes.names().join(" ");
    let body = match state.replay.clone() {
        _ if panes.0 == 0 => html! {
            <p class="embed-message">{"This embed shows no panes: open it in the full editor."}</p>
        },
        Some(_) if state.is_stale() && !panes.shows(Panes::CODE) => html! {
            <p class="embed-message" role="alert">
                {"This scenario does not run: "}{ state.refused.first().map(|p| format!("line {}: {}", p.line, p.title)).unwrap_or_default() }
                {". Open it in the full editor to see why."}
            </p>
        },
        None => html! {
            <p class="embed-message" role="alert">{"This scenario could not be shown."}</p>
        },
        Some(replay) => layout::panes(PaneView {
            state: &state,
            replay,
            panes,
            reduced_motion: *reduced_motion,
            on_edit,
            on_seek,
            dispatch,
            top_row: "embed-row",
            bottom_row: "embed-row",
        }),
    };
    html! {
        <main ref={root} class={class} style={style} data-panes={names}
            data-playing={if state.playing { "true" } else { "false" }}>
            { header }
            { body }
        </main>
    }
}
