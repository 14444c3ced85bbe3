//! Decimal text to the nearest double, for the whole crate: `parse_f64(s)` is
//! `s.parse::<f64>().ok()`, bit for bit, on every input.
//!
//! std's parser reaches its answer through the Eisel-Lemire algorithm, whose table
//! of 128-bit powers of five is 10 KB that does not compress (about 3% of the page).
//! When that algorithm cannot decide, std falls back on "simple decimal conversion"
//! (Nigel Tao and Ken Thompson: <https://nigeltao.github.io/blog/2020/parse-number-f64-simple.html>),
//! which is exact for every input and needs no such table. This module is that
//! fallback, ported from Rust's `core::num::dec2flt` (`slow.rs`, `decimal_seq.rs`)
//! for `f64` alone, with std's grammar in front. Scenarios parse few numbers (their
//! literals, `float(text)`), so always taking the exact path costs no visible time.

/// `text.parse::<f64>().ok()`: an optional sign, then `inf`, `infinity` or `nan` in
/// any case, or digits with an optional point (at least one digit in all) and an
/// optional exponent `e`/`E`, sign, digits.
pub fn parse_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, unsigned) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let magnitude = if is_decimal(unsigned) {
        from_bits(Decimal::parse(unsigned).nearest_double())
    } else if unsigned.eq_ignore_ascii_case(b"inf") || unsigned.eq_ignore_ascii_case(b"infinity") {
        f64::INFINITY
    } else if unsigned.eq_ignore_ascii_case(b"nan") {
        f64::NAN
    } else {
        return None;
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `digits [. digits] [(e|E) [+|-] digits]` with at least one mantissa digit.
fn is_decimal(s: &[u8]) -> bool {
    let digits = |i: &mut usize| {
        let start = *i;
        while s.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut i = 0;
    let mut mantissa_digits = digits(&mut i);
    if s.get(i) == Some(&b'.') {
        i += 1;
        mantissa_digits += digits(&mut i);
    }
    if mantissa_digits == 0 {
        return false;
    }
    if let Some(b'e' | b'E') = s.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = s.get(i) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == s.len()
}

/// A double's bits from its 52 stored mantissa bits and biased exponent.
fn from_bits((mantissa, biased_exponent): (u64, i32)) -> f64 {
    f64::from_bits(mantissa | ((biased_exponent as u64) << SIG_BITS))
}

const SIG_BITS: u32 = 52;
const EXP_MIN: i32 = -1022;
const INFINITE_POWER: i32 = 0x7ff;

/// A decimal number as a sequence of digits, `0.d₀d₁d₂… × 10^decimal_point`.
struct Decimal {
    num_digits: usize,
    decimal_point: i32,
    /// Nonzero digits beyond `MAX_DIGITS` were dropped.
    truncated: bool,
    digits: [u8; Decimal::MAX_DIGITS],
}

impl Decimal {
    /// The most digits a double's rounding can depend on (767), plus one.
    const MAX_DIGITS: usize = 768;
    /// The most decimal digits a `u64` always holds.
    const MAX_DIGITS_WITHOUT_OVERFLOW: usize = 19;
    const DECIMAL_POINT_RANGE: i32 = 2047;

    /// The digits of text that [`is_decimal`] accepted.
    fn parse(mut s: &[u8]) -> Decimal {
        let mut d = Decimal {
            num_digits: 0,
            decimal_point: 0,
            truncated: false,
            digits: [0; Decimal::MAX_DIGITS],
        };
        let start = s;
        while let [b'0', rest @ ..] = s {
            s = rest;
        }
        s = d.add_digits(s);
        if let [b'.', rest @ ..] = s {
            s = rest;
            let first = s;
            if d.num_digits == 0 {
                while let [b'0', rest @ ..] = s {
                    s = rest;
                }
            }
            s = d.add_digits(s);
            d.decimal_point = s.len() as i32 - first.len() as i32;
        }
        if d.num_digits != 0 {
            // Trailing zeros (of the mantissa, across the point) carry no digit.
            let trailing_zeros = start[..start.len() - s.len()]
                .iter()
                .rev()
                .filter(|&&c| c != b'.')
                .take_while(|&&c| c == b'0')
                .count();
            d.decimal_point += trailing_zeros as i32;
            d.num_digits -= trailing_zeros;
            d.decimal_point += d.num_digits as i32;
            if d.num_digits > Decimal::MAX_DIGITS {
                d.truncated = true;
                d.num_digits = Decimal::MAX_DIGITS;
            }
        }
        if let [b'e' | b'E', rest @ ..] = s {
            s = rest;
            let negative = s.first() == Some(&b'-');
            if let [b'+' | b'-', rest @ ..] = s {
                s = rest;
            }
            let mut exponent = 0i32;
            for &c in s {
                if exponent < 0x10000 {
                    exponent = 10 * exponent + i32::from(c - b'0');
                }
            }
            d.decimal_point += if negative { -exponent } else { exponent };
        }
        d
    }

    /// Appends the leading digits of `s`; returns the rest. Digits past
    /// `MAX_DIGITS` are counted but not kept.
    fn add_digits<'a>(&mut self, mut s: &'a [u8]) -> &'a [u8] {
        while let [c @ b'0'..=b'9', rest @ ..] = s {
            if self.num_digits < Decimal::MAX_DIGITS {
                self.digits[self.num_digits] = c - b'0';
            }
            self.num_digits += 1;
            s = rest;
        }
        s
    }

    /// The nearest double, ties to even, as (stored mantissa bits, biased exponent):
    /// std's `parse_long_mantissa`.
    fn nearest_double(mut self) -> (u64, i32) {
        const MAX_SHIFT: usize = 60;
        const POWERS: [u8; 19] = [
            0, 3, 6, 9, 13, 16, 19, 23, 26, 29, 33, 36, 39, 43, 46, 49, 53, 56, 59,
        ];
        let get_shift = |n: usize| POWERS.get(n).map_or(MAX_SHIFT, |&p| p as usize);
        let zero = (0, 0);
        let infinity = (0, INFINITE_POWER);

        let d = &mut self;
        if d.num_digits == 0 || d.decimal_point < -324 {
            return zero;
        } else if d.decimal_point >= 310 {
            return infinity;
        }
        let mut exp2 = 0i32;
        // Shift right toward (1/2 ... 1].
        while d.decimal_point > 0 {
            let shift = get_shift(d.decimal_point as usize);
            d.right_shift(shift);
            if d.decimal_point < -Decimal::DECIMAL_POINT_RANGE {
                return zero;
            }
            exp2 += shift as i32;
        }
        // Shift left toward (1/2 ... 1].
        while d.decimal_point <= 0 {
            let shift = if d.decimal_point == 0 {
                match d.digits[0] {
                    5.. => break,
                    0 | 1 => 2,
                    _ => 1,
                }
            } else {
                get_shift(-d.decimal_point as usize)
            };
            d.left_shift(shift);
            if d.decimal_point > Decimal::DECIMAL_POINT_RANGE {
                return infinity;
            }
            exp2 -= shift as i32;
        }
        // In [1/2 ... 1]; the binary format uses [1 ... 2].
        exp2 -= 1;
        while EXP_MIN > exp2 {
            let n = ((EXP_MIN - exp2) as usize).min(MAX_SHIFT);
            d.right_shift(n);
            exp2 += n as i32;
        }
        if exp2 - EXP_MIN + 1 >= INFINITE_POWER {
            return infinity;
        }
        // Shift to the hidden bit, and round to the mantissa and that bit.
        d.left_shift(SIG_BITS as usize + 1);
        let mut mantissa = d.round();
        if mantissa >= 1u64 << (SIG_BITS + 1) {
            // Rounding carried into a new bit: shift back to the hidden bit.
            d.right_shift(1);
            exp2 += 1;
            mantissa = d.round();
            if exp2 - EXP_MIN + 1 >= INFINITE_POWER {
                return infinity;
            }
        }
        let mut power2 = exp2 - EXP_MIN + 1;
        if mantissa < 1u64 << SIG_BITS {
            power2 -= 1;
        }
        (mantissa & ((1u64 << SIG_BITS) - 1), power2)
    }

    fn trim(&mut self) {
        while self.num_digits != 0 && self.digits[self.num_digits - 1] == 0 {
            self.num_digits -= 1;
        }
    }

    /// The integer part, rounded half to even on everything after it.
    fn round(&self) -> u64 {
        if self.num_digits == 0 || self.decimal_point < 0 {
            return 0;
        } else if self.decimal_point >= Decimal::MAX_DIGITS_WITHOUT_OVERFLOW as i32 {
            return u64::MAX;
        }
        let dp = self.decimal_point as usize;
        let mut n = 0u64;
        for i in 0..dp {
            n *= 10;
            if i < self.num_digits {
                n += u64::from(self.digits[i]);
            }
        }
        let mut round_up = false;
        if dp < self.num_digits {
            round_up = self.digits[dp] >= 5;
            if self.digits[dp] == 5 && dp + 1 == self.num_digits {
                round_up = self.truncated || (dp != 0 && self.digits[dp - 1] & 1 != 0);
            }
        }
        n + u64::from(round_up)
    }

    /// `self × 2^shift`.
    fn left_shift(&mut self, shift: usize) {
        if self.num_digits == 0 {
            return;
        }
        let num_new_digits = self.digits_added_by_left_shift(shift);
        let mut read_index = self.num_digits;
        let mut write_index = self.num_digits + num_new_digits;
        let mut n = 0u64;
        let put = |d: &mut Decimal, write_index: usize, n: u64| {
            let quotient = n / 10;
            let remainder = n - 10 * quotient;
            if write_index < Decimal::MAX_DIGITS {
                d.digits[write_index] = remainder as u8;
            } else if remainder > 0 {
                d.truncated = true;
            }
            quotient
        };
        while read_index != 0 {
            read_index -= 1;
            write_index -= 1;
            n += u64::from(self.digits[read_index]) << shift;
            n = put(self, write_index, n);
        }
        while n > 0 {
            write_index -= 1;
            n = put(self, write_index, n);
        }
        self.num_digits = (self.num_digits + num_new_digits).min(Decimal::MAX_DIGITS);
        self.decimal_point += num_new_digits as i32;
        self.trim();
    }

    /// `self × 2^-shift`.
    fn right_shift(&mut self, shift: usize) {
        let mut read_index = 0;
        let mut write_index = 0;
        let mut n = 0u64;
        while n >> shift == 0 {
            if read_index < self.num_digits {
                n = 10 * n + u64::from(self.digits[read_index]);
                read_index += 1;
            } else if n == 0 {
                return;
            } else {
                while n >> shift == 0 {
                    n *= 10;
                    read_index += 1;
                }
                break;
            }
        }
        self.decimal_point -= read_index as i32 - 1;
        if self.decimal_point < -Decimal::DECIMAL_POINT_RANGE {
            self.num_digits = 0;
            self.decimal_point = 0;
            self.truncated = false;
            return;
        }
        let mask = (1u64 << shift) - 1;
        while read_index < self.num_digits {
            let new_digit = (n >> shift) as u8;
            n = 10 * (n & mask) + u64::from(self.digits[read_index]);
            read_index += 1;
            self.digits[write_index] = new_digit;
            write_index += 1;
        }
        while n > 0 {
            let new_digit = (n >> shift) as u8;
            n = 10 * (n & mask);
            if write_index < Decimal::MAX_DIGITS {
                self.digits[write_index] = new_digit;
                write_index += 1;
            } else if new_digit > 0 {
                self.truncated = true;
            }
        }
        self.num_digits = write_index;
        self.trim();
    }

    /// How many digits `self × 2^shift` has more than `self`: the digits of 5^shift,
    /// one fewer when `self`'s leading digits are less than 5^shift's.
    fn digits_added_by_left_shift(&self, shift: usize) -> usize {
        #[rustfmt::skip]
        const TABLE: [u16; 65] = [
            0x0000, 0x0800, 0x0801, 0x0803, 0x1006, 0x1009, 0x100D, 0x1812, 0x1817, 0x181D, 0x2024,
            0x202B, 0x2033, 0x203C, 0x2846, 0x2850, 0x285B, 0x3067, 0x3073, 0x3080, 0x388E, 0x389C,
            0x38AB, 0x38BB, 0x40CC, 0x40DD, 0x40EF, 0x4902, 0x4915, 0x4929, 0x513E, 0x5153, 0x5169,
            0x5180, 0x5998, 0x59B0, 0x59C9, 0x61E3, 0x61FD, 0x6218, 0x6A34, 0x6A50, 0x6A6D, 0x6A8B,
            0x72AA, 0x72C9, 0x72E9, 0x7B0A, 0x7B2B, 0x7B4D, 0x8370, 0x8393, 0x83B7, 0x83DC, 0x8C02,
            0x8C28, 0x8C4F, 0x9477, 0x949F, 0x94C8, 0x9CF2, 0x051C, 0x051C, 0x051C, 0x051C,
        ];
        let shift = shift & 63;
        let (x_a, x_b) = (TABLE[shift], TABLE[shift + 1]);
        let num_new_digits = usize::from(x_a >> 11);
        let pow5 = &pow5_digits()[usize::from(x_a & 0x7ff)..usize::from(x_b & 0x7ff)];
        for (i, &p5) in pow5.iter().enumerate() {
            if i >= self.num_digits || self.digits[i] < p5 {
                return num_new_digits - 1;
            } else if self.digits[i] > p5 {
                return num_new_digits;
            }
        }
        num_new_digits
    }
}

