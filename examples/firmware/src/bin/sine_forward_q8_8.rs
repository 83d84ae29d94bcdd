//! The fixed-point comparison: one inference of the 1→16→16→1 ReLU sine network in Q8.8,
//! from flash, measured.
#![no_std]
#![no_main]

use constnet::Q8_8;
use constnet_firmware::recipe::SineIn;
use constnet_firmware::{probes, sine};
use cortex_m_rt::entry;

static NETWORK: SineIn<Q8_8> = sine::SINE_Q8_8;

#[entry]
fn main() -> ! {
    probes::sine_forward(
        "sine_forward_q8_8",
        &NETWORK,
        Q8_8::ONE,
        sine::SINE_Q8_8_OUTPUT,
    )
}
