//! Both timelines as one standalone SVG picture, for slides and handouts: the
//! scenario's title and speedup, one time axis with tick labels, the event-loop run
//! (CPU, devices, a lane per task) above the blocking baseline (its one thread), each
//! with its title and total time, a label per lane, and the legend.
//!
//! The bars are the page's own paths (`Timeline::paths_in`), drawn 1:1: the plot is
//! exactly [`VIEW_WIDTH`] units wide, so no transform distorts them. The file stands
//! alone: colours are presentation attributes (no stylesheet, no CSS variables, no
//! external reference), so browsers, Inkscape and slide software read it alike. Every
//! piece of text from the program (task and device names, error messages) is escaped,
//! and characters XML cannot carry at all are replaced.

use std::fmt::{self, Write as _};

use crate::trace::{Outcome, TaskEnd, Trace};
use crate::ui::model::paint::{self, TASK_COLOURS, VIEW_WIDTH};
use crate::ui::model::time_format;
use crate::ui::model::timeline::{LaneKind, Timeline};
use crate::ui::model::Replay;

/// Width of the picture in px (16:9 slides are 1280 or 1920 wide; it scales).
pub const WIDTH_PX: u32 = 1280;
/// Lanes drawn per run; the rest are counted in a note under the run. A slide cannot
/// show a thousand lanes, and an image that tall is beyond what a canvas can draw.
pub const MAX_LANES: usize = 120;

const MARGIN: u32 = 24;
/// The lane labels' column: from the margin to the plot.
const LABEL_W: u32 = 224;
const PLOT_X: u32 = 256;
const LABEL_PX: f64 = 11.5;
const SANS: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";
const MONO: &str =
    "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";

/// The picture's colours: the page's light or dark theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

/// A drawn picture and its size in px.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub svg: String,
    pub width_px: u32,
    pub height_px: u32,
    /// Lanes drawn in each run (event loop, blocking baseline), at most [`MAX_LANES`].
    pub lanes_drawn: [usize; 2],
}

/// Both timelines of a replay as an SVG document titled `title`.
pub fn timelines_svg(replay: &Replay, title: &str, theme: Theme) -> Figure {
    let palette = Palette::of(theme);
    let mut body = Body {
        out: String::with_capacity(16 * 1024),
        palette,
        axis_end_us: replay.axis_end_us,
        ticks: &replay.ticks,
    };
    let mut y = MARGIN;

    body.text(
        MARGIN,
        y + 22,
        22.0,
        "font-weight=\"600\"",
        palette.fg,
        title,
    );
    let speedup = if replay.async_run.totals.wall_us == 0 {
        "Neither run takes any virtual time".to_string()
    } else {
        format!(
            "Event loop is {} as fast as the blocking baseline (virtual time)",
            replay.stats.speedup_text
        )
    };
    body.text(MARGIN, y + 46, 13.0, "", palette.muted, &speedup);
    y += 76;

    body.axis(y);
    y += 12;

    let mut lanes_drawn = [0; 2];
    let runs = [
        (
            "Event loop",
            &replay.async_timeline,
            &replay.async_run,
            "event-loop",
        ),
        (
            "Blocking baseline",
            &replay.blocking_timeline,
            &replay.blocking_run,
            "blocking",
        ),
    ];
    for (i, (caption, timeline, trace, id)) in runs.into_iter().enumerate() {
        let (height, drawn) = body.run(y, caption, timeline, trace, id);
        lanes_drawn[i] = drawn;
        y += height + 20;
    }
    y += body.legend(y);
    let height_px = y + MARGIN;

    let mut svg = String::with_capacity(body.out.len() + 1024);
    let _ = write!(
        svg,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH_PX}\" height=\"{height_px}\" \
         viewBox=\"0 0 {WIDTH_PX} {height_px}\" font-family=\"{SANS}\" role=\"img\" \
         aria-labelledby=\"as-title\">\n\
         <title id=\"as-title\">{}</title>\n\
         <desc>The event-loop run and the blocking baseline of the same program on one \
         virtual-time axis, drawn by awaitscope.</desc>\n\
         <rect width=\"{WIDTH_PX}\" height=\"{height_px}\" fill=\"{}\"/>\n",
        Escaped(title),
        palette.bg
    );
    svg.push_str(&body.out);
    svg.push_str("</svg>\n");
    Figure {
        svg,
        width_px: WIDTH_PX,
        height_px,
        lanes_drawn,
    }
}

