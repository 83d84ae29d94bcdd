//! The fixed-point comparison: one inference of the XOR network in f32, from flash, measured
//! (on a core without an FPU, its arithmetic is a software library's).
#![no_std]
#![no_main]

use constnet_firmware::{probes, recipe::Xor, trained};
use cortex_m_rt::entry;

static NETWORK: Xor = trained::XOR;

#[entry]
fn main() -> ! {
    probes::xor_forward("xor_forward_f32", &NETWORK, trained::OUTPUTS[2])
}
