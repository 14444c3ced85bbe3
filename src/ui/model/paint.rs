//! Drawing timelines: segments grouped by paint into SVG paths, and lanes cut into
//! blocks drawn separately. Computed once per trace.

use std::fmt::Write as _;
use std::ops::Range;

use super::timeline::{Lane, LaneKind, Segment, SegmentKind, Timeline, DEVICE_ROW_PX};
use crate::trace::Mode;

/// Width of the viewBox; the SVG stretches it to the element's width.
pub const VIEW_WIDTH: f64 = 1000.0;
/// Narrowest drawn segment, in viewBox units, so zero-length steps show as ticks.
const MIN_WIDTH: f64 = 0.6;

/// A block of lanes drawn together.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneChunk {
    pub lanes: Range<usize>,
    pub top_px: u32,
    pub height_px: u32,
    pub paths: Vec<PaintedPath>,
}

/// One SVG path: every segment with the same paint.
#[derive(Clone, Debug, PartialEq)]
pub struct PaintedPath {
    pub class: String,
    pub d: String,
}

impl Timeline {
    /// SVG paths for all segments, on an axis from 0 to `axis_end_us` stretched to
    /// [`VIEW_WIDTH`]. Segments sharing a paint share a path.
    pub fn paths(&self, axis_end_us: u64) -> Vec<PaintedPath> {
        self.paths_in(0..self.lanes.len(), axis_end_us)
    }

    /// The paths of some lanes, measured from the first one's top.
    pub fn paths_in(&self, lanes: Range<usize>, axis_end_us: u64) -> Vec<PaintedPath> {
        let scale = VIEW_WIDTH / axis_end_us.max(1) as f64;
        let base = self.lane_tops.get(lanes.start).copied().unwrap_or(0);
        let mut groups: Vec<(String, String)> = Vec::new();
        for (lane, top) in self.lanes[lanes.clone()].iter().zip(&self.lane_tops[lanes]) {
            let top = top - base;
            for seg in &lane.segments {
                let class = paint_class(seg, self.mode);
                let d = match groups.iter_mut().find(|(c, _)| *c == class) {
                    Some((_, d)) => d,
                    None => {
                        groups.push((class, String::new()));
                        &mut groups.last_mut().unwrap().1
                    }
                };
                let (y, h) = bar_geometry(lane, top, seg.row);
                let x = seg.start_us as f64 * scale;
                let w = (seg.duration_us() as f64 * scale).max(MIN_WIDTH);
                let _ = write!(d, "M{x:.2} {y}h{w:.2}v{h}h{:.2}z", -w);
            }
        }
        crate::sort::sort_by_key(&mut groups, |(class, _)| (u64::from(paint_order(class)), 0));
        groups
            .into_iter()
            .map(|(class, d)| PaintedPath { class, d })
            .collect()
    }

    /// The lanes cut into blocks of about `lanes_per_chunk`, each drawn as its own
    /// SVG. The browser skips blocks scrolled out of view (`content-visibility`), so a
    /// 1,000-task timeline costs no more per frame than the part on screen.
    pub fn chunks(&self, axis_end_us: u64, lanes_per_chunk: usize) -> Vec<LaneChunk> {
        let n = self.lanes.len();
        (0..n)
            .step_by(lanes_per_chunk.max(1))
            .map(|start| {
                let lanes = start..(start + lanes_per_chunk.max(1)).min(n);
                LaneChunk {
                    top_px: self.lane_tops[lanes.start],
                    height_px: self.lane_tops[lanes.end] - self.lane_tops[lanes.start],
                    paths: self.paths_in(lanes.clone(), axis_end_us),
                    lanes,
                }
            })
            .collect()
    }
}

/// Running segments are painted in their task's colour; the rest by kind. Holding
/// the thread is marked only in the event-loop run, where it stalls every task (in
/// the blocking baseline every wait does, by design).
fn paint_class(seg: &Segment, mode: Mode) -> String {
    let base = match (seg.kind, seg.task) {
        (SegmentKind::Running, Some(t)) => format!("seg-run task-c{}", t % TASK_COLOURS),
        (kind, _) => kind.class().to_string(),
    };
    if seg.holds_thread && seg.kind != SegmentKind::Running && mode == Mode::Async {
        format!("{base} stall")
    } else {
        base
    }
}

/// Draw order: long waits first, running steps (often ticks) on top.
fn paint_order(class: &str) -> u8 {
    if class.starts_with("seg-run") {
        2
    } else if class.contains("stall") {
        1
    } else {
        0
    }
}

/// One entry of the timelines' legend: a paint and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LegendEntry {
    /// The paint's classes, as on the timeline's paths.
    pub class: &'static str,
    pub words: &'static str,
}

/// The legend of the page's timelines and of the exported picture, in order.
pub fn legend() -> [LegendEntry; 8] {
    let entry = |kind: SegmentKind, class| LegendEntry {
        class,
        words: kind.describe(),
    };
    [
        entry(SegmentKind::Running, "seg-run task-c0"),
        entry(SegmentKind::Ready, "seg-ready"),
        entry(SegmentKind::IoWait, "seg-io"),
        entry(SegmentKind::Asleep, "seg-sleep"),
        entry(SegmentKind::Waiting, "seg-wait"),
        entry(SegmentKind::Idle, "seg-idle"),
        entry(SegmentKind::Queued, "seg-queued"),
        LegendEntry {
            class: "seg-sleep stall",
            words: "holds the whole thread (blocks the loop)",
        },
    ]
}

/// Number of distinct task colours (CSS `task-c0` … `task-c7`).
pub const TASK_COLOURS: u32 = 8;

fn bar_geometry(lane: &Lane, top: u32, row: u16) -> (u32, u32) {
    match lane.kind {
        LaneKind::Device(_) => (top + 2 + row as u32 * DEVICE_ROW_PX, DEVICE_ROW_PX - 1),
        _ => (top + 2, lane.height_px - 4),
    }
}