/// The picture under construction, below its header.
struct Body<'a> {
    out: String,
    palette: Palette,
    axis_end_us: u64,
    ticks: &'a [u64],
}

impl Body<'_> {
    fn x_of(&self, t_us: u64) -> f64 {
        let fraction = (t_us as f64 / self.axis_end_us.max(1) as f64).clamp(0.0, 1.0);
        f64::from(PLOT_X) + fraction * VIEW_WIDTH
    }

    /// One line of text at a baseline, cut to fit what is left of the picture's width.
    fn text(&mut self, x: u32, baseline: u32, size: f64, attrs: &str, fill: &str, text: &str) {
        let room = f64::from(WIDTH_PX - MARGIN - x);
        let _ = writeln!(
            self.out,
            "<text x=\"{x}\" y=\"{baseline}\" font-size=\"{size}\" fill=\"{fill}\" {attrs}>{}</text>",
            Escaped(&fit(text, room, size))
        );
    }

    /// The shared time axis: tick labels over the plot.
    fn axis(&mut self, baseline: u32) {
        let _ = writeln!(
            self.out,
            "<g font-family=\"{MONO}\" font-size=\"11\" fill=\"{}\">",
            self.palette.muted
        );
        let _ = writeln!(
            self.out,
            "<text x=\"{}\" y=\"{baseline}\" text-anchor=\"end\" font-family=\"{SANS}\">virtual time</text>",
            MARGIN + LABEL_W
        );
        for (i, &t) in self.ticks.iter().enumerate() {
            let x = self.x_of(t);
            let fraction = (x - f64::from(PLOT_X)) / VIEW_WIDTH;
            // As on the page: the first label starts at its tick, labels near the end
            // end at theirs, the rest are centred.
            let anchor = if i == 0 {
                "start"
            } else if fraction > 0.93 {
                "end"
            } else {
                "middle"
            };
            let label = if t == 0 {
                "0".to_string()
            } else {
                time_format::duration(t)
            };
            let _ = writeln!(
                self.out,
                "<text class=\"tick\" x=\"{x:.2}\" y=\"{baseline}\" text-anchor=\"{anchor}\">{}</text>",
                Escaped(&label)
            );
        }
        self.out.push_str("</g>\n");
    }

    /// One run: its caption, a box with a label per lane and the bars. Returns the
    /// height used and the number of lanes drawn.
    fn run(
        &mut self,
        top: u32,
        caption: &str,
        timeline: &Timeline,
        trace: &Trace,
        id: &str,
    ) -> (u32, usize) {
        let p = self.palette;
        let shown = timeline.lanes.len().min(MAX_LANES);
        let lanes_h = timeline.lane_tops.get(shown).copied().unwrap_or(0);
        let mut details = format!(" · finishes at {}", time_format::clock(timeline.end_us));
        match &trace.outcome {
            Outcome::Completed => {}
            Outcome::Exception { error, .. } => {
                let _ = write!(details, " · uncaught {error}");
            }
            Outcome::Deadlock { message, .. } => {
                let _ = write!(details, " · deadlock: {message}");
            }
            Outcome::LimitExceeded { message, .. } => {
                let _ = write!(details, " · stopped: {message}");
            }
        }
        let room = f64::from(WIDTH_PX - 2 * MARGIN) - text_width(caption, 14.0) - 8.0;
        let _ = writeln!(
            self.out,
            "<g id=\"{id}\">\n<text x=\"{MARGIN}\" y=\"{}\" font-size=\"14\"><tspan font-weight=\"600\" fill=\"{}\">{}</tspan><tspan fill=\"{}\">{}</tspan></text>",
            top + 14,
            p.fg,
            Escaped(caption),
            p.muted,
            Escaped(&fit(&details, room, 14.0))
        );
        let box_top = top + 22;
        let box_w = WIDTH_PX - 2 * MARGIN;
        let _ = writeln!(
            self.out,
            "<rect x=\"{MARGIN}\" y=\"{box_top}\" width=\"{box_w}\" height=\"{lanes_h}\" fill=\"{}\" stroke=\"{}\"/>",
            p.plot, p.border
        );
        // Grid at the ticks, then a line between lanes.
        let mut grid = String::new();
        for &t in self.ticks {
            let _ = write!(grid, "M{:.2} {box_top}v{lanes_h}", self.x_of(t));
        }
        let _ = writeln!(
            self.out,
            "<path class=\"grid\" d=\"{grid}\" stroke=\"{}\" fill=\"none\"/>",
            p.border
        );
        let mut separators = String::new();
        for &lane_top in timeline.lane_tops.get(1..shown).unwrap_or(&[]) {
            let _ = write!(separators, "M{MARGIN} {}h{box_w}", box_top + lane_top);
        }
        if !separators.is_empty() {
            let _ = writeln!(
                self.out,
                "<path class=\"separators\" d=\"{separators}\" stroke=\"{}\" fill=\"none\"/>",
                p.separator
            );
        }
        let _ = writeln!(
            self.out,
            "<path d=\"M{} {box_top}v{lanes_h}\" stroke=\"{}\"/>",
            MARGIN + LABEL_W + 4,
            p.border
        );
        self.lane_labels(timeline, shown, box_top, id);
        let _ = writeln!(
            self.out,
            "<g class=\"bars\" transform=\"translate({PLOT_X} {box_top})\">"
        );
        for path in timeline.paths_in(0..shown, self.axis_end_us) {
            let (fill, stall) = p.paint(&path.class);
            let _ = write!(
                self.out,
                "<path class=\"{}\" fill=\"{fill}\"",
                Escaped(&path.class)
            );
            if stall {
                let _ = write!(
                    self.out,
                    " stroke=\"{}\" stroke-width=\"2\" paint-order=\"stroke\"",
                    p.error
                );
            }
            let _ = writeln!(self.out, " d=\"{}\"/>", path.d);
        }
        self.out.push_str("</g>\n");
        // Where this run ends, dashed, as on the page.
        let _ = writeln!(
            self.out,
            "<path class=\"end\" d=\"M{:.2} {box_top}v{lanes_h}\" stroke=\"{}\" stroke-dasharray=\"4 3\"/>",
            self.x_of(timeline.end_us),
            p.muted
        );
        let mut height = 22 + lanes_h;
        let hidden = timeline.lanes.len() - shown;
        if hidden > 0 {
            let note =
                format!("+ {hidden} more lanes not drawn (the trace for Perfetto has every task)");
            self.text(MARGIN, box_top + lanes_h + 16, 12.0, "", p.muted, &note);
            height += 22;
        }
        self.out.push_str("</g>\n");
        (height, shown)
    }

    /// A label per lane in the left column: the name (with how a task ended) and the
    /// quieter sublabel, cut to the column, which also clips them.
    fn lane_labels(&mut self, timeline: &Timeline, shown: usize, box_top: u32, id: &str) {
        let p = self.palette;
        let clip = format!("{id}-labels");
        let height = timeline.lane_tops.get(shown).copied().unwrap_or(0);
        let _ = writeln!(
            self.out,
            "<clipPath id=\"{clip}\"><rect x=\"{MARGIN}\" y=\"{box_top}\" width=\"{LABEL_W}\" height=\"{height}\"/></clipPath>\n\
             <g clip-path=\"url(#{clip})\" font-size=\"{LABEL_PX}\">"
        );
        for (lane, &top) in timeline.lanes[..shown].iter().zip(&timeline.lane_tops) {
            let top = box_top + top;
            let end = match &lane.end {
                Some(TaskEnd::Finished { .. }) => " ✓",
                Some(TaskEnd::Failed { .. }) => " ✗",
                Some(TaskEnd::Cancelled) => " ⊘",
                None => "",
            };
            let strong = !matches!(lane.kind, LaneKind::Task(_));
            if let LaneKind::Task(t) = lane.kind {
                let _ = writeln!(
                    self.out,
                    "<rect x=\"{MARGIN}\" y=\"{top}\" width=\"3\" height=\"{}\" fill=\"{}\"/>",
                    lane.height_px,
                    p.tasks[(t % TASK_COLOURS) as usize]
                );
            }
            let room = f64::from(LABEL_W - 14);
            let name = fit(&format!("{}{end}", lane.label), room, LABEL_PX);
            let left = room - text_width(&name, LABEL_PX) - 6.0;
            let sub = if left > 24.0 && !lane.sublabel.is_empty() {
                fit(&lane.sublabel, left, LABEL_PX)
            } else {
                String::new()
            };
            let baseline = top + lane.height_px / 2 + 4;
            let _ = write!(
                self.out,
                "<text class=\"lane-label\" x=\"{}\" y=\"{baseline}\" fill=\"{}\"><title>{} {}</title><tspan{}>{}</tspan>",
                MARGIN + 8,
                p.fg,
                Escaped(&lane.label),
                Escaped(&lane.sublabel),
                if strong { " font-weight=\"600\"" } else { "" },
                Escaped(&name),
            );
            if !sub.is_empty() {
                let _ = write!(
                    self.out,
                    "<tspan fill=\"{}\" dx=\"6\">{}</tspan>",
                    p.muted,
                    Escaped(&sub)
                );
            }
            self.out.push_str("</text>\n");
        }
        self.out.push_str("</g>\n");
    }

    /// The legend, wrapped to the picture's width. Returns the height used.
    fn legend(&mut self, top: u32) -> u32 {
        let p = self.palette;
        let _ = writeln!(
            self.out,
            "<g class=\"legend\" font-size=\"12\" fill=\"{}\">",
            p.muted
        );
        let (mut x, mut baseline) = (f64::from(MARGIN), top + 12);
        for entry in paint::legend() {
            let width = 18.0 + text_width(entry.words, 12.0);
            if x + width > f64::from(WIDTH_PX - MARGIN) && x > f64::from(MARGIN) {
                x = f64::from(MARGIN);
                baseline += 20;
            }
            let (fill, stall) = p.paint(entry.class);
            let stroke = if stall {
                format!(" stroke=\"{}\" stroke-width=\"2\"", p.error)
            } else {
                String::new()
            };
            let _ = writeln!(
                self.out,
                "<rect x=\"{x:.1}\" y=\"{}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{fill}\"{stroke}/><text x=\"{:.1}\" y=\"{baseline}\">{}</text>",
                baseline - 10,
                x + 18.0,
                Escaped(entry.words)
            );
            x += width + 20.0;
        }
        self.out.push_str("</g>\n");
        baseline + 4 - top
    }
}

