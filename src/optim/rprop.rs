//! Resilient backpropagation: iRprop⁻ (Igel & Hüsken, 2000).

use crate::{InvalidHyperparameter, Layer, Parameters, Real};

use super::{Rule, Stateful};

/// Resilient backpropagation in its iRprop⁻ form (Igel & Hüsken, "Improving the Rprop
/// Learning Algorithm", 2000), the default trainer of FANN. Every parameter `θ` has its own
/// step size `Δ`; only the **sign** of its gradient `g = ∂L/∂θ` is used. With `g₋` the
/// gradient stored at the previous step:
///
/// ```text
/// g · g₋ > 0:  Δ ← min(Δ η⁺, Δmax),  θ ← θ - sign(g) Δ,  g₋ ← g
/// g · g₋ < 0:  Δ ← max(Δ η⁻, Δmin),  θ unchanged,       g₋ ← 0
/// g · g₋ = 0:  Δ unchanged,          θ ← θ - sign(g) Δ,  g₋ ← g     (sign(0) = 0)
/// ```
///
/// A step size grows by `η⁺` while its gradient keeps its sign, and shrinks by `η⁻` when the
/// sign flips (the last step jumped over a minimum). Storing `0` after a flip makes the next
/// step a plain `-sign(g) Δ` step, so the same flip does not shrink `Δ` twice. The sign of
/// `g · g₋` is read from the two signs, so tiny gradients whose product would underflow to `0`
/// still count. A non-finite gradient is refused, at a sign flip too. The defaults
/// are FANN's: `η⁺ = 1.2`, `η⁻ = 0.5`, `Δmin = 0`, `Δmax = 50`, and every `Δ` starts at
/// `Δ₀ = 0.1`. There is no learning rate to tune.
///
/// The state is `Δ` and `g₋`: two values shaped like the network's gradients, on the stack
/// (kept twice, see [`RuleState`](crate::RuleState)), so an `Rprop<N>` belongs to networks of
/// type `N`. It is the [`Stateful`] optimizer of [`RpropRule`], whose fields read as its own
/// (`rprop.max_step`).
///
/// **Rprop is meant for full-batch training**: pass the gradient of the loss over the whole
/// training set at every step. With mini-batches, the sign of a gradient changes from one
/// batch to the next by sampling noise alone, and the step sizes shrink for no reason.
///
/// This is the algorithm as Igel & Hüsken state it. FANN's implementation departs from it at
/// the edges: it also grows `Δ` when `g · g₋ = 0`, moves a parameter whose gradient is `0`,
/// never lets `Δ` fall below `10⁻⁴` before scaling it, and clips weights to `±1500`.
///
/// ```
/// use constnet::{Dense, Layer, Mse, Network, Optimizer, Rprop, Sigmoid};
/// use nalgebra::matrix;
///
/// type Net = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 1, Sigmoid>)>;
/// let mut net = Net::new((
///     Dense::from_rows([[0.6, -0.3, 0.1], [0.4, 0.8, -0.5]], [-0.1, 0.2, 0.0]),
///     Dense::from_rows([[0.5], [0.9], [-0.4]], [-0.3]),
/// ));
/// let mut rprop = Rprop::<Net>::new();
/// // The whole training set, XOR, is one batch of 4 rows.
/// let x = matrix![0.0, 0.0; 0.0, 1.0; 1.0, 0.0; 1.0, 1.0];
/// let y = matrix![0.0; 1.0; 1.0; 0.0];
/// let before = net.loss::<Mse, 4>(&x, &y);
/// for _ in 0..20 {
///     let (_, mut gradients) = net.loss_and_gradients::<Mse, 4>(&x, &y);
///     rprop.step(&mut net, &mut gradients)?;
/// }
/// assert!(net.loss::<Mse, 4>(&x, &y) < before);
/// # Ok::<(), constnet::NonFiniteUpdate>(())
/// ```
pub type Rprop<N> = Stateful<N, RpropRule<<N as Parameters>::Scalar>, 2, 4>;

/// The update of [`Rprop`]; state `[Δ, g₋]`. Its default is FANN's.
#[derive(Clone, Copy, Debug, PartialEq, bytemuck::Zeroable)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RpropRule<T> {
    /// `η⁺ > 1`, the factor a step size grows by while its gradient keeps its sign.
    pub increase: T,
    /// `0 < η⁻ < 1`, the factor a step size shrinks by when its gradient changes sign.
    pub decrease: T,
    /// `Δmin`, the smallest step size.
    pub min_step: T,
    /// `Δmax`, the largest step size.
    pub max_step: T,
    /// `Δ₀`, the step size every parameter starts with. Set through
    /// [`Rprop::with_initial_step`], which also resets the step sizes, so that it never
    /// disagrees with the state an optimizer started from.
    initial_step: T,
}

