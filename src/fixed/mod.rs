//! Fixed-point scalars, for microcontrollers without a floating-point unit: [`Q16_16`] and
//! [`Q8_8`].
//!
//! A value is an integer `n` that stands for `n / 2^F`, for `F` fractional bits. Addition is
//! the integers' addition; a product or a quotient is formed at twice the width, then rounded
//! to nearest (products) or truncated toward zero (quotients) back to `F` fractional bits. A
//! dense layer's dot products add exact products at twice the width and round once
//! ([`Real::Sum`]). Every operation **saturates**: a result beyond the range is the nearest end
//! of it, never a wrapped-around value or a panic, and each such result is counted
//! ([`saturations`]), so a training run that saturates says so. Since saturated results land
//! on the ends of the range, [`Real::is_finite`] is false there, as it is for an infinite
//! float: training treats a loss there as divergence, and an optimizer's update that
//! saturated is undone.
//!
//! Sigmoid and tanh are interpolated in a table (see each type for its largest error). ReLU
//! and identity are exact; leaky ReLU's slope is 0.01 rounded to the type.

mod saturation;
mod sigmoid_table;

pub use saturation::{reset_saturations, saturations};

use core::fmt;
use core::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

use saturation::saturated;

use crate::real::sealed::Sealed;
use crate::Real;

/// Whether the target is ARMv6-M (Cortex-M0, M0+, M1): the one ARM M-profile without a
/// 32 × 32 → 64-bit multiply, and also the one without atomic read-modify-write, which is how a
/// stable `cfg` tells it apart.
const ARMV6M: bool = cfg!(all(target_arch = "arm", not(target_has_atomic = "32")));

/// `a b` exactly, as the 64-bit product of two 32-bit integers. On ARMv6-M the compiler would
/// call a 64 × 64-bit library multiply (about 37 instructions on a Cortex-M0);
/// [`product_by_halves`] takes about half. Elsewhere it is the target's one instruction.
#[inline(always)]
fn product_i32(a: i32, b: i32) -> i64 {
    if ARMV6M {
        product_by_halves(a, b)
    } else {
        a as i64 * b as i64
    }
}

/// `a b` from four 16 × 16-bit products, each exact in 32 bits: with `a = aₕ 2¹⁶ + aₗ` (`aₗ` the
/// unsigned low half) and the same for `b`, `a b = aₕbₕ 2³² + aₕbₗ 2¹⁶ + aₗbₕ 2¹⁶ + aₗbₗ`.
/// It is formed as two 32-bit words, the middle terms added one at a time, each as its low
/// half into the low word and its high half, with the carry, into the high word: their sum
/// can exceed 32 bits, and in 64-bit arithmetic the compiler would add them first, in more
/// instructions.
#[inline(always)]
fn product_by_halves(a: i32, b: i32) -> i64 {
    let (a_high, a_low) = (a >> 16, a & 0xFFFF);
    let (b_high, b_low) = (b >> 16, b & 0xFFFF);
    // |aₕ| ≤ 2¹⁵ and aₗ, bₗ < 2¹⁶: each middle product is within i32, aₗbₗ within u32, and the
    // high word stays within i32 at every step (|aₕbₕ| ≤ 2³⁰, each addition below 2¹⁶).
    let mut high = a_high * b_high;
    let mut low = a_low as u32 * b_low as u32;
    for middle in [a_high * b_low, a_low * b_high] {
        let carry;
        (low, carry) = low.overflowing_add((middle as u32) << 16);
        high = high.wrapping_add(middle >> 16).wrapping_add(carry.into());
    }
    ((high as i64) << 32) | low as i64
}

