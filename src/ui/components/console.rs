//! The program's output, each line stamped with its virtual time, appearing as the
//! playhead passes it.

use web_sys::Element;
use yew::prelude::*;

use crate::ui::model::console::Stream;
use crate::ui::model::time_format::clock;
use crate::ui::model::Replay;
use crate::ui::state::Shared;

/// Lines kept on screen; earlier ones are summarised.
const MAX_LINES_SHOWN: usize = 200;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub replay: Shared<Replay>,
    /// Lines on screen (a prefix of all lines).
    pub visible: usize,
}

#[component]
pub fn ConsolePane(props: &ConsoleProps) -> Html {
    let list = use_node_ref();
    {
        // Keep the newest line in view.
        let list = list.clone();
        use_effect_with(props.visible, move |_| {
            if let Some(el) = list.cast::<Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let lines = &props.replay.console.lines;
    let visible = props.visible.min(lines.len());
    // A long run prints thousands of lines; the newest are what matter while playing.
    let from = visible.saturating_sub(MAX_LINES_SHOWN);
    html! {
        <section class="pane console" aria-label="Console">
            <h2 class="pane-title">{"Console "}<span class="quiet">{ format!("{} of {} lines", props.visible, lines.len()) }</span></h2>
            <ol ref={list} class="console-lines" data-visible={props.visible.to_string()}>
                if from > 0 { <li class="earlier">{ format!("… {from} earlier lines") }</li> }
                { for lines[from..visible].iter().map(|l| html! {
                    <li class={if l.stream == Stream::Stderr { "stderr" } else { "stdout" }}>
                        <time>{ clock(l.t_us) }</time>
                        <span class="out">{ &l.text }</span>
                    </li>
                }) }
            </ol>
        </section>
    }
}
