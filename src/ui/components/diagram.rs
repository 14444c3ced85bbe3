//! The event loop in three layers, as the machine works: the program (the CPU and
//! who runs on it, the ready queue, timers, tasks waiting on each other), the kernel
//! (requests handed over, the selector), and the devices (requests being served,
//! filling like progress bars, and each device's queue).

use std::rc::Rc;

use yew::prelude::*;

use super::task_colour;
use crate::trace::{TaskIndex, Trace};
use crate::ui::model::snapshot::{Activity, CpuState, LoopSnapshot, ReadyChip};
use crate::ui::model::time_format::{clock, duration};
use crate::ui::model::timeline::request_words;
use crate::ui::model::Replay;
use crate::ui::state::Shared;

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub snapshot: Rc<LoopSnapshot>,
    pub replay: Shared<Replay>,
    pub reduced_motion: bool,
}

#[component]
pub fn Diagram(props: &DiagramProps) -> Html {
    let s = &props.snapshot;
    let trace = &props.replay.async_run;
    let iteration = s.iteration.map_or("not started".to_string(), |i| {
        format!("iteration {}", i + 1)
    });
    html! {
        <section class="pane diagram" aria-label="Event loop">
            <h2 class="pane-title">{"Event loop "}<span class="quiet">{ iteration }</span>
                <span class="quiet">{ format!(" · {} of {} tasks done", s.tasks_done, s.tasks_total) }</span></h2>
            <div class="layer program">
                <h3 class="layer-title">{"Program"}</h3>
                <div class="box cpu-box">
                    <span class="box-title">{"CPU"}</span>
                    { cpu(trace, &s.cpu) }
                </div>
                <div class="box">
                    <span class="box-title">{"Ready queue "}<span class="quiet">{"(first in, first out)"}</span></span>
                    <ol class="chips queue">
                        { for ready_keys(&s.ready).into_iter().zip(&s.ready).map(|(key, chip)| html! {
                            // Keyed by what the entry is, so an entry keeps its element
                            // (and does not pop in again) as the queue moves up.
                            <li key={key} class={classes!("chip", "pop", chip.task.map(task_colour))}>
                                { &chip.label }
                            </li>
                        }) }
                        { more(s.ready_total, s.ready.len()) }
                        if s.ready_total == 0 { <li class="empty">{"empty"}</li> }
                    </ol>
                </div>
                <div class="box">
                    <span class="box-title">{"Timers"}</span>
                    <ul class="chips">
                        { for s.timers.iter().map(|&(task, until)| html! {
                            <li key={task} class={classes!("chip", "pop", task_colour(task))}>
                                { format!("{} wakes at {}", task_name(trace, task), clock(until)) }
                            </li>
                        }) }
                        { more(s.timers_total, s.timers.len()) }
                        if s.timers_total == 0 { <li class="empty">{"none"}</li> }
                    </ul>
                </div>
                if s.waiting_total > 0 {
                    <div class="box">
                        <span class="box-title">{"Waiting on other tasks"}</span>
                        <ul class="chips">
                            { for s.waiting.iter().map(|(task, what)| html! {
                                <li key={*task} class={classes!("chip", task_colour(*task))}>
                                    { format!("{} waits on {}", task_name(trace, *task), what) }
                                </li>
                            }) }
                            { more(s.waiting_total, s.waiting.len()) }
                        </ul>
                    </div>
                }
            </div>
            <div class="layer kernel">
                <h3 class="layer-title">{"Kernel"}</h3>
                <div class="box">
                    <span class="box-title">{"Requests handed over"}</span>
                    <ul class="chips">
                        { for s.kernel.iter().map(|&r| request_chip(trace, r)) }
                        { more(s.kernel_total, s.kernel.len()) }
                        if s.kernel_total == 0 { <li class="empty">{"none"}</li> }
                    </ul>
                </div>
                <div class={classes!("box", "selector", matches!(s.cpu, CpuState::Selector { .. }).then_some("waiting"))}>
                    <span class="box-title">{"Selector"}</span>
                    { match &s.cpu {
                        CpuState::Selector { until_us } => html! {
                            <span>{ format!("the loop sleeps here until {}: nothing is ready", clock(*until_us)) }</span>
                        },
                        _ => html! { <span class="quiet">{"not waiting"}</span> },
                    } }
                </div>
            </div>
            <div class="layer devices">
                <h3 class="layer-title">{"Devices"}</h3>
                if trace.devices.is_empty() { <p class="quiet">{"This program uses no device."}</p> }
                { for trace.devices.iter().enumerate().map(|(d, info)| {
                    let snap = s.devices.get(d).cloned().unwrap_or_default();
                    let parallel = match info.parallel {
                        Some(1) => "one request at a time".to_string(),
                        Some(n) => format!("{n} requests at a time"),
                        None => "any number at once".to_string(),
                    };
                    let travelling: Vec<_> = if props.reduced_motion { vec![] } else {
                        s.just_completed.iter().filter(|(r, _)| trace.requests.get(*r as usize).is_some_and(|q| q.device as usize == d)).cloned().collect()
                    };
                    html! {
                        <div class="box device" key={d}>
                            <span class="box-title">{ &info.name }
                                <span class="quiet">{ format!(" · latency {} · {parallel}", duration(info.latency_us)) }</span></span>
                            <ul class="in-flight">
                                { for snap.serving.iter().map(|f| html! {
                                    <li key={f.request} class="progress-row">
                                        <span class={classes!("chip", f.task.map(task_colour))}>{ owner(trace, f.task) }</span>
                                        <span class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                                            aria-valuenow={format!("{:.0}", f.progress * 100.0)}
                                            aria-label={format!("request {} progress", f.request)}>
                                            <span class="progress-fill" style={format!("width: {:.1}%", f.progress * 100.0)} />
                                        </span>
                                    </li>
                                }) }
                                if snap.serving.is_empty() { <li class="empty">{"idle"}</li> }
                            </ul>
                            if !snap.queued.is_empty() {
                                <div class="device-queue">
                                    <span class="quiet">{"queue: "}</span>
                                    <ol class="chips queue">
                                        { for snap.queued.iter().map(|&r| request_chip(trace, r)) }
                                    </ol>
                                </div>
                            }
                            { for travelling.iter().map(|(r, task)| html! {
                                <span key={format!("up-{r}")} class={classes!("travel", task.map(task_colour))}>
                                    { format!("↑ done, wakes {}", owner(trace, *task)) }
                                </span>
                            }) }
                        </div>
                    }
                }) }
            </div>
        </section>
    }
}