/// The decimal digits of 5^1, 5^2, … 5^60, one after another (1,308 digits): std
/// keeps them as a table; they are computed here once, which is smaller.
fn pow5_digits() -> &'static [u8] {
    use std::sync::OnceLock;
    static DIGITS: OnceLock<Vec<u8>> = OnceLock::new();
    DIGITS.get_or_init(|| {
        let mut all = Vec::with_capacity(0x51c);
        // 5^n, least significant digit first.
        let mut power: Vec<u8> = vec![1];
        for _ in 1..=60 {
            let mut carry = 0;
            for digit in power.iter_mut() {
                let v = *digit * 5 + carry;
                *digit = v % 10;
                carry = v / 10;
            }
            if carry > 0 {
                power.push(carry);
            }
            all.extend(power.iter().rev());
        }
        all
    })
}

#[cfg(test)]
mod tests {
    use super::parse_f64;

    fn check(text: &str) {
        let want = text.parse::<f64>().ok();
        let got = parse_f64(text);
        assert_eq!(
            got.map(f64::to_bits),
            want.map(f64::to_bits),
            "{text:?}: {got:?}, std says {want:?}"
        );
    }

    #[test]
    #[rustfmt::skip]
    fn grammar_is_std_s() {
        for text in [
            "", "+", "-", ".", "+.", "e5", ".e5", "1e", "1e+", "1e-", "1.e5", ".5e-3", "1.5E+3",
            "1_0", " 1", "1 ", "0x10", "1e5.5", "--1", "+-1", "1..2", "1.2.3", "١", "inf", "INF",
            "-Infinity", "+iNfInItY", "nan", "-NaN", "+nan", "infin", "nana", "infinity1", "in",
            "0", "-0", "+0.0", "00000", "0.000", "000.5", "5.", "1e0", "1e-0", "1e+00000",
        ] {
            check(text);
        }
    }

