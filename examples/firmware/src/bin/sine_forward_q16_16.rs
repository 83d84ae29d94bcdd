//! The fixed-point comparison: one inference of the 1→16→16→1 ReLU sine network in Q16.16,
//! from flash, measured.
#![no_std]
#![no_main]

use constnet::Q16_16;
use constnet_firmware::recipe::SineIn;
use constnet_firmware::{probes, sine};
use cortex_m_rt::entry;

static NETWORK: SineIn<Q16_16> = sine::SINE_Q16_16;

#[entry]
fn main() -> ! {
    probes::sine_forward(
        "sine_forward_q16_16",
        &NETWORK,
        Q16_16::ONE,
        sine::SINE_Q16_16_OUTPUT,
    )
}
