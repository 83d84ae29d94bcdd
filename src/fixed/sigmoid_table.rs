//! The logistic sigmoid in fixed point: linear interpolation in a table of its values, built
//! at compile time and kept in flash.
//!
//! For `x ≥ 0` the table holds `σ` at the knots `0, h, 2h, …, R` (`h = 2^-STEP_BITS`), each
//! rounded to the type's resolution; between two knots `σ` is the straight line through them,
//! and from `R` on it is 1. Negative inputs use `σ(-x) = 1 - σ(x)`. Interpolating in a
//! segment of width `h` errs by at most `h² max|σ''| / 8`, with `max|σ''| = 0.0962`, and
//! stopping at `R` by `1 - σ(R) < e^{-R}`; each type's documentation states the largest error
//! measured over every input, and the tests check it.
//!
//! The table is laid out one of two ways, with the same results: the knots themselves, or
//! each segment's start (scaled, with the interpolation's rounding folded in) and rise, which
//! takes twice the flash and three instructions fewer a lookup.
//!
//! `tanh x = 2σ(2x) - 1` uses the same table, so its error is at most twice the sigmoid's.
//! Only shifts, one multiplication of numbers below 2^16 and additions are needed: no wide
//! product, which a Cortex-M0 would compute in a library call.

/// `σ` at the knots `k h` for `k = 0 ..= LEN - 1` (`h = 2^-step_bits`), as raw values with
/// `frac_bits` fractional bits, computed in `f64` at compile time.
///
/// `e^{-h}` comes from its Taylor series (`h ≤ 1/4`, so 20 terms are far below `f64`'s
/// rounding) and `e^{-kh}` from repeated products, which lose a few units of `f64`'s last
/// place over a table: nothing at the 2^-16 resolution of the largest fixed-point type.
pub(super) const fn knots<const LEN: usize>(step_bits: u32, frac_bits: u32) -> [i32; LEN] {
    let h = 1.0 / (1u64 << step_bits) as f64;
    let mut e_minus_h = 1.0;
    let mut term = 1.0;
    let mut n = 1;
    while n <= 20 {
        term = term * -h / n as f64;
        e_minus_h += term;
        n += 1;
    }
    let scale = (1u64 << frac_bits) as f64;
    let mut table = [0; LEN];
    let mut e_minus_x = 1.0;
    let mut k = 0;
    while k < LEN {
        // Rounded to nearest: the value is positive, so adding ½ and truncating rounds.
        table[k] = (scale / (1.0 + e_minus_x) + 0.5) as i32;
        e_minus_x *= e_minus_h;
        k += 1;
    }
    table
}

/// `σ(x)` for a raw input `x` with `frac_bits` fractional bits, from `table` (the knots of
/// [`knots`], converted to the type's raw integers); the raw result has the same scale.
#[inline]
pub(super) fn sigmoid<const LEN: usize, B: Copy + Into<i32>>(
    x: i32,
    table: &[B; LEN],
    step_bits: u32,
    frac_bits: u32,
) -> i32 {
    let (one, shift) = (1 << frac_bits, frac_bits - step_bits);
    let (segment, offset) = located(x, shift);
    // From the last knot on, and for the one input whose magnitude has no `i32` (the most
    // negative), σ is 1 to within the table's error.
    let positive = match (table.get(segment), table.get(segment + 1)) {
        (Some(&low), Some(&high)) => {
            let (low, high) = (low.into(), high.into());
            low + (((high - low) * offset + (1 << (shift - 1))) >> shift)
        }
        _ => one,
    };
    mirrored(x, positive, one)
}

/// The segment that `|x|` falls in, for segments of `2^shift` raw values, and its offset into
/// it.
#[inline(always)]
fn located(x: i32, shift: u32) -> (usize, i32) {
    let magnitude = x.unsigned_abs();
    let offset = (magnitude & ((1 << shift) - 1)) as i32;
    ((magnitude >> shift) as usize, offset)
}

