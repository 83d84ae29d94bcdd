//! The network the firmware bakes into flash (`examples/firmware/src/trained.rs`): running the
//! `export` example again gives the same bytes, and the file compiles on the host to exactly
//! the network the recipe trains, with the outputs it claims.

#[path = "../examples/firmware/src/recipe.rs"]
mod recipe;

#[path = "../examples/export/module.rs"]
mod module;

#[rustfmt::skip]
#[path = "../examples/firmware/src/trained.rs"]
mod trained;

use std::ops::ControlFlow;

use constnet::nalgebra::SMatrix;
use constnet::{Layer, Mse, Parameters};

const CHECKED_IN: &str = include_str!("../examples/firmware/src/trained.rs");

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
        recipe::train_xor(|_, _| ControlFlow::Continue(())).expect("the recipe trains");
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
