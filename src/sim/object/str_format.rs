//! `str.format(...)` and printf-style `text % args`.

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::Value;

use super::args::Kwargs;
use super::arith::float_to_int;
use super::{ascii, format, get_attr, get_item, no_attribute, repr, to_str, Interp};

/// `template.format(*args, **kwargs)`.
pub(super) fn str_format(template: &str, args: &[Value], kwargs: &Kwargs, interp: &dyn Interp) -> PyResult<String> {
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
                '}' => return Err(PyErr::value_error("Single '}' encountered in format string")),
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
                    None => return Err(PyErr::value_error("expected ':' after conversion specifier")),
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
            Some(other) => return Err(PyErr::value_error(format!("Unknown conversion specifier {other}"))),
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
                Some(MANUAL) => {
                    return Err(PyErr::value_error(
                        "cannot switch from manual field specification to automatic field numbering",
                    ))
                }
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

/// An interpreter for `%` formatting, which the `%` operator reaches without one:
/// runtime objects show as `<Future object>`. The VM can call [`percent_format_with`]
/// with itself for their real reprs.
struct NoRuntime;

impl Interp for NoRuntime {
    fn call(&mut self, _callable: &Value, _args: Vec<Value>) -> PyResult<Value> {
        Err(PyErr::runtime_error("internal: no interpreter for % formatting"))
    }

    fn repr_object(&self, v: &Value) -> String {
        format!("<{} object>", v.type_name())
    }
}

/// `template % args` (the `%` operator on a str).
pub(super) fn percent_format(template: &str, args: &Value) -> PyResult<Value> {
    percent_format_with(template, args, &NoRuntime).map(|s| Value::str(&s))
}

/// `template % args`, printf-style, with CPython's conversions and errors.
pub fn percent_format_with(template: &str, args: &Value, interp: &dyn Interp) -> PyResult<String> {
    let (positional, mapping): (Vec<Value>, bool) = match args {
        Value::Tuple(items) => (items.to_vec(), false),
        Value::Dict(_) | Value::List(_) => (vec![args.clone()], true),
        other => (vec![other.clone()], false),
    };
    let mut next_arg = 0;
    let mut take = || -> PyResult<Value> {
        let v = positional
            .get(next_arg)
            .cloned()
            .ok_or_else(|| PyErr::type_error("not enough arguments for format string"))?;
        next_arg += 1;
        Ok(v)
    };
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut used_key = false;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        let incomplete = || PyErr::value_error("incomplete format");
        let mut keyed = None;
        if chars.get(i) == Some(&'(') {
            let mut level = 1;
            let mut j = i + 1;
            while j < chars.len() && level > 0 {
                match chars[j] {
                    '(' => level += 1,
                    ')' => level -= 1,
                    _ => {}
                }
                j += 1;
            }
            if level > 0 {
                return Err(PyErr::value_error("incomplete format key"));
            }
            let key: String = chars[i + 1..j - 1].iter().collect();
            let Value::Dict(_) = args else {
                return Err(PyErr::type_error("format requires a mapping"));
            };
            keyed = Some(get_item(args, &Value::str(&key))?);
            used_key = true;
            i = j;
        }
        let mut flags = String::new();
        while let Some(&c @ ('-' | '+' | ' ' | '#' | '0')) = chars.get(i) {
            flags.push(c);
            i += 1;
        }
        let number = |i: &mut usize, take: &mut dyn FnMut() -> PyResult<Value>| -> PyResult<Option<i64>> {
            if chars.get(*i) == Some(&'*') {
                *i += 1;
                return match take()? {
                    Value::Int(n) => Ok(Some(n)),
                    Value::Bool(b) => Ok(Some(i64::from(b))),
                    _ => Err(PyErr::type_error("* wants int")),
                };
            }
            let begin = *i;
            while chars.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            let digits: String = chars[begin..*i].iter().collect();
            Ok(if digits.is_empty() { None } else { digits.parse().ok() })
        };
        let mut width = number(&mut i, &mut take)?;
        if width.is_some_and(|w| w < 0) {
            flags.push('-');
            width = width.map(i64::abs);
        }
        let mut precision = None;
        if chars.get(i) == Some(&'.') {
            i += 1;
            precision = Some(number(&mut i, &mut take)?.unwrap_or(0).max(0));
        }
        while matches!(chars.get(i), Some('h' | 'l' | 'L')) {
            i += 1;
        }
        let conversion = *chars.get(i).ok_or_else(incomplete)?;
        i += 1;
        if conversion == '%' {
            out.push('%');
            continue;
        }
        let value = match keyed.take() {
            Some(v) => v,
            None => take()?,
        };
        let spec = PrintfSpec {
            left: flags.contains('-'),
            zero: flags.contains('0'),
            sign: if flags.contains('+') {
                Some('+')
            } else if flags.contains(' ') {
                Some(' ')
            } else {
                None
            },
            alternate: flags.contains('#'),
            width: width.map_or(0, |w| w as usize),
            precision: precision.map(|p| p as usize),
        };
        out += &convert(&value, conversion, &spec, interp).map_err(|e| match e {
            Unsupported => PyErr::value_error(format!(
                "unsupported format character '{conversion}' (0x{:x}) at index {}",
                conversion as u32,
                i - 1
            )),
            Raised(e) => e,
        })?;
    }
    if next_arg < positional.len() && !mapping && !used_key {
        return Err(PyErr::type_error("not all arguments converted during string formatting"));
    }
    Ok(out)
}