/// The page's colours (`static/style.css`), as values: the file cannot rely on CSS
/// variables, which slide software ignores.
#[derive(Clone, Copy, Debug)]
struct Palette {
    bg: &'static str,
    plot: &'static str,
    fg: &'static str,
    muted: &'static str,
    border: &'static str,
    separator: &'static str,
    error: &'static str,
    ready: &'static str,
    io: &'static str,
    sleep: &'static str,
    wait: &'static str,
    idle: &'static str,
    queued: &'static str,
    tasks: [&'static str; TASK_COLOURS as usize],
}

const LIGHT: Palette = Palette {
    bg: "#ffffff",
    plot: "#ffffff",
    fg: "#1b1f24",
    muted: "#5b6470",
    border: "#d4d9e0",
    separator: "#e8ebef",
    error: "#c62828",
    ready: "#f2b33d",
    io: "#3b82f6",
    sleep: "#9b6dd6",
    wait: "#a3adb8",
    idle: "#dde2e8",
    queued: "#a9c8fb",
    tasks: [
        "#1a9e5a", "#d9480f", "#0b7285", "#c2255c", "#5c940d", "#7048e8", "#e67700", "#1864ab",
    ],
};

const DARK: Palette = Palette {
    bg: "#0e1116",
    plot: "#161b22",
    fg: "#e6edf3",
    muted: "#9aa4af",
    border: "#30363d",
    separator: "#232931",
    error: "#ff7b72",
    ready: "#d29922",
    io: "#4c8df6",
    sleep: "#a371f7",
    wait: "#6e7681",
    idle: "#2a3039",
    queued: "#274a7d",
    tasks: [
        "#3fb950", "#ff7b39", "#39c5cf", "#f778ba", "#a5d64c", "#a78bfa", "#f0b429", "#6cb6ff",
    ],
};

impl Palette {
    fn of(theme: Theme) -> Palette {
        match theme {
            Theme::Light => LIGHT,
            Theme::Dark => DARK,
        }
    }