/// `σ(x)` from `positive = σ(|x|)`: `σ(-x) = 1 - σ(x)`.
#[inline(always)]
fn mirrored(x: i32, positive: i32, one: i32) -> i32 {
    if x < 0 {
        one - positive
    } else {
        positive
    }
}

/// The table's segments, from the knots of [`knots`]: for segment `k`, between knots `k` and
/// `k + 1`, its start scaled up by the interpolation's shift `s = frac_bits - step_bits` with
/// the rounding's half added, `σₖ 2^s + 2^(s-1)`, and its rise `σₖ₊₁ - σₖ`. Then
/// `σₖ + ⌊(rise · offset + 2^(s-1)) / 2^s⌋ = ⌊(start + rise · offset) / 2^s⌋`: the same value
/// as from the knots, in a product, an addition and a shift, from twice the flash.
pub(super) const fn segments<const LEN: usize, const SEGMENTS: usize>(
    step_bits: u32,
    frac_bits: u32,
) -> [[i32; 2]; SEGMENTS] {
    let knots = knots::<LEN>(step_bits, frac_bits);
    let shift = frac_bits - step_bits;
    let mut table = [[0; 2]; SEGMENTS];
    let mut k = 0;
    while k < SEGMENTS {
        table[k] = [
            (knots[k] << shift) + (1 << (shift - 1)),
            knots[k + 1] - knots[k],
        ];
        k += 1;
    }
    table
}

/// [`sigmoid`] from the segments of [`segments`] rather than the knots.
#[inline]
pub(super) fn sigmoid_from_segments<const SEGMENTS: usize, B: Copy + Into<i32>>(
    x: i32,
    table: &[[B; 2]; SEGMENTS],
    step_bits: u32,
    frac_bits: u32,
) -> i32 {
    let (one, shift) = (1 << frac_bits, frac_bits - step_bits);
    let (segment, offset) = located(x, shift);
    let positive = match table.get(segment) {
        Some(&[start, rise]) => (start.into() + rise.into() * offset) >> shift,
        None => one,
    };
    mirrored(x, positive, one)
}

/// `tanh x = 2σ(2x) - 1` for a raw input with `frac_bits` fractional bits, from `sigmoid` on a
/// table of `knots` knots. `2x` is formed in `i64`, then limited to the table's range, where
/// `σ` is 1 anyway.
#[inline]
pub(super) fn tanh(
    x: i32,
    knots: usize,
    step_bits: u32,
    frac_bits: u32,
    sigmoid: fn(i32) -> i32,
) -> i32 {
    let range = ((knots as i64) << (frac_bits - step_bits)).min(i32::MAX as i64);
    let doubled = (2 * x as i64).clamp(-range, range) as i32;
    2 * sigmoid(doubled) - (1 << frac_bits)
}

#[cfg(test)]
mod tests {
    use super::{knots, segments, sigmoid, sigmoid_from_segments};

    #[test]
    fn segments_give_the_knots_values_for_every_input() {
        // Q16.16's table (steps of 1/8, 97 knots) and Q8.8's (steps of 1/4, 33 knots), over
        // every raw input from below the table's start to beyond its end.
        let q16 = (knots::<97>(3, 16), segments::<97, 96>(3, 16));
        for x in -(13 << 16)..(13 << 16) {
            let from_knots = sigmoid(x, &q16.0, 3, 16);
            assert_eq!(sigmoid_from_segments(x, &q16.1, 3, 16), from_knots, "{x}");
        }
        let q8 = (knots::<33>(2, 8), segments::<33, 32>(2, 8));
        for x in i16::MIN.into()..=i16::MAX.into() {
            let from_knots = sigmoid(x, &q8.0, 2, 8);
            assert_eq!(sigmoid_from_segments(x, &q8.1, 2, 8), from_knots, "{x}");
        }
    }
}
