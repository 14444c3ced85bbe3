//! Virtual times as people read them: `250 ms`, `1.500 s`, `42 µs`.

/// A duration or instant in the unit that suits its size.
pub fn duration(us: u64) -> String {
    if us >= 1_000_000 {
        format!("{:.3} s", us as f64 / 1e6)
    } else if us >= 1_000 {
        let ms = us as f64 / 1e3;
        if us.is_multiple_of(1_000) {
            format!("{ms:.0} ms")
        } else {
            format!("{ms:.1} ms")
        }
    } else {
        format!("{us} µs")
    }
}

/// An instant on the virtual clock, always in seconds so console stamps line up.
pub fn clock(us: u64) -> String {
    format!("{:.3} s", us as f64 / 1e6)
}

/// A share of a whole as a percentage with one decimal.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0.0 %".to_string();
    }
    format!("{:.1} %", part as f64 * 100.0 / whole as f64)
}

/// Axis ticks: round instants (1, 2 or 5 × 10ⁿ µs apart) covering `0..=end_us`,
/// about `target` of them.
pub fn axis_ticks(end_us: u64, target: u64) -> Vec<u64> {
    if end_us == 0 {
        return vec![0];
    }
    let raw = (end_us / target.max(1)).max(1);
    let mut step = 1u64;
    'outer: loop {
        for m in [1, 2, 5] {
            if step * m >= raw {
                step *= m;
                break 'outer;
            }
        }
        step *= 10;
    }
    (0..=end_us / step).map(|i| i * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_pick_their_unit() {
        assert_eq!(duration(42), "42 µs");
        assert_eq!(duration(100_000), "100 ms");
        assert_eq!(duration(1_500), "1.5 ms");
        assert_eq!(duration(2_500_000), "2.500 s");
        assert_eq!(percent(1, 3), "33.3 %");
        assert_eq!(percent(1, 0), "0.0 %");
    }

    #[test]
    fn ticks_are_round_and_cover_the_run() {
        assert_eq!(
            axis_ticks(100_000, 5),
            vec![0, 20_000, 40_000, 60_000, 80_000, 100_000]
        );
        assert_eq!(axis_ticks(1_150_000, 8).last(), Some(&1_000_000));
        assert_eq!(axis_ticks(0, 8), vec![0]);
    }
}
