//! A training loop without heap or std: mini-batches of a const size `B` over slices of
//! samples, optional seeded shuffling, stopping rules, and typed errors that leave the
//! network at its last finite state.

use core::fmt;
use core::ops::ControlFlow;

use nalgebra::SMatrix;
use rand::SeedableRng;
use rand_pcg::Pcg32;

use crate::shuffle::Order;
use crate::{kernels, Layer, Loss, Optimizer, Real, Units};

/// Samples to learn from: inputs and targets as row vectors, checked once for equal lengths
/// and finite values so that training never starts on bad data.
#[derive(Clone, Copy, Debug)]
pub struct Dataset<'a, T, const IN: usize, const OUT: usize> {
    inputs: &'a [SMatrix<T, 1, IN>],
    targets: &'a [SMatrix<T, 1, OUT>],
}

impl<'a, T: Real, const IN: usize, const OUT: usize> Dataset<'a, T, IN, OUT> {
    /// Pairs `inputs[i]` with `targets[i]`.
    ///
    /// Fails with [`TrainError::LengthMismatch`] if the slices differ in length, and with
    /// [`TrainError::NonFiniteInput`] or [`TrainError::NonFiniteTarget`] naming the first
    /// sample that holds a NaN or an infinity.
    pub fn new(
        inputs: &'a [SMatrix<T, 1, IN>],
        targets: &'a [SMatrix<T, 1, OUT>],
    ) -> Result<Self, TrainError<T>> {
        if inputs.len() != targets.len() {
            return Err(TrainError::LengthMismatch {
                inputs: inputs.len(),
                targets: targets.len(),
            });
        }
        for (sample, (input, target)) in inputs.iter().zip(targets).enumerate() {
            if let Some(column) = input.iter().position(|v| !v.is_finite()) {
                return Err(TrainError::NonFiniteInput { sample, column });
            }
            if let Some(column) = target.iter().position(|v| !v.is_finite()) {
                return Err(TrainError::NonFiniteTarget { sample, column });
            }
        }
        Ok(Self { inputs, targets })
    }

    /// The number of samples.
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// The inputs, one row per sample.
    pub fn inputs(&self) -> &'a [SMatrix<T, 1, IN>] {
        self.inputs
    }

    /// The targets, one row per sample.
    pub fn targets(&self) -> &'a [SMatrix<T, 1, OUT>] {
        self.targets
    }

    /// Rows `samples` stacked into one batch of inputs `x` and one of targets `y`, written in
    /// place: a large batch is built once per step, never copied through the stack.
    fn fill_batch<const B: usize>(
        &self,
        samples: &[usize; B],
        x: &mut SMatrix<T, B, IN>,
        y: &mut SMatrix<T, B, OUT>,
    ) {
        for (r, sample) in samples.iter().enumerate() {
            if let (Some(input), Some(target)) =
                (self.inputs.get(*sample), self.targets.get(*sample))
            {
                x.row_mut(r).copy_from(input);
                y.row_mut(r).copy_from(target);
            }
        }
    }
}

/// The mini-batch size `B`, as a value so that it is written once where training is planned:
/// `Batch::<4>`. `B = 1` is per-sample learning; `B` = the data set's size is the 1986
/// paper's per-sweep learning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Batch<const B: usize>;

/// How to train: the loss, the batch size, and when to stop.
///
/// ```
/// use constnet::{Batch, Mse, Plan};
/// let plan = Plan::new(Mse, Batch::<4>, 5_000).target_loss(0.01_f32).shuffle(7);
/// # let _ = plan;
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan<L, const B: usize, T> {
    loss: L,
    max_epochs: usize,
    target_loss: Option<T>,
    shuffle_seed: Option<u64>,
}

impl<L: Loss, const B: usize, T: Real> Plan<L, B, T> {
    /// Minimize `loss` over mini-batches of `B` samples for at most `max_epochs` passes over
    /// the data, visiting samples in order.
    pub fn new(loss: L, _batch: Batch<B>, max_epochs: usize) -> Self {
        Self {
            loss,
            max_epochs,
            target_loss: None,
            shuffle_seed: None,
        }
    }

    /// Also stop as soon as an epoch's loss is at most `loss`.
    pub fn target_loss(self, loss: T) -> Self {
        Self {
            target_loss: Some(loss),
            ..self
        }
    }

    /// Visit the samples in a fresh pseudo-random order every epoch, drawn from `seed`; the
    /// same seed gives the same orders on every platform, and no memory is allocated.
    pub fn shuffle(self, seed: u64) -> Self {
        Self {
            shuffle_seed: Some(seed),
            ..self
        }
    }
}

/// What the per-epoch callback of [`train`] is told.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Epoch<T> {
    /// The epoch just finished, counting from 1.
    pub epoch: usize,
    /// The mean of the epoch's batch losses, each measured just before its update.
    pub loss: T,
}

/// Why [`train`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// An epoch's loss reached the plan's target.
    TargetLoss,
    /// The plan's maximum number of epochs ran.
    MaxEpochs,
    /// The per-epoch callback returned `ControlFlow::Break`.
    Callback,
}

/// The outcome of a [`train`] run that did not fail.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Report<T> {
    /// Epochs run.
    pub epochs: usize,
    /// The last epoch's loss.
    pub loss: T,
    /// Why training stopped.
    pub stop: StopReason,
}

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
    /// The data set has fewer samples than one batch.
    TooFewSamples {
        /// Number of samples.
        samples: usize,
        /// The batch size `B`.
        batch: usize,
    },
    /// The loss, a gradient or an update became NaN or infinite; the network and optimizer
    /// are left as they were before this step.
    Diverged {
        /// The epoch, counting from 1.
        epoch: usize,
        /// The step within the epoch, counting from 1.
        step: usize,
        /// The batch loss at that step (itself non-finite if the loss diverged).
        loss: T,
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
            Self::TooFewSamples { samples, batch } => {
                write!(f, "{samples} samples are fewer than one batch of {batch}")
            }
            Self::Diverged { epoch, step, loss } => write!(
                f,
                "training diverged at epoch {epoch}, step {step} (batch loss {loss}); \
                 the network keeps its last finite parameters"
            ),
        }
    }
}

