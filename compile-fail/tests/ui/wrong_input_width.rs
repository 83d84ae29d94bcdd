//! A row of 3 inputs passed to a network that takes 2.
use constnet::{Dense, Layer, Network, Sigmoid};
use nalgebra::SMatrix;

type Lecture = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 3, 2, Sigmoid>)>;

fn main() {
    let net = Lecture::default();
    let x: SMatrix<f32, 1, 3> = SMatrix::zeros();
    let _ = net.forward(&x);
}
