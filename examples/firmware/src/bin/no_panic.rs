//! Inference, one training step and a `train` run, with no way to panic: built with the
//! feature `no-panic`, whose panic handler cannot link (`src/lib.rs`), the program links only
//! if optimization removed every panic from all three. Their inputs pass through `black_box`,
//! so that the compiler cannot work them out at build time and drop a panic for these values
//! only; the plan too, so the shuffled path is linked (and proved) although this run does not
//! shuffle. Run, it passes if each result is the host's, bit for bit.
#![no_std]
#![no_main]

use core::hint::black_box;
use core::ops::ControlFlow;

use constnet::nalgebra::SMatrix;
use constnet::{train, Batch, Dataset, Layer, Mse, Plan, Sgd, StopReason};
use constnet_firmware::recipe::{self, Xor};
use constnet_firmware::training::{step, Training};
use constnet_firmware::{exit, print_verdict, same_bits, trained, NETWORK_IN_FLASH};
use cortex_m_rt::entry;

#[entry]
fn main() -> ! {
    let network: &Xor = black_box(&NETWORK_IN_FLASH);
    let outputs = network.forward(&black_box(recipe::input_batch()));
    let inferred = outputs
        .iter()
        .zip(trained::OUTPUTS)
        .all(|(output, host)| output.to_bits() == host.to_bits());
    print_verdict(inferred, "inference from flash");

    let mut training = black_box(Training::<Xor, 4>::new([0, 1, 2, 3]));
    let loss = step(&mut training);
    let stepped = loss.map(f32::to_bits) == Ok(trained::LOSS.to_bits());
    print_verdict(stepped, "one training step, 4 rows");

    let inputs = recipe::INPUTS.map(|[a, b]| SMatrix::<f32, 1, 2>::new(a, b));
    let targets = recipe::TARGETS.map(SMatrix::<f32, 1, 1>::new);
    let trained_here =
        Dataset::new(black_box(&inputs[..]), black_box(&targets[..])).and_then(|data| {
            let plan = Plan::new(Mse, Batch::<4>, recipe::MAX_EPOCHS);
            let plan = black_box(plan.target_loss(black_box(recipe::TARGET_LOSS))?);
            let mut network = black_box(recipe::initial_network());
            let mut sgd = Sgd::new(black_box(recipe::LEARNING_RATE))?;
            train(&mut network, &mut sgd, &data, &plan, |_, _, _| {
                ControlFlow::Continue(())
            })
            .map(|report| (network, report))
        });
    let as_on_host = trained_here.is_ok_and(|(network, report)| {
        report.stop == StopReason::TargetLoss
            && report.epochs == trained::EPOCHS
            && same_bits(&network, &trained::XOR)
    });
    print_verdict(as_on_host, "train, without shuffling");

    exit(inferred && stepped && as_on_host)
}
