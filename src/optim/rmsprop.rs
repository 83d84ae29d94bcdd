//! RMSProp (Tieleman & Hinton, 2012), as PyTorch's `torch.optim.RMSprop` computes it.

use crate::{Float, Parameters, Rule, Stateful};

/// RMSProp: `s ← ρ s + (1 - ρ) g²` and `θ ← θ - η g / (√s + ε)` for every parameter, `s` from 0.
pub type RmsProp<N> = Stateful<N, RmsPropRule<<N as Parameters>::Scalar>, 1, 2>;

/// The update of [`RmsProp`], built from it: `RmsProp::<N>::from_rule(rule)`; state `[s]`.
#[derive(Clone, Copy, Debug, PartialEq, bytemuck::Zeroable)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RmsPropRule<T> {
    /// The learning rate `η` (PyTorch's default: `0.01`).
    pub learning_rate: T,
    /// `ρ`, the fraction of `s` each step keeps (PyTorch's `alpha`, default `0.99`).
    pub rho: T,
    /// `ε`, added outside the root as PyTorch does (default `10⁻⁸`).
    pub epsilon: T,
}

impl<T: Float> Rule<T, 1> for RmsPropRule<T> {
    const STATE: [&'static str; 1] = ["mean_square"];

    fn check(&self) -> Result<(), crate::InvalidHyperparameter<T>> {
        crate::hyperparameters::adaptive(self.learning_rate, &[("rho", self.rho)], self.epsilon)
    }

    #[inline]
    fn update(&self, parameter: T, gradient: T, [s]: [T; 1]) -> (T, [T; 1]) {
        let s = self.rho * s + (T::one() - self.rho) * gradient * gradient;
        let change = self.learning_rate * gradient / (s.sqrt() + self.epsilon);
        (parameter - change, [s])
    }
}
