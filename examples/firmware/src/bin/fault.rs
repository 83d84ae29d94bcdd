//! Executes an undefined instruction. CI runs it to prove that a fault fails the run (the
//! HardFault handler exits with status 1) instead of hanging QEMU or passing.
#![no_std]
#![no_main]

// Linked for its HardFault handler.
use constnet_firmware as _;
use cortex_m_rt::entry;

#[entry]
fn main() -> ! {
    cortex_m::asm::udf()
}
