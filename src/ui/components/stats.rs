//! The numbers: both runs side by side, the speedup, and per-task times.

use yew::prelude::*;

use crate::ui::model::time_format::duration;
use crate::ui::model::Replay;
use crate::ui::state::Shared;

#[derive(Properties, PartialEq)]
pub struct StatsProps {
    pub replay: Shared<Replay>,
}

#[component]
pub fn StatsPane(props: &StatsProps) -> Html {
    let stats = &props.replay.stats;
    html! {
        <section class="pane stats" role="region" aria-label="Statistics">
            <h2 class="pane-title">{"Statistics"}</h2>
            <p class="speedup">
                if props.replay.async_run.totals.wall_us == 0 {
                    {"Neither run takes any virtual time "}
                    <strong data-stat="speedup" data-value={stats.speedup.to_string()}>{ &stats.speedup_text }</strong>
                } else {
                    {"Event loop is "}
                    <strong data-stat="speedup" data-value={stats.speedup.to_string()}>{ &stats.speedup_text }</strong>
                    {" as fast as the blocking baseline"}
                }
            </p>
            <table class="stats-table">
                <thead><tr><th scope="col">{""}</th><th scope="col">{"Event loop"}</th><th scope="col">{"Blocking"}</th></tr></thead>
                <tbody>
                    { for stats.rows.iter().map(|row| html! {
                        <tr>
                            <th scope="row">{ row.label }</th>
                            <td data-stat={format!("async.{}", row.field)} data-value={row.values[0].to_string()}>{ &row.texts[0] }</td>
                            <td data-stat={format!("blocking.{}", row.field)} data-value={row.values[1].to_string()}>{ &row.texts[1] }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <h3 class="subhead">{"Per task (event loop)"}</h3>
            <table class="stats-table tasks-table">
                <thead><tr>
                    <th scope="col">{"Task"}</th>
                    <th scope="col" title="running on the CPU">{"Busy"}</th>
                    <th scope="col" title="ready, waiting for the CPU">{"Ready"}</th>
                    <th scope="col" title="suspended, waiting for something">{"Waiting"}</th>
                </tr></thead>
                <tbody>
                    { for stats.tasks.iter().map(|t| (t.index, t)).map(|(i, t)| html! {
                        <tr>
                            <th scope="row"><span class={classes!("dot", super::task_colour(i as u32))} />{ format!("{} · {}()", t.name, t.coro) }</th>
                            <td data-stat={format!("task.{i}.busy_us")} data-value={t.busy_us.to_string()}>{ duration(t.busy_us) }</td>
                            <td data-stat={format!("task.{i}.ready_us")} data-value={t.ready_us.to_string()}>{ duration(t.ready_us) }</td>
                            <td data-stat={format!("task.{i}.waiting_us")} data-value={t.waiting_us.to_string()}>{ duration(t.waiting_us) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if stats.tasks_total == 0 {
                <p class="quiet">{"No tasks: this program runs plain callbacks."}</p>
            }
            if stats.tasks_total > stats.tasks.len() {
                <p class="quiet">{ format!("… and {} more tasks", stats.tasks_total - stats.tasks.len()) }</p>
            }
        </section>
    }
}
