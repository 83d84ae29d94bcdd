//! Puts the memory layout of the target's board where cortex-m-rt's linker script `link.x`
//! looks for it (`memory.x`), and links every program with `link.x`.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // The Cortex-M0 board (QEMU's microbit) has 16 KiB of RAM; the Cortex-M3 and M4F boards
    // get a budget of 64 KiB. (Neither file is called `memory.x`: the linker would find one
    // in this directory before the copy.)
    let target = env::var("TARGET").unwrap_or_default();
    let layout = if target.starts_with("thumbv6m") {
        "memory-m0.x"
    } else {
        "memory-m3-m4f.x"
    };
    fs::copy(layout, out.join("memory.x")).expect("the layouts are next to Cargo.toml");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    println!("cargo:rerun-if-changed=memory-m0.x");
    println!("cargo:rerun-if-changed=memory-m3-m4f.x");
}
