//! Floats as text, digit for digit as CPython writes them.
//!
//! CPython turns a double into decimal digits with David Gay's `dtoa` and then lays
//! them out in `format_float_short` (Python/pystrtod.c). Here the digits come from
//! two exact sources: Rust's shortest round-trip digits (for `repr`, dtoa's mode 0)
//! and the double's exact decimal expansion, rounded half to even at the wanted
//! position (dtoa's modes 2 and 3). The layout is a port of `format_float_short`.

/// Decimal digits of a finite, non-negative double: the value is `0.DIGITS × 10^decpt`.
/// `digits` holds ASCII digits without trailing zeros; it is empty when a fixed-point
/// rounding gave zero (then `decpt` is minus the number of places, as dtoa does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Digits {
    pub digits: Vec<u8>,
    pub decpt: i64,
}

/// How [`format_float`] lays the digits out: CPython's format codes after
/// `PyOS_double_to_string` has normalised them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FloatStyle {
    /// Shortest round-trip digits; exponent outside 1e-4 ≤ |x| < 1e16 (`repr`).
    Repr,
    /// `precision` digits after the point.
    Fixed,
    /// One digit, the point, `precision` digits, and an exponent.
    Exponent,
    /// `precision` significant digits, fixed or exponent by the value's size.
    General,
}

/// `repr(x)` and `str(x)` of a float.
pub fn repr_float(x: f64) -> String {
    let (negative, body) = format_float(x, FloatStyle::Repr, 0, true, false);
    if negative {
        format!("-{body}")
    } else {
        body
    }
}

/// Lay out `x` as CPython's `PyOS_double_to_string` does. Returns whether a minus
/// sign is due (never for nan) and the unsigned text (`inf` and `nan` in lower case).
/// `add_dot_0` makes an integral result end in `.0`; `alt` is the `#` flag.
pub(super) fn format_float(
    x: f64,
    style: FloatStyle,
    precision: i64,
    add_dot_0: bool,
    alt: bool,
) -> (bool, String) {
    if x.is_nan() {
        return (false, "nan".to_string());
    }
    let negative = x.is_sign_negative();
    if x.is_infinite() {
        return (negative, "inf".to_string());
    }
    let a = x.abs();
    let (d, precision) = match style {
        FloatStyle::Repr => (shortest_digits(a), 0),
        FloatStyle::Fixed => (round_fixed(a, precision), precision),
        FloatStyle::Exponent => (round_significant(a, precision + 1), precision + 1),
        FloatStyle::General => {
            let p = precision.max(1);
            (round_significant(a, p), p)
        }
    };
    (negative, layout(&d, style, precision, add_dot_0, alt))
}

/// The port of `format_float_short`'s layout: a window `vdigits_start..vdigits_end`
/// onto the digits padded with zeros on both sides, with the point at `decpt`.
fn layout(d: &Digits, style: FloatStyle, precision: i64, add_dot_0: bool, alt: bool) -> String {
    let digits_len = d.digits.len() as i64;
    let mut decpt = d.decpt;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match style {
        FloatStyle::Exponent => {
            use_exp = true;
            vdigits_end = precision;
        }
        FloatStyle::Fixed => vdigits_end = decpt + precision,
        FloatStyle::General => {
            let limit = if add_dot_0 { precision - 1 } else { precision };
            use_exp = decpt <= -4 || decpt > limit;
            if alt {
                vdigits_end = precision;
            }
        }
        FloatStyle::Repr => use_exp = decpt <= -4 || decpt > 16,
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };

    let zeros = |n: i64| "0".repeat(n.max(0) as usize);
    let text = |from: i64, to: i64| {
        let (from, to) = (from.clamp(0, digits_len), to.clamp(0, digits_len));
        String::from_utf8_lossy(&d.digits[from as usize..to.max(from) as usize]).into_owned()
    };
    let mut out = String::new();
    if decpt <= 0 {
        out += &zeros(decpt - vdigits_start);
        out.push('.');
        out += &zeros(-decpt);
    } else {
        out += &zeros(-vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        out += &text(0, decpt);
        out.push('.');
        out += &text(decpt, digits_len);
    } else {
        out += &text(0, digits_len);
    }
    if digits_len < decpt {
        out += &zeros(decpt - digits_len);
        out.push('.');
        out += &zeros(vdigits_end - decpt);
    } else {
        out += &zeros(vdigits_end - digits_len);
    }
    if out.ends_with('.') && !alt {
        out.pop();
    }
    if use_exp {
        let sign = if exp < 0 { '-' } else { '+' };
        out += &format!("e{sign}{:02}", exp.unsigned_abs());
    }
    out
}

/// The shortest digits that read back as `a` (finite, non-negative); among several,
/// the closest, and between two equally close the even one (dtoa's mode 0).
pub(super) fn shortest_digits(a: f64) -> Digits {
    if a == 0.0 {
        return Digits {
            digits: b"0".to_vec(),
            decpt: 1,
        };
    }
    // Rust's `{:e}` gives the shortest length, but breaks an exact tie between two
    // candidates upwards (…989.125 → …989.13 where CPython writes …989.12). The
    // correctly rounded digits of that length are the closest; use them whenever
    // they still read back as `a`.
    let text = format!("{a:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let rust = strip(Digits {
        digits,
        decpt: exponent + 1,
    });
    let nearest = round_significant(a, rust.digits.len() as i64);
    if nearest != rust && to_f64(&nearest) == a {
        nearest
    } else {
        rust
    }
}

