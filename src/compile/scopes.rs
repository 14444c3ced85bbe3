//! Which names are local to a function, which it shares with closures, and which are
//! global: the symbol table, computed before a function body is compiled so that
//! every load and store can be resolved to a slot.

use indexmap::IndexSet;

use crate::syntax::ast::{
    Arg, Comprehension, ExceptHandler, Expr, ExprKind, FStringPart, Name, Params, Span, Stmt,
    StmtKind,
};

/// The names of one function scope.
#[derive(Debug, Default)]
pub struct Scope {
    /// Parameters first (in declaration order), then other assigned names.
    pub locals: IndexSet<String>,
    pub globals: IndexSet<String>,
    pub nonlocals: IndexSet<String>,
    /// Locals that a nested function captures: they live in cells.
    pub cells: IndexSet<String>,
    /// CPython's SyntaxErrors of the symbol table: a `global` or `nonlocal`
    /// statement after the name was used or assigned, or naming a parameter.
    pub errors: Vec<(Span, String)>,
}

impl Scope {
    /// The scope of a function with these parameters and body.
    pub fn of_function(params: &Params, body: &[Stmt]) -> Scope {
        let mut collector = Collector::with_params(params);
        collector.body(body);
        collector.into_scope()
    }

    /// The module's scope as far as the compiler needs it: no locals (its names are
    /// globals), only the errors of its `global` statements.
    pub fn of_module(body: &[Stmt]) -> Scope {
        let mut collector = Collector::default();
        collector.body(body);
        Scope {
            errors: collector.errors,
            ..Scope::default()
        }
    }

    /// The scope of a comprehension compiled as its own function: `.0` (the
    /// iterator of its first iterable, its one parameter) and its variables.
    pub fn of_comprehension(elts: &[&Expr], generators: &[Comprehension]) -> Scope {
        Collector::comprehension_scope(elts, generators).0
    }

    /// The scope of a lambda.
    pub fn of_lambda(params: &Params, body: &Expr) -> Scope {
        let ret = Stmt {
            kind: StmtKind::Return(Some(body.clone())),
            span: body.span,
        };
        Scope::of_function(params, std::slice::from_ref(&ret))
    }
}

/// Walks one function body (not into nested functions, except for the names they
/// use from outside).
#[derive(Default)]
struct Collector {
    assigned: IndexSet<String>,
    used: IndexSet<String>,
    globals: IndexSet<String>,
    nonlocals: IndexSet<String>,
    /// Names nested functions use without defining them.
    nested_free: IndexSet<String>,
    params: IndexSet<String>,
    /// Names read by this scope's own code so far (CPython's USE: an augmented
    /// assignment's target is only assigned).
    read: IndexSet<String>,
    /// The first `global` or `nonlocal` statement of each name it declares.
    first_declared: Vec<(String, Span)>,
    errors: Vec<(Span, String)>,
}

impl Collector {
    /// A function's collector, its parameters assigned.
    fn with_params(params: &Params) -> Collector {
        let mut collector = Collector::default();
        let names = params
            .positional
            .iter()
            .chain(&params.kwonly)
            .map(|p| &p.name);
        collector.params = names
            .chain(&params.vararg)
            .chain(&params.kwarg)
            .cloned()
            .collect();
        collector.assigned = collector.params.clone();
        collector
    }

    /// CPython's checks of `global` and `nonlocal` (symtable.c), in its order.
    fn declare(&mut self, span: Span, names: &[Name], kind: &str) {
        for name in names {
            let why = if self.params.contains(name) {
                format!("name '{name}' is parameter and {kind}")
            } else if self.read.contains(name) {
                format!("name '{name}' is used prior to {kind} declaration")
            } else if self.assigned.contains(name) {
                format!("name '{name}' is assigned to before {kind} declaration")
            } else if let Some((_, first)) = self.first_declared.iter().find(|(n, _)| n == name) {
                // Reported at the first of the two statements.
                let other = if kind == "global" {
                    &self.nonlocals
                } else {
                    &self.globals
                };
                if other.contains(name) {
                    self.errors
                        .push((*first, format!("name '{name}' is nonlocal and global")));
                }
                continue;
            } else {
                self.first_declared.push((name.clone(), span));
                continue;
            };
            self.errors.push((span, why));
        }
    }