impl<T: fmt::Debug + fmt::Display> core::error::Error for TrainError<T> {}

/// Trains `network` on `data` with `optimizer` as `plan` says, calling `on_epoch` after every
/// epoch with its loss and the network (return `ControlFlow::Break(())` to stop: a user's
/// own criterion, or a progress bar that wants out).
///
/// Every epoch visits all samples in batches of `B`; when `B` does not divide the number of
/// samples, the last batch is filled from the start of the epoch's order. Nothing is
/// allocated. On [`TrainError::Diverged`] the network and optimizer are left at their last
/// finite state.
///
/// ```
/// use core::ops::ControlFlow;
/// use constnet::{train, Batch, Dataset, Dense, Mse, Network, Plan, Sgd, Sigmoid, StopReason};
/// use nalgebra::matrix;
///
/// let mut net = Network::new((
///     Dense::<f32, 2, 2, Sigmoid>::from_rows([[0.6, -0.3], [0.4, 0.8]], [-0.1, 0.2]),
///     Dense::<f32, 2, 1, Sigmoid>::from_rows([[0.5], [0.9]], [-0.3]),
/// ));
/// let inputs = [matrix![0.0, 0.0], matrix![0.0, 1.0], matrix![1.0, 0.0], matrix![1.0, 1.0]];
/// let targets = [matrix![0.0], matrix![1.0], matrix![1.0], matrix![0.0]];
/// let data = Dataset::new(&inputs, &targets)?;
/// let plan = Plan::new(Mse, Batch::<4>, 10_000).target_loss(0.01);
/// let report = train(&mut net, &mut Sgd::new(2.0), &data, &plan, |_, _| ControlFlow::Continue(()))?;
/// assert_eq!(report.stop, StopReason::TargetLoss);
/// # Ok::<(), constnet::TrainError<f32>>(())
/// ```
pub fn train<T, N, O, L, F, const B: usize, const IN: usize, const OUT: usize>(
    network: &mut N,
    optimizer: &mut O,
    data: &Dataset<'_, T, IN, OUT>,
    plan: &Plan<L, B, T>,
    on_epoch: F,
) -> Result<Report<T>, TrainError<T>>
where
    T: Real,
    N: Layer<Scalar = T, Input = Units<IN>, Output = Units<OUT>>,
    O: Optimizer<N>,
    L: Loss,
    F: FnMut(&Epoch<T>, &N) -> ControlFlow<()>,
{
    let mut gradients = N::Gradients::default();
    train_with_gradients(network, &mut gradients, optimizer, data, plan, on_epoch)
}

/// [`train`] with the buffer every step writes its gradients into (and the update uses as its
/// undo buffer) provided by the caller, for a network too large for its gradients to live on
/// the stack: pass one from [`boxed_zeroed`](crate::boxed_zeroed). Its contents on entry do
/// not matter.
pub fn train_with_gradients<T, N, O, L, F, const B: usize, const IN: usize, const OUT: usize>(
    network: &mut N,
    gradients: &mut N::Gradients,
    optimizer: &mut O,
    data: &Dataset<'_, T, IN, OUT>,
    plan: &Plan<L, B, T>,
    mut on_epoch: F,
) -> Result<Report<T>, TrainError<T>>
where
    T: Real,
    N: Layer<Scalar = T, Input = Units<IN>, Output = Units<OUT>>,
    O: Optimizer<N>,
    L: Loss,
    F: FnMut(&Epoch<T>, &N) -> ControlFlow<()>,
{
    if data.len() < B || B == 0 {
        return Err(TrainError::TooFewSamples {
            samples: data.len(),
            batch: B,
        });
    }
    let steps = data.len().div_ceil(B);
    let mut rng = plan.shuffle_seed.map(Pcg32::seed_from_u64);
    let mut report = Report {
        epochs: 0,
        loss: T::zero(),
        stop: StopReason::MaxEpochs,
    };
    let (mut x, mut y) = (kernels::zeros::<T, B, IN>(), kernels::zeros::<T, B, OUT>());
    for epoch in 1..=plan.max_epochs {
        let order = match rng.as_mut() {
            Some(rng) => Order::shuffled(data.len(), rng),
            None => Order::sequential(data.len()),
        };
        let mut total = T::zero();
        for step in 1..=steps {
            let first = (step - 1) * B;
            let samples: [usize; B] = core::array::from_fn(|r| order.get(first + r));
            data.fill_batch(&samples, &mut x, &mut y);
            let loss = network.loss_and_gradients_into::<L, B>(&x, &y, gradients);
            let diverged = TrainError::Diverged { epoch, step, loss };
            if !loss.is_finite() {
                return Err(diverged);
            }
            optimizer.step(network, gradients).map_err(|_| diverged)?;
            total += loss;
        }
        report.epochs = epoch;
        report.loss = total / T::lit(steps as f64);
        let epoch_done = Epoch {
            epoch,
            loss: report.loss,
        };
        if on_epoch(&epoch_done, network).is_break() {
            report.stop = StopReason::Callback;
            return Ok(report);
        }
        if plan.target_loss.is_some_and(|target| report.loss <= target) {
            report.stop = StopReason::TargetLoss;
            return Ok(report);
        }
    }
    Ok(report)
}