fn to_f64(d: &Digits) -> f64 {
    let text = format!("0.{}e{}", String::from_utf8_lossy(&d.digits), d.decpt);
    crate::float_parse::parse_f64(&text).unwrap_or(f64::NAN)
}

/// `a` rounded half to even to `n` ≥ 1 significant digits (dtoa mode 2).
pub(super) fn round_significant(a: f64, n: i64) -> Digits {
    if a == 0.0 {
        return shortest_digits(a);
    }
    let exact = exact_digits(a);
    round_at(exact, n)
}

/// `a` rounded half to even to `places` digits after the point; `places` may be
/// negative (tens, hundreds …) as for `round(x, -2)` (dtoa mode 3).
pub(super) fn round_fixed(a: f64, places: i64) -> Digits {
    if a == 0.0 {
        return shortest_digits(a);
    }
    let exact = exact_digits(a);
    let keep = exact.decpt.saturating_add(places);
    let rounded = round_at(exact, keep);
    if rounded.digits.is_empty() {
        Digits {
            digits: Vec::new(),
            decpt: places.saturating_neg(),
        }
    } else {
        rounded
    }
}

/// Keep the first `keep` digits, rounding half to even on the exact value.
fn round_at(d: Digits, keep: i64) -> Digits {
    let len = d.digits.len() as i64;
    if keep >= len {
        return d;
    }
    if keep < 0 {
        return Digits {
            digits: Vec::new(),
            decpt: d.decpt,
        };
    }
    let k = keep as usize;
    let dropped = d.digits[k] - b'0';
    let more = d.digits.len() > k + 1; // trailing zeros are stripped: anything is nonzero
    let last_odd = k > 0 && (d.digits[k - 1] - b'0') % 2 == 1;
    let up = dropped > 5 || (dropped == 5 && (more || last_odd));
    let mut digits = d.digits[..k].to_vec();
    let mut decpt = d.decpt;
    if up {
        // Propagate the carry; all nines become a single 1 one place up.
        while digits.last() == Some(&b'9') {
            digits.pop();
        }
        match digits.last_mut() {
            Some(last) => *last += 1,
            None => {
                digits.push(b'1');
                decpt += 1;
            }
        }
    }
    strip(Digits { digits, decpt })
}

fn strip(mut d: Digits) -> Digits {
    while d.digits.last() == Some(&b'0') {
        d.digits.pop();
    }
    d
}

