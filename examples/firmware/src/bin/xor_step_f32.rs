//! The fixed-point comparison: one SGD step of the XOR network in f32, on one row, measured
//! (on a core without an FPU, its arithmetic is a software library's).
#![no_std]
#![no_main]

use constnet_firmware::{probes, trained};
use cortex_m_rt::entry;

#[entry]
fn main() -> ! {
    probes::xor_step("xor_step_f32", &trained::XOR, 2.0)
}
