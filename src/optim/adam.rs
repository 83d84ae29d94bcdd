//! Adam: adaptive moment estimation (Kingma & Ba, 2015).

use crate::{Float, InvalidHyperparameter, Layer, Parameters, Real};

use super::{Rule, Stateful};

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
/// gradients, on the stack (kept twice, see [`RuleState`](crate::RuleState)), so an `Adam<N>`
/// belongs to networks of type `N`. It is the [`Stateful`] optimizer of [`AdamRule`], whose
/// fields read as its own (`adam.beta1`). The bias corrections are computed once per step, not
/// once per parameter.
///
/// `t` counts successful steps only: a step that fails with
/// [`NonFiniteUpdate`](crate::NonFiniteUpdate) changes neither the network, nor `m` and `v`,
/// nor `t`.
///
/// ```
/// use constnet::{Adam, Dense, Layer, Mse, Network, Optimizer, Sigmoid};
/// use nalgebra::matrix;
///
/// type Net = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 1, Sigmoid>)>;
/// let mut net = Net::default();
/// let mut adam = Adam::<Net>::new(0.01)?.with_betas(0.9, 0.99)?;
/// let (x, y) = (matrix![0.0, 1.0], matrix![1.0]);
/// let before = net.loss::<Mse, 1>(&x, &y);
/// for _ in 0..10 {
///     let (_, mut gradients) = net.loss_and_gradients::<Mse, 1>(&x, &y);
///     adam.step(&mut net, &mut gradients)?;
/// }
/// assert_eq!(adam.steps(), 10);
/// assert!(net.loss::<Mse, 1>(&x, &y) < before);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Adam<N> = Stateful<N, AdamRule<<N as Parameters>::Scalar>, 2, 4>;

/// The update of [`Adam`]; state `[m, v]`. Its bias corrections come from [`Rule::at_step`],
/// which [`Stateful`] calls every step: applied without it (by
/// [`apply_rule`](crate::apply_rule) directly), the rule corrects nothing.
#[derive(Clone, Copy, Debug, PartialEq, bytemuck::Zeroable)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(bound(deserialize = "T: Real + serde::Deserialize<'de>"))
)]
pub struct AdamRule<T> {
    /// The learning rate `η`.
    pub learning_rate: T,
    /// `β₁`, the decay rate of the first moment `m`.
    pub beta1: T,
    /// `β₂`, the decay rate of the second moment `v`.
    pub beta2: T,
    /// `ε`, added to `√v̂` so that the division is defined when `v̂ = 0`.
    pub epsilon: T,
    /// `[1 - β₁ᵗ, 1 - β₂ᵗ]` of the step being taken, set by [`Rule::at_step`]; `[1, 1]` (no
    /// correction) in the rule an optimizer keeps between steps. Not saved: a loaded rule is one
    /// kept between steps.
    #[cfg_attr(feature = "serde", serde(skip, default = "no_corrections"))]
    corrections: [T; 2],
}

/// The corrections of a rule between steps: none.
fn no_corrections<T: Real>() -> [T; 2] {
    [T::one(); 2]
}

impl<T: Real> AdamRule<T> {
    /// Learning rate `η = learning_rate` and the paper's defaults: `β₁ = 0.9`, `β₂ = 0.999`,
    /// `ε = 10⁻⁸`.
    pub fn new(learning_rate: T) -> Self {
        let [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8].map(T::lit);
        Self {
            learning_rate,
            beta1,
            beta2,
            epsilon,
            corrections: no_corrections(),
        }
    }
}

impl<N: Layer<Scalar: Float>> Adam<N> {
    /// Learning rate `η = learning_rate`, `β₁ = 0.9`, `β₂ = 0.999`, `ε = 10⁻⁸`, and `m = v = 0`.
    pub fn new(learning_rate: N::Scalar) -> Result<Self, InvalidHyperparameter<N::Scalar>> {
        Self::from_rule(AdamRule::new(learning_rate))
    }

    /// [`Adam::new`] built directly on the heap, for a network too large to have its optimizer
    /// state pass through the stack.
    #[cfg(feature = "std")]
    pub fn boxed(
        learning_rate: N::Scalar,
    ) -> Result<std::boxed::Box<Self>, InvalidHyperparameter<N::Scalar>>
    where
        Self: crate::Zeroable,
    {
        Self::boxed_from_rule(AdamRule::new(learning_rate))
    }

    /// The same, with decay rates `β₁ = beta1` and `β₂ = beta2`.
    pub fn with_betas(
        mut self,
        beta1: N::Scalar,
        beta2: N::Scalar,
    ) -> Result<Self, InvalidHyperparameter<N::Scalar>> {
        (self.beta1, self.beta2) = (beta1, beta2);
        self.checked()
    }

    /// The same, with `ε = epsilon`.
    pub fn with_epsilon(
        mut self,
        epsilon: N::Scalar,
    ) -> Result<Self, InvalidHyperparameter<N::Scalar>> {
        self.epsilon = epsilon;
        self.checked()
    }

    /// The first moment `m` of every parameter, shaped like the gradients.
    pub fn first_moment(&self) -> &N::Gradients {
        &self.state()[0]
    }

    /// The second moment `v` of every parameter, shaped like the gradients.
    pub fn second_moment(&self) -> &N::Gradients {
        &self.state()[1]
    }
}

impl<T: Float> Rule<T, 2> for AdamRule<T> {
    const STATE: [&'static str; 2] = ["m", "v"];

    /// The rule with step `t`'s bias corrections.
    fn at_step(&self, t: u64) -> Self {
        // `t` as a float, so that no step count is out of range (`powi` takes an `i32`).
        let t = T::lit(t as f64);
        let corrections = [self.beta1, self.beta2].map(|beta| T::one() - beta.powf(t));
        Self {
            corrections,
            ..*self
        }
    }

    fn check(&self) -> Result<(), crate::InvalidHyperparameter<T>> {
        let decays = [("beta1", self.beta1), ("beta2", self.beta2)];
        crate::hyperparameters::adaptive(self.learning_rate, &decays, self.epsilon)
    }

    #[inline]
    fn update(&self, parameter: T, gradient: T, [m, v]: [T; 2]) -> (T, [T; 2]) {
        let one = T::one();
        let m = self.beta1 * m + (one - self.beta1) * gradient;
        let v = self.beta2 * v + (one - self.beta2) * gradient * gradient;
        let [correction1, correction2] = self.corrections;
        let m_hat = m / correction1;
        let v_hat = v / correction2;
        let parameter = parameter - self.learning_rate * m_hat / (v_hat.sqrt() + self.epsilon);
        (parameter, [m, v])
    }
}