/// `⌊(x u + bias) / 2¹⁶⌋` from two 16 × 16-bit multiplies instead of four, when `u` lies in
/// `[-1, 1)` as a Q16.16 value: its high half is then only the sign of its low half, 0 or -1.
/// Most of a network's values are there (activations, their slopes, gradients), so on ARMv6-M
/// this takes most products in a third of the instructions. `None` when `u` is not, or when
/// the result is beyond `i32` (only for `-2³¹ · -1`).
///
/// With `u = -2¹⁶ [u < 0] + uₗ` and `x = xₕ 2¹⁶ + xₗ` (the low halves unsigned),
/// `x u = xₕuₗ 2¹⁶ + xₗuₗ - [u < 0] x 2¹⁶`, and only `xₗuₗ` has bits below 2¹⁶.
#[inline(always)]
fn product_near_unit(x: i32, u: i32, bias: u32) -> Option<i32> {
    if u >> 16 != u >> 31 {
        return None;
    }
    let u_low = u & 0xFFFF;
    let (x_high, x_low) = (x >> 16, (x & 0xFFFF) as u32);
    // xₗuₗ + bias ≤ (2¹⁶ - 1)² + 2¹⁶ - 1 < 2³²; |xₕuₗ| < 2³¹, and adding below 2¹⁶ to it stays
    // within i32 since xₕuₗ ≤ (2¹⁵ - 1)(2¹⁶ - 1). Only the last step can leave the range.
    let low = (x_low * u_low as u32 + bias) >> 16;
    (x_high * u_low + low as i32).checked_sub(x & (u >> 16))
}

/// `Σᵢ aᵢ bᵢ / 2¹⁶` rounded, but not yet brought into `i32`, from two 16 × 16-bit multiplies a
/// term (which on ARMv6-M is a third of a general product's instructions), when every `bᵢ`
/// lies in `[0, 1]` as a Q16.16 value (from 0 to 2¹⁶), as a sigmoid's outputs and most inputs
/// do; `None` otherwise.
///
/// With `aᵢ = aᵢₕ 2¹⁶ + aᵢₗ` (`aᵢₗ` unsigned), `Σ aᵢbᵢ = 2¹⁶ Σ aᵢₕbᵢ + Σ aᵢₗbᵢ`, each term of
/// either sum exact in 32 bits; they add up in two 64-bit sums with no check, and the total
/// is rounded once. Every term is below 2⁴⁷ in magnitude, so with fewer than 2¹⁵ terms no
/// partial sum comes near the ends of `i64`: the result is the one that adding the exact
/// products one by one, each addition checked, would give.
#[inline(always)]
fn dot_of_fractions(terms: impl Iterator<Item = (i32, i32)> + Clone) -> Option<i64> {
    let mut count = 0;
    for (_, b) in terms.clone() {
        count += 1;
        if b as u32 > 1 << 16 || count >= 1 << 15 {
            return None;
        }
    }
    let (mut high, mut low) = (0i64, 0u64);
    for (a, b) in terms {
        // |aₕb| ≤ 2¹⁵ 2¹⁶ and aₗb < 2³².
        high += ((a >> 16) * b) as i64;
        low += u64::from((a & 0xFFFF) as u32 * b as u32);
    }
    Some(high + ((low + (1 << 15)) >> 16) as i64)
}

/// No quicker dot product for `Q8_8`: its products are one 16 × 16-bit multiply already.
#[inline(always)]
fn no_quicker_dot(_: impl Iterator<Item = (i16, i16)> + Clone) -> Option<i32> {
    None
}

/// No quicker product for `Q8_8`: its products are one 16 × 16-bit multiply already.
#[inline(always)]
fn no_quicker_product(_: i16, _: i16, _: u32) -> Option<i16> {
    None
}