/// The exact decimal expansion of a finite, positive double (at most 767 digits).
pub(super) fn exact_digits(a: f64) -> Digits {
    let bits = a.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1u64 << 52) - 1);
    let (mantissa, exp2) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    };
    // a = mantissa × 2^exp2 = mantissa × 5^-exp2 / 10^-exp2 when exp2 < 0.
    let mut big = BigDecimal::from_u64(mantissa);
    let mut scale = 0i64;
    if exp2 >= 0 {
        let mut left = exp2;
        while left > 0 {
            let step = left.min(31);
            big.mul_small(1u32 << step);
            left -= step;
        }
    } else {
        let mut left = -exp2;
        while left > 0 {
            let step = left.min(13);
            big.mul_small(5u32.pow(step as u32));
            left -= step;
        }
        scale = -exp2;
    }
    let digits = big.to_digits();
    let decpt = digits.len() as i64 - scale;
    strip(Digits { digits, decpt })
}

/// An unsigned integer in base 10**9 limbs, least significant first: just enough
/// arithmetic for [`exact_digits`].
struct BigDecimal {
    limbs: Vec<u32>,
}

impl BigDecimal {
    const BASE: u64 = 1_000_000_000;

    fn from_u64(mut n: u64) -> BigDecimal {
        let mut limbs = Vec::new();
        while n > 0 {
            limbs.push((n % Self::BASE) as u32);
            n /= Self::BASE;
        }
        BigDecimal { limbs }
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in &mut self.limbs {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = (v % Self::BASE) as u32;
            carry = v / Self::BASE;
        }
        while carry > 0 {
            self.limbs.push((carry % Self::BASE) as u32);
            carry /= Self::BASE;
        }
    }

    fn to_digits(&self) -> Vec<u8> {
        let mut text = String::new();
        for (i, limb) in self.limbs.iter().rev().enumerate() {
            if i == 0 {
                text += &limb.to_string();
            } else {
                text += &format!("{limb:09}");
            }
        }
        text.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cases: &[(u64, &str)]) {
        for &(bits, want) in cases {
            let x = f64::from_bits(bits);
            assert_eq!(repr_float(x), want, "repr of {x:e} (bits {bits:#018x})");
        }
    }

    #[test]
    fn repr_of_edge_values() {
        // (bits, repr) from CPython 3.11.
        check(&[
            (0x0000000000000000, "0.0"),
            (0x8000000000000000, "-0.0"),
            (0x3ff0000000000000, "1.0"),
            (0x4000000000000000, "2.0"),
            (0x4059000000000000, "100.0"),
            (0x3fb999999999999a, "0.1"),
            (0x3f1a36e2eb1c432d, "0.0001"),
            (0x3ee4f8b588e368f1, "1e-05"),
            (0x3e8421f5f40d8376, "1.5e-07"),
            (0x4341c37937e08000, "1e+16"),
            (0x430c6bf526340000, "1000000000000000.0"),
            (0x43118b54f22aeb00, "1234567890123456.0"),
            (0x4345ee2a2eb5a5c4, "1.2345678901234568e+16"),
            (0x441ac4da03bc47e4, "1.2345e+20"),
            (0x0000000000000001, "5e-324"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0x0010000000000000, "2.2250738585072014e-308"),
            (0x42e652c136c172a4, "196357477763989.12"),
            (0xc2a7b40397405620, "-13030960898091.062"),
            (0x7ff0000000000000, "inf"),
            (0xfff0000000000000, "-inf"),
            (0x7ff8000000000000, "nan"),
            (0x4340000000000000, "9007199254740992.0"),
            (0x3fd3333333333334, "0.30000000000000004"),
            (0x3fd5555555555555, "0.3333333333333333"),
            (0x3fe5555555555555, "0.6666666666666666"),
            (0x4480f0cf064dd592, "1e+22"),
            (0x44b52d02c7e14af6, "1e+23"),
            (0x405edd2f1a9fbe77, "123.456"),
        ]);
    }

