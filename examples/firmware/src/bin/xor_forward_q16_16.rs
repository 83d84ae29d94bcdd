//! The fixed-point comparison: one inference of the XOR network in Q16.16, from flash,
//! measured.
#![no_std]
#![no_main]

use constnet::Q16_16;
use constnet_firmware::{probes, recipe::XorIn, trained_fixed};
use cortex_m_rt::entry;

static NETWORK: XorIn<Q16_16> = trained_fixed::XOR_Q16_16;

#[entry]
fn main() -> ! {
    probes::xor_forward(
        "xor_forward_q16_16",
        &NETWORK,
        trained_fixed::XOR_Q16_16_OUTPUTS[2],
    )
}
