//! Calling things: binding arguments to parameters with CPython's messages, and
//! dispatching to Python functions, coroutines, natives and prelude classes.

use std::cell::RefCell;
use std::rc::Rc;

use super::frame::{Coroutine, CoroutineState, Frame, Generator, GeneratorState};
use super::{Exit, Resume};
use crate::sim::exceptions::{PyErr, PyResult};
use crate::sim::machine::Machine;
use crate::sim::object;
use crate::sim::value::{
    BoundMethod, BuiltinType, Class, ClassObj, FastMap, Function, Instance, MethodRef, PyIter,
    Value,
};

/// The result of a call: a value now, or a frame to run next.
pub enum Called {
    Value(Value),
    Frame(Frame),
}

type Kwargs = Vec<(Rc<str>, Value)>;

impl Machine {
    pub(crate) fn call_value(
        &mut self,
        callee: Value,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult<Called> {
        match &callee {
            Value::Function(f) => self.call_function(f, args, kwargs),
            Value::Builtin(b) => self.call_native(*b, args, kwargs).map(Called::Value),
            Value::Method(m) => match &m.method {
                MethodRef::Native(name) => {
                    let name = name.clone();
                    if let Value::Class(Class::Builtin(t)) = &m.receiver {
                        return self.call_descriptor(*t, &name, args, kwargs);
                    }
                    self.call_method(m.receiver.clone(), &name, args, kwargs)
                }
                MethodRef::Function(f) => {
                    let mut full = Vec::with_capacity(args.len() + 1);
                    full.push(m.receiver.clone());
                    full.extend(args);
                    self.call_function(f, full, kwargs)
                }
            },
            Value::Class(Class::Prelude(class)) => {
                self.instantiate(class, args, kwargs).map(Called::Value)
            }
            Value::Class(class) => object::call_class(class, args, kwargs, self).map(Called::Value),
            other => Err(PyErr::type_error(format!(
                "'{}' object is not callable",
                other.type_name()
            ))),
        }
    }

    /// Calls and runs to completion (callbacks, `key=` functions, `__init__`).
    pub(crate) fn call_sync(&mut self, callee: &Value, args: Vec<Value>) -> PyResult<Value> {
        match self.call_value(callee.clone(), args, Vec::new())? {
            Called::Value(v) => Ok(v),
            Called::Frame(frame) => self.run_to_completion(frame),
        }
    }

    pub(crate) fn run_to_completion(&mut self, frame: Frame) -> PyResult<Value> {
        let mut frames = self.pool.frame_stack();
        frames.push(frame);
        self.nested_depth += 1;
        let exit = self.run_frames(&mut frames, 0, Resume::Start);
        self.nested_depth -= 1;
        self.pool.recycle_frame_stack(frames);
        match exit {
            Exit::Returned(v) => Ok(v),
            Exit::Raised(e) => Err(e),
            Exit::Suspended(_) => Err(PyErr::runtime_error(
                "a callback tried to wait: only coroutines can await",
            )),
            Exit::Stopped => Err(self.stop_error()),
            Exit::Yielded(_) => Err(not_a_generator()),
        }
    }

    /// Runs a generator's frame to its next value or to its end (what advancing a
    /// generator does: `object::advance`). Like a nested call, it runs on a frame
    /// stack of its own, one level deeper.
    pub(crate) fn resume_generator(&mut self, frame: Frame) -> PyResult<Option<(Value, Frame)>> {
        if self.nested_depth + 1 >= self.limits.max_depth {
            self.stop_for_depth(self.line);
            return Err(self.stop_error());
        }
        let mut frames = self.pool.frame_stack();
        frames.push(frame);
        self.nested_depth += 1;
        let exit = self.run_frames(&mut frames, 0, Resume::Start);
        self.nested_depth -= 1;
        let result = match exit {
            Exit::Yielded(v) => match frames.pop() {
                Some(frame) => Ok(Some((v, frame))),
                None => Err(not_a_generator()),
            },
            Exit::Returned(_) => Ok(None),
            Exit::Raised(e) => Err(e),
            Exit::Suspended(_) => Err(PyErr::runtime_error(
                "a generator tried to wait: only coroutines can await",
            )),
            Exit::Stopped => Err(self.stop_error()),
        };
        self.pool.recycle_frame_stack(frames);
        result
    }

    fn call_function(
        &mut self,
        f: &Rc<Function>,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult<Called> {
        let mut frame = self.pool.frame(f.code.clone(), f.globals.clone());
        bind_arguments(f, &mut frame, args, kwargs)?;
        Ok(self.enter_function(f, frame))
    }

    /// Starts a call of `f` whose arguments are bound in `frame`: the frame runs
    /// next, or an `async def` returns its coroutine.
    pub(crate) fn enter_function(&mut self, f: &Function, mut frame: Frame) -> Called {
        self.enter_frame(f, &mut frame);
        if f.code.is_async {
            let sink = Some(self.unawaited.clone());
            let coro = Coroutine {
                name: f.name.clone(),
                qualname: f.code.qualname.clone(),
                def_line: f.code.first_line,
                of_prelude: f.globals.is_prelude,
                state: CoroutineState::Created(Box::new(frame)),
                unawaited_sink: sink,
            };
            return Called::Value(Value::Coroutine(Rc::new(RefCell::new(coro))));
        }
        if f.code.is_generator {
            let generator = Generator {
                qualname: f.code.qualname.clone(),
                state: GeneratorState::Suspended(Box::new(frame)),
            };
            return Called::Value(Value::Iter(Rc::new(RefCell::new(PyIter::Generator(
                generator,
            )))));
        }
        Called::Frame(frame)
    }

    /// Readies a frame of `f` whose arguments are bound: parameters captured by
    /// closures move into their cells, and the closure's cells are linked.
    pub(crate) fn enter_frame(&mut self, f: &Function, frame: &mut Frame) {
        if f.code.cellvars.is_empty() && f.code.freevars.is_empty() {
            // Nothing to link: most functions capture nothing and are captured by
            // nothing.
            return;
        }
        for (i, (_, param)) in f.code.cellvars.iter().enumerate() {
            if let Some(p) = param {
                let v = frame.locals[*p as usize].take();
                *frame.cells[i].borrow_mut() = v;
            }
        }
        let ncell = f.code.cellvars.len();
        frame.cells.truncate(ncell);
        frame.cells.extend(f.closure.iter().cloned());
        // Every freevar has a cell, whatever the closure holds.
        let ncells = ncell + f.code.freevars.len();
        while frame.cells.len() < ncells {
            frame.cells.push(Rc::new(RefCell::new(None)));
        }
    }

    fn instantiate(
        &mut self,
        class: &Rc<ClassObj>,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult<Value> {
        let instance = Value::Instance(Rc::new(Instance {
            class: class.clone(),
            attrs: RefCell::new(FastMap::default()),
            shadows_method: std::cell::Cell::new(false),
        }));
        if let Some(Value::Function(init)) = class.methods.get("__init__") {
            let mut full = vec![instance.clone()];
            full.extend(args);
            match self.call_function(init, full, kwargs)? {
                Called::Frame(frame) => {
                    self.run_to_completion(frame)?;
                }
                Called::Value(_) => {}
            }
        }
        Ok(instance)
    }

    /// `receiver.name(args)`.
    pub(crate) fn call_method(
        &mut self,
        receiver: Value,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult<Called> {
        match &receiver {
            Value::Instance(inst) => {
                if let Some(v) = inst.attrs.borrow().get(name).cloned() {
                    return self.call_value(v, args, kwargs);
                }
                match inst.class.methods.get(name) {
                    Some(Value::Function(f)) => {
                        let f = f.clone();
                        let mut full = Vec::with_capacity(args.len() + 1);
                        full.push(receiver.clone());
                        full.extend(args);
                        self.call_function(&f, full, kwargs)
                    }
                    Some(other) => {
                        let other = other.clone();
                        self.call_value(other, args, kwargs)
                    }
                    None => Err(self.no_attribute(&receiver, name)),
                }
            }
            Value::Module(_) | Value::Class(_) => {
                let f = self.load_attr(&receiver, name)?;
                self.call_value(f, args, kwargs)
            }
            Value::Future(_) | Value::Loop(_) | Value::Handle(_) | Value::Coroutine(_) => self
                .call_runtime_method(&receiver, name, args, kwargs)
                .map(Called::Value),
            _ => match object::call_method(&receiver, name, args, kwargs, self) {
                Some(result) => result.map(Called::Value),
                None => Err(self.no_attribute(&receiver, name)),
            },
        }
    }

    /// A bound method value for `receiver.name` (without calling it).
    /// `str.lower(s)`, `list.append(items, x)`: a built-in type's method called on
    /// its first argument, with CPython's messages; `dict.fromkeys(…)` needs none.
    fn call_descriptor(
        &mut self,
        t: BuiltinType,
        name: &str,
        mut args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult<Called> {
        let owner = Class::Builtin(t);
        if t == BuiltinType::Dict && name == "fromkeys" {
            return self.call_method(Value::Dict(Default::default()), name, args, kwargs);
        }
        let type_name = object::class_name(&owner);
        if args.is_empty() {
            return Err(PyErr::type_error(format!(
                "unbound method {type_name}.{name}() needs an argument"
            )));
        }
        let receiver = args.remove(0);
        if !object::isinstance(&receiver, &owner) {
            return Err(PyErr::type_error(format!(
                "descriptor '{name}' for '{type_name}' objects doesn't apply to a '{}' object",
                receiver.type_name()
            )));
        }
        self.call_method(receiver, name, args, kwargs)
    }

    pub(crate) fn bound_method(&self, receiver: &Value, name: &str) -> Value {
        Value::Method(Rc::new(BoundMethod {
            receiver: receiver.clone(),
            method: MethodRef::Native(Rc::from(name)),
        }))
    }
}

/// Binds call arguments to a function's parameters, as CPython does, with its
/// messages for every mismatch.
fn bind_arguments(
    f: &Function,
    frame: &mut Frame,
    args: Vec<Value>,
    kwargs: Kwargs,
) -> PyResult<()> {
    let code = &f.code;
    let npos = code.positional.len();
    // CPython 3.11 names the function by its qualified name here.
    let fname = &code.qualname;
    let mut args = args.into_iter();
    let mut extra = Vec::new();
    for (i, v) in args.by_ref().enumerate() {
        if i < npos {
            frame.locals[i] = Some(v);
        } else {
            extra.push(v);
        }
    }
    let given = npos.min(
        frame
            .locals
            .iter()
            .take(npos)
            .filter(|l| l.is_some())
            .count(),
    ) + extra.len();
    let vararg_slot = npos + code.kwonly.len();
    if code.has_vararg {
        frame.locals[vararg_slot] = Some(Value::tuple(std::mem::take(&mut extra)));
    }
    let kwarg_slot = vararg_slot + usize::from(code.has_vararg);
    let mut extra_kw = crate::sim::value::Dict::default();
    for (name, v) in kwargs {
        if let Some(i) = code.positional.iter().position(|p| *p == name) {
            if frame.locals[i].is_some() {
                return Err(PyErr::type_error(format!(
                    "{fname}() got multiple values for argument '{name}'"
                )));
            }
            frame.locals[i] = Some(v);
        } else if let Some(i) = code.kwonly.iter().position(|p| *p == name) {
            frame.locals[npos + i] = Some(v);
        } else if code.has_kwarg {
            extra_kw.insert(
                crate::sim::value::HashKey::Str(name.clone()),
                Value::Str(name),
                v,
            );
        } else {
            return Err(object::unexpected_keyword(fname, &name));
        }
    }
    if code.has_kwarg {
        frame.locals[kwarg_slot] = Some(Value::Dict(Rc::new(RefCell::new(extra_kw))));
    }
    // As CPython, after the keywords: their errors come first.
    if !extra.is_empty() {
        // The keyword-only arguments given (their defaults are not filled in yet).
        let kwonly_given = (npos..npos + code.kwonly.len())
            .filter(|&i| frame.locals[i].is_some())
            .count();
        let ndef = code.n_defaults as usize;
        return Err(too_many_positional(fname, npos, ndef, given, kwonly_given));
    }
    // Defaults fill the trailing positional parameters.
    let first_default = npos - f.defaults.len().min(npos);
    let mut missing = Vec::new();
    for i in 0..npos {
        if frame.locals[i].is_none() {
            if i >= first_default {
                frame.locals[i] = Some(f.defaults[i - first_default].clone());
            } else {
                missing.push(code.positional[i].clone());
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_error(fname, "positional", &missing));
    }
    let mut missing_kw = Vec::new();
    for (i, name) in code.kwonly.iter().enumerate() {
        if frame.locals[npos + i].is_none() {
            match f.kwdefaults.get(i).cloned().flatten() {
                Some(d) => frame.locals[npos + i] = Some(d),
                None => missing_kw.push(name.clone()),
            }
        }
    }
    if !missing_kw.is_empty() {
        return Err(missing_error(fname, "keyword-only", &missing_kw));
    }
    Ok(())
}

/// `f() takes 2 positional arguments but 3 were given`, for a function of `npos`
/// positional parameters (the last `ndef` with defaults) given `given` positional
/// arguments and `kwonly_given` keyword-only ones.
#[cold]
pub(crate) fn too_many_positional(
    fname: &str,
    npos: usize,
    ndef: usize,
    given: usize,
    kwonly_given: usize,
) -> PyErr {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let takes = if ndef == 0 {
        format!("{npos} positional argument{}", s(npos))
    } else {
        format!("from {} to {npos} positional arguments", npos - ndef)
    };
    let (kwonly, was) = match kwonly_given {
        0 if given == 1 => (String::new(), "was"),
        0 => (String::new(), "were"),
        k => (
            format!(
                " positional argument{} (and {k} keyword-only argument{})",
                s(given),
                s(k)
            ),
            "were",
        ),
    };
    PyErr::type_error(format!(
        "{fname}() takes {takes} but {given}{kwonly} {was} given"
    ))
}

/// `f() missing 2 required positional arguments: 'a' and 'b'`.
pub(crate) fn missing_error(fname: &str, kind: &str, names: &[Rc<str>]) -> PyErr {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        // CPython's serial comma: 'a', 'b', and 'c'.
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    };
    let s = if names.len() == 1 { "" } else { "s" };
    PyErr::type_error(format!(
        "{fname}() missing {} required {kind} argument{s}: {list}",
        names.len()
    ))
}

/// What a frame that yields outside a generator gets: the compiler puts
/// `YieldValue` only in generator expressions, which only `resume_generator` runs.
fn not_a_generator() -> PyErr {
    PyErr::runtime_error("internal: a frame yielded outside a generator")
}
