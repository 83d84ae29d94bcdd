//! How deep the stack has gone since reset, by stack painting: cortex-m-rt (feature
//! `paint-stack`) fills the whole stack region with `STACK_PAINT_VALUE` before `main`, and
//! every frame pushed since has overwritten it; the lowest overwritten word is the
//! high-water mark. (A frame that happens to store the paint value itself at its deepest
//! word would hide that word, so a figure can be 4 bytes low.)

use core::ptr::{addr_of, read_volatile};

use cortex_m_rt::STACK_PAINT_VALUE;

extern "C" {
    // Both from cortex-m-rt's linker script: the stack grows down from `_stack_start` (the
    // end of RAM) towards `_stack_end` (the end of static data).
    static _stack_start: u32;
    static _stack_end: u32;
}

/// The address the stack starts at: its first push goes just below it.
pub fn top() -> usize {
    // Taking the address of an extern static is safe; its value is never read.
    addr_of!(_stack_start) as usize
}

/// The lowest stack address written since reset.
pub fn lowest_written() -> usize {
    let mut address = addr_of!(_stack_end) as usize;
    // SAFETY: every word from `_stack_end` up to `_stack_start` is RAM reserved for the
    // stack, 4-byte aligned by the linker script; reading it has no side effect.
    while address < top() && unsafe { read_volatile(address as *const u32) } == STACK_PAINT_VALUE {
        address += 4;
    }
    address
}

/// Bytes of stack used since reset: the high-water mark measured from the top.
pub fn used_since_reset() -> usize {
    top() - lowest_written()
}