impl<T: Real> RpropRule<T> {
    /// `Δ₀`, the step size every parameter starts with.
    pub fn initial_step(&self) -> T {
        self.initial_step
    }
}

impl<T: Real> Default for RpropRule<T> {
    /// FANN's defaults: `η⁺ = 1.2`, `η⁻ = 0.5`, `Δmin = 0`, `Δmax = 50`, `Δ₀ = 0.1`.
    fn default() -> Self {
        let [increase, decrease, min_step, max_step, initial_step] =
            [1.2, 0.5, 0.0, 50.0, 0.1].map(T::lit);
        Self {
            increase,
            decrease,
            min_step,
            max_step,
            initial_step,
        }
    }
}

impl<N: Layer> Rprop<N> {
    /// FANN's defaults: `η⁺ = 1.2`, `η⁻ = 0.5`, `Δmin = 0`, `Δmax = 50`, `Δ₀ = 0.1`.
    pub fn new() -> Self {
        Self::default()
    }

    /// [`Rprop::new`] built directly on the heap, for a network too large to have its
    /// optimizer state pass through the stack.
    #[cfg(feature = "std")]
    pub fn boxed() -> std::boxed::Box<Self>
    where
        Self: crate::Zeroable,
    {
        Self::boxed_unchecked(RpropRule::default())
    }

    /// The same, with growth factor `η⁺ = increase` and shrink factor `η⁻ = decrease`.
    pub fn with_factors(
        mut self,
        increase: N::Scalar,
        decrease: N::Scalar,
    ) -> Result<Self, InvalidHyperparameter<N::Scalar>> {
        (self.increase, self.decrease) = (increase, decrease);
        self.checked()
    }

    /// The same, with step sizes kept within `[Δmin, Δmax] = [min_step, max_step]`.
    pub fn with_step_limits(
        mut self,
        min_step: N::Scalar,
        max_step: N::Scalar,
    ) -> Result<Self, InvalidHyperparameter<N::Scalar>> {
        (self.min_step, self.max_step) = (min_step, max_step);
        self.checked()
    }

    /// The same, with every step size starting at `Δ₀ = initial_step`, and no step taken.
    pub fn with_initial_step(
        mut self,
        initial_step: N::Scalar,
    ) -> Result<Self, InvalidHyperparameter<N::Scalar>> {
        self.initial_step = initial_step;
        self.reset();
        self.checked()
    }

    /// The current step size `Δ` of every parameter, shaped like the gradients.
    pub fn step_sizes(&self) -> &N::Gradients {
        &self.state()[0]
    }

    /// The gradient `g₋` stored at the last step (`0` where its sign had flipped), shaped like
    /// the gradients.
    pub fn previous_gradients(&self) -> &N::Gradients {
        &self.state()[1]
    }
}

impl<T: Real> Rule<T, 2> for RpropRule<T> {
    const STATE: [&'static str; 2] = ["step_sizes", "previous_gradients"];

    /// Every step size `Δ₀`, no previous gradient.
    fn initial_state(&self) -> [T; 2] {
        [self.initial_step, T::zero()]
    }

    fn check(&self) -> Result<(), crate::InvalidHyperparameter<T>> {
        use crate::hyperparameters::{above, non_negative, positive, shrinking};
        above("increase", self.increase, T::one(), "greater than 1")?;
        shrinking("decrease", self.decrease)?;
        non_negative("min_step", self.min_step)?;
        above(
            "max_step",
            self.max_step,
            self.min_step,
            "greater than min_step",
        )?;
        positive("initial_step", self.initial_step)
    }

    #[inline]
    fn update(&self, parameter: T, gradient: T, [step, previous]: [T; 2]) -> (T, [T; 2]) {
        let zero = T::zero();
        // The sign of g · g₋, from the two signs: the product of two tiny gradients can
        // underflow to 0 (and of two huge ones overflow), the signs cannot.
        let (positive, negative) = (gradient > zero, gradient < zero);
        let (was_positive, was_negative) = (previous > zero, previous < zero);
        if (positive && was_negative) || (negative && was_positive) {
            // The sign flipped: the last step jumped over a minimum. Shrink, stay, and forget
            // the gradient so that the next step does not shrink again. An infinite gradient
            // is kept instead, so that the update is refused like any non-finite one.
            let step = (step * self.decrease).max(self.min_step);
            let forgotten = if gradient.is_finite() { zero } else { gradient };
            return (parameter, [step, forgotten]);
        }
        let step = if (positive && was_positive) || (negative && was_negative) {
            (step * self.increase).min(self.max_step)
        } else {
            step
        };
        // θ - sign(g) Δ, with sign(0) = 0. A NaN gradient moves nothing here but is stored, so
        // the update is refused.
        let parameter = if positive {
            parameter - step
        } else if negative {
            parameter + step
        } else {
            parameter
        };
        (parameter, [step, gradient])
    }
}
