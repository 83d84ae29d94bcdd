//! Trains XOR on the host and writes the network as Rust source for the firmware to bake into
//! flash: `examples/firmware/src/trained.rs`, which the `infer` program runs on the device, and
//! `trained_fixed.rs`, the same network in fixed point for `infer_fixed`, with the recipe
//! trained in Q16.16 for `train_fixed` to compare with, and `sine.rs`, the Cortex-M3 probes'
//! network in `f32`, Q8.8 and Q16.16.
//!
//! Run with `cargo run --example export`. The file is checked in; `tests/export.rs` checks
//! that running this again reproduces it byte for byte.

#[path = "../firmware/src/recipe.rs"]
mod recipe;

mod module;

use std::error::Error;
use std::fs;

/// Where the firmware crate expects the generated modules.
const DIRECTORY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/firmware/src");

fn main() -> Result<(), Box<dyn Error>> {
    for (file, source) in [
        ("trained.rs", module::trained_module()?),
        ("trained_fixed.rs", module::trained_fixed_module()?),
        ("sine.rs", module::sine_module()?),
    ] {
        let path = format!("{DIRECTORY}/{file}");
        // Written next to the target and renamed over it, so a failed write never leaves a
        // truncated module behind.
        let staging = format!("{path}.partial");
        fs::write(&staging, &source)?;
        fs::rename(&staging, &path)?;
        println!("wrote {path} ({} bytes)", source.len());
    }
    Ok(())
}
