//! The fixed-point comparison: one SGD step of the 1→16→16→1 ReLU sine network in Q16.16, on
//! one row, measured: the network trains on a Cortex-M3 without an FPU.
#![no_std]
#![no_main]

use constnet::Q16_16;
use constnet_firmware::{probes, sine};
use cortex_m_rt::entry;

#[entry]
fn main() -> ! {
    // x = 1, y = sin 1 ≈ 0.841471, learning rate 0.01: the f32 step's (`probe_step_sine`).
    probes::sine_step(
        "sine_step_q16_16",
        &sine::SINE_Q16_16,
        Q16_16::ONE,
        Q16_16::from_bits(55_147),
        Q16_16::from_bits(655),
    )
}