/// The associated constant `SIGMOID`, the sigmoid's table in the layout named (`Knots` or
/// `Segments`, see `sigmoid_table`), built at compile time and converted to the type's raw
/// integers, and `sigmoid_raw`, the lookup in it.
macro_rules! sigmoid_lookup {
    (Knots, $bits:ty, $step:literal, $len:literal, $frac:literal) => {
        /// The sigmoid's table: `σ` at every multiple of its step up to the last knot.
        const SIGMOID: [$bits; $len] = {
            let knots = sigmoid_table::knots::<$len>($step, $frac);
            let mut table = [0; $len];
            let mut k = 0;
            while k < $len {
                table[k] = knots[k] as $bits;
                k += 1;
            }
            table
        };

        /// `σ` of a raw value, from the table.
        #[inline]
        fn sigmoid_raw(x: i32) -> i32 {
            sigmoid_table::sigmoid(x, &Self::SIGMOID, $step, $frac)
        }
    };
    (Segments, $bits:ty, $step:literal, $len:literal, $frac:literal) => {
        /// The sigmoid's table: the segments between its knots, each as its scaled start and
        /// its rise.
        const SIGMOID: [[$bits; 2]; $len - 1] = {
            let segments = sigmoid_table::segments::<$len, { $len - 1 }>($step, $frac);
            let mut table = [[0; 2]; $len - 1];
            let mut k = 0;
            while k < $len - 1 {
                table[k] = [segments[k][0] as $bits, segments[k][1] as $bits];
                k += 1;
            }
            table
        };

        /// `σ` of a raw value, from the table.
        #[inline]
        fn sigmoid_raw(x: i32) -> i32 {
            sigmoid_table::sigmoid_from_segments(x, &Self::SIGMOID, $step, $frac)
        }
    };
}

