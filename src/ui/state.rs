//! The app's one state and the actions that change it (`impl Reducible`).

use std::ops::Deref;
use std::rc::Rc;

use yew::Reducible;

use super::model::problems::{self, Problem};
use super::model::{Playhead, Replay};
use crate::share::ShareState;
use crate::{presets, Analysis, Limits};

/// An `Rc` compared by identity, so a component given the same replay skips its
/// render without comparing thousands of segments.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared(Rc::new(value))
    }
}

/// Playback speeds: virtual seconds per real second.
pub const SPEEDS: &[f64] = &[
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0,
];

/// A whole run plays in about this many real seconds at the automatic speed.
const AUTO_PLAY_SECONDS: f64 = 6.0;

#[derive(Clone, PartialEq)]
pub struct State {
    /// The editor's text, updated on every keystroke.
    pub source: Rc<str>,
    /// Bumped when the editor's text is replaced from outside (a preset).
    pub loaded: u32,
    pub preset: Option<&'static str>,
    /// The last program that ran, drawn until a newer one runs.
    pub replay: Option<Shared<Replay>>,
    /// Bumped for every new replay (the timelines redraw).
    pub generation: u32,
    /// Why the current text does not run (empty when it ran).
    pub refused: Shared<Vec<Problem>>,
    pub playhead: Playhead,
    pub playing: bool,
    pub speed: f64,
    /// A message for the reader (a link that could not be opened), until dismissed.
    pub notice: Option<Rc<str>>,
    /// The last few custom scenarios, newest first (to reopen from the Recent menu).
    pub recent: Rc<Vec<String>>,
}

/// What the page opens with.
pub enum Startup {
    /// The default preset.
    Default,
    /// A share link from the URL fragment.
    Link(ShareState),
    /// A fragment that could not be read: the default preset and this message.
    BrokenLink(String),
    /// The editor's text saved before the last reload.
    Draft(String),
}

pub enum Action {
    /// The user typed.
    Edit(String),
    /// A preset was picked: its text replaces the editor's and runs at once.
    LoadPreset(&'static str),
    /// The debounced run of the editor's text finished.
    Analyzed {
        source: String,
        analysis: Box<Analysis>,
    },
    TogglePlay,
    StepForward,
    StepBack,
    JumpStart,
    JumpEnd,
    Seek(u64),
    /// An animation frame: real milliseconds since the last one.
    Tick(f64),
    SetSpeed(f64),
    /// Replaces the editor's text (a recent scenario) and runs it at once.
    LoadCode(String),
    /// The list of recent scenarios changed (it is kept in local storage).
    SetRecent(Vec<String>),
    DismissNotice,
}

impl State {
    /// The page opens with a shared link, a saved draft or the default preset, already
    /// run. The default preset runs first in every case, so a link or draft that does
    /// not run still has something drawn beside its problems.
    pub fn open(startup: Startup, recent: Vec<String>) -> State {
        let preset = presets::default_preset();
        let mut state = State {
            source: Rc::from(""),
            loaded: 0,
            preset: None,
            replay: None,
            generation: 0,
            refused: Shared::new(Vec::new()),
            playhead: Playhead::default(),
            playing: false,
            speed: 0.1,
            notice: None,
            recent: Rc::new(recent),
        };
        state.load_preset(preset.id);
        match startup {
            Startup::Default => {}
            Startup::Draft(code) => state.load_code(code),
            Startup::BrokenLink(why) => {
                state.notice = Some(Rc::from(format!(
                    "This link could not be opened: {why}. Showing the default scenario instead."
                )));
            }
            Startup::Link(link) => {
                if state.source.as_ref() != link.code {
                    state.load_code(link.code);
                }
                if let Some(replay) = &state.replay {
                    state.playhead = replay.steps.restore(link.step as usize, link.t_us);
                }
                state.speed = nearest_speed(f64::from(link.speed));
            }
        }
        state
    }

    /// Replaces the text from outside (a draft, a link, a recent scenario) and runs it.
    /// Text equal to a preset's counts as that preset.
    fn load_code(&mut self, code: String) {
        if let Some(p) = presets::ALL.iter().find(|p| p.source == code) {
            self.load_preset(p.id);
            return;
        }
        self.source = Rc::from(code.as_str());
        self.loaded += 1;
        self.preset = None;
        self.playhead = Playhead::default();
        self.playing = false;
        let analysis = crate::analyze(&code, &Limits::default());
        let had_replay = self.generation;
        self.apply(code, analysis);
        if self.generation != had_replay {
            if let Some(replay) = &self.replay {
                self.playhead = replay.steps.start();
                self.speed = auto_speed(replay.axis_end_us);
            }
        }
    }

