//! The lecture's 2→3→2 sigmoid network with `Mse`: every line of the chain rule in
//! DESIGN.md's "The chain rule, shape by shape", checked entry by entry against the same
//! computation written out with scalars, on the numbers of the lecture's notebook. The target
//! is `t`; `y⁰` is the hidden layer's output.

// The reference computation indexes like the lecture's subscripts (v⁰ⱼ, W¹ⱼₖ) on purpose.
#![allow(clippy::needless_range_loop)]

use approx::assert_relative_eq;
use constnet::{Activation, Dense, Layer, Loss, Mse, Network, Optimizer, Sgd, Sigmoid};
use nalgebra::{matrix, SMatrix};

type Lecture = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 2, Sigmoid>)>;

const X: [f64; 2] = [0.3, 0.7];
const TARGET: [f64; 2] = [1.0, 0.0];
const W0: [[f64; 3]; 2] = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]];
const B0: [f64; 3] = [0.2, 0.25, 0.3];
const W1: [[f64; 2]; 3] = [[0.3, 0.4], [0.5, 0.6], [0.7, 0.8]];
const B1: [f64; 2] = [0.3, 0.35];
const LEARNING_RATE: f64 = 0.01;

/// The network, built in a `const` as firmware would.
const LECTURE: Lecture = Network::new((Dense::from_rows(W0, B0), Dense::from_rows(W1, B1)));

fn sigmoid(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}

/// Every quantity of the lecture, computed one scalar at a time with plain loops.
struct Scalars {
    v0: [f64; 3],
    y0: [f64; 3],
    v1: [f64; 2],
    y_hat: [f64; 2],
    l: [f64; 2],
    loss: f64,
    d_y_hat: [f64; 2],
    /// `g'(v¹)`.
    g1: [f64; 2],
    delta1: [f64; 2],
    d_w1: [[f64; 2]; 3],
    d_y0: [f64; 3],
    /// `g'(v⁰)`.
    g0: [f64; 3],
    delta0: [f64; 3],
    d_w0: [[f64; 3]; 2],
    d_x: [f64; 2],
}

fn scalars() -> Scalars {
    let n = 2.0;
    let mut s = Scalars {
        v0: [0.0; 3],
        y0: [0.0; 3],
        v1: [0.0; 2],
        y_hat: [0.0; 2],
        l: [0.0; 2],
        loss: 0.0,
        d_y_hat: [0.0; 2],
        g1: [0.0; 2],
        delta1: [0.0; 2],
        d_w1: [[0.0; 2]; 3],
        d_y0: [0.0; 3],
        g0: [0.0; 3],
        delta0: [0.0; 3],
        d_w0: [[0.0; 3]; 2],
        d_x: [0.0; 2],
    };
    for j in 0..3 {
        s.v0[j] = X[0] * W0[0][j] + X[1] * W0[1][j] + B0[j];
        s.y0[j] = sigmoid(s.v0[j]);
    }
    for k in 0..2 {
        s.v1[k] = (0..3).map(|j| s.y0[j] * W1[j][k]).sum::<f64>() + B1[k];
        s.y_hat[k] = sigmoid(s.v1[k]);
        s.l[k] = (TARGET[k] - s.y_hat[k]).powi(2) / n;
        s.loss += s.l[k];
        s.d_y_hat[k] = -2.0 / n * (TARGET[k] - s.y_hat[k]);
        s.g1[k] = s.y_hat[k] * (1.0 - s.y_hat[k]);
        s.delta1[k] = s.d_y_hat[k] * s.g1[k];
    }
    for j in 0..3 {
        for k in 0..2 {
            s.d_w1[j][k] = s.y0[j] * s.delta1[k];
        }
        s.d_y0[j] = (0..2).map(|k| s.delta1[k] * W1[j][k]).sum();
        s.g0[j] = s.y0[j] * (1.0 - s.y0[j]);
        s.delta0[j] = s.d_y0[j] * s.g0[j];
    }
    for i in 0..2 {
        for j in 0..3 {
            s.d_w0[i][j] = X[i] * s.delta0[j];
        }
        s.d_x[i] = (0..3).map(|j| s.delta0[j] * W0[i][j]).sum();
    }
    s
}

/// Asserts `matrix` equals the row-major `expected`, entry by entry, naming the entry.
fn assert_entries<const R: usize, const C: usize>(
    name: &str,
    matrix: &SMatrix<f64, R, C>,
    expected: [[f64; C]; R],
) {
    for (r, row) in expected.iter().enumerate() {
        for (c, want) in row.iter().enumerate() {
            let got = matrix[(r, c)];
            assert!(
                (got - want).abs() <= 1e-15 * want.abs().max(1.0),
                "{name}[{r}, {c}]: library {got}, scalar computation {want}"
            );
        }
    }
}

fn x() -> SMatrix<f64, 1, 2> {
    matrix![X[0], X[1]]
}

