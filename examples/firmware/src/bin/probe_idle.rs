//! The baseline of the probes: the runtime, printing and the probe around an empty operation.
//! The other probes' flash, stack and instruction figures are read relative to this one.
#![no_std]
#![no_main]

use constnet_firmware::exit;
use constnet_firmware::probe::measure;
use cortex_m_rt::entry;

#[inline(never)]
fn nothing(_: &mut ()) {}

#[entry]
fn main() -> ! {
    measure(&mut (), nothing).report("idle", 0);
    exit(true)
}