    fn load_preset(&mut self, id: &'static str) {
        let Some(preset) = presets::find(id) else {
            return;
        };
        self.source = Rc::from(preset.source);
        self.loaded += 1;
        self.preset = Some(preset.id);
        let analysis = crate::analyze(preset.source, &Limits::default());
        self.apply(preset.source.to_string(), analysis);
        self.playhead = Playhead::default();
        self.playing = false;
        if let Some(replay) = &self.replay {
            self.speed = auto_speed(replay.axis_end_us);
        }
    }

    fn apply(&mut self, source: String, analysis: Analysis) {
        match (analysis.async_run, analysis.blocking_run) {
            (Some(a), Some(b)) if analysis.diagnostics.is_empty() => {
                let replay = Replay::new(source, a, b);
                // Keep the moment being looked at when the code changes.
                self.playhead = replay.steps.seek(self.playhead.t_us);
                if self.playhead.t_us == 0 {
                    self.playhead = replay.steps.start();
                }
                self.replay = Some(Shared::new(replay));
                self.generation += 1;
                self.refused = Shared::new(Vec::new());
            }
            _ => {
                // Keep drawing the last program that ran.
                self.refused = Shared::new(problems::from_diagnostics(&analysis.diagnostics));
            }
        }
    }

    pub fn is_stale(&self) -> bool {
        !self.refused.is_empty()
    }
}

/// The listed speed closest to `speed` (by ratio): a link's speed, read back.
pub fn nearest_speed(speed: f64) -> f64 {
    let distance = |s: f64| (s.ln() - speed.ln()).abs();
    if !(speed.is_finite() && speed > 0.0) {
        return 0.1;
    }
    SPEEDS
        .iter()
        .copied()
        .min_by(|a, b| distance(*a).total_cmp(&distance(*b)))
        .unwrap_or(0.1)
}

/// The listed speed that plays the whole run in about [`AUTO_PLAY_SECONDS`].
pub fn auto_speed(axis_end_us: u64) -> f64 {
    let wanted = axis_end_us as f64 / 1e6 / AUTO_PLAY_SECONDS;
    SPEEDS
        .iter()
        .copied()
        .rev()
        .find(|&s| s <= wanted)
        .unwrap_or(SPEEDS[0])
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let steps = self.replay.as_ref().map(|r| &r.steps);
        match action {
            Action::Edit(source) => {
                next.source = Rc::from(source);
                next.preset = None;
            }
            Action::LoadPreset(id) => next.load_preset(id),
            Action::Analyzed { source, analysis } => {
                // A result for text that has changed since is dropped.
                if *source != *self.source {
                    return self;
                }
                next.apply(source, *analysis);
            }
            Action::TogglePlay => {
                if let Some(steps) = steps {
                    if !self.playing && steps.at_end(self.playhead) {
                        next.playhead = steps.start();
                    }
                    next.playing = !self.playing;
                }
            }
            Action::StepForward => {
                if let Some(steps) = steps {
                    next.playhead = steps.forward(self.playhead);
                    next.playing = false;
                }
            }
            Action::StepBack => {
                if let Some(steps) = steps {
                    next.playhead = steps.back(self.playhead);
                    next.playing = false;
                }
            }
            Action::JumpStart => {
                if let Some(steps) = steps {
                    next.playhead = steps.start();
                    next.playing = false;
                }
            }
            Action::JumpEnd => {
                if let Some(steps) = steps {
                    next.playhead = steps.end();
                    next.playing = false;
                }
            }
            Action::Seek(t_us) => {
                if let Some(steps) = steps {
                    next.playhead = steps.seek(t_us);
                }
            }
            Action::Tick(dt_ms) => {
                let Some(steps) = steps.filter(|_| self.playing) else {
                    return self;
                };
                let dt_us = (dt_ms * 1000.0 * self.speed).round() as u64;
                next.playhead = steps.advance(self.playhead, dt_us);
                if steps.at_end(next.playhead) {
                    next.playing = false;
                }
                if next.playhead == self.playhead && next.playing {
                    return self;
                }
            }
            Action::SetSpeed(speed) => next.speed = speed,
            Action::LoadCode(code) => next.load_code(code),
            Action::SetRecent(recent) => next.recent = Rc::new(recent),
            Action::DismissNotice => next.notice = None,
        }
        Rc::new(next)
    }
}