fn cpu(trace: &Trace, state: &CpuState) -> Html {
    let activity_words = |a: &Activity| match a {
        Activity::Stepping => "runs".to_string(),
        Activity::Busy { until_us } => format!("computes (cpu) until {}", clock(*until_us)),
        Activity::Asleep { until_us } => {
            format!("blocks the thread in time.sleep until {}", clock(*until_us))
        }
        Activity::BlockedOnIo { until_us, .. } => {
            format!("blocks the thread on I/O until {}", clock(*until_us))
        }
    };
    match state {
        CpuState::Task {
            task,
            line,
            activity,
        } => {
            let stall = !matches!(activity, Activity::Stepping | Activity::Busy { .. });
            html! {
                <span class={classes!("cpu-now", stall.then_some("stall"))}>
                    <span class={classes!("chip", "running", task_colour(*task))}>{ task_name(trace, *task) }</span>
                    { format!(" {} at line {line}", activity_words(activity)) }
                </span>
            }
        }
        CpuState::Callback {
            label,
            line,
            activity,
        } => html! {
            <span class="cpu-now">
                <span class="chip running">{ format!("{label}()") }</span>
                { format!(" {} at line {line}", activity_words(activity)) }
            </span>
        },
        CpuState::Selector { .. } => {
            html! { <span class="quiet">{"idle: the loop waits in the selector"}</span> }
        }
        CpuState::Between => {
            html! { <span class="quiet">{"the loop picks the next callback"}</span> }
        }
        CpuState::Finished => html! { <span class="quiet">{"the program has finished"}</span> },
    }
}

fn request_chip(trace: &Trace, r: u32) -> Html {
    let task = trace.requests.get(r as usize).and_then(|q| q.task);
    html! {
        <li key={r} class={classes!("chip", "pop", task.map(task_colour))}>
            { format!("{} · {}", request_words(trace, r), owner(trace, task)) }
        </li>
    }
}

/// Stable keys for ready-queue entries: the label, numbered when it repeats.
fn ready_keys(ready: &[ReadyChip]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(ready.len());
    for chip in ready {
        let seen = keys
            .iter()
            .filter(|k| k.split('#').next() == Some(chip.label.as_str()))
            .count();
        keys.push(format!("{}#{seen}", chip.label));
    }
    keys
}

fn more(total: usize, shown: usize) -> Html {
    if total > shown {
        html! { <li class="chip more">{ format!("+{} more", total - shown) }</li> }
    } else {
        html! {}
    }
}

fn task_name(trace: &Trace, task: TaskIndex) -> &str {
    trace
        .tasks
        .get(task as usize)
        .map_or("?", |t| t.name.as_str())
}

fn owner(trace: &Trace, task: Option<TaskIndex>) -> String {
    task.map_or("main".to_string(), |t| task_name(trace, t).to_string())
}
