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
        let mut groups: Vec<PathBuilder> = Vec::new();
        for (lane, top) in self.lanes[lanes.clone()].iter().zip(&self.lane_tops[lanes]) {
            let top = top - base;
            for seg in &lane.segments {
                let paint = Paint::of(seg, self.mode);
                let group = match groups.iter().position(|g| g.paint == paint) {
                    Some(i) => &mut groups[i],
                    None => {
                        groups.push(PathBuilder::new(paint));
                        groups.last_mut().expect("just pushed")
                    }
                };
                let (y, h) = bar_geometry(lane, top, seg.row);
                let x = seg.start_us as f64 * scale;
                let w = (seg.duration_us() as f64 * scale).max(MIN_WIDTH);
                group.add(Bar {
                    x0: x,
                    x1: x + w,
                    y,
                    h,
                });
            }
            // Bars of different lanes never overlap.
            groups.iter_mut().for_each(PathBuilder::flush);
        }
        crate::sort::sort_by_key(&mut groups, |g| (u64::from(g.paint.order()), 0));
        groups
            .into_iter()
            .map(|g| PaintedPath {
                class: g.paint.class(),
                d: g.d,
            })
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

/// What a bar is painted with. Running segments are painted in their task's colour;
/// the rest by kind. Holding the thread is marked only in the event-loop run, where
/// it stalls every task (in the blocking baseline every wait does, by design).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Paint {
    kind: SegmentKind,
    /// The task's colour, for running segments.
    colour: Option<u32>,
    stall: bool,
}

impl Paint {
    fn of(seg: &Segment, mode: Mode) -> Paint {
        let colour = match (seg.kind, seg.task) {
            (SegmentKind::Running, Some(t)) => Some(t % TASK_COLOURS),
            _ => None,
        };
        Paint {
            kind: seg.kind,
            colour,
            stall: seg.holds_thread && seg.kind != SegmentKind::Running && mode == Mode::Async,
        }
    }

    /// The path's CSS classes.
    fn class(self) -> String {
        let base = match self.colour {
            Some(c) => format!("seg-run task-c{c}"),
            None => self.kind.class().to_string(),
        };
        if self.stall {
            format!("{base} stall")
        } else {
            base
        }
    }

    /// Draw order: long waits first, running steps (often ticks) on top.
    fn order(self) -> u8 {
        match (self.kind, self.stall) {
            (SegmentKind::Running, _) => 2,
            (_, true) => 1,
            _ => 0,
        }
    }
}

/// A bar in viewBox units: from `x0` to `x1`, `h` high from `y`.
#[derive(Clone, Copy)]
struct Bar {
    x0: f64,
    x1: f64,
    y: u32,
    h: u32,
}

/// One paint's path. Bars that overlap in the same row are drawn as one: a run of
/// 10,000 tasks has a million segments, most of them narrower than a pixel and
/// stacked on their neighbours, and the page would otherwise carry megabytes of
/// path data for the same picture.
struct PathBuilder {
    paint: Paint,
    d: String,
    /// The bar still growing in each row of the current lane.
    open: Vec<Bar>,
}

impl PathBuilder {
    fn new(paint: Paint) -> PathBuilder {
        PathBuilder {
            paint,
            d: String::new(),
            open: Vec::new(),
        }
    }

    /// Adds a bar; bars come in the order of their start within a lane.
    fn add(&mut self, bar: Bar) {
        match self.open.iter_mut().find(|o| o.y == bar.y && o.h == bar.h) {
            Some(open) if bar.x0 <= open.x1 => open.x1 = open.x1.max(bar.x1),
            Some(open) => write_bar(&mut self.d, std::mem::replace(open, bar)),
            None => self.open.push(bar),
        }
    }

    /// Writes the bars still open (at the end of a lane).
    fn flush(&mut self) {
        for bar in self.open.drain(..) {
            write_bar(&mut self.d, bar);
        }
    }
}

