//! `repr()`, `str()` and `ascii()` of plain values, as CPython writes them.

use crate::sim::exceptions::{ExcKind, Exception};
use crate::sim::value::{Class, DictViewKind, PyIter, Value};

use super::classes::builtin_type_qualname;
use super::float_repr::repr_float;
use super::unicode_printable::is_printable;
use super::Interp;

/// How deep `repr` follows nested containers before writing `...`. CPython raises
/// `RecursionError` near 1000 levels; a Rust stack must stop earlier.
const MAX_DEPTH: usize = 300;

/// `repr(v)`. A container met again inside itself is written `[...]`, `{...}` or
/// `(...)`, as Python does.
pub fn repr(v: &Value, interp: &dyn Interp) -> String {
    let mut r = Repr {
        interp,
        seen: Vec::new(),
    };
    let mut out = String::new();
    r.write(v, &mut out);
    out
}

/// `str(v)`: the text itself for a str, the message for an exception, else `repr`.
pub fn to_str(v: &Value, interp: &dyn Interp) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        Value::Exception(e) => exception_str(e, interp),
        _ => repr(v, interp),
    }
}

/// `ascii(v)`: `repr` with every non-ASCII character escaped.
pub fn ascii(v: &Value, interp: &dyn Interp) -> String {
    let mut out = String::new();
    for c in repr(v, interp).chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            push_escape(c, &mut out);
        }
    }
    out
}

/// `str(e)`: nothing, the one argument, or the tuple of arguments.
pub(super) fn exception_str(e: &Exception, interp: &dyn Interp) -> String {
    match e.args.as_slice() {
        [] => String::new(),
        [arg] if e.kind == ExcKind::KeyError => repr(arg, interp),
        [arg] => to_str(arg, interp),
        [errno, strerror, rest @ ..]
            if e.kind.is_subclass_of(ExcKind::OSError) && rest.len() <= 3 =>
        {
            let mut text = format!(
                "[Errno {}] {}",
                to_str(errno, interp),
                to_str(strerror, interp)
            );
            // OSError(errno, strerror, filename, winerror, filename2).
            if let Some(filename) = rest.first() {
                text += &format!(": {}", repr(filename, interp));
            }
            if let Some(filename2) = rest.get(2) {
                text += &format!(" -> {}", repr(filename2, interp));
            }
            text
        }
        args => repr(&Value::tuple(args.to_vec()), interp),
    }
}

struct Repr<'a> {
    interp: &'a dyn Interp,
    /// The containers being written, outermost first.
    seen: Vec<usize>,
}

impl Repr<'_> {
    fn write(&mut self, v: &Value, out: &mut String) {
        match v {
            Value::None => out.push_str("None"),
            Value::Bool(true) => out.push_str("True"),
            Value::Bool(false) => out.push_str("False"),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Float(x) => out.push_str(&repr_float(*x)),
            Value::Str(s) => quote_str(s, out),
            Value::List(items) => {
                let items = items.borrow().clone();
                self.nested(v, "[", "]", out, |r, out| r.write_items(&items, out));
            }
            Value::Tuple(items) => self.nested(v, "(", ")", out, |r, out| {
                r.write_items(items, out);
                if items.len() == 1 {
                    out.push(',');
                }
            }),
            Value::Dict(d) => {
                let pairs: Vec<(Value, Value)> = d.borrow().map().values().cloned().collect();
                self.nested(v, "{", "}", out, |r, out| {
                    for (i, (key, value)) in pairs.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        r.write(key, out);
                        out.push_str(": ");
                        r.write(value, out);
                    }
                });
            }
            Value::Range(r) => {
                out.push_str(&format!("range({}, {}", r.start, r.stop));
                if r.step != 1 {
                    out.push_str(&format!(", {}", r.step));
                }
                out.push(')');
            }
            Value::DictView(view) => {
                let (name, items) = {
                    let d = view.dict.borrow();
                    match view.kind {
                        DictViewKind::Keys => (
                            "dict_keys",
                            d.map().values().map(|(k, _)| k.clone()).collect(),
                        ),
                        DictViewKind::Values => (
                            "dict_values",
                            d.map().values().map(|(_, v)| v.clone()).collect(),
                        ),
                        DictViewKind::Items => (
                            "dict_items",
                            d.map()
                                .values()
                                .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
                                .collect(),
                        ),
                    }
                };
                out.push_str(name);
                out.push('(');
                self.write(&Value::list(items), out);
                out.push(')');
            }
            Value::Slice(sl) => {
                out.push_str("slice(");
                self.write_items(&[sl.lower.clone(), sl.upper.clone(), sl.step.clone()], out);
                out.push(')');
            }
            Value::Exception(e) => {
                out.push_str(e.kind.name());
                out.push('(');
                self.write_items(&e.args, out);
                out.push(')');
            }
            Value::Class(Class::Builtin(t)) => {
                out.push_str(&format!("<class '{}'>", builtin_type_qualname(*t)));
            }
            Value::Class(Class::Exception(kind)) => {
                out.push_str(&format!("<class '{}'>", kind.qualified_name()));
            }
            Value::Iter(it) => {
                let address = self.interp.object_id(v);
                match it.try_borrow().as_deref() {
                    Ok(PyIter::Generator(g)) => out.push_str(&format!(
                        "<generator object {} at {address:#x}>",
                        g.qualname
                    )),
                    it => {
                        let name = it.map_or("iterator", iterator_name);
                        out.push_str(&format!("<{name} object at {address:#x}>"));
                    }
                }
            }
            _ => out.push_str(&self.interp.repr_object(v)),
        }
    }

    fn write_items(&mut self, items: &[Value], out: &mut String) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.write(item, out);
        }
    }

    /// Write a container between `open` and `close`, or `open...close` if it is
    /// already being written further out (or nesting is too deep).
    fn nested(
        &mut self,
        v: &Value,
        open: &str,
        close: &str,
        out: &mut String,
        body: impl FnOnce(&mut Self, &mut String),
    ) {
        let id = v.identity().unwrap_or(0);
        out.push_str(open);
        if self.seen.contains(&id) || self.seen.len() >= MAX_DEPTH {
            out.push_str("...");
        } else {
            self.seen.push(id);
            body(self, out);
            self.seen.pop();
        }
        out.push_str(close);
    }
}

