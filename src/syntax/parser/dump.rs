//! A compact S-expression rendering of the tree, for tests: one line per top-level
//! statement, blocks in `[…]`, operators as Python writes them.

use std::fmt::Write;

use super::super::ast::{
    Arg, BinOp, Comprehension, Constant, Expr, ExprKind, FStringPart, Module, Params, Stmt,
    StmtKind, UnaryOp,
};

/// Parses `source`, expects no diagnostics, and compares the whole tree's dump.
pub fn check_module(source: &str, expected: &str) {
    let parsed = crate::syntax::parse(source);
    assert!(
        parsed.is_ok(),
        "diagnostics for {source:?}: {:?}",
        parsed.diagnostics
    );
    assert_eq!(module(&parsed.module), expected, "tree of {source:?}");
}

/// Parses `source` as a statement inside an `async def` (so that `await` is allowed),
/// expects no diagnostics, and compares the function body's dump.
pub fn check_in_async_def(source: &str, expected: &str) {
    let program = format!("async def f():\n    {source}\n");
    let parsed = crate::syntax::parse(&program);
    assert!(
        parsed.is_ok(),
        "diagnostics for {source:?}: {:?}",
        parsed.diagnostics
    );
    let StmtKind::FunctionDef(def) = &parsed.module.body[0].kind else {
        panic!("no function");
    };
    assert_eq!(module_body(&def.body), expected, "tree of {source:?}");
}

/// Parses `source` and expects exactly these diagnostics, as `line:col: message`.
pub fn check_err(source: &str, expected: &[&str]) {
    let parsed = crate::syntax::parse(source);
    let actual: Vec<String> = parsed
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
        .collect();
    assert_eq!(actual, expected, "diagnostics of {source:?}");
}

pub fn module(module: &Module) -> String {
    module_body(&module.body)
}

/// Statements one per line.
pub fn module_body(body: &[Stmt]) -> String {
    body.iter().map(stmt).collect::<Vec<_>>().join("\n")
}

fn block(body: &[Stmt]) -> String {
    format!("[{}]", body.iter().map(stmt).collect::<Vec<_>>().join(" "))
}

fn stmt(s: &Stmt) -> String {
    match &s.kind {
        StmtKind::Expr(e) => expr(e),
        StmtKind::Assign { targets, value } => {
            let mut out = "(=".to_string();
            for t in targets {
                write!(out, " {}", expr(t)).ok();
            }
            format!("{out} {})", expr(value))
        }
        StmtKind::AugAssign { target, op, value } => {
            format!("({}= {} {})", binop(*op), expr(target), expr(value))
        }
        StmtKind::If { test, body, orelse } => with_else("if", &expr(test), body, orelse),
        StmtKind::While { test, body, orelse } => with_else("while", &expr(test), body, orelse),
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
        } => with_else(
            "for",
            &format!("{} {}", expr(target), expr(iter)),
            body,
            orelse,
        ),
        StmtKind::Break => "break".into(),
        StmtKind::Continue => "continue".into(),
        StmtKind::Pass => "pass".into(),
        StmtKind::Return(None) => "(return)".into(),
        StmtKind::Return(Some(e)) => format!("(return {})", expr(e)),
        StmtKind::FunctionDef(def) => format!(
            "({}def {} {} {})",
            if def.is_async { "async " } else { "" },
            def.name,
            params(&def.params),
            block(&def.body)
        ),
        StmtKind::ClassDef {
            name,
            base: None,
            body,
        } => format!("(class {name} {})", block(body)),
        StmtKind::ClassDef {
            name,
            base: Some(base),
            body,
        } => format!("(class {name} ({base}) {})", block(body)),
        StmtKind::Global(names) => format!("(global {})", names.join(" ")),
        StmtKind::Nonlocal(names) => format!("(nonlocal {})", names.join(" ")),
        StmtKind::Assert { test, msg: None } => format!("(assert {})", expr(test)),
        StmtKind::Assert {
            test,
            msg: Some(msg),
        } => format!("(assert {} {})", expr(test), expr(msg)),
        StmtKind::Raise { exc, cause } => {
            let mut out = "(raise".to_string();
            if let Some(e) = exc {
                write!(out, " {}", expr(e)).ok();
            }
            if let Some(c) = cause {
                write!(out, " from {}", expr(c)).ok();
            }
            out + ")"
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            let mut out = format!("(try {}", block(body));
            for h in handlers {
                out.push_str(" (except");
                if let Some(t) = &h.typ {
                    write!(out, " {}", expr(t)).ok();
                }
                if let Some(n) = &h.name {
                    write!(out, " as {n}").ok();
                }
                write!(out, " {})", block(&h.body)).ok();
            }
            if !orelse.is_empty() {
                write!(out, " else {}", block(orelse)).ok();
            }
            if !finalbody.is_empty() {
                write!(out, " finally {}", block(finalbody)).ok();
            }
            out + ")"
        }
        StmtKind::AsyncWith { items, body } => {
            let mut out = "(async with".to_string();
            for item in items {
                match &item.target {
                    Some(t) => write!(out, " ({} as {})", expr(&item.context), expr(t)),
                    None => write!(out, " ({})", expr(&item.context)),
                }
                .ok();
            }
            format!("{out} {})", block(body))
        }
        StmtKind::Import { names } => format!("(import {})", aliases(names)),
        StmtKind::ImportFrom { module, names } => {
            format!("(from {module} import {})", aliases(names))
        }
        StmtKind::Delete(targets) => format!(
            "(del {})",
            targets.iter().map(expr).collect::<Vec<_>>().join(" ")
        ),
    }
}

