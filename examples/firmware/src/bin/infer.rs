//! Runs the network the host trained, baked into flash as a `const` (`trained.rs`), on the
//! four XOR inputs, and passes only if every output matches the host's bit for bit: both
//! sides compute `exp` with the same `libm` and round every operation to IEEE single.
#![no_std]
#![no_main]

use core::hint::black_box;

use constnet::nalgebra::SMatrix;
use constnet::{Layer, Mse};
use constnet_firmware::recipe::{self, Xor};
use constnet_firmware::{exit, stack, trained, NETWORK_IN_FLASH};
use cortex_m_rt::entry;
use cortex_m_semihosting::{heprintln, hprintln};

#[entry]
fn main() -> ! {
    // Through `black_box`, so the compiler cannot work the outputs out at build time: the
    // device computes them.
    let network: &Xor = black_box(&NETWORK_IN_FLASH);
    let inputs = black_box(recipe::INPUTS);

    hprintln!("XOR from flash: 2→3→1 sigmoid, trained on the host");
    hprintln!("  x₁  x₂  XOR  ŷ (device)   ŷ (host)");
    let mut passed = true;
    for (row, [x1, x2]) in inputs.into_iter().enumerate() {
        let output = network.forward(&SMatrix::<f32, 1, 2>::new(x1, x2))[0];
        let (host, target) = (trained::OUTPUTS[row], recipe::TARGETS[row]);
        let exact = output.to_bits() == host.to_bits();
        let right = (output > 0.5) == (target > 0.5);
        let mark = match (exact, right) {
            (true, true) => "",
            (false, _) => "  ✗ differs from the host",
            (true, false) => "  ✗ wrong side of 0.5",
        };
        hprintln!(
            "  {}   {}   {}    {:.8}   {:.8}{}",
            x1,
            x2,
            target,
            output,
            host,
            mark
        );
        passed &= exact && right;
    }

    let x = black_box(recipe::input_batch());
    let batch = network.forward(&x);
    let batch_exact = (0..4).all(|r| batch[r].to_bits() == trained::OUTPUTS[r].to_bits());
    let loss = network.loss::<Mse, 4>(&x, &recipe::target_batch());
    let loss_exact = loss.to_bits() == trained::LOSS.to_bits();
    hprintln!(
        "  the four rows as one batch: {}; L = {:e} ({})",
        if batch_exact {
            "the same bits"
        } else {
            "✗ different bits"
        },
        loss,
        if loss_exact {
            "the host's, bit for bit"
        } else {
            "✗ not the host's"
        }
    );
    passed &= batch_exact && loss_exact;
    if !passed {
        heprintln!("error: the device's outputs are not the host's");
    }
    hprintln!(
        "stack used since reset: {} bytes",
        stack::used_since_reset()
    );
    exit(passed)
}
