//! Independent implementations of the same networks, written as a Rust user would without
//! constnet: `scalar` with loops over fixed-size arrays, `ndarray` with `Array2` and
//! `.dot()`. Neither uses constnet; they start from its weights through
//! [`LayerWeights`](crate::workloads::LayerWeights) only.

use core::fmt::Debug;
use core::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

pub mod ndarray;
pub mod scalar;

/// The arithmetic both peers need from `f32` and `f64`, with the standard library's `exp`
/// and `ln` (what a user calls; constnet calls libm's).
pub trait Float:
    Copy
    + Debug
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + 'static
{
    const ZERO: Self;
    const ONE: Self;
    const NEG_INFINITY: Self;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn from_f64(value: f64) -> Self;
}

impl Float for f32 {
    const ZERO: f32 = 0.0;
    const ONE: f32 = 1.0;
    const NEG_INFINITY: f32 = f32::NEG_INFINITY;
    fn exp(self) -> f32 {
        f32::exp(self)
    }
    fn ln(self) -> f32 {
        f32::ln(self)
    }
    fn from_f64(value: f64) -> f32 {
        value as f32
    }
}

impl Float for f64 {
    const ZERO: f64 = 0.0;
    const ONE: f64 = 1.0;
    const NEG_INFINITY: f64 = f64::NEG_INFINITY;
    fn exp(self) -> f64 {
        f64::exp(self)
    }
    fn ln(self) -> f64 {
        f64::ln(self)
    }
    fn from_f64(value: f64) -> f64 {
        value
    }
}
