//! A 5-layer network whose layers 3 and 4 (indices 2 and 3) do not fit: layer 2 outputs 6
//! units, layer 3 takes 5. Every other neighbouring pair fits.
use constnet::{assert_network, Dense, Network, Relu, Sigmoid};

type Deep = Network<(
    Dense<f32, 2, 4, Relu>,
    Dense<f32, 4, 6, Relu>,
    Dense<f32, 6, 6, Relu>,
    Dense<f32, 5, 3, Relu>,
    Dense<f32, 3, 1, Sigmoid>,
)>;
const _: () = assert_network::<Deep>();

fn main() {}
