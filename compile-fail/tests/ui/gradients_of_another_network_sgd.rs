//! Gradients of a 2→4→2 network applied to a 2→3→2 network by `Sgd::step`.
use constnet::{Dense, Layer, Mse, Network, Optimizer, Sgd, Sigmoid};
use nalgebra::matrix;

type NetA = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 3, 2, Sigmoid>)>;
type NetB = Network<(Dense<f32, 2, 4, Sigmoid>, Dense<f32, 4, 2, Sigmoid>)>;

fn main() {
    let mut net_a = NetA::default();
    let net_b = NetB::default();
    let (x, y) = (matrix![0.3f32, 0.7], matrix![1.0f32, 0.0]);
    let (_, mut grads_b) = net_b.loss_and_gradients::<Mse, 1>(&x, &y);
    Sgd::new(0.1).unwrap().step(&mut net_a, &mut grads_b);
}