struct PrintfSpec {
    left: bool,
    zero: bool,
    sign: Option<char>,
    alternate: bool,
    width: usize,
    precision: Option<usize>,
}

enum ConvertError {
    Unsupported,
    Raised(PyErr),
}
use ConvertError::{Raised, Unsupported};

impl From<PyErr> for ConvertError {
    fn from(e: PyErr) -> Self {
        Raised(e)
    }
}

fn convert(value: &Value, conversion: char, spec: &PrintfSpec, interp: &dyn Interp) -> Result<String, ConvertError> {
    let pad = |body: String, zero_after: usize| -> Result<String, ConvertError> {
        super::check_size(spec.width)?;
        let len = body.chars().count();
        if len >= spec.width {
            return Ok(body);
        }
        let fill = spec.width - len;
        Ok(if spec.left {
            format!("{body}{}", " ".repeat(fill))
        } else if spec.zero && zero_after != usize::MAX {
            let (head, tail) = body.split_at(zero_after);
            format!("{head}{}{tail}", "0".repeat(fill))
        } else {
            format!("{}{body}", " ".repeat(fill))
        })
    };
    match conversion {
        's' | 'r' | 'a' => {
            let text = match conversion {
                's' => to_str(value, interp),
                'r' => repr(value, interp),
                _ => ascii(value, interp),
            };
            let text = match spec.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            };
            pad(text, usize::MAX)
        }
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
            let n = match value {
                Value::Int(n) => *n,
                Value::Bool(b) => i64::from(*b),
                Value::Float(x) if matches!(conversion, 'd' | 'i' | 'u') => float_to_int(*x)?,
                other => {
                    let need = if matches!(conversion, 'd' | 'i' | 'u') { "a real number" } else { "an integer" };
                    return Err(Raised(PyErr::type_error(format!(
                        "%{conversion} format: {need} is required, not {}",
                        other.type_name()
                    ))));
                }
            };
            let magnitude = n.unsigned_abs();
            let (mut digits, prefix) = match conversion {
                'x' => (format!("{magnitude:x}"), "0x"),
                'X' => (format!("{magnitude:X}"), "0X"),
                'o' => (format!("{magnitude:o}"), "0o"),
                _ => (magnitude.to_string(), ""),
            };
            if let Some(p) = spec.precision {
                super::check_size(p)?;
                if digits.len() < p {
                    digits = format!("{}{digits}", "0".repeat(p - digits.len()));
                }
            }
            let sign = if n < 0 { Some('-') } else { spec.sign };
            let mut head: String = sign.into_iter().collect();
            if spec.alternate {
                head += prefix;
            }
            let at = head.len();
            pad(format!("{head}{digits}"), at)
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match value {
                Value::Float(x) => *x,
                Value::Int(n) => *n as f64,
                Value::Bool(b) => f64::from(u8::from(*b)),
                other => {
                    return Err(Raised(PyErr::type_error(format!(
                        "must be real number, not {}",
                        other.type_name()
                    ))))
                }
            };
            let mut fspec = String::new();
            if let Some(sign) = spec.sign {
                fspec.push(sign);
            }
            if spec.alternate {
                fspec.push('#');
            }
            fspec += &format!(".{}{conversion}", spec.precision.unwrap_or(6));
            let body = format(&Value::Float(x), &fspec, interp)?;
            let at = if body.starts_with(['-', '+', ' ']) { 1 } else { 0 };
            let finite = x.is_finite();
            pad(body, if finite { at } else { usize::MAX })
        }
        'c' => {
            let c = match value {
                Value::Int(n) => u32::try_from(*n)
                    .ok()
                    .filter(|&c| c <= 0x10ffff)
                    .map(|c| char::from_u32(c).unwrap_or('\u{fffd}'))
                    .ok_or_else(|| PyErr::new(ExcKind::OverflowError, "%c arg not in range(0x110000)"))?,
                Value::Str(s) if s.chars().count() == 1 => s.chars().next().unwrap_or(' '),
                _ => return Err(Raised(PyErr::type_error("%c requires int or char"))),
            };
            pad(c.to_string(), usize::MAX)
        }
        _ => Err(Unsupported),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{err_text, f, i, list, s, tuple, NoInterp};
    use std::rc::Rc;

    #[test]
    fn str_format_matches_cpython() {
        let kwargs: Kwargs = vec![(Rc::from("x"), i(1)), (Rc::from("w"), i(5)), (Rc::from("name"), s("Ada"))];
        // (template, positional args, expected) from CPython 3.11.
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
            let got = str_format(template, &args, &kwargs, &NoInterp).unwrap_or_else(|e| err_text(&e));
            assert_eq!(got, want, "{template:?}.format{args:?}");
        }
    }

    #[test]
    fn percent_format_matches_cpython() {
        let mapping = Value::Dict(Default::default());
        crate::sim::object::set_item(&mapping, &s("a"), i(1)).unwrap();
        let cases: Vec<(&str, Value, &str)> = vec![
            ("%d", s("a"), "TypeError: %d format: a real number is required, not str"),
            ("%s %s", tuple(vec![i(1)]), "TypeError: not enough arguments for format string"),
            ("%s", tuple(vec![i(1), i(2)]), "TypeError: not all arguments converted during string formatting"),
            ("%5.2f|%-5d|%+d|%x|%r|%%", tuple(vec![f(3.25159), i(42), i(5), i(255), s("a")]), " 3.25|42   |+5|ff|'a'|%"),
            ("%(a)s", mapping.clone(), "1"),
            ("%c", i(65), "A"),
            ("%5s", s("ab"), "   ab"),
            ("%.1s", s("ab"), "a"),
            ("%i", f(3.7), "3"),
            ("%d", Value::Bool(true), "1"),
            ("%s", list(vec![i(1)]), "[1]"),
            ("%z", i(1), "ValueError: unsupported format character 'z' (0x7a) at index 1"),
            ("%", i(1), "ValueError: incomplete format"),
            ("%s", tuple(vec![]), "TypeError: not enough arguments for format string"),
            ("%05.1f", f(-2.25), "-02.2"),
            ("%e", f(12345.678), "1.234568e+04"),
            ("%g", f(0.00001), "1e-05"),
            ("%#x", i(255), "0xff"),
            ("% d", i(5), " 5"),
            ("%*d", tuple(vec![i(5), i(1)]), "    1"),
            ("%x", f(3.5), "TypeError: %x format: an integer is required, not float"),
            ("%f", s("a"), "TypeError: must be real number, not str"),
            ("%.3d", i(-5), "-005"),
            ("%-6.2f|", f(1.0), "1.00  |"),
            ("abc", i(5), "TypeError: not all arguments converted during string formatting"),
            ("abc", list(vec![]), "abc"),
            ("%s and %s", tuple(vec![s("x"), tuple(vec![i(1)])]), "x and (1,)"),
        ];
        for (template, args, want) in cases {
            let got = percent_format_with(template, &args, &NoInterp).unwrap_or_else(|e| err_text(&e));
            assert_eq!(got, want, "{template:?} % {args:?}");
        }
    }
}