fn t() -> SMatrix<f64, 1, 2> {
    matrix![TARGET[0], TARGET[1]]
}

#[test]
fn forward_matches_the_scalar_computation() {
    let s = scalars();
    let trace = LECTURE.forward_trace(&x());
    assert_entries("x", &trace.0.x, [X]);
    assert_entries("v⁰", &trace.0.v, [s.v0]);
    assert_entries("y⁰", &trace.0.y, [s.y0]);
    assert_entries("y⁰ into layer 1", &trace.1.x, [s.y0]);
    assert_entries("v¹", &trace.1.v, [s.v1]);
    assert_entries("ŷ", &trace.1.y, [s.y_hat]);
    assert_entries("forward", &LECTURE.forward(&x()), [s.y_hat]);
}

#[test]
fn loss_matches_the_scalar_computation() {
    let s = scalars();
    let y_hat = LECTURE.forward(&x());
    assert_entries("l", &Mse::per_output(&y_hat, &t()), [s.l]);
    assert_relative_eq!(
        LECTURE.loss::<Mse, 1>(&x(), &t()),
        s.loss,
        max_relative = 1e-15
    );
    assert_entries("∂L/∂ŷ", &Mse::gradient(&y_hat, &t()), [s.d_y_hat]);
}

#[test]
fn each_line_of_the_chain_rule_matches() {
    let s = scalars();
    let trace = LECTURE.forward_trace(&x());
    let d_y_hat = Mse::gradient(&trace.1.y, &t());

    // g'(v) from the trace, as the lecture example prints it.
    let g1 = trace.1.v.zip_map(&trace.1.y, Sigmoid::derivative);
    let g0 = trace.0.v.zip_map(&trace.0.y, Sigmoid::derivative);
    assert_entries("g'(v¹)", &g1, [s.g1]);
    assert_entries("g'(v⁰)", &g0, [s.g0]);

    // Layer by layer, so that the intermediate ∂L/∂y⁰ is visible.
    let (grads1, d_y0) = LECTURE.1.backward(&trace.1, &d_y_hat);
    // For one sample ∂L/∂b = δ, since ∂v/∂b is the identity; δ = ∂L/∂ŷ ⊙ g'(v¹) exactly.
    assert_entries("δ¹ = ∂L/∂b¹", &grads1.b, [s.delta1]);
    assert_eq!(grads1.b, d_y_hat.component_mul(&g1));
    assert_entries("∂L/∂W¹", &grads1.w, s.d_w1);
    assert_entries("∂L/∂y⁰", &d_y0, [s.d_y0]);
    let (grads0, d_x) = LECTURE.0.backward(&trace.0, &d_y0);
    assert_entries("δ⁰ = ∂L/∂b⁰", &grads0.b, [s.delta0]);
    assert_eq!(grads0.b, d_y0.component_mul(&g0));
    assert_entries("∂L/∂W⁰", &grads0.w, s.d_w0);
    assert_entries("∂L/∂x", &d_x, [s.d_x]);

    // The whole network gives the same, and the one-call form agrees.
    let (grads, net_d_x) = LECTURE.backward(&trace, &d_y_hat);
    assert_eq!(grads.0, grads0);
    assert_eq!(grads.1, grads1);
    assert_eq!(net_d_x, d_x);
    let (loss, one_call) = LECTURE.loss_and_gradients::<Mse, 1>(&x(), &t());
    assert_eq!(one_call, grads);
    assert_relative_eq!(loss, s.loss, max_relative = 1e-15);
}

#[test]
fn one_sgd_step_moves_every_parameter_against_its_gradient() {
    let s = scalars();
    let mut net = LECTURE;
    let (_, mut grads) = net.loss_and_gradients::<Mse, 1>(&x(), &t());
    Sgd::new(LEARNING_RATE)
        .unwrap()
        .step(&mut net, &mut grads)
        .unwrap();

    let step = |w: f64, g: f64| w - LEARNING_RATE * g;
    let w0: [[f64; 3]; 2] =
        core::array::from_fn(|i| core::array::from_fn(|j| step(W0[i][j], s.d_w0[i][j])));
    let w1: [[f64; 2]; 3] =
        core::array::from_fn(|j| core::array::from_fn(|k| step(W1[j][k], s.d_w1[j][k])));
    let b0: [f64; 3] = core::array::from_fn(|j| step(B0[j], s.delta0[j]));
    let b1: [f64; 2] = core::array::from_fn(|k| step(B1[k], s.delta1[k]));
    assert_entries("W⁰ after one step", &net.0.w, w0);
    assert_entries("b⁰ after one step", &net.0.b, [b0]);
    assert_entries("W¹ after one step", &net.1.w, w1);
    assert_entries("b¹ after one step", &net.1.b, [b1]);
    assert!(net.loss::<Mse, 1>(&x(), &t()) < s.loss);
}
