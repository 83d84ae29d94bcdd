//! Loss functions, each with its gradient `∂L/∂ŷ` beside it.
//!
//! Every loss is defined per sample (one row): a per-output loss `l` whose sum is the
//! sample's loss. The loss of a batch of `B` rows is the **mean over rows**, so a batch of
//! one is the lecture's `L = Σᵢ lᵢ` and the gradients of a batch are comparable across batch
//! sizes.

use core::fmt::Debug;

use nalgebra::SMatrix;

use crate::Real;

/// A loss `L(ŷ, y)` of a prediction `ŷ` against a target `y`, and its gradient.
pub trait Loss: Copy + Debug + Default + PartialEq + 'static {
    /// A short name for printing (`"mse"`, …).
    const NAME: &'static str;

    /// `l`: the loss of each output of each row; row `r`'s loss is the sum of row `r`.
    fn per_output<T: Real, const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N>;

    /// `∂L/∂ŷ` of the batch loss [`Loss::loss`] (so it carries the `1/B` of the mean).
    fn gradient<T: Real, const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N>;

    /// `L`: the mean over rows of each row's summed per-output loss.
    fn loss<T: Real, const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> T {
        Self::per_output(prediction, target).sum() / batch_size::<T, B>()
    }
}

/// `B` as a scalar, for the mean over rows.
#[inline]
fn batch_size<T: Real, const B: usize>() -> T {
    T::lit(B as f64)
}

/// The lecture's mean squared error over the `N` outputs:
/// `lᵢ = (1/N)(yᵢ - ŷᵢ)²`, `L = Σᵢ lᵢ`, `∂L/∂ŷ = -(2/N)(y - ŷ)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mse;

impl Loss for Mse {
    const NAME: &'static str = "mse";

    fn per_output<T: Real, const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        let n = T::lit(N as f64);
        target.zip_map(prediction, |y, y_hat| (y - y_hat) * (y - y_hat) / n)
    }

    fn gradient<T: Real, const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        let scale = T::lit(-2.0 / (N as f64 * B as f64));
        target.zip_map(prediction, |y, y_hat| scale * (y - y_hat))
    }
}

/// Rumelhart, Hinton & Williams' (1986) error: `E = ½ Σᵢ (yᵢ - ŷᵢ)²`, `∂E/∂ŷ = -(y - ŷ)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sse;

impl Loss for Sse {
    const NAME: &'static str = "sse";

    fn per_output<T: Real, const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        let half = T::lit(0.5);
        target.zip_map(prediction, |y, y_hat| half * (y - y_hat) * (y - y_hat))
    }

    fn gradient<T: Real, const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        let scale = T::lit(-1.0 / B as f64);
        target.zip_map(prediction, |y, y_hat| scale * (y - y_hat))
    }
}

/// Cross-entropy of the softmax of the last layer's output (raw scores, so pair it with an
/// [`Identity`](crate::Identity) output layer): `p = softmax(ŷ)`, `lᵢ = -tᵢ ln pᵢ`.
///
/// The gradient is `∂L/∂ŷ = p Σᵢ tᵢ - t`, which is the familiar `p - t` for targets that sum
/// to one (one-hot or a distribution). The softmax is computed with the row maximum
/// subtracted, so large scores do not overflow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SoftmaxCrossEntropy;

impl Loss for SoftmaxCrossEntropy {
    const NAME: &'static str = "softmax-cross-entropy";

    fn per_output<T: Real, const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        let mut l = SMatrix::<T, B, N>::zeros();
        for r in 0..B {
            let log_norm = log_sum_exp(prediction, r);
            for i in 0..N {
                let t = target[(r, i)];
                // 0 · ln p is 0 even where p underflows to 0.
                if t != T::zero() {
                    l[(r, i)] = -t * (prediction[(r, i)] - log_norm);
                }
            }
        }
        l
    }

    fn gradient<T: Real, const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        let inv_b = T::one() / batch_size::<T, B>();
        let mut g = SMatrix::<T, B, N>::zeros();
        for r in 0..B {
            let log_norm = log_sum_exp(prediction, r);
            let target_sum = target.row(r).sum();
            for i in 0..N {
                let p = (prediction[(r, i)] - log_norm).exp();
                g[(r, i)] = (p * target_sum - target[(r, i)]) * inv_b;
            }
        }
        g
    }
}

/// `ln Σⱼ e^{ŷⱼ}` of row `r`, computed as `m + ln Σⱼ e^{ŷⱼ - m}` with `m` the row maximum.
fn log_sum_exp<T: Real, const B: usize, const N: usize>(scores: &SMatrix<T, B, N>, r: usize) -> T {
    let row = scores.row(r);
    let m = row.max();
    m + row.map(|s| (s - m).exp()).sum().ln()
}

/// Binary cross-entropy on outputs in `(0, 1)` (a [`Sigmoid`](crate::Sigmoid) output layer),
/// averaged over the `N` outputs: `lᵢ = -(1/N)[tᵢ ln ŷᵢ + (1 - tᵢ) ln(1 - ŷᵢ)]`,
/// `∂L/∂ŷᵢ = -(1/N)[tᵢ/ŷᵢ - (1 - tᵢ)/(1 - ŷᵢ)]`.
///
/// A term whose coefficient `tᵢ` or `1 - tᵢ` is zero is left out, so a saturated output that
/// is right (`ŷ = 0` with `t = 0`) costs 0 rather than NaN; a saturated output that is wrong
/// costs `∞`, which is the truth.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BinaryCrossEntropy;

impl Loss for BinaryCrossEntropy {
    const NAME: &'static str = "binary-cross-entropy";

    fn per_output<T: Real, const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        let inv_n = T::lit(1.0 / N as f64);
        target.zip_map(prediction, |t, y_hat| {
            let miss = T::one() - t;
            let mut sum = T::zero();
            if t != T::zero() {
                sum += t * y_hat.ln();
            }
            if miss != T::zero() {
                sum += miss * (T::one() - y_hat).ln();
            }
            -sum * inv_n
        })
    }

    fn gradient<T: Real, const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        let scale = T::lit(-1.0 / (N as f64 * B as f64));
        target.zip_map(prediction, |t, y_hat| {
            let miss = T::one() - t;
            let mut sum = T::zero();
            if t != T::zero() {
                sum += t / y_hat;
            }
            if miss != T::zero() {
                sum -= miss / (T::one() - y_hat);
            }
            scale * sum
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::matrix;

    /// Central differences of `L::loss` in each prediction entry, against `L::gradient`.
    fn check_gradient<L: Loss>(prediction: SMatrix<f64, 2, 3>, target: SMatrix<f64, 2, 3>) {
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
        check_gradient::<Mse>(prediction, target);
        check_gradient::<Sse>(prediction, target);
        check_gradient::<SoftmaxCrossEntropy>(prediction, target);
        check_gradient::<BinaryCrossEntropy>(prediction, target);
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
