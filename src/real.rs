//! The scalar type of a network: `f32` or `f64`.

use nalgebra::RealField;

use crate::math;

/// A floating-point scalar a network computes in: `f32` or `f64`.
///
/// This is the one bound generic code needs on its element type. It is sealed: the layers
/// rely on IEEE semantics (`exp` overflowing to `∞`, NaN propagation), which these two types
/// guarantee.
pub trait Real: RealField + Copy + sealed::Sealed {
    /// Converts an `f64` constant (a learning rate, a slope, a count) to this type.
    fn lit(value: f64) -> Self;

    /// `eˣ` from [`math`](crate::math): basic IEEE operations only, so the same bits on every
    /// target, and in this type's precision only (no `f64` inside the `f32` version).
    fn portable_exp(self) -> Self;

    /// `tanh x` from [`math`](crate::math), like [`Real::portable_exp`].
    fn portable_tanh(self) -> Self;
}

impl Real for f32 {
    #[inline]
    fn lit(value: f64) -> Self {
        value as f32
    }

    #[inline]
    fn portable_exp(self) -> Self {
        math::expf(self)
    }

    #[inline]
    fn portable_tanh(self) -> Self {
        math::tanhf(self)
    }
}

impl Real for f64 {
    #[inline]
    fn lit(value: f64) -> Self {
        value
    }

    #[inline]
    fn portable_exp(self) -> Self {
        math::exp(self)
    }

    #[inline]
    fn portable_tanh(self) -> Self {
        math::tanh(self)
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}
