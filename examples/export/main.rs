//! Trains XOR on the host and writes the network as Rust source for the firmware to bake into
//! flash: `examples/firmware/src/trained.rs`, which the `infer` program runs on the device.
//!
//! Run with `cargo run --example export`. The file is checked in; `tests/export.rs` checks
//! that running this again reproduces it byte for byte.

#[path = "../firmware/src/recipe.rs"]
mod recipe;

mod module;

use std::error::Error;
use std::fs;

/// Where the firmware crate expects the generated module.
const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/firmware/src/trained.rs"
);

fn main() -> Result<(), Box<dyn Error>> {
    let source = module::trained_module()?;
    // Written next to the target and renamed over it, so a failed write never leaves a
    // truncated module behind.
    let staging = format!("{}.partial", PATH);
    fs::write(&staging, &source)?;
    fs::rename(&staging, PATH)?;
    println!("wrote {} ({} bytes)", PATH, source.len());
    Ok(())
}
