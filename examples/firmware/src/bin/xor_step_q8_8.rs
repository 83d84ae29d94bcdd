//! The fixed-point comparison: one SGD step of the XOR network in Q8.8, on one
//! row, measured.
#![no_std]
#![no_main]

use constnet::Q8_8;
use constnet_firmware::{probes, trained_fixed};
use cortex_m_rt::entry;

#[entry]
fn main() -> ! {
    probes::xor_step(
        "xor_step_q8_8",
        &trained_fixed::XOR_Q8_8,
        Q8_8::from_bits(2 << 8),
    )
}