pub fn iterator_name(it: &PyIter) -> &'static str {
    match it {
        PyIter::Seq { name, .. } | PyIter::Reversed { name, .. } => name,
        PyIter::List { .. } => "list_iterator",
        PyIter::Range { .. } => "range_iterator",
        PyIter::Enumerate { .. } => "enumerate",
        PyIter::Zip { .. } => "zip",
        PyIter::Dict { kind, .. } => match kind {
            DictViewKind::Keys => "dict_keyiterator",
            DictViewKind::Values => "dict_valueiterator",
            DictViewKind::Items => "dict_itemiterator",
        },
        PyIter::Shared(inner) => inner
            .try_borrow()
            .map_or("iterator", |it| iterator_name(&it)),
        PyIter::Generator(_) => "generator",
    }
}

/// A str literal as `repr` writes it: single quotes unless the text has a `'` and no
/// `"`; backslash escapes for quotes, backslashes, control and unprintable characters.
pub(super) fn quote_str(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c if !c.is_ascii() && is_printable(c) => out.push(c),
            c => push_escape(c, out),
        }
    }
    out.push(quote);
}

fn push_escape(c: char, out: &mut String) {
    let n = c as u32;
    if n <= 0xff {
        out.push_str(&format!("\\x{n:02x}"));
    } else if n <= 0xffff {
        out.push_str(&format!("\\u{n:04x}"));
    } else {
        out.push_str(&format!("\\U{n:08x}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::exceptions::Exception;
    use crate::sim::object::testing::{f, i, list, s, tuple, NoInterp};
    use crate::sim::value::{BuiltinType, Dict, DictView, RangeValue};
    use std::cell::RefCell;
    use std::rc::Rc;

    fn exc(kind: ExcKind, args: Vec<Value>) -> Value {
        Value::Exception(Rc::new(Exception::new(kind, args)))
    }

    fn dict(pairs: Vec<(Value, Value)>) -> Value {
        let d = Value::Dict(Rc::new(RefCell::new(Dict::default())));
        for (k, v) in pairs {
            crate::sim::object::set_item(&d, &k, v).unwrap();
        }
        d
    }

    #[test]
    fn reprs_match_cpython() {
        // (value, repr, str) with expected text from CPython 3.11.
        #[rustfmt::skip]
        let cases: Vec<(Value, &str, &str)> = vec![
            (s("it's"), r#""it's""#, "it's"),
            (s("say \"hi\""), r#"'say "hi"'"#, r#"say "hi""#),
            (s("both ' and \""), r#"'both \' and "'"#, r#"both ' and ""#),
            (s("tab\there\nnew\rret\\"), r"'tab\there\nnew\rret\\'", "tab\there\nnew\rret\\"),
            (s("\x00\x07\x1b\x7f"), r"'\x00\x07\x1b\x7f'", "\x00\x07\x1b\x7f"),
            (s("café 日本 😀"), "'café 日本 😀'", "café 日本 😀"),
            (s("\u{a0}\u{ad}\u{200b}\u{2028}\u{feff}"), r"'\xa0\xad\u200b\u2028\ufeff'", "\u{a0}\u{ad}\u{200b}\u{2028}\u{feff}"),
            (s("\u{e000}\u{10ffff}"), r"'\ue000\U0010ffff'", "\u{e000}\u{10ffff}"),
            (s(""), "''", ""),
            (list(vec![i(1), s("a"), f(2.5), Value::None, Value::Bool(true)]), "[1, 'a', 2.5, None, True]", "[1, 'a', 2.5, None, True]"),
            (tuple(vec![]), "()", "()"),
            (tuple(vec![i(1)]), "(1,)", "(1,)"),
            (tuple(vec![i(1), i(2)]), "(1, 2)", "(1, 2)"),
            (dict(vec![(s("a"), i(1)), (i(2), list(vec![]))]), "{'a': 1, 2: []}", "{'a': 1, 2: []}"),
            (dict(vec![]), "{}", "{}"),
            (list(vec![tuple(vec![s("x"), dict(vec![(s("k"), tuple(vec![]))])])]), "[('x', {'k': ()})]", "[('x', {'k': ()})]"),
            (Value::Range(Rc::new(RangeValue { start: 0, stop: 5, step: 1 })), "range(0, 5)", "range(0, 5)"),
            (Value::Range(Rc::new(RangeValue { start: 0, stop: 10, step: 2 })), "range(0, 10, 2)", "range(0, 10, 2)"),
            (exc(ExcKind::ValueError, vec![s("x")]), "ValueError('x')", "x"),
            (exc(ExcKind::KeyError, vec![s("k")]), "KeyError('k')", "'k'"),
            (exc(ExcKind::ValueError, vec![]), "ValueError()", ""),
            (exc(ExcKind::ValueError, vec![s("a"), i(1)]), "ValueError('a', 1)", "('a', 1)"),
            (exc(ExcKind::KeyError, vec![s("a"), i(1)]), "KeyError('a', 1)", "('a', 1)"),
            (exc(ExcKind::CancelledError, vec![]), "CancelledError()", ""),
            (exc(ExcKind::OSError, vec![i(0), s("nope")]), "OSError(0, 'nope')", "[Errno 0] nope"),
            (exc(ExcKind::TimeoutError, vec![]), "TimeoutError()", ""),
            (exc(ExcKind::OverflowError, vec![i(34), s("Numerical result out of range")]), "OverflowError(34, 'Numerical result out of range')", "(34, 'Numerical result out of range')"),
            (Value::Class(Class::Builtin(BuiltinType::Int)), "<class 'int'>", "<class 'int'>"),
            (Value::Class(Class::Builtin(BuiltinType::NoneType)), "<class 'NoneType'>", "<class 'NoneType'>"),
            (Value::Class(Class::Exception(ExcKind::ValueError)), "<class 'ValueError'>", "<class 'ValueError'>"),
            (Value::Class(Class::Exception(ExcKind::CancelledError)), "<class 'asyncio.exceptions.CancelledError'>", "<class 'asyncio.exceptions.CancelledError'>"),
            (f(1e16), "1e+16", "1e+16"),
            (f(-0.0), "-0.0", "-0.0"),
            (list(vec![f(f64::NAN), f(f64::INFINITY), f(f64::NEG_INFINITY)]), "[nan, inf, -inf]", "[nan, inf, -inf]"),
            (list(vec![s("it's"), s("a\nb")]), r#"["it's", 'a\nb']"#, r#"["it's", 'a\nb']"#),
            (crate::sim::object::make_slice(i(1), Value::None, Value::None).unwrap(), "slice(1, None, None)", "slice(1, None, None)"),
        ];
        for (v, want_repr, want_str) in cases {
            assert_eq!(repr(&v, &NoInterp), want_repr);
            assert_eq!(to_str(&v, &NoInterp), want_str);
        }
    }

    #[test]
    fn self_containing_containers() {
        let l = list(vec![i(1)]);
        if let Value::List(items) = &l {
            items.borrow_mut().push(l.clone());
        }
        assert_eq!(repr(&l, &NoInterp), "[1, [...]]");
        let d = dict(vec![(s("a"), i(1))]);
        crate::sim::object::set_item(&d, &s("me"), d.clone()).unwrap();
        assert_eq!(repr(&d, &NoInterp), "{'a': 1, 'me': {...}}");
        let t = tuple(vec![l.clone()]);
        assert_eq!(repr(&t, &NoInterp), "([1, [...]],)");
        // Break the cycles so the test does not leak.
        if let Value::List(items) = &l {
            items.borrow_mut().clear();
        }
        if let Value::Dict(map) = &d {
            map.borrow_mut().clear();
        }
    }

    #[test]
    fn dict_views_and_ascii() {
        let d = dict(vec![(s("a"), i(1)), (s("b"), list(vec![]))]);
        let Value::Dict(map) = &d else { unreachable!() };
        let view = |kind| {
            Value::DictView(Rc::new(DictView {
                dict: map.clone(),
                kind,
            }))
        };
        assert_eq!(
            repr(&view(DictViewKind::Keys), &NoInterp),
            "dict_keys(['a', 'b'])"
        );
        assert_eq!(
            repr(&view(DictViewKind::Values), &NoInterp),
            "dict_values([1, []])"
        );
        assert_eq!(
            repr(&view(DictViewKind::Items), &NoInterp),
            "dict_items([('a', 1), ('b', [])])"
        );
        assert_eq!(ascii(&s("café 😀"), &NoInterp), r"'caf\xe9 \U0001f600'");
        assert_eq!(ascii(&list(vec![s("日")]), &NoInterp), r"['\u65e5']");
    }
}
