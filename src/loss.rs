//! Loss functions, each with its gradient `∂L/∂ŷ` beside it.
//!
//! Every loss is defined per sample (one row): a per-output loss `l` whose sum is the
//! sample's loss. The loss of a batch of `B` rows is the **mean over rows**, so a batch of
//! one is the lecture's `L = Σᵢ lᵢ` and the gradients of a batch are comparable across batch
//! sizes.

use core::fmt::Debug;

use nalgebra::SMatrix;

use crate::kernels::ColumnByColumn;
use crate::{Float, Needs, Real};

/// What a loss is, whatever the scalar type it computes in: its name, and what it needs of
/// a network's outputs.
pub trait LossKind: Copy + Debug + Default + PartialEq + 'static {
    /// A short name for printing (`"mse"`, …).
    const NAME: &'static str;

    /// What the loss needs the network's outputs to be; [`train`](crate::train) does not
    /// compile for a network whose last activation cannot give it. Anything, unless a loss
    /// says.
    const NEEDS: Needs = Needs::Anything;
}

/// A loss `L(ŷ, t)` of a prediction `ŷ` against a target `t`, and its gradient, in scalar
/// type `T`. The squared errors are losses in every [`Real`]; the cross-entropies, which
/// need logarithms, in the [`Float`] types.
pub trait Loss<T: Real>: LossKind {
    /// `l`: the loss of each output of each row; row `r`'s loss is the sum of row `r`.
    fn per_output<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N>;

    /// `L`, the mean over rows of each row's summed per-output loss, and its gradient `∂L/∂ŷ`
    /// (which so carries the `1/B` of the mean), in one pass: what a training step needs.
    fn loss_and_gradient<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> (T, SMatrix<T, B, N>);

    /// `L` alone.
    fn loss<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> T {
        Self::loss_and_gradient(prediction, target).0
    }

    /// `∂L/∂ŷ` alone.
    fn gradient<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        Self::loss_and_gradient(prediction, target).1
    }

    /// Whether this loss can take `target` as one sample's target: `Err` says what a target
    /// must be. [`train`](crate::train) asks of every sample before it starts. Any finite
    /// target suits the squared errors.
    fn check_target<const N: usize>(target: &SMatrix<T, 1, N>) -> Result<(), &'static str> {
        let _ = target;
        Ok(())
    }
}

/// `B` as a scalar, for the mean over rows.
#[inline]
fn batch_size<T: Real, const B: usize>() -> T {
    T::lit(B as f64)
}

/// The mean over rows of the row sums of `l`: each row's sum runs over its outputs in order,
/// for all rows at once (a column of a column-major matrix is one output of every row, so
/// this vectorizes over the batch), then the rows are added in order.
#[inline]
fn mean_of_row_sums<T: Real, const B: usize, const N: usize>(l: &SMatrix<T, B, N>) -> T {
    let mut rows = [-T::zero(); B];
    let mut columns = ColumnByColumn::new();
    for column in &l.data.0 {
        for (row, l) in rows.iter_mut().zip(column) {
            *row += *l;
        }
        columns.next(rows[0]);
    }
    // In a `Sum`, divided by the count: in fixed point `B` itself may be beyond the range.
    let total = rows
        .iter()
        .fold(T::sum_zero(), |sum, row| T::sum_add(sum, T::sum_of(*row)));
    T::sum_mean(total, B)
}

/// An element-wise loss: `l = each(t, ŷ)` and `∂L/∂ŷ = slope(t, ŷ)`, element by element.
#[inline]
fn element_wise<T: Real, const B: usize, const N: usize>(
    prediction: &SMatrix<T, B, N>,
    target: &SMatrix<T, B, N>,
    each: impl Fn(T, T) -> T,
    slope: impl Fn(T, T) -> T,
) -> (T, SMatrix<T, B, N>) {
    let mut l = *prediction;
    let mut gradient = *prediction;
    let pairs = target.as_slice().iter().zip(prediction.as_slice());
    for ((l, g), (y, y_hat)) in l
        .as_mut_slice()
        .iter_mut()
        .zip(gradient.as_mut_slice())
        .zip(pairs)
    {
        *l = each(*y, *y_hat);
        *g = slope(*y, *y_hat);
    }
    (mean_of_row_sums(&l), gradient)
}

