//! `format(value, spec)` and f-string fields: the format-spec mini-language, ported
//! from CPython's Python/formatter_unicode.c (parsing, the int, float and str
//! formatters, padding and digit grouping).

use crate::sim::exceptions::{ExcKind, PyErr, PyResult};
use crate::sim::value::Value;

use super::float_repr::{format_float, FloatStyle};
use super::{check_size, to_str, Interp};

/// `format(v, spec)`.
pub fn format(v: &Value, spec: &str, interp: &dyn Interp) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(to_str(v, interp));
    }
    let type_name = v.type_name();
    match v {
        Value::Str(s) => format_str(s, &Spec::parse(spec, 's', '<', type_name)?, type_name),
        Value::Int(i) => format_int(*i, &Spec::parse(spec, 'd', '>', type_name)?, type_name),
        Value::Bool(b) => format_int(
            i64::from(*b),
            &Spec::parse(spec, 'd', '>', type_name)?,
            type_name,
        ),
        Value::Float(x) => {
            format_float_spec(*x, &Spec::parse(spec, NO_TYPE, '>', type_name)?, type_name)
        }
        _ => Err(PyErr::type_error(format!(
            "unsupported format string passed to {type_name}.__format__"
        ))),
    }
}

/// The type code of a spec without one (floats then use `repr`-like output).
const NO_TYPE: char = '\0';

/// A parsed `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
struct Spec {
    fill: char,
    align: char,
    sign: Option<char>,
    no_neg_0: bool,
    alternate: bool,
    width: Option<usize>,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: char,
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

impl Spec {
    /// CPython's `parse_internal_render_format_spec`.
    fn parse(
        spec: &str,
        default_type: char,
        default_align: char,
        type_name: &str,
    ) -> PyResult<Spec> {
        let chars: Vec<char> = spec.chars().collect();
        let mut pos = 0;
        let mut out = Spec {
            fill: ' ',
            align: default_align,
            sign: None,
            no_neg_0: false,
            alternate: false,
            width: None,
            grouping: None,
            precision: None,
            ty: default_type,
        };
        let at = |i: usize| chars.get(i).copied();
        let mut fill_specified = false;
        let mut align_specified = false;
        if at(1).is_some_and(is_align) {
            out.fill = chars[0];
            out.align = chars[1];
            fill_specified = true;
            align_specified = true;
            pos = 2;
        } else if at(0).is_some_and(is_align) {
            out.align = chars[0];
            align_specified = true;
            pos = 1;
        }
        if let Some(c @ ('+' | '-' | ' ')) = at(pos) {
            out.sign = Some(c);
            pos += 1;
        }
        if at(pos) == Some('z') {
            out.no_neg_0 = true;
            pos += 1;
        }
        if at(pos) == Some('#') {
            out.alternate = true;
            pos += 1;
        }
        if !fill_specified && at(pos) == Some('0') {
            out.fill = '0';
            if !align_specified && default_align == '>' {
                out.align = '=';
            }
            pos += 1;
        }
        out.width = parse_number(&chars, &mut pos)?;
        if at(pos) == Some(',') {
            out.grouping = Some(',');
            pos += 1;
        }
        if at(pos) == Some('_') {
            if out.grouping.is_some() {
                return Err(PyErr::value_error("Cannot specify both ',' and '_'."));
            }
            out.grouping = Some('_');
            pos += 1;
        }
        if at(pos) == Some(',') && out.grouping == Some('_') {
            return Err(PyErr::value_error("Cannot specify both ',' and '_'."));
        }
        if at(pos) == Some('.') {
            pos += 1;
            let precision = parse_number(&chars, &mut pos)?
                .ok_or_else(|| PyErr::value_error("Format specifier missing precision"))?;
            out.precision = Some(precision);
        }
        if chars.len() > pos + 1 {
            return Err(PyErr::value_error(format!(
                "Invalid format specifier '{spec}' for object of type '{type_name}'"
            )));
        }
        if let Some(&c) = chars.get(pos) {
            out.ty = c;
        }
        if let Some(sep) = out.grouping {
            let allowed = match out.ty {
                'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | NO_TYPE => true,
                'b' | 'o' | 'x' | 'X' => sep == '_',
                _ => false,
            };
            if !allowed {
                return Err(PyErr::value_error(format!(
                    "Cannot specify '{sep}' with '{}'.",
                    printable_code(out.ty)
                )));
            }
        }
        Ok(out)
    }

