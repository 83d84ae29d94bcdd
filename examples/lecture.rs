//! The lecture's 2→3→2 sigmoid network with the lecture's numbers: one forward pass, the
//! loss, every line of the chain rule (as DESIGN.md's "The chain rule, shape by shape" lists
//! it), one SGD step, then training.
//!
//! Every label's shape, e.g. `∂L/∂W⁰ (2×3)`, is printed from the matrix's type: a wrong
//! shape anywhere below would not compile, let alone print. The target is `t`; `y⁰` is the
//! hidden layer's output and `ŷ` the network's.
//!
//! Run with `cargo run --example lecture`.

use core::mem::size_of;

use constnet::{
    training_bytes, Activation, Dense, Layer, Loss, Mse, Network, Optimizer, Parameters, Sgd,
    Sigmoid,
};
use nalgebra::{matrix, SMatrix};

type Lecture = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 2, Sigmoid>)>;

// The activation is a zero-sized type, so a network is exactly its 17 numbers.
const _: () = assert!(size_of::<Lecture>() == Lecture::COUNT * size_of::<f64>());

/// The lecture notebook's starting point, built in a `const` as firmware would.
const LECTURE: Lecture = Network::new((
    Dense::from_rows([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], [0.2, 0.25, 0.3]),
    Dense::from_rows([[0.3, 0.4], [0.5, 0.6], [0.7, 0.8]], [0.3, 0.35]),
));

/// The width of the label column.
const LABEL: usize = 30;

