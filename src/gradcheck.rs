//! A finite-difference gradient checker for any network, usable without std.

use crate::{Float, InputBatch, Layer, Location, Loss, OutputBatch, Parameters, Real};

/// How [`check_gradients`] differentiates numerically and compares.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CheckSettings<T> {
    /// The step `h` of the central difference `(L(θ + h) - L(θ - h)) / 2h`.
    pub step: T,
    /// The smallest denominator of the relative error, so that gradients near zero are
    /// judged by their absolute error instead of dividing rounding noise by almost nothing.
    pub floor: T,
}

impl<T: Float> Default for CheckSettings<T> {
    /// `step = ε^(1/3)`, which balances the central difference's truncation error (`∝ h²`)
    /// against rounding (`∝ ε/h`) for the type's machine epsilon `ε`; `floor = ε^(1/4)`.
    fn default() -> Self {
        let epsilon = <T as approx::AbsDiffEq>::default_epsilon();
        Self {
            step: epsilon.powf(T::lit(1.0 / 3.0)),
            floor: epsilon.powf(T::lit(0.25)),
        }
    }
}

/// The outcome of [`check_gradients`]: the worst disagreement found, and where.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradientCheck<T> {
    /// `|a - n| / max(|a|, |n|, floor)` at the worst parameter, with `a` from backpropagation
    /// and `n` from central differences.
    pub worst_relative_error: T,
    /// Index of that parameter in the flat order `W⁰, b⁰, W¹, b¹, …`.
    pub index: usize,
    /// Which matrix and entry that parameter is.
    pub location: Location,
    /// The backpropagated gradient there.
    pub analytic: T,
    /// The central-difference gradient there.
    pub numeric: T,
    /// How many parameters were checked (all of them).
    pub checked: usize,
}

/// Compares backpropagation's `∂L/∂θ` with central differences of the loss `L` on one batch,
/// for every parameter `θ` of `network`, and reports the worst relative error.
///
/// Each parameter is moved by `±h` in place and restored to its exact original value, so
/// `network` is unchanged afterwards. Returns `None` for a network without parameters.
///
/// ```
/// use constnet::{check_gradients, CheckSettings, Dense, Mse, Network, Sigmoid};
/// use nalgebra::matrix;
/// let mut net = Network::new((
///     Dense::<f64, 2, 3, Sigmoid>::from_rows([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], [0.2, 0.25, 0.3]),
///     Dense::<f64, 3, 2, Sigmoid>::from_rows([[0.3, 0.4], [0.5, 0.6], [0.7, 0.8]], [0.3, 0.35]),
/// ));
/// let report = check_gradients::<_, Mse, 1>(
///     &mut net, &matrix![0.3, 0.7], &matrix![1.0, 0.0], CheckSettings::default(),
/// ).unwrap();
/// assert!(report.worst_relative_error < 1e-6, "{report:?}");
/// ```
pub fn check_gradients<N: Layer, L: Loss<N::Scalar>, const B: usize>(
    network: &mut N,
    x: &InputBatch<N, B>,
    target: &OutputBatch<N, B>,
    settings: CheckSettings<N::Scalar>,
) -> Option<GradientCheck<N::Scalar>> {
    let (_, gradients) = network.loss_and_gradients::<L, B>(x, target);
    let mut worst: Option<GradientCheck<N::Scalar>> = None;
    for index in 0..N::COUNT {
        let original = network.parameter(index)?;
        let (above, below) = (original + settings.step, original - settings.step);
        let loss_above = loss_with::<N, L, B>(network, index, above, x, target);
        let loss_below = loss_with::<N, L, B>(network, index, below, x, target);
        set(network, index, original);
        // Divide by the step actually taken, which rounding may make differ from 2h.
        let numeric = (loss_above - loss_below) / (above - below);
        let analytic = gradients.parameter(index)?;
        let scale = analytic.abs().max(numeric.abs()).max(settings.floor);
        let relative_error = (analytic - numeric).abs() / scale;
        // A non-finite error is the worst possible; the first one found is reported.
        let is_worse = |w: GradientCheck<N::Scalar>| {
            w.worst_relative_error.is_finite()
                && (relative_error > w.worst_relative_error || !relative_error.is_finite())
        };
        if worst.is_none_or(is_worse) {
            worst = Some(GradientCheck {
                worst_relative_error: relative_error,
                index,
                location: network.locate(index)?,
                analytic,
                numeric,
                checked: N::COUNT,
            });
        }
    }
    worst
}

/// The batch loss with parameter `index` set to `value`.
fn loss_with<N: Layer, L: Loss<N::Scalar>, const B: usize>(
    network: &mut N,
    index: usize,
    value: N::Scalar,
    x: &InputBatch<N, B>,
    target: &OutputBatch<N, B>,
) -> N::Scalar {
    set(network, index, value);
    network.loss::<L, B>(x, target)
}

fn set<N: Parameters>(network: &mut N, index: usize, value: N::Scalar) {
    if let Some(parameter) = network.parameter_mut(index) {
        *parameter = value;
    }
}
