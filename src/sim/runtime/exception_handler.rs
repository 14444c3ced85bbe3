//! What asyncio's default exception handler (`loop.call_exception_handler`) logs on
//! stderr, and the warnings the page shows for it: a callback that raised, and a
//! task's or future's exception that nothing ever read.

use crate::sim::exceptions::PyErr;
use crate::sim::machine::Machine;
use crate::sim::object;
use crate::sim::runtime::CallArgs;
use crate::sim::traceback::Place;
use crate::sim::value::{FutureId, Value};
use crate::sim::RECORD_STDERR;
use crate::trace::{Warning, WarningKind};

impl Machine {
    /// A callback raised: `Exception in callback hello(1) at FILE:3`, the handle,
    /// and the traceback. `deadline_us` is the timer's, for a `call_later` callback.
    pub(crate) fn report_callback_exception(
        &mut self,
        func: &Value,
        args: &CallArgs,
        deadline_us: Option<i64>,
        e: &PyErr,
    ) {
        let def_line = self.callable_line(func);
        let text = |place: Place| {
            let callback = self.callback_source(func, args, place);
            let handle = match deadline_us {
                Some(us) => format!(
                    "TimerHandle when={}",
                    object::repr(&Value::Float(us as f64 / 1e6), self)
                ),
                None => "Handle".to_string(),
            };
            format!(
                "Exception in callback {callback}\nhandle: <{handle} {callback}>\n{}",
                self.logged_traceback(e, place)
            )
        };
        let message = text(Place::Line);
        if let Some(stderr) = RECORD_STDERR.then(|| text(Place::File)) {
            self.rec.stderr.push_str(&stderr);
        }
        self.rec.warnings.push(Warning {
            t_us: self.rt.now_us,
            line: e.raised_at().unwrap_or(def_line),
            kind: WarningKind::CallbackFailed,
            message,
        });
    }

    /// A callback as asyncio names it (`format_helpers._format_callback_source`):
    /// `main.<locals>.tick(1, 'y') at FILE:5`, by `__qualname__`, with the place of
    /// a function defined in the scenario. As CPython writes it (`Place::File`) the
    /// arguments are abbreviated by `reprlib`; the page's warnings show them whole.
    pub(crate) fn callback_source(&self, func: &Value, args: &CallArgs, place: Place) -> String {
        let name = match func {
            Value::Function(f) => f.code.qualname.clone(),
            other => self.callable_label(other),
        };
        let args: Vec<String> = args
            .as_slice()
            .iter()
            .map(|a| match place {
                Place::File => object::short_repr(a, self),
                Place::Line => object::repr(a, self),
            })
            .collect();
        let mut source = format!("{name}({})", args.join(", "));
        let def_line = self.callable_line(func);
        if def_line > 0 {
            source.push_str(" at ");
            source.push_str(&place.source(def_line));
        }
        source
    }

    /// Reports each exception set on a future that nothing read (CPython's
    /// `Task exception was never retrieved`). CPython logs it when it frees the
    /// future: a task nothing refers to as soon as it fails, another when its last
    /// reference goes, at the latest as the program ends. Without reference counts,
    /// the simulator reports them all as the run ends, in the order they were raised.
    pub(crate) fn report_unretrieved_exceptions(&mut self) {
        for set in std::mem::take(&mut self.rt.exceptions_set) {
            let f = self.rt.future(set.future);
            let (true, Some(e)) = (f.log_traceback, f.settled.exception().cloned()) else {
                continue;
            };
            let task = f.task.as_ref().map(|t| t.trace_index);
            let what = set.future.class_name();
            let text = |place: Place| {
                format!(
                    "{what} exception was never retrieved\nfuture: {}\n{}",
                    self.finished_future_repr(set.future, &e, place),
                    self.logged_traceback(&e, place)
                )
            };
            let message = text(Place::Line);
            if let Some(stderr) = RECORD_STDERR.then(|| text(Place::File)) {
                self.rec.stderr.push_str(&stderr);
            }
            self.rec.warnings.push(Warning {
                t_us: set.t_us,
                line: set.line,
                kind: WarningKind::ExceptionNeverRetrieved { task },
                message,
            });
        }
    }

    /// `loop.call_exception_handler(context)`, logged as the default handler does:
    /// the message, every other key but `exception` in sorted order as
    /// `key: repr(value)`, then the exception's traceback.
    pub(crate) fn log_exception_context(&mut self, context: &Value) {
        if !RECORD_STDERR {
            return;
        }
        let Value::Dict(d) = context else {
            let text = object::to_str(context, &*self);
            self.rec.stderr.push_str(&text);
            self.rec.stderr.push('\n');
            return;
        };
        let mut entries: Vec<(String, Value)> = d
            .borrow()
            .map()
            .values()
            .map(|(k, v)| (object::to_str(k, &*self), v.clone()))
            .collect();
        // By key, as `sorted(context)`; a context has a handful of keys, and an
        // insertion sort keeps std's sort (and its page weight) out of the build.
        for i in 1..entries.len() {
            let mut j = i;
            while j > 0 && entries[j - 1].0 > entries[j].0 {
                entries.swap(j - 1, j);
                j -= 1;
            }
        }
        let mut text = entries.iter().find(|(k, _)| k == "message").map_or_else(
            || "Unhandled exception in event loop".to_string(),
            |(_, v)| object::to_str(v, &*self),
        );
        let mut exception = None;
        for (key, value) in &entries {
            match (key.as_str(), value) {
                ("message", _) => {}
                ("exception", Value::Exception(e)) => exception = Some(PyErr(e.clone())),
                ("exception", _) => {}
                (_, Value::Future(id)) => {
                    let repr = match self.rt.future(*id).settled.exception().cloned() {
                        Some(e) => self.finished_future_repr(*id, &e, Place::File),
                        None => self.repr_future(*id),
                    };
                    text.push_str(&format!("\n{key}: {repr}"));
                }
                _ => text.push_str(&format!("\n{key}: {}", object::repr(value, &*self))),
            }
        }
        text.push('\n');
        if let Some(e) = exception {
            text.push_str(&self.logged_traceback(&e, Place::File));
        }
        self.rec.stderr.push_str(&text);
    }

    /// `<Task finished name='Task-2' coro=<fails() done, defined at FILE:7>
    /// exception=KeyError(1)>`, or `<Future finished exception=…>`.
    fn finished_future_repr(&self, id: FutureId, e: &PyErr, place: Place) -> String {
        let exception = object::repr(&Value::Exception(e.0.clone()), self);
        match &self.rt.future(id).task {
            Some(t) => {
                let coro = t.coro.borrow();
                format!(
                    "<Task finished name='{}' coro=<{}() done, defined at {}> exception={exception}>",
                    t.name,
                    coro.qualname,
                    place.source(coro.def_line)
                )
            }
            None => format!("<{} finished exception={exception}>", id.class_name()),
        }
    }

    /// The traceback as the logging module prints it, then a newline.
    fn logged_traceback(&self, e: &PyErr, place: Place) -> String {
        let mut text = self.traceback_text(e, place);
        text.push('\n');
        text
    }
}
