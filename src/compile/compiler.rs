//! Walks the syntax tree and emits ops. Control flow that leaves a block early
//! (`break`, `continue`, `return` through `try`/`finally`, `except` bodies and
//! `async with`) is compiled by unwinding a compile-time block stack, so the VM only
//! needs a simple handler stack.

use std::rc::Rc;

use indexmap::IndexSet;

use super::literal;
use super::ops::{Conversion, Op};
use super::outside;
use super::scopes::Scope;
use super::{CodeObject, Program};
use crate::sim::value::{Builtin, ModuleKind, Value};
use crate::syntax::ast::*;
use crate::syntax::{Diagnostic, LineIndex};

pub(super) struct Compiler<'a> {
    source: &'a str,
    lines: LineIndex,
    globals: IndexSet<String>,
    units: Vec<Unit>,
    /// `Queue.` while the prelude class `Queue` is compiled (empty otherwise): its
    /// methods' qualified names are `Queue.get`, as CPython's warnings and reprs say.
    class_prefix: String,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Whether names real Python has outside the subset are refused (a scenario's
    /// code; not the prelude's, which is trusted).
    refuse_outside: bool,
    /// Loads of global names that are Python builtins outside the subset: refused at
    /// the end unless the program assigns the name itself.
    builtin_loads: Vec<(u32, Span, String)>,
    /// Which global slots the program stores to.
    stored_globals: Vec<bool>,
    /// Names bound by `import asyncio` / `import time` (or `as`), with the module.
    module_aliases: Vec<(String, ModuleKind)>,
    /// An import of the helper module was compiled.
    imports_helper: bool,
    /// CPython's compile-time warnings for the scenario: (line, message).
    syntax_warnings: Vec<(u32, &'static str)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    Module,
    Function { is_async: bool },
}

/// A code object under construction.
struct Unit {
    kind: UnitKind,
    name: Rc<str>,
    /// `main.<locals>.worker` for a function defined in `main`.
    qualname: Rc<str>,
    scope: Scope,
    ops: Vec<Op>,
    lines: Vec<u32>,
    consts: Vec<Value>,
    names: IndexSet<Rc<str>>,
    codes: Vec<Rc<CodeObject>>,
    local_slots: IndexSet<String>,
    cellvars: IndexSet<String>,
    freevars: IndexSet<String>,
    blocks: Vec<Block>,
    hidden_count: u32,
    line: u32,
    first_line: u32,
    /// A generator expression's body: it yields its elements.
    is_generator: bool,
}

/// What is open around the code being compiled, for early exits.
#[derive(Clone)]
enum Block {
    Loop {
        continue_target: u32,
        breaks: Vec<usize>,
        is_for: bool,
    },
    /// A `try` body protected by `except` handlers.
    Except,
    /// A `try` body whose `finally` must run on the way out.
    Finally(Rc<Vec<Stmt>>),
    /// An `except` body: the handled exception is popped on the way out, and the
    /// name `except … as name` bound is unbound (its cleanup block popped first).
    Handler(Option<Name>),
    /// A `finally` body running because of an exception (on the stack).
    FinallyHandler,
    /// An `async with` body: the manager is on the stack, `__aexit__` runs on exit.
    AsyncWith,
}

/// Where a name lives.
enum Slot {
    Fast(u32),
    Deref(u32),
    Global(u32),
}

impl<'a> Compiler<'a> {
    pub(super) fn new(source: &'a str, refuse_outside: bool) -> Compiler<'a> {
        Compiler {
            source,
            lines: LineIndex::new(source),
            globals: IndexSet::new(),
            units: Vec::new(),
            class_prefix: String::new(),
            diagnostics: Vec::new(),
            refuse_outside,
            builtin_loads: Vec::new(),
            stored_globals: Vec::new(),
            module_aliases: Vec::new(),
            imports_helper: false,
            syntax_warnings: Vec::new(),
        }
    }

    pub(super) fn compile_module(mut self, module: &Module) -> Result<Program, Vec<Diagnostic>> {
        self.scope_errors(&Scope::of_module(&module.body));
        self.units.push(Unit::new(
            UnitKind::Module,
            "<module>",
            "<module>",
            Scope::default(),
            1,
        ));
        for stmt in &module.body {
            self.stmt(stmt);
        }
        let none = self.const_index(Value::None);
        self.emit(Op::LoadConst(none));
        self.emit(Op::Return);
        let unit = self.units.pop().expect("module unit");
        let code = self.finish(unit, Vec::new());
        for (slot, span, why) in std::mem::take(&mut self.builtin_loads) {
            if !self.stored_globals.get(slot as usize).is_some_and(|&s| s) {
                self.error(span, why);
            }
        }
        if !self.diagnostics.is_empty() {
            crate::sort::sort_by_key(&mut self.diagnostics, |d| {
                (u64::from(d.line), u64::from(d.col))
            });
            return Err(self.diagnostics);
        }
        Ok(Program {
            code: Rc::new(code),
            global_names: self.globals.iter().map(|g| Rc::from(g.as_str())).collect(),
            imports_helper: self.imports_helper,
            syntax_warnings: self.syntax_warnings,
        })
    }

    // ---- emitting ----

    fn unit(&mut self) -> &mut Unit {
        self.units.last_mut().expect("a unit is open")
    }

    fn emit(&mut self, op: Op) -> usize {
        let unit = self.unit();
        unit.ops.push(op);
        unit.lines.push(unit.line);
        unit.ops.len() - 1
    }

    fn here(&mut self) -> u32 {
        self.unit().ops.len() as u32
    }

    /// Points the jump at `at` to the current position.
    fn patch(&mut self, at: usize) {
        let target = self.here();
        let op = &mut self.unit().ops[at];
        *op = match *op {
            Op::Jump(_) => Op::Jump(target),
            Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(target),
            Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(target),
            Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(target),
            Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(target),
            Op::ForIter(_) => Op::ForIter(target),
            Op::SetupExcept(_) => Op::SetupExcept(target),
            other => other,
        };
    }

    fn const_index(&mut self, value: Value) -> u32 {
        let unit = self.unit();
        unit.consts.push(value);
        unit.consts.len() as u32 - 1
    }

    fn load_const(&mut self, value: Value) {
        let i = self.const_index(value);
        self.emit(Op::LoadConst(i));
    }

    fn name_index(&mut self, name: &str) -> u32 {
        let (i, _) = self.unit().names.insert_full(Rc::from(name));
        i as u32
    }

    fn set_line(&mut self, span: Span) -> u32 {
        let line = self.lines.line(span.start);
        let unit = self.unit();
        std::mem::replace(&mut unit.line, line)
    }

    fn scope_errors(&mut self, scope: &Scope) {
        for (span, message) in &scope.errors {
            self.error(*span, message.clone());
        }
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        let d = self.lines.diagnostic(self.source, span, message);
        if !self.diagnostics.iter().any(|e| e.line == d.line) {
            self.diagnostics.push(d);
        }
    }

    fn finish(&mut self, unit: Unit, closure_from: Vec<u32>) -> CodeObject {
        let (positional, kwonly, has_vararg, has_kwarg, n_defaults, has_kwdefaults) =
            (Vec::new(), Vec::new(), false, false, 0, false);
        CodeObject {
            name: unit.name,
            qualname: unit.qualname,
            is_async: matches!(unit.kind, UnitKind::Function { is_async: true }),
            is_generator: unit.is_generator,
            positional,
            kwonly,
            has_vararg,
            has_kwarg,
            n_defaults,
            has_kwdefaults,
            local_names: unit
                .local_slots
                .iter()
                .map(|n| Rc::from(n.as_str()))
                .collect(),
            cellvars: unit
                .cellvars
                .iter()
                .map(|n| {
                    let param = unit.local_slots.get_index_of(n).map(|i| i as u32);
                    (Rc::from(n.as_str()), param)
                })
                .collect(),
            freevars: unit.freevars.iter().map(|n| Rc::from(n.as_str())).collect(),
            closure_from,
            ops: unit.ops,
            lines: unit.lines,
            consts: unit.consts,
            names: unit.names.into_iter().collect(),
            codes: unit.codes,
            first_line: unit.first_line,
        }
    }

    // ---- names ----

    fn resolve(&mut self, name: &str) -> Slot {
        let depth = self.units.len() - 1;
        let unit = &self.units[depth];
        match unit.kind {
            UnitKind::Module => return Slot::Global(self.global_slot(name)),
            UnitKind::Function { .. } => {}
        }
        if unit.scope.globals.contains(name) {
            return Slot::Global(self.global_slot(name));
        }
        if !unit.scope.nonlocals.contains(name) {
            if let Some(i) = unit.cellvars.get_index_of(name) {
                return Slot::Deref(i as u32);
            }
            if let Some(i) = unit.local_slots.get_index_of(name) {
                return Slot::Fast(i as u32);
            }
        }
        match self.free_var(depth, name) {
            Some(i) => Slot::Deref(i),
            None => Slot::Global(self.global_slot(name)),
        }
    }

    /// Finds `name` in a function enclosing unit `depth`; registers it as a free
    /// variable of every unit in between. Returns its cell index in unit `depth`.
    fn free_var(&mut self, depth: usize, name: &str) -> Option<u32> {
        let unit = &self.units[depth];
        if let Some(i) = unit.freevars.get_index_of(name) {
            return Some((unit.cellvars.len() + i) as u32);
        }
        if depth == 0 {
            return None;
        }
        let outer = depth - 1;
        let owner = &self.units[outer];
        let found = match owner.kind {
            UnitKind::Function { .. } => {
                if owner.cellvars.contains(name) && !owner.scope.nonlocals.contains(name) {
                    true
                } else {
                    self.free_var(outer, name).is_some()
                }
            }
            _ => false,
        };
        if !found {
            return None;
        }
        let unit = &mut self.units[depth];
        let (i, _) = unit.freevars.insert_full(name.to_string());
        Some((unit.cellvars.len() + i) as u32)
    }

    fn global_slot(&mut self, name: &str) -> u32 {
        let (i, _) = self.globals.insert_full(name.to_string());
        i as u32
    }

    /// A name read by the program's code, at `span`: a builtin outside the subset is
    /// noted, to be refused unless the program assigns that name itself.
    fn load_name_at(&mut self, name: &str, span: Span) {
        if let (true, Slot::Global(slot)) = (self.refuse_outside, self.resolve(name)) {
            if let Some(why) = outside::builtin(name) {
                self.builtin_loads.push((slot, span, why));
            }
        }
        self.load_name(name);
    }

    /// `value.attr` read or called at `span`: refused when real Python has it and
    /// the subset does not (`asyncio.timeout`, `loop.run_in_executor`).
    fn check_attribute(&mut self, value: &Expr, attr: &str, span: Span) {
        if !self.refuse_outside {
            return;
        }
        // A module only as the global its import bound, not a parameter `time`.
        let module = match &value.kind {
            ExprKind::Name(n) if matches!(self.resolve(n), Slot::Global(_)) => self
                .module_aliases
                .iter()
                .find(|(alias, _)| alias == n)
                .map(|&(_, module)| module),
            _ => None,
        };
        let why = match module {
            Some(module) => outside::module_attribute(module, attr),
            None => outside::method(attr),
        };
        if let Some(why) = why {
            self.error(span, why);
        }
    }

    fn load_name(&mut self, name: &str) {
        let op = match self.resolve(name) {
            Slot::Fast(i) => Op::LoadFast(i),
            Slot::Deref(i) => Op::LoadDeref(i),
            Slot::Global(i) => Op::LoadGlobal(i),
        };
        self.emit(op);
    }

    fn store_name(&mut self, name: &str) {
        let op = match self.resolve(name) {
            Slot::Fast(i) => Op::StoreFast(i),
            Slot::Deref(i) => Op::StoreDeref(i),
            Slot::Global(i) => {
                let at = i as usize;
                if self.stored_globals.len() <= at {
                    self.stored_globals.resize(at + 1, false);
                }
                self.stored_globals[at] = true;
                Op::StoreGlobal(i)
            }
        };
        self.emit(op);
    }

    /// Leaves an `except` body, at its end or by `return`, `break` or `continue`:
    /// pops the cleanup block of `except … as name:` and the handled exception,
    /// and unbinds the name.
    fn leave_handler(&mut self, name: Option<&str>) {
        if name.is_some() {
            self.emit(Op::PopBlock);
        }
        self.emit(Op::PopExcept);
        if let Some(name) = name {
            self.unbind_handler_name(name);
        }
    }

    /// `name = None; del name` at the end of `except … as name:`. A name a closure
    /// uses is only set to `None` (deleting one is not supported).
    fn unbind_handler_name(&mut self, name: &str) {
        self.load_const(Value::None);
        self.store_name(name);
        match self.resolve(name) {
            Slot::Fast(i) => {
                self.emit(Op::DeleteFast(i));
            }
            Slot::Global(i) => {
                self.emit(Op::DeleteGlobal(i));
            }
            Slot::Deref(_) => {}
        }
    }

    fn delete_name(&mut self, name: &str, span: Span) {
        match self.resolve(name) {
            Slot::Fast(i) => {
                self.emit(Op::DeleteFast(i));
            }
            Slot::Global(i) => {
                self.emit(Op::DeleteGlobal(i));
            }
            Slot::Deref(_) => self.error(
                span,
                "'del' of a variable used by a closure is not supported",
            ),
        }
    }

    fn hidden_slot(&mut self) -> u32 {
        let unit = self.unit();
        unit.hidden_count += 1;
        let name = format!(".{}", unit.hidden_count);
        let (i, _) = unit.local_slots.insert_full(name);
        i as u32
    }

    // ---- statements ----

    fn body(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        self.set_line(stmt.span);
        match &stmt.kind {
            StmtKind::Expr(e) => {
                self.expr(e);
                self.emit(Op::Pop);
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value);
                for (i, target) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::Dup);
                    }
                    self.store_target(target);
                }
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value),
            StmtKind::If { test, body, orelse } => {
                self.expr(test);
                let to_else = self.emit(Op::PopJumpIfFalse(0));
                self.body(body);
                if orelse.is_empty() {
                    self.patch(to_else);
                } else {
                    let to_end = self.emit(Op::Jump(0));
                    self.patch(to_else);
                    self.body(orelse);
                    self.patch(to_end);
                }
            }
            StmtKind::While { test, body, orelse } => {
                let top = self.here();
                self.expr(test);
                let exit = self.emit(Op::PopJumpIfFalse(0));
                self.loop_body(
                    top,
                    false,
                    body,
                    |c| {
                        c.set_line(stmt.span);
                        c.emit(Op::Jump(top));
                        c.patch(exit);
                    },
                    orelse,
                );
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.expr(iter);
                self.emit(Op::GetIter);
                let top = self.here();
                let next = self.emit(Op::ForIter(0));
                self.store_target(target);
                self.loop_body(
                    top,
                    true,
                    body,
                    |c| {
                        c.set_line(stmt.span);
                        c.emit(Op::Jump(top));
                        c.patch(next);
                    },
                    orelse,
                );
            }
            StmtKind::Break => self.break_or_continue(stmt.span, true),
            StmtKind::Continue => self.break_or_continue(stmt.span, false),
            StmtKind::Pass => {}
            StmtKind::Return(value) => self.return_stmt(stmt.span, value.as_ref()),
            StmtKind::FunctionDef(def) => {
                self.function(def);
                self.store_name(&def.name);
            }
            StmtKind::ClassDef { name, base, body } => {
                self.class(stmt.span, name, base.as_deref(), body)
            }
            StmtKind::Global(names) | StmtKind::Nonlocal(names) => {
                if let StmtKind::Nonlocal(_) = stmt.kind {
                    self.check_nonlocal(stmt.span, names);
                }
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                let ok = self.emit(Op::PopJumpIfTrue(0));
                if let Some(m) = msg {
                    self.expr(m);
                }
                self.emit(Op::AssertionFailed {
                    has_msg: msg.is_some(),
                });
                self.patch(ok);
            }
            StmtKind::Raise { exc, cause } => match (exc, cause) {
                (None, _) => {
                    self.emit(Op::Raise(0));
                }
                (Some(e), None) => {
                    self.expr(e);
                    self.emit(Op::Raise(1));
                }
                (Some(e), Some(c)) => {
                    self.expr(e);
                    self.expr(c);
                    self.emit(Op::Raise(2));
                }
            },
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                if finalbody.is_empty() {
                    self.try_except(body, handlers, orelse);
                } else {
                    self.try_finally(body, handlers, orelse, finalbody);
                }
            }
            StmtKind::AsyncWith { items, body } => self.async_with(stmt.span, items, body),
            StmtKind::Import { names } => {
                for alias in names {
                    match module_kind(&alias.name) {
                        Some(kind) => {
                            self.imports_helper |= kind == ModuleKind::Awaitscope;
                            let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                            self.module_aliases.push((bound.to_string(), kind));
                            self.load_const(Value::Module(kind));
                            self.store_name(bound);
                        }
                        None => self.error(alias.span, unsupported_import(&alias.name)),
                    }
                }
            }
            StmtKind::ImportFrom { module, names } => match module_kind(module) {
                Some(kind) => {
                    self.imports_helper |= kind == ModuleKind::Awaitscope;
                    for alias in names {
                        if self.refuse_outside {
                            if let Some(why) = outside::module_attribute(kind, &alias.name) {
                                self.error(alias.span, why);
                            }
                        }
                        self.load_const(Value::Module(kind));
                        let attr = self.name_index(&alias.name);
                        self.emit(Op::LoadAttr(attr));
                        self.store_name(alias.asname.as_ref().unwrap_or(&alias.name));
                    }
                }
                None => self.error(stmt.span, unsupported_import(module)),
            },
            StmtKind::Delete(targets) => {
                for target in targets {
                    match &target.kind {
                        ExprKind::Name(n) => self.delete_name(n, target.span),
                        ExprKind::Subscript { value, index } => {
                            self.expr(value);
                            self.expr(index);
                            self.emit(Op::DeleteSubscript);
                        }
                        _ => self.error(target.span, "cannot delete this expression"),
                    }
                }
            }
        }
    }

    fn check_nonlocal(&mut self, span: Span, names: &[Name]) {
        if self.unit().kind == UnitKind::Module {
            self.error(span, "nonlocal declaration not allowed at module level");
            return;
        }
        for name in names {
            let depth = self.units.len() - 1;
            if self.free_var(depth, name).is_none() {
                self.error(span, format!("no binding for nonlocal '{name}' found"));
            }
        }
    }

    /// Compiles a loop body with `Block::Loop` open, then `close` (the back jump and
    /// the exit patch), then `orelse`, then patches the breaks past it.
    fn loop_body(
        &mut self,
        continue_target: u32,
        is_for: bool,
        body: &[Stmt],
        close: impl FnOnce(&mut Self),
        orelse: &[Stmt],
    ) {
        self.unit().blocks.push(Block::Loop {
            continue_target,
            breaks: Vec::new(),
            is_for,
        });
        self.body(body);
        let Some(Block::Loop { breaks, .. }) = self.unit().blocks.pop() else {
            unreachable!("loop block is on top")
        };
        close(self);
        self.body(orelse);
        for at in breaks {
            self.patch(at);
        }
    }

    fn break_or_continue(&mut self, span: Span, is_break: bool) {
        let Some(loop_at) = self
            .unit()
            .blocks
            .iter()
            .rposition(|b| matches!(b, Block::Loop { .. }))
        else {
            let msg = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            self.error(span, msg);
            return;
        };
        self.unwind_blocks(loop_at + 1);
        let Block::Loop {
            continue_target,
            is_for,
            ..
        } = self.unit().blocks[loop_at].clone()
        else {
            unreachable!()
        };
        if is_break {
            if is_for {
                self.emit(Op::Pop);
            }
            let at = self.emit(Op::Jump(0));
            if let Block::Loop { breaks, .. } = &mut self.unit().blocks[loop_at] {
                breaks.push(at);
            }
        } else {
            self.emit(Op::Jump(continue_target));
        }
    }

    fn return_stmt(&mut self, span: Span, value: Option<&Expr>) {
        if !matches!(self.unit().kind, UnitKind::Function { .. }) {
            self.error(span, "'return' outside function");
            return;
        }
        match value {
            Some(v) => self.expr(v),
            None => self.load_const(Value::None),
        }
        let crosses = self
            .unit()
            .blocks
            .iter()
            .any(|b| !matches!(b, Block::Loop { .. }));
        if crosses {
            let slot = self.hidden_slot();
            self.emit(Op::StoreFast(slot));
            self.unwind_blocks(0);
            self.emit(Op::LoadFast(slot));
        }
        self.emit(Op::Return);
    }

    /// Emits the exits of every block above `keep` (innermost first), compiling each
    /// `finally` body with the blocks outside it in effect.
    fn unwind_blocks(&mut self, keep: usize) {
        let mut i = self.unit().blocks.len();
        while i > keep {
            i -= 1;
            let block = self.unit().blocks[i].clone();
            match block {
                Block::Loop { is_for, .. } => {
                    if is_for {
                        self.emit(Op::Pop);
                    }
                }
                Block::Except => {
                    self.emit(Op::PopBlock);
                }
                Block::Finally(body) => {
                    self.emit(Op::PopBlock);
                    let saved = self.unit().blocks.split_off(i);
                    self.body(&body);
                    self.unit().blocks.extend(saved);
                }
                Block::Handler(name) => self.leave_handler(name.as_deref()),
                Block::FinallyHandler => {
                    self.emit(Op::PopExcept);
                    self.emit(Op::Pop);
                }
                Block::AsyncWith => {
                    self.emit(Op::PopBlock);
                    self.async_exit();
                }
            }
        }
    }

    fn try_except(&mut self, body: &[Stmt], handlers: &[ExceptHandler], orelse: &[Stmt]) {
        let setup = self.emit(Op::SetupExcept(0));
        self.unit().blocks.push(Block::Except);
        self.body(body);
        self.unit().blocks.pop();
        self.emit(Op::PopBlock);
        self.body(orelse);
        let mut to_end = vec![self.emit(Op::Jump(0))];
        self.patch(setup);
        self.emit(Op::PushExcInfo);
        for handler in handlers {
            self.set_line(handler.span);
            let mut next = None;
            if let Some(typ) = &handler.typ {
                self.expr(typ);
                self.emit(Op::ExcMatch);
                next = Some(self.emit(Op::PopJumpIfFalse(0)));
            }
            // `except … as name:` is `try: body finally: name = None; del name`, as
            // CPython compiles it: the name is unbound however the body is left
            // (the cleanup has no line of its own: it keeps the body's last one).
            let cleanup = match &handler.name {
                Some(name) => {
                    self.store_name(name);
                    Some(self.emit(Op::SetupExcept(0)))
                }
                None => {
                    self.emit(Op::Pop);
                    None
                }
            };
            self.unit()
                .blocks
                .push(Block::Handler(handler.name.clone()));
            self.body(&handler.body);
            self.unit().blocks.pop();
            self.leave_handler(handler.name.as_deref());
            to_end.push(self.emit(Op::Jump(0)));
            if let (Some(cleanup), Some(name)) = (cleanup, &handler.name) {
                // The body raised: unbind the name, and the exception goes on.
                self.patch(cleanup);
                self.unbind_handler_name(name);
                self.emit(Op::Reraise);
            }
            match next {
                Some(at) => self.patch(at),
                None => break,
            }
        }
        if handlers.last().is_some_and(|h| h.typ.is_some()) || handlers.is_empty() {
            self.emit(Op::PopExcept);
            self.emit(Op::Reraise);
        }
        for at in to_end {
            self.patch(at);
        }
    }

    fn try_finally(
        &mut self,
        body: &[Stmt],
        handlers: &[ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
    ) {
        let finalbody = Rc::new(finalbody.to_vec());
        let setup = self.emit(Op::SetupExcept(0));
        self.unit().blocks.push(Block::Finally(finalbody.clone()));
        if handlers.is_empty() {
            self.body(body);
        } else {
            self.try_except(body, handlers, orelse);
        }
        self.unit().blocks.pop();
        self.emit(Op::PopBlock);
        self.body(&finalbody);
        let to_end = self.emit(Op::Jump(0));
        self.patch(setup);
        self.emit(Op::PushExcInfo);
        self.unit().blocks.push(Block::FinallyHandler);
        self.body(&finalbody);
        self.unit().blocks.pop();
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.patch(to_end);
    }

    fn async_with(&mut self, span: Span, items: &[WithItem], body: &[Stmt]) {
        if !self.in_async_function() {
            self.error(span, "'async with' outside async function");
            return;
        }
        let Some((first, rest)) = items.split_first() else {
            return;
        };
        self.expr(&first.context);
        self.emit(Op::Dup);
        let enter = self.name_index("__aenter__");
        self.emit(Op::CallMethod {
            name: enter,
            argc: 0,
        });
        self.emit(Op::Await);
        match &first.target {
            Some(t) => self.store_target(t),
            None => {
                self.emit(Op::Pop);
            }
        }
        let setup = self.emit(Op::SetupExcept(0));
        self.unit().blocks.push(Block::AsyncWith);
        if rest.is_empty() {
            self.body(body);
        } else {
            self.async_with(span, rest, body);
        }
        self.unit().blocks.pop();
        self.set_line(span);
        self.emit(Op::PopBlock);
        self.async_exit();
        let to_end = self.emit(Op::Jump(0));
        self.patch(setup);
        self.emit(Op::PushExcInfo);
        self.emit(Op::Rot2);
        self.async_exit();
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.patch(to_end);
    }

    /// `await mgr.__aexit__(None, None, None)` with the manager on top of the stack.
    fn async_exit(&mut self) {
        for _ in 0..3 {
            self.load_const(Value::None);
        }
        let exit = self.name_index("__aexit__");
        self.emit(Op::CallMethod {
            name: exit,
            argc: 3,
        });
        self.emit(Op::Await);
        self.emit(Op::Pop);
    }

    fn aug_assign(&mut self, target: &Expr, op: BinOp, value: &Expr) {
        match &target.kind {
            ExprKind::Name(n) => {
                self.load_name(n);
                self.expr(value);
                self.emit(Op::Inplace(op));
                self.store_name(n);
            }
            ExprKind::Attribute { value: obj, attr } => {
                self.check_attribute(obj, attr, target.span);
                self.expr(obj);
                self.emit(Op::Dup);
                let a = self.name_index(attr);
                self.emit(Op::LoadAttr(a));
                self.expr(value);
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot2);
                self.emit(Op::StoreAttr(a));
            }
            ExprKind::Subscript { value: obj, index } => {
                self.expr(obj);
                self.expr(index);
                self.emit(Op::DupTwo);
                self.emit(Op::Subscript);
                self.expr(value);
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot3);
                self.emit(Op::StoreSubscript);
            }
            _ => self.error(
                target.span,
                "'expression' is an illegal expression for augmented assignment",
            ),
        }
    }

    fn store_target(&mut self, target: &Expr) {
        match &target.kind {
            ExprKind::Name(n) => self.store_name(n),
            ExprKind::Attribute { value, attr } => {
                self.expr(value);
                let a = self.name_index(attr);
                self.emit(Op::StoreAttr(a));
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value);
                self.expr(index);
                self.emit(Op::StoreSubscript);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                if items.iter().any(|i| matches!(i.kind, ExprKind::Starred(_))) {
                    self.error(target.span, "starred assignment targets are not supported");
                    return;
                }
                self.emit(Op::UnpackSequence(items.len() as u32));
                for item in items {
                    self.store_target(item);
                }
            }
            _ => self.error(target.span, "cannot assign to expression"),
        }
    }

    // ---- functions and classes ----

    fn in_async_function(&self) -> bool {
        matches!(
            self.units.last().map(|u| u.kind),
            Some(UnitKind::Function { is_async: true })
        )
    }

    /// Compiles a function and leaves it on the stack.
    fn function(&mut self, def: &FunctionDef) {
        let scope = Scope::of_function(&def.params, &def.body);
        self.scope_errors(&scope);
        let line = self.lines.line(def.span.start);
        self.make_function(
            &def.name,
            &def.params,
            scope,
            UnitKind::Function {
                is_async: def.is_async,
            },
            line,
            |c| {
                c.body(&def.body);
                c.load_const(Value::None);
                c.emit(Op::Return);
            },
        );
    }

    fn make_function(
        &mut self,
        name: &str,
        params: &Params,
        scope: Scope,
        kind: UnitKind,
        line: u32,
        body: impl FnOnce(&mut Self),
    ) {
        // Defaults are evaluated where the function is defined.
        let defaults: Vec<&Expr> = params
            .positional
            .iter()
            .filter_map(|p| p.default.as_ref())
            .collect();
        for d in &defaults {
            self.expr(d);
        }
        if !defaults.is_empty() {
            self.emit(Op::BuildTuple(defaults.len() as u32));
        }
        let kw_defaults: Vec<&Param> = params
            .kwonly
            .iter()
            .filter(|p| p.default.is_some())
            .collect();
        for p in &kw_defaults {
            self.load_const(Value::str(&p.name));
            if let Some(d) = &p.default {
                self.expr(d);
            }
        }
        if !kw_defaults.is_empty() {
            self.emit(Op::BuildDict(kw_defaults.len() as u32));
        }

        let qualname = self.qualname_of(name);
        let mut unit = Unit::new(kind, name, &qualname, scope, line);
        for p in &params.positional {
            unit.local_slots.insert(p.name.clone());
        }
        for p in &params.kwonly {
            unit.local_slots.insert(p.name.clone());
        }
        if let Some(v) = &params.vararg {
            unit.local_slots.insert(v.clone());
        }
        if let Some(k) = &params.kwarg {
            unit.local_slots.insert(k.clone());
        }
        let locals: Vec<String> = unit.scope.locals.iter().cloned().collect();
        for local in locals {
            if unit.scope.cells.contains(&local) {
                unit.cellvars.insert(local.clone());
            }
            unit.local_slots.insert(local);
        }
        self.units.push(unit);
        body(self);
        let unit = self.units.pop().expect("function unit");
        let closure_from: Vec<u32> = unit
            .freevars
            .iter()
            .map(|name| match self.resolve(name) {
                Slot::Deref(i) => i,
                // The scope analysis only makes a free variable of a name some
                // enclosing function holds in a cell.
                _ => 0,
            })
            .collect();
        let mut code = self.finish(unit, closure_from);
        code.positional = params
            .positional
            .iter()
            .map(|p| Rc::from(p.name.as_str()))
            .collect();
        code.kwonly = params
            .kwonly
            .iter()
            .map(|p| Rc::from(p.name.as_str()))
            .collect();
        code.has_vararg = params.vararg.is_some();
        code.has_kwarg = params.kwarg.is_some();
        code.n_defaults = defaults.len() as u32;
        code.has_kwdefaults = !kw_defaults.is_empty();
        let unit = self.unit();
        unit.codes.push(Rc::new(code));
        let index = unit.codes.len() as u32 - 1;
        self.emit(Op::MakeFunction(index));
    }

    /// A prelude class: its base (or `None`), then its methods and constants as
    /// (name, value) pairs, are pushed and `MakeClass` gathers them. Methods see the
    /// module's globals, not the class body, as in Python.
    fn class(&mut self, span: Span, name: &str, base: Option<&str>, body: &[Stmt]) {
        if self.unit().kind != UnitKind::Module {
            self.error(span, "classes are only supported at module level");
            return;
        }
        match base {
            Some(base) => self.load_name(base),
            None => self.load_const(Value::None),
        }
        let mut n = 0;
        self.class_prefix = name.to_string() + ".";
        for stmt in body {
            self.set_line(stmt.span);
            match &stmt.kind {
                StmtKind::FunctionDef(def) => {
                    self.load_const(Value::str(&def.name));
                    self.function(def);
                    n += 1;
                }
                StmtKind::Assign { targets, value } if targets.len() == 1 => {
                    if let ExprKind::Name(attr) = &targets[0].kind {
                        self.load_const(Value::str(attr));
                        self.expr(value);
                        n += 1;
                    }
                }
                StmtKind::Pass | StmtKind::Expr(_) => {}
                _ => self.error(
                    stmt.span,
                    "only methods and constants are allowed in a class",
                ),
            }
        }
        self.class_prefix.clear();
        let name_index = self.name_index(name);
        self.emit(Op::MakeClass {
            name: name_index,
            nmethods: n,
        });
        self.store_name(name);
    }

    // ---- expressions ----

    /// Compiles an expression; its ops carry the line it starts on, as CPython's
    /// instructions carry their node's, so a traceback or a warning names the line
    /// of a multi-line statement the failing part is on.
    fn expr(&mut self, expr: &Expr) {
        let saved = self.set_line(expr.span);
        self.expr_here(expr);
        self.unit().line = saved;
    }

    fn expr_here(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Name(n) => self.load_name_at(n, expr.span),
            ExprKind::Const(c) => self.load_const(match c {
                Constant::None => Value::None,
                Constant::Bool(b) => Value::Bool(*b),
                Constant::Int(i) => Value::Int(*i),
                Constant::Float(f) => Value::Float(*f),
                Constant::Str(s) => Value::str(s),
            }),
            ExprKind::FString(parts) => {
                let n = self.fstring(parts);
                if n != 1 {
                    self.emit(Op::BuildString(n));
                }
            }
            ExprKind::BinOp { left, op, right } => {
                self.expr(left);
                self.expr(right);
                self.emit(Op::Binary(*op));
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand);
                self.emit(Op::Unary(*op));
            }
            ExprKind::BoolOp { op, values } => {
                let mut exits = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    self.expr(v);
                    if i + 1 < values.len() {
                        exits.push(self.emit(match op {
                            BoolOp::And => Op::JumpIfFalseOrPop(0),
                            BoolOp::Or => Op::JumpIfTrueOrPop(0),
                        }));
                    }
                }
                for at in exits {
                    self.patch(at);
                }
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.warn_is_with_literal(expr, left, ops, comparators);
                self.compare(left, ops, comparators)
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                let to_else = self.emit(Op::PopJumpIfFalse(0));
                self.expr(body);
                let to_end = self.emit(Op::Jump(0));
                self.patch(to_else);
                self.expr(orelse);
                self.patch(to_end);
            }
            ExprKind::Call { func, args } => self.call(func, args),
            ExprKind::Attribute { value, attr } => {
                self.check_attribute(value, attr, expr.span);
                self.expr(value);
                let a = self.name_index(attr);
                self.emit(Op::LoadAttr(a));
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value);
                self.expr(index);
                self.emit(Op::Subscript);
            }
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step] {
                    match part {
                        Some(e) => self.expr(e),
                        None => self.load_const(Value::None),
                    }
                }
                self.emit(Op::BuildSlice);
            }
            ExprKind::List(items) => self.sequence(items, false),
            ExprKind::Tuple(items) => self.sequence(items, true),
            ExprKind::Dict(pairs) => {
                for (k, v) in pairs {
                    self.expr(k);
                    self.expr(v);
                }
                self.emit(Op::BuildDict(pairs.len() as u32));
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(Made::List, expr.span, &[elt], generators);
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(Made::Dict, expr.span, &[key, value], generators),
            ExprKind::GeneratorExp { elt, generators }
                if is_async_comprehension(&[elt], generators) =>
            {
                self.async_generator(generators);
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(Made::Generator, expr.span, &[elt], generators);
            }
            ExprKind::Lambda { params, body } => {
                let scope = Scope::of_lambda(params, body);
                let line = self.lines.line(expr.span.start);
                self.make_function(
                    "<lambda>",
                    params,
                    scope,
                    UnitKind::Function { is_async: false },
                    line,
                    |c| {
                        c.expr(body);
                        c.emit(Op::Return);
                    },
                );
            }
            ExprKind::Await(inner) => {
                if !self.in_async_function() {
                    let msg = if self.unit().kind == UnitKind::Module {
                        "'await' outside function"
                    } else {
                        "'await' outside async function"
                    };
                    self.error(expr.span, msg);
                    return;
                }
                self.expr(inner);
                self.emit(Op::Await);
            }
            ExprKind::Starred(_) => self.error(expr.span, "can't use starred expression here"),
        }
    }

    /// Pushes the f-string's pieces; returns how many strings it pushed.
    fn fstring(&mut self, parts: &[FStringPart]) -> u32 {
        let mut n = 0;
        for part in parts {
            match part {
                FStringPart::Literal(text) => self.load_const(Value::str(text)),
                FStringPart::Field {
                    expr,
                    conversion,
                    spec,
                    self_documenting,
                } => {
                    if let Some(text) = self_documenting {
                        self.load_const(Value::str(text));
                        n += 1;
                    }
                    self.expr(expr);
                    let mut conversion = match conversion {
                        Some('r') => Conversion::Repr,
                        Some('s') => Conversion::Str,
                        Some('a') => Conversion::Ascii,
                        _ => Conversion::None,
                    };
                    if self_documenting.is_some()
                        && conversion == Conversion::None
                        && spec.is_empty()
                    {
                        conversion = Conversion::Repr;
                    }
                    let has_spec = !spec.is_empty();
                    if has_spec {
                        let k = self.fstring(spec);
                        if k != 1 {
                            self.emit(Op::BuildString(k));
                        }
                    }
                    self.emit(Op::FormatValue {
                        conversion,
                        has_spec,
                    });
                }
            }
            n += 1;
        }
        if n == 0 {
            self.load_const(Value::str(""));
            n = 1;
        }
        n
    }

    /// CPython's compile-time warning for `is` (or `is not`) with a literal, at the
    /// comparison's first line: one for a chain, its first pair that has one.
    fn warn_is_with_literal(
        &mut self,
        compare: &Expr,
        left: &Expr,
        ops: &[CmpOp],
        comparators: &[Expr],
    ) {
        if !self.refuse_outside {
            return;
        }
        let mut left = left;
        for (op, right) in ops.iter().zip(comparators) {
            if let Some(message) = literal::is_with_literal(left, *op, right) {
                let line = self.lines.line(compare.span.start);
                self.syntax_warnings.push((line, message));
                return;
            }
            left = right;
        }
    }

    fn compare(&mut self, left: &Expr, ops: &[CmpOp], comparators: &[Expr]) {
        self.expr(left);
        if ops.len() == 1 {
            self.expr(&comparators[0]);
            self.emit(Op::Compare(ops[0]));
            return;
        }
        let mut cleanups = Vec::new();
        for (i, (op, right)) in ops.iter().zip(comparators).enumerate() {
            self.expr(right);
            if i + 1 < ops.len() {
                self.emit(Op::Dup);
                self.emit(Op::Rot3);
                self.emit(Op::Compare(*op));
                cleanups.push(self.emit(Op::JumpIfFalseOrPop(0)));
            } else {
                self.emit(Op::Compare(*op));
            }
        }
        let to_end = self.emit(Op::Jump(0));
        for at in cleanups {
            self.patch(at);
        }
        self.emit(Op::Rot2);
        self.emit(Op::Pop);
        self.patch(to_end);
    }

    fn sequence(&mut self, items: &[Expr], tuple: bool) {
        if items.iter().any(|i| matches!(i.kind, ExprKind::Starred(_))) {
            self.emit(Op::BuildList(0));
            for item in items {
                match &item.kind {
                    ExprKind::Starred(inner) => self.expr(inner),
                    _ => {
                        self.expr(item);
                        self.emit(Op::BuildList(1));
                    }
                }
                self.emit(Op::ListExtend);
            }
            if tuple {
                self.emit(Op::ListToTuple);
            }
            return;
        }
        for item in items {
            self.expr(item);
        }
        let n = items.len() as u32;
        self.emit(if tuple {
            Op::BuildTuple(n)
        } else {
            Op::BuildList(n)
        });
    }

    /// A comprehension, as CPython 3.11 compiles it: a function of its own
    /// (`<listcomp>`, `<dictcomp>`, `<genexpr>`) that builds the list or the dict
    /// or, for a generator expression, is a generator that yields each element
    /// when it is asked for the next; the enclosing scope evaluates the first
    /// iterable and calls it with its iterator. So a traceback from inside one has
    /// its frame, and each variable is its own (a cell when a lambda inside
    /// captures it). A list or dict comprehension that awaits is a coroutine
    /// function, awaited. `elts`: the element, or a dict's key and value.
    fn comprehension(
        &mut self,
        made: Made,
        span: Span,
        elts: &[&Expr],
        generators: &[Comprehension],
    ) {
        let is_async = is_async_comprehension(elts, generators);
        if is_async && !self.in_async_function() {
            let message = "asynchronous comprehension outside of an asynchronous function";
            self.error(span, message);
            return;
        }
        let params = Params {
            positional: vec![Param {
                name: ".0".to_string(),
                default: None,
                span,
            }],
            ..Params::default()
        };
        let line = self.lines.line(span.start);
        self.make_function(
            made.name(),
            &params,
            Scope::of_comprehension(elts, generators),
            UnitKind::Function { is_async },
            line,
            |c| {
                match made {
                    Made::List => {
                        c.emit(Op::BuildList(0));
                    }
                    Made::Dict => {
                        c.emit(Op::BuildDict(0));
                    }
                    Made::Generator => c.unit().is_generator = true,
                }
                c.comprehension_loops(made, elts, generators);
                if made == Made::Generator {
                    c.load_const(Value::None);
                }
                c.emit(Op::Return);
            },
        );
        self.expr(&generators[0].iter);
        self.emit(Op::GetIter);
        self.emit(Op::Call(1));
        if is_async {
            self.emit(Op::Await);
        }
    }

    /// A generator expression that awaits: an asynchronous generator, which only
    /// `async for` (not in the subset) could run, so its body is never compiled.
    /// Making one evaluates the first iterable and takes its iterator, as CPython
    /// does (`Machine::async_generator`).
    fn async_generator(&mut self, generators: &[Comprehension]) {
        self.load_const(Value::Builtin(Builtin::AsyncGenerator));
        if let Some(first) = generators.first() {
            self.expr(&first.iter);
        }
        self.emit(Op::GetIter);
        let qualname = self.qualname_of("<genexpr>");
        self.load_const(Value::str(&qualname));
        self.emit(Op::Call(2));
    }

    /// The qualified name of a function called `name` made here:
    /// `main.<locals>.worker` in `main`, `main.<locals>.<listcomp>.<lambda>` in a
    /// comprehension there (CPython adds no `<locals>` for a comprehension's scope).
    fn qualname_of(&self, name: &str) -> String {
        let Some(unit) = self.units.last() else {
            return name.to_string();
        };
        let mut qualname = match unit.kind {
            UnitKind::Module => self.class_prefix.clone(),
            UnitKind::Function { .. } => {
                let comprehension =
                    matches!(&*unit.name, "<listcomp>" | "<dictcomp>" | "<genexpr>");
                let locals = if comprehension { "." } else { ".<locals>." };
                format!("{}{locals}", unit.qualname)
            }
        };
        qualname.push_str(name);
        qualname
    }

    /// The nested loops of a comprehension's function, each element yielded, or
    /// added to the list or dict below them on the stack; the first iterator is the
    /// function's `.0` argument.
    fn comprehension_loops(&mut self, made: Made, elts: &[&Expr], generators: &[Comprehension]) {
        let mut loops = Vec::new();
        for (k, generator) in generators.iter().enumerate() {
            if k == 0 {
                self.load_name(".0");
            } else {
                self.expr(&generator.iter);
                self.emit(Op::GetIter);
            }
            let top = self.here();
            let next = self.emit(Op::ForIter(0));
            self.store_target(&generator.target);
            for cond in &generator.ifs {
                self.expr(cond);
                self.emit(Op::PopJumpIfFalse(top));
            }
            loops.push((top, next));
        }
        for elt in elts {
            self.expr(elt);
        }
        let below = generators.len() as u32 + 1;
        self.emit(match made {
            Made::List => Op::ListAppend(below),
            Made::Dict => Op::MapAdd(below),
            Made::Generator => Op::YieldValue,
        });
        for (top, next) in loops.into_iter().rev() {
            self.emit(Op::Jump(top));
            self.patch(next);
        }
    }

    fn call(&mut self, func: &Expr, args: &[Arg]) {
        let simple = args.iter().all(|a| matches!(a, Arg::Positional(_)));
        if simple {
            if let ExprKind::Attribute { value, attr } = &func.kind {
                self.check_attribute(value, attr, func.span);
                self.expr(value);
                for arg in args {
                    if let Arg::Positional(e) = arg {
                        self.expr(e);
                    }
                }
                let name = self.name_index(attr);
                self.emit(Op::CallMethod {
                    name,
                    argc: args.len() as u32,
                });
                return;
            }
        }
        self.expr(func);
        if let Some(Arg::DoubleStarred(e)) =
            args.iter().find(|a| matches!(a, Arg::DoubleStarred(_)))
        {
            self.error(
                e.span,
                "'**' in calls is not supported: pass keyword arguments by name",
            );
            return;
        }
        let has_star = args.iter().any(|a| matches!(a, Arg::Starred(_)));
        let keywords: Vec<(&Name, &Expr)> = args
            .iter()
            .filter_map(|a| match a {
                Arg::Keyword(n, e) => Some((n, e)),
                _ => None,
            })
            .collect();
        if has_star {
            self.emit(Op::BuildList(0));
            for arg in args {
                match arg {
                    Arg::Positional(e) => {
                        self.expr(e);
                        self.emit(Op::BuildList(1));
                        self.emit(Op::ListExtend);
                    }
                    Arg::Starred(e) => {
                        self.expr(e);
                        self.emit(Op::ListExtend);
                    }
                    _ => {}
                }
            }
            if !keywords.is_empty() {
                for (name, value) in &keywords {
                    self.load_const(Value::str(name));
                    self.expr(value);
                }
                self.emit(Op::BuildDict(keywords.len() as u32));
            }
            self.emit(Op::CallEx {
                has_kwargs: !keywords.is_empty(),
            });
            return;
        }
        let mut argc = 0;
        for arg in args {
            if let Arg::Positional(e) = arg {
                self.expr(e);
                argc += 1;
            }
        }
        if keywords.is_empty() {
            self.emit(Op::Call(argc));
            return;
        }
        for (_, value) in &keywords {
            self.expr(value);
        }
        let names: Vec<Value> = keywords.iter().map(|(n, _)| Value::str(n)).collect();
        let kwnames = self.const_index(Value::tuple(names));
        self.emit(Op::CallKw {
            argc: argc + keywords.len() as u32,
            kwnames,
        });
    }
}

