//! A target of 3 outputs for a network with 2: `loss_and_gradients`.
use constnet::{Dense, Layer, Mse, Network, Sigmoid};
use nalgebra::{matrix, SMatrix};

type Lecture = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 3, 2, Sigmoid>)>;

fn main() {
    let net = Lecture::default();
    let x = matrix![0.3f32, 0.7];
    let target: SMatrix<f32, 1, 3> = matrix![1.0, 0.0, 0.0];
    let _ = net.loss_and_gradients::<Mse, 1>(&x, &target);
}
