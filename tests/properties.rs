//! Properties that hold for every network, not just the ones written out: random shapes,
//! weights and inputs within bounds.

use constnet::{
    Dense, Flat, Identity, Layer, LeakyRelu, Mse, Network, Optimizer, Parameters, Real, Relu, Sgd,
    Sigmoid, SoftmaxCrossEntropy, Tanh,
};
use nalgebra::SMatrix;
use proptest::prelude::*;

type Deep = Network<(
    Dense<f32, 5, 7, Tanh>,
    Dense<f32, 7, 3, Relu>,
    Dense<f32, 3, 4, LeakyRelu>,
    Dense<f32, 4, 2, Sigmoid>,
)>;
type Wide = Network<(Dense<f64, 9, 16, Relu>, Dense<f64, 16, 3, Identity>)>;

/// `P::COUNT` values in `-bound..bound`, in the walk's order.
fn parameters<P: Parameters + Default>(values: &[f64]) -> P {
    let mut p = P::default();
    let mut values = values.iter();
    p.visit_mut(&mut |_, elements| {
        for (element, value) in elements.iter_mut().zip(values.by_ref()) {
            *element = <P::Scalar as constnet::Real>::lit(*value);
        }
    });
    p
}

fn finite<P: Parameters>(p: &P) -> bool {
    let mut all = true;
    p.visit(&mut |_, elements| all &= elements.iter().all(|v| v.is_finite()));
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn forward_and_backward_stay_finite(
        weights in prop::collection::vec(-3.0..3.0f64, Deep::COUNT),
        x in prop::collection::vec(-10.0..10.0f64, 3 * 5),
        t in prop::collection::vec(0.0..1.0f64, 3 * 2),
    ) {
        let net: Deep = parameters(&weights);
        let x = SMatrix::<f32, 3, 5>::from_iterator(x.iter().map(|&v| v as f32));
        let t = SMatrix::<f32, 3, 2>::from_iterator(t.iter().map(|&v| v as f32));
        let y = net.forward(&x);
        prop_assert!(y.iter().all(|v| v.is_finite()));
        let (loss, gradients) = net.loss_and_gradients::<Mse, 3>(&x, &t);
        prop_assert!(loss.is_finite());
        prop_assert!(finite(&gradients));
        let (_, dx) = net.backward(&net.forward_trace(&x), &(y - t));
        prop_assert!(dx.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn flatten_then_rebuild_is_the_identity(
        weights in prop::collection::vec(-1e6..1e6f64, Wide::COUNT),
    ) {
        let net: Wide = parameters(&weights);
        let rebuilt = Wide::from_flat(&net.to_flat());
        prop_assert_eq!(rebuilt, net);
    }

    #[test]
    fn save_then_load_is_the_identity(
        weights in prop::collection::vec(-1e6..1e6f64, Wide::COUNT),
    ) {
        let net: Wide = parameters(&weights);
        let json = serde_json::to_string(&net).unwrap();
        prop_assert_eq!(serde_json::from_str::<Wide>(&json).unwrap(), net);
        let bytes = postcard::to_stdvec(&net).unwrap();
        prop_assert_eq!(postcard::from_bytes::<Wide>(&bytes).unwrap(), net);
    }

    #[test]
    fn a_small_enough_step_does_not_raise_the_batchs_loss(
        weights in prop::collection::vec(-1.0..1.0f64, Wide::COUNT),
        x in prop::collection::vec(-1.0..1.0f64, 4 * 9),
        labels in prop::collection::vec(0..3usize, 4),
    ) {
        let mut net: Wide = parameters(&weights);
        let x = SMatrix::<f64, 4, 9>::from_iterator(x);
        let t = SMatrix::<f64, 4, 3>::from_fn(|r, c| f64::from(u8::from(labels[r] == c)));
        let (before, mut gradients) = net.loss_and_gradients::<SoftmaxCrossEntropy, 4>(&x, &t);
        // A step of 10⁻⁶ along the gradient: first-order descent, the curvature term is far
        // below it for weights and inputs of these sizes. Where the gradient is tiny the
        // decrease is below the loss's rounding, so a few ulps of rise are allowed.
        Sgd::new(1e-6).unwrap().step(&mut net, &mut gradients).unwrap();
        let after = net.loss::<SoftmaxCrossEntropy, 4>(&x, &t);
        prop_assert!(after <= before * (1.0 + 4.0 * f64::EPSILON), "{after} > {before}");
    }
}