/// The lecture's mean squared error over the `N` outputs:
/// `lᵢ = (1/N)(tᵢ - ŷᵢ)²`, `L = Σᵢ lᵢ`, `∂L/∂ŷ = -(2/N)(t - ŷ)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mse;

impl Mse {
    #[inline]
    fn each<T: Real, const N: usize>(y: T, y_hat: T) -> T {
        // The square in a `Sum`, divided by the count: for the floats `(y - ŷ)² / N` as
        // written; in fixed point the square is not rounded before the division, and `N`
        // need not be in range.
        let error = y - y_hat;
        T::sum_mean(T::sum_product(T::sum_zero(), error, error), N)
    }
}

impl LossKind for Mse {
    const NAME: &'static str = "mse";
}

impl<T: Real> Loss<T> for Mse {
    fn per_output<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        target.zip_map(prediction, Self::each::<T, N>)
    }

    #[inline]
    fn loss_and_gradient<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> (T, SMatrix<T, B, N>) {
        let scale = T::lit(-2.0 / (N as f64 * B as f64));
        element_wise(prediction, target, Self::each::<T, N>, |y, y_hat| {
            scale * (y - y_hat)
        })
    }
}

/// Rumelhart, Hinton & Williams' (1986) error: `E = ½ Σᵢ (tᵢ - ŷᵢ)²`, `∂E/∂ŷ = -(t - ŷ)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sse;

impl Sse {
    #[inline]
    fn each<T: Real>(y: T, y_hat: T) -> T {
        T::lit(0.5) * (y - y_hat) * (y - y_hat)
    }
}

impl LossKind for Sse {
    const NAME: &'static str = "sse";
}

impl<T: Real> Loss<T> for Sse {
    fn per_output<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        target.zip_map(prediction, Self::each)
    }

    #[inline]
    fn loss_and_gradient<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> (T, SMatrix<T, B, N>) {
        let scale = T::lit(-1.0 / B as f64);
        element_wise(prediction, target, Self::each, |y, y_hat| {
            scale * (y - y_hat)
        })
    }
}

/// Cross-entropy of the softmax of the last layer's output (raw scores, so pair it with an
/// [`Identity`](crate::Identity) output layer; [`train`](crate::train) does not compile for a
/// network ending in a sigmoid, tanh or ReLU): `p = softmax(ŷ)`, `lᵢ = -tᵢ ln pᵢ`.
///
/// The gradient is `∂L/∂ŷ = p Σᵢ tᵢ - t`, which is the familiar `p - t` for targets that sum
/// to one (one-hot or a distribution). Each row's log-sum-exp is computed once, as
/// `m + ln Σⱼ e^{ŷⱼ - m}` with `m` the row maximum so that large scores do not overflow, and
/// each `e^{ŷⱼ - m}` once: `ln pᵢ = ŷᵢ - lse` and `pᵢ = e^{ŷᵢ - m} / Σⱼ e^{ŷⱼ - m}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SoftmaxCrossEntropy;

/// Per row of a batch of scores: the softmax's numerators `e^{ŷᵢ - m}` (as a matrix), and
/// each row's `m` and `Σⱼ e^{ŷⱼ - m}`. Every loop runs down the columns, over all rows at once.
struct Softmax<T, const B: usize, const N: usize> {
    exps: SMatrix<T, B, N>,
    max: [T; B],
    sum: [T; B],
}

impl<T: Float, const B: usize, const N: usize> Softmax<T, B, N> {
    #[inline]
    fn of(scores: &SMatrix<T, B, N>) -> Self {
        let mut max = [T::lit(f64::NEG_INFINITY); B];
        let mut columns = ColumnByColumn::new();
        for column in &scores.data.0 {
            for (max, s) in max.iter_mut().zip(column) {
                // A NaN score is skipped here but reaches the loss through its `e^{ŷ - m}`.
                if *s > *max {
                    *max = *s;
                }
            }
            columns.next(max[0]);
        }
        let mut exps = *scores;
        let mut sum = [-T::zero(); B];
        for column in &mut exps.data.0 {
            for ((e, max), sum) in column.iter_mut().zip(&max).zip(&mut sum) {
                *e = (*e - *max).portable_exp();
                *sum += *e;
            }
            columns.next(sum[0]);
        }
        Self { exps, max, sum }
    }