    fn into_scope(self) -> Scope {
        let mut locals = IndexSet::new();
        for name in self.assigned {
            if !self.globals.contains(&name) && !self.nonlocals.contains(&name) {
                locals.insert(name);
            }
        }
        let cells = self
            .nested_free
            .iter()
            .filter(|n| locals.contains(*n))
            .cloned()
            .collect();
        Scope {
            locals,
            globals: self.globals,
            nonlocals: self.nonlocals,
            cells,
            errors: self.errors,
        }
    }

    /// The names a nested function needs from its enclosing scopes.
    fn free_names_of(scope: &Scope, collector_used: &IndexSet<String>) -> Vec<String> {
        collector_used
            .iter()
            .filter(|n| !scope.locals.contains(*n) && !scope.globals.contains(*n))
            .cloned()
            .chain(scope.nonlocals.iter().cloned())
            .collect()
    }

    fn nested(&mut self, params: &Params, body: &[Stmt]) {
        for p in params.positional.iter().chain(&params.kwonly) {
            if let Some(d) = &p.default {
                self.expr(d);
            }
        }
        let mut inner = Collector::with_params(params);
        inner.body(body);
        let mut used = inner.used.clone();
        used.extend(inner.nested_free.iter().cloned());
        let scope = inner.into_scope();
        for name in Collector::free_names_of(&scope, &used) {
            self.nested_free.insert(name);
        }
    }

    fn target(&mut self, target: &Expr) {
        match &target.kind {
            ExprKind::Name(n) => {
                self.assigned.insert(n.clone());
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for item in items {
                    self.target(item);
                }
            }
            ExprKind::Starred(inner) => self.target(inner),
            _ => self.expr(target),
        }
    }

