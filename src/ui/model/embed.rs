//! Embedding in a course page: the `<iframe>` snippet the Embed dialog and the demo
//! page use, the listener script that sizes the iframe to the height the embedded view
//! posts, and the embedded view's title. Plain text, no DOM: tested natively.
//!
//! The protocol: the embedded view (a share link with `embed` set) posts
//! `{type: "awaitscope:height", height}` to `window.parent` when it loads and whenever
//! its height changes, and only when it is in a frame. The listener takes messages
//! only from its own iframe's `contentWindow` and sets the iframe's height to match,
//! so the course page shows the whole view with no inner scrollbar. Without the
//! listener (a page that strips scripts) the iframe keeps its `height` attribute.

use crate::presets;
use crate::share::{Panes, ShareState};

/// The `type` of the message the embedded view posts to its parent.
pub const HEIGHT_MESSAGE: &str = "awaitscope:height";

/// The listener that follows every snippet's iframe: the iframe just before it takes
/// the height its page posts. Messages from any other window are ignored.
pub const LISTENER: &str = r#"<script>
/* awaitscope: the iframe above takes the height its page posts, so it needs no scrollbar. */
(function (frame) {
  addEventListener("message", function (e) {
    var d = e.data, h = d && d.type === "awaitscope:height" && Number(d.height);
    if (e.source === frame.contentWindow && h > 0 && h < 100000) frame.style.height = Math.ceil(h) + "px";
  });
})(document.currentScript.previousElementSibling);
</script>"#;

/// The snippet for a course page: an iframe opening `app_url#fragment` (lazily, full
/// width, `height_px` tall until the view posts its own height) and the [`LISTENER`].
pub fn snippet(app_url: &str, fragment: &str, title: &str, height_px: u16) -> String {
    let src = format!("{app_url}#{}", fragment.trim_start_matches('#'));
    format!(
        "<iframe src=\"{}\" title=\"{}\" loading=\"lazy\" width=\"100%\" height=\"{height_px}\" \
         style=\"width: 100%; border: 0\"></iframe>\n{LISTENER}",
        escape_attribute(&src),
        escape_attribute(title),
    )
}

/// The iframe's `title` (its accessible name): the scenario's, prefixed by the tool.
pub fn frame_title(state: &ShareState) -> String {
    format!(
        "awaitscope: {}",
        scenario_title(state.preset.as_deref(), &state.code)
    )
}

/// A scenario's title: its preset's, else its first comment line, else a plain name.
pub fn scenario_title(preset: Option<&str>, code: &str) -> String {
    if let Some(p) = preset.and_then(presets::find).filter(|p| p.source == code) {
        return p.title.to_string();
    }
    let comment = code
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix('#'))
        .map(str::trim)
        .filter(|c| !c.is_empty());
    match comment {
        Some(c) if c.chars().count() > 60 => {
            let mut short: String = c.chars().take(59).collect();
            short.push('…');
            short
        }
        Some(c) => c.to_string(),
        None => "A Python asyncio scenario".to_string(),
    }
}

/// The iframe's height before the view has posted its own: the fixed height if the
/// link has one, else an estimate from the panes shown (so the page jumps less).
pub fn initial_height(state: &ShareState) -> u16 {
    if let Some(px) = state.height {
        return px;
    }
    let panes = state.panes;
    let row = |a: u8, b: u8, px: u16| {
        if panes.shows(a) || panes.shows(b) {
            px
        } else {
            0
        }
    };
    let header = 48;
    header
        + row(Panes::CODE, Panes::DIAGRAM, 440)
        + row(Panes::CONTROLS, Panes::CONTROLS, 64)
        + row(Panes::TIMELINES, Panes::TIMELINES, 420)
        + row(Panes::CONSOLE, Panes::STATS, 300)
}

/// Text for a double-quoted HTML attribute.
pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_is_an_accessible_lazy_full_width_iframe_and_its_listener() {
        let state = ShareState {
            preset: Some("crawler_gather".into()),
            ..ShareState::new(presets::find("crawler_gather").unwrap().source)
        };
        let title = frame_title(&state);
        assert_eq!(title, "awaitscope: Crawler: all pages with gather");
        let s = snippet("https://x.test/a b/index.html", "#v2:AbC-_", &title, 480);
        assert!(s.starts_with(
            "<iframe src=\"https://x.test/a b/index.html#v2:AbC-_\" \
             title=\"awaitscope: Crawler: all pages with gather\" loading=\"lazy\" \
             width=\"100%\" height=\"480\""
        ));
        assert!(s.ends_with(LISTENER));
        assert!(LISTENER.contains("e.source === frame.contentWindow"));
        assert!(LISTENER.contains(HEIGHT_MESSAGE));
        let hostile = snippet("x\"><script>", "v2:A", "a \"b\" <c> & d", 200);
        assert!(hostile.contains("src=\"x&quot;&gt;&lt;script&gt;#v2:A\""));
        assert!(hostile.contains("title=\"a &quot;b&quot; &lt;c&gt; &amp; d\""));
    }

    #[test]
    fn titles_come_from_the_preset_or_the_first_comment() {
        let five = presets::find("five_fetches").unwrap();
        assert_eq!(
            scenario_title(Some("five_fetches"), five.source),
            five.title
        );
        // A preset's id with edited text is not that preset any more.
        assert_eq!(
            scenario_title(Some("five_fetches"), "# Mine\nprint(1)\n"),
            "Mine"
        );
        assert_eq!(
            scenario_title(None, "print(1)\n"),
            "A Python asyncio scenario"
        );
        assert_eq!(scenario_title(None, "#\n# \n"), "A Python asyncio scenario");
        let long = format!("# {}\n", "é".repeat(100));
        assert_eq!(scenario_title(None, &long).chars().count(), 60);
    }

    #[test]
    fn the_first_height_follows_the_panes_or_the_fixed_height() {
        let with = |panes: u8, height: Option<u16>| {
            initial_height(&ShareState {
                panes: Panes(panes),
                height,
                ..ShareState::new("")
            })
        };
        assert_eq!(with(Panes::ALL.0, Some(333)), 333);
        assert!(with(Panes::TIMELINES, None) < with(Panes::CODE | Panes::TIMELINES, None));
        assert_eq!(
            with(Panes::CODE, None),
            with(Panes::CODE | Panes::DIAGRAM, None),
            "side by side"
        );
        assert!(with(Panes::ALL.0, None) < 1400);
    }
}
