//! One training step on a batch of `B` rows, as the probes measure it: of the XOR network, or
//! of any network, in any scalar type.

use constnet::nalgebra::SMatrix;
use constnet::{InputBatch, Layer, Mse, NonFiniteUpdate, Optimizer, OutputBatch, Sgd};

use crate::recipe::{self, Xor};
use crate::trained;

/// What a step reads and changes. A probe keeps it in `main`'s frame, so it is outside the
/// stack measured for the step itself.
pub struct Training<N: Layer, const B: usize> {
    /// The network being trained, in RAM.
    pub network: N,
    /// The optimizer: plain gradient descent, which keeps no state.
    pub optimizer: Sgd<N::Scalar>,
    /// The batch's inputs.
    pub x: InputBatch<N, B>,
    /// The batch's targets.
    pub y: OutputBatch<N, B>,
}

impl<const B: usize> Training<Xor, B> {
    /// The baked network, ready to train on rows `rows` of the XOR table.
    pub fn new(rows: [usize; B]) -> Self {
        Self {
            network: trained::XOR,
            // The fields directly: the rate is a constant known to be valid, and the probes
            // measure the step, not a check.
            optimizer: Sgd {
                learning_rate: recipe::LEARNING_RATE,
                weight_decay: 0.0,
            },
            x: SMatrix::from_fn(|r, c| recipe::INPUTS[rows[r]][c]),
            y: SMatrix::from_fn(|r, _| recipe::TARGETS[rows[r]]),
        }
    }
}

/// Forward with trace, loss, backward and the SGD update; returns the loss before the update.
#[inline(never)]
pub fn step<N: Layer, const B: usize>(
    training: &mut Training<N, B>,
) -> Result<N::Scalar, NonFiniteUpdate> {
    let mut gradients = Default::default();
    let loss = training.network.loss_and_gradients_into::<Mse, B>(
        &training.x,
        &training.y,
        &mut gradients,
    );
    training
        .optimizer
        .step(&mut training.network, &mut gradients)?;
    Ok(loss)
}
