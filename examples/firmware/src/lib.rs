//! What constnet's firmware programs share on QEMU's mps2-an386 (a Cortex-M4F): the XOR
//! recipe and the network the host baked from it, ending a run with a pass or fail status,
//! a HardFault handler that fails the run, and the probe that measures one operation.
#![no_std]

pub mod probe;
pub mod recipe;
pub mod stack;
pub mod training;
#[rustfmt::skip]
pub mod trained;

use constnet::Parameters;
use cortex_m_rt::{exception, ExceptionFrame};
use cortex_m_semihosting::{debug, heprintln};
use recipe::Xor;
// Linked for its panic handler: a panic prints its message and ends the run as a failure.
use panic_semihosting as _;

/// Ends the program; under QEMU the exit status is 0 if `passed` and 1 otherwise.
pub fn exit(passed: bool) -> ! {
    debug::exit(if passed {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // Only reached without a semihosting host (a board with no debugger attached).
    loop {
        cortex_m::asm::wfi();
    }
}

/// The network the host trained, in flash: an immutable `static` is placed in `.rodata`.
pub static NETWORK_IN_FLASH: Xor = trained::XOR;

/// Whether two networks (or gradients) hold the same bits in every parameter.
pub fn same_bits<P: Parameters<Scalar = f32>>(a: &P, b: &P) -> bool {
    (0..P::COUNT).all(|i| a.parameter(i).map(f32::to_bits) == b.parameter(i).map(f32::to_bits))
}

// Any fault (a bad memory access, an undefined instruction, a stack overflow into a fault)
// must fail the run rather than hang it until CI's timeout.
#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    heprintln!("HardFault at pc {:#010x}", frame.pc());
    exit(false)
}
