//! printf-style formatting: `text % args`, with CPython's conversions and errors.

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::Value;

use super::arith::float_to_int;
use super::{ascii, format, get_item, repr, to_str, Interp, NoRuntime};

/// `template % args` (the `%` operator on a str).
pub(super) fn percent_format(template: &str, args: &Value) -> PyResult<Value> {
    percent_format_with(template, args, &NoRuntime).map(|s| Value::str(&s))
}

/// `template % args`, printf-style, with CPython's conversions and errors.
pub fn percent_format_with(template: &str, args: &Value, interp: &dyn Interp) -> PyResult<String> {
    // Anything with __getitem__ but a tuple or str counts as a mapping: a `%(key)`
    // looks up in it, and no "not all arguments converted" for it.
    let mapping = matches!(args, Value::Dict(_) | Value::List(_) | Value::Range(_));
    let mut cursor = Arguments::of(args);
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        let incomplete = || PyErr::value_error("incomplete format");
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
            if !mapping {
                return Err(PyErr::type_error("format requires a mapping"));
            }
            cursor.keyed(get_item(args, &Value::str(&key))?);
            i = j;
        }
        let mut flags = String::new();
        while let Some(&c @ ('-' | '+' | ' ' | '#' | '0')) = chars.get(i) {
            flags.push(c);
            i += 1;
        }
        // A width or precision: digits, or `*` for the next argument.
        let number = |i: &mut usize, cursor: &mut Arguments, what: &str| -> PyResult<Option<i64>> {
            if chars.get(*i) == Some(&'*') {
                *i += 1;
                return match cursor.next()? {
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
            if digits.is_empty() {
                return Ok(None);
            }
            let n = digits
                .parse()
                .map_err(|_| PyErr::value_error(format!("{what} too big")))?;
            Ok(Some(n))
        };
        let width = number(&mut i, &mut cursor, "width")?;
        if width.is_some_and(|w| w < 0) {
            flags.push('-');
        }
        let width = usize::try_from(width.map_or(0, i64::unsigned_abs))
            .map_err(|_| PyErr::value_error("width too big"))?;
        let mut precision = None;
        if chars.get(i) == Some(&'.') {
            i += 1;
            let p = number(&mut i, &mut cursor, "precision")?
                .unwrap_or(0)
                .max(0);
            precision =
                Some(usize::try_from(p).map_err(|_| PyErr::value_error("precision too big"))?);
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
        let value = cursor.next()?;
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
            width,
            precision,
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
    if cursor.left() && !mapping {
        return Err(PyErr::type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

/// Where the conversions take their values from, as CPython's formatter keeps it
/// (`argidx`, `arglen`): a tuple's items in turn, or any other argument once. A
/// `%(key)` makes the looked-up value the argument, to be taken once: a `%s` after
/// it has nothing left, whatever the tuple or mapping held.
struct Arguments {
    args: Value,
    /// The tuple's length, or -1 for a single argument.
    len: isize,
    /// The next tuple index; -2 before a single argument is taken, -1 after.
    at: isize,
}

impl Arguments {
    fn of(args: &Value) -> Arguments {
        match args {
            Value::Tuple(items) => Arguments {
                args: args.clone(),
                len: items.len() as isize,
                at: 0,
            },
            other => Arguments {
                args: other.clone(),
                len: -1,
                at: -2,
            },
        }
    }

    fn keyed(&mut self, value: Value) {
        *self = Arguments {
            args: value,
            len: -1,
            at: -2,
        };
    }

    fn next(&mut self) -> PyResult<Value> {
        if self.at >= self.len {
            return Err(PyErr::type_error("not enough arguments for format string"));
        }
        self.at += 1;
        match &self.args {
            Value::Tuple(items) if self.len >= 0 => Ok(items[self.at as usize - 1].clone()),
            other => Ok(other.clone()),
        }
    }

    /// Whether arguments are left over.
    fn left(&self) -> bool {
        self.at < self.len
    }
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

fn convert(
    value: &Value,
    conversion: char,
    spec: &PrintfSpec,
    interp: &dyn Interp,
) -> Result<String, ConvertError> {
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
                    let need = if matches!(conversion, 'd' | 'i' | 'u') {
                        "a real number"
                    } else {
                        "an integer"
                    };
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
            let at = if body.starts_with(['-', '+', ' ']) {
                1
            } else {
                0
            };
            let finite = x.is_finite();
            pad(body, if finite { at } else { usize::MAX })
        }
        'c' => {
            let c = match value {
                Value::Bool(b) => char::from(u8::from(*b)),
                Value::Int(n) => u32::try_from(*n)
                    .ok()
                    .filter(|&c| c <= 0x10ffff)
                    .map(|c| char::from_u32(c).unwrap_or('\u{fffd}'))
                    .ok_or_else(|| {
                        PyErr::new(ExcKind::OverflowError, "%c arg not in range(0x110000)")
                    })?,
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

    #[test]
    fn percent_format_matches_cpython() {
        let mapping = Value::Dict(Default::default());
        crate::sim::object::set_item(&mapping, &s("a"), i(1)).unwrap();
        #[rustfmt::skip]
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
            ("abc", Value::Range(std::rc::Rc::new(crate::sim::value::RangeValue { start: 0, stop: 3, step: 1 })), "abc"),
            ("abc", list(vec![]), "abc"),
            ("%s and %s", tuple(vec![s("x"), tuple(vec![i(1)])]), "x and (1,)"),
        ];
        for (template, args, want) in cases {
            let got =
                percent_format_with(template, &args, &NoInterp).unwrap_or_else(|e| err_text(&e));
            assert_eq!(got, want, "{template:?} % {args:?}");
        }
    }
}