macro_rules! fixed {
    (
        $(#[$doc:meta])*
        $name:ident, bits: $bits:ty, wide: $wide:ty, frac: $frac:literal,
        product: $product:path, cheap: $cheap:expr, quicker: $quicker:path, dot: $dot:path,
        add: $add:path, sub: $sub:path,
        table: $layout:ident, $step:literal for $len:literal knots
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[derive(bytemuck::Zeroable, bytemuck::Pod)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        #[repr(transparent)]
        pub struct $name($bits);

        impl $name {
            /// Fractional bits: a value is its raw integer divided by `2^FRAC_BITS`.
            pub const FRAC_BITS: u32 = $frac;
            /// The smallest positive value, `2^-FRAC_BITS`, and the step between neighbours.
            pub const DELTA: Self = Self(1);
            /// 1.
            pub const ONE: Self = Self(1 << $frac);
            /// The largest value, where results above the range saturate.
            pub const MAX: Self = Self(<$bits>::MAX);
            /// The smallest value, where results below the range saturate.
            pub const MIN: Self = Self(<$bits>::MIN);

            sigmoid_lookup!($layout, $bits, $step, $len, $frac);

            /// The value whose raw integer is `bits`; usable in a `const`.
            pub const fn from_bits(bits: $bits) -> Self {
                Self(bits)
            }

            /// The raw integer: this value times `2^FRAC_BITS`.
            pub const fn to_bits(self) -> $bits {
                self.0
            }

            /// `value` rounded to the nearest representable value, saturated (and counted) if
            /// it is out of range; NaN gives 0, also counted.
            pub fn from_f64(value: f64) -> Self {
                let scaled = value * (1u64 << $frac) as f64;
                // Adding ½ and flooring rounds to nearest, halves up; `floor` needs std, so
                // it is a truncation corrected for negative values.
                let shifted = scaled + 0.5;
                // The cast saturates at the ends of i64 (and at -∞), where the correction must
                // not step past them.
                let mut truncated = shifted as i64;
                if (truncated as f64) > shifted {
                    truncated = truncated.saturating_sub(1);
                }
                if value.is_nan() {
                    saturated();
                    Self(0)
                } else {
                    Self::saturating(truncated as i128)
                }
            }

            /// This value as an `f64`: exact, since an `f64` holds 53 significant bits.
            pub fn to_f64(self) -> f64 {
                self.0 as f64 / (1u64 << $frac) as f64
            }

            /// A wide result brought into range: the nearest end if it is beyond it (counted).
            #[inline(always)]
            fn saturating(wide: i128) -> Self {
                let narrow = wide as $bits;
                if narrow as i128 == wide {
                    Self(narrow)
                } else {
                    Self::beyond(if wide > 0 { 1 } else { -1 })
                }
            }

            /// A sum of products (`2 FRAC_BITS` fractional bits) rounded to `FRAC_BITS`, to
            /// nearest with halves up (`⌊x / 2^F + ½⌋`), and brought into range like
            /// `from_wide`. Adding the half wraps only within `2^(F-1)` of the wide type's top,
            /// where the result is beyond range anyway: the range check then fails, and the
            /// end to saturate to comes from the sum itself.
            #[inline(always)]
            fn rounded(wide: $wide) -> Self {
                let shifted = wide.wrapping_add(1 << ($frac - 1)) >> $frac;
                let narrow = shifted as $bits;
                if narrow as $wide == shifted {
                    Self(narrow)
                } else {
                    Self::beyond(wide)
                }
            }

            /// `a + b` in the wide type, saturated (and counted) at its ends.
            #[inline(always)]
            fn wide_add(a: $wide, b: $wide) -> $wide {
                match a.checked_add(b) {
                    Some(sum) => sum,
                    None => {
                        saturated();
                        if b > 0 { <$wide>::MAX } else { <$wide>::MIN }
                    }
                }
            }

            /// A result of the wide type brought into range, like `saturating`. It is in range
            /// exactly when narrowing and widening again gives it back: on the path taken, one
            /// comparison and no constant to load.
            #[inline(always)]
            fn from_wide(wide: $wide) -> Self {
                let narrow = wide as $bits;
                if narrow as $wide == wide {
                    Self(narrow)
                } else {
                    Self::beyond(wide)
                }
            }

            /// Whether this value lies in `[-1, 1)`: its bits above the fraction are only its
            /// sign.
            #[inline(always)]
            fn in_unit_range(self) -> bool {
                let raw = i32::from(self.0);
                raw >> $frac == raw >> 31
            }

            /// `a b` where the quicker product does not apply: out of line, so that the code
            /// around the quicker one keeps its values in registers.
            #[cold]
            #[inline(never)]
            fn product_beyond_unit(a: Self, b: Self) -> Self {
                Self::rounded($product(a.0, b.0))
            }

            /// `b - c d`, like [`Self::product_beyond_unit`].
            #[cold]
            #[inline(never)]
            fn difference_beyond_unit(b: Self, c: Self, d: Self) -> Self {
                Self::rounded(((b.0 as $wide) << $frac) - $product(c.0, d.0))
            }

            /// `y (1 - y)` for a `y` outside `[0, 1]`, which no sigmoid gives: out of line.
            #[cold]
            #[inline(never)]
            fn slope_elsewhere(y: Self) -> Self {
                y * (Self::ONE - y)
            }

            /// The end of the range a result went beyond, above it if `direction` is positive
            /// and below it otherwise, counted. It is out of line, so that the arithmetic
            /// inlined everywhere stays small, and it takes a value whose sign says the way
            /// rather than a flag, so that each of the many places that can saturate passes a
            /// value it already has instead of computing a comparison.
            #[cold]
            #[inline(never)]
            fn beyond(direction: $wide) -> Self {
                saturated();
                if direction > 0 {
                    Self::MAX
                } else {
                    Self::MIN
                }
            }
        }

        impl Add for $name {
            type Output = Self;
            #[inline(always)]
            fn add(self, rhs: Self) -> Self {
                match $add(self.0, rhs.0) {
                    Some(sum) => Self(sum),
                    None => Self::beyond(rhs.0.into()),
                }
            }
        }

        impl Sub for $name {
            type Output = Self;
            #[inline(always)]
            fn sub(self, rhs: Self) -> Self {
                match $sub(self.0, rhs.0) {
                    Some(difference) => Self(difference),
                    None => Self::beyond(-<$wide>::from(rhs.0)),
                }
            }
        }

        impl Mul for $name {
            type Output = Self;
            /// The product at twice the width, rounded to nearest (halves up).
            #[inline(always)]
            fn mul(self, rhs: Self) -> Self {
                if !$cheap {
                    // Either operand may be the one in [-1, 1): the right one, else the left.
                    let (x, u) = if rhs.in_unit_range() {
                        (self.0, rhs.0)
                    } else {
                        (rhs.0, self.0)
                    };
                    return match $quicker(x, u, 1 << ($frac - 1)) {
                        Some(product) => Self(product),
                        None => Self::product_beyond_unit(self, rhs),
                    };
                }
                Self::rounded($product(self.0, rhs.0))
            }
        }

        impl Div for $name {
            type Output = Self;
            /// The quotient at twice the width, truncated toward zero. Dividing by zero
            /// saturates to the end of the dividend's sign (0 / 0 gives 0), counted.
            #[inline(always)]
            fn div(self, rhs: Self) -> Self {
                if rhs.0 == 0 {
                    saturated();
                    return match self.0 {
                        0 => Self(0),
                        n if n > 0 => Self::MAX,
                        _ => Self::MIN,
                    };
                }
                Self::from_wide(((self.0 as $wide) << $frac) / rhs.0 as $wide)
            }
        }

        impl Neg for $name {
            type Output = Self;
            #[inline(always)]
            fn neg(self) -> Self {
                match self.0.checked_neg() {
                    Some(negated) => Self(negated),
                    None => {
                        saturated();
                        Self::MAX
                    }
                }
            }
        }

        impl AddAssign for $name {
            #[inline(always)]
            fn add_assign(&mut self, rhs: Self) {
                *self = *self + rhs;
            }
        }

        impl SubAssign for $name {
            #[inline(always)]
            fn sub_assign(&mut self, rhs: Self) {
                *self = *self - rhs;
            }
        }

        impl MulAssign for $name {
            #[inline(always)]
            fn mul_assign(&mut self, rhs: Self) {
                *self = *self * rhs;
            }
        }

        impl DivAssign for $name {
            #[inline(always)]
            fn div_assign(&mut self, rhs: Self) {
                *self = *self / rhs;
            }
        }

        impl num_traits::Zero for $name {
            fn zero() -> Self {
                Self(0)
            }

            fn is_zero(&self) -> bool {
                self.0 == 0
            }
        }

        impl num_traits::One for $name {
            fn one() -> Self {
                Self::ONE
            }
        }

        /// Prints the value (exact, through `f64`), as a float of the same value would print.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.to_f64(), f)
            }
        }

        /// Prints the value, like `Display`: a matrix of them reads as numbers.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.to_f64(), f)
            }
        }

        /// Equal within `epsilon`, measured exactly (the difference at twice the width).
        impl approx::AbsDiffEq for $name {
            type Epsilon = Self;

            fn default_epsilon() -> Self {
                Self::DELTA
            }

            fn abs_diff_eq(&self, other: &Self, epsilon: Self) -> bool {
                (self.0 as $wide - other.0 as $wide).abs() <= epsilon.0 as $wide
            }
        }

        /// Equal within `epsilon`, or within `max_relative` times the larger magnitude.
        impl approx::RelativeEq for $name {
            fn default_max_relative() -> Self {
                Self::DELTA
            }

            fn relative_eq(&self, other: &Self, epsilon: Self, max_relative: Self) -> bool {
                let difference = (self.0 as $wide - other.0 as $wide).abs();
                let largest = (self.0 as $wide).abs().max((other.0 as $wide).abs());
                difference <= epsilon.0 as $wide
                    || difference * (1 << $frac) <= largest * max_relative.0 as $wide
            }
        }

        impl Real for $name {
            #[inline]
            fn lit(value: f64) -> Self {
                Self::from_f64(value)
            }

            const FLOAT: bool = false;

            const CHEAP_PRODUCT: bool = $cheap;

            type Sum = $wide;

            #[inline(always)]
            fn sum_zero() -> $wide {
                0
            }

            #[inline(always)]
            fn sum_product(sum: $wide, a: Self, b: Self) -> $wide {
                Self::wide_add(sum, $product(a.0, b.0))
            }

            #[inline(always)]
            fn dot(terms: impl Iterator<Item = (Self, Self)> + Clone) -> Self {
                if let Some(rounded) = $dot(terms.clone().map(|(a, b)| (a.0, b.0))) {
                    return Self::from_wide(rounded);
                }
                Self::rounded(terms.fold(0, |sum, (a, b)| Self::sum_product(sum, a, b)))
            }

            #[inline(always)]
            fn product_difference(a: Self, b: Self, c: Self, d: Self) -> Self {
                if !$cheap && a == Self::ONE {
                    // ⌊(b 2^F - c d + ½ 2^F) / 2^F⌋ = b - ⌊(c d + ½ 2^F - 1) / 2^F⌋: the product
                    // rounded with halves down. (A parameter kept whole by SGD: `a` is a
                    // constant there, and this test is gone. `d` is its gradient, the operand
                    // likely to be near 1 in magnitude or below.)
                    let halves_down = (1 << ($frac - 1)) - 1;
                    return match $quicker(c.0, d.0, halves_down) {
                        Some(product) => match b.0.checked_sub(product) {
                            Some(difference) => Self(difference),
                            None => Self::beyond(-<$wide>::from(product)),
                        },
                        None => Self::difference_beyond_unit(b, c, d),
                    };
                }
                // Each product is at most 2^(2 BITS - 2) in magnitude, and the two cannot both
                // reach it with opposite signs (that needs -MIN), so the difference fits.
                Self::rounded($product(a.0, b.0) - $product(c.0, d.0))
            }

            #[inline(always)]
            fn sum_add(a: $wide, b: $wide) -> $wide {
                Self::wide_add(a, b)
            }

            #[inline(always)]
            fn sum_value(sum: $wide) -> Self {
                Self::rounded(sum)
            }

            #[inline(always)]
            fn sum_of(x: Self) -> $wide {
                (x.0 as $wide) << $frac
            }

            fn sum_scaled(x: Self, count: usize) -> $wide {
                let product = <$wide>::try_from(count)
                    .ok()
                    .and_then(|count| Self::sum_of(x).checked_mul(count));
                match product {
                    Some(product) => product,
                    // Beyond the wide type; a count of 0 (or of 1) cannot get here.
                    None => {
                        saturated();
                        if x.0 > 0 { <$wide>::MAX } else { <$wide>::MIN }
                    }
                }
            }

            fn sum_mean(sum: $wide, count: usize) -> Self {
                // A count beyond the wide type divides any sum it holds to less than one unit.
                let count = <$wide>::try_from(count).unwrap_or(<$wide>::MAX);
                Self::sum_value(sum.checked_div(count).unwrap_or(sum))
            }

            #[inline]
            fn to_f64(self) -> f64 {
                $name::to_f64(self)
            }

            #[inline]
            fn sigmoid(self) -> Self {
                let raw = Self::sigmoid_raw(self.0.into());
                Self(raw as $bits)
            }

            #[inline]
            fn logistic_slope(self) -> Self {
                let (y, one) = (i32::from(self.0), i32::from(Self::ONE.0));
                if y as u32 <= one as u32 {
                    // 0 ≤ y ≤ 1: y (1 - y) ≤ 2^(2F - 2), exact in 32 bits, and its rounding is
                    // at most ¼. On a Cortex-M0 that is one multiply instead of a wide product.
                    Self(((y * (one - y) + (1 << ($frac - 1))) >> $frac) as $bits)
                } else {
                    Self::slope_elsewhere(self)
                }
            }

            #[inline]
            fn portable_tanh(self) -> Self {
                let raw = sigmoid_table::tanh(self.0.into(), $len, $step, $frac, Self::sigmoid_raw);
                Self(raw as $bits)
            }

            #[inline]
            fn abs(self) -> Self {
                if self.0 < 0 {
                    -self
                } else {
                    self
                }
            }

            #[inline]
            fn max(self, other: Self) -> Self {
                Ord::max(self, other)
            }

            #[inline]
            fn min(self, other: Self) -> Self {
                Ord::min(self, other)
            }

            #[inline]
            fn is_finite(self) -> bool {
                self != Self::MAX && self != Self::MIN
            }

            fn write_literal(self, out: &mut dyn fmt::Write) -> fmt::Result {
                write!(out, "{}::from_bits({})", stringify!($name), self.0)
            }
        }

        impl Sealed for $name {}
    };
}

