//! Matt Mazur's "A Step by Step Backpropagation Example": a 2→2→2 sigmoid network with the
//! squared error `E = ½ Σ (t - ŷ)²` of Rumelhart 1986, one step of gradient descent at
//! learning rate 0.5. The expected figures are the ones published with the example.

use approx::assert_abs_diff_eq;
use constnet::{Dense, Layer, Network, Optimizer, Sgd, Sigmoid, Sse};
use nalgebra::matrix;

type Mazur = Network<(Dense<f64, 2, 2, Sigmoid>, Dense<f64, 2, 2, Sigmoid>)>;

/// His `w1 … w8` in this crate's layout: `W` is inputs × outputs, so `h1 = w1 i1 + w2 i2`
/// puts `w1` and `w2` in column 0 of `W⁰`, and `o1 = w5 h1 + w6 h2` puts `w5`, `w6` in
/// column 0 of `W¹`. Both hidden units share the bias 0.35, both outputs 0.60.
fn mazur() -> Mazur {
    let [w1, w2, w3, w4, w5, w6, w7, w8] = [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55];
    Network::new((
        Dense::from_rows([[w1, w3], [w2, w4]], [0.35, 0.35]),
        Dense::from_rows([[w5, w7], [w6, w8]], [0.60, 0.60]),
    ))
}

#[test]
fn forward_pass_and_total_error() {
    let net = mazur();
    let x = matrix![0.05, 0.10];
    let target = matrix![0.01, 0.99];
    let out = net.forward(&x);
    assert_abs_diff_eq!(out[0], 0.75136507, epsilon = 1e-8);
    assert_abs_diff_eq!(out[1], 0.772928465, epsilon = 1e-8);
    assert_abs_diff_eq!(net.loss::<Sse, 1>(&x, &target), 0.298371109, epsilon = 1e-8);
}

#[test]
fn all_eight_weights_after_one_step() {
    let mut net = mazur();
    let (_, mut grads) =
        net.loss_and_gradients::<Sse, 1>(&matrix![0.05, 0.10], &matrix![0.01, 0.99]);
    Sgd::new(0.5).unwrap().step(&mut net, &mut grads).unwrap();
    let expected = [
        ("w1", net.0.w[(0, 0)], 0.149780716),
        ("w2", net.0.w[(1, 0)], 0.19956143),
        ("w3", net.0.w[(0, 1)], 0.24975114),
        ("w4", net.0.w[(1, 1)], 0.29950229),
        ("w5", net.1.w[(0, 0)], 0.35891648),
        ("w6", net.1.w[(1, 0)], 0.408666186),
        ("w7", net.1.w[(0, 1)], 0.511301270),
        ("w8", net.1.w[(1, 1)], 0.561370121),
    ];
    for (name, got, want) in expected {
        assert!(
            (got - want).abs() <= 1e-8,
            "{name}: {got}, published {want}"
        );
    }
}
