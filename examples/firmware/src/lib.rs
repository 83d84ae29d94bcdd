//! What constnet's firmware programs share on QEMU's boards (the Cortex-M4F mps2-an386, the
//! Cortex-M0 microbit and the Cortex-M3 lm3s6965evb): the XOR recipe and the networks the host
//! baked from it, in `f32` and fixed point, ending a run with a pass or fail status, a
//! HardFault handler that fails the run, the probes that measure one operation, and the panic
//! handler of the feature `no-panic`, which cannot link.
#![no_std]

pub mod probe;
pub mod probes;
pub mod recipe;
// Generated code names each network by its whole type.
#[rustfmt::skip]
#[allow(clippy::type_complexity)]
pub mod sine;
pub mod stack;
pub mod training;
#[rustfmt::skip]
pub mod trained;
#[rustfmt::skip]
pub mod trained_fixed;

use core::fmt::Write;

use constnet::Parameters;
use cortex_m_rt::{exception, ExceptionFrame};
use cortex_m_semihosting::{debug, hio};
use recipe::Xor;
// Linked for its panic handler: a panic prints its message and ends the run as a failure.
#[cfg(not(feature = "no-panic"))]
use panic_semihosting as _;

// The link-time proof that a program cannot panic: the handler calls a function that no
// object file defines, so the link fails unless optimization removed every call to the
// handler. The call needs `unsafe`, which the library forbids; hence it lives here.
#[cfg(feature = "no-panic")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    extern "C" {
        fn constnet_panic_is_reachable() -> !;
    }
    // SAFETY: never executed; a program in which this call survives does not link.
    unsafe { constnet_panic_is_reachable() }
}

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

/// Prints whether a check passed, naming it: through a semihosting stream of its own, without
/// `hprintln!`'s lock or `core::fmt`, each of which has a panic path, so that the `no_panic`
/// program can say what it checked.
pub fn print_verdict(passed: bool, what: &str) {
    let verdict: &[u8] = if passed {
        b"the host's result, bit for bit: "
    } else {
        b"error, not the host's result: "
    };
    if let Ok(mut stream) = hio::hstdout() {
        for part in [verdict, what.as_bytes(), b"\n"] {
            // Nothing to do if the host does not take it: the exit status still tells.
            let _ = stream.write_all(part);
        }
    }
}

/// The network the host trained, in flash: an immutable `static` is placed in `.rodata`.
pub static NETWORK_IN_FLASH: Xor = trained::XOR;

/// Whether two networks (or gradients) hold the same bits in every parameter.
pub fn same_bits<P: Parameters<Scalar = f32>>(a: &P, b: &P) -> bool {
    (0..P::COUNT).all(|i| a.parameter(i).map(f32::to_bits) == b.parameter(i).map(f32::to_bits))
}

// Any fault (a bad memory access, an undefined instruction, a stack overflow into a fault)
// must fail the run rather than hang it until CI's timeout. Every program links this
// handler, so it prints through a stream of its own rather than `heprintln!`, whose lock can
// panic: the `no_panic` program links it too.
#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    if let Ok(mut stderr) = hio::hstderr() {
        let _ = writeln!(stderr, "HardFault at pc {:#010x}", frame.pc());
    }
    exit(false)
}