/// `a b` exactly, in 32 bits: one 32-bit multiply on every target.
#[inline(always)]
fn product_i16(a: i16, b: i16) -> i32 {
    a as i32 * b as i32
}

/// `a + b`, or `None` beyond `i16`: formed in 32 bits and checked by narrowing, which a 32-bit
/// core does in fewer instructions than `i16::checked_add`'s overflow test.
#[inline(always)]
fn checked_add_i16(a: i16, b: i16) -> Option<i16> {
    narrowed(a as i32 + b as i32)
}

/// `a - b`, or `None` beyond `i16`, like [`checked_add_i16`].
#[inline(always)]
fn checked_sub_i16(a: i16, b: i16) -> Option<i16> {
    narrowed(a as i32 - b as i32)
}

/// `value` as an `i16`, if it is one.
#[inline(always)]
fn narrowed(value: i32) -> Option<i16> {
    let narrow = value as i16;
    (narrow as i32 == value).then_some(narrow)
}

fixed! {
    /// A signed fixed-point number with 16 integer and 16 fractional bits (`i32` underneath):
    /// range `[-32768, 32768)`, resolution `2^-16 ≈ 1.5 · 10⁻⁵`.
    ///
    /// Its sigmoid interpolates between 97 values at steps of 1/8 up to 12, kept as 96
    /// segments of a start and a rise (768 bytes of flash), and errs by at most 2.0 · 10⁻⁴
    /// (13 units of the last place); tanh by at most 4.0 · 10⁻⁴. Measured over every input:
    /// 1.962 · 10⁻⁴ and 3.923 · 10⁻⁴.
    Q16_16, bits: i32, wide: i64, frac: 16,
    product: product_i32, cheap: !ARMV6M, quicker: product_near_unit, dot: dot_of_fractions,
    add: i32::checked_add, sub: i32::checked_sub,
    table: Segments, 3 for 97 knots
}

