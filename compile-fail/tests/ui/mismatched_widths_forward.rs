//! The same wiring mistake without `assert_network`: the error appears where the network is
//! first used as a layer.
use constnet::{Dense, Layer, Network, Sigmoid};
use nalgebra::matrix;

type Broken = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 4, 2, Sigmoid>)>;

fn main() {
    let net: Broken = Network::new((Dense::zeros(), Dense::zeros()));
    let _ = net.forward(&matrix![0.3f32, 0.7]);
}
