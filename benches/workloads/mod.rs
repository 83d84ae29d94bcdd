//! The workloads on which constnet and its peers are compared, shared by `benches/peers.rs`
//! and `tests/peers.rs` (both in `benches/`) so that what is timed is exactly what is checked.
//!
//! Each workload file holds data and hyperparameters only, as plain `f64` arrays that every
//! implementation converts to its own layout once, outside the timed code. Every
//! implementation drives a workload through [`Run`]; constnet's runs are in
//! [`constnet_side`], the peers' in `benches/peers/`.

pub mod constnet_side;
pub mod lcg;
pub mod w1;
pub mod w2;
pub mod w3;
pub mod w4;

/// One layer's parameters in a layout every implementation can read and write: `w` row by
/// row (`inputs` rows of `outputs`, so `v = x W + b` with `x` a row), then `b`.
///
/// The peers start from constnet's seeded weights through this type, and the test compares
/// where each implementation ended through it.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerWeights<T> {
    pub inputs: usize,
    pub outputs: usize,
    /// `W[i][j]` at `i * outputs + j`.
    pub w: Vec<T>,
    pub b: Vec<T>,
}

impl<T: Copy> LayerWeights<T> {
    /// `W[i][j]`.
    pub fn weight(&self, i: usize, j: usize) -> T {
        self.w[i * self.outputs + j]
    }

    /// Every weight, then every bias, widened to `f64` for comparisons.
    #[allow(dead_code)] // by benches/tests/peers.rs, not by the bench
    pub fn to_f64(&self) -> Vec<f64>
    where
        T: Into<f64>,
    {
        self.w.iter().chain(&self.b).map(|&p| p.into()).collect()
    }
}

/// A workload set up in one implementation: its network, started from the workload's
/// weights, and its data, already in the implementation's own layout.
pub trait Run {
    /// `f32` or `f64`.
    type Scalar: Copy + Into<f64>;
    /// What [`Run::infer`] returns, in the implementation's own type.
    type Output;

    /// One benchmark iteration of training (W1: the 4 samples once; W2: the 256 samples
    /// once; W3: one epoch; W4: the next batch of 32), returning the mean loss of its steps,
    /// each measured before its update.
    fn train(&mut self) -> Self::Scalar;

    /// The network's outputs for the workload's inference rows (W1: its 4 inputs; the
    /// others: their first rows).
    fn infer(&self) -> Self::Output;

    /// An output of [`Run::infer`] as rows of values, for comparisons.
    #[allow(dead_code)] // by benches/tests/peers.rs, not by the bench
    fn output_rows(output: &Self::Output) -> Vec<Vec<Self::Scalar>>;

    /// The current parameters, first layer first.
    fn weights(&self) -> Vec<LayerWeights<Self::Scalar>>;
}
