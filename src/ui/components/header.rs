//! Title, preset picker with its teaching point, the Recent menu, the page's actions
//! (children: Share), theme toggle.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::presets;
use crate::ui::browser;
use crate::ui::model::recent;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub preset: Option<&'static str>,
    pub on_preset: Callback<&'static str>,
    /// The last few custom scenarios, newest first.
    #[prop_or_default]
    pub recent: Rc<Vec<String>>,
    #[prop_or_default]
    pub on_recent: Callback<String>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let dark = use_state(browser::is_dark_theme);
    let on_change = {
        let on_preset = props.on_preset.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(p) = presets::find(&id) {
                on_preset.emit(p.id);
            }
        })
    };
    let on_recent_change = {
        let on_recent = props.on_recent.clone();
        let recent = props.recent.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            let picked = select.value().parse::<usize>().ok();
            // The menu goes back to its title: it is a list of actions.
            select.set_value("");
            if let Some(code) = picked.and_then(|i| recent.get(i)) {
                on_recent.emit(code.clone());
            }
        })
    };
    let toggle_theme = {
        let dark = dark.clone();
        Callback::from(move |_: MouseEvent| {
            browser::set_dark_theme(!*dark);
            dark.set(!*dark);
        })
    };
    let teaches = props
        .preset
        .and_then(presets::find)
        .map_or("Your own scenario: it re-runs as you type.", |p| p.teaches);
    html! {
        <header class="header">
            <h1 class="brand">{"awaitscope"}<span class="tagline">{" — why async I/O is fast"}</span></h1>
            <label class="preset-picker">
                <span class="visually-hidden">{"Preset"}</span>
                <select aria-label="Preset" onchange={on_change}>
                    if props.preset.is_none() {
                        <option value="" selected=true>{"Your scenario"}</option>
                    }
                    { for presets::ALL.iter().map(|p| html! {
                        <option value={p.id} selected={props.preset == Some(p.id)}>{ p.title }</option>
                    }) }
                </select>
            </label>
            if !props.recent.is_empty() {
                <label class="recent-picker">
                    <span class="visually-hidden">{"Recent"}</span>
                    <select aria-label="Recent" onchange={on_recent_change}>
                        <option value="" selected=true>{"Recent…"}</option>
                        { for props.recent.iter().enumerate().map(|(i, code)| html! {
                            <option value={i.to_string()}>{ recent::label(code) }</option>
                        }) }
                    </select>
                </label>
            }
            <p class="teaches" aria-live="polite">{ teaches }</p>
            // The actions stay together at the right end, wrapping as one group.
            <div class="header-actions">
                { props.children.clone() }
                <button class="theme-toggle" type="button" aria-label="Dark theme"
                    aria-pressed={if *dark { "true" } else { "false" }} onclick={toggle_theme}
                    title="Switch between light and dark">
                    { if *dark { "☾" } else { "☀" } }
                </button>
            </div>
        </header>
    }
}