/// A number with about 6 significant digits, trailing zeros dropped.
fn num(v: f64) -> String {
    let magnitude = if v == 0.0 {
        0
    } else {
        v.abs().log10().floor() as i32
    };
    if magnitude < -4 {
        return format!("{v:.5e}");
    }
    let decimals = (5 - magnitude).clamp(0, 15) as usize;
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// One matrix on one line, row by row: `[[a, b, c], [d, e, f]]`.
fn matrix_line<const R: usize, const C: usize>(m: &SMatrix<f64, R, C>) -> String {
    let rows: Vec<String> = m
        .row_iter()
        .map(|row| {
            format!(
                "[{}]",
                row.iter().map(|&v| num(v)).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

/// Prints `label (R×C)  value`; `R` and `C` come from the type, not from the caller.
fn show<const R: usize, const C: usize>(label: &str, m: &SMatrix<f64, R, C>) {
    println!(
        "  {:<LABEL$} {}",
        format!("{label} ({R}×{C})"),
        matrix_line(m)
    );
}

fn scalar(label: &str, v: f64) {
    println!("  {label:<LABEL$} {}", num(v));
}

fn main() {
    let mut net = LECTURE;
    let x = matrix![0.3, 0.7];
    let t = matrix![1.0, 0.0]; // the target
    let learning_rate = 0.01;

    // Facts known at compile time: the parameter count and the memory are in the type.
    println!("The lecture's 2→3→2 network: sigmoid, Mse, f64");
    println!("  {:<LABEL$} {}", "Parameters::COUNT", Lecture::COUNT);
    println!(
        "  {:<LABEL$} {} bytes",
        "size_of::<Lecture>()",
        size_of::<Lecture>()
    );
    let train = training_bytes::<Lecture, 1>();
    println!(
        "  {:<LABEL$} {train} bytes (parameters, gradients, trace)",
        "training, B = 1"
    );

    println!("\nForward");
    let trace = net.forward_trace(&x); // keeps every layer's x, v, y for backward
    show("x", &x);
    show("W⁰", &net.0.w);
    show("b⁰", &net.0.b);
    show("v⁰ = x W⁰ + b⁰", &trace.0.v);
    show("y⁰ = g(v⁰)", &trace.0.y);
    show("W¹", &net.1.w);
    show("b¹", &net.1.b);
    show("v¹ = y⁰ W¹ + b¹", &trace.1.v);
    show("ŷ = g(v¹)", &trace.1.y);

    println!("\nLoss (target t, N = 2 outputs)");
    let y_hat = trace.1.y;
    show("t", &t);
    show("l = (1/N)(t - ŷ)²", &Mse::per_output(&y_hat, &t));
    scalar("L = Σᵢ lᵢ", Mse::loss(&y_hat, &t));

    println!("\nBackward");
    let d_y_hat = Mse::gradient(&y_hat, &t);
    // g'(v) from the trace: the sigmoid's derivative is g(v)(1 - g(v)), so it takes y = g(v)
    // along with v.
    let g1 = trace.1.v.zip_map(&trace.1.y, Sigmoid::derivative);
    let g0 = trace.0.v.zip_map(&trace.0.y, Sigmoid::derivative);
    // Layer by layer, to see what flows between the layers.
    let (grads1, d_y0) = net.1.backward(&trace.1, &d_y_hat);
    let (grads0, _) = net.0.backward(&trace.0, &d_y0);
    // The whole network in one call: the same gradients, shaped like the parameters.
    let (mut grads, d_x) = net.backward(&trace, &d_y_hat);
    assert_eq!((grads.0, grads.1), (grads0, grads1));
    // Each δ from its two factors. With one row, ∂v/∂b is the identity, so ∂L/∂b is δ: the
    // library's ∂L/∂b equals the δ computed here.
    let delta1 = d_y_hat.component_mul(&g1);
    let delta0 = d_y0.component_mul(&g0);
    assert_eq!((grads.1.b, grads.0.b), (delta1, delta0));
    show("∂L/∂ŷ = -(2/N)(t - ŷ)", &d_y_hat);
    show("g'(v¹) = ŷ ⊙ (1 - ŷ)", &g1);
    show("δ¹ = ∂L/∂ŷ ⊙ g'(v¹)", &delta1);
    show("∂L/∂W¹ = (y⁰)ᵀ δ¹", &grads.1.w);
    show("∂L/∂b¹ = δ¹", &grads.1.b);
    show("∂L/∂y⁰ = δ¹ (W¹)ᵀ", &d_y0);
    show("g'(v⁰) = y⁰ ⊙ (1 - y⁰)", &g0);
    show("δ⁰ = ∂L/∂y⁰ ⊙ g'(v⁰)", &delta0);
    show("∂L/∂W⁰ = xᵀ δ⁰", &grads.0.w);
    show("∂L/∂b⁰ = δ⁰", &grads.0.b);
    show("∂L/∂x = δ⁰ (W⁰)ᵀ", &d_x);

    println!("\nAfter one step (SGD, η = {learning_rate}): θ ← θ - η ∂L/∂θ");
    Sgd::new(learning_rate)
        .expect("the lecture's η is a valid learning rate")
        .step(&mut net, &mut grads)
        .expect("the lecture's gradients are finite");
    show("W⁰", &net.0.w);
    show("b⁰", &net.0.b);
    show("W¹", &net.1.w);
    show("b¹", &net.1.b);
    let loss = net.loss::<Mse, 1>(&x, &t);
    println!(
        "  {:<LABEL$} {} (was {})",
        "L",
        num(loss),
        num(Mse::loss(&y_hat, &t))
    );

    // A step of 0.01 barely moves L; a larger one shows the descent within a few thousand
    // steps. Training starts again from the lecture's weights.
    let (steps, rate) = (5000, 0.5);
    println!("\nTraining (SGD, η = {rate}, from the lecture's weights; t = [[1, 0]])");
    println!("  {:>6}  {:<12}  ŷ", "step", "L");
    let mut net = LECTURE;
    let mut sgd = Sgd::new(rate).expect("η = 0.5 is a valid learning rate");
    for step in 0..=steps {
        let (loss, mut grads) = net.loss_and_gradients::<Mse, 1>(&x, &t);
        if [0, 10, 100, 500, 1000, 2000, steps].contains(&step) {
            println!(
                "  {step:>6}  {:<12}  {}",
                num(loss),
                matrix_line(&net.forward(&x))
            );
        }
        sgd.step(&mut net, &mut grads)
            .expect("training stays finite");
    }
}
