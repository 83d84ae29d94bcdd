//! The fixed-point comparison: one inference of the XOR network in Q8.8, from flash,
//! measured.
#![no_std]
#![no_main]

use constnet::Q8_8;
use constnet_firmware::{probes, recipe::XorIn, trained_fixed};
use cortex_m_rt::entry;

static NETWORK: XorIn<Q8_8> = trained_fixed::XOR_Q8_8;

#[entry]
fn main() -> ! {
    probes::xor_forward(
        "xor_forward_q8_8",
        &NETWORK,
        trained_fixed::XOR_Q8_8_OUTPUTS[2],
    )
}
