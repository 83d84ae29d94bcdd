//! Why training could not start or could not go on.

use core::fmt;

/// Why training could not start or could not go on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TrainError<T> {
    /// The inputs and targets have different lengths.
    LengthMismatch {
        /// Number of inputs.
        inputs: usize,
        /// Number of targets.
        targets: usize,
    },
    /// Sample `sample`'s input holds NaN or an infinity at `column`.
    NonFiniteInput {
        /// Index of the sample.
        sample: usize,
        /// Index of the offending entry.
        column: usize,
    },
    /// Sample `sample`'s target holds NaN or an infinity at `column`.
    NonFiniteTarget {
        /// Index of the sample.
        sample: usize,
        /// Index of the offending entry.
        column: usize,
    },
    /// The validation set has no samples.
    EmptyValidation,
    /// Sample `sample`'s target is not one the plan's loss can take.
    TargetNotForLoss {
        /// Index of the sample (in the validation set when `validation`).
        sample: usize,
        /// Whether the sample is in the validation set rather than the training data.
        validation: bool,
        /// The loss.
        loss: &'static str,
        /// What the loss's targets must be.
        expected: &'static str,
    },
    /// A hyperparameter of the optimizer or the plan makes no sense; nothing was trained.
    InvalidHyperparameter(crate::InvalidHyperparameter<T>),
    /// The data set has fewer samples than one batch.
    TooFewSamples {
        /// Number of samples.
        samples: usize,
        /// The batch size `B`.
        batch: usize,
    },
    /// The loss, a gradient or an update became NaN or infinite, or an epoch's loss grew past
    /// the plan's explosion factor times the loss the network started from. The network is
    /// back at the weights that the last epoch with a good loss started from, when the run kept copies
    /// (`restored`), and otherwise at its last finite parameters; the optimizer's state is left
    /// as it was, so reset it before training again.
    Diverged {
        /// The epoch, counting from 1.
        epoch: usize,
        /// The step within the epoch, counting from 1 (the last step, for an exploding epoch).
        step: usize,
        /// The batch loss at that step, or the exploding epoch's loss.
        loss: T,
        /// The epoch whose resulting weights the network now has (0 for the weights training
        /// started from), or `None` when none were kept.
        restored: Option<usize>,
    },
}

impl<T: fmt::Display> fmt::Display for TrainError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LengthMismatch { inputs, targets } => {
                write!(f, "{inputs} inputs but {targets} targets")
            }
            Self::NonFiniteInput { sample, column } => {
                write!(
                    f,
                    "input of sample {sample} is not finite at column {column}"
                )
            }
            Self::NonFiniteTarget { sample, column } => {
                write!(
                    f,
                    "target of sample {sample} is not finite at column {column}"
                )
            }
            Self::EmptyValidation => f.write_str("the validation set has no samples"),
            Self::TargetNotForLoss {
                sample,
                validation,
                loss,
                expected,
            } => {
                let set = if *validation { "validation " } else { "" };
                write!(f, "the target of {set}sample {sample} is not one {loss} can take: it must be {expected}")
            }
            Self::InvalidHyperparameter(invalid) => write!(f, "{invalid}"),
            Self::TooFewSamples { samples, batch } => {
                write!(f, "{samples} samples are fewer than one batch of {batch}")
            }
            Self::Diverged {
                epoch,
                step,
                loss,
                restored,
            } => {
                write!(
                    f,
                    "training diverged at epoch {epoch}, step {step} (loss {loss}); "
                )?;
                match restored {
                    Some(0) => f.write_str("the network is back at its starting weights"),
                    Some(good) => {
                        write!(f, "the network is back at its weights after epoch {good}")
                    }
                    None => f.write_str("the network keeps its last finite parameters"),
                }
            }
        }
    }
}

impl<T: fmt::Debug + fmt::Display> core::error::Error for TrainError<T> {}

/// A plan or optimizer refused while it is built fails the training it was built for.
impl<T> From<crate::InvalidHyperparameter<T>> for TrainError<T> {
    fn from(error: crate::InvalidHyperparameter<T>) -> Self {
        Self::InvalidHyperparameter(error)
    }
}