impl Unit {
    fn new(kind: UnitKind, name: &str, qualname: &str, scope: Scope, line: u32) -> Unit {
        Unit {
            kind,
            name: Rc::from(name),
            qualname: Rc::from(qualname),
            scope,
            ops: Vec::new(),
            lines: Vec::new(),
            consts: Vec::new(),
            names: IndexSet::new(),
            codes: Vec::new(),
            local_slots: IndexSet::new(),
            cellvars: IndexSet::new(),
            freevars: IndexSet::new(),
            blocks: Vec::new(),
            hidden_count: 0,
            line,
            first_line: line,
            is_generator: false,
        }
    }
}

fn module_kind(name: &str) -> Option<ModuleKind> {
    match name {
        "asyncio" => Some(ModuleKind::Asyncio),
        "time" => Some(ModuleKind::Time),
        "awaitscope" => Some(ModuleKind::Awaitscope),
        _ => None,
    }
}

fn unsupported_import(name: &str) -> String {
    format!(
        "import of '{name}' is not supported: scenarios may import asyncio, time and awaitscope"
    )
}

/// What a comprehension's function makes.
#[derive(Clone, Copy, PartialEq)]
enum Made {
    List,
    Dict,
    Generator,
}

impl Made {
    fn name(self) -> &'static str {
        match self {
            Made::List => "<listcomp>",
            Made::Dict => "<dictcomp>",
            Made::Generator => "<genexpr>",
        }
    }
}

