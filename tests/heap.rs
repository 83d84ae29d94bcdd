//! A 784→128→10 network (101,770 parameters, about 400 KB) trains on a thread with the default
//! 2 MiB stack when the network, its gradients and Adam's state (1.6 MB) are built directly on
//! the heap. Built on the stack first, the optimizer alone would not fit; this test would
//! overflow the stack (and abort) if any of them passed through it.

use std::ops::ControlFlow;

use constnet::{
    boxed_zeroed, train_with, Adam, Batch, Buffers, Dataset, Dense, Identity, Init, Initialize,
    Layer, Momentum, Network, Optimizer, Plan, Relu, Rprop, SoftmaxCrossEntropy,
};
use nalgebra::SMatrix;

type Mnist = Network<(Dense<f32, 784, 128, Relu>, Dense<f32, 128, 10, Identity>)>;

/// The stack a spawned thread gets unless told otherwise (std's documented default).
const DEFAULT_STACK: usize = 2 << 20;

/// Pseudo-random pixel rows and one-hot labels, on the heap.
fn data() -> (Vec<SMatrix<f32, 1, 784>>, Vec<SMatrix<f32, 1, 10>>) {
    let mut state = 12345_u32;
    let mut next = move || {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (state >> 8) as f32 / (1 << 24) as f32
    };
    let inputs = (0..64)
        .map(|_| SMatrix::<f32, 1, 784>::from_fn(|_, _| next()))
        .collect();
    let targets = (0..64)
        .map(|r| SMatrix::<f32, 1, 10>::from_fn(|_, c| if r % 10 == c { 1.0 } else { 0.0 }))
        .collect();
    (inputs, targets)
}

#[test]
fn a_large_network_trains_on_a_default_thread_stack() {
    let worker = std::thread::Builder::new()
        .stack_size(DEFAULT_STACK)
        .spawn(|| {
            let mut net = boxed_zeroed::<Mnist>();
            net.initialize_seeded(Init::He, 1);
            let mut gradients = boxed_zeroed::<<Mnist as constnet::Parameters>::Gradients>();
            let mut adam = Adam::<Mnist>::boxed(1e-3).unwrap();
            let momentum = Momentum::<Mnist>::boxed(0.01, 0.9).unwrap();
            let rprop = Rprop::<Mnist>::boxed();
            assert_eq!(momentum.learning_rate, 0.01);
            assert!(rprop.step_sizes().0.w.iter().all(|&d| d == 0.1));

            let (inputs, targets) = data();
            let x = Box::new(SMatrix::<f32, 32, 784>::from_fn(|r, c| inputs[r][c]));
            let y = SMatrix::<f32, 32, 10>::from_fn(|r, c| targets[r][c]);
            let first =
                net.loss_and_gradients_into::<SoftmaxCrossEntropy, 32>(&x, &y, &mut gradients);
            adam.step(&mut net, &mut gradients).expect("a finite step");

            let data = Dataset::new(&inputs, &targets).expect("finite data");
            let plan = Plan::new(SoftmaxCrossEntropy, Batch::<32>, 3);
            let buffers = Buffers::new(&mut *gradients);
            let report = train_with(&mut *net, &mut *adam, &data, &plan, buffers, |_, _, _| {
                ControlFlow::Continue(())
            })
            .expect("training stays finite");
            (first, report.loss.expect("3 epochs ran"), adam.steps())
        })
        .expect("a thread");
    let (first, last, steps) = worker.join().expect("no stack overflow");
    assert_eq!(steps, 1 + 3 * 2);
    assert!(last.is_finite() && last < first, "{first} → {last}");
}
