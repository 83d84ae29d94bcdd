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
    let one = 1 << frac_bits;
    let magnitude = x.unsigned_abs();
    let shift = frac_bits - step_bits;
    let segment = (magnitude >> shift) as usize;
    let offset = (magnitude & ((1 << shift) - 1)) as i32;
    // From the last knot on, and for the one input whose magnitude has no `i32` (the most
    // negative), σ is 1 to within the table's error.
    let positive = match (table.get(segment), table.get(segment + 1)) {
        (Some(&low), Some(&high)) => {
            let (low, high) = (low.into(), high.into());
            low + (((high - low) * offset + (1 << (shift - 1))) >> shift)
        }
        _ => one,
    };
    if x < 0 {
        one - positive
    } else {
        positive
    }
}

/// `tanh x = 2σ(2x) - 1` for a raw input with `frac_bits` fractional bits. `2x` is formed in
/// `i64`, then limited to the table's range, where `σ` is 1 anyway.
#[inline]
pub(super) fn tanh<const LEN: usize, B: Copy + Into<i32>>(
    x: i32,
    table: &[B; LEN],
    step_bits: u32,
    frac_bits: u32,
) -> i32 {
    let range = ((LEN as i64) << (frac_bits - step_bits)).min(i32::MAX as i64);
    let doubled = (2 * x as i64).clamp(-range, range) as i32;
    2 * sigmoid(doubled, table, step_bits, frac_bits) - (1 << frac_bits)
}
