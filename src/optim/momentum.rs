//! Gradient descent with momentum: the generalized delta rule of Rumelhart, Hinton & Williams.

use crate::{InvalidHyperparameter, Layer, Parameters, Real};

use super::{Rule, Stateful};

/// Gradient descent with momentum, the generalized delta rule of Rumelhart, Hinton & Williams
/// (1986): for every parameter `θ`,
///
/// ```text
/// Δθ(t) = -ε ∂L/∂θ + α Δθ(t-1)
/// θ     ← θ + Δθ(t)
/// ```
///
/// with learning rate `ε` and momentum `α` (`0 ≤ α < 1`; `α = 0` is plain gradient descent).
/// `Δθ(0) = 0`. The last change `Δθ` of every parameter is the optimizer's state: one value
/// shaped like the network's gradients, on the stack, so a `Momentum<N>` belongs to networks of
/// type `N`. It is the [`Stateful`] optimizer of [`MomentumRule`], whose fields read as its own
/// (`momentum.learning_rate`), and its state is kept twice (see [`RuleState`](crate::RuleState))
/// so that a step is one all-or-nothing pass:
///
/// ```
/// use constnet::{Dense, Layer, Momentum, Mse, Network, Optimizer, Sigmoid};
/// use nalgebra::matrix;
///
/// type Net = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 1, Sigmoid>)>;
/// let mut net = Net::default();
/// let mut momentum = Momentum::<Net>::new(0.5, 0.9)?;
/// let (x, y) = (matrix![0.0, 1.0], matrix![1.0]);
/// let before = net.loss::<Mse, 1>(&x, &y);
/// for _ in 0..10 {
///     let (_, mut gradients) = net.loss_and_gradients::<Mse, 1>(&x, &y);
///     momentum.step(&mut net, &mut gradients)?;
/// }
/// assert!(net.loss::<Mse, 1>(&x, &y) < before);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Momentum<N> = Stateful<N, MomentumRule<<N as Parameters>::Scalar>, 1, 2>;

/// The generalized delta rule of [`Momentum`]; state `[Δθ(t-1)]`, named `velocity`.
#[derive(Clone, Copy, Debug, PartialEq, bytemuck::Zeroable)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MomentumRule<T> {
    /// The learning rate `ε`.
    pub learning_rate: T,
    /// The momentum `α`: the fraction of the last change carried into the next.
    pub momentum: T,
}

impl<N: Layer> Momentum<N> {
    /// Learning rate `ε = learning_rate`, momentum `α = momentum`, and no previous change.
    pub fn new(
        learning_rate: N::Scalar,
        momentum: N::Scalar,
    ) -> Result<Self, InvalidHyperparameter<N::Scalar>> {
        Self::from_rule(MomentumRule {
            learning_rate,
            momentum,
        })
    }

    /// [`Momentum::new`] built directly on the heap, for a network too large to have its
    /// optimizer state pass through the stack.
    #[cfg(feature = "std")]
    pub fn boxed(
        learning_rate: N::Scalar,
        momentum: N::Scalar,
    ) -> Result<std::boxed::Box<Self>, InvalidHyperparameter<N::Scalar>>
    where
        Self: crate::Zeroable,
    {
        Self::boxed_from_rule(MomentumRule {
            learning_rate,
            momentum,
        })
    }

    /// The last change `Δθ(t-1)` of every parameter, shaped like the gradients.
    pub fn velocity(&self) -> &N::Gradients {
        &self.state()[0]
    }
}

impl<T: Real> Rule<T, 1> for MomentumRule<T> {
    const STATE: [&'static str; 1] = ["velocity"];

    fn check(&self) -> Result<(), crate::InvalidHyperparameter<T>> {
        use crate::hyperparameters::{fraction, non_negative};
        non_negative("learning_rate", self.learning_rate)?;
        fraction("momentum", self.momentum)
    }

    #[inline]
    fn update(&self, parameter: T, gradient: T, [change]: [T; 1]) -> (T, [T; 1]) {
        let change = self.momentum * change - self.learning_rate * gradient;
        (parameter + change, [change])
    }
}
