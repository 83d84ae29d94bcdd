//! What the `digits` and `train` examples share: reading a CSV table, splitting its rows,
//! the progress bar and the curves it keeps, the plot, and folding the scaling into the
//! saved network.

// Each example uses only part of what is here.
#![allow(dead_code)]

pub mod monitor;
pub mod plot;
pub mod table;

use std::error::Error;
use std::process::ExitCode;

use constnet::nalgebra::SMatrix;
use constnet::StopReason;
use constnet::{stratified_split, DataError, Dense, Identity, Scaler};

/// Row indices of the three parts of a data set.
pub struct Split {
    /// What the network learns from.
    pub fit: Vec<usize>,
    /// What early stopping watches.
    pub validation: Vec<usize>,
    /// What the network is judged on at the end, and nothing else.
    pub test: Vec<usize>,
}

/// A seeded, stratified split of samples with `labels` among `K` classes: a share `test` of
/// every class for testing, then a share `validation` of the rest for validation.
pub fn split<const K: usize>(
    labels: &[usize],
    test: f64,
    validation: f64,
    seed: u64,
) -> Result<Split, DataError> {
    let mut order = vec![0; labels.len()];
    let training = stratified_split::<K>(labels, test, seed, &mut order)?;
    let (training, test) = order.split_at(training);
    let training_labels: Vec<usize> = training.iter().map(|&i| labels[i]).collect();
    let mut within = vec![0; training.len()];
    // A seed of its own, so that the validation part is not drawn in the test part's order.
    let fit = stratified_split::<K>(&training_labels, validation, seed ^ 0x5eed, &mut within)?;
    let pick = |positions: &[usize]| positions.iter().map(|&p| training[p]).collect();
    Ok(Split {
        fit: pick(&within[..fit]),
        validation: pick(&within[fit..]),
        test: test.to_vec(),
    })
}

/// The rows `indices` of `arrays`, as row vectors.
pub fn rows<const N: usize>(arrays: &[[f32; N]], indices: &[usize]) -> Vec<SMatrix<f32, 1, N>> {
    indices
        .iter()
        .map(|&i| SMatrix::from_row_slice(&arrays[i]))
        .collect()
}

/// Folds standardization into a first layer, so that the network takes raw inputs: with
/// `x' = (x - o) ⊙ s`, `x' W + b = x (diag(s) W) + (b - (o ⊙ s) W)`.
pub fn fold_inputs<const I: usize, const O: usize, A>(
    layer: &mut Dense<f32, I, O, A>,
    scaler: &Scaler<f32, I>,
) {
    layer.b -= scaler.offset.component_mul(&scaler.scale) * layer.w;
    for (mut row, &s) in layer.w.row_iter_mut().zip(scaler.scale.iter()) {
        row *= s;
    }
}

/// Folds the inverse of the targets' standardization into a last, linear layer, so that the
/// network gives targets in their own units: `t = t' ⊘ s + o`, so
/// `(y W + b) ⊘ s + o = y (W diag(1/s)) + (b ⊘ s + o)`.
pub fn fold_targets<const I: usize, const O: usize>(
    layer: &mut Dense<f32, I, O, Identity>,
    scaler: &Scaler<f32, O>,
) {
    for (mut column, &s) in layer.w.column_iter_mut().zip(scaler.scale.iter()) {
        column /= s;
    }
    layer.b = layer.b.component_div(&scaler.scale) + scaler.offset;
}

/// The exit of a command: success, or its error as one line on standard error and status 1.
pub fn exit(result: Result<(), Box<dyn Error>>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// What a validating run kept: the best epoch's weights, and whether it stopped early.
pub fn kept(stop: StopReason, best: Option<(usize, f32)>) -> String {
    match (stop, best) {
        (StopReason::EarlyStopping, Some((epoch, loss))) => format!(
            "stopped early; the weights of epoch {epoch} are kept (validation loss {loss:.4})"
        ),
        (_, Some((epoch, loss))) => {
            format!("the weights of epoch {epoch} are kept (validation loss {loss:.4})")
        }
        (_, None) => String::from("no validation loss was finite"),
    }
}

/// The training options both commands take.
#[derive(clap::Args)]
pub struct Training {
    /// Adam's learning rate.
    #[arg(long, default_value_t = 0.001)]
    pub learning_rate: f32,
    /// The most epochs to train.
    #[arg(long, default_value_t = 500)]
    pub epochs: usize,
    /// Epochs without a better validation loss before stopping.
    #[arg(long, default_value_t = 20)]
    pub patience: usize,
}
