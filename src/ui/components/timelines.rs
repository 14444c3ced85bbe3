//! Both runs on one time axis: the event-loop run (CPU, devices, a lane per task)
//! and the blocking baseline (one thread). Each lane set is drawn once per trace as a
//! few SVG paths; per frame only the playhead line moves. Hovering a segment tells
//! what it is; clicking moves the playhead there.

use web_sys::{Element, MouseEvent};
use yew::prelude::*;

use crate::trace::TaskEnd;
use crate::ui::model::paint::{self, LaneChunk, VIEW_WIDTH};
use crate::ui::model::problems::{Problem, Severity};
use crate::ui::model::time_format;
use crate::ui::model::timeline::{Lane, LaneKind, Timeline};
use crate::ui::model::Replay;
use crate::ui::state::Shared;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    EventLoop,
    Blocking,
}

#[derive(Properties, PartialEq)]
pub struct TimelinesProps {
    pub replay: Shared<Replay>,
    pub generation: u32,
    pub fraction: f64,
    pub on_seek: Callback<u64>,
}

#[component]
pub fn Timelines(props: &TimelinesProps) -> Html {
    let replay = &props.replay;
    html! {
        <section class="pane timelines" aria-label="Timelines">
            <div class="tl-axis" aria-hidden="true">
                <div class="tl-axis-inner">
                    { for replay.ticks.iter().map(|&t| html! {
                        <span class={classes!("tick", (replay.fraction(t) > 0.93).then_some("tick-end"))}
                            style={format!("left: {:.3}%", replay.fraction(t) * 100.0)}>
                            { if t == 0 { "0".to_string() } else { time_format::duration(t) } }
                        </span>
                    }) }
                </div>
            </div>
            <TimelineView replay={replay.clone()} which={Which::EventLoop} generation={props.generation}
                fraction={props.fraction} on_seek={props.on_seek.clone()} />
            <TimelineView replay={replay.clone()} which={Which::Blocking} generation={props.generation}
                fraction={props.fraction} on_seek={props.on_seek.clone()} />
            { legend() }
        </section>
    }
}

