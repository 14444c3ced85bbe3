//! The methods of `str`.
//!
//! Indices are in characters, as in Python; texts are UTF-8, so positions are
//! converted at the edges and every cut is at a character boundary.

use std::rc::Rc;

use crate::sim::exceptions::{PyErr, PyResult};
use crate::sim::value::Value;

use super::args::{
    at_most, bad_argument_type, bind, exactly_one, expect_count, int_arg, no_args, no_kwargs,
    no_other_kwargs, take_kwarg, Kwargs,
};
use super::text::is_space;
use super::text::{
    char_window, join, justify, predicate, replace, split_on, split_whitespace, splitlines, title,
    zfill,
};
use super::Interp;

/// The methods `call` knows.
pub(super) const METHODS: &[&str] = &[
    "join",
    "split",
    "rsplit",
    "strip",
    "lstrip",
    "rstrip",
    "upper",
    "lower",
    "casefold",
    "title",
    "capitalize",
    "swapcase",
    "startswith",
    "endswith",
    "replace",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "isdigit",
    "isdecimal",
    "isnumeric",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "istitle",
    "zfill",
    "center",
    "ljust",
    "rjust",
    "format",
    "splitlines",
    "partition",
    "rpartition",
    "removeprefix",
    "removesuffix",
];

fn s(t: &str) -> Value {
    Value::str(t)
}

fn must_be_str<'a>(v: &'a Value, what: &str) -> PyResult<&'a str> {
    match v {
        Value::Str(t) => Ok(t),
        other => Err(PyErr::type_error(format!(
            "{what}must be str, not {}",
            other.type_name()
        ))),
    }
}

