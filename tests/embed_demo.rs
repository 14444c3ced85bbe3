//! The demo course page (`static/demo/course.html`, copied to `dist/demo/`) embeds
//! presets exactly as a course author would: with the Embed dialog's snippet (an
//! `<iframe>` and the documented listener, `ui::model::embed`). Its links must stay
//! real: each decodes to an embedded view of a preset whose code is that preset's
//! text today, so the demo cannot silently go stale.
//!
//! When a preset's text changes, `AWAITSCOPE_BLESS_DEMO=1 cargo test --test embed_demo`
//! re-encodes each iframe's link with the preset's current text (keeping its panes and
//! options) and rewrites its snippet.

use awaitscope::presets;
use awaitscope::share::{self, ShareState};
use awaitscope::ui::model::embed;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/static/demo/course.html");
/// The demo sits in `demo/` beside the app's `index.html`.
const APP_URL: &str = "../index.html";

/// One embed in the page: where its snippet is, and the link it opens.
struct Embed {
    range: std::ops::Range<usize>,
    fragment: String,
}

fn embeds(page: &str) -> Vec<Embed> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = page[from..].find("<iframe") {
        let start = from + at;
        let close = start + page[start..].find("</iframe>").expect("closed iframe") + 9;
        // The snippet runs through its listener, when it has one.
        let end = if page[close..].starts_with(&format!("\n{}", embed::LISTENER)) {
            close + 1 + embed::LISTENER.len()
        } else {
            close
        };
        let tag = &page[start..close];
        let src = tag
            .split("src=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("an iframe with a src");
        let (app, fragment) = src.split_once('#').expect("a share link");
        assert_eq!(app, APP_URL, "a relative link to the app");
        out.push(Embed {
            range: start..end,
            fragment: fragment.to_string(),
        });
        from = end;
    }
    out
}

fn snippet(state: &ShareState) -> String {
    let fragment = share::encode(state).unwrap();
    embed::snippet(
        APP_URL,
        &fragment,
        &embed::frame_title(state),
        embed::initial_height(state),
    )
}

#[test]
fn the_demo_course_page_embeds_presets_as_they_are_today() {
    let mut page = std::fs::read_to_string(DEMO).expect("static/demo/course.html");
    if std::env::var_os("AWAITSCOPE_BLESS_DEMO").is_some() {
        for e in embeds(&page).into_iter().rev() {
            let mut state = share::decode(&e.fragment).expect("a link");
            let id = state.preset.clone().expect("a preset's link");
            state.code = presets::find(&id).expect("a preset").source.to_string();
            page.replace_range(e.range, &snippet(&state));
        }
        std::fs::write(DEMO, &page).unwrap();
    }
    let found = embeds(&page);
    assert!(found.len() >= 2, "the demo embeds two scenarios");
    let mut panes = Vec::new();
    for e in &found {
        let state =
            share::decode(&e.fragment).unwrap_or_else(|err| panic!("{}: {err}", e.fragment));
        let id = state
            .preset
            .as_deref()
            .expect("each embed names its preset");
        let preset = presets::find(id).unwrap_or_else(|| panic!("no preset {id}"));
        assert_eq!(
            state.code, preset.source,
            "{id} has changed since the demo was made: AWAITSCOPE_BLESS_DEMO=1 cargo test --test embed_demo"
        );
        assert!(state.embed, "{id}: an embedded view");
        // Exactly the Embed dialog's snippet: the iframe and its documented listener.
        assert_eq!(
            &page[e.range.clone()],
            snippet(&state),
            "{id}: the snippet as the Embed dialog writes it"
        );
        panes.push(state.panes);
    }
    panes.dedup();
    assert!(panes.len() >= 2, "the embeds show different panes");
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "relative URLs only"
    );
}