fixed! {
    /// A signed fixed-point number with 8 integer and 8 fractional bits (`i16` underneath):
    /// range `[-128, 128)`, resolution `2^-8 ≈ 0.0039`.
    ///
    /// Its sigmoid interpolates a table of 33 values at steps of 1/4 up to 8 (66 bytes of flash:
    /// the smaller layout, for the type meant for the smallest devices), and errs by at most
    /// one unit of the last place (2⁻⁸); tanh by at most two. Measured over every input:
    /// 3.894 · 10⁻³ and 7.682 · 10⁻³.
    Q8_8, bits: i16, wide: i32, frac: 8,
    product: product_i16, cheap: true, quicker: no_quicker_product, dot: no_quicker_dot,
    add: checked_add_i16, sub: checked_sub_i16,
    table: Knots, 2 for 33 knots
}

#[cfg(test)]
mod tests {
    use super::{dot_of_fractions, product_by_halves, product_near_unit};

    /// The ends of the range and the boundaries of the 16-bit halves and of [-1, 1).
    const EDGES: [i32; 15] = [
        i32::MIN,
        i32::MIN + 1,
        -65_537,
        -65_536,
        -65_535,
        -32_768,
        -1,
        0,
        1,
        32_767,
        65_535,
        65_536,
        65_537,
        i32::MAX - 1,
        i32::MAX,
    ];

