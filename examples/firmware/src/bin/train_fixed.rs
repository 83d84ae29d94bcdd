//! Trains XOR on the device in Q16.16 and in `f32` from the same seeded start, with the same
//! recipe, and passes only if the Q16.16 run learned XOR within twice the epochs of the `f32`
//! one, and both match, bit for bit, the runs the host made (`trained.rs`, `trained_fixed.rs`).
//! On a core without an FPU, the `f32` run is the software-float baseline.
#![no_std]
#![no_main]

use core::ops::ControlFlow;

use constnet::nalgebra::SMatrix;
use constnet::{Layer, Real, StopReason, Q16_16};
use constnet_firmware::recipe::{self, XorIn};
use constnet_firmware::{exit, same_bits, stack, trained, trained_fixed};
use cortex_m_rt::entry;
use cortex_m_semihosting::{heprintln, hprintln};

/// Trains the recipe in `T`, printing the loss now and then; the network and its epochs, or
/// `None` if training failed.
fn run<T: Real>(label: &str) -> Option<(XorIn<T>, usize)> {
    hprintln!("{}:", label);
    let trained = recipe::train_xor::<T, _>(|epoch, _| {
        if epoch.epoch == 1 || epoch.epoch % 500 == 0 {
            hprintln!("  {:>5}  {}", epoch.epoch, epoch.loss);
        }
        ControlFlow::Continue(())
    });
    match trained {
        Ok((network, report)) => {
            hprintln!(
                "  {:>5}  {}  ({:?}, {} saturated results)",
                report.epochs,
                report.loss.unwrap_or(T::zero()),
                report.stop,
                report.saturations
            );
            let learned = report.stop == StopReason::TargetLoss && report.saturations == 0;
            learned.then_some((network, report.epochs))
        }
        Err(error) => {
            heprintln!("error: {}", error);
            None
        }
    }
}

#[entry]
fn main() -> ! {
    hprintln!(
        "XOR on the device: 2→3→1 sigmoid, Mse, full batch of 4, SGD η = {}",
        recipe::LEARNING_RATE
    );
    let (Some((fixed, fixed_epochs)), Some((float, float_epochs))) =
        (run::<Q16_16>("Q16.16"), run::<f32>("f32"))
    else {
        heprintln!("error: a run did not learn XOR");
        exit(false)
    };

    hprintln!("\n  x₁  x₂  XOR  ŷ (Q16.16)");
    let mut passed = true;
    for ([x1, x2], target) in recipe::INPUTS.into_iter().zip(recipe::TARGETS) {
        let x = SMatrix::<Q16_16, 1, 2>::new(Q16_16::lit(x1.into()), Q16_16::lit(x2.into()));
        let output = fixed.forward(&x)[0];
        let right = (output.to_f64() > 0.5) == (target > 0.5);
        hprintln!(
            "  {}   {}   {}    {}{}",
            x1,
            x2,
            target,
            output,
            if right { "" } else { "  ✗" }
        );
        passed &= right;
    }
    let within = fixed_epochs <= 2 * float_epochs;
    hprintln!(
        "\nQ16.16 took {} epochs, f32 {}: {}",
        fixed_epochs,
        float_epochs,
        if within {
            "within twice"
        } else {
            "✗ more than twice"
        }
    );
    let as_on_host = fixed == trained_fixed::TRAINED_Q16_16
        && fixed_epochs == trained_fixed::EPOCHS_Q16_16
        && same_bits(&float, &trained::XOR)
        && float_epochs == trained::EPOCHS;
    if as_on_host {
        hprintln!("both runs ended with the host's weights, bit for bit, in the host's epochs");
    } else {
        heprintln!("error: the device's networks differ from the host's");
    }
    passed &= within && as_on_host;
    hprintln!(
        "stack used since reset: {} bytes",
        stack::used_since_reset()
    );
    exit(passed)
}
