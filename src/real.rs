//! The scalar types a network computes in: `f32` and `f64` ([`Float`]), and the fixed-point
//! [`Q16_16`](crate::Q16_16) and [`Q8_8`](crate::Q8_8).

use core::fmt::{self, Display};
use core::ops::Neg;

use nalgebra::{
    ClosedAddAssign, ClosedDivAssign, ClosedMulAssign, ClosedSubAssign, ComplexField, RealField,
};
use num_traits::{One, Zero};

use crate::math;

/// A scalar a network computes in: `f32`, `f64`, [`Q16_16`](crate::Q16_16) or
/// [`Q8_8`](crate::Q8_8).
///
/// This is the bound generic code needs on its element type: the four operations,
/// comparison, and what the layers, MSE, the SGD and momentum rules, training and seeded
/// initialization use besides. What needs a logarithm or a square root (the cross-entropies,
/// Adam, RMSProp, standardization) asks for [`Float`]. The trait is sealed: the float types
/// rely on IEEE semantics (`exp` overflowing to `∞`, NaN propagation), the fixed-point ones on
/// saturating arithmetic.
pub trait Real:
    nalgebra::Scalar
    + Copy
    + PartialOrd
    + Display
    + Zero
    + One
    + ClosedAddAssign
    + ClosedSubAssign
    + ClosedMulAssign
    + ClosedDivAssign
    + Neg<Output = Self>
    + approx::RelativeEq<Epsilon = Self>
    + Send
    + Sync
    + sealed::Sealed
{
    /// Converts an `f64` constant (a learning rate, a slope, a count) to this type: rounded
    /// to the nearest value, and for fixed point saturated to its range (and counted).
    fn lit(value: f64) -> Self;

    /// Whether this is a floating-point type (`f32`, `f64`).
    const FLOAT: bool;

    /// Whether a product of two values takes about one instruction on this target, so that
    /// skipping one is not worth a second copy of the code around it. False only for a
    /// product built from partial products: `Q16_16`'s on ARMv6-M, whose multiply gives 32 bits.
    const CHEAP_PRODUCT: bool;

    /// A running sum of products `Σ aᵢ bᵢ`, as the dense kernels accumulate a dot product:
    /// this type itself for the floats, so that every product and sum rounds as written;
    /// twice the width for fixed point, where the products are exact and the sum is rounded
    /// (and saturated, if need be) once, by [`Real::sum_value`].
    type Sum: Copy;

    /// The empty sum (`-0` for the floats, the identity of IEEE addition).
    fn sum_zero() -> Self::Sum;

    /// `sum + a b`.
    fn sum_product(sum: Self::Sum, a: Self, b: Self) -> Self::Sum;

    /// `Σᵢ aᵢ bᵢ` over the pairs `(aᵢ, bᵢ)` of `terms`, as a value: the [`Real::sum_value`] of
    /// [`Real::sum_product`]s from [`Real::sum_zero`], in order, which is how the default
    /// computes it. A type may take a quicker way to the same result (`Q16_16` does, for
    /// `bᵢ` all in `[0, 1]`).
    #[inline(always)]
    fn dot(terms: impl Iterator<Item = (Self, Self)> + Clone) -> Self {
        let sum = terms.fold(Self::sum_zero(), |sum, (a, b)| Self::sum_product(sum, a, b));
        Self::sum_value(sum)
    }

    /// `a b - c d`: for the floats `a * b - c * d`, rounded at each step; for fixed point
    /// formed exactly at twice the width (two products there cannot overflow it) and rounded
    /// once.
    fn product_difference(a: Self, b: Self, c: Self, d: Self) -> Self;

    /// `a + b`.
    fn sum_add(a: Self::Sum, b: Self::Sum) -> Self::Sum;

    /// The sum as a value of this type.
    fn sum_value(sum: Self::Sum) -> Self;

    /// `x` as a sum of one term.
    fn sum_of(x: Self) -> Self::Sum;

    /// `x` taken `count` times: for the floats `x · count`, for fixed point exact (or
    /// saturated), whatever `count`, which as a value of a fixed-point type could be beyond its
    /// range.
    fn sum_scaled(x: Self, count: usize) -> Self::Sum;

    /// The sum divided by `count` (≥ 1), as a value of this type: a mean of `count` terms.
    fn sum_mean(sum: Self::Sum, count: usize) -> Self;

    /// This value as an `f64`, exactly (every value of every `Real` is an `f64`).
    fn to_f64(self) -> f64;

    /// The logistic sigmoid `1 / (1 + e^{-x})`: with [`portable_exp`](Float::portable_exp) in
    /// the float types, interpolated in a table in fixed point (each type states its error).
    fn sigmoid(self) -> Self;

    /// `y (1 - y)`: the sigmoid's slope where its output is `y` (this value). For the floats
    /// exactly that expression; in fixed point the same value, and for `y` in `[0, 1]`, where
    /// every sigmoid output lies, one narrow product that cannot saturate.
    fn logistic_slope(self) -> Self;

    /// `tanh x`: from [`math`](crate::math) in the float types, like
    /// [`Float::portable_exp`]; `2σ(2x) − 1` from the sigmoid's table in fixed point.
    fn portable_tanh(self) -> Self;

    /// `|x|`.
    fn abs(self) -> Self;

    /// The larger of the two (for floats, the other one if one is NaN).
    fn max(self, other: Self) -> Self;

    /// The smaller of the two (for floats, the other one if one is NaN).
    fn min(self, other: Self) -> Self;

    /// Whether this is a number a network can go on computing with: not NaN or `±∞` for the
    /// floats; for fixed point, not at either end of the range, where saturated results land.
    fn is_finite(self) -> bool;

    /// Writes this value as a Rust expression, valid in a `const`, that gives back the same
    /// bits: the shortest round-trip literal of a float, `Q16_16::from_bits(…)` for fixed point.
    fn write_literal(self, out: &mut dyn fmt::Write) -> fmt::Result;
}

