//! The scalar type of a network: `f32` or `f64`.

use nalgebra::RealField;

/// A floating-point scalar a network computes in: `f32` or `f64`.
///
/// This is the one bound generic code needs on its element type. It is sealed: the layers
/// rely on IEEE semantics (`exp` overflowing to `∞`, NaN propagation), which these two types
/// guarantee.
pub trait Real: RealField + Copy + sealed::Sealed {
    /// Converts an `f64` constant (a learning rate, a slope, a count) to this type.
    fn lit(value: f64) -> Self;
}

impl Real for f32 {
    #[inline]
    fn lit(value: f64) -> Self {
        value as f32
    }
}

impl Real for f64 {
    #[inline]
    fn lit(value: f64) -> Self {
        value
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}
