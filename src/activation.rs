//! Activation functions `g`, each with its derivative `g'` beside it.
//!
//! An activation is a zero-sized type: it costs no memory in a layer and its calls are
//! resolved at compile time. Adding one is one small `impl`.

use core::fmt::Debug;

use crate::{Outputs, Real};

/// An element-wise activation `y = g(v)` and its derivative.
pub trait Activation: Copy + Debug + Default + PartialEq + 'static {
    /// A short name for printing a network (`"sigmoid"`, `"relu"`, …).
    const NAME: &'static str;

    /// The values `g` takes, which decide the losses a network ending in it can train with.
    /// Unknown unless an activation says.
    const OUTPUTS: Outputs = Outputs::Unknown;

    /// `g(v)`.
    fn apply<T: Real>(v: T) -> T;

    /// `g'(v)`, given both `v` and `y = g(v)` so that each activation uses the cheaper form
    /// (sigmoid's `y(1 - y)` needs no second `exp`).
    fn derivative<T: Real>(v: T, y: T) -> T;
}

/// The logistic sigmoid of the lecture and of Rumelhart 1986: `g(v) = 1 / (1 + e^{-v})`,
/// `g'(v) = g(v)(1 - g(v))`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sigmoid;

impl Activation for Sigmoid {
    const NAME: &'static str = "sigmoid";
    const OUTPUTS: Outputs = Outputs::Probabilities;

    #[inline]
    fn apply<T: Real>(v: T) -> T {
        v.sigmoid()
    }

    #[inline]
    fn derivative<T: Real>(_v: T, y: T) -> T {
        y.logistic_slope()
    }
}

/// The rectified linear unit: `g(v) = max(0, v)`, `g'(v) = 1` if `v > 0` else `0`
/// (so `g'(0) = 0`, as in the lecture).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Relu;

impl Activation for Relu {
    const NAME: &'static str = "relu";
    const OUTPUTS: Outputs = Outputs::NonNegative;

    #[inline]
    fn apply<T: Real>(v: T) -> T {
        if v > T::zero() {
            v
        } else {
            T::zero()
        }
    }

    #[inline]
    fn derivative<T: Real>(v: T, _y: T) -> T {
        if v > T::zero() {
            T::one()
        } else {
            T::zero()
        }
    }
}

/// Leaky ReLU with slope 0.01 below zero: `g(v) = v` if `v > 0` else `0.01 v`;
/// `g'(v) = 1` if `v > 0` else `0.01`. In fixed point the slope is 0.01 rounded to the type:
/// 655/65536 in Q16.16, 3/256 (0.0117) in Q8.8.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeakyRelu;

impl LeakyRelu {
    /// The slope for `v ≤ 0`.
    pub const SLOPE: f64 = 0.01;
}

impl Activation for LeakyRelu {
    const NAME: &'static str = "leaky-relu";
    const OUTPUTS: Outputs = Outputs::Unbounded;

    #[inline]
    fn apply<T: Real>(v: T) -> T {
        if v > T::zero() {
            v
        } else {
            v * T::lit(Self::SLOPE)
        }
    }

    #[inline]
    fn derivative<T: Real>(v: T, _y: T) -> T {
        if v > T::zero() {
            T::one()
        } else {
            T::lit(Self::SLOPE)
        }
    }
}

/// The hyperbolic tangent: `g(v) = tanh v`, `g'(v) = 1 - g(v)²`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tanh;

impl Activation for Tanh {
    const NAME: &'static str = "tanh";
    const OUTPUTS: Outputs = Outputs::Symmetric;

    #[inline]
    fn apply<T: Real>(v: T) -> T {
        v.portable_tanh()
    }

    #[inline]
    fn derivative<T: Real>(_v: T, y: T) -> T {
        T::one() - y * y
    }
}

/// No activation: `g(v) = v`, `g'(v) = 1`. The usual output layer for regression and for
/// [`SoftmaxCrossEntropy`](crate::SoftmaxCrossEntropy), which takes raw scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Identity;

impl Activation for Identity {
    const NAME: &'static str = "identity";
    const OUTPUTS: Outputs = Outputs::Unbounded;

    #[inline]
    fn apply<T: Real>(v: T) -> T {
        v
    }

    #[inline]
    fn derivative<T: Real>(_v: T, _y: T) -> T {
        T::one()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Central difference of `g` at `v`, to check each `g'` against its `g`.
    fn numeric_derivative<A: Activation>(v: f64) -> f64 {
        let h = 1e-6;
        (A::apply(v + h) - A::apply(v - h)) / (2.0 * h)
    }

    fn check_derivative<A: Activation>() {
        for v in [-3.0, -0.7, -0.1, 0.2, 0.9, 2.5] {
            let analytic = A::derivative(v, A::apply(v));
            let numeric = numeric_derivative::<A>(v);
            assert!(
                (analytic - numeric).abs() < 1e-8,
                "{}: g'({v}) = {analytic}, numeric {numeric}",
                A::NAME
            );
        }
    }

    #[test]
    fn derivatives_match_their_functions() {
        check_derivative::<Sigmoid>();
        check_derivative::<Relu>();
        check_derivative::<LeakyRelu>();
        check_derivative::<Tanh>();
        check_derivative::<Identity>();
    }

    #[test]
    fn kinks_follow_the_lecture() {
        assert_eq!(Relu::derivative(0.0_f64, 0.0), 0.0);
        assert_eq!(Relu::apply(-2.0_f32), 0.0);
        assert_eq!(LeakyRelu::derivative(0.0_f64, 0.0), 0.01);
        assert_eq!(LeakyRelu::apply(-2.0_f64), -0.02);
    }

    #[test]
    fn sigmoid_saturates_without_nan() {
        assert_eq!(Sigmoid::apply(-1000.0_f32), 0.0);
        assert_eq!(Sigmoid::apply(1000.0_f32), 1.0);
        assert_eq!(Sigmoid::apply(0.0_f64), 0.5);
    }
}
