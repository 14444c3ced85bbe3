//! Attribute access: modules (`asyncio.sleep`), prelude instances (`queue._getters`),
//! runtime objects (`task.cancel`) and plain values (`items.append`).

use std::rc::Rc;

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::machine::Machine;
use crate::sim::object;
use crate::sim::value::{BoundMethod, Builtin, Class, MethodRef, ModuleKind, Value};

impl Machine {
    pub(crate) fn load_attr(&mut self, obj: &Value, name: &str) -> PyResult<Value> {
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
                    None => Err(object::no_attribute(obj, name)),
                }
            }
            Value::Class(Class::Prelude(class)) => match name {
                "__name__" => Ok(Value::Str(class.name.clone())),
                _ => class
                    .methods
                    .get(name)
                    .cloned()
                    .ok_or_else(|| object::no_attribute(obj, name)),
            },
            Value::Class(class) if name == "__name__" => Ok(Value::str(&object::class_name(class))),
            Value::Function(f) if name == "__name__" => Ok(Value::Str(f.name.clone())),
            Value::Coroutine(c) if name == "__name__" => Ok(Value::Str(c.borrow().name.clone())),
            Value::Future(id) => match name {
                "_cancel_message" => Ok(self.rt.future(*id).cancel_message()),
                "_cancel_requested" => Ok(Value::Bool(self.rt.future(*id).cancel_requested)),
                "_loop" => Ok(Value::Loop(self.rt.future(*id).loop_id)),
                _ if self.has_runtime_method(obj, name) => Ok(self.bound_method(obj, name)),
                _ => Err(object::no_attribute(obj, name)),
            },
            Value::Loop(_) | Value::Handle(_) | Value::Coroutine(_) => {
                if self.has_runtime_method(obj, name) {
                    Ok(self.bound_method(obj, name))
                } else {
                    Err(object::no_attribute(obj, name))
                }
            }
            _ => {
                if let Some(v) = object::get_attr(obj, name) {
                    return v;
                }
                if object::has_method(obj, name) {
                    return Ok(self.bound_method(obj, name));
                }
                Err(object::no_attribute(obj, name))
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
            _ => Err(PyErr::new(
                ExcKind::AttributeError,
                format!("'{}' object has no attribute '{name}'", obj.type_name()),
            )),
        }
    }

    fn module_attr(&mut self, kind: ModuleKind, name: &str) -> PyResult<Value> {
        let found = match kind {
            ModuleKind::Asyncio => self.asyncio_attr(name),
            ModuleKind::Time => match name {
                "sleep" => Some(Value::Builtin(Builtin::TimeSleep)),
                "time" | "perf_counter" => Some(Value::Builtin(Builtin::TimeTime)),
                "monotonic" => Some(Value::Builtin(Builtin::TimeMonotonic)),
                _ => None,
            },
            ModuleKind::Awaitscope => match name {
                "cpu" => Some(Value::Builtin(Builtin::Cpu)),
                "Device" => self.prelude.get("Device"),
                _ => None,
            },
        };
        found.ok_or_else(|| {
            let module = match kind {
                ModuleKind::Asyncio => "asyncio",
                ModuleKind::Time => "time",
                ModuleKind::Awaitscope => "awaitscope",
            };
            PyErr::new(
                ExcKind::AttributeError,
                format!("module '{module}' has no attribute '{name}'"),
            )
        })
    }

    fn asyncio_attr(&self, name: &str) -> Option<Value> {
        let native = match name {
            "create_task" => Some(Builtin::CreateTask),
            "ensure_future" => Some(Builtin::EnsureFuture),
            "get_running_loop" => Some(Builtin::GetRunningLoop),
            "get_event_loop" => Some(Builtin::GetEventLoop),
            "new_event_loop" => Some(Builtin::NewEventLoop),
            "set_event_loop" => Some(Builtin::SetEventLoop),
            "current_task" => Some(Builtin::CurrentTask),
            "all_tasks" => Some(Builtin::AllTasks),
            "iscoroutine" => Some(Builtin::IsCoroutine),
            "isfuture" => Some(Builtin::IsFuture),
            _ => None,
        };
        if let Some(b) = native {
            return Some(Value::Builtin(b));
        }
        let exception = match name {
            "CancelledError" => Some(ExcKind::CancelledError),
            "TimeoutError" => Some(ExcKind::TimeoutError),
            "InvalidStateError" => Some(ExcKind::InvalidStateError),
            "QueueEmpty" => Some(ExcKind::QueueEmpty),
            "QueueFull" => Some(ExcKind::QueueFull),
            _ => None,
        };
        if let Some(kind) = exception {
            return Some(Value::Class(Class::Exception(kind)));
        }
        if name.starts_with('_') || name == "Device" {
            return None;
        }
        self.prelude.get(name)
    }
}