    /// `lse = m + ln Σⱼ e^{ŷⱼ - m}` of each row.
    #[inline]
    fn log_sum_exp(&self) -> [T; B] {
        core::array::from_fn(|r| self.max[r] + self.sum[r].ln())
    }
}

/// `-t ln p = t (lse - ŷ)`, and 0 where `t = 0`: scores of opposite extremes make `lse - ŷ`
/// infinite, and `0 · ∞` would be NaN.
#[inline]
fn cross_entropy_term<T: Float>(t: T, lse: T, score: T) -> T {
    let term = t * (lse - score);
    if t == T::zero() {
        T::zero()
    } else {
        term
    }
}

impl LossKind for SoftmaxCrossEntropy {
    const NAME: &'static str = "softmax-cross-entropy";
    const NEEDS: Needs = Needs::Scores;
}

impl<T: Float> Loss<T> for SoftmaxCrossEntropy {
    /// A distribution over the classes: entries ≥ 0 that sum to 1 (a one-hot row, or soft
    /// labels), to within 10⁻⁴ of the sum, for rounding.
    fn check_target<const N: usize>(target: &SMatrix<T, 1, N>) -> Result<(), &'static str> {
        let sum = target.iter().fold(T::zero(), |sum, t| sum + *t);
        let distribution =
            target.iter().all(|t| *t >= T::zero()) && (sum - T::one()).abs() <= T::lit(1e-4);
        if distribution {
            Ok(())
        } else {
            Err("a distribution over the classes: entries ≥ 0 that sum to 1")
        }
    }

    fn per_output<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        let lse = Softmax::of(prediction).log_sum_exp();
        let mut l = *prediction;
        let mut columns = ColumnByColumn::new();
        for (l, t) in l.data.0.iter_mut().zip(&target.data.0) {
            for ((l, t), lse) in l.iter_mut().zip(t).zip(&lse) {
                *l = cross_entropy_term(*t, *lse, *l);
            }
            columns.next(l[0]);
        }
        l
    }

    #[inline]
    fn loss_and_gradient<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> (T, SMatrix<T, B, N>) {
        let softmax = Softmax::of(prediction);
        let lse = softmax.log_sum_exp();
        let mut target_sum = [-T::zero(); B];
        let mut rows = [-T::zero(); B];
        let mut columns = ColumnByColumn::new();
        for (t, s) in target.data.0.iter().zip(&prediction.data.0) {
            for (((t, s), lse), (total, row)) in t
                .iter()
                .zip(s)
                .zip(&lse)
                .zip(target_sum.iter_mut().zip(&mut rows))
            {
                *total += *t;
                *row += cross_entropy_term(*t, *lse, *s);
            }
            columns.next(rows[0]);
        }
        let inv_b = T::one() / batch_size::<T, B>();
        // p Σt - t, with p = e / Σe: one division per row, then products.
        let scale: [T; B] = core::array::from_fn(|r| target_sum[r] / softmax.sum[r]);
        let mut gradient = softmax.exps;
        for (g, t) in gradient.data.0.iter_mut().zip(&target.data.0) {
            for ((g, t), scale) in g.iter_mut().zip(t).zip(&scale) {
                *g = (*g * *scale - *t) * inv_b;
            }
            columns.next(g[0]);
        }
        let loss = rows.iter().fold(-T::zero(), |sum, row| sum + *row) * inv_b;
        (loss, gradient)
    }
}

/// Binary cross-entropy on outputs in `[0, 1]` (a [`Sigmoid`](crate::Sigmoid) output layer),
/// averaged over the `N` outputs: `lᵢ = -(1/N)[tᵢ ln ŷᵢ + (1 - tᵢ) ln(1 - ŷᵢ)]`,
/// `∂L/∂ŷᵢ = -(1/N)[tᵢ/ŷᵢ - (1 - tᵢ)/(1 - ŷᵢ)]`.
///
/// Saturated outputs stay finite, as in PyTorch's `BCELoss`: each logarithm is kept at or above
/// `-100` and each denominator at or above `10⁻¹²`, so a sigmoid that rounds to exactly 0 or 1
/// gives a large loss and gradient rather than `∞` and then NaN. A term whose coefficient `tᵢ`
/// or `1 - tᵢ` is zero is left out, so a saturated output that is right costs 0. Outputs
/// outside `[0, 1]` (not probabilities: a pairing mistake, which [`train`](crate::train)
/// refuses to compile when the last activation says so) are read as the nearest end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BinaryCrossEntropy;

