//! Gradient descent with momentum: the generalized delta rule of Rumelhart, Hinton & Williams.

use core::fmt;

use crate::{Layer, Real};

use super::{apply_rule, NonFiniteUpdate, Optimizer, Rule, RuleState};

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
/// type `N`. It is kept twice (see [`RuleState`]) so that a step is one all-or-nothing pass:
///
/// ```
/// use constnet::{Dense, Layer, Momentum, Mse, Network, Optimizer, Sigmoid};
/// use nalgebra::matrix;
///
/// type Net = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 1, Sigmoid>)>;
/// let mut net = Net::default();
/// let mut momentum = Momentum::<Net>::new(0.5, 0.9);
/// let (x, y) = (matrix![0.0, 1.0], matrix![1.0]);
/// let before = net.loss::<Mse, 1>(&x, &y);
/// for _ in 0..10 {
///     let (_, mut gradients) = net.loss_and_gradients::<Mse, 1>(&x, &y);
///     momentum.step(&mut net, &mut gradients)?;
/// }
/// assert!(net.loss::<Mse, 1>(&x, &y) < before);
/// # Ok::<(), constnet::NonFiniteUpdate>(())
/// ```
#[cfg_attr(feature = "std", derive(bytemuck::Zeroable))]
#[cfg_attr(
    feature = "std",
    zeroable(bound = "N::Scalar: bytemuck::Zeroable, N::Gradients: bytemuck::Zeroable")
)]
pub struct Momentum<N: Layer> {
    /// The learning rate `ε`.
    pub learning_rate: N::Scalar,
    /// The momentum `α`: the fraction of the last change carried into the next.
    pub momentum: N::Scalar,
    /// `Δθ(t-1)` of every parameter, and room for `Δθ(t)`.
    velocity: RuleState<N::Gradients, 2>,
}

impl<N: Layer> Momentum<N> {
    /// Learning rate `ε = learning_rate`, momentum `α = momentum`, and no previous change.
    pub fn new(learning_rate: N::Scalar, momentum: N::Scalar) -> Self {
        Self {
            learning_rate,
            momentum,
            velocity: RuleState::default(),
        }
    }

    /// [`Momentum::new`] built directly on the heap, for a network too large to have its
    /// optimizer state pass through the stack.
    #[cfg(feature = "std")]
    pub fn boxed(learning_rate: N::Scalar, momentum: N::Scalar) -> std::boxed::Box<Self>
    where
        Self: crate::Zeroable,
    {
        let mut boxed = crate::boxed_zeroed::<Self>();
        boxed.learning_rate = learning_rate;
        boxed.momentum = momentum;
        boxed
    }

    /// The last change `Δθ(t-1)` of every parameter, shaped like the gradients.
    pub fn velocity(&self) -> &N::Gradients {
        &self.velocity.values()[0]
    }

    /// Forgets the previous changes, as if no step had been taken.
    pub fn reset(&mut self) {
        self.velocity.refill(&[]);
    }
}

/// The element-wise rule of [`Momentum`]; state `[Δθ(t-1)]`.
#[derive(Clone, Copy, Debug)]
struct MomentumRule<T> {
    learning_rate: T,
    momentum: T,
}

impl<T: Real> Rule<T, 1> for MomentumRule<T> {
    #[inline]
    fn update(&self, parameter: T, gradient: T, [change]: [T; 1]) -> (T, [T; 1]) {
        let change = self.momentum * change - self.learning_rate * gradient;
        (parameter + change, [change])
    }
}

impl<N: Layer> Optimizer<N> for Momentum<N> {
    fn step(
        &mut self,
        network: &mut N,
        gradients: &mut N::Gradients,
    ) -> Result<(), NonFiniteUpdate> {
        let rule = MomentumRule {
            learning_rate: self.learning_rate,
            momentum: self.momentum,
        };
        apply_rule(network, gradients, &mut self.velocity, &rule)
    }
}

impl<N: Layer> Clone for Momentum<N> {
    fn clone(&self) -> Self {
        Self {
            learning_rate: self.learning_rate,
            momentum: self.momentum,
            velocity: self.velocity.clone(),
        }
    }
}

impl<N: Layer> fmt::Debug for Momentum<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Momentum")
            .field("learning_rate", &self.learning_rate)
            .field("momentum", &self.momentum)
            .field("velocity", self.velocity())
            .finish()
    }
}

/// Equal hyperparameters and equal state.
impl<N: Layer> PartialEq for Momentum<N>
where
    N::Gradients: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.learning_rate == other.learning_rate
            && self.momentum == other.momentum
            && self.velocity() == other.velocity()
    }
}
