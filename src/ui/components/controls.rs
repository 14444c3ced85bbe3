//! Play / pause, stepping, jumps, the scrubber and the speed.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::ui::model::time_format;
use crate::ui::state::{Action, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub playing: bool,
    pub t_us: u64,
    pub cursor: usize,
    pub events: usize,
    pub end_us: u64,
    pub speed: f64,
    pub stale: bool,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let button = |label: &'static str, icon: Html, action: fn() -> Action| {
        let dispatch = props.dispatch.clone();
        let onclick = Callback::from(move |_: MouseEvent| dispatch.emit(action()));
        html! {
            <button type="button" class="control" aria-label={label} title={label} onclick={onclick}>
                { icon }
            </button>
        }
    };
    let on_scrub = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Some(t) = crate::float_parse::parse_f64(&value) {
                dispatch.emit(Action::Seek(t as u64));
            }
        })
    };
    let on_speed = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(s) = crate::float_parse::parse_f64(&value) {
                dispatch.emit(Action::SetSpeed(s));
            }
        })
    };
    let (play_label, play_icon) = if props.playing {
        ("Pause", "M6 4h4v16H6zM14 4h4v16h-4z")
    } else {
        ("Play", "M7 4v16l13-8z")
    };
    let now = time_format::clock(props.t_us);
    html! {
        <div class="controls" role="toolbar" aria-label="Playback">
            { button("Jump to start", icon("M5 4h2v16H5zM20 4v16L8 12z"), || Action::JumpStart) }
            { button("Step back", icon("M6 4h2v16H6zM18 5v14l-9-7z"), || Action::StepBack) }
            <button type="button" class="control play" aria-label={play_label} title={play_label}
                onclick={props.dispatch.reform(|_| Action::TogglePlay)}>
                { icon(play_icon) }
            </button>
            { button("Step forward", icon("M16 4h2v16h-2zM6 5v14l9-7z"), || Action::StepForward) }
            { button("Jump to end", icon("M17 4h2v16h-2zM4 4v16l12-8z"), || Action::JumpEnd) }
            <input class="scrubber" type="range" aria-label="Scrubber" min="0"
                max={props.end_us.to_string()} step="1" value={props.t_us.to_string()}
                aria-valuetext={now.clone()} oninput={on_scrub} />
            <output class="clock" aria-label="Virtual time" data-t-us={props.t_us.to_string()}>
                { format!("{now} / {}", time_format::clock(props.end_us)) }
            </output>
            <span class="event-count" data-cursor={props.cursor.to_string()}>
                { format!("event {} of {}", props.cursor, props.events) }
            </span>
            <label class="speed">
                <span>{"Speed"}</span>
                <select aria-label="Speed" onchange={on_speed}>
                    { for SPEEDS.iter().map(|&s| html! {
                        <option value={s.to_string()} selected={(s - props.speed).abs() < 1e-12}>
                            { format!("{}×", s) }
                        </option>
                    }) }
                </select>
            </label>
            if props.stale { <span class="stale-badge" title="The code has an error; showing the last version that ran">{"last good run"}</span> }
        </div>
    }
}

/// A 24×24 icon from one path (no icon font: glyphs such as ⏮ are missing on many systems).
fn icon(d: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path d={d} fill="currentColor" />
        </svg>
    }
}