impl BinaryCrossEntropy {
    /// PyTorch's floor for `ln ŷ` and `ln(1 - ŷ)`.
    const LN_FLOOR: f64 = -100.0;
    /// The smallest denominator of the gradient.
    const DENOMINATOR_FLOOR: f64 = 1e-12;

    /// `ŷ` within `[0, 1]`, and `1 - ŷ`. A NaN stays NaN, so that divergence is still seen.
    #[inline]
    fn probabilities<T: Float>(y_hat: T) -> (T, T) {
        let p = at_least(T::zero(), y_hat);
        let p = if p > T::one() { T::one() } else { p };
        (p, T::one() - p)
    }

    #[inline]
    fn each<T: Float, const N: usize>(t: T, y_hat: T) -> T {
        let (p, q) = Self::probabilities(y_hat);
        let floor = T::lit(Self::LN_FLOOR);
        let miss = T::one() - t;
        let mut sum = T::zero();
        if t != T::zero() {
            sum += t * at_least(floor, p.ln());
        }
        if miss != T::zero() {
            sum += miss * at_least(floor, q.ln());
        }
        -sum / T::lit(N as f64)
    }
}

impl LossKind for BinaryCrossEntropy {
    const NAME: &'static str = "binary-cross-entropy";
    const NEEDS: Needs = Needs::Probabilities;
}

impl<T: Float> Loss<T> for BinaryCrossEntropy {
    /// Probabilities: every entry in `[0, 1]`.
    fn check_target<const N: usize>(target: &SMatrix<T, 1, N>) -> Result<(), &'static str> {
        if target.iter().all(|t| *t >= T::zero() && *t <= T::one()) {
            Ok(())
        } else {
            Err("probabilities: every entry in [0, 1]")
        }
    }

    fn per_output<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        target.zip_map(prediction, Self::each::<T, N>)
    }

    #[inline]
    fn loss_and_gradient<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> (T, SMatrix<T, B, N>) {
        let scale = T::lit(-1.0 / (N as f64 * B as f64));
        let floor = T::lit(Self::DENOMINATOR_FLOOR);
        element_wise(prediction, target, Self::each::<T, N>, |t, y_hat| {
            let (p, q) = Self::probabilities(y_hat);
            let miss = T::one() - t;
            let mut sum = T::zero();
            if t != T::zero() {
                sum += t / at_least(floor, p);
            }
            if miss != T::zero() {
                sum -= miss / at_least(floor, q);
            }
            scale * sum
        })
    }
}

