//! Attribute access: modules (`asyncio.sleep`), prelude instances (`queue._getters`),
//! runtime objects (`task.cancel`) and plain values (`items.append`).

use std::rc::Rc;

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::machine::Machine;
use crate::sim::object;
use crate::sim::value::{
    BoundMethod, Builtin, BuiltinType, Class, ClassObj, MethodRef, ModuleKind, Value,
};

impl Machine {
    pub(crate) fn load_attr(&mut self, obj: &Value, name: &str) -> PyResult<Value> {
        if name == "__class__" {
            return object::type_of(obj);
        }
        if let Some(v) = self.own_attr(obj, name) {
            return Ok(v);
        }
        match obj {
            Value::Module(kind) => self.module_attr(*kind, name),
            Value::Instance(inst) => {
                if let Some(v) = inst.attrs.borrow().get(name) {
                    return Ok(v.clone());
                }
                match inst.class.methods.get(name) {
                    Some(Value::Function(f)) => Ok(Value::Method(Rc::new(BoundMethod {
                        receiver: obj.clone(),
                        method: MethodRef::Function(f.clone()),
                    }))),
                    Some(other) => Ok(other.clone()),
                    None => Err(self.no_attribute(obj, name)),
                }
            }
            Value::Class(Class::Prelude(class)) => match name {
                "__name__" => Ok(Value::Str(class.name.clone())),
                _ => class
                    .methods
                    .get(name)
                    .cloned()
                    .ok_or_else(|| self.no_attribute(obj, name)),
            },
            Value::Class(class) if name == "__name__" => Ok(Value::str(&object::class_name(class))),
            Value::Class(Class::Builtin(t)) if object::type_has_method(*t, name) => {
                // The type that defines it: bool's methods are int's.
                let owner = match t {
                    BuiltinType::Bool => BuiltinType::Int,
                    other => *other,
                };
                Ok(self.bound_method(&Value::Class(Class::Builtin(owner)), name))
            }
            Value::Function(f) if name == "__name__" => Ok(Value::Str(f.name.clone())),
            Value::Builtin(b) if name == "__name__" || name == "__qualname__" => {
                Ok(Value::str(object::builtin_name(*b)))
            }
            Value::Function(f) if name == "__qualname__" => Ok(Value::Str(f.code.qualname.clone())),
            Value::Method(m) if name == "__name__" || name == "__qualname__" => {
                Ok(match &m.method {
                    MethodRef::Function(f) if name == "__name__" => Value::Str(f.name.clone()),
                    MethodRef::Function(f) => Value::Str(f.code.qualname.clone()),
                    MethodRef::Native(method) if name == "__name__" => Value::Str(method.clone()),
                    // `list.append`: the type's name (a descriptor's is its owner's).
                    MethodRef::Native(method) => {
                        let owner = match &m.receiver {
                            Value::Class(class) => object::class_name(class),
                            receiver => receiver.type_name().to_string(),
                        };
                        Value::str(&format!("{owner}.{method}"))
                    }
                })
            }
            Value::Coroutine(c) if name == "__name__" => Ok(Value::Str(c.borrow().name.clone())),
            Value::Coroutine(c) if name == "__qualname__" => {
                Ok(Value::Str(c.borrow().qualname.clone()))
            }
            Value::Future(id) => match name {
                "_cancel_message" => Ok(self.rt.future(*id).cancel_message()),
                "_cancel_requested" => Ok(Value::Bool(self.rt.future(*id).cancel_requested)),
                "_loop" => Ok(Value::Loop(self.rt.future(*id).loop_id)),
                _ if self.has_runtime_method(obj, name) => Ok(self.bound_method(obj, name)),
                _ => Err(self.no_attribute(obj, name)),
            },
            Value::Loop(_) | Value::Handle(_) | Value::Coroutine(_) => {
                if self.has_runtime_method(obj, name) {
                    Ok(self.bound_method(obj, name))
                } else {
                    Err(self.no_attribute(obj, name))
                }
            }
            _ => {
                if let Some(v) = object::get_attr(obj, name) {
                    return v;
                }
                if object::has_method(obj, name) {
                    return Ok(self.bound_method(obj, name));
                }
                Err(self.no_attribute(obj, name))
            }
        }
    }