    /// The fill of a paint class (`seg-run task-c3`, `seg-io stall` …), and whether it
    /// is outlined as holding the thread.
    fn paint(&self, class: &str) -> (&'static str, bool) {
        let mut fill = self.wait;
        let mut stall = false;
        for part in class.split_ascii_whitespace() {
            match part {
                "seg-run" => fill = self.tasks[0],
                "seg-ready" => fill = self.ready,
                "seg-io" | "seg-serving" => fill = self.io,
                "seg-sleep" => fill = self.sleep,
                "seg-wait" => fill = self.wait,
                "seg-idle" => fill = self.idle,
                "seg-queued" => fill = self.queued,
                "stall" => stall = true,
                other => {
                    if let Some(n) = other
                        .strip_prefix("task-c")
                        .and_then(|n| n.parse::<u32>().ok())
                    {
                        fill = self.tasks[(n % TASK_COLOURS) as usize];
                    }
                }
            }
        }
        (fill, stall)
    }
}

/// Text escaped for XML character data and attribute values. Characters XML 1.0
/// cannot carry even as references (most C0 controls, U+FFFE, U+FFFF) become U+FFFD;
/// line breaks and tabs become spaces (a label is one line).
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                '\t' | '\n' | '\r' => f.write_char(' ')?,
                '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => f.write_char('\u{fffd}')?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// Roughly how wide `text` is at `size_px`: no font is at hand, so an average
/// advance per character (wide scripts and emoji count double). Cutting to fit uses
/// it; the label column also clips, so an underestimate cannot spill over.
fn text_width(text: &str, size_px: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.56 })
        .sum::<f64>()
        * size_px
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f | 0xff00..=0xff60 | 0xffe0..=0xffe6 | 0x1f300..=0x1faff
        | 0x20000..=0x3fffd)
}