/// `f32` or `f64`: a [`Real`] with the logarithm, exponential and square root that the
/// cross-entropies, Adam, RMSProp, the scaler's standardization and the gradient checker's
/// default settings need.
pub trait Float: Real {
    /// `eˣ` from [`math`](crate::math): basic IEEE operations only, so the same bits on every
    /// target, and in this type's precision only (no `f64` inside the `f32` version).
    fn portable_exp(self) -> Self;

    /// The natural logarithm.
    fn ln(self) -> Self;

    /// The square root.
    fn sqrt(self) -> Self;

    /// `selfⁿ` for a real `n`.
    fn powf(self, n: Self) -> Self;
}

macro_rules! float {
    ($t:ty, $exp:path, $tanh:path) => {
        // The methods delegate to nalgebra's `RealField` and `ComplexField`, which the crate
        // used directly before fixed point: the same functions, so the same bits.
        impl Real for $t {
            #[inline]
            fn lit(value: f64) -> Self {
                value as $t
            }

            const FLOAT: bool = true;

            const CHEAP_PRODUCT: bool = true;

            type Sum = $t;

            #[inline(always)]
            fn sum_zero() -> Self {
                -0.0
            }

            #[inline(always)]
            fn sum_product(sum: Self, a: Self, b: Self) -> Self {
                sum + a * b
            }

            #[inline(always)]
            fn product_difference(a: Self, b: Self, c: Self, d: Self) -> Self {
                a * b - c * d
            }

            #[inline(always)]
            fn sum_add(a: Self, b: Self) -> Self {
                a + b
            }

            #[inline(always)]
            fn sum_value(sum: Self) -> Self {
                sum
            }

            #[inline(always)]
            fn sum_of(x: Self) -> Self {
                x
            }

            #[inline(always)]
            fn sum_scaled(x: Self, count: usize) -> Self {
                x * Self::lit(count as f64)
            }

            #[inline(always)]
            fn sum_mean(sum: Self, count: usize) -> Self {
                sum / Self::lit(count as f64)
            }

            #[inline]
            fn to_f64(self) -> f64 {
                self.into()
            }

            #[inline]
            fn sigmoid(self) -> Self {
                // For very negative x, e^{-x} overflows to ∞ and the result is exactly 0.
                1.0 / (1.0 + $exp(-self))
            }

            #[inline]
            fn logistic_slope(self) -> Self {
                self * (1.0 - self)
            }

            #[inline]
            fn portable_tanh(self) -> Self {
                $tanh(self)
            }

            #[inline]
            fn abs(self) -> Self {
                ComplexField::abs(self)
            }

            #[inline]
            fn max(self, other: Self) -> Self {
                RealField::max(self, other)
            }

            #[inline]
            fn min(self, other: Self) -> Self {
                RealField::min(self, other)
            }

            #[inline]
            fn is_finite(self) -> bool {
                ComplexField::is_finite(&self)
            }

            fn write_literal(self, out: &mut dyn fmt::Write) -> fmt::Result {
                write!(out, "{self:?}")
            }
        }

        impl Float for $t {
            #[inline]
            fn portable_exp(self) -> Self {
                $exp(self)
            }

            #[inline]
            fn ln(self) -> Self {
                ComplexField::ln(self)
            }

            #[inline]
            fn sqrt(self) -> Self {
                ComplexField::sqrt(self)
            }

            #[inline]
            fn powf(self, n: Self) -> Self {
                ComplexField::powf(self, n)
            }
        }

        impl sealed::Sealed for $t {}
    };
}

float!(f32, math::expf, math::tanhf);
float!(f64, math::exp, math::tanh);

pub(crate) mod sealed {
    /// Keeps [`Real`](super::Real) to the crate's scalar types.
    pub trait Sealed {}
}
