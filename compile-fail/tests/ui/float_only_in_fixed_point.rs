//! What needs logarithms or square roots does not exist in fixed point: cross-entropy and Adam
//! on a Q16.16 network.
use constnet::{Adam, Dense, Identity, Layer, Network, SoftmaxCrossEntropy, Q16_16};
use nalgebra::SMatrix;

type Net = Network<(Dense<Q16_16, 2, 2, Identity>,)>;

fn main() {
    let net = Net::default();
    let x = SMatrix::<Q16_16, 1, 2>::from_element(Q16_16::ONE);
    let _ = net.loss::<SoftmaxCrossEntropy, 1>(&x, &x);
    let _ = Adam::<Net>::new(Q16_16::ONE);
}