    /// The grouping separator and group length for `digits` in this spec's base.
    fn grouping(&self) -> Option<(char, usize)> {
        let sep = self.grouping?;
        let group = if matches!(self.ty, 'b' | 'o' | 'x' | 'X') {
            4
        } else {
            3
        };
        Some((sep, group))
    }
}

fn printable_code(c: char) -> String {
    if (c as u32) > 32 && (c as u32) < 128 {
        c.to_string()
    } else {
        format!("\\x{:x}", c as u32)
    }
}

/// A run of decimal digits, as CPython's `get_integer`.
fn parse_number(chars: &[char], pos: &mut usize) -> PyResult<Option<usize>> {
    let start = *pos;
    let mut n: usize = 0;
    while let Some(d) = chars.get(*pos).and_then(|c| c.to_digit(10)) {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(d as usize))
            .filter(|&n| n <= isize::MAX as usize)
            .ok_or_else(|| PyErr::value_error("Too many decimal digits in format string"))?;
        *pos += 1;
    }
    Ok((*pos > start).then_some(n))
}

fn unknown_code(ty: char, type_name: &str) -> PyErr {
    PyErr::value_error(format!(
        "Unknown format code '{}' for object of type '{type_name}'",
        printable_code(ty)
    ))
}

fn format_str(s: &str, spec: &Spec, type_name: &str) -> PyResult<String> {
    if spec.ty != 's' {
        return Err(unknown_code(spec.ty, type_name));
    }
    if let Some(sign) = spec.sign {
        return Err(PyErr::value_error(if sign == ' ' {
            "Space not allowed in string format specifier"
        } else {
            "Sign not allowed in string format specifier"
        }));
    }
    if spec.no_neg_0 {
        return Err(PyErr::value_error(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if spec.alternate {
        return Err(PyErr::value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == '=' {
        return Err(PyErr::value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let text: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    pad(&text, spec)
}

/// Pad `text` to the spec's width by its fill and alignment (`<`, `>`, `^`).
fn pad(text: &str, spec: &Spec) -> PyResult<String> {
    let len = text.chars().count();
    let width = spec.width.unwrap_or(0);
    if width <= len {
        return Ok(text.to_string());
    }
    check_size(width)?;
    let total = width - len;
    let (left, right) = match spec.align {
        '>' => (total, 0),
        '^' => (total / 2, total - total / 2),
        _ => (0, total),
    };
    let fill = |n: usize| spec.fill.to_string().repeat(n);
    Ok(format!("{}{text}{}", fill(left), fill(right)))
}

fn format_int(i: i64, spec: &Spec, type_name: &str) -> PyResult<String> {
    match spec.ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            return format_float_spec(i as f64, spec, type_name)
        }
        other => return Err(unknown_code(other, type_name)),
    }
    if spec.precision.is_some() {
        return Err(PyErr::value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_0 {
        return Err(PyErr::value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    if spec.ty == 'c' {
        if spec.sign.is_some() {
            return Err(PyErr::value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(PyErr::value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let c = u32::try_from(i)
            .ok()
            .filter(|&c| c <= 0x10ffff)
            .ok_or_else(|| PyErr::new(ExcKind::OverflowError, "%c arg not in range(0x110000)"))?;
        // Surrogates cannot live in a Rust string; U+FFFD stands in for them.
        let c = char::from_u32(c).unwrap_or('\u{fffd}');
        return fill_number(
            &Number {
                negative: false,
                prefix: "",
                digits: "",
                decimal: false,
                remainder: &c.to_string(),
            },
            spec,
        );
    }
    let magnitude = i.unsigned_abs();
    let (digits, prefix) = match spec.ty {
        'b' => (format!("{magnitude:b}"), "0b"),
        'o' => (format!("{magnitude:o}"), "0o"),
        'x' => (format!("{magnitude:x}"), "0x"),
        'X' => (format!("{magnitude:X}"), "0X"),
        _ => (magnitude.to_string(), ""),
    };
    fill_number(
        &Number {
            negative: i < 0,
            prefix: if spec.alternate { prefix } else { "" },
            digits: &digits,
            decimal: false,
            remainder: "",
        },
        spec,
    )
}

fn format_float_spec(x: f64, spec: &Spec, type_name: &str) -> PyResult<String> {
    let precision = match spec.precision {
        Some(p) if p > i32::MAX as usize => return Err(PyErr::value_error("precision too big")),
        Some(p) => Some(p as i64),
        None => None,
    };
    check_size(precision.unwrap_or(0) as usize)?;
    let upper = matches!(spec.ty, 'E' | 'F' | 'G');
    let mut value = x;
    let mut percent = false;
    let (style, precision, add_dot_0) = match spec.ty {
        NO_TYPE => match precision {
            None => (FloatStyle::Repr, 0, true),
            Some(p) => (FloatStyle::General, p, true),
        },
        'e' | 'E' => (FloatStyle::Exponent, precision.unwrap_or(6), false),
        'f' | 'F' => (FloatStyle::Fixed, precision.unwrap_or(6), false),
        'g' | 'G' | 'n' => (FloatStyle::General, precision.unwrap_or(6), false),
        '%' => {
            value *= 100.0;
            percent = true;
            (FloatStyle::Fixed, precision.unwrap_or(6), false)
        }
        other => return Err(unknown_code(other, type_name)),
    };
    let (mut negative, mut body) = format_float(value, style, precision, add_dot_0, spec.alternate);
    if spec.no_neg_0
        && negative
        && body
            .bytes()
            .all(|b| matches!(b, b'0' | b'.' | b'e' | b'+' | b'-'))
    {
        negative = false;
    }
    if upper {
        body = body.to_uppercase();
    }
    if percent {
        body.push('%');
    }
    // Split into leading digits, an optional point, and the rest (as `parse_number`).
    let digits_end = body
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(body.len());
    let (digits, rest) = body.split_at(digits_end);
    let (decimal, remainder) = match rest.strip_prefix('.') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    fill_number(
        &Number {
            negative,
            prefix: "",
            digits,
            decimal,
            remainder,
        },
        spec,
    )
}

/// A number split as CPython's `calc_number_widths` sees it:
/// `<sign><prefix><digits>[.]<remainder>`.
struct Number<'a> {
    negative: bool,
    prefix: &'a str,
    digits: &'a str,
    decimal: bool,
    remainder: &'a str,
}

/// Lay a number out: sign, prefix, zero padding and grouping, then alignment.
fn fill_number(n: &Number, spec: &Spec) -> PyResult<String> {
    let sign = match (spec.sign, n.negative) {
        (_, true) => Some('-'),
        (Some('+'), false) => Some('+'),
        (Some(' '), false) => Some(' '),
        _ => None,
    };
    let width = spec.width.unwrap_or(0);
    check_size(width)?;
    let non_digits = usize::from(sign.is_some())
        + n.prefix.len()
        + usize::from(n.decimal)
        + n.remainder.chars().count();
    let min_width = if spec.fill == '0' && spec.align == '=' {
        width.saturating_sub(non_digits)
    } else {
        0
    };
    let grouped = if n.digits.is_empty() {
        String::new()
    } else {
        group_digits(n.digits, min_width, spec.grouping())
    };
    let used = non_digits + grouped.chars().count();
    let padding = width.saturating_sub(used);
    let (left, inner, right) = match spec.align {
        '<' => (0, 0, padding),
        '^' => (padding / 2, 0, padding - padding / 2),
        '=' => (0, padding, 0),
        _ => (padding, 0, 0),
    };
    let fill = |k: usize| spec.fill.to_string().repeat(k);
    let mut out = fill(left);
    out.extend(sign);
    out += n.prefix;
    out += &fill(inner);
    out += &grouped;
    if n.decimal {
        out.push('.');
    }
    out += n.remainder;
    out += &fill(right);
    Ok(out)
}

/// CPython's `_PyUnicode_InsertThousandsGrouping`: group `digits` from the right,
/// zero-padding (separators included) to at least `min_width` characters.
fn group_digits(digits: &str, min_width: usize, grouping: Option<(char, usize)>) -> String {
    let digits: Vec<char> = digits.chars().collect();
    let mut remaining = digits.len() as i64;
    let mut min_width = min_width as i64;
    // Pieces from the right: (zeros, digits taken, separator before them?).
    let mut pieces: Vec<String> = Vec::new();
    let mut use_separator = false;
    let (sep, group) = match grouping {
        Some((sep, group)) => (Some(sep), group as i64),
        None => (None, 0),
    };
    let mut take = |l: i64, remaining: &mut i64, use_separator: bool| {
        let zeros = (l - *remaining).max(0);
        let chars = (*remaining).min(l).max(0);
        let end = *remaining as usize;
        let start = end - chars as usize;
        let mut piece: String = "0".repeat(zeros as usize);
        piece.extend(&digits[start..end]);
        if use_separator {
            piece.extend(sep);
        }
        pieces.push(piece);
        *remaining -= chars;
    };
    let mut broke = false;
    if sep.is_some() {
        loop {
            let l = group.min(remaining.max(min_width).max(1));
            take(l, &mut remaining, use_separator);
            use_separator = true;
            min_width -= l;
            if remaining <= 0 && min_width <= 0 {
                broke = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !broke {
        let l = remaining.max(min_width).max(1);
        take(l, &mut remaining, use_separator);
    }
    pieces.iter().rev().map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::object::testing::{f, i, s, NoInterp};

    fn check(cases: &[(Value, &str, &str)]) {
        for (v, spec, want) in cases {
            let got = match format(v, spec, &NoInterp) {
                Ok(text) => text,
                Err(e) => crate::sim::object::testing::err_text(&e),
            };
            assert_eq!(&got, want, "format({v:?}, {spec:?})");
        }
    }

    #[test]
    fn ints() {
        #[rustfmt::skip]
        let cases = [
            (i(5), "99999999999999999999", "ValueError: Too many decimal digits in format string"),
            (i(5), "abc", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
            (i(5), ".", "ValueError: Format specifier missing precision"),
            (i(5), ".2", "ValueError: Precision not allowed in integer format specifier"),
            (i(5), ",_", "ValueError: Cannot specify both ',' and '_'."),
            (i(5), "_,", "ValueError: Cannot specify both ',' and '_'."),
            (i(5), ",,", "ValueError: Cannot specify ',' with ','."),
            (i(5), "+c", "ValueError: Sign not allowed with integer format specifier 'c'"),
            (i(5), "#c", "ValueError: Alternate form (#) not allowed with integer format specifier 'c'"),
            (i(5), ",c", "ValueError: Cannot specify ',' with 'c'."),
            (i(-1), "c", "OverflowError: %c arg not in range(0x110000)"),
            (i(5), "z", "ValueError: Negative zero coercion (z) not allowed in integer format specifier"),
            (i(5), ",n", "ValueError: Cannot specify ',' with 'n'."),
            (i(1234567), ",x", "ValueError: Cannot specify ',' with 'x'."),
            (i(5), "s", "ValueError: Unknown format code 's' for object of type 'int'"),
            (Value::Bool(true), "s", "ValueError: Unknown format code 's' for object of type 'bool'"),
            (Value::Bool(true), ">5", "    1"),
            (Value::Bool(true), "x", "1"),
            (Value::Bool(false), "d", "0"),
            (Value::Bool(true), "", "True"),
            (i(1234), "010,", "00,001,234"),
            (i(1234), "08,", "0,001,234"),
            (i(1234), "09,", "0,001,234"),
            (i(1234), "0>10,", "000001,234"),
            (i(-255), "#010x", "-0x00000ff"),
            (i(-1234567), "020,", "-000,000,001,234,567"),
            (i(1234567), "_x", "12_d687"),
            (i(1234567), "_b", "1_0010_1101_0110_1000_0111"),
            (i(1234567890), ",", "1,234,567,890"),
            (i(-1234), "_", "-1_234"),
            (i(65), "c", "A"),
            (i(65), ">5c", "    A"),
            (i(65), "05c", "0000A"),
            (i(1), "=5", "    1"),
            (i(12), "b", "1100"),
            (i(12), "#o", "0o14"),
            (i(255), "#X", "0XFF"),
            (i(-255), "X", "-FF"),
            (i(3), " ", " 3"),
            (i(3), " 5", "    3"),
            (i(5), "n", "5"),
            (i(5), "x>5", "xxxx5"),
            (i(5), "\n>5", "\n\n\n\n5"),
            (i(5), "01", "5"),
            (i(5), "00", "5"),
            (i(5), "0<5", "50000"),
            (i(5), "<05", "50000"),
            (i(5), "+05", "+0005"),
            (i(5), "ñ^7", "ñññ5ñññ"),
            (i(42), "d", "42"),
            (i(42), ">8", "      42"),
            (i(42), "<8", "42      "),
            (i(42), "^8", "   42   "),
            (i(-42), "^9", "   -42   "),
            (i(-42), "=8", "-     42"),
            (i(42), "05", "00042"),
            (i(-42), "05", "-0042"),
            (i(i64::MIN), "", "-9223372036854775808"),
            (i(i64::MIN), "x", "-8000000000000000"),
            (i(5), ".2f", "5.00"),
            (i(5), "%", "500.000000%"),
            (i(5), "e", "5.000000e+00"),
        ];
        check(&cases);
    }

    #[test]
    fn floats() {
        #[rustfmt::skip]
        let cases = [
            (f(1.5), ".3000000000f", "ValueError: precision too big"),
            (f(5.0), "d", "ValueError: Unknown format code 'd' for object of type 'float'"),
            (f(5.0), "z.2f", "5.00"),
            (f(-0.0001), "z.2f", "0.00"),
            (f(-0.0001), ".2f", "-0.00"),
            (f(f64::INFINITY), "010", "0000000inf"),
            (f(f64::NAN), "+010f", "+000000nan"),
            (f(f64::INFINITY), "F", "INF"),
            (f(f64::INFINITY), "E", "INF"),
            (f(f64::NEG_INFINITY), "", "-inf"),
            (f(1.0), ".3", "1.0"),
            (f(123456.789), ".3", "1.23e+05"),
            (f(1e16), "", "1e+16"),
            (f(1e20), ".3", "1e+20"),
            (f(10.0), ".1", "1e+01"),
            (f(1.0), ".0", "1e+00"),
            (f(0.0001), ".3", "0.0001"),
            (f(5.5), "%", "550.000000%"),
            (f(1.0), "#", "1.0"),
            (f(1.0), "#.0f", "1."),
            (f(1.0), "#g", "1.00000"),
            (f(1234567.5), ",.2f", "1,234,567.50"),
            (f(1234567.5), "_.2e", "1.23e+06"),
            (f(-1.5), "020,.3f", "-000,000,000,001.500"),
            (f(-1.5), "^+20,.3f", "       -1.500       "),
            (f(-0.0), "", "-0.0"),
            (f(-0.0), "z", "0.0"),
            (f(-0.0), "z.1f", "0.0"),
            (f(f64::NAN), "z", "nan"),
            (f(1e-5), "", "1e-05"),
            (f(1e-5), "g", "1e-05"),
            (f(123456789.0), "g", "1.23457e+08"),
            (f(1e-7), "G", "1E-07"),
            (f(0.5), ".0f", "0"),
            (f(1.5), ".0f", "2"),
            (f(2.5), ".0f", "2"),
            (f(2.675), ".2f", "2.67"),
            (f(0.125), ".2f", "0.12"),
            (f(0.375), ".2f", "0.38"),
            (f(1e300), ".3e", "1.000e+300"),
            (f(5e-324), "e", "4.940656e-324"),
            (f(5e-324), ".20e", "4.94065645841246544177e-324"),
            (f(9.9999), ".3g", "10"),
            (f(0.00001234), ".2g", "1.2e-05"),
            (f(1234.5), ".10g", "1234.5"),
            (f(1234.5), "#.10g", "1234.500000"),
            (f(100.0), "g", "100"),
            (f(1e6), "g", "1e+06"),
            (f(1e5), "g", "100000"),
            (f(0.0001), "g", "0.0001"),
            (f(0.0), "g", "0"),
            (f(0.0), "e", "0.000000e+00"),
            (f(-0.0), "+", "-0.0"),
            (f(1.5), "n", "1.5"),
            (f(12345.678), "n", "12345.7"),
            (f(1e16), ".17", "1e+16"),
            (f(0.1), ".17", "0.10000000000000001"),
            (f(0.1), ".17f", "0.10000000000000001"),
            (f(0.1), ".30f", "0.100000000000000005551115123126"),
            (f(3.25159), ".3f", "3.252"),
            (f(3.25159), "8.3f", "   3.252"),
            (f(3.25159), "05.1f", "003.3"),
            (f(-3.25159), "08.2f", "-0003.25"),
            (f(2.5), "<8", "2.5     "),
            (f(0.1234), ".1%", "12.3%"),
            (f(1e22), "f", "10000000000000000000000.000000"),
            (f(1.0), "", "1.0"),
        ];
        check(&cases);
    }

    #[test]
    fn strs() {
        #[rustfmt::skip]
        let cases = [
            (s("s"), "d", "ValueError: Unknown format code 'd' for object of type 'str'"),
            (s("s"), "+", "ValueError: Sign not allowed in string format specifier"),
            (s("s"), " ", "ValueError: Space not allowed in string format specifier"),
            (s("s"), "=", "ValueError: '=' alignment not allowed in string format specifier"),
            (s("s"), ",", "ValueError: Cannot specify ',' with 's'."),
            (s("s"), "#", "ValueError: Alternate form (#) not allowed in string format specifier"),
            (s("a"), "z", "ValueError: Negative zero coercion (z) not allowed in string format specifier"),
            (s("ab"), "05", "ab000"),
            (s("ab"), "^5", " ab  "),
            (s("ab"), "*^5", "*ab**"),
            (s("ab"), "^^5", "^ab^^"),
            (s("abc"), ".2", "ab"),
            (s("abc"), "<<5", "abc<<"),
            (s("é"), "5", "é    "),
            (s("name"), ">8", "    name"),
            (s("name"), "8", "name    "),
            (s("abc"), "2", "abc"),
            (s(""), "3", "   "),
            (Value::None, ">5", "TypeError: unsupported format string passed to NoneType.__format__"),
            (Value::None, "", "None"),
            (Value::list(vec![i(1)]), ">5", "TypeError: unsupported format string passed to list.__format__"),
            (Value::list(vec![i(1)]), "", "[1]"),
        ];
        check(&cases);
    }
}