fn with_else(keyword: &str, head: &str, body: &[Stmt], orelse: &[Stmt]) -> String {
    if orelse.is_empty() {
        format!("({keyword} {head} {})", block(body))
    } else {
        format!("({keyword} {head} {} {})", block(body), block(orelse))
    }
}

fn aliases(names: &[super::super::ast::Alias]) -> String {
    names
        .iter()
        .map(|a| match &a.asname {
            Some(asname) => format!("{} as {asname}", a.name),
            None => a.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn params(p: &Params) -> String {
    let mut items = Vec::new();
    let param = |q: &super::super::ast::Param| match &q.default {
        Some(d) => format!("{}={}", q.name, expr(d)),
        None => q.name.clone(),
    };
    items.extend(p.positional.iter().map(param));
    match &p.vararg {
        Some(name) => items.push(format!("*{name}")),
        None if !p.kwonly.is_empty() => items.push("*".into()),
        None => {}
    }
    items.extend(p.kwonly.iter().map(param));
    if let Some(name) = &p.kwarg {
        items.push(format!("**{name}"));
    }
    format!("({})", items.join(" "))
}

fn binop(op: BinOp) -> &'static str {
    match op {
        BinOp::Pow => "**",
        other => other.symbol(),
    }
}

pub fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Name(name) => name.clone(),
        ExprKind::Const(c) => match c {
            Constant::None => "None".into(),
            Constant::Bool(true) => "True".into(),
            Constant::Bool(false) => "False".into(),
            Constant::Int(v) => v.to_string(),
            Constant::Float(v) => format!("{v:?}"),
            Constant::Str(s) => format!("{s:?}"),
        },
        ExprKind::FString(parts) => {
            let mut out = "(f".to_string();
            for part in parts {
                write!(out, " {}", fstring_part(part)).ok();
            }
            out + ")"
        }
        ExprKind::BinOp { left, op, right } => {
            format!("({} {} {})", binop(*op), expr(left), expr(right))
        }
        ExprKind::UnaryOp { op, operand } => {
            let symbol = match op {
                UnaryOp::Neg => "-",
                UnaryOp::Pos => "+",
                UnaryOp::Not => "not",
                UnaryOp::Invert => "~",
            };
            format!("({symbol} {})", expr(operand))
        }
        ExprKind::BoolOp { op, values } => format!(
            "({} {})",
            match op {
                super::super::ast::BoolOp::And => "and",
                super::super::ast::BoolOp::Or => "or",
            },
            values.iter().map(expr).collect::<Vec<_>>().join(" ")
        ),
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => {
            let mut out = format!("(cmp {}", expr(left));
            for (op, right) in ops.iter().zip(comparators) {
                write!(out, " {} {}", op.symbol(), expr(right)).ok();
            }
            out + ")"
        }
        ExprKind::IfExp { test, body, orelse } => {
            format!("(ifx {} {} {})", expr(test), expr(body), expr(orelse))
        }
        ExprKind::Call { func, args } => {
            let mut out = format!("(call {}", expr(func));
            for arg in args {
                let text = match arg {
                    Arg::Positional(e) => expr(e),
                    Arg::Starred(e) => format!("*{}", expr(e)),
                    Arg::Keyword(name, e) => format!("{name}={}", expr(e)),
                    Arg::DoubleStarred(e) => format!("**{}", expr(e)),
                };
                write!(out, " {text}").ok();
            }
            out + ")"
        }
        ExprKind::Attribute { value, attr } => format!("(. {} {attr})", expr(value)),
        ExprKind::Subscript { value, index } => format!("([] {} {})", expr(value), expr(index)),
        ExprKind::Slice { lower, upper, step } => {
            let part = |p: &Option<Box<Expr>>| p.as_deref().map_or("_".to_string(), expr);
            format!("(slice {} {} {})", part(lower), part(upper), part(step))
        }
        ExprKind::List(elts) => sequence("list", elts),
        ExprKind::Tuple(elts) => sequence("tuple", elts),
        ExprKind::Dict(pairs) => {
            let mut out = "(dict".to_string();
            for (k, v) in pairs {
                write!(out, " {}:{}", expr(k), expr(v)).ok();
            }
            out + ")"
        }
        ExprKind::ListComp { elt, generators } => comprehension("listcomp", elt, generators),
        ExprKind::GeneratorExp { elt, generators } => comprehension("genexp", elt, generators),
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            let pair = ExprKind::Tuple(vec![(**key).clone(), (**value).clone()]);
            let span = key.span;
            comprehension("dictcomp", &Expr { kind: pair, span }, generators)
        }
        ExprKind::Lambda { params: p, body } => format!("(lambda {} {})", params(p), expr(body)),
        ExprKind::Await(value) => format!("(await {})", expr(value)),
        ExprKind::Starred(value) => format!("(* {})", expr(value)),
    }
}

fn sequence(name: &str, elts: &[Expr]) -> String {
    let mut out = format!("({name}");
    for e in elts {
        write!(out, " {}", expr(e)).ok();
    }
    out + ")"
}

fn comprehension(name: &str, elt: &Expr, generators: &[Comprehension]) -> String {
    let mut out = format!("({name} {}", expr(elt));
    for g in generators {
        write!(out, " (for {} {}", expr(&g.target), expr(&g.iter)).ok();
        for c in &g.ifs {
            write!(out, " (if {})", expr(c)).ok();
        }
        out.push(')');
    }
    out + ")"
}

fn fstring_part(part: &FStringPart) -> String {
    match part {
        FStringPart::Literal(text) => format!("{text:?}"),
        FStringPart::Field {
            expr: value,
            conversion,
            spec,
            self_documenting,
        } => {
            let mut out = format!("{{{}", expr(value));
            if let Some(c) = conversion {
                write!(out, " !{c}").ok();
            }
            if !spec.is_empty() {
                let spec: Vec<String> = spec.iter().map(fstring_part).collect();
                write!(out, " :{}", spec.join(" ")).ok();
            }
            if let Some(text) = self_documenting {
                write!(out, " ={text:?}").ok();
            }
            out + "}"
        }
    }
}
