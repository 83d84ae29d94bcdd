//! The networks the firmware bakes into flash (`examples/firmware/src/trained.rs`,
//! `trained_fixed.rs` and `sine.rs`): running the `export` example again gives the same bytes, and the files
//! compile on the host to exactly the networks the recipe trains, with the outputs they claim.

#[path = "../examples/firmware/src/recipe.rs"]
mod recipe;

#[path = "../examples/export/module.rs"]
mod module;

#[rustfmt::skip]
#[path = "../examples/firmware/src/trained.rs"]
mod trained;

#[rustfmt::skip]
#[path = "../examples/firmware/src/trained_fixed.rs"]
mod trained_fixed;

use std::ops::ControlFlow;

use constnet::nalgebra::SMatrix;
use constnet::{Layer, Mse, Parameters, Real, Q16_16, Q8_8};

const CHECKED_IN: &str = include_str!("../examples/firmware/src/trained.rs");
const CHECKED_IN_FIXED: &str = include_str!("../examples/firmware/src/trained_fixed.rs");
const CHECKED_IN_SINE: &str = include_str!("../examples/firmware/src/sine.rs");

fn bits<P: Parameters<Scalar = f32>>(parameters: &P) -> Vec<u32> {
    let mut bits = Vec::new();
    parameters.visit(&mut |_, elements| bits.extend(elements.iter().map(|v| v.to_bits())));
    bits
}

#[test]
fn regenerating_the_module_gives_the_checked_in_bytes() {
    let fresh = module::trained_module().expect("the recipe trains");
    assert!(
        fresh == CHECKED_IN,
        "examples/firmware/src/trained.rs is stale; run `cargo run --example export` and \
         commit it. Regenerated:\n{fresh}"
    );
}

#[test]
fn the_baked_const_is_the_trained_network_bit_for_bit() {
    let (network, report) =
        recipe::train_xor::<f32, _>(|_, _| ControlFlow::Continue(())).expect("the recipe trains");
    assert_eq!(bits(&trained::XOR), bits(&network));
    assert_eq!(trained::EPOCHS, report.epochs);
}

#[test]
fn the_baked_outputs_are_computed_the_same_one_row_or_four_at_a_time() {
    let batch = trained::XOR.forward(&recipe::input_batch());
    for (row, [x1, x2]) in recipe::INPUTS.into_iter().enumerate() {
        let single = trained::XOR.forward(&SMatrix::<f32, 1, 2>::new(x1, x2));
        assert_eq!(
            single[0].to_bits(),
            trained::OUTPUTS[row].to_bits(),
            "row {row}"
        );
        assert_eq!(
            batch[row].to_bits(),
            trained::OUTPUTS[row].to_bits(),
            "row {row}"
        );
    }
}

#[test]
fn the_baked_network_computes_xor() {
    let loss = trained::XOR.loss::<Mse, 4>(&recipe::input_batch(), &recipe::target_batch());
    assert_eq!(loss.to_bits(), trained::LOSS.to_bits());
    assert!(loss <= recipe::TARGET_LOSS, "L = {loss}");
    for (output, target) in trained::OUTPUTS.into_iter().zip(recipe::TARGETS) {
        assert!(
            (output - target).abs() < 0.1,
            "ŷ = {output} for target {target}"
        );
    }
}

#[test]
fn regenerating_the_fixed_point_module_gives_the_checked_in_bytes() {
    let fresh = module::trained_fixed_module().expect("the recipe trains");
    assert!(
        fresh == CHECKED_IN_FIXED,
        "examples/firmware/src/trained_fixed.rs is stale; run `cargo run --example export` \
         and commit it. Regenerated:\n{fresh}"
    );
}

/// Whether `outputs` put every row of XOR on the right side of ½.
fn computes_xor<T: Real>(outputs: [T; 4]) -> bool {
    outputs
        .iter()
        .zip(recipe::TARGETS)
        .all(|(y, t)| (y.to_f64() > 0.5) == (t > 0.5))
}

#[test]
fn the_fixed_point_networks_compute_xor_with_the_outputs_they_claim() {
    let rows = recipe::INPUTS;
    let q8 = rows.map(|[a, b]| {
        let x = SMatrix::<Q8_8, 1, 2>::new(Q8_8::lit(a.into()), Q8_8::lit(b.into()));
        trained_fixed::XOR_Q8_8.forward(&x)[0]
    });
    assert_eq!(q8, trained_fixed::XOR_Q8_8_OUTPUTS);
    assert!(computes_xor(q8), "{q8:?}");
    let q16 = rows.map(|[a, b]| {
        let x = SMatrix::<Q16_16, 1, 2>::new(Q16_16::lit(a.into()), Q16_16::lit(b.into()));
        trained_fixed::XOR_Q16_16.forward(&x)[0]
    });
    assert_eq!(q16, trained_fixed::XOR_Q16_16_OUTPUTS);
    assert!(computes_xor(q16), "{q16:?}");
    // Both within a few units of their last place of the f32 outputs.
    for ((f32_output, q8), q16) in trained::OUTPUTS.iter().zip(q8).zip(q16) {
        let f = f64::from(*f32_output);
        assert!((q8.to_f64() - f).abs() < 4.0 / 256.0, "{q8} vs {f}");
        assert!((q16.to_f64() - f).abs() < 1e-3, "{q16} vs {f}");
    }
}

#[test]
fn the_recipe_trains_in_q16_16_within_twice_the_f32_epochs() {
    let (network, report) = recipe::train_xor::<Q16_16, _>(|_, _| ControlFlow::Continue(()))
        .expect("the recipe trains");
    assert_eq!(network, trained_fixed::TRAINED_Q16_16);
    assert_eq!(report.epochs, trained_fixed::EPOCHS_Q16_16);
    assert_eq!(report.saturations, 0);
    assert!(
        report.epochs <= 2 * trained::EPOCHS,
        "{} epochs",
        report.epochs
    );
    let outputs = recipe::INPUTS.map(|[a, b]| {
        let x = SMatrix::<Q16_16, 1, 2>::new(Q16_16::lit(a.into()), Q16_16::lit(b.into()));
        network.forward(&x)[0]
    });
    assert!(computes_xor(outputs), "{outputs:?}");
}

#[test]
fn regenerating_the_sine_module_gives_the_checked_in_bytes() {
    let fresh = module::sine_module().expect("the sine module is written");
    assert!(
        fresh == CHECKED_IN_SINE,
        "examples/firmware/src/sine.rs is stale; run `cargo run --example export` and commit \
         it. Regenerated:\n{fresh}"
    );
}
