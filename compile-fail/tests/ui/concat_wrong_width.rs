//! A `Concat` whose declared output width is not its input's plus its block's: the inputs'
//! 2 columns and the hidden unit's 1 make 3, not the declared 4.
use constnet::{Concat, Dense, Layer, Network, Sigmoid};
use nalgebra::matrix;

type Broken = Network<(Concat<Dense<f64, 2, 1, Sigmoid>, 4>, Dense<f64, 4, 1, Sigmoid>)>;

fn main() {
    let net = Broken::default();
    let _ = net.forward(&matrix![0.0, 1.0]);
}