/// Whether a comprehension is asynchronous, as CPython's compiler decides: it
/// awaits in what runs inside it (the element, the conditions, and every iterable
/// but the first, which the enclosing scope evaluates).
fn is_async_comprehension(elts: &[&Expr], generators: &[Comprehension]) -> bool {
    elts.iter().any(|e| awaits(e))
        || generators.iter().any(|g| g.ifs.iter().any(awaits))
        || generators.iter().skip(1).any(|g| awaits(&g.iter))
}

/// Whether evaluating `e` awaits in the scope it stands in: a lambda's body is
/// its own scope, and of a nested generator expression only the first iterable
/// runs here; a nested list comprehension that awaits makes this scope await too.
fn awaits(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Await(_) => true,
        ExprKind::Lambda { .. } => false,
        ExprKind::ListComp { elt, generators } => {
            generators.first().is_some_and(|g| awaits(&g.iter))
                || is_async_comprehension(&[elt], generators)
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            generators.first().is_some_and(|g| awaits(&g.iter))
                || is_async_comprehension(&[key, value], generators)
        }
        ExprKind::GeneratorExp { generators, .. } => {
            generators.first().is_some_and(|g| awaits(&g.iter))
        }
        _ => any_child(e, awaits),
    }
}

/// Whether `f` holds for an expression directly inside `e`.
fn any_child(e: &Expr, f: fn(&Expr) -> bool) -> bool {
    match &e.kind {
        ExprKind::BinOp { left, right, .. } => f(left) || f(right),
        ExprKind::UnaryOp { operand, .. } => f(operand),
        ExprKind::BoolOp { values, .. } | ExprKind::List(values) | ExprKind::Tuple(values) => {
            values.iter().any(f)
        }
        ExprKind::Compare {
            left, comparators, ..
        } => f(left) || comparators.iter().any(f),
        ExprKind::IfExp { test, body, orelse } => f(test) || f(body) || f(orelse),
        ExprKind::Call { func, args } => {
            f(func)
                || args.iter().any(|a| match a {
                    Arg::Positional(x)
                    | Arg::Starred(x)
                    | Arg::Keyword(_, x)
                    | Arg::DoubleStarred(x) => f(x),
                })
        }
        ExprKind::Attribute { value, .. } | ExprKind::Await(value) | ExprKind::Starred(value) => {
            f(value)
        }
        ExprKind::Subscript { value, index } => f(value) || f(index),
        ExprKind::Slice { lower, upper, step } => {
            [lower, upper, step].into_iter().flatten().any(|b| f(b))
        }
        ExprKind::Dict(pairs) => pairs.iter().any(|(k, v)| f(k) || f(v)),
        ExprKind::ListComp { elt, generators } | ExprKind::GeneratorExp { elt, generators } => {
            f(elt) || generators.iter().any(|g| f(&g.iter) || g.ifs.iter().any(f))
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => f(key) || f(value) || generators.iter().any(|g| f(&g.iter) || g.ifs.iter().any(f)),
        ExprKind::Lambda { body, .. } => f(body),
        ExprKind::FString(parts) => any_field(parts, f),
        ExprKind::Name(_) | ExprKind::Const(_) => false,
    }
}

/// Whether `f` holds for a replacement field of an f-string (those in format
/// specs too).
fn any_field(parts: &[FStringPart], f: fn(&Expr) -> bool) -> bool {
    parts.iter().any(|part| match part {
        FStringPart::Field { expr, spec, .. } => f(expr) || any_field(spec, f),
        FStringPart::Literal(_) => false,
    })
}

#[cfg(test)]
mod tests {
    /// Where `await` may stand in and around comprehensions: a generator expression
    /// that awaits is an asynchronous generator, allowed anywhere; a list
    /// comprehension that awaits (itself or in a nested one) needs an async
    /// function; the first iterable belongs to the enclosing scope, a lambda's body
    /// to the lambda. Asked of python3's `compile()`: message, line and column.
    #[test]
    fn await_in_comprehensions_is_placed_as_cpython_places_it() {
        let cases = [
            "async def f(): pass\ndef g(xs):\n    return sum(await f(x) for x in xs)\n",
            "async def f(): pass\ndef g(xs):\n    return [await f(x) for x in xs]\n",
            "async def f(): pass\nasync def g(xs):\n    return [x for x in await f()]\n",
            "async def f(): pass\ndef g(xs):\n    return (x for x in await f())\n",
            "async def f(): pass\nasync def g(xs):\n    return (y for x in xs for y in await f(x))\n",
            "async def f(): pass\nasync def g(xs):\n    return (x for x in xs if await f(x))\n",
            "async def f(): pass\nasync def g(xs):\n    return lambda: [await f(x) for x in xs]\n",
            "async def f(): pass\nasync def g(xs):\n    return lambda: (await f(x) for x in xs)\n",
            "async def f(): pass\nasync def g(xs):\n    return [[await f(y) for y in x] for x in xs]\n",
            "async def f(): pass\nxs = []\ng = (await f(x) for x in xs)\n",
            "async def f(): pass\nxs = []\ng = [await f(x) for x in xs]\n",
            "async def f(): pass\ndef g(xs):\n    return [[await f(y) for y in x] for x in xs]\n",
            "async def f(): pass\ndef g(xs):\n    return [(await f(y) for y in x) for x in xs]\n",
            "async def f(): pass\ndef g(xs):\n    return ([await f(y) for y in x] for x in xs)\n",
            "async def f(): pass\ndef g(xs):\n    return [x for x in xs if [await f(y) for y in x]]\n",
            "async def f(): pass\ndef g(xs):\n    return [x for x in (await f(y) for y in xs)]\n",
            "async def f(): pass\ndef g(xs):\n    return [x for x in [await f(y) for y in xs]]\n",
            "async def f(): pass\ndef g(xs):\n    return [f'{await f(x)}' for x in xs]\n",
            "async def f(): pass\ndef g(xs):\n    return xs[await f():]\n",
            "async def f(): pass\nasync def g(xs):\n    return [lambda: await f() for x in xs]\n",
            "async def f(): pass\ng = lambda: await f()\n",
            "async def f(): pass\nawait f()\n",
            "def f():\n    return await x\n",
            "async def f():\n    g = lambda: await x\n",
            "print(f'{await g()}')\n",
            "def h():\n    print(f'{await g()}')\n",
            "def h():\n    print(f'{x:{await g()}}')\n",
            "def h(xs):\n    return f'{[await g() for x in xs]}'\n",
        ];
        super::super::assert_first_error_as_cpython(&cases);
    }
}
