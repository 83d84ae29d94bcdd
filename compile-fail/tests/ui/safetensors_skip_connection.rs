//! A network with a skip connection read from safetensors: its parameters look like a Dense
//! layer's, but an nn.Sequential of nn.Linear layers computes no `x + f(x)`, so the network
//! has no PyTorch counterpart and the call does not compile.
use constnet::{load_safetensors, Dense, Identity, Network, Relu, Residual};

type Skip = Network<(
    Dense<f32, 4, 8, Relu>,
    Residual<Dense<f32, 8, 8, Relu>>,
    Dense<f32, 8, 3, Identity>,
)>;

fn main() {
    let _ = load_safetensors::<Skip>("model.safetensors");
}
