//! One training step of the `train` program, measured: forward with trace, loss, backward and
//! the SGD update, on the full batch of four XOR rows.
#![no_std]
#![no_main]

use constnet::nalgebra::SMatrix;
use constnet::{training_bytes, Layer, Mse, NonFiniteUpdate, Optimizer, Sgd};
use constnet_firmware::probe::measure;
use constnet_firmware::recipe::{self, Xor};
use constnet_firmware::{exit, trained};
use cortex_m_rt::entry;

/// What a step reads and changes; it lives in `main`'s frame, outside the measured stack.
struct Training {
    network: Xor,
    optimizer: Sgd<f32>,
    x: SMatrix<f32, 4, 2>,
    y: SMatrix<f32, 4, 1>,
}

#[inline(never)]
fn step(training: &mut Training) -> Result<f32, NonFiniteUpdate> {
    let (loss, gradients) = training
        .network
        .loss_and_gradients::<Mse, 4>(&training.x, &training.y);
    training.optimizer.step(&mut training.network, &gradients)?;
    Ok(loss)
}

#[entry]
fn main() -> ! {
    let mut training = Training {
        network: trained::XOR,
        optimizer: Sgd::new(recipe::LEARNING_RATE),
        x: recipe::input_batch(),
        y: recipe::target_batch(),
    };
    let measured = measure(&mut training, step);
    measured.report("step", training_bytes::<Xor, 4>());
    // The step's loss is that of the baked network, which the host computed.
    let loss_as_on_host = measured.result.map(f32::to_bits) == Ok(trained::LOSS.to_bits());
    exit(loss_as_on_host)
}
