//! Learning rates that change during training: the optimizers that have one, and schedules
//! that give it epoch by epoch.

use core::f64::consts::PI;

use nalgebra::ComplexField;

use crate::{AdamRule, Layer, MomentumRule, Real, RmsPropRule, Rule, Sgd, Stateful};

/// An optimizer with a learning rate, which [`train`](crate::train)'s per-epoch callback may
/// change, by hand or from a schedule ([`StepDecay`], [`Cosine`]).
pub trait LearningRate<T> {
    /// The learning rate.
    fn learning_rate(&self) -> T;

    /// Sets the learning rate for the steps that follow.
    fn set_learning_rate(&mut self, rate: T);
}

/// The rules whose learning rate is their `learning_rate` field.
macro_rules! learning_rate_field {
    ($($rule:ident),+) => {$(
        impl<T: Real> LearningRate<T> for $rule<T> {
            fn learning_rate(&self) -> T {
                self.learning_rate
            }

            fn set_learning_rate(&mut self, rate: T) {
                self.learning_rate = rate;
            }
        }
    )+};
}

learning_rate_field!(Sgd, MomentumRule, AdamRule, RmsPropRule);

/// A stateful optimizer has its rule's learning rate.
impl<N, R, const K: usize, const M: usize> LearningRate<N::Scalar> for Stateful<N, R, K, M>
where
    N: Layer,
    R: Rule<N::Scalar, K> + LearningRate<N::Scalar>,
{
    fn learning_rate(&self) -> N::Scalar {
        (**self).learning_rate()
    }

    fn set_learning_rate(&mut self, rate: N::Scalar) {
        (**self).set_learning_rate(rate);
    }
}

/// Step decay: `η(e) = η₀ · factor^⌊(e - 1) / every⌋` for epoch `e = 1, 2, …`, so the rate
/// drops by `factor` after every `every` epochs.
///
/// ```
/// use constnet::StepDecay;
/// let decay = StepDecay { initial: 0.1, factor: 0.5, every: 10 };
/// assert_eq!(decay.rate(1), 0.1);
/// assert_eq!(decay.rate(10), 0.1);
/// assert_eq!(decay.rate(11), 0.05);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepDecay {
    /// `η₀`, the rate of the first epochs.
    pub initial: f64,
    /// What the rate is multiplied by at each drop.
    pub factor: f64,
    /// Epochs between drops (0 means never).
    pub every: usize,
}

impl StepDecay {
    /// The rate for epoch `epoch`, counting from 1.
    pub fn rate(&self, epoch: usize) -> f64 {
        let drops = epoch.saturating_sub(1).checked_div(self.every).unwrap_or(0);
        let drops = i32::try_from(drops).unwrap_or(i32::MAX);
        self.initial * self.factor.powi(drops)
    }
}

/// Cosine annealing (Loshchilov & Hutter, 2017, without restarts):
/// `η(e) = η_min + ½ (η₀ - η_min)(1 + cos(π (e - 1) / epochs))` for epoch `e = 1, 2, …`, from
/// `η₀` at the first epoch down towards `η_min`, which it stays at after `epochs`.
///
/// ```
/// use constnet::Cosine;
/// let cosine = Cosine { initial: 0.1, min: 0.0, epochs: 10 };
/// assert_eq!(cosine.rate(1), 0.1);
/// assert!((cosine.rate(6) - 0.05).abs() < 1e-15); // half way
/// assert_eq!(cosine.rate(11), 0.0);
/// assert_eq!(cosine.rate(50), 0.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cosine {
    /// `η₀`, the rate of the first epoch.
    pub initial: f64,
    /// `η_min`, the rate at the end.
    pub min: f64,
    /// Epochs from `η₀` to `η_min`.
    pub epochs: usize,
}

impl Cosine {
    /// The rate for epoch `epoch`, counting from 1.
    pub fn rate(&self, epoch: usize) -> f64 {
        let done = epoch.saturating_sub(1).min(self.epochs);
        let fraction = if self.epochs == 0 {
            1.0
        } else {
            done as f64 / self.epochs as f64
        };
        self.min + 0.5 * (self.initial - self.min) * (1.0 + ComplexField::cos(PI * fraction))
    }
}
