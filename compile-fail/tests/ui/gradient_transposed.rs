//! `∂L/∂W⁰` has the shape of `W⁰` (2×3): it cannot be taken as a 3×2 matrix.
use constnet::{Dense, Layer, Mse, Network, Sigmoid};
use nalgebra::{matrix, SMatrix};

type Lecture = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 3, 2, Sigmoid>)>;

fn main() {
    let net = Lecture::default();
    let (x, y) = (matrix![0.3f32, 0.7], matrix![1.0f32, 0.0]);
    let (_, grads) = net.loss_and_gradients::<Mse, 1>(&x, &y);
    let _d_w0: SMatrix<f32, 3, 2> = grads.0.w;
}
