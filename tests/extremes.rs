//! Every activation and loss at the extremes of `f32` and `f64`: no NaN for any finite input,
//! and finite values where the arithmetic allows (softmax cross-entropy for scores of ±10⁴,
//! binary cross-entropy for outputs of exactly 0 and 1).

use constnet::{
    Activation, BinaryCrossEntropy, Float, Identity, LeakyRelu, Loss, Mse, Real, Relu, Sigmoid,
    SoftmaxCrossEntropy, Sse, Tanh,
};
use nalgebra::SMatrix;

/// NaN is the one value not equal to itself.
fn is_nan<T: Real>(value: T) -> bool {
    value.partial_cmp(&value).is_none()
}

/// Finite values from the smallest to the largest, both signs.
fn extremes<T: Real>(max: T, min_positive: T) -> Vec<T> {
    let mut values = vec![T::zero(), min_positive, max];
    for magnitude in [1e-30, 1e-7, 0.5, 1.0, 20.0, 88.0, 89.0, 710.0, 1e4, 1e30] {
        values.push(T::lit(magnitude));
    }
    let negatives: Vec<T> = values.iter().map(|&v| -v).collect();
    values.extend(negatives);
    values
}

fn activation_is_never_nan<A: Activation, T: Real>(values: &[T]) {
    for &v in values {
        let y = A::apply(v);
        assert!(!is_nan(y), "{}({v:?}) is NaN", A::NAME);
        let d = A::derivative(v, y);
        assert!(!is_nan(d), "{}'({v:?}) is NaN", A::NAME);
    }
}

fn activations<T: Real>(values: &[T]) {
    activation_is_never_nan::<Sigmoid, T>(values);
    activation_is_never_nan::<Tanh, T>(values);
    activation_is_never_nan::<Relu, T>(values);
    activation_is_never_nan::<LeakyRelu, T>(values);
    activation_is_never_nan::<Identity, T>(values);
}

#[test]
fn activations_give_no_nan_for_any_finite_input() {
    activations(&extremes(f32::MAX, f32::MIN_POSITIVE));
    activations(&extremes(f64::MAX, f64::MIN_POSITIVE));
}

/// Every row of three values drawn from `values`, against `target`.
fn loss_is_never_nan<L: Loss<T>, T: Real>(values: &[T], target: SMatrix<T, 1, 3>) {
    for &a in values {
        for &b in values {
            let prediction = SMatrix::<T, 1, 3>::new(a, b, T::lit(0.25));
            let (loss, gradient) = L::loss_and_gradient(&prediction, &target);
            assert!(!is_nan(loss), "{} of {prediction:?} is NaN", L::NAME);
            assert!(
                gradient.iter().all(|&g| !is_nan(g)),
                "{} gradient of {prediction:?}: {gradient:?}",
                L::NAME
            );
        }
    }
}

fn losses<T: Float>(values: &[T]) {
    let target = SMatrix::<T, 1, 3>::new(T::one(), T::zero(), T::lit(-0.5));
    loss_is_never_nan::<Mse, T>(values, target);
    loss_is_never_nan::<Sse, T>(values, target);
    let probabilities = SMatrix::<T, 1, 3>::new(T::one(), T::zero(), T::zero());
    loss_is_never_nan::<SoftmaxCrossEntropy, T>(values, probabilities);
    let soft = SMatrix::<T, 1, 3>::new(T::lit(0.3), T::one(), T::zero());
    loss_is_never_nan::<BinaryCrossEntropy, T>(values, soft);
}

#[test]
fn losses_give_no_nan_for_any_finite_input() {
    losses(&extremes(f32::MAX, f32::MIN_POSITIVE));
    losses(&extremes(f64::MAX, f64::MIN_POSITIVE));
}

fn softmax_of_large_scores<T: Float>() {
    for scale in [1.0, 1e2, 1e4] {
        let scores = SMatrix::<T, 2, 3>::new(
            T::lit(scale),
            T::lit(-scale),
            T::zero(),
            T::lit(-scale),
            T::lit(-scale),
            T::lit(scale),
        );
        for class in 0..3 {
            let mut target = SMatrix::<T, 2, 3>::zeros();
            target[(0, class)] = T::one();
            target[(1, class)] = T::one();
            let (loss, gradient) = SoftmaxCrossEntropy::loss_and_gradient(&scores, &target);
            assert!(loss.is_finite(), "scale {scale}, class {class}: {loss:?}");
            assert!(gradient.iter().all(|g| g.is_finite()), "{gradient:?}");
            // p - t over a batch of 2: every entry within [-1/2, 1/2].
            assert!(gradient.iter().all(|g| g.abs() <= T::lit(0.5)));
        }
        // The right class scores +scale against -scale (and 0): by hand, at scale 1 the loss
        // is ½[ln(e + e⁻¹ + 1) - 1 + ln(2e⁻¹ + e) - 1] = 0.3236; from 100 on, e^{-100}
        // vanishes beside 1 and the loss is 0.
        let mut right = SMatrix::<T, 2, 3>::zeros();
        right[(0, 0)] = T::one();
        right[(1, 2)] = T::one();
        let loss = SoftmaxCrossEntropy::loss(&scores, &right);
        if scale == 1.0 {
            assert!((loss - T::lit(0.3236)).abs() < T::lit(1e-4), "{loss:?}");
        } else {
            assert_eq!(loss, T::zero());
        }
    }
}

#[test]
fn softmax_cross_entropy_is_finite_for_scores_of_ten_thousand() {
    softmax_of_large_scores::<f32>();
    softmax_of_large_scores::<f64>();
}

fn binary_cross_entropy_at_the_ends<T: Float>() {
    let outputs = [T::zero(), T::one()];
    for t in [T::zero(), T::lit(0.3), T::one()] {
        for y_hat in outputs {
            let prediction = SMatrix::<T, 1, 1>::new(y_hat);
            let target = SMatrix::<T, 1, 1>::new(t);
            let (loss, gradient) = BinaryCrossEntropy::loss_and_gradient(&prediction, &target);
            assert!(loss.is_finite(), "t {t:?}, ŷ {y_hat:?}: {loss:?}");
            assert!(
                gradient[0].is_finite(),
                "t {t:?}, ŷ {y_hat:?}: {gradient:?}"
            );
            // Right and saturated costs nothing; wrong and saturated costs the floor, 100.
            if t == y_hat {
                assert_eq!(loss, T::zero());
            }
            if t + y_hat == T::one() && t != T::lit(0.3) {
                assert_eq!(loss, T::lit(100.0));
            }
        }
    }
    // A NaN output still shows as NaN, so that divergence is noticed.
    let nan = SMatrix::<T, 1, 1>::new(T::zero() / T::zero());
    let loss = BinaryCrossEntropy::loss(&nan, &SMatrix::<T, 1, 1>::new(T::one()));
    assert!(is_nan(loss));
}

#[test]
fn binary_cross_entropy_is_finite_for_outputs_of_exactly_zero_and_one() {
    binary_cross_entropy_at_the_ends::<f32>();
    binary_cross_entropy_at_the_ends::<f64>();
}