fn legend() -> Html {
    html! {
        <ul class="legend" aria-label="Legend">
            { for paint::legend().iter().map(|entry| html! {
                <li><svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><rect class={entry.class} width="12" height="12" /></svg>{ entry.words }</li>
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct TimelineViewProps {
    replay: Shared<Replay>,
    which: Which,
    generation: u32,
    fraction: f64,
    on_seek: Callback<u64>,
}

/// Where the pointer is over a timeline.
struct Pointer {
    t_us: u64,
    /// Lane index and device sub-row.
    lane: Option<(usize, u16)>,
    us_per_px: f64,
    client: (f64, f64),
}

/// A hovered segment: what to say and where.
#[derive(Clone, PartialEq)]
struct Hover {
    lines: Vec<String>,
    x_px: f64,
    y_px: f64,
}

#[component]
fn TimelineView(props: &TimelineViewProps) -> Html {
    let hover = use_state(|| None::<Hover>);
    let figure = use_node_ref();
    // Yew delegates events to the root, so positions are measured on this node.
    let overlay = use_node_ref();
    let replay = &props.replay;
    let (timeline, label, caption) = match props.which {
        Which::EventLoop => (&replay.async_timeline, "Event loop timeline", "Event loop"),
        Which::Blocking => (
            &replay.blocking_timeline,
            "Blocking timeline",
            "Blocking baseline",
        ),
    };

    let locate = {
        let replay = props.replay.clone();
        let which = props.which;
        let overlay = overlay.clone();
        move |e: &MouseEvent| -> Option<Pointer> {
            let rect = overlay.cast::<Element>()?.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return None;
            }
            let fx = ((e.client_x() as f64 - rect.left()) / rect.width()).clamp(0.0, 1.0);
            let y = e.client_y() as f64 - rect.top();
            let t_us = (fx * replay.axis_end_us as f64).round() as u64;
            let timeline = match which {
                Which::EventLoop => &replay.async_timeline,
                Which::Blocking => &replay.blocking_timeline,
            };
            let us_per_px = replay.axis_end_us as f64 / rect.width();
            Some(Pointer {
                t_us,
                lane: timeline.lane_at(y),
                us_per_px,
                client: (e.client_x() as f64, e.client_y() as f64),
            })
        }
    };
    let onmousemove = {
        let hover = hover.clone();
        let replay = props.replay.clone();
        let which = props.which;
        let figure = figure.clone();
        let locate = locate.clone();
        Callback::from(move |e: MouseEvent| {
            let timeline = match which {
                Which::EventLoop => &replay.async_timeline,
                Which::Blocking => &replay.blocking_timeline,
            };
            let found = locate(&e).and_then(|at| {
                let (lane_i, row) = at.lane?;
                let lane = &timeline.lanes[lane_i];
                let row = matches!(lane.kind, LaneKind::Device(_)).then_some(row);
                let seg = lane.segment_at(at.t_us, (at.us_per_px * 3.0) as u64, row)?;
                let (cx, cy) = at.client;
                let mut lines = vec![lane.label.clone()];
                lines.extend(timeline.describe(lane, seg));
                let fig = figure.cast::<Element>()?.get_bounding_client_rect();
                Some(Hover {
                    lines,
                    x_px: cx - fig.left(),
                    y_px: cy - fig.top(),
                })
            });
            if *hover != found {
                hover.set(found);
            }
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let onclick = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(at) = locate(&e) {
                on_seek.emit(at.t_us);
            }
        })
    };
    let mut markers: Vec<&Problem> = match props.which {
        Which::EventLoop => replay
            .problems
            .iter()
            .filter(|p| p.t_us.is_some())
            .collect(),
        Which::Blocking => Vec::new(),
    };
    crate::sort::sort_by_key(&mut markers, |p| {
        (u64::from(p.t_us.is_some()), p.t_us.unwrap_or(0))
    });
    let class = match props.which {
        Which::EventLoop => "timeline event-loop",
        Which::Blocking => "timeline blocking",
    };
    html! {
        <figure ref={figure} class={class} role="group" aria-label={label}
            data-generation={props.generation.to_string()} data-end-us={timeline.end_us.to_string()}
            data-lanes={timeline.lanes.len().to_string()}>
            <figcaption class="tl-caption">
                <strong>{ caption }</strong>
                { format!(" · finishes at {}", time_format::clock(timeline.end_us)) }
            </figcaption>
            if !markers.is_empty() {
                <div class="tl-markers">
                    <div class="tl-markers-inner">
                        { for marker_labels(&markers, replay).into_iter().map(|(p, fraction, label)| {
                            let class = classes!(
                                "tl-marker",
                                match p.severity { Severity::Error => "error", Severity::Warning => "warning" },
                                (fraction > 0.7).then_some("flip"),
                            );
                            html! {
                                <span class={class} style={format!("left: {:.3}%", fraction * 100.0)}
                                    title={format!("line {}: {}", p.line, p.title)}>
                                    { label }
                                </span>
                            }
                        }) }
                    </div>
                </div>
            }
            <div class="tl-scroll">
                <div class="tl-content" style={format!("height: {}px", timeline.height_px())}>
                    <TimelineBody replay={replay.clone()} which={props.which} />
                    <div ref={overlay} class="tl-overlay" onmousemove={onmousemove} onmouseleave={onmouseleave} onclick={onclick}>
                        <div class="tl-end" style={format!("left: {:.3}%", replay.fraction(timeline.end_us) * 100.0)} />
                        { for markers.iter().map(|p| html! {
                            <div class="tl-marker-line" style={format!("left: {:.3}%", replay.fraction(p.t_us.unwrap_or(0)) * 100.0)} />
                        }) }
                        // Moved with a transform on its own layer, so playing never repaints the lanes.
                        <div class="playhead" style={format!("transform: translateX({:.4}%)", props.fraction * 100.0)} />
                    </div>
                </div>
            </div>
            if let Some(h) = &*hover {
                <div class="tooltip" role="tooltip" style={format!("left: {:.0}px; top: {:.0}px", h.x_px + 12.0, h.y_px + 14.0)}>
                    { for h.lines.iter().enumerate().map(|(i, l)| html! {
                        <div class={if i == 0 { "tt-title" } else { "tt-line" }}>{ l }</div>
                    }) }
                </div>
            }
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct TimelineBodyProps {
    replay: Shared<Replay>,
    which: Which,
}

/// Lane labels and the SVG: drawn once per trace, in blocks the browser can skip
/// while they are scrolled out of view.
#[component]
fn TimelineBody(props: &TimelineBodyProps) -> Html {
    let replay = &props.replay;
    let (timeline, chunks) = match props.which {
        Which::EventLoop => (&replay.async_timeline, &replay.async_chunks),
        Which::Blocking => (&replay.blocking_timeline, &replay.blocking_chunks),
    };
    html! {
        <div class="tl-body">
            { for chunks.iter().map(|chunk| lane_chunk(replay, timeline, chunk)) }
        </div>
    }
}

fn lane_chunk(replay: &Replay, timeline: &Timeline, chunk: &LaneChunk) -> Html {
    let height = chunk.height_px;
    let grid: String = replay
        .ticks
        .iter()
        .map(|&t| format!("M{:.2} 0V{height}", replay.fraction(t) * VIEW_WIDTH))
        .collect();
    let separators: String = timeline.lane_tops[chunk.lanes.start + 1..chunk.lanes.end + 1]
        .iter()
        .map(|&y| format!("M0 {}H{VIEW_WIDTH}", y - chunk.top_px))
        .collect();
    html! {
        <div class="lane-chunk" style={format!("height: {height}px")}>
            <div class="tl-labels">
                { for timeline.lanes[chunk.lanes.clone()].iter().map(lane_label) }
            </div>
            <svg class="tl-svg" viewBox={format!("0 0 {VIEW_WIDTH} {height}")} preserveAspectRatio="none"
                width="100%" height={height.to_string()} aria-hidden="true">
                <path class="tl-grid" d={grid} vector-effect="non-scaling-stroke" />
                <path class="tl-sep" d={separators} vector-effect="non-scaling-stroke" />
                { for chunk.paths.iter().map(|p| html! { <path class={p.class.clone()} d={p.d.clone()} /> }) }
            </svg>
        </div>
    }
}

/// Marker labels along the top of the event-loop timeline: in full where there is
/// room, as the line number alone where markers crowd.
fn marker_labels<'a>(markers: &[&'a Problem], replay: &Replay) -> Vec<(&'a Problem, f64, String)> {
    let mut last_full: Option<f64> = None;
    let mut last_any: Option<f64> = None;
    markers
        .iter()
        .filter_map(|p| {
            let fraction = replay.fraction(p.t_us.unwrap_or(0));
            let near =
                |last: Option<f64>, gap: f64| last.is_some_and(|l| (fraction - l).abs() < gap);
            // On top of another marker: its dashed line is enough.
            if near(last_any, 0.04) {
                return None;
            }
            last_any = Some(fraction);
            let label = if near(last_full, 0.22) {
                format!("line {}", p.line)
            } else {
                last_full = Some(fraction);
                format!("line {}: {}", p.line, p.title)
            };
            Some((*p, fraction, label))
        })
        .collect()
}

/// A lane's name, as a plain function: it needs no state.
fn lane_label(lane: &Lane) -> Html {
    let end = match &lane.end {
        Some(TaskEnd::Finished { .. }) => " ✓",
        Some(TaskEnd::Failed { .. }) => " ✗",
        Some(TaskEnd::Cancelled) => " ⊘",
        None => "",
    };
    let class = match lane.kind {
        LaneKind::Task(t) => classes!("lane-label", super::task_colour(t)),
        _ => classes!("lane-label", "lane-strong"),
    };
    html! {
        <div class={class} style={format!("height: {}px", lane.height_px)} title={format!("{} {}", lane.label, lane.sublabel)}>
            <span class="lane-name">{ &lane.label }{ end }</span>
            <span class="lane-sub">{ &lane.sublabel }</span>
        </div>
    }
}
