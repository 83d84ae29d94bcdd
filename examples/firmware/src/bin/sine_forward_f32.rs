//! The fixed-point comparison: one inference of the 1→16→16→1 ReLU sine network in f32, from
//! flash, measured (on a core without an FPU, its arithmetic is a software library's).
#![no_std]
#![no_main]

use constnet_firmware::recipe::{self, SineIn};
use constnet_firmware::{probes, sine};
use cortex_m_rt::entry;

static NETWORK: SineIn<f32> = sine::SINE;

#[entry]
fn main() -> ! {
    probes::sine_forward(
        "sine_forward_f32",
        &NETWORK,
        recipe::SINE_INPUT,
        sine::SINE_OUTPUT,
    )
}
