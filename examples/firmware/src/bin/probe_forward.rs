//! One inference of the baked XOR network from flash, `ŷ` for one input row, measured.
#![no_std]
#![no_main]

use core::hint::black_box;

use constnet::nalgebra::SMatrix;
use constnet::{parameter_bytes, Layer};
use constnet_firmware::probe::measure;
use constnet_firmware::recipe::Xor;
use constnet_firmware::{exit, trained, NETWORK_IN_FLASH};
use cortex_m_rt::entry;

#[inline(never)]
fn infer(x: &mut SMatrix<f32, 1, 2>) -> f32 {
    black_box(&NETWORK_IN_FLASH).forward(x)[0]
}

#[entry]
fn main() -> ! {
    let mut x = SMatrix::<f32, 1, 2>::new(1.0, 0.0);
    let measured = measure(&mut x, infer);
    // The crate's count is the network's bytes, which this program keeps in flash.
    measured.report("forward", parameter_bytes::<Xor>());
    exit(measured.result.to_bits() == trained::OUTPUTS[2].to_bits())
}
