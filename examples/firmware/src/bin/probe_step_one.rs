//! One training step on a single row, as online learning on a device would take it, measured:
//! forward with trace, loss, backward and the SGD update.
#![no_std]
#![no_main]

use constnet::{training_bytes, Layer, Mse};
use constnet_firmware::probe::measure;
use constnet_firmware::recipe::Xor;
use constnet_firmware::training::{step, Training};
use constnet_firmware::{exit, trained};
use cortex_m_rt::entry;

#[entry]
fn main() -> ! {
    let mut training = Training::new([2]);
    // The loss the step must report: the baked network's on that row, before the update.
    let expected = trained::XOR.loss::<Mse, 1>(&training.x, &training.y);
    let measured = measure(&mut training, step);
    measured.report("step_one", training_bytes::<Xor, 1>());
    exit(measured.result.map(f32::to_bits) == Ok(expected.to_bits()))
}