/// `value`, or `floor` if it is smaller; unlike `max`, a NaN `value` stays NaN.
#[inline]
fn at_least<T: Real>(floor: T, value: T) -> T {
    if value < floor {
        floor
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::matrix;

    /// Central differences of `L::loss` in each prediction entry, against `L::gradient`.
    fn check_gradient<L: Loss<f64>>(prediction: SMatrix<f64, 2, 3>, target: SMatrix<f64, 2, 3>) {
        let analytic = L::gradient(&prediction, &target);
        let h = 1e-6;
        for idx in 0..6 {
            let (mut up, mut down) = (prediction, prediction);
            up[idx] += h;
            down[idx] -= h;
            let numeric = (L::loss(&up, &target) - L::loss(&down, &target)) / (2.0 * h);
            assert!(
                (numeric - analytic[idx]).abs() < 1e-8,
                "{} entry {idx}: analytic {}, numeric {numeric}",
                L::NAME,
                analytic[idx]
            );
        }
    }

    #[test]
    fn gradients_match_losses() {
        let prediction = matrix![0.2, 0.7, 0.4; 0.9, 0.1, 0.5];
        let target = matrix![0.0, 1.0, 0.0; 0.3, 0.3, 0.4];
        // Targets that do not sum to one: softmax cross-entropy's gradient is p·Σt − t, not
        // p − t.
        check_gradient::<SoftmaxCrossEntropy>(prediction, matrix![0.5, 1.0, 0.5; 0.0, 0.0, 2.0]);
        check_gradient::<Mse>(prediction, target);
        check_gradient::<Sse>(prediction, target);
        check_gradient::<SoftmaxCrossEntropy>(prediction, target);
        check_gradient::<BinaryCrossEntropy>(prediction, target);
    }

    #[test]
    fn cross_entropies_match_values_worked_by_hand() {
        // Scores 0, ln 2, ln 3: softmax 1/6, 2/6, 3/6. Target class 2: −ln ½ = ln 2. Target
        // (½, 0, ½): ½ ln 6 + ½ ln 2. Mean over the two rows.
        let (ln2, ln3) = (2f64.ln(), 3f64.ln());
        let scores = matrix![0.0, ln2, ln3; 0.0, ln2, ln3];
        let targets = matrix![0.0, 0.0, 1.0; 0.5, 0.0, 0.5];
        // ½ ln 6 + ½ ln 2 = ln 2 + ½ ln 3, since ln 6 = ln 2 + ln 3.
        let expected = (ln2 + (ln2 + 0.5 * ln3)) / 2.0;
        let loss = SoftmaxCrossEntropy::loss(&scores, &targets);
        assert!((loss - expected).abs() < 1e-15, "{loss} vs {expected}");
        // Its gradient, row by row p·Σt − t over the batch of 2: (1/6, 2/6, 3/6 − 1) / 2 and
        // (1/6 − ½, 2/6, 3/6 − ½) / 2.
        let gradient = SoftmaxCrossEntropy::gradient(&scores, &targets);
        let by_hand = matrix![1.0 / 12.0, 1.0 / 6.0, -0.25; -1.0 / 6.0, 1.0 / 6.0, 0.0];
        assert!((gradient - by_hand).abs().max() < 1e-15, "{gradient}");

        // Binary cross-entropy averages over outputs: ŷ = (½, ¼), t = (1, 0) gives
        // −½ (ln ½ + ln ¾) = ½ (ln 2 + ln 4 − ln 3), and ∂L/∂ŷ = −½ (1/½, −1/¾) = (−1, ⅔).
        let (y_hat, t) = (matrix![0.5, 0.25], matrix![1.0, 0.0]);
        let expected = 0.5 * (ln2 + 4f64.ln() - ln3);
        let loss = BinaryCrossEntropy::loss(&y_hat, &t);
        assert!((loss - expected).abs() < 1e-15, "{loss} vs {expected}");
        let gradient = BinaryCrossEntropy::gradient(&y_hat, &t);
        assert!(
            (gradient - matrix![-1.0, 2.0 / 3.0]).abs().max() < 1e-15,
            "{gradient}"
        );
    }

    #[test]
    fn mse_is_the_lectures_mean_over_outputs() {
        let prediction = matrix![0.25, 0.5];
        let target = matrix![1.0, 0.0];
        let l = Mse::per_output(&prediction, &target);
        assert_eq!(l, matrix![0.75 * 0.75 / 2.0, 0.25 / 2.0]);
        assert_eq!(Mse::loss(&prediction, &target), 0.75 * 0.75 / 2.0 + 0.125);
    }

    #[test]
    fn batch_loss_is_the_mean_of_row_losses() {
        let prediction = matrix![0.2_f64, 0.7; 0.9, 0.1];
        let target = matrix![0.0, 1.0; 1.0, 0.0];
        let first = Sse::loss(&matrix![0.2, 0.7], &matrix![0.0, 1.0]);
        let second = Sse::loss(&matrix![0.9, 0.1], &matrix![1.0, 0.0]);
        assert!((Sse::loss(&prediction, &target) - (first + second) / 2.0).abs() < 1e-15);
    }

    #[test]
    fn softmax_cross_entropy_survives_large_scores() {
        let prediction = matrix![1000.0_f64, 0.0];
        let target = matrix![1.0, 0.0];
        assert_eq!(SoftmaxCrossEntropy::loss(&prediction, &target), 0.0);
        let g = SoftmaxCrossEntropy::gradient(&prediction, &target);
        assert!(g.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn binary_cross_entropy_is_zero_when_saturated_right() {
        let prediction = matrix![0.0_f32, 1.0];
        let target = matrix![0.0, 1.0];
        assert_eq!(BinaryCrossEntropy::loss(&prediction, &target), 0.0);
        assert!(BinaryCrossEntropy::gradient(&prediction, &target)
            .iter()
            .all(|v| v.is_finite()));
    }
}
