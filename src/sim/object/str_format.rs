//! `str.format(...)`: replacement fields, conversions and nested format specs.

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::Value;

use super::args::Kwargs;
use super::{ascii, format, get_attr, get_item, no_attribute, repr, to_str, Interp};

/// `template.format(*args, **kwargs)`.
pub(super) fn str_format(
    template: &str,
    args: &[Value],
    kwargs: &Kwargs,
    interp: &dyn Interp,
) -> PyResult<String> {
    let mut f = Formatter {
        args,
        kwargs,
        interp,
        auto: None,
    };
    f.render(template, 2)
}

struct Formatter<'a> {
    args: &'a [Value],
    kwargs: &'a Kwargs,
    interp: &'a dyn Interp,
    /// `Some(next index)` once `{}` has been used, `Some(usize::MAX)` once `{0}` has.
    auto: Option<usize>,
}

const MANUAL: usize = usize::MAX;

impl Formatter<'_> {
    /// Expand the fields of `template`; `depth` bounds fields nested in specs.
    fn render(&mut self, template: &str, depth: u32) -> PyResult<String> {
        if depth == 0 {
            return Err(PyErr::value_error("Max string recursion exceeded"));
        }
        let mut out = String::new();
        let mut chars = template.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|&(_, n)| n) == Some('{') => {
                    chars.next();
                    out.push('{');
                }
                '}' if chars.peek().map(|&(_, n)| n) == Some('}') => {
                    chars.next();
                    out.push('}');
                }
                '}' => {
                    return Err(PyErr::value_error(
                        "Single '}' encountered in format string",
                    ))
                }
                '{' => {
                    // The field runs to the matching brace (specs may nest fields).
                    let mut level = 1;
                    let mut end = None;
                    for (j, d) in chars.by_ref() {
                        match d {
                            '{' => level += 1,
                            '}' => {
                                level -= 1;
                                if level == 0 {
                                    end = Some(j);
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    let Some(end) = end else {
                        let message = if i + 1 == template.len() {
                            "Single '{' encountered in format string"
                        } else {
                            "expected '}' before end of string"
                        };
                        return Err(PyErr::value_error(message));
                    };
                    out += &self.field(&template[i + 1..end], depth)?;
                }
                c => out.push(c),
            }
        }
        Ok(out)
    }

    /// One replacement field: `name[.attr|[key]]*[!conversion][:spec]`.
    fn field(&mut self, field: &str, depth: u32) -> PyResult<String> {
        let name_end = field.find(['!', ':']).unwrap_or(field.len());
        let (name, rest) = field.split_at(name_end);
        let (conversion, spec) = match rest.strip_prefix('!') {
            Some(conv) => {
                let mut cs = conv.chars();
                let c = cs.next();
                let after = cs.as_str();
                let spec = match after.strip_prefix(':') {
                    Some(spec) => spec,
                    None if after.is_empty() => "",
                    None => {
                        return Err(PyErr::value_error(
                            "expected ':' after conversion specifier",
                        ))
                    }
                };
                (c, spec)
            }
            None => (None, rest.strip_prefix(':').unwrap_or("")),
        };
        let value = self.lookup(name)?;
        let value = match conversion {
            None => value,
            Some('r') => Value::str(&repr(&value, self.interp)),
            Some('s') => Value::str(&to_str(&value, self.interp)),
            Some('a') => Value::str(&ascii(&value, self.interp)),
            Some(other) => {
                return Err(PyErr::value_error(format!(
                    "Unknown conversion specifier {other}"
                )))
            }
        };
        let spec = if spec.contains('{') {
            self.render(spec, depth - 1)?
        } else {
            spec.to_string()
        };
        format(&value, &spec, self.interp)
    }

    fn lookup(&mut self, name: &str) -> PyResult<Value> {
        let first_end = name.find(['.', '[']).unwrap_or(name.len());
        let (first, mut rest) = name.split_at(first_end);
        let mut value = if first.is_empty() {
            let next = match self.auto {
                Some(MANUAL) => return Err(PyErr::value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                )),
                Some(n) => n,
                None => 0,
            };
            self.auto = Some(next + 1);
            self.positional(next)?
        } else if let Ok(index) = first.parse::<usize>() {
            if matches!(self.auto, Some(n) if n != MANUAL) {
                return Err(PyErr::value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
            self.auto = Some(MANUAL);
            self.positional(index)?
        } else {
            self.kwargs
                .iter()
                .find(|(k, _)| &**k == first)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| PyErr::with_args(ExcKind::KeyError, vec![Value::str(first)]))?
        };
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                let attr = &after[..end];
                value = match get_attr(&value, attr) {
                    Some(v) => v?,
                    None => return Err(no_attribute(&value, attr)),
                };
                rest = &after[end..];
            } else if let Some(after) = rest.strip_prefix('[') {
                let end = after
                    .find(']')
                    .ok_or_else(|| PyErr::value_error("Missing ']' in format string"))?;
                let key = &after[..end];
                let key = match key.parse::<i64>() {
                    Ok(i) if key.bytes().all(|b| b.is_ascii_digit()) => Value::Int(i),
                    _ => Value::str(key),
                };
                value = get_item(&value, &key)?;
                rest = &after[end + 1..];
            } else {
                return Err(PyErr::value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ));
            }
        }
        Ok(value)
    }

    fn positional(&self, index: usize) -> PyResult<Value> {
        self.args.get(index).cloned().ok_or_else(|| {
            PyErr::new(
                ExcKind::IndexError,
                format!("Replacement index {index} out of range for positional args tuple"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{err_text, f, i, list, s, NoInterp};
    use std::rc::Rc;

    #[test]
    fn str_format_matches_cpython() {
        let kwargs: Kwargs = vec![
            (Rc::from("x"), i(1)),
            (Rc::from("w"), i(5)),
            (Rc::from("name"), s("Ada")),
        ];
        // (template, positional args, expected) from CPython 3.11.
        #[rustfmt::skip]
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            ("{}", vec![], "IndexError: Replacement index 0 out of range for positional args tuple"),
            ("{0}{}", vec![i(1), i(2)], "ValueError: cannot switch from manual field specification to automatic field numbering"),
            ("{}{0}", vec![i(1), i(2)], "ValueError: cannot switch from automatic field numbering to manual field specification"),
            ("{y}", vec![], "KeyError: 'y'"),
            ("{", vec![], "ValueError: Single '{' encountered in format string"),
            ("}", vec![], "ValueError: Single '}' encountered in format string"),
            ("{0", vec![], "ValueError: expected '}' before end of string"),
            ("{0[1]}", vec![list(vec![i(1), i(2)])], "2"),
            ("{0.real}", vec![i(1)], "1"),
            ("{0.foo}", vec![i(1)], "AttributeError: 'int' object has no attribute 'foo'"),
            ("{:>{w}}", vec![s("a")], "    a"),
            ("{!r}", vec![s("a")], "'a'"),
            ("{!x}", vec![s("a")], "ValueError: Unknown conversion specifier x"),
            ("{0!r:>5}", vec![s("a")], "  'a'"),
            ("{{}} {} {}", vec![i(1), s("b")], "{} 1 b"),
            ("{name} is {x:03d}", vec![], "Ada is 001"),
            ("{1}{0}{1}", vec![s("a"), s("b")], "bab"),
            ("{:.2f}|{:>6}|{:<4}|", vec![f(3.25159), s("ab"), i(7)], "3.25|    ab|7   |"),
            ("{!a}", vec![s("é")], "'\\xe9'"),
        ];
        for (template, args, want) in cases {
            let got =
                str_format(template, &args, &kwargs, &NoInterp).unwrap_or_else(|e| err_text(&e));
            assert_eq!(got, want, "{template:?}.format{args:?}");
        }
    }
}
