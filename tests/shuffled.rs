//! The shuffled run that the firmware's `shuffled` program repeats on the Cortex-M4F
//! (`examples/firmware/src/bin/shuffled/pinned.rs`, compiled here as it is there), against the
//! same pins.

// The recipe's other items are the firmware's and the `export` example's.
#[allow(dead_code)]
#[path = "../examples/firmware/src/recipe.rs"]
mod recipe;

#[path = "../examples/firmware/src/bin/shuffled/pinned.rs"]
mod pinned;

use pinned::{PINNED_LOSSES, PINNED_PARAMETERS};

#[test]
fn a_shuffled_run_gives_the_pinned_bits() {
    // A regression pin: values recorded from this implementation, not independent ones (see
    // `pinned.rs`). The same run on the Cortex-M4F must give the same bits, since the
    // library's `exp` is written to give identical bits on host and device; the firmware's
    // `shuffled` program compares with these same constants.
    let (network, losses) = pinned::train_shuffled().expect("the run trains");
    let losses = losses.map(f32::to_bits);
    let parameters = pinned::parameter_bits(&network);
    assert!(
        losses == PINNED_LOSSES && parameters == PINNED_PARAMETERS,
        "the run differs from the pins; if the change is meant, pin\n\
         losses: {losses:#010x?}\nparameters: {parameters:#010x?}"
    );
}
