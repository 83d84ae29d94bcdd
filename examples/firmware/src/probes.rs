//! The operations of the fixed-point comparison, in any scalar type: one inference of the XOR
//! network from flash, one SGD step of it on one row, and one inference of the sine network.
//! Each program of the comparison is one call here, so that the programs differ only in the
//! type they name.

use constnet::nalgebra::SMatrix;
use constnet::{parameter_bytes, training_bytes, Layer, Real, Sgd};

use crate::exit;
use crate::probe::measure;
use crate::recipe::{SineIn, XorIn};
use crate::training::{step, Training};

/// A network in flash and the row it runs on. The probe hands it to the operation through
/// `black_box`, so the compiler cannot fold the flash constants into the measured code.
struct Inference<N: Layer + 'static, const IN: usize> {
    network: &'static N,
    x: SMatrix<N::Scalar, 1, IN>,
}

#[inline(never)]
fn infer_xor<T: Real>(state: &mut Inference<XorIn<T>, 2>) -> T {
    state.network.forward(&state.x)[0]
}

#[inline(never)]
fn infer_sine<T: Real>(state: &mut Inference<SineIn<T>, 1>) -> T {
    state.network.forward(&state.x)[0]
}

/// Measures one inference of `network` on the row `(1, 0)` and passes if it gives
/// `expected`, the host's output.
pub fn xor_forward<T: Real>(name: &str, network: &'static XorIn<T>, expected: T) -> ! {
    let mut state = Inference {
        network,
        x: SMatrix::<T, 1, 2>::new(T::one(), T::zero()),
    };
    let measured = measure(&mut state, infer_xor::<T>);
    measured.report(name, parameter_bytes::<XorIn<T>>());
    exit(measured.result == expected)
}

/// Measures one SGD step of `network` (copied into RAM) on the row `(1, 0)` with the target 0,
/// which the trained network gets wrong: the loss is large enough to show in Q8.8 (the right
/// target's, about 0.001, rounds to 0 there). Passes if a second step starts from a lower
/// loss: the check reuses the step's code, so that the program holds no other.
pub fn xor_step<T: Real>(name: &str, network: &XorIn<T>, learning_rate: T) -> ! {
    let mut training = Training::<XorIn<T>, 1> {
        network: *network,
        // The fields directly: a valid constant, no check measured.
        optimizer: Sgd {
            learning_rate,
            weight_decay: T::zero(),
        },
        x: SMatrix::<T, 1, 2>::new(T::one(), T::zero()),
        y: SMatrix::<T, 1, 1>::new(T::zero()),
    };
    let measured = measure(&mut training, step::<XorIn<T>, 1>);
    measured.report(name, training_bytes::<XorIn<T>, 1>());
    lowered(measured.result, step(&mut training))
}

/// Measures one inference of the sine network at `x` and passes if it gives `expected`, the
/// host's output.
pub fn sine_forward<T: Real>(name: &str, network: &'static SineIn<T>, x: T, expected: T) -> ! {
    let mut state = Inference {
        network,
        x: SMatrix::<T, 1, 1>::new(x),
    };
    let measured = measure(&mut state, infer_sine::<T>);
    measured.report(name, parameter_bytes::<SineIn<T>>());
    exit(measured.result == expected)
}

/// Measures one SGD step of the sine network (copied into RAM) towards `y` at `x`, and passes
/// if a second step starts from a lower loss.
pub fn sine_step<T: Real>(name: &str, network: &SineIn<T>, x: T, y: T, learning_rate: T) -> ! {
    let mut training = Training::<SineIn<T>, 1> {
        network: *network,
        optimizer: Sgd {
            learning_rate,
            weight_decay: T::zero(),
        },
        x: SMatrix::<T, 1, 1>::new(x),
        y: SMatrix::<T, 1, 1>::new(y),
    };
    let measured = measure(&mut training, step::<SineIn<T>, 1>);
    measured.report(name, training_bytes::<SineIn<T>, 1>());
    lowered(measured.result, step(&mut training))
}

/// Ends the run: passed if both steps succeeded and the second began from a lower loss than
/// the first.
fn lowered<T: Real, E>(first: Result<T, E>, second: Result<T, E>) -> ! {
    exit(matches!((first, second), (Ok(before), Ok(after)) if after < before))
}
