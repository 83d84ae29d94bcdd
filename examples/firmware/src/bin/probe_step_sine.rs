//! One SGD training step on a single row of a 1→16→16→1 ReLU network (the shape of TensorFlow
//! Lite Micro's "hello world" sine model), measured. `measure.sh` fails if the step's stack
//! exceeds the crate's `training_bytes`, so that figure is a checked bound.
#![no_std]
#![no_main]

use constnet::nalgebra::SMatrix;
use constnet::{training_bytes, Dense, Identity, Init, Initialize, Layer, Mse, Network, Relu, Sgd};
use constnet_firmware::exit;
use constnet_firmware::probe::measure;
use constnet_firmware::training::{step, Training};
use cortex_m_rt::entry;

type Sine = Network<(
    Dense<f32, 1, 16, Relu>,
    Dense<f32, 16, 16, Relu>,
    Dense<f32, 16, 1, Identity>,
)>;

#[entry]
fn main() -> ! {
    let mut training = Training {
        network: Sine::seeded(Init::He, 1),
        // The fields directly, as in `Training::new`: a valid constant, no check measured.
        optimizer: Sgd {
            learning_rate: 0.01,
            weight_decay: 0.0,
        },
        x: SMatrix::<f32, 1, 1>::new(1.0),
        y: SMatrix::<f32, 1, 1>::new(0.841_470_96), // sin 1
    };
    let before = training.network.loss::<Mse, 1>(&training.x, &training.y);
    let measured = measure(&mut training, step);
    let bound = training_bytes::<Sine, 1>();
    measured.report("step_sine", bound);
    let after = training.network.loss::<Mse, 1>(&training.x, &training.y);
    let learned = measured.result == Ok(before) && after < before;
    exit(learned)
}
