//! A 2→2→1 sigmoid network learns XOR with plain SGD on the full batch of four patterns,
//! through the crate's training loop.
//!
//! XOR is the classic problem a single layer cannot solve (its classes are not linearly
//! separable); two hidden units suffice. The example exits with status 1 if the network has
//! not learned it, so CI catches a regression in the library.
//!
//! Run with `cargo run --example xor`.

use std::ops::ControlFlow;
use std::process::exit;

use constnet::{
    train, training_bytes, Batch, Dataset, Dense, Layer, Mse, Network, Plan, Sgd, Sigmoid,
};
use nalgebra::{matrix, SMatrix};

type Xor = Network<(Dense<f32, 2, 2, Sigmoid>, Dense<f32, 2, 1, Sigmoid>)>;

// Everything training touches fits in a few hundred bytes of RAM, checked when compiling.
const _: () = assert!(training_bytes::<Xor, 4>() <= 512);

const MAX_EPOCHS: usize = 10_000;
const TARGET_LOSS: f32 = 0.001;
const LEARNING_RATE: f32 = 2.0;

fn main() {
    let inputs = [
        matrix![0.0, 0.0],
        matrix![0.0, 1.0],
        matrix![1.0, 0.0],
        matrix![1.0, 1.0],
    ];
    let targets = [matrix![0.0], matrix![1.0], matrix![1.0], matrix![0.0]];
    let data = Dataset::new(&inputs, &targets).expect("the XOR table is finite");

    // Small, hand-chosen, asymmetric weights. Asymmetry matters: hidden units that start
    // equal get equal gradients and stay twins, and twins cannot carve XOR. Not every such
    // start works with only two hidden units: W⁰ = [[0.5, -0.4], [0.3, 0.6]] (and the rest
    // near it) settles in the classic local minimum with ŷ ≈ 0.5 on two patterns. This
    // start reaches the solution and is not on a knife edge: shifting several of its
    // entries together by up to ±0.1 still converges.
    let mut net: Xor = Network::new((
        Dense::from_rows([[0.6, -0.3], [0.4, 0.8]], [-0.1, 0.2]),
        Dense::from_rows([[0.5], [0.9]], [-0.3]),
    ));

    println!("XOR with a 2→2→1 sigmoid network: Mse, full batch of 4, SGD η = {LEARNING_RATE}");
    println!("  {:>5}  L", "epoch");
    // All four patterns in one batch: one weight change per sweep, as in the 1986 paper.
    let plan = Plan::new(Mse, Batch::<4>, MAX_EPOCHS)
        .target_loss(TARGET_LOSS)
        .expect("a target loss ≥ 0");
    let report = train(
        &mut net,
        &mut Sgd::new(LEARNING_RATE).expect("a learning rate ≥ 0"),
        &data,
        &plan,
        |epoch, _, _| {
            if epoch.epoch % 300 == 0 {
                println!("  {:>5}  {:.6}", epoch.epoch, epoch.loss);
            }
            ControlFlow::Continue(())
        },
    )
    .expect("training stays finite");
    println!(
        "  {:>5}  {:.6}  ({:?} after {} epochs)",
        report.epochs,
        report.loss.unwrap_or(f32::NAN),
        report.stop,
        report.epochs
    );

    let x = SMatrix::<f32, 4, 2>::from_fn(|r, c| inputs[r][c]);
    let target = SMatrix::<f32, 4, 1>::from_fn(|r, _| targets[r][0]);
    println!("\n  x₁  x₂  XOR  ŷ       rounded");
    let y_hat = net.forward(&x);
    let mut wrong = 0;
    for r in 0..4 {
        let (out, want) = (y_hat[r], target[r]);
        let rounded = if out > 0.5 { 1.0 } else { 0.0 };
        let mark = if rounded == want { "" } else { "  ✗ wrong" };
        wrong += usize::from(rounded != want);
        println!(
            "  {}   {}   {}    {out:.4}  {rounded}{mark}",
            x[(r, 0)],
            x[(r, 1)],
            want
        );
    }
    if wrong > 0 {
        eprintln!(
            "error: the network did not learn XOR ({wrong} of 4 outputs on the wrong side of 0.5)"
        );
        exit(1);
    }
    println!("\nlearned: every output is on the right side of 0.5");
}
