//! Trains XOR on the device with constnet's own training loop, prints the loss falling and the
//! truth table, and passes only if the network learned XOR and matches, bit for bit, the
//! network the host trained with the same recipe (`trained.rs`).
#![no_std]
#![no_main]

use core::ops::ControlFlow;

use constnet::{Layer, StopReason};
use constnet_firmware::{exit, recipe, same_bits, stack, trained};
use cortex_m_rt::entry;
use cortex_m_semihosting::{heprintln, hprintln};

#[entry]
fn main() -> ! {
    hprintln!(
        "XOR on a Cortex-M4F: 2→3→1 sigmoid, Mse, full batch of 4, SGD η = {}",
        recipe::LEARNING_RATE
    );
    hprintln!("  epoch  L");
    let trained = recipe::train_xor::<f32, _>(|epoch, _| {
        if epoch.epoch == 1 || epoch.epoch % 250 == 0 {
            hprintln!("  {:>5}  {:.6}", epoch.epoch, epoch.loss);
        }
        ControlFlow::Continue(())
    });
    let (network, report) = match trained {
        Ok(trained) => trained,
        Err(error) => {
            heprintln!("error: {}", error);
            exit(false)
        }
    };
    hprintln!(
        "  {:>5}  {:.6}  ({:?})",
        report.epochs,
        report.loss.unwrap_or(f32::NAN),
        report.stop
    );
    let mut passed = report.stop == StopReason::TargetLoss;

    hprintln!("\n  x₁  x₂  XOR  ŷ");
    let outputs = network.forward(&recipe::input_batch());
    for (row, [x1, x2]) in recipe::INPUTS.into_iter().enumerate() {
        let (output, target) = (outputs[row], recipe::TARGETS[row]);
        let right = (output > 0.5) == (target > 0.5);
        let mark = if right { "" } else { "  ✗ wrong side of 0.5" };
        hprintln!("  {}   {}   {}    {:.4}{}", x1, x2, target, output, mark);
        passed &= right;
    }

    let as_on_host = same_bits(&network, &trained::XOR) && report.epochs == trained::EPOCHS;
    if as_on_host {
        hprintln!(
            "\nthe same {} epochs and the same weights, bit for bit, as on the host",
            report.epochs
        );
    } else {
        heprintln!(
            "\nerror: the device's network differs from the host's ({} epochs there)",
            trained::EPOCHS
        );
    }
    passed &= as_on_host;
    if !passed {
        heprintln!("error: the device did not learn XOR as the host did");
    }
    hprintln!(
        "stack used since reset: {} bytes",
        stack::used_since_reset()
    );
    exit(passed)
}