fn write_bar(d: &mut String, Bar { x0, x1, y, h }: Bar) {
    let w = x1 - x0;
    let _ = write!(d, "M{x0:.2} {y}h{w:.2}v{h}h-{w:.2}z");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(kind: SegmentKind, start_us: u64, end_us: u64, row: u16) -> Segment {
        Segment {
            row,
            ..Segment::new(kind, start_us, end_us)
        }
    }

    fn lane(kind: LaneKind, height_px: u32, segments: Vec<Segment>) -> Lane {
        Lane {
            kind,
            label: String::new(),
            sublabel: String::new(),
            rows: 2,
            height_px,
            segments,
            end: None,
        }
    }

    /// On an axis of 1,000 µs a viewBox unit is a microsecond.
    fn paths(lanes: Vec<Lane>) -> Vec<(String, String)> {
        let mut lane_tops = vec![0];
        for lane in &lanes {
            lane_tops.push(lane_tops.last().unwrap() + lane.height_px);
        }
        let timeline = Timeline {
            mode: Mode::Async,
            lanes,
            lane_tops,
            end_us: 1000,
            task_names: Vec::new(),
            task_coros: Vec::new(),
            device_names: Vec::new(),
        };
        let painted = timeline.paths(1000);
        painted.into_iter().map(|p| (p.class, p.d)).collect()
    }

    #[test]
    fn bars_of_one_paint_that_overlap_in_a_row_are_drawn_as_one() {
        use SegmentKind::*;
        let cpu = lane(
            LaneKind::Cpu,
            20,
            vec![
                seg(Idle, 0, 100, 0),
                seg(Running, 100, 100, 0),
                seg(Idle, 100, 300, 0),
                seg(Running, 300, 300, 0),
                seg(Idle, 500, 600, 0),
            ],
        );
        let disk = lane(
            LaneKind::Device(0),
            16,
            vec![
                seg(Serving, 0, 100, 0),
                seg(Serving, 50, 150, 1),
                seg(Serving, 90, 200, 0),
            ],
        );
        let other = lane(LaneKind::Cpu, 20, vec![seg(Idle, 250, 400, 0)]);
        assert_eq!(
            paths(vec![cpu, disk, other]),
            [
                (
                    "seg-idle".to_string(),
                    // Touching bars join; the gap and the next lane do not.
                    "M0.00 2h300.00v16h-300.00zM500.00 2h100.00v16h-100.00z\
                     M250.00 38h150.00v16h-150.00z"
                        .to_string()
                ),
                (
                    "seg-serving".to_string(),
                    // Each sub-row of the device lane on its own.
                    "M0.00 22h200.00v5h-200.00zM50.00 28h100.00v5h-100.00z".to_string()
                ),
                (
                    // Zero-length steps keep their minimum width.
                    "seg-run".to_string(),
                    "M100.00 2h0.60v16h-0.60zM300.00 2h0.60v16h-0.60z".to_string()
                ),
            ]
        );
    }

    /// The bars of a path's `d`, as `(y, x0, x1)` in hundredths of a unit.
    fn drawn(d: &str) -> Vec<(u32, i64, i64)> {
        d.split('M')
            .filter(|bar| !bar.is_empty())
            .map(|bar| {
                let n: Vec<f64> = bar
                    .trim_end_matches('z')
                    .split([' ', 'h', 'v'])
                    .map(|n| n.parse().expect("a number"))
                    .collect();
                let hundredths = |x: f64| (x * 100.0).round() as i64;
                (n[1] as u32, hundredths(n[0]), hundredths(n[0] + n[2]))
            })
            .collect()
    }

    /// Joins intervals that overlap or touch.
    fn union(mut spans: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
        spans.sort_unstable();
        let mut out: Vec<(i64, i64)> = Vec::new();
        for (a, b) in spans {
            match out.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        out
    }

    #[test]
    fn joined_bars_cover_exactly_the_segments_and_no_two_touch() {
        use std::collections::BTreeMap;
        use SegmentKind::*;
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..200 {
            let lanes: Vec<Lane> = (0..1 + next(4))
                .map(|i| {
                    let device = i % 2 == 1;
                    let mut start = 0;
                    let segments = (0..next(40))
                        .map(|_| {
                            start += next(30);
                            let kind = [Idle, Serving, Queued][next(3) as usize];
                            let row = if device { next(3) as u16 } else { 0 };
                            seg(kind, start, start + next(3) * next(40), row)
                        })
                        .collect();
                    let kind = if device {
                        LaneKind::Device(0)
                    } else {
                        LaneKind::Cpu
                    };
                    lane(kind, if device { 24 } else { 20 }, segments)
                })
                .collect();
            // What should be painted: each segment's bar (at least MIN_WIDTH wide), by
            // paint and height, joined.
            let mut expected: BTreeMap<(String, u32), Vec<(i64, i64)>> = BTreeMap::new();
            let mut top = 0;
            for lane in &lanes {
                for s in &lane.segments {
                    let (y, _) = bar_geometry(lane, top, s.row);
                    let x0 = s.start_us as i64 * 100;
                    let x1 = x0 + (s.duration_us() as i64 * 100).max(60);
                    expected
                        .entry((s.kind.class().to_string(), y))
                        .or_default()
                        .push((x0, x1));
                }
                top += lane.height_px;
            }
            let mut painted: BTreeMap<(String, u32), Vec<(i64, i64)>> = BTreeMap::new();
            for (class, d) in paths(lanes) {
                for (y, x0, x1) in drawn(&d) {
                    painted
                        .entry((class.clone(), y))
                        .or_default()
                        .push((x0, x1));
                }
            }
            for spans in painted.values_mut() {
                spans.sort_unstable();
                // Joined as far as they go: a gap between any two.
                assert!(spans.windows(2).all(|w| w[0].1 < w[1].0), "{spans:?}");
            }
            let expected: BTreeMap<_, _> =
                expected.into_iter().map(|(k, v)| (k, union(v))).collect();
            assert_eq!(painted, expected);
        }
    }
}
