//! A short shuffled training run and its result, pinned bit for bit: the XOR network from the
//! recipe's seeded start, trained for a few epochs on samples in a seeded order, in batches of
//! three so that each epoch's last batch wraps to the start of its order.
//!
//! The pins are a regression pin, recorded from this implementation, not independent values:
//! they change if the shuffle, the initialization, the arithmetic or the order of the training
//! loop's operations change; update them only with the reason in the commit. The host test
//! (`tests/shuffled.rs` at the repository's root) and the device's `shuffled` program (this
//! directory's `main.rs`) both compile this file and compare with the same pins: the library's
//! `exp` gives the same bits on both, and both round every operation to IEEE single, so the
//! Cortex-M4F must reproduce the host's run exactly.

use core::ops::ControlFlow;

use constnet::{train, Batch, Dataset, Mse, Parameters, Plan, Sgd, TrainError};

use crate::recipe::{self, Xor};

/// The seed of the samples' order; the initial weights are [`recipe::initial_network`]'s.
pub const SHUFFLE_SEED: u64 = 7;

/// Epochs the run trains.
pub const EPOCHS: usize = 5;

/// The parameters of [`Xor`].
pub const PARAMETERS: usize = <Xor as Parameters>::COUNT;

/// Each epoch's loss (`Mse`), as `f32::to_bits`: about 0.271, 0.265, 0.230, 0.288, 0.271.
pub const PINNED_LOSSES: [u32; EPOCHS] =
    [0x3e8ae2c8, 0x3e8784c9, 0x3e6b823c, 0x3e934fa8, 0x3e8ab4b6];

/// The trained network's parameters in `Parameters` order (each layer's `W` column-major,
/// then its `b`), as `f32::to_bits`.
pub const PINNED_PARAMETERS: [u32; PARAMETERS] = [
    0x3f6947a0, 0xbecf5909, 0xbe9c1d74, 0x3eb190a7, 0xbf1da9ff, 0x3ed091c4, // W₁
    0x3efaae5a, 0xbd63a236, 0xbd5ecd1c, // b₁
    0xbf558a6e, 0xbf4d72ba, 0x3f5bdd12, // W₂
    0x3f242908, // b₂
];

/// Trains [`recipe::initial_network`] on XOR with `Mse` and SGD at the recipe's learning rate,
/// for [`EPOCHS`] epochs in batches of three, shuffled with [`SHUFFLE_SEED`]; returns the
/// network and each epoch's loss.
pub fn train_shuffled() -> Result<(Xor, [f32; EPOCHS]), TrainError<f32>> {
    let targets = recipe::TARGETS.map(|target| [target]);
    let data = Dataset::from_arrays(&recipe::INPUTS, &targets)?;
    let plan = Plan::new(Mse, Batch::<3>, EPOCHS).shuffle(SHUFFLE_SEED);
    let mut network = recipe::initial_network();
    // An epoch that did not run stays NaN, which matches no pin.
    let mut losses = [f32::NAN; EPOCHS];
    train(
        &mut network,
        &mut Sgd::new(recipe::LEARNING_RATE)?,
        &data,
        &plan,
        |epoch, _, _| {
            if let Some(loss) = losses.get_mut(epoch.epoch - 1) {
                *loss = epoch.loss;
            }
            ControlFlow::Continue(())
        },
    )?;
    Ok((network, losses))
}

/// The bits (`f32::to_bits`) of `network`'s parameters, in `Parameters` order.
pub fn parameter_bits(network: &Xor) -> [u32; PARAMETERS] {
    let mut bits = [0; PARAMETERS];
    let mut slots = bits.iter_mut();
    network.visit(&mut |_, values| {
        // `values` first: a zip takes from its first iterator before it finds the second
        // one empty, which would skip a slot at the end of every matrix.
        for (value, slot) in values.iter().zip(slots.by_ref()) {
            *slot = value.to_bits();
        }
    });
    bits
}