/// `recv.name(*args, **kwargs)` for a str; `None` if str has no such method.
pub(super) fn call(
    recv: &Rc<str>,
    name: &str,
    args: Vec<Value>,
    mut kwargs: Kwargs,
    interp: &mut dyn Interp,
) -> Option<PyResult<Value>> {
    let st: &str = recv;
    let result = || -> PyResult<Value> {
        Ok(match name {
            "join" => join(st, &exactly_one("str.join", args, &kwargs)?, interp)?,
            "split" | "rsplit" => {
                // The count first, keywords included, then a parameter given twice,
                // then the keywords' names; the values are checked after.
                let mut slots = bind(name, args, kwargs, &["sep", "maxsplit"], 0)?;
                let sep = slots[0].take().unwrap_or(Value::None);
                let maxsplit = match slots[1].take() {
                    Some(v) => int_arg(&v)?,
                    None => -1,
                };
                let parts = match &sep {
                    Value::None => split_whitespace(st, maxsplit, name == "rsplit"),
                    Value::Str(sep) if sep.is_empty() => {
                        return Err(PyErr::value_error("empty separator"))
                    }
                    Value::Str(sep) => split_on(st, sep, maxsplit, name == "rsplit"),
                    other => {
                        return Err(PyErr::type_error(format!(
                            "must be str or None, not {}",
                            other.type_name()
                        )))
                    }
                };
                Value::list(parts.into_iter().map(s).collect())
            }
            "strip" | "lstrip" | "rstrip" => {
                no_kwargs(&format!("str.{name}"), &kwargs)?;
                expect_count(name, &args, 0, 1)?;
                let chars: Option<Vec<char>> = match args.first() {
                    None | Some(Value::None) => None,
                    Some(Value::Str(c)) => Some(c.chars().collect()),
                    Some(_) => {
                        return Err(PyErr::type_error(format!("{name} arg must be None or str")))
                    }
                };
                let matches = |c: char| {
                    chars
                        .as_ref()
                        .map_or_else(|| is_space(c), |set| set.contains(&c))
                };
                s(match name {
                    "strip" => st.trim_matches(matches),
                    "lstrip" => st.trim_start_matches(matches),
                    _ => st.trim_end_matches(matches),
                })
            }
            "upper" | "lower" | "casefold" | "title" | "capitalize" | "swapcase" => {
                no_args(&format!("str.{name}"), &args, &kwargs)?;
                s(&match name {
                    "upper" => st.to_uppercase(),
                    "lower" | "casefold" => st.to_lowercase(),
                    "title" => title(st),
                    "capitalize" => {
                        let mut chars = st.chars();
                        match chars.next() {
                            Some(first) => first
                                .to_uppercase()
                                .chain(chars.as_str().to_lowercase().chars())
                                .collect(),
                            None => String::new(),
                        }
                    }
                    _ => st
                        .chars()
                        .flat_map(|c| -> Vec<char> {
                            if c.is_uppercase() {
                                c.to_lowercase().collect()
                            } else if c.is_lowercase() {
                                c.to_uppercase().collect()
                            } else {
                                vec![c]
                            }
                        })
                        .collect(),
                })
            }
            "isdigit" | "isdecimal" | "isnumeric" | "isalpha" | "isalnum" | "isspace"
            | "isupper" | "islower" | "istitle" => {
                no_args(&format!("str.{name}"), &args, &kwargs)?;
                Value::Bool(predicate(st, name))
            }
            "startswith" | "endswith" => {
                no_kwargs(&format!("str.{name}"), &kwargs)?;
                one_to_three(name, &args)?;
                let (from, to) = char_window(st, args.get(1), args.get(2))?;
                let candidates: Vec<&str> = match &args[0] {
                    Value::Str(p) => vec![p],
                    Value::Tuple(items) => items
                        .iter()
                        .map(|item| match item {
                            Value::Str(p) => Ok(&**p),
                            other => Err(PyErr::type_error(format!(
                                "tuple for {name} must only contain str, not {}",
                                other.type_name()
                            ))),
                        })
                        .collect::<PyResult<_>>()?,
                    other => {
                        return Err(PyErr::type_error(format!(
                            "{name} first arg must be str or a tuple of str, not {}",
                            other.type_name()
                        )))
                    }
                };
                let Some((from, to)) = from.zip(to).filter(|(f, t)| f <= t) else {
                    return Ok(Value::Bool(false));
                };
                let window = &st[from..to];
                let found = candidates.iter().any(|p| {
                    if name == "startswith" {
                        window.starts_with(p)
                    } else {
                        window.ends_with(p)
                    }
                });
                Value::Bool(found)
            }
            "replace" => {
                no_kwargs("str.replace", &kwargs)?;
                expect_count(name, &args, 2, 3)?;
                let old = match &args[0] {
                    Value::Str(t) => t.clone(),
                    other => {
                        return Err(PyErr::type_error(format!(
                            "replace() argument 1 must be str, not {}",
                            bad_argument_type(other)
                        )))
                    }
                };
                let new = match &args[1] {
                    Value::Str(t) => t.clone(),
                    other => {
                        return Err(PyErr::type_error(format!(
                            "replace() argument 2 must be str, not {}",
                            bad_argument_type(other)
                        )))
                    }
                };
                let count = match args.get(2) {
                    Some(v) => int_arg(v)?,
                    None => -1,
                };
                s(&replace(st, &old, &new, count)?)
            }
            "find" | "rfind" | "index" | "rindex" | "count" => {
                no_kwargs(&format!("str.{name}"), &kwargs)?;
                one_to_three(name, &args)?;
                // `stringlib_parse_args_finds` reads the bounds before the substring's
                // type is checked.
                let (from, to) = char_window(st, args.get(1), args.get(2))?;
                let sub = must_be_str(&args[0], "")?;
                let window = from.zip(to).filter(|(f, t)| f <= t);
                if name == "count" {
                    return Ok(Value::Int(match window {
                        None => 0,
                        Some((f, t)) if sub.is_empty() => st[f..t].chars().count() as i64 + 1,
                        Some((f, t)) => st[f..t].matches(sub).count() as i64,
                    }));
                }
                let found = window.and_then(|(f, t)| {
                    let hay = &st[f..t];
                    let at = if name.starts_with('r') {
                        hay.rfind(sub)
                    } else {
                        hay.find(sub)
                    };
                    at.map(|b| st[..f + b].chars().count() as i64)
                });
                match (found, name) {
                    (Some(i), _) => Value::Int(i),
                    (None, "find" | "rfind") => Value::Int(-1),
                    (None, _) => return Err(PyErr::value_error("substring not found")),
                }
            }
            "zfill" => {
                let width = int_arg(&exactly_one("str.zfill", args, &kwargs)?)?;
                zfill(st, width)?
            }
            "center" | "ljust" | "rjust" => {
                no_kwargs(&format!("str.{name}"), &kwargs)?;
                expect_count(name, &args, 1, 2)?;
                let width = int_arg(&args[0])?;
                let fill = match args.get(1) {
                    None => ' ',
                    Some(Value::Str(f)) => {
                        let mut chars = f.chars();
                        match (chars.next(), chars.next()) {
                            (Some(c), None) => c,
                            _ => {
                                return Err(PyErr::type_error(
                                    "The fill character must be exactly one character long",
                                ))
                            }
                        }
                    }
                    Some(other) => {
                        return Err(PyErr::type_error(format!(
                            "The fill character must be a unicode character, not {}",
                            other.type_name()
                        )))
                    }
                };
                justify(st, name, width, fill)?
            }
            "format" => s(&super::str_format::str_format(st, &args, &kwargs, interp)?),
            "splitlines" => {
                at_most(name, args.len(), kwargs.len(), 1)?;
                let keep_kw = take_kwarg(&mut kwargs, "keepends");
                no_other_kwargs(name, &kwargs)?;
                let keepends = match args.into_iter().next().or(keep_kw) {
                    Some(v) => int_arg(&v)? != 0,
                    None => false,
                };
                Value::list(splitlines(st, keepends).into_iter().map(s).collect())
            }
            "partition" | "rpartition" => {
                let sep_value = exactly_one(&format!("str.{name}"), args, &kwargs)?;
                let sep = must_be_str(&sep_value, "")?;
                if sep.is_empty() {
                    return Err(PyErr::value_error("empty separator"));
                }
                let at = if name == "partition" {
                    st.find(sep)
                } else {
                    st.rfind(sep)
                };
                let parts = match (at, name) {
                    (Some(i), _) => [&st[..i], sep, &st[i + sep.len()..]],
                    (None, "partition") => [st, "", ""],
                    (None, _) => ["", "", st],
                };
                Value::tuple(parts.into_iter().map(s).collect())
            }
            "removeprefix" | "removesuffix" => {
                let affix_value = exactly_one(&format!("str.{name}"), args, &kwargs)?;
                let affix = match &affix_value {
                    Value::Str(a) => &**a,
                    other => {
                        return Err(PyErr::type_error(format!(
                            "{name}() argument must be str, not {}",
                            bad_argument_type(other)
                        )))
                    }
                };
                let rest = if name == "removeprefix" {
                    st.strip_prefix(affix)
                } else {
                    st.strip_suffix(affix)
                };
                match rest {
                    Some(rest) => s(rest),
                    None => Value::Str(recv.clone()),
                }
            }
            _ => return Err(PyErr::runtime_error("unreachable")),
        })
    };
    METHODS.contains(&name).then(result)
}

