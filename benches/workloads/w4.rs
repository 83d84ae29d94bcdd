//! W4: an MNIST-sized 784→128→10 classifier (ReLU, then raw scores into
//! `SoftmaxCrossEntropy`), one batch of 32 per iteration, in `f32`.

use super::lcg::Lcg;

pub const INPUTS: usize = 784;
pub const HIDDEN: usize = 128;
pub const CLASSES: usize = 10;
pub const BATCH: usize = 32;
/// Ten batches, visited in turn.
pub const BATCHES: usize = 10;
pub const ROWS: usize = BATCH * BATCHES;
pub const LEARNING_RATE: f64 = 0.01;
/// Seed of constnet's He initialization.
pub const SEED: u64 = 4;
/// Inference takes the first batch.
pub const INFER_ROWS: usize = BATCH;

/// Pixels uniform in `[0, 1)` and random labels: the cost of a step does not depend on
/// what there is to learn. Targets are one-hot; batch `k` is rows `32k..32k+31`.
pub fn data() -> (Vec<[f64; INPUTS]>, Vec<[f64; CLASSES]>) {
    let mut lcg = Lcg::new(0x5734);
    let mut inputs = Vec::with_capacity(ROWS);
    let mut targets = Vec::with_capacity(ROWS);
    for _ in 0..ROWS {
        inputs.push(core::array::from_fn(|_| lcg.unit()));
        let class = lcg.below(CLASSES as u32) as usize;
        targets.push(core::array::from_fn(|k| if k == class { 1.0 } else { 0.0 }));
    }
    (inputs, targets)
}
