//! Syntax tree → compiled program: code objects whose ops the VM runs.
//!
//! The compiler resolves every name at compile time (fast local, cell, or module
//! global slot), so the VM never looks a variable up by name except for builtins.

mod compiler;
mod literal;
pub mod ops;
mod outside;
mod scopes;

use std::rc::Rc;

pub use ops::{Conversion, Op};

use crate::sim::value::Value;
use crate::syntax::ast::Module;
use crate::syntax::Diagnostic;

/// A compiled module: its top-level code and the names of its global slots.
pub struct Program {
    pub code: Rc<CodeObject>,
    /// `LoadGlobal(i)` / `StoreGlobal(i)` refer to `global_names[i]`.
    pub global_names: Vec<Rc<str>>,
    /// It imports the helper module (`import awaitscope`, `from awaitscope import …`).
    pub imports_helper: bool,
    /// The `SyntaxWarning`s CPython's compiler gives for the scenario, in the order
    /// it gives them: (line, message), such as `"is" with a literal. Did you mean
    /// "=="?`.
    pub syntax_warnings: Vec<(u32, &'static str)>,
}

/// Compiles a scenario. Problems the parser cannot see (`await` outside an async
/// function, `return` outside a function, unknown imports, names real Python has
/// outside the subset) come back as diagnostics, like the parser's.
pub fn compile(module: &Module, source: &str) -> Result<Program, Vec<Diagnostic>> {
    compiler::Compiler::new(source, true).compile_module(module)
}

/// Compiles the prelude: asyncio's own code, which may name what scenarios cannot.
pub fn compile_prelude(module: &Module, source: &str) -> Result<Program, Vec<Diagnostic>> {
    compiler::Compiler::new(source, false).compile_module(module)
}

/// One function's (or the module's) compiled body.
pub struct CodeObject {
    /// `f`, `<module>`, `<lambda>`.
    pub name: Rc<str>,
    /// `f`, or `main.<locals>.f` for a function defined inside `main`.
    pub qualname: Rc<str>,
    pub is_async: bool,
    /// A generator expression's: calling it makes a generator (`vm::frame::Generator`).
    pub is_generator: bool,
    /// Names of positional parameters, then keyword-only ones; they are the first
    /// fast locals, in this order, followed by `*args` and `**kwargs` if present.
    pub positional: Vec<Rc<str>>,
    pub kwonly: Vec<Rc<str>>,
    pub has_vararg: bool,
    pub has_kwarg: bool,
    /// How many positional parameters have defaults (the trailing ones).
    pub n_defaults: u32,
    /// Whether `MakeFunction` finds a kw-defaults dict on the stack.
    pub has_kwdefaults: bool,
    /// Names of all fast locals (parameters first).
    pub local_names: Vec<Rc<str>>,
    /// Locals captured by inner functions: (name, fast-local index if a parameter).
    pub cellvars: Vec<(Rc<str>, Option<u32>)>,
    /// Variables this function captures from enclosing ones.
    pub freevars: Vec<Rc<str>>,
    /// For each freevar: the index of the enclosing frame's cell it captures.
    pub closure_from: Vec<u32>,
    pub ops: Vec<Op>,
    /// Source line of each op.
    pub lines: Vec<u32>,
    pub consts: Vec<Value>,
    /// Attribute and method names used by `LoadAttr`, `StoreAttr`, `CallMethod`.
    pub names: Vec<Rc<str>>,
    /// Nested functions.
    pub codes: Vec<Rc<CodeObject>>,
    /// Line of the `def` (or first line for the module).
    pub first_line: u32,
}

/// Checks that our first diagnostic for each source is the SyntaxError CPython
/// 3.11's `compile()` raises (`line:col: message`, or `ok` for neither): the tests
/// of the lexer, the parser and the compiler ask python3 itself, at test time.
#[cfg(test)]
pub(crate) fn assert_first_error_as_cpython(sources: &[&str]) {
    let check = r"
import sys, warnings
warnings.simplefilter('ignore')
for source in sys.argv[1:]:
    try:
        compile(source, 'f', 'exec')
        print('ok')
    except SyntaxError as e:
        print(f'{e.lineno}:{e.offset}: {e.msg}')
";
    let python = python3(check, sources);
    let mismatches: Vec<String> = sources
        .iter()
        .zip(python.lines())
        .filter_map(|(source, python)| {
            let ours = match crate::prepare(source) {
                Ok(_) => String::from("ok"),
                Err(d) => format!("{}:{}: {}", d[0].line, d[0].col, d[0].message),
            };
            (ours != python).then(|| format!("{source:?}\n  ours:    {ours}\n  CPython: {python}"))
        })
        .collect();
    assert_eq!(python.lines().count(), sources.len());
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// What `python3 -c script args…` prints; the compiler's tests ask CPython itself.
#[cfg(test)]
fn python3(script: &str, args: &[&str]) -> String {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
