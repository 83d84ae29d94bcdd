//! One operation, measured on the device: its peak stack use by stack painting, and the
//! markers between which `measure.sh` counts its instructions in a QEMU trace.

use core::hint::black_box;

use cortex_m_semihosting::hprintln;

use crate::stack;

/// What [`measure`] found.
pub struct Measured<R> {
    /// What the operation returned.
    pub result: R,
    /// Bytes of stack used below the frame of [`measure`]: the operation's own frames and
    /// temporaries (and at least the 8 bytes each trace marker pushes).
    pub operation_stack: usize,
    /// Bytes of stack used since reset, up to and including the operation: the startup code,
    /// `main`, the probe and the operation.
    pub total_stack: usize,
}

/// Runs `operation` once on `state`, between the two trace markers, and measures its stack.
///
/// It must run before anything else deepens the stack (printing does), so that the
/// high-water mark is the operation's. `operation` should be `#[inline(never)]` so that its
/// frame is pushed here, below the measured stack pointer, rather than merged into a caller.
#[inline(never)]
pub fn measure<S, R>(state: &mut S, operation: fn(&mut S) -> R) -> Measured<R> {
    let caller = cortex_m::register::msp::read() as usize;
    constnet_probe_begin();
    let result = black_box(operation(black_box(state)));
    constnet_probe_end();
    let lowest = stack::lowest_written();
    Measured {
        result,
        operation_stack: caller.saturating_sub(lowest),
        total_stack: stack::top() - lowest,
    }
}

impl<R> Measured<R> {
    /// Prints the figures as `key=value` pairs for `measure.sh`, with `const_bytes`, what
    /// the crate's compile-time byte counts predict for the operation.
    pub fn report(&self, name: &str, const_bytes: usize) {
        hprintln!(
            "probe={name} operation_stack={} total_stack={} const_bytes={const_bytes}",
            self.operation_stack,
            self.total_stack
        );
    }
}

// The markers must survive optimization as two distinct functions the trace can find by
// name: each executes a `nop` (an `asm!` block, which the compiler keeps), and their bodies
// differ so that identical-function merging cannot fold them into one address.

/// The first instruction `measure.sh` counts.
#[inline(never)]
#[no_mangle]
pub extern "C" fn constnet_probe_begin() {
    cortex_m::asm::nop();
}

/// The first instruction `measure.sh` does not count.
#[inline(never)]
#[no_mangle]
pub extern "C" fn constnet_probe_end() {
    cortex_m::asm::nop();
    cortex_m::asm::nop();
}