/// The arity of `find`, `count`, `startswith` … (`sub[, start[, end]]`), as CPython
/// words it: `find() takes at least 1 argument (0 given)`.
fn one_to_three(name: &str, args: &[Value]) -> PyResult<()> {
    if args.is_empty() {
        return Err(PyErr::type_error(format!(
            "{name}() takes at least 1 argument (0 given)"
        )));
    }
    at_most(name, args.len(), 0, 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{dict, f, i, kw, list, s, show, tuple, NoInterp};

    #[test]
    fn str_methods_match_cpython() {
        let _ = (dict(vec![]), f(0.0), i(0), list(vec![]), tuple(vec![]));
        // (receiver, method, args, kwargs, repr of the result) from CPython 3.11,
        // generated by calling each method there.
        #[rustfmt::skip]
        let cases: Vec<(Value, &str, Vec<Value>, Kwargs, &str)> = vec![
            (s("a-b-c"), "join", vec![list(vec![s("x"), s("y")])], kw(vec![]), "'xa-b-cy'"),
            (s("a"), "join", vec![list(vec![i(1)])], kw(vec![]), "TypeError: sequence item 0: expected str instance, int found"),
            (s("a"), "join", vec![i(5)], kw(vec![]), "TypeError: can only join an iterable"),
            (s(""), "join", vec![list(vec![])], kw(vec![]), "''"),
            (s("-"), "join", vec![s("abc")], kw(vec![]), "'a-b-c'"),
            (s("  a  b  "), "split", vec![], kw(vec![]), "['a', 'b']"),
            (s("  a  b  c "), "split", vec![Value::None, i(1)], kw(vec![]), "['a', 'b  c ']"),
            (s("  a  b  c "), "rsplit", vec![Value::None, i(1)], kw(vec![]), "['  a  b', 'c']"),
            (s("a,b,,c"), "split", vec![s(",")], kw(vec![]), "['a', 'b', '', 'c']"),
            (s("a,b,,c"), "split", vec![s(","), i(1)], kw(vec![]), "['a', 'b,,c']"),
            (s("a,b,,c"), "rsplit", vec![s(","), i(1)], kw(vec![]), "['a,b,', 'c']"),
            (s(""), "split", vec![], kw(vec![]), "[]"),
            (s(""), "split", vec![s(",")], kw(vec![]), "['']"),
            (s("a\u{1c}b"), "split", vec![], kw(vec![]), "['a', 'b']"),
            (s("a\u{a0}b c"), "split", vec![], kw(vec![]), "['a', 'b', 'c']"),
            (s("a"), "split", vec![s("")], kw(vec![]), "ValueError: empty separator"),
            (s("a"), "split", vec![i(1)], kw(vec![]), "TypeError: must be str or None, not int"),
            (s("a b"), "split", vec![], kw(vec![("sep", Value::None), ("maxsplit", i(1))]), "['a', 'b']"),
            (s("a b"), "split", vec![], kw(vec![("foo", i(1))]), "TypeError: 'foo' is an invalid keyword argument for split()"),
            (s("a b"), "split", vec![], kw(vec![("maxsplit", i(0))]), "['a b']"),
            (s("  a b"), "split", vec![], kw(vec![("maxsplit", i(0))]), "['a b']"),
            (s("a b  "), "rsplit", vec![], kw(vec![("maxsplit", i(0))]), "['a b']"),
            (s("abc"), "split", vec![s("b"), i(-5)], kw(vec![]), "['a', 'c']"),
            (s("x  y z"), "rsplit", vec![], kw(vec![]), "['x', 'y', 'z']"),
            (s("aXbXc"), "split", vec![s("X"), i(5)], kw(vec![]), "['a', 'b', 'c']"),
            (s("héllo wörld"), "split", vec![s("ö")], kw(vec![]), "['héllo w', 'rld']"),
            (s("a\n\nb\r\nc\rd\u{b}e"), "splitlines", vec![], kw(vec![]), "['a', '', 'b', 'c', 'd', 'e']"),
            (s("a\n\nb\r\nc\n"), "splitlines", vec![Value::Bool(true)], kw(vec![]), "['a\\n', '\\n', 'b\\r\\n', 'c\\n']"),
            (s(""), "splitlines", vec![], kw(vec![]), "[]"),
            (s("x\u{2028}y"), "splitlines", vec![], kw(vec![("keepends", Value::Bool(true))]), "['x\\u2028', 'y']"),
            (s("xxhixx"), "strip", vec![s("x")], kw(vec![]), "'hi'"),
            (s("  hi\t\n"), "strip", vec![], kw(vec![]), "'hi'"),
            (s("  hi  "), "lstrip", vec![], kw(vec![]), "'hi  '"),
            (s("  hi  "), "rstrip", vec![], kw(vec![]), "'  hi'"),
            (s("a"), "strip", vec![i(1)], kw(vec![]), "TypeError: strip arg must be None or str"),
            (s("abcba"), "strip", vec![s("ab")], kw(vec![]), "'c'"),
            (s("\u{3000}hi\u{1f}"), "strip", vec![], kw(vec![]), "'hi'"),
            (s("hello world"), "title", vec![], kw(vec![]), "'Hello World'"),
            (s("they're bill's friends"), "title", vec![], kw(vec![]), "\"They'Re Bill'S Friends\""),
            (s("hELLO wORLD"), "capitalize", vec![], kw(vec![]), "'Hello world'"),
            (s("ß"), "upper", vec![], kw(vec![]), "'SS'"),
            (s("ΑΣ"), "lower", vec![], kw(vec![]), "'ας'"),
            (s("Hello"), "swapcase", vec![], kw(vec![]), "'hELLO'"),
            (s("MiXeD 123"), "upper", vec![], kw(vec![]), "'MIXED 123'"),
            (s("MiXeD 123"), "lower", vec![], kw(vec![]), "'mixed 123'"),
            (s("a"), "upper", vec![i(1)], kw(vec![]), "TypeError: str.upper() takes no arguments (1 given)"),
            (s(""), "capitalize", vec![], kw(vec![]), "''"),
            (s("éCOLE"), "capitalize", vec![], kw(vec![]), "'École'"),
            (s("abc"), "isupper", vec![], kw(vec![]), "False"),
            (s("ABC1"), "isupper", vec![], kw(vec![]), "True"),
            (s("123"), "isupper", vec![], kw(vec![]), "False"),
            (s("Abc Def"), "isupper", vec![], kw(vec![]), "False"),
            (s("a1"), "isupper", vec![], kw(vec![]), "False"),
            (s(" \t"), "isupper", vec![], kw(vec![]), "False"),
            (s(""), "isupper", vec![], kw(vec![]), "False"),
            (s("Hello world"), "isupper", vec![], kw(vec![]), "False"),
            (s("ÉCOLE"), "isupper", vec![], kw(vec![]), "True"),
            (s("x_y"), "isupper", vec![], kw(vec![]), "False"),
            (s("abc"), "islower", vec![], kw(vec![]), "True"),
            (s("ABC1"), "islower", vec![], kw(vec![]), "False"),
            (s("123"), "islower", vec![], kw(vec![]), "False"),
            (s("Abc Def"), "islower", vec![], kw(vec![]), "False"),
            (s("a1"), "islower", vec![], kw(vec![]), "True"),
            (s(" \t"), "islower", vec![], kw(vec![]), "False"),
            (s(""), "islower", vec![], kw(vec![]), "False"),
            (s("Hello world"), "islower", vec![], kw(vec![]), "False"),
            (s("ÉCOLE"), "islower", vec![], kw(vec![]), "False"),
            (s("x_y"), "islower", vec![], kw(vec![]), "True"),
            (s("abc"), "isdigit", vec![], kw(vec![]), "False"),
            (s("ABC1"), "isdigit", vec![], kw(vec![]), "False"),
            (s("123"), "isdigit", vec![], kw(vec![]), "True"),
            (s("Abc Def"), "isdigit", vec![], kw(vec![]), "False"),
            (s("a1"), "isdigit", vec![], kw(vec![]), "False"),
            (s(" \t"), "isdigit", vec![], kw(vec![]), "False"),
            (s(""), "isdigit", vec![], kw(vec![]), "False"),
            (s("Hello world"), "isdigit", vec![], kw(vec![]), "False"),
            (s("ÉCOLE"), "isdigit", vec![], kw(vec![]), "False"),
            (s("x_y"), "isdigit", vec![], kw(vec![]), "False"),
            (s("abc"), "isalpha", vec![], kw(vec![]), "True"),
            (s("ABC1"), "isalpha", vec![], kw(vec![]), "False"),
            (s("123"), "isalpha", vec![], kw(vec![]), "False"),
            (s("Abc Def"), "isalpha", vec![], kw(vec![]), "False"),
            (s("a1"), "isalpha", vec![], kw(vec![]), "False"),
            (s(" \t"), "isalpha", vec![], kw(vec![]), "False"),
            (s(""), "isalpha", vec![], kw(vec![]), "False"),
            (s("Hello world"), "isalpha", vec![], kw(vec![]), "False"),
            (s("ÉCOLE"), "isalpha", vec![], kw(vec![]), "True"),
            (s("x_y"), "isalpha", vec![], kw(vec![]), "False"),
            (s("abc"), "isalnum", vec![], kw(vec![]), "True"),
            (s("ABC1"), "isalnum", vec![], kw(vec![]), "True"),
            (s("123"), "isalnum", vec![], kw(vec![]), "True"),
            (s("Abc Def"), "isalnum", vec![], kw(vec![]), "False"),
            (s("a1"), "isalnum", vec![], kw(vec![]), "True"),
            (s(" \t"), "isalnum", vec![], kw(vec![]), "False"),
            (s(""), "isalnum", vec![], kw(vec![]), "False"),
            (s("Hello world"), "isalnum", vec![], kw(vec![]), "False"),
            (s("ÉCOLE"), "isalnum", vec![], kw(vec![]), "True"),
            (s("x_y"), "isalnum", vec![], kw(vec![]), "False"),
            (s("abc"), "isspace", vec![], kw(vec![]), "False"),
            (s("ABC1"), "isspace", vec![], kw(vec![]), "False"),
            (s("123"), "isspace", vec![], kw(vec![]), "False"),
            (s("Abc Def"), "isspace", vec![], kw(vec![]), "False"),
            (s("a1"), "isspace", vec![], kw(vec![]), "False"),
            (s(" \t"), "isspace", vec![], kw(vec![]), "True"),
            (s(""), "isspace", vec![], kw(vec![]), "False"),
            (s("Hello world"), "isspace", vec![], kw(vec![]), "False"),
            (s("ÉCOLE"), "isspace", vec![], kw(vec![]), "False"),
            (s("x_y"), "isspace", vec![], kw(vec![]), "False"),
            (s("abc"), "istitle", vec![], kw(vec![]), "False"),
            (s("ABC1"), "istitle", vec![], kw(vec![]), "False"),
            (s("123"), "istitle", vec![], kw(vec![]), "False"),
            (s("Abc Def"), "istitle", vec![], kw(vec![]), "True"),
            (s("a1"), "istitle", vec![], kw(vec![]), "False"),
            (s(" \t"), "istitle", vec![], kw(vec![]), "False"),
            (s(""), "istitle", vec![], kw(vec![]), "False"),
            (s("Hello world"), "istitle", vec![], kw(vec![]), "False"),
            (s("ÉCOLE"), "istitle", vec![], kw(vec![]), "False"),
            (s("x_y"), "istitle", vec![], kw(vec![]), "False"),
            (s("abc"), "isdecimal", vec![], kw(vec![]), "False"),
            (s("ABC1"), "isdecimal", vec![], kw(vec![]), "False"),
            (s("123"), "isdecimal", vec![], kw(vec![]), "True"),
            (s("Abc Def"), "isdecimal", vec![], kw(vec![]), "False"),
            (s("a1"), "isdecimal", vec![], kw(vec![]), "False"),
            (s(" \t"), "isdecimal", vec![], kw(vec![]), "False"),
            (s(""), "isdecimal", vec![], kw(vec![]), "False"),
            (s("Hello world"), "isdecimal", vec![], kw(vec![]), "False"),
            (s("ÉCOLE"), "isdecimal", vec![], kw(vec![]), "False"),
            (s("x_y"), "isdecimal", vec![], kw(vec![]), "False"),
            (s("abc"), "isnumeric", vec![], kw(vec![]), "False"),
            (s("ABC1"), "isnumeric", vec![], kw(vec![]), "False"),
            (s("123"), "isnumeric", vec![], kw(vec![]), "True"),
            (s("Abc Def"), "isnumeric", vec![], kw(vec![]), "False"),
            (s("a1"), "isnumeric", vec![], kw(vec![]), "False"),
            (s(" \t"), "isnumeric", vec![], kw(vec![]), "False"),
            (s(""), "isnumeric", vec![], kw(vec![]), "False"),
            (s("Hello world"), "isnumeric", vec![], kw(vec![]), "False"),
            (s("ÉCOLE"), "isnumeric", vec![], kw(vec![]), "False"),
            (s("x_y"), "isnumeric", vec![], kw(vec![]), "False"),
            (s("abc"), "startswith", vec![s("ab")], kw(vec![]), "True"),
            (s("abc"), "startswith", vec![s("b"), i(1)], kw(vec![]), "True"),
            (s("abc"), "startswith", vec![tuple(vec![s("x"), s("b")]), i(1)], kw(vec![]), "True"),
            (s("abc"), "endswith", vec![s("b"), i(0), i(2)], kw(vec![]), "True"),
            (s("abc"), "startswith", vec![s(""), i(4)], kw(vec![]), "False"),
            (s("abc"), "startswith", vec![s(""), i(3)], kw(vec![]), "True"),
            (s("a"), "startswith", vec![i(1)], kw(vec![]), "TypeError: startswith first arg must be str or a tuple of str, not int"),
            (s("a"), "startswith", vec![tuple(vec![i(1)])], kw(vec![]), "TypeError: tuple for startswith must only contain str, not int"),
            (s("report.txt"), "endswith", vec![tuple(vec![s(".py"), s(".txt")])], kw(vec![]), "True"),
            (s("abc"), "endswith", vec![s("c"), i(-1)], kw(vec![]), "True"),
            (s("abc"), "startswith", vec![s("a"), Value::None, Value::None], kw(vec![]), "True"),
            (s("aaa"), "replace", vec![s("a"), s("b"), i(2)], kw(vec![]), "'bba'"),
            (s("aaa"), "replace", vec![s(""), s("-")], kw(vec![]), "'-a-a-a-'"),
            (s("aaa"), "replace", vec![s(""), s("-"), i(2)], kw(vec![]), "'-a-aa'"),
            (s("abc"), "replace", vec![s("b"), s("")], kw(vec![]), "'ac'"),
            (s("a"), "replace", vec![s("a")], kw(vec![]), "TypeError: replace expected at least 2 arguments, got 1"),
            (s("a"), "replace", vec![s("a"), s("b"), s("c")], kw(vec![]), "TypeError: 'str' object cannot be interpreted as an integer"),
            (s("a"), "replace", vec![i(1), s("b")], kw(vec![]), "TypeError: replace() argument 1 must be str, not int"),
            (s("hello hello"), "replace", vec![s("ll"), s("LL")], kw(vec![]), "'heLLo heLLo'"),
            (s("abc"), "replace", vec![s("x"), s("y")], kw(vec![]), "'abc'"),
            (s("abc"), "find", vec![s(""), i(5)], kw(vec![]), "-1"),
            (s("abc"), "find", vec![s(""), i(3)], kw(vec![]), "3"),
            (s("abc"), "count", vec![s(""), i(1)], kw(vec![]), "3"),
            (s("abc"), "count", vec![s("")], kw(vec![]), "4"),
            (s("aaaa"), "count", vec![s("aa")], kw(vec![]), "2"),
            (s("héllo wörld"), "find", vec![s("w")], kw(vec![]), "6"),
            (s("héllo"), "find", vec![s("l"), i(-2)], kw(vec![]), "3"),
            (s("héllo"), "rfind", vec![s("l")], kw(vec![]), "3"),
            (s("abc"), "find", vec![s("c"), i(1), i(-1)], kw(vec![]), "-1"),
            (s("abc"), "find", vec![s("b"), Value::None, Value::None], kw(vec![]), "1"),
            (s("abc"), "find", vec![s("b"), s("x")], kw(vec![]), "TypeError: slice indices must be integers or None or have an __index__ method"),
            (s("a"), "find", vec![], kw(vec![]), "TypeError: find() takes at least 1 argument (0 given)"),
            (s("a"), "find", vec![i(1)], kw(vec![]), "TypeError: must be str, not int"),
            (s("a"), "count", vec![i(1)], kw(vec![]), "TypeError: must be str, not int"),
            (s("a"), "index", vec![s("a"), i(1)], kw(vec![]), "ValueError: substring not found"),
            (s("hello"), "rindex", vec![s("l")], kw(vec![]), "3"),
            (s("a"), "index", vec![s("b")], kw(vec![]), "ValueError: substring not found"),
            (s("ab"), "count", vec![s("a"), i(5)], kw(vec![]), "0"),
            (s("abcabc"), "rfind", vec![s("abc"), i(0), i(5)], kw(vec![]), "0"),
            (s("abc"), "find", vec![s("")], kw(vec![]), "0"),
            (s("abc"), "rfind", vec![s("")], kw(vec![]), "3"),
            (s("banana"), "count", vec![s("an")], kw(vec![]), "2"),
            (s("banana"), "index", vec![s("an"), i(2)], kw(vec![]), "3"),
            (s("42"), "zfill", vec![i(5)], kw(vec![]), "'00042'"),
            (s("-42"), "zfill", vec![i(5)], kw(vec![]), "'-0042'"),
            (s("+42"), "zfill", vec![i(2)], kw(vec![]), "'+42'"),
            (s("x"), "zfill", vec![i(-3)], kw(vec![]), "'x'"),
            (s("a"), "zfill", vec![s("a")], kw(vec![]), "TypeError: 'str' object cannot be interpreted as an integer"),
            (s(""), "zfill", vec![i(3)], kw(vec![]), "'000'"),
            (s("abc"), "center", vec![i(6)], kw(vec![]), "' abc  '"),
            (s("abc"), "center", vec![i(7), s("*")], kw(vec![]), "'**abc**'"),
            (s("ab"), "center", vec![i(5)], kw(vec![]), "'  ab '"),
            (s("ab"), "center", vec![i(6)], kw(vec![]), "'  ab  '"),
            (s("abc"), "ljust", vec![i(5), s("-")], kw(vec![]), "'abc--'"),
            (s("abc"), "rjust", vec![i(5)], kw(vec![]), "'  abc'"),
            (s("x"), "center", vec![i(-1)], kw(vec![]), "'x'"),
            (s("a"), "center", vec![i(5), s("ab")], kw(vec![]), "TypeError: The fill character must be exactly one character long"),
            (s("a"), "center", vec![i(5), i(1)], kw(vec![]), "TypeError: The fill character must be a unicode character, not int"),
            (s("a"), "center", vec![], kw(vec![]), "TypeError: center expected at least 1 argument, got 0"),
            (s("é"), "rjust", vec![i(3), s("é")], kw(vec![]), "'ééé'"),
            (s("abc"), "ljust", vec![i(2)], kw(vec![]), "'abc'"),
            (s("a-b-c"), "partition", vec![s("-")], kw(vec![]), "('a', '-', 'b-c')"),
            (s("a-b-c"), "rpartition", vec![s("-")], kw(vec![]), "('a-b', '-', 'c')"),
            (s("abc"), "partition", vec![s("x")], kw(vec![]), "('abc', '', '')"),
            (s("abc"), "rpartition", vec![s("x")], kw(vec![]), "('', '', 'abc')"),
            (s("a"), "partition", vec![s("")], kw(vec![]), "ValueError: empty separator"),
            (s("abc"), "removeprefix", vec![s("ab")], kw(vec![]), "'c'"),
            (s("abc"), "removesuffix", vec![s("bc")], kw(vec![]), "'a'"),
            (s("abc"), "removeprefix", vec![s("x")], kw(vec![]), "'abc'"),
            (s("abc"), "removeprefix", vec![i(1)], kw(vec![]), "TypeError: removeprefix() argument must be str, not int"),
            (s("{} + {} = {}"), "format", vec![i(1), i(2), i(3)], kw(vec![]), "'1 + 2 = 3'"),
            (s("{name}: {score:.1f}"), "format", vec![], kw(vec![("name", s("ann")), ("score", f(9.25))]), "'ann: 9.2'"),
            (s("{:*^9}"), "format", vec![s("mid")], kw(vec![]), "'***mid***'"),
            (s("{0!r} {0!s}"), "format", vec![s("q")], kw(vec![]), "\"'q' q\""),
            (s("{:,}"), "format", vec![i(1234567)], kw(vec![]), "'1,234,567'"),
            (s("{:>6.2%}"), "format", vec![f(0.5)], kw(vec![]), "'50.00%'"),
        ];
        for (recv, name, args, kwargs, want) in cases {
            let Value::Str(text) = &recv else {
                unreachable!()
            };
            let got = call(text, name, args.clone(), kwargs, &mut NoInterp)
                .map_or("<no method>".to_string(), show);
            assert_eq!(got, want, "{recv:?}.{name}{args:?}");
        }
    }
}
