//! Plain gradient descent.

use crate::{InvalidHyperparameter, Layer, Real};

use super::{apply_rule, NonFiniteUpdate, Optimizer, Rule, RuleState};

/// Gradient descent: `θ ← θ - η (∂L/∂θ + λ θ)` for every parameter `θ`, with learning rate
/// `η` and weight decay `λ` (0 unless set).
///
/// It keeps no state, so the rule is its own optimizer, for any network of scalar `T`, with no
/// [`Stateful`](crate::Stateful) around it. In fixed point it computes the same update as
/// `(1 - ηλ) θ - η ∂L/∂θ`, rounded once (`1 - ηλ` itself is rounded to the type).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Sgd<T> {
    /// The learning rate `η`.
    pub learning_rate: T,
    /// The weight decay `λ`: an L2 penalty `½ λ θ²` added to the loss of every parameter.
    pub weight_decay: T,
}

impl<T: Real> Sgd<T> {
    /// Gradient descent with learning rate `learning_rate` and no weight decay; a learning
    /// rate that is not a finite number ≥ 0 is refused.
    pub fn new(learning_rate: T) -> Result<Self, InvalidHyperparameter<T>> {
        Self {
            learning_rate,
            weight_decay: T::zero(),
        }
        .checked()
    }

    /// The same, with weight decay `weight_decay` (a finite number ≥ 0).
    pub fn with_weight_decay(self, weight_decay: T) -> Result<Self, InvalidHyperparameter<T>> {
        Self {
            weight_decay,
            ..self
        }
        .checked()
    }

    fn checked(self) -> Result<Self, InvalidHyperparameter<T>> {
        Rule::<T, 0>::check(&self).map(|()| self)
    }
}

impl<T: Real> Rule<T, 0> for Sgd<T> {
    fn check(&self) -> Result<(), crate::InvalidHyperparameter<T>> {
        use crate::hyperparameters::non_negative;
        non_negative("learning_rate", self.learning_rate)?;
        non_negative("weight_decay", self.weight_decay)
    }

    #[inline]
    fn update(&self, parameter: T, gradient: T, _: [T; 0]) -> (T, [T; 0]) {
        if T::FLOAT {
            let descent = gradient + self.weight_decay * parameter;
            (parameter - self.learning_rate * descent, [])
        } else {
            Descent::from(self).update(parameter, gradient, [])
        }
    }
}

/// SGD's update in fixed point, `θ ← (1 - ηλ) θ - η g`, with `1 - ηλ` computed once for a
/// step rather than once a parameter: two exact products, rounded once, and no branch on
/// `λ`, which in a fully unrolled step would duplicate the update's code.
struct Descent<T> {
    /// `1 - ηλ`: what is kept of a parameter.
    kept: T,
    /// `η`.
    learning_rate: T,
}

impl<T: Real> From<&Sgd<T>> for Descent<T> {
    #[inline]
    fn from(sgd: &Sgd<T>) -> Self {
        Self {
            kept: T::one() - sgd.learning_rate * sgd.weight_decay,
            learning_rate: sgd.learning_rate,
        }
    }
}

impl<T: Real> Rule<T, 0> for Descent<T> {
    fn check(&self) -> Result<(), crate::InvalidHyperparameter<T>> {
        Ok(())
    }

    #[inline]
    fn update(&self, parameter: T, gradient: T, _: [T; 0]) -> (T, [T; 0]) {
        let sum = T::product_difference(self.kept, parameter, self.learning_rate, gradient);
        (sum, [])
    }
}

/// [`Descent`] for parameters kept whole (no weight decay), as a type of its own: the constant
/// 1 is then in the update's code wherever the compiler places it, and the product by it is
/// gone.
struct WholeDescent<T> {
    /// `η`.
    learning_rate: T,
}

impl<T: Real> Rule<T, 0> for WholeDescent<T> {
    fn check(&self) -> Result<(), crate::InvalidHyperparameter<T>> {
        Ok(())
    }

    #[inline]
    fn update(&self, parameter: T, gradient: T, _: [T; 0]) -> (T, [T; 0]) {
        let sum = T::product_difference(T::one(), parameter, self.learning_rate, gradient);
        (sum, [])
    }
}

impl<T: Real, N: Layer<Scalar = T>> Optimizer<N> for Sgd<T> {
    fn step(
        &mut self,
        network: &mut N,
        gradients: &mut N::Gradients,
    ) -> Result<(), NonFiniteUpdate> {
        let mut state = RuleState::default();
        if T::FLOAT {
            return apply_rule::<N, Self, 0, 0>(network, gradients, &mut state, self);
        }
        if !T::CHEAP_PRODUCT && self.weight_decay == T::zero() {
            // Where a product is a dozen instructions, a second copy of the update, for
            // parameters kept whole (no weight decay), saves one a parameter. (A decay so
            // small that `1 - ηλ` rounds to 1 takes the other copy, to the same result.)
            let whole = WholeDescent {
                learning_rate: self.learning_rate,
            };
            apply_rule::<N, _, 0, 0>(network, gradients, &mut state, &whole)
        } else {
            apply_rule::<N, _, 0, 0>(network, gradients, &mut state, &Descent::from(&*self))
        }
    }

    fn check(&self) -> Result<(), crate::InvalidHyperparameter<T>> {
        Rule::<T, 0>::check(self)
    }
}