    pub(crate) fn store_attr(&mut self, obj: &Value, name: &Rc<str>, value: Value) -> PyResult<()> {
        let name_rc = name;
        let name: &str = name;
        match obj {
            Value::Instance(inst) => {
                let mut attrs = inst.attrs.borrow_mut();
                match attrs.get_mut(name) {
                    Some(slot) => *slot = value,
                    None => {
                        if inst.class.methods.contains_key(name) {
                            inst.shadows_method.set(true);
                        }
                        attrs.insert(name_rc.clone(), value);
                    }
                }
                Ok(())
            }
            Value::Future(id) if name == "_log_destroy_pending" || name == "_cancel_requested" => {
                if name == "_cancel_requested" {
                    self.rt.future_mut(*id).cancel_requested = object::truthy(&value);
                }
                Ok(())
            }
            Value::Future(_) | Value::Loop(_) => {
                // Its `__dict__`, for a name of the scenario's own. One of the type's
                // (a method to shadow, a descriptor to write) is not modelled.
                let type_name = obj.type_name();
                if crate::sim::suggest::dir_has(type_name, name) {
                    return Err(PyErr::new(
                        ExcKind::NotImplementedError,
                        format!("setting '{name}' of a '{type_name}' object is not supported by awaitscope"),
                    ));
                }
                let attrs = self.own_attrs(obj).expect("a future or a loop");
                match attrs.iter_mut().find(|(n, _)| **n == *name) {
                    Some((_, slot)) => *slot = value,
                    None => attrs.push((name_rc.clone(), value)),
                }
                Ok(())
            }
            _ => Err(PyErr::new(
                ExcKind::AttributeError,
                format!("'{}' object has no attribute '{name}'", obj.type_name()),
            )),
        }
    }

    /// What the scenario set on a future, a task or a loop (their `__dict__`).
    fn own_attrs(&mut self, obj: &Value) -> Option<&mut Vec<(Rc<str>, Value)>> {
        match obj {
            Value::Future(id) => Some(&mut self.rt.future_mut(*id).rare_mut().attrs),
            Value::Loop(id) => Some(&mut self.rt.loop_mut(*id).attrs),
            _ => None,
        }
    }

    /// `obj.name` from what the scenario set on it, if it did.
    fn own_attr(&self, obj: &Value, name: &str) -> Option<Value> {
        let attrs = match obj {
            Value::Future(id) => &self.rt.future(*id).rare.as_ref()?.attrs,
            Value::Loop(id) => &self.rt.loops[id.index()].attrs,
            _ => return None,
        };
        attrs
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v.clone())
    }

    fn module_attr(&mut self, kind: ModuleKind, name: &str) -> PyResult<Value> {
        let found = match kind {
            ModuleKind::Asyncio => asyncio_native(name).or_else(|| {
                prelude_exports(name)
                    .then(|| self.prelude.get(name))
                    .flatten()
            }),
            ModuleKind::Time => time_attr(name),
            ModuleKind::Awaitscope => match name {
                "cpu" => Some(Value::Builtin(Builtin::Cpu)),
                "Device" => self.prelude.get("Device"),
                _ => None,
            },
        };
        found.ok_or_else(|| self.no_attribute(&Value::Module(kind), name))
    }
}

/// Whether `module.name` can exist in a scenario, asked before the run: the prelude's
/// module-level names are those it assigns or reads (a name it only reads, such as
/// `len`, fails at run time as in CPython, whose asyncio has no `len` either).
pub(crate) fn module_has(kind: ModuleKind, name: &str) -> bool {
    match kind {
        ModuleKind::Asyncio => {
            asyncio_native(name).is_some()
                || prelude_exports(name)
                    && crate::sim::prelude::program()
                        .global_names
                        .iter()
                        .any(|n| &**n == name)
        }
        ModuleKind::Time => time_attr(name).is_some(),
        ModuleKind::Awaitscope => matches!(name, "cpu" | "Device"),
    }
}

/// The prelude's names that are asyncio's: not its private ones, nor the helper
/// module's `Device`.
fn prelude_exports(name: &str) -> bool {
    !name.starts_with('_') && name != "Device"
}

fn time_attr(name: &str) -> Option<Value> {
    let b = match name {
        "sleep" => Builtin::TimeSleep,
        "time" | "perf_counter" => Builtin::TimeTime,
        "monotonic" => Builtin::TimeMonotonic,
        _ => return None,
    };
    Some(Value::Builtin(b))
}

/// asyncio's functions that are natives rather than the prelude's Python.
const ASYNCIO_FUNCTIONS: [(&str, Builtin); 10] = [
    ("create_task", Builtin::CreateTask),
    ("ensure_future", Builtin::EnsureFuture),
    ("get_running_loop", Builtin::GetRunningLoop),
    ("get_event_loop", Builtin::GetEventLoop),
    ("new_event_loop", Builtin::NewEventLoop),
    ("set_event_loop", Builtin::SetEventLoop),
    ("current_task", Builtin::CurrentTask),
    ("all_tasks", Builtin::AllTasks),
    ("iscoroutine", Builtin::IsCoroutine),
    ("isfuture", Builtin::IsFuture),
];

