//! Runs the host's XOR network converted to Q8.8 and to Q16.16, baked into flash
//! (`trained_fixed.rs`), on the four XOR inputs, and passes only if every output matches the
//! host's (integer arithmetic: the same on every target) and falls on the right side of ½.
#![no_std]
#![no_main]

use core::hint::black_box;

use constnet::nalgebra::SMatrix;
use constnet::{Layer, Real, Q16_16, Q8_8};
use constnet_firmware::recipe::{self, XorIn};
use constnet_firmware::{exit, stack, trained_fixed};
use cortex_m_rt::entry;
use cortex_m_semihosting::{heprintln, hprintln};

static XOR_Q8_8: XorIn<Q8_8> = trained_fixed::XOR_Q8_8;
static XOR_Q16_16: XorIn<Q16_16> = trained_fixed::XOR_Q16_16;

/// Runs `network` on the four rows against the host's outputs; whether all matched.
fn check<T: Real>(label: &str, network: &XorIn<T>, host: &[T; 4]) -> bool {
    hprintln!("XOR from flash in {}:", label);
    hprintln!("  x₁  x₂  XOR  ŷ (device)   ŷ (host)");
    let mut passed = true;
    for (row, [x1, x2]) in black_box(recipe::INPUTS).into_iter().enumerate() {
        let x = SMatrix::<T, 1, 2>::new(T::lit(x1.into()), T::lit(x2.into()));
        let output = network.forward(&x)[0];
        let target = recipe::TARGETS[row];
        let exact = output == host[row];
        let right = (output.to_f64() > 0.5) == (target > 0.5);
        let mark = match (exact, right) {
            (true, true) => "",
            (false, _) => "  ✗ differs from the host",
            (true, false) => "  ✗ wrong side of 0.5",
        };
        hprintln!(
            "  {}   {}   {}    {:<12} {}{}",
            x1,
            x2,
            target,
            output,
            host[row],
            mark
        );
        passed &= exact && right;
    }
    passed
}

#[entry]
fn main() -> ! {
    let q8 = check(
        "Q8.8",
        black_box(&XOR_Q8_8),
        &trained_fixed::XOR_Q8_8_OUTPUTS,
    );
    let q16 = check(
        "Q16.16",
        black_box(&XOR_Q16_16),
        &trained_fixed::XOR_Q16_16_OUTPUTS,
    );
    if !(q8 && q16) {
        heprintln!("error: the device's outputs are not the host's");
    }
    hprintln!(
        "stack used since reset: {} bytes",
        stack::used_since_reset()
    );
    exit(q8 && q16)
}
