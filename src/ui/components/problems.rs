//! The list of problems under the editor, each with a student-friendly explanation;
//! clicking one with a time moves the playhead there.

use yew::prelude::*;

use crate::ui::model::problems::{grouped, Problem, ProblemGroup, Severity};
use crate::ui::model::Replay;
use crate::ui::state::Shared;

#[derive(Properties, PartialEq)]
pub struct ProblemListProps {
    pub refused: Shared<Vec<Problem>>,
    pub replay: Option<Shared<Replay>>,
    pub on_seek: Callback<u64>,
}

#[component]
pub fn ProblemList(props: &ProblemListProps) -> Html {
    let stale = !props.refused.is_empty();
    let run_problems = props
        .replay
        .as_ref()
        .map(|r| r.problems.as_slice())
        .unwrap_or(&[]);
    html! {
        <div id="problems" class="problems" aria-live="polite">
            if stale {
                <p class="stale-note">{"This version does not run yet; the timelines show the last version that ran."}</p>
                { for grouped(&props.refused).iter().take(MAX_SHOWN).map(|g| problem(g, None)) }
            } else {
                { for grouped(run_problems).iter().take(MAX_SHOWN).map(|g| problem(g, Some(&props.on_seek))) }
            }
        </div>
    }
}

/// More explanations than this would bury the code.
const MAX_SHOWN: usize = 12;

fn problem(group: &ProblemGroup, on_seek: Option<&Callback<u64>>) -> Html {
    let p: &Problem = &group.first;
    let times = if group.count > 1 {
        format!(" ({} times)", group.count)
    } else {
        String::new()
    };
    let class = match p.severity {
        Severity::Error => "problem error",
        Severity::Warning => "problem warning",
    };
    let icon = match p.severity {
        Severity::Error => "✖",
        Severity::Warning => "⚠",
    };
    let jump = match (p.t_us, on_seek) {
        (Some(t), Some(on_seek)) => {
            let on_seek = on_seek.clone();
            let onclick = Callback::from(move |_: MouseEvent| on_seek.emit(t));
            html! { <button type="button" class="linkish" onclick={onclick}>{ if group.count > 1 { "show the first on the timeline" } else { "show on the timeline" } }</button> }
        }
        _ => html! {},
    };
    html! {
        <div class={class} role="note">
            <p class="problem-title"><span aria-hidden="true">{ icon }</span>{ match p.line {
                // Found as the program ended (coroutines freed then): no line to name.
                0 => format!(" At the end: {}{times}", p.title),
                line => format!(" Line {line}: {}{times}", p.title),
            } }</p>
            <p class="problem-explanation">{ &p.explanation }</p>
            if p.range.is_none() && !p.message.is_empty() { <p class="problem-message"><code>{ &p.message }</code></p> }
            { jump }
        </div>
    }
}