/// asyncio's exception classes.
const ASYNCIO_EXCEPTIONS: [(&str, ExcKind); 5] = [
    ("CancelledError", ExcKind::CancelledError),
    ("TimeoutError", ExcKind::TimeoutError),
    ("InvalidStateError", ExcKind::InvalidStateError),
    ("QueueEmpty", ExcKind::QueueEmpty),
    ("QueueFull", ExcKind::QueueFull),
];

fn asyncio_native(name: &str) -> Option<Value> {
    if let Some((_, b)) = ASYNCIO_FUNCTIONS.iter().find(|(n, _)| *n == name) {
        return Some(Value::Builtin(*b));
    }
    let (_, kind) = ASYNCIO_EXCEPTIONS.iter().find(|(n, _)| *n == name)?;
    Some(Value::Class(Class::Exception(*kind)))
}

/// The names `module_has` accepts, for "Did you mean" when it refuses one.
pub(crate) fn module_names(kind: ModuleKind) -> Vec<Rc<str>> {
    match kind {
        ModuleKind::Asyncio => ASYNCIO_FUNCTIONS
            .iter()
            .map(|(n, _)| Rc::from(*n))
            .chain(ASYNCIO_EXCEPTIONS.iter().map(|(n, _)| Rc::from(*n)))
            .chain(
                crate::sim::prelude::program()
                    .global_names
                    .iter()
                    .filter(|n| prelude_exports(n))
                    .cloned(),
            )
            .collect(),
        ModuleKind::Time => ["sleep", "time", "perf_counter", "monotonic"]
            .into_iter()
            .map(Rc::from)
            .collect(),
        ModuleKind::Awaitscope => ["Device", "cpu"].into_iter().map(Rc::from).collect(),
    }
}

/// Where `obj.m` was last found in a prelude class's methods, by the addresses of
/// the name (a code object's) and of the class, so that a method call need not
/// hash the name again. A hit is checked against the name stored at that index,
/// so a stale entry costs one lookup, never a wrong method.
#[derive(Default)]
pub(crate) struct MethodCache {
    entries: Vec<(usize, usize, usize)>,
}

impl MethodCache {
    const SIZE: usize = 256;

    pub(crate) fn index_of(&mut self, class: &ClassObj, name: &Rc<str>) -> Option<usize> {
        if self.entries.is_empty() {
            self.entries = vec![(0, 0, 0); Self::SIZE];
        }
        let name_at = Rc::as_ptr(name) as *const u8 as usize;
        let class_at = class as *const ClassObj as usize;
        // Fibonacci hashing of both addresses, in 64 bits on every target.
        let mixed = (((name_at >> 3) ^ (class_at >> 3)) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = (mixed >> 56) as usize % Self::SIZE;
        let (n, c, i) = self.entries[slot];
        if n == name_at && c == class_at {
            if let Some((key, _)) = class.methods.get_index(i) {
                if **key == **name {
                    return Some(i);
                }
            }
        }
        let i = class.methods.get_index_of(&**name)?;
        self.entries[slot] = (name_at, class_at, i);
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::MethodCache;
    use crate::sim::value::{ClassObj, FastMap, Value};
    use std::rc::Rc;

    fn class(methods: &[&str]) -> ClassObj {
        let mut map = FastMap::default();
        for (i, m) in methods.iter().enumerate() {
            map.insert(Rc::from(*m), Value::Int(i as i64));
        }
        ClassObj {
            name: Rc::from("C"),
            module: Rc::from("asyncio"),
            base: None,
            methods: map,
        }
    }

    /// The cache answers what a lookup by name answers, whichever class and name
    /// (and however many of each, sharing its slots) come in turn.
    #[test]
    fn cached_method_indices_match_lookups() {
        let classes = [
            class(&["get", "put", "qsize"]),
            class(&["put", "get"]),
            class(&["acquire", "release", "locked", "get"]),
        ];
        let names: Vec<Rc<str>> = ["get", "put", "qsize", "acquire", "missing", "get"]
            .iter()
            .map(|n| Rc::from(*n))
            .collect();
        let mut cache = MethodCache::default();
        for round in 0..2000usize {
            let c = &classes[round % 3];
            let name = &names[(round * 7) % names.len()];
            assert_eq!(
                cache.index_of(c, name),
                c.methods.get_index_of(&**name),
                "round {round}"
            );
        }
    }
}
