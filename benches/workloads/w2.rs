//! W2: a 16→32→32→4 network (ReLU, ReLU, sigmoid) with `Mse`, one sample per step, over 256
//! fixed pseudo-random samples, in `f32`.

use super::lcg::Lcg;

pub const INPUTS: usize = 16;
pub const HIDDEN: usize = 32;
pub const OUTPUTS: usize = 4;
pub const SAMPLES: usize = 256;
pub const LEARNING_RATE: f64 = 0.05;
/// Seed of constnet's He initialization (ReLU hidden layers).
pub const SEED: u64 = 2;
/// Inference takes the first rows as one batch.
pub const INFER_ROWS: usize = 4;

/// Inputs uniform in `[-1, 1)`; target `k` is 1 when inputs `4k..4k+3` sum to more than 0.
pub fn data() -> (Vec<[f64; INPUTS]>, Vec<[f64; OUTPUTS]>) {
    let mut lcg = Lcg::new(0x5732);
    let inputs: Vec<[f64; INPUTS]> = (0..SAMPLES)
        .map(|_| core::array::from_fn(|_| lcg.signed()))
        .collect();
    let targets = inputs
        .iter()
        .map(|x| {
            core::array::from_fn(|k| {
                let sum: f64 = x[4 * k..4 * k + 4].iter().sum();
                if sum > 0.0 {
                    1.0
                } else {
                    0.0
                }
            })
        })
        .collect();
    (inputs, targets)
}
