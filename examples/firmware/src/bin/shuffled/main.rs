//! The pinned shuffled run (`pinned.rs`) on the device: passes only if every epoch's loss and
//! every trained parameter has the pinned bits, the bits the host test `tests/shuffled.rs`
//! holds the host to.
#![no_std]
#![no_main]

// In this program rather than the library: code added to the library changes how the
// optimizer treats the probes, and with them measure.sh's figures.
mod pinned;

// Where `pinned.rs` finds the recipe, here and in the host test: `crate::recipe`.
use constnet_firmware::{exit, recipe};
use cortex_m_rt::entry;
use cortex_m_semihosting::{heprintln, hprintln};
use pinned::{EPOCHS, PARAMETERS, PINNED_LOSSES, PINNED_PARAMETERS};

#[entry]
fn main() -> ! {
    hprintln!(
        "XOR shuffled with seed {}: 2→3→1 sigmoid, Mse, batches of 3, SGD η = {}, {} epochs",
        pinned::SHUFFLE_SEED,
        recipe::LEARNING_RATE,
        EPOCHS
    );
    let (network, losses) = match pinned::train_shuffled() {
        Ok(trained) => trained,
        Err(error) => {
            heprintln!("error: {}", error);
            exit(false)
        }
    };
    let mut passed = true;
    hprintln!("  epoch  L             bits");
    for (epoch, (loss, pinned)) in (1..).zip(losses.into_iter().zip(PINNED_LOSSES)) {
        let bits = loss.to_bits();
        if bits == pinned {
            hprintln!("  {:>5}  {:.9}  {:#010x}", epoch, loss, bits);
        } else {
            hprintln!(
                "  {:>5}  {:.9}  {:#010x}  ✗ pinned {:#010x}",
                epoch,
                loss,
                bits,
                pinned
            );
            passed = false;
        }
    }
    let parameters = pinned::parameter_bits(&network);
    for (index, (bits, pinned)) in parameters.into_iter().zip(PINNED_PARAMETERS).enumerate() {
        if bits != pinned {
            heprintln!(
                "error: parameter {}: {:#010x}, pinned {:#010x}",
                index,
                bits,
                pinned
            );
            passed = false;
        }
    }
    if passed {
        hprintln!(
            "the pinned losses and {} parameters, bit for bit",
            PARAMETERS
        );
    } else {
        heprintln!("error: the device's run differs from the pinned one");
    }
    exit(passed)
}