    /// Every pair of [`EDGES`].
    fn pairs_of_edges() -> impl Iterator<Item = (i32, i32)> {
        EDGES.into_iter().flat_map(|a| EDGES.map(|b| (a, b)))
    }

    /// 100,000 xorshift32 pairs, operands across the whole range.
    fn random_pairs() -> impl Iterator<Item = (i32, i32)> {
        let mut x: u32 = 1;
        (0..100_000).map(move |_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x as i32, x.rotate_left(11) as i32)
        })
    }

    #[test]
    fn products_by_halves_are_exact() {
        for (a, b) in pairs_of_edges().chain(random_pairs()) {
            assert_eq!(product_by_halves(a, b), a as i64 * b as i64, "{a} · {b}");
        }
    }

    /// `⌊(x u + bias) / 2¹⁶⌋` from the exact 64-bit product, if it fits in `i32`.
    fn reference(x: i32, u: i32, bias: u32) -> Option<i32> {
        i32::try_from((x as i64 * u as i64 + bias as i64) >> 16).ok()
    }

    /// [`random_pairs`] with the second operand cut to `[-2¹⁶, 2¹⁶)` (values in `[-1, 1)`)
    /// one time in two.
    fn pairs() -> impl Iterator<Item = (i32, i32)> {
        let cut = |(n, (x, u)): (usize, (i32, i32))| (x, if n % 2 == 0 { u >> 15 } else { u });
        random_pairs().enumerate().map(cut)
    }

    #[test]
    fn products_near_unit_are_rounded_exactly() {
        // The quicker product of Q16.16 on ARMv6-M, for both roundings it serves (halves up
        // for a product, halves down for SGD's `θ - η g`), against the exact product; `None`
        // exactly when `u` is outside [-1, 1) or the result is beyond i32.
        for (x, u) in pairs_of_edges().chain(pairs()) {
            for bias in [0x8000, 0x7FFF] {
                let within = (-65_536..65_536).contains(&u);
                let expected = if within { reference(x, u, bias) } else { None };
                assert_eq!(
                    product_near_unit(x, u, bias),
                    expected,
                    "{x} · {u} + {bias}"
                );
            }
        }
    }

    #[test]
    fn descent_from_a_product_near_unit_is_rounded_once() {
        // SGD's update of a parameter kept whole, `θ - η g` rounded once to nearest with
        // halves up, as ARMv6-M forms it from the product rounded with halves down.
        for (theta, (eta, g)) in pairs().map(|(a, _)| a >> 8).zip(pairs()) {
            let Some(product) = product_near_unit(eta, g, 0x7FFF) else {
                continue;
            };
            let exact = ((theta as i64) << 16) - eta as i64 * g as i64;
            let expected = i32::try_from((exact + 0x8000) >> 16).ok();
            assert_eq!(
                theta.checked_sub(product),
                expected,
                "{theta} - {eta} · {g}"
            );
        }
    }

    #[test]
    fn dots_of_fractions_stop_short_of_the_wide_ends() {
        // The largest terms, -2³¹ · 1 each: with 2¹⁵ - 1 of them the two sums stay exact, and
        // the total is theirs; from 2¹⁵ on the dot product is left to the checked sums.
        let terms = |count| core::iter::repeat_n((i32::MIN, 1 << 16), count);
        let most = (1 << 15) - 1;
        assert_eq!(
            dot_of_fractions(terms(most)),
            Some(i32::MIN as i64 * most as i64)
        );
        assert_eq!(dot_of_fractions(terms(most + 1)), None);
        // An operand just beyond [0, 1], on either side, leaves it to them too.
        assert_eq!(
            dot_of_fractions([(1, 0), (1, (1 << 16) + 1)].into_iter()),
            None
        );
        assert_eq!(dot_of_fractions([(1, 0), (1, -1)].into_iter()), None);
        assert_eq!(
            dot_of_fractions([(3, 1 << 16), (-1, 1 << 15)].into_iter()),
            Some(3)
        );
    }
}
