//! The lecture's 2→3→2 sigmoid network compiles and trains: the control case, proving the
//! harness tells a passing program from a failing one.
use constnet::{assert_network, Dense, Layer, Mse, Network, Optimizer, Sgd, Sigmoid};
use nalgebra::{matrix, SMatrix};

type Lecture = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 3, 2, Sigmoid>)>;
const _: () = assert_network::<Lecture>();

fn main() {
    let mut net: Lecture = Network::new((
        Dense::from_rows([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], [0.2, 0.25, 0.3]),
        Dense::from_rows([[0.3, 0.4], [0.5, 0.6], [0.7, 0.8]], [0.3, 0.35]),
    ));
    let (x, y) = (matrix![0.3, 0.7], matrix![1.0, 0.0]);
    let y_hat: SMatrix<f32, 1, 2> = net.forward(&x);
    assert!(y_hat.iter().all(|v| *v > 0.0 && *v < 1.0));
    let (loss, mut grads) = net.loss_and_gradients::<Mse, 1>(&x, &y);
    let _d_w0: SMatrix<f32, 2, 3> = grads.0.w;
    Sgd::new(0.5).unwrap().step(&mut net, &mut grads).unwrap();
    assert!(net.loss::<Mse, 1>(&x, &y) < loss);
}