    #[test]
    fn hard_cases_round_as_std() {
        for text in [
            "0.1",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.470328229206232720882e-324",
            "1e-400",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1.797693134862315807937e308",
            "1e309",
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000000000000000000000000001",
            "123456789012345678901234567890",
            "0.000000000000000000000000000000000000000000001e45",
            "1e99999999999",
            "1e-99999999999",
            "0e99999999999",
            "8.98846567431158e307",
            "7.2057594037927933e16",
            "1448997445238699",
            "3.14159265358979323846264338327950288419716939937510",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
        ] {
            check(text);
            check(&format!("-{text}"));
        }
        // Over 768 digits, the ones dropped still decide a tie.
        let mut long = String::from("1.00000000000000011102230246251565404236316680908203125");
        long.push_str(&"0".repeat(800));
        check(&long);
        long.push('1');
        check(&long);
    }

    /// Random doubles written every way (shortest, exact, with more and fewer
    /// digits), and random digit strings: the same bits as std's parser.
    #[test]
    fn random_texts_round_as_std() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..40_000 {
            let x = f64::from_bits(next());
            if !x.is_finite() {
                continue;
            }
            check(&format!("{x:e}"));
            check(&format!("{x:?}"));
            let precision = (next() % 40) as usize;
            check(&format!("{x:.precision$e}"));
            check(&format!("{:.precision$}", x / 1e280));
            let digits: String = (0..1 + next() % 30)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let exponent = (next() % 700) as i64 - 350;
            check(&format!("{digits}e{exponent}"));
            check(&format!("0.{digits}e{exponent}"));
        }
    }
}
