//! Time of one forward pass and one training step (forward, backward, SGD update) for the
//! lecture's 2→3→2 network and a 784→128→10 network, single sample and mini-batch.

use std::hint::black_box;

use constnet::{
    Dense, Identity, Layer, Mse, Network, Optimizer, Relu, Sgd, Sigmoid, SoftmaxCrossEntropy,
};
use criterion::{criterion_group, criterion_main, Criterion};
use nalgebra::SMatrix;

type Lecture = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 3, 2, Sigmoid>)>;
type Mnist = Network<(Dense<f32, 784, 128, Relu>, Dense<f32, 128, 10, Identity>)>;

const LECTURE: Lecture = Network::new((
    Dense::from_rows([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], [0.2, 0.25, 0.3]),
    Dense::from_rows([[0.3, 0.4], [0.5, 0.6], [0.7, 0.8]], [0.3, 0.35]),
));

fn lecture(c: &mut Criterion) {
    let x = SMatrix::<f32, 1, 2>::new(0.3, 0.7);
    let y = SMatrix::<f32, 1, 2>::new(1.0, 0.0);
    let mut net = LECTURE;
    let mut sgd = Sgd::new(0.01).unwrap();
    c.bench_function("lecture 2-3-2 forward, B=1", |b| {
        b.iter(|| black_box(&net).forward(black_box(&x)))
    });
    c.bench_function("lecture 2-3-2 training step, B=1", |b| {
        b.iter(|| {
            let (_, mut grads) = net.loss_and_gradients::<Mse, 1>(black_box(&x), black_box(&y));
            sgd.step(&mut net, &mut grads).unwrap();
        })
    });
}

/// Weights that are not all equal, without a random number generator.
fn spread(net: &mut Mnist) {
    use constnet::Parameters;
    let mut k = 0u32;
    net.visit_mut(&mut |_, elements| {
        for e in elements {
            k = k.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            *e = (k >> 8) as f32 / (1u32 << 24) as f32 * 0.1 - 0.05;
        }
    });
}

fn mnist_sized(c: &mut Criterion) {
    // 101,770 parameters: about 400 KB each for the network and its gradients, so boxed.
    let mut net = Box::<Mnist>::default();
    spread(&mut net);
    let x = Box::new(SMatrix::<f32, 32, 784>::from_fn(|r, c| {
        ((r * 7 + c) % 13) as f32 / 13.0
    }));
    let y = SMatrix::<f32, 32, 10>::from_fn(|r, c| if r % 10 == c { 1.0 } else { 0.0 });
    let mut sgd = Sgd::new(0.01).unwrap();
    c.bench_function("784-128-10 training step, B=32", |b| {
        b.iter(|| {
            let (_, mut grads) =
                net.loss_and_gradients::<SoftmaxCrossEntropy, 32>(black_box(&x), &y);
            sgd.step(&mut *net, &mut grads).unwrap();
        })
    });
}

criterion_group!(benches, lecture, mnist_sized);
criterion_main!(benches);
