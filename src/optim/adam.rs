//! Adam: adaptive moment estimation (Kingma & Ba, 2015).

use core::fmt;

use crate::{Layer, Real};

use super::{apply_rule, NonFiniteUpdate, Optimizer, Rule, RuleState};

/// Adam (Kingma & Ba, "Adam: A Method for Stochastic Optimization", 2015), with bias
/// correction: at step `t = 1, 2, …`, for every parameter `θ` with gradient `g = ∂L/∂θ`,
///
/// ```text
/// m ← β₁ m + (1 - β₁) g          first moment (mean of g)
/// v ← β₂ v + (1 - β₂) g²         second moment (uncentered variance of g)
/// m̂ = m / (1 - β₁ᵗ)              bias corrections: m and v start at 0
/// v̂ = v / (1 - β₂ᵗ)
/// θ ← θ - η m̂ / (√v̂ + ε)
/// ```
///
/// with learning rate `η` and the paper's defaults `β₁ = 0.9`, `β₂ = 0.999`, `ε = 10⁻⁸`.
/// The moments `m` and `v` are the optimizer's state: two values shaped like the network's
/// gradients, on the stack (kept twice, see [`RuleState`]), so an `Adam<N>` belongs to networks
/// of type `N`. The bias
/// corrections are computed once per step, not once per parameter.
///
/// `t` counts successful steps only: a step that fails with [`NonFiniteUpdate`] changes
/// neither the network, nor `m` and `v`, nor `t`.
///
/// ```
/// use constnet::{Adam, Dense, Layer, Mse, Network, Optimizer, Sigmoid};
/// use nalgebra::matrix;
///
/// type Net = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 1, Sigmoid>)>;
/// let mut net = Net::default();
/// let mut adam = Adam::<Net>::new(0.01).with_betas(0.9, 0.99);
/// let (x, y) = (matrix![0.0, 1.0], matrix![1.0]);
/// let before = net.loss::<Mse, 1>(&x, &y);
/// for _ in 0..10 {
///     let (_, mut gradients) = net.loss_and_gradients::<Mse, 1>(&x, &y);
///     adam.step(&mut net, &mut gradients)?;
/// }
/// assert_eq!(adam.steps(), 10);
/// assert!(net.loss::<Mse, 1>(&x, &y) < before);
/// # Ok::<(), constnet::NonFiniteUpdate>(())
/// ```
#[cfg_attr(feature = "std", derive(bytemuck::Zeroable))]
#[cfg_attr(
    feature = "std",
    zeroable(bound = "N::Scalar: bytemuck::Zeroable, N::Gradients: bytemuck::Zeroable")
)]
pub struct Adam<N: Layer> {
    /// The learning rate `η`.
    pub learning_rate: N::Scalar,
    /// `β₁`, the decay rate of the first moment `m`.
    pub beta1: N::Scalar,
    /// `β₂`, the decay rate of the second moment `v`.
    pub beta2: N::Scalar,
    /// `ε`, added to `√v̂` so that the division is defined when `v̂ = 0`.
    pub epsilon: N::Scalar,
    /// `[m, v]`.
    moments: RuleState<N::Gradients, 4>,
    /// The number of successful steps, `t` of the last step.
    steps: u64,
}

impl<N: Layer> Adam<N> {
    /// Learning rate `η = learning_rate`, `β₁ = 0.9`, `β₂ = 0.999`, `ε = 10⁻⁸`, and `m = v = 0`.
    pub fn new(learning_rate: N::Scalar) -> Self {
        let [learning_rate, beta1, beta2, epsilon] = Self::hyperparameters(learning_rate);
        Self {
            learning_rate,
            beta1,
            beta2,
            epsilon,
            moments: RuleState::default(),
            steps: 0,
        }
    }

    /// [`Adam::new`] built directly on the heap, for a network too large to have its optimizer
    /// state pass through the stack.
    #[cfg(feature = "std")]
    pub fn boxed(learning_rate: N::Scalar) -> std::boxed::Box<Self>
    where
        Self: crate::Zeroable,
    {
        let mut boxed = crate::boxed_zeroed::<Self>();
        [boxed.learning_rate, boxed.beta1, boxed.beta2, boxed.epsilon] =
            Self::hyperparameters(learning_rate);
        boxed
    }

