//! The scenario editor: a plain `<textarea>` over a coloured copy of the code, with
//! diagnostics underlined, problems annotated at the end of their line, and a chip
//! for every task on the line where it stands.

use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::task_colour;
use crate::ui::model::highlight::{self, CodeLine};
use crate::ui::model::problems::{Problem, Severity};
use crate::ui::model::snapshot::{wait_words, CpuState, LoopSnapshot, TaskState};
use crate::ui::model::Replay;
use crate::ui::state::Shared;

/// Must match `--line-px` in the stylesheet.
const LINE_PX: u32 = 20;
const PAD_TOP_PX: u32 = 8;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub source: Rc<str>,
    /// Changes when the text is replaced from outside (a preset was loaded).
    pub loaded: u32,
    /// Why the current text does not run.
    pub refused: Shared<Vec<Problem>>,
    pub marks: Option<Rc<LoopSnapshot>>,
    /// The run that is drawn: what went wrong in it is annotated.
    #[prop_or_default]
    pub replay: Option<Shared<Replay>>,
    pub on_edit: Callback<String>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    {
        // A loaded preset replaces the text; typing never round-trips through here,
        // so the caret stays where it is.
        let textarea = textarea.clone();
        let source = props.source.clone();
        use_effect_with(props.loaded, move |_| {
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                if el.value() != *source {
                    el.set_value(&source);
                }
            }
        });
    }
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            on_edit.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let ranges: Vec<(u32, u32)> = props.refused.iter().filter_map(|p| p.range).collect();
    let lines = use_memo((props.source.clone(), ranges), |(source, ranges)| {
        highlight::code_lines(source, ranges)
    });
    let line_count = lines.len() as u32;
    let widest = props
        .source
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let run_problems = props.replay.as_ref().map_or(&[][..], |r| &r.problems);
    let annotations = Rc::new(annotations(&props.refused, run_problems));
    let invalid = if props.refused.is_empty() {
        "false"
    } else {
        "true"
    };
    let height = line_count * LINE_PX + 2 * PAD_TOP_PX;

    html! {
        <div class="editor">
            <div class="editor-scroll">
                <Gutter lines={line_count} annotations={annotations.clone()} />
                <div class="code-area" style={format!("height: {height}px; min-width: calc({}ch + 2rem)", widest + 2)}>
                    <Marks snapshot={props.marks.clone()} replay={props.replay.clone()}
                        source={props.source.clone()} annotations={annotations} />
                    <CodeOverlay lines={Shared(lines)} />
                    <textarea ref={textarea} class="code-input" aria-label="Scenario code"
                        aria-invalid={invalid} aria-describedby="problems"
                        spellcheck="false" autocapitalize="off" autocomplete="off" wrap="off"
                        oninput={oninput} />
                </div>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CodeOverlayProps {
    lines: Shared<Vec<CodeLine>>,
}

/// The coloured copy of the code under the textarea; redrawn only when the text or
/// its diagnostics change, never per animation frame.
#[component]
fn CodeOverlay(props: &CodeOverlayProps) -> Html {
    html! { <pre class="code-overlay" aria-hidden="true">{ for props.lines.iter().map(code_line) }</pre> }
}

#[derive(Properties, PartialEq)]
struct GutterProps {
    lines: u32,
    annotations: Rc<Vec<Annotation>>,
}

#[component]
fn Gutter(props: &GutterProps) -> Html {
    let height = props.lines * LINE_PX + 2 * PAD_TOP_PX;
    html! {
        <div class="gutter" aria-hidden="true" style={format!("height: {height}px")}>
            { for (1..=props.lines).map(|n| gutter_line(n, &props.annotations)) }
        </div>
    }
}

/// One line of the coloured copy.
fn code_line(line: &CodeLine) -> Html {
    html! {
        <div class="code-line">
            { for line.pieces.iter().map(|p| {
                let class = classes!(p.class, p.flagged.then_some("squiggle"));
                html! { <span class={class}>{ &p.text }</span> }
            }) }
            if line.flagged_at_end { <span class="squiggle squiggle-end">{"\u{a0}"}</span> }
        </div>
    }
}

/// A problem's place in the editor.
#[derive(Clone, PartialEq)]
struct Annotation {
    line: u32,
    severity: Severity,
    text: String,
}

fn annotations(refused: &[Problem], problems: &[Problem]) -> Vec<Annotation> {
    // While the text does not run, only its own diagnostics make sense on it.
    let shown = if refused.is_empty() {
        problems
    } else {
        refused
    };
    let mut out: Vec<Annotation> = Vec::new();
    for p in shown {
        if out.iter().any(|a| a.line == p.line) {
            continue;
        }
        let text = if p.range.is_some() {
            p.message.clone()
        } else {
            p.title.clone()
        };
        out.push(Annotation {
            line: p.line,
            severity: p.severity,
            text,
        });
    }
    out
}

fn gutter_line(n: u32, annotations: &[Annotation]) -> Html {
    let mark = annotations.iter().find(|a| a.line == n);
    let class = classes!(
        "gutter-line",
        mark.map(|a| match a.severity {
            Severity::Error => "has-error",
            Severity::Warning => "has-warning",
        })
    );
    html! {
        <div class={class} title={mark.map(|a| a.text.clone())}>
            { n }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MarksProps {
    snapshot: Option<Rc<LoopSnapshot>>,
    replay: Option<Shared<Replay>>,
    source: Rc<str>,
    annotations: Rc<Vec<Annotation>>,
}

/// Per-frame layer: the running line, task chips and problem annotations.
#[component]
fn Marks(props: &MarksProps) -> Html {
    let line_len = |line: u32| -> usize {
        props
            .source
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .map_or(0, |l| l.chars().count())
    };
    let top = |line: u32| PAD_TOP_PX + line.saturating_sub(1) * LINE_PX;
    let mut nodes: Vec<Html> = Vec::new();
    let mut chips_at: Vec<(u32, usize)> = Vec::new();
    for a in props.annotations.iter() {
        let left = line_len(a.line) + 3;
        let text: String = a.text.chars().take(70).collect();
        chips_at.push((a.line, left + text.chars().count() + 2));
        let class = match a.severity {
            Severity::Error => "annotation error",
            Severity::Warning => "annotation warning",
        };
        nodes.push(html! {
            <div class={class} style={format!("top: {}px; left: calc(0.75rem + {left}ch)", top(a.line))}>
                <span>{ text }</span>
            </div>
        });
    }
    if let (Some(snapshot), Some(replay)) = (&props.snapshot, &props.replay) {
        let running = match &snapshot.cpu {
            CpuState::Task { task, line, .. } => Some((*line, Some(*task))),
            CpuState::Callback { line, .. } => Some((*line, None)),
            _ => None,
        };
        if let Some((line, task)) = running {
            let class = classes!("run-line", task.map(task_colour));
            nodes.insert(
                0,
                html! { <div class={class} style={format!("top: {}px", top(line))} /> },
            );
        }
        for marks in &snapshot.lines {
            let left = chips_at
                .iter()
                .find(|(l, _)| *l == marks.line)
                .map_or(line_len(marks.line) + 3, |(_, left)| *left);
            nodes.push(html! {
                <div class="task-marks" style={format!("top: {}px; left: calc(0.75rem + {left}ch)", top(marks.line))}>
                    { for marks.tasks.iter().map(|(task, state)| task_chip(replay, *task, state)) }
                    if marks.more > 0 { <span class="chip more">{ format!("+{}", marks.more) }</span> }
                </div>
            });
        }
    }
    html! { <div class="marks" aria-hidden="true">{ for nodes }</div> }
}

fn task_chip(replay: &Replay, task: u32, state: &TaskState) -> Html {
    let trace = &replay.async_run;
    let name = trace
        .tasks
        .get(task as usize)
        .map_or("?", |t| t.name.as_str());
    let (icon, words) = match state {
        TaskState::Running { .. } => ("▶ ", "running".to_string()),
        TaskState::Ready { .. } => ("", "ready".to_string()),
        TaskState::Suspended { on, .. } => ("", format!("waits: {}", wait_words(trace, on))),
        _ => ("", String::new()),
    };
    let class = classes!(
        "chip",
        "task-chip",
        task_colour(task),
        matches!(state, TaskState::Running { .. }).then_some("running")
    );
    html! {
        <span class={class} key={task}>{ format!("{icon}{name} · {words}") }</span>
    }
}
