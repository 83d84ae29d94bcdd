//! W1: the lecture's 2→3→2 sigmoid network learning XOR and AND of two bits, one sample per
//! step (batch 1) with `Mse`, in `f32` and in `f64`.

pub const INPUTS: usize = 2;
pub const HIDDEN: usize = 3;
pub const OUTPUTS: usize = 2;
pub const LEARNING_RATE: f64 = 0.5;
/// Seed of constnet's Xavier initialization (sigmoid units).
pub const SEED: u64 = 1;

/// The four inputs, visited in this order every iteration.
pub const INPUT_ROWS: [[f64; INPUTS]; 4] = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// `(XOR, AND)` of each input.
pub const TARGET_ROWS: [[f64; OUTPUTS]; 4] = [[0.0, 0.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0]];

/// Inference takes the four inputs as one batch.
pub const INFER_ROWS: usize = 4;
