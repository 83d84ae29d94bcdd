//! The 5-layer network with a mismatch between layers 3 and 4, used without
//! `assert_network`.
use constnet::{Dense, Layer, Network, Relu, Sigmoid};
use nalgebra::SMatrix;

type Deep = Network<(
    Dense<f32, 2, 4, Relu>,
    Dense<f32, 4, 6, Relu>,
    Dense<f32, 6, 6, Relu>,
    Dense<f32, 5, 3, Relu>,
    Dense<f32, 3, 1, Sigmoid>,
)>;

fn main() {
    let net = Deep::default();
    let _ = net.forward(&SMatrix::<f32, 1, 2>::zeros());
}
