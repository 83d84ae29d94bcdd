//! A residual block whose inner layer changes the width (3 → 4): `x + f(x)` would add rows
//! of different widths, so the block is not a layer.
use constnet::{assert_network, Dense, Network, Residual, Tanh};

type Broken = Network<(Residual<Dense<f32, 3, 4, Tanh>>,)>;
const _: () = assert_network::<Broken>();

fn main() {}
