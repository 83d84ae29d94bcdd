//! Two layers that do not fit (the first outputs 3 units, the second takes 4), caught where
//! the network type is defined.
use constnet::{assert_network, Dense, Network, Sigmoid};

type Broken = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 4, 2, Sigmoid>)>;
const _: () = assert_network::<Broken>();

fn main() {}
