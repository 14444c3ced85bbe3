//! The panes of a view, drawn from one state in page order: code beside the event loop
//! diagram, the controls, the timelines, the console beside the statistics. The full
//! app shows them all; the embedded view only those its link names. One function for
//! both, so the two views cannot drift apart.

use std::rc::Rc;

use yew::prelude::*;

use super::components::{
    console::ConsolePane, controls::Controls, diagram::Diagram, editor::Editor,
    problems::ProblemList, stats::StatsPane, timelines::Timelines,
};
use super::model::Replay;
use super::state::{Action, Shared, State};
use crate::share::Panes;

/// How long (real time) a completed request is shown travelling up.
const TRAVEL_MS: f64 = 700.0;

/// What [`panes`] draws with.
pub struct PaneView<'a> {
    pub state: &'a State,
    pub replay: Shared<Replay>,
    pub panes: Panes,
    pub reduced_motion: bool,
    pub on_edit: Callback<String>,
    pub on_seek: Callback<u64>,
    pub dispatch: Callback<Action>,
    /// The class of the rows that hold two panes side by side.
    pub top_row: &'static str,
    pub bottom_row: &'static str,
}

pub fn panes(view: PaneView) -> Html {
    let PaneView {
        state,
        replay,
        panes,
        reduced_motion,
        ..
    } = view;
    let recent_us = if reduced_motion {
        0
    } else {
        (TRAVEL_MS * 1000.0 * state.speed) as u64
    };
    let snapshot = Rc::new(replay.snapshot(state.playhead, recent_us));
    let console_count = replay
        .console
        .visible_count(state.playhead.t_us, state.playhead.cursor);
    let fraction = replay.fraction(state.playhead.t_us);
    let shows = |pane| panes.shows(pane);
    html! {
        <>
        if shows(Panes::CODE) || shows(Panes::DIAGRAM) {
            <div class={view.top_row}>
                if shows(Panes::CODE) {
                    <section class="pane code-pane" aria-label="Code">
                        <Editor source={state.source.clone()} loaded={state.loaded}
                            refused={state.refused.clone()}
                            marks={Some(snapshot.clone())} replay={Some(replay.clone())}
                            on_edit={view.on_edit} />
                        <ProblemList refused={state.refused.clone()} replay={Some(replay.clone())}
                            on_seek={view.on_seek.clone()} />
                    </section>
                }
                if shows(Panes::DIAGRAM) {
                    <Diagram snapshot={snapshot.clone()} replay={replay.clone()}
                        reduced_motion={reduced_motion} />
                }
            </div>
        }
        if shows(Panes::CONTROLS) {
            <Controls playing={state.playing} t_us={state.playhead.t_us}
                cursor={state.playhead.cursor} events={replay.steps.event_count()}
                end_us={replay.axis_end_us} speed={state.speed}
                stale={state.is_stale()} dispatch={view.dispatch} />
        }
        if shows(Panes::TIMELINES) {
            <Timelines replay={replay.clone()} generation={state.generation}
                fraction={fraction} on_seek={view.on_seek} />
        }
        if shows(Panes::CONSOLE) || shows(Panes::STATS) {
            <div class={view.bottom_row}>
                if shows(Panes::CONSOLE) {
                    <ConsolePane replay={replay.clone()} visible={console_count} />
                }
                if shows(Panes::STATS) {
                    <StatsPane replay={replay.clone()} />
                }
            </div>
        }
        </>
    }
}