    /// `(η, β₁, β₂, ε)`: `learning_rate` and the paper's defaults.
    fn hyperparameters(learning_rate: N::Scalar) -> [N::Scalar; 4] {
        [
            learning_rate,
            N::Scalar::lit(0.9),
            N::Scalar::lit(0.999),
            N::Scalar::lit(1e-8),
        ]
    }

    /// The same, with decay rates `β₁ = beta1` and `β₂ = beta2`.
    pub fn with_betas(self, beta1: N::Scalar, beta2: N::Scalar) -> Self {
        Self {
            beta1,
            beta2,
            ..self
        }
    }

    /// The same, with `ε = epsilon`.
    pub fn with_epsilon(self, epsilon: N::Scalar) -> Self {
        Self { epsilon, ..self }
    }

    /// The first moment `m` of every parameter, shaped like the gradients.
    pub fn first_moment(&self) -> &N::Gradients {
        &self.moments.values()[0]
    }

    /// The second moment `v` of every parameter, shaped like the gradients.
    pub fn second_moment(&self) -> &N::Gradients {
        &self.moments.values()[1]
    }

    /// The number of successful steps taken: the `t` of the last step.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Forgets the moments and the step count, as if no step had been taken.
    pub fn reset(&mut self) {
        self.moments.refill(&[]);
        self.steps = 0;
    }
}

/// The element-wise rule of [`Adam`] at one step `t`; state `[m, v]`.
#[derive(Clone, Copy, Debug)]
struct AdamRule<T> {
    learning_rate: T,
    beta1: T,
    beta2: T,
    epsilon: T,
    /// `1 - β₁ᵗ`.
    correction1: T,
    /// `1 - β₂ᵗ`.
    correction2: T,
}

impl<T: Real> AdamRule<T> {
    /// The rule of `adam`'s step `t`: its bias corrections, computed once.
    fn at_step<N: Layer<Scalar = T>>(adam: &Adam<N>, t: u64) -> Self {
        // `t` as a float, so that no step count is out of range (`powi` takes an `i32`).
        let t = T::lit(t as f64);
        Self {
            learning_rate: adam.learning_rate,
            beta1: adam.beta1,
            beta2: adam.beta2,
            epsilon: adam.epsilon,
            correction1: T::one() - adam.beta1.powf(t),
            correction2: T::one() - adam.beta2.powf(t),
        }
    }
}

impl<T: Real> Rule<T, 2> for AdamRule<T> {
    #[inline]
    fn update(&self, parameter: T, gradient: T, [m, v]: [T; 2]) -> (T, [T; 2]) {
        let one = T::one();
        let m = self.beta1 * m + (one - self.beta1) * gradient;
        let v = self.beta2 * v + (one - self.beta2) * gradient * gradient;
        let m_hat = m / self.correction1;
        let v_hat = v / self.correction2;
        let parameter = parameter - self.learning_rate * m_hat / (v_hat.sqrt() + self.epsilon);
        (parameter, [m, v])
    }
}

impl<N: Layer> Optimizer<N> for Adam<N> {
    fn step(
        &mut self,
        network: &mut N,
        gradients: &mut N::Gradients,
    ) -> Result<(), NonFiniteUpdate> {
        let t = self.steps.saturating_add(1);
        let rule = AdamRule::at_step(self, t);
        apply_rule(network, gradients, &mut self.moments, &rule)?;
        self.steps = t;
        Ok(())
    }
}

impl<N: Layer> Clone for Adam<N> {
    fn clone(&self) -> Self {
        Self {
            learning_rate: self.learning_rate,
            beta1: self.beta1,
            beta2: self.beta2,
            epsilon: self.epsilon,
            moments: self.moments.clone(),
            steps: self.steps,
        }
    }
}

impl<N: Layer> fmt::Debug for Adam<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Adam")
            .field("learning_rate", &self.learning_rate)
            .field("beta1", &self.beta1)
            .field("beta2", &self.beta2)
            .field("epsilon", &self.epsilon)
            .field("m", self.first_moment())
            .field("v", self.second_moment())
            .field("steps", &self.steps)
            .finish()
    }
}

/// Equal hyperparameters, equal moments and equal step counts.
impl<N: Layer> PartialEq for Adam<N>
where
    N::Gradients: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.learning_rate == other.learning_rate
            && self.beta1 == other.beta1
            && self.beta2 == other.beta2
            && self.epsilon == other.epsilon
            && self.moments.values() == other.moments.values()
            && self.steps == other.steps
    }
}
