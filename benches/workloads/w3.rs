//! W3: a 64→32→10 classifier (ReLU, then raw scores into `SoftmaxCrossEntropy`) trained in
//! whole epochs of batches of 32 over 1,437 rows shaped like scikit-learn's 8×8 digits
//! (values in {0, 1/16, …, 1}), in `f32`.

use super::lcg::Lcg;

pub const INPUTS: usize = 64;
pub const HIDDEN: usize = 32;
pub const CLASSES: usize = 10;
pub const ROWS: usize = 1_437;
pub const BATCH: usize = 32;
/// Batches per epoch; the last one is completed from the start of the epoch's order.
pub const STEPS: usize = ROWS.div_ceil(BATCH);
pub const LEARNING_RATE: f64 = 0.1;
/// Seed of constnet's He initialization.
pub const SEED: u64 = 3;
/// Inference takes the first rows as one batch.
pub const INFER_ROWS: usize = BATCH;

/// The row at position `r` of batch `step` of an epoch: rows in order, and past the end the
/// order starts again, as constnet's `train` fills its last batch.
pub fn row(step: usize, r: usize) -> usize {
    (step * BATCH + r) % ROWS
}

/// Each class has a random prototype of 64 levels in `0..=16`; a row is its class's
/// prototype with about half of the levels moved by up to ±4 (clamped), divided by 16. So
/// the classes are learnable but not trivially separated. Targets are one-hot.
pub fn data() -> (Vec<[f64; INPUTS]>, Vec<[f64; CLASSES]>) {
    let mut lcg = Lcg::new(0x5733);
    let prototypes: [[i32; INPUTS]; CLASSES] =
        core::array::from_fn(|_| core::array::from_fn(|_| lcg.below(17) as i32));
    let mut inputs = Vec::with_capacity(ROWS);
    let mut targets = Vec::with_capacity(ROWS);
    for _ in 0..ROWS {
        let class = lcg.below(CLASSES as u32) as usize;
        inputs.push(core::array::from_fn(|i| {
            let mut level = prototypes[class][i];
            if lcg.below(2) == 0 {
                level = (level + lcg.below(9) as i32 - 4).clamp(0, 16);
            }
            f64::from(level) / 16.0
        }));
        targets.push(core::array::from_fn(|k| if k == class { 1.0 } else { 0.0 }));
    }
    (inputs, targets)
}
