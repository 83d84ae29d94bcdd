//! The fixed-point comparison: one SGD step of the XOR network in Q16.16, on one
//! row, measured.
#![no_std]
#![no_main]

use constnet::Q16_16;
use constnet_firmware::{probes, trained_fixed};
use cortex_m_rt::entry;

#[entry]
fn main() -> ! {
    probes::xor_step(
        "xor_step_q16_16",
        &trained_fixed::XOR_Q16_16,
        Q16_16::from_bits(2 << 16),
    )
}