    fn body(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { targets, value } => {
                self.expr(value);
                for t in targets {
                    self.target(t);
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value);
                if let ExprKind::Name(n) = &target.kind {
                    self.used.insert(n.clone());
                }
                self.target(target);
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expr(test);
                self.body(body);
                self.body(orelse);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.expr(iter);
                self.target(target);
                self.body(body);
                self.body(orelse);
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Pass => {}
            StmtKind::Return(value) => {
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            StmtKind::FunctionDef(def) => {
                self.assigned.insert(def.name.clone());
                self.nested(&def.params, &def.body);
            }
            StmtKind::ClassDef { name, body, .. } => {
                self.assigned.insert(name.clone());
                for stmt in body {
                    match &stmt.kind {
                        StmtKind::FunctionDef(def) => self.nested(&def.params, &def.body),
                        StmtKind::Assign { value, .. } => self.expr(value),
                        _ => {}
                    }
                }
            }
            StmtKind::Global(names) => {
                self.declare(stmt.span, names, "global");
                self.globals.extend(names.iter().cloned());
            }
            StmtKind::Nonlocal(names) => {
                self.declare(stmt.span, names, "nonlocal");
                self.nonlocals.extend(names.iter().cloned());
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                if let Some(m) = msg {
                    self.expr(m);
                }
            }
            StmtKind::Raise { exc, cause } => {
                for e in exc.iter().chain(cause.iter()) {
                    self.expr(e);
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.body(body);
                for ExceptHandler {
                    typ, name, body, ..
                } in handlers
                {
                    if let Some(t) = typ {
                        self.expr(t);
                    }
                    if let Some(n) = name {
                        self.assigned.insert(n.clone());
                    }
                    self.body(body);
                }
                self.body(orelse);
                self.body(finalbody);
            }
            StmtKind::AsyncWith { items, body } => {
                for item in items {
                    self.expr(&item.context);
                    if let Some(t) = &item.target {
                        self.target(t);
                    }
                }
                self.body(body);
            }
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for alias in names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    let first = bound.split('.').next().unwrap_or(bound);
                    self.assigned.insert(first.to_string());
                }
            }
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.target(t);
                }
            }
        }
    }

    /// A comprehension is a function of its own, as CPython compiles it: only its
    /// first iterable is evaluated here, and the names it uses from this scope are
    /// free in it (cells here).
    fn comprehension(&mut self, elts: &[&Expr], generators: &[Comprehension]) {
        if let Some(first) = generators.first() {
            self.expr(&first.iter);
        }
        let (scope, used) = Collector::comprehension_scope(elts, generators);
        for name in Collector::free_names_of(&scope, &used) {
            self.nested_free.insert(name);
        }
    }

    /// A comprehension's scope (its `.0` iterator and its variables), and every
    /// name its code and the functions inside it use.
    fn comprehension_scope(
        elts: &[&Expr],
        generators: &[Comprehension],
    ) -> (Scope, IndexSet<String>) {
        let mut inner = Collector::default();
        inner.assigned.insert(".0".to_string());
        for (k, generator) in generators.iter().enumerate() {
            if k > 0 {
                inner.expr(&generator.iter);
            }
            inner.target(&generator.target);
            for cond in &generator.ifs {
                inner.expr(cond);
            }
        }
        for elt in elts {
            inner.expr(elt);
        }
        let mut used = inner.used.clone();
        used.extend(inner.nested_free.iter().cloned());
        (inner.into_scope(), used)
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Name(n) => {
                self.used.insert(n.clone());
                self.read.insert(n.clone());
            }
            ExprKind::Const(_) => {}
            ExprKind::FString(parts) => self.fstring(parts),
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::BoolOp { values, .. } => values.iter().for_each(|v| self.expr(v)),
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left);
                comparators.iter().for_each(|c| self.expr(c));
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
                self.expr(orelse);
            }
            ExprKind::Call { func, args } => {
                self.expr(func);
                for arg in args {
                    match arg {
                        Arg::Positional(e)
                        | Arg::Starred(e)
                        | Arg::Keyword(_, e)
                        | Arg::DoubleStarred(e) => self.expr(e),
                    }
                }
            }
            ExprKind::Attribute { value, .. } => self.expr(value),
            ExprKind::Subscript { value, index } => {
                self.expr(value);
                self.expr(index);
            }
            ExprKind::Slice { lower, upper, step } => {
                for e in [lower, upper, step].into_iter().flatten() {
                    self.expr(e);
                }
            }
            ExprKind::List(items) | ExprKind::Tuple(items) => {
                items.iter().for_each(|i| self.expr(i))
            }
            ExprKind::Dict(pairs) => {
                for (k, v) in pairs {
                    self.expr(k);
                    self.expr(v);
                }
            }
            ExprKind::ListComp { elt, generators } | ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(&[elt], generators)
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(&[key, value], generators),
            ExprKind::Lambda { params, body } => {
                let ret = Stmt {
                    kind: StmtKind::Return(Some((**body).clone())),
                    span: body.span,
                };
                self.nested(params, std::slice::from_ref(&ret));
            }
            ExprKind::Await(inner) | ExprKind::Starred(inner) => self.expr(inner),
        }
    }

    fn fstring(&mut self, parts: &[FStringPart]) {
        for part in parts {
            if let FStringPart::Field { expr, spec, .. } = part {
                self.expr(expr);
                self.fstring(spec);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// `global` and `nonlocal` after a use, after an assignment, or of a parameter:
    /// the SyntaxError CPython's symbol table raises, at the same place, asked of
    /// python3 itself.
    #[test]
    fn declarations_after_use_are_cpython_syntax_errors() {
        let cases = [
            "x = 1\ndef f():\n    print(x)\n    global x\n",
            "def f():\n    x = 1\n    global x\n",
            "def f():\n    x += 1\n    global x\n",
            "def f():\n    del x\n    global x\n",
            "def f():\n    def x():\n        pass\n    global x\n",
            "def f(x):\n    global x\n",
            "def f(*x):\n    global x\n",
            "x = 1\nglobal x\n",
            "def f(a):\n    def g():\n        print(a)\n        nonlocal a\n",
            "def f(a):\n    def g(a):\n        nonlocal a\n",
            "def f():\n    y = 1\n    def g():\n        nonlocal y\n        print(y)\n        global y\n",
            "def f():\n    global x\n    global x\n    x = 1\n",
            "def f():\n    def g():\n        print(x)\n    global x\n",
            "def f():\n    global x\n    nonlocal x\n",
            "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n",
            "def f():\n    x = 1\n    def g():\n        nonlocal x\n        global x\n",
            "def f():\n    x = 1\n    def g():\n        nonlocal x\n        nonlocal x\n        x = 2\n",
        ];
        super::super::assert_first_error_as_cpython(&cases);
    }
}
