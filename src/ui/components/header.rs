//! Title, preset picker with its teaching point, theme toggle.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::presets;
use crate::ui::browser;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub preset: Option<&'static str>,
    pub on_preset: Callback<&'static str>,
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
            <p class="teaches" aria-live="polite">{ teaches }</p>
            <button class="theme-toggle" type="button" aria-label="Dark theme"
                aria-pressed={if *dark { "true" } else { "false" }} onclick={toggle_theme}
                title="Switch between light and dark">
                { if *dark { "☾" } else { "☀" } }
            </button>
        </header>
    }
}