/// `text`, cut with an ellipsis to fit `max_px`.
fn fit(text: &str, max_px: f64, size_px: f64) -> String {
    if text_width(text, size_px) <= max_px {
        return text.to_string();
    }
    let mut width = text_width("…", size_px);
    let mut out = String::new();
    for c in text.chars() {
        width += text_width(c.encode_utf8(&mut [0; 4]), size_px);
        if width > max_px {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_no_character_xml_refuses() {
        let hostile = "<b>&amp;\"quoted\" 'single'\u{0}\u{7}\u{fffe}\n名前 🚀";
        let escaped = Escaped(hostile).to_string();
        assert_eq!(
            escaped,
            "&lt;b&gt;&amp;amp;&quot;quoted&quot; &#39;single&#39;\u{fffd}\u{fffd}\u{fffd} 名前 🚀"
        );
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis_and_short_text_is_kept() {
        assert_eq!(fit("Task-1", 100.0, 10.0), "Task-1");
        let cut = fit(&"x".repeat(200), 100.0, 10.0);
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 10.0) <= 100.0);
        // Cut between characters, never inside one.
        let cut = fit(&"名".repeat(50), 60.0, 10.0);
        assert_eq!(cut, "名名名名名…");
    }

    #[test]
    fn paints_map_to_the_palette() {
        assert_eq!(LIGHT.paint("seg-run task-c3"), (LIGHT.tasks[3], false));
        assert_eq!(LIGHT.paint("seg-run task-c11"), (LIGHT.tasks[3], false));
        assert_eq!(LIGHT.paint("seg-io stall"), (LIGHT.io, true));
        assert_eq!(DARK.paint("seg-queued"), (DARK.queued, false));
    }

    /// The picture's colours are the page's: read them back from the stylesheet.
    #[test]
    fn the_palettes_match_the_stylesheet() {
        let css = include_str!("../../static/style.css");
        let light = &css[css.find(":root {").expect("light theme")..];
        let dark = &css[css.find(":root[data-theme=\"dark\"]").expect("dark theme")..];
        let var = |block: &str, name: &str| -> String {
            let at = block.find(&format!("--{name}:")).expect(name) + name.len() + 3;
            block[at..].trim_start()[..7].to_string()
        };
        for (block, p) in [(light, LIGHT), (dark, DARK)] {
            for (name, value) in [
                ("fg", p.fg),
                ("muted", p.muted),
                ("border", p.border),
                ("error", p.error),
                ("c-ready", p.ready),
                ("c-io", p.io),
                ("c-sleep", p.sleep),
                ("c-wait", p.wait),
                ("c-idle", p.idle),
                ("c-queued", p.queued),
            ] {
                assert_eq!(var(block, name), value, "--{name}");
            }
            for (i, colour) in p.tasks.iter().enumerate() {
                assert_eq!(var(block, &format!("t{i}")), *colour, "--t{i}");
            }
        }
        assert_eq!(var(dark, "bg"), DARK.bg);
        assert_eq!(var(dark, "panel"), DARK.plot);
    }
}