    #[test]
    fn repr_of_random_doubles() {
        // 100 doubles from Python's random.seed(2024): random bit patterns and scaled
        // uniform values, with CPython 3.11's repr of each.
        check(&[
            (0x940eee3cba6f875c, "-4.593900756363754e-212"),
            (0xb938451ee325faa6, "-4.674232466673235e-33"),
            (0xc2354e2bb7740a63, "-91505801076.04057"),
            (0xa2da95a83ec33dd6, "-8.72031439815143e-141"),
            (0xc0e0968b819d23e0, "-33972.35957200057"),
            (0x3e8f0b7f9c33624b, "2.3130264823510708e-07"),
            (0x548a84a5b43d4318, "1.8125578230860703e+99"),
            (0x3e9f0d78d134e544, "4.627201672550137e-07"),
            (0x4542d57abbf05c47, "4.553758571823418e+25"),
            (0x42f156eebb2e87d7, "305041121667197.44"),
            (0xfaaced226972f683, "-8.401153636443164e+282"),
            (0xa0f09780597538cb, "-5.06868998984818e-150"),
            (0xb9ae5c8f1fca7da2, "-7.484702137230195e-31"),
            (0x40e9aa477f543de0, "52562.23429309926"),
            (0x337e6853cb2d34ea, "1.1826657186004972e-60"),
            (0x510323696a151044, "1.8154020014524075e+82"),
            (0x415ee6fd29826f58, "8100852.648586117"),
            (0xbffa07750a5d5bfe, "-1.6268206028814798"),
            (0xf897181304f8c31c, "-7.808291293778871e+272"),
            (0x401b8446290e7070, "6.879173890596675"),
            (0x452737802e954762, "1.403369427380166e+25"),
            (0x54c4c0c31cae4e65, "2.2695982181941527e+100"),
            (0x3ec1e6af9e5538b5, "2.1339794666125764e-06"),
            (0x5d9f348076da03a0, "9.513127882228647e+142"),
            (0x7e4ba5945e684f96, "2.314357733925047e+300"),
            (0x3f30ca4314bfa78f, "0.0002561963817685414"),
            (0x55e3679f5656a72a, "5.56310308827219e+105"),
            (0x42029868de904347, "9983302610.03285"),
            (0x46129636192650ff, "3.6814876937254844e+29"),
            (0xbe9692d8c3e880f1, "-3.3637315147336143e-07"),
            (0xbe42a9edef566fb9, "-8.691003009976335e-09"),
            (0x7029d03d2691949c, "2.0037910944431919e+232"),
            (0xbceaf85cfe9226cc, "-2.9942902582071976e-15"),
            (0x3d41c6df48c3fd37, "1.2631207757698089e-13"),
            (0x4212f1a5ad6df3b5, "20340894555.487995"),
            (0xc13386aadfd1abea, "-1279658.8742930838"),
            (0x4d26df2f12231373, "4.704458858818139e+63"),
            (0x9085ab8a22c1a23a, "-4.466565977839332e-229"),
            (0xbd2c24f900b943f8, "-4.999454091889541e-14"),
            (0x320862d1e4196f35, "1.1306594688301133e-67"),
            (0xbedb2b4fafe2cfcf, "-6.47763840626657e-06"),
            (0xb3da03ffc0085a14, "-6.47582432445152e-59"),
            (0xc4e80e231ca5636c, "-9.087806406787242e+23"),
            (0x45868c28410632b8, "8.722637406199926e+26"),
            (0xbee1e4ed8b8b27a1, "-8.532643151499242e-06"),
            (0xf1f8665c201f0631, "-1.0168656673254689e+241"),
            (0x4411a2f5f5c978a8, "8.133430277554058e+19"),
            (0x3e432cc527ed8140, "8.929000870010291e-09"),
            (0xcc868b40957cd5f8, "-4.528342213552716e+60"),
            (0xbd9dba481f6dfa09, "-6.7592880000489535e-12"),
            (0x43d59b56362a433c, "6.227731547295642e+18"),
            (0x444ad0480632802a, "9.892471969772578e+20"),
            (0x8f5e55551ba33a53, "-1.1925139802679416e-234"),
            (0x5092c597b2c4d80a, "1.3911240097069615e+80"),
            (0x0767486647ed0044, "5.379839859245021e-273"),
            (0xa2a639e01a9289f7, "-9.113282690380317e-142"),
            (0x4571ef133c463acb, "3.468918296674476e+26"),
            (0xa5014df9353603af, "-1.9503522066647176e-130"),
            (0x791515502fa80d66, "1.8248774788769723e+275"),
            (0x7431fb7dbb8b8a85, "5.149958614562747e+251"),
            (0x3ea674c099dae3ee, "6.692428546540449e-07"),
            (0x72e02849dddfd325, "2.2064665356133713e+245"),
            (0x3d809aa1fab93065, "1.887660131310206e-12"),
            (0xc124baa10b49ef6e, "-679248.5220484564"),
            (0x5b4f61e92deeda9d, "6.96105661213717e+131"),
            (0x1e872be203cfecee, "1.287611772627121e-161"),
            (0xc5d8003800bf956d, "-2.971161880816153e+28"),
            (0x6b5207a981c34ad6, "9.261707348797971e+208"),
            (0xc3e00b02df2e821f, "-9.24816709545525e+18"),
            (0x8c162d2b7f14ce5d, "-1.9358671176533615e-250"),
            (0xbbd0289847610a40, "-1.368684421175383e-20"),
            (0x3f1bcf5ef8192aa7, "0.00010608689447015128"),
            (0xc3d7c14b36120126, "-6.846928115919526e+18"),
            (0x418f239bb60aaf40, "65303414.755217075"),
            (0x221b1b05e1fffb94, "2.170703219502361e-144"),
            (0x568feb30dc7f4f27, "9.370307469385747e+108"),
            (0x409ec03cea9a982b, "1968.0594886927963"),
            (0xd5218bbb5ce6e24b, "-1.2280679779856439e+102"),
            (0xf1c090f46f112746, "-8.629988997580293e+239"),
            (0x28f6b54b538b25da, "2.3606084277222624e-111"),
            (0x1e86dcc71f201e11, "1.2704407329373333e-161"),
            (0xf48c34d4a2fcd0f3, "-2.5849584263555742e+253"),
            (0x1863c21cb481c395, "3.464505454177767e-191"),
            (0xe4b4ae696f8532e6, "-1.3094690103820462e+177"),
            (0xe3cc8892e95dcdc6, "-5.513437465500641e+172"),
            (0xc01586f3aad2db3b, "-5.381788891906406"),
            (0x3e8206fbd710b3e5, "1.3431370463179214e-07"),
            (0xbd361087566efd29, "-7.838908220621657e-14"),
            (0x3f70dcf7301c6137, "0.004116979196418228"),
            (0xc3884e4328cd320d, "-2.1892639345175798e+17"),
            (0x83aa17080003973a, "-5.2288684012461406e-291"),
            (0x890dd63060ba4be5, "-4.6266245971712527e-265"),
            (0xc62b6cab3dce6e9e, "-1.086395893566676e+30"),
            (0xecc90b75a50b51ff, "-1.0792047538658336e+216"),
            (0xc3e2169deb3acad5, "-1.0427222206396672e+19"),
            (0x46c334f4d0aa886b, "7.791228270488183e+32"),
            (0xbd3c318ae83ff12b, "-1.0016352478478966e-13"),
            (0x481b0744c2c9cc11, "2.299321382449423e+39"),
            (0x3a6a337c85a6c38f, "2.64563690229438e-27"),
            (0xce20a0abc7922b79, "-2.2413988967969924e+68"),
        ]);
    }

    #[test]
    fn exact_digits_and_rounding() {
        let text = |d: Digits| format!("{}e{}", String::from_utf8_lossy(&d.digits), d.decpt);
        assert_eq!(
            text(exact_digits(0.1)),
            "1000000000000000055511151231257827021181583404541015625e0"
        );
        assert_eq!(text(exact_digits(2.5)), "25e1");
        assert_eq!(text(round_significant(0.125, 2)), "12e0");
        assert_eq!(text(round_significant(0.375, 2)), "38e0");
        assert_eq!(text(round_significant(9.96, 2)), "1e2");
        assert_eq!(text(round_fixed(0.001, 2)), "e-2");
        assert_eq!(text(round_fixed(0.006, 2)), "1e-1");
        assert_eq!(text(round_fixed(1250.0, -2)), "12e4");
        assert_eq!(exact_digits(5e-324).digits.len(), 751);
    }
}
