//! One training step of the `train` program, measured: forward with trace, loss, backward and
//! the SGD update, on the full batch of four XOR rows.
#![no_std]
#![no_main]

use constnet::training_bytes;
use constnet_firmware::probe::measure;
use constnet_firmware::recipe::Xor;
use constnet_firmware::training::{step, Training};
use constnet_firmware::{exit, trained};
use cortex_m_rt::entry;

#[entry]
fn main() -> ! {
    let mut training = Training::new([0, 1, 2, 3]);
    let measured = measure(&mut training, step);
    measured.report("step", training_bytes::<Xor, 4>());
    // The step's loss is that of the baked network on the four rows, which the host computed.
    exit(measured.result.map(f32::to_bits) == Ok(trained::LOSS.to_bits()))
}
