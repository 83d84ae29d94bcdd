//! The lecture's 2→3→2 sigmoid network with the lecture's numbers: one forward pass, the
//! loss, every line of the chain rule (as the README's "The network of the lecture" lists
//! it), one SGD step, then training.
//!
//! Every label's shape, e.g. `∂L/∂W⁰ (2×3)`, is printed from the matrix's type: a wrong
//! shape anywhere below would not compile, let alone print.
//!
//! Run with `cargo run --example lecture`.

use core::mem::size_of;

use constnet::{
    training_bytes, Dense, Layer, Loss, Mse, Network, Optimizer, Parameters, Sgd, Sigmoid,
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
    println!("  {:<22} {}", format!("{label} ({R}×{C})"), matrix_line(m));
}

fn scalar(label: &str, v: f64) {
    println!("  {label:<22} {}", num(v));
}

fn main() {
    let mut net = LECTURE;
    let x = matrix![0.3, 0.7];
    let y = matrix![1.0, 0.0];
    let learning_rate = 0.01;

    // Facts known at compile time: the parameter count and the memory are in the type.
    println!("The lecture's 2→3→2 network: sigmoid, Mse, f64");
    println!("  {:<22} {}", "Parameters::COUNT", Lecture::COUNT);
    println!(
        "  {:<22} {} bytes",
        "size_of::<Lecture>()",
        size_of::<Lecture>()
    );
    let train = training_bytes::<Lecture, 1>();
    println!(
        "  {:<22} {train} bytes (parameters, gradients, trace)",
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

    println!("\nLoss");
    let y_hat = trace.1.y;
    show("y", &y);
    show("l", &Mse::per_output(&y_hat, &y));
    scalar("L = Σᵢ lᵢ", Mse::loss(&y_hat, &y));

    println!("\nBackward");
    let d_y_hat = Mse::gradient(&y_hat, &y);
    // Layer by layer, to see what flows between the layers. With one sample ∂v/∂b is the
    // identity, so each layer's ∂L/∂b is its δ = ∂L/∂v.
    let (grads1, d_y0) = net.1.backward(&trace.1, &d_y_hat);
    let (grads0, _) = net.0.backward(&trace.0, &d_y0);
    // The whole network in one call: the same gradients, shaped like the parameters.
    let (mut grads, d_x) = net.backward(&trace, &d_y_hat);
    assert_eq!((grads.0, grads.1), (grads0, grads1));
    show("∂L/∂ŷ", &d_y_hat);
    show("δ¹ = ∂L/∂v¹", &grads1.b);
    show("∂L/∂W¹", &grads.1.w);
    show("∂L/∂b¹", &grads.1.b);
    show("∂L/∂y⁰", &d_y0);
    show("δ⁰ = ∂L/∂v⁰", &grads0.b);
    show("∂L/∂W⁰", &grads.0.w);
    show("∂L/∂b⁰", &grads.0.b);
    show("∂L/∂x", &d_x);

    println!("\nAfter one step (SGD, η = {learning_rate}): θ ← θ - η ∂L/∂θ");
    Sgd::new(learning_rate)
        .step(&mut net, &mut grads)
        .expect("the lecture's gradients are finite");
    show("W⁰", &net.0.w);
    show("b⁰", &net.0.b);
    show("W¹", &net.1.w);
    show("b¹", &net.1.b);
    let loss = net.loss::<Mse, 1>(&x, &y);
    println!(
        "  {:<22} {} (was {})",
        "L",
        num(loss),
        num(Mse::loss(&y_hat, &y))
    );

    // A step of 0.01 barely moves L; a larger one shows the descent within a few thousand
    // steps. Training starts again from the lecture's weights.
    let (steps, rate) = (5000, 0.5);
    println!("\nTraining (SGD, η = {rate}, from the lecture's weights)");
    println!("  {:>6}  {:<12}  ŷ", "step", "L");
    let mut net = LECTURE;
    let mut sgd = Sgd::new(rate);
    for step in 0..=steps {
        let (loss, mut grads) = net.loss_and_gradients::<Mse, 1>(&x, &y);
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
