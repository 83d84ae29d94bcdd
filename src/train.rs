//! A training loop without heap or std: mini-batches of a const size `B` over slices of
//! samples, optional seeded shuffling, validation with early stopping, stopping rules, and
//! typed errors that leave the network at its last finite state.

use core::num::NonZeroUsize;
use core::ops::ControlFlow;

use rand::SeedableRng;
use rand_pcg::Pcg32;

use crate::restore::RestorePoints;
use crate::shuffle::Order;
use crate::Validate;
use crate::{kernels, Dataset, Layer, Loss, Optimizer, Parameters, Plan, Real, TrainError, Units};

/// One epoch's figures: what the per-epoch callback of [`train`] is told, and what the
/// history of a run holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Epoch<T> {
    /// The epoch, counting from 1.
    pub epoch: usize,
    /// The mean of the epoch's batch losses, each measured just before its update.
    pub loss: T,
    /// The loss over the validation set after the epoch, when the plan has one.
    pub validation_loss: Option<T>,
}

impl<T: Real> Default for Epoch<T> {
    /// Epoch 0, loss 0: a blank entry of a history buffer.
    fn default() -> Self {
        Self {
            epoch: 0,
            loss: T::zero(),
            validation_loss: None,
        }
    }
}

/// Why [`train`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// An epoch's loss reached the plan's target.
    TargetLoss,
    /// The plan's maximum number of epochs ran.
    MaxEpochs,
    /// The validation loss did not improve for the plan's patience.
    EarlyStopping,
    /// The per-epoch callback returned `ControlFlow::Break`.
    Callback,
}

/// The outcome of a [`train`] run that did not fail.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Report<'h, T> {
    /// Epochs run.
    pub epochs: usize,
    /// The last epoch's training loss; `None` when no epoch ran (a plan of 0 epochs), rather
    /// than a 0 that would pass for a perfect fit.
    pub loss: Option<T>,
    /// With a validation set: the epoch whose weights the network ends with (the one of the
    /// lowest validation loss) and that loss.
    pub best: Option<(usize, T)>,
    /// Why training stopped.
    pub stop: StopReason,
    /// The figures of the first epochs, as many as the history buffer holds (see
    /// [`Buffers`]); empty for [`train`].
    pub history: &'h [Epoch<T>],
    /// How many fixed-point results saturated during the run (see
    /// [`saturations`](crate::saturations)): a run in [`Q16_16`](crate::Q16_16) or
    /// [`Q8_8`](crate::Q8_8) that reports any computed something other than what it seems.
    /// Always 0 in `f32` and `f64`.
    pub saturations: u32,
}

/// The memory a training run works in, provided by the caller of [`train_with`]: so that a
/// network too large for the stack trains with buffers on the heap, and a run can keep its
/// history without one.
pub struct Buffers<'a, N: Parameters> {
    /// Where every step writes its gradients (and the update keeps its undo copy); its
    /// contents on entry do not matter.
    pub gradients: &'a mut N::Gradients,
    /// Where the best weights are kept when the plan validates; without it, a validating run
    /// ends with the last weights instead.
    pub best: Option<&'a mut N>,
    /// Where each epoch's figures are written, as many as fit.
    pub history: &'a mut [Epoch<N::Scalar>],
    /// Two copies of the network, where the weights of the last good epoch are kept, so that
    /// a run that diverges ends with them; without them (to spare a firmware's RAM), a diverged
    /// network keeps its last finite parameters instead.
    pub restore_points: Option<&'a mut [N; 2]>,
}

impl<'a, N: Parameters> Buffers<'a, N> {
    /// Buffers of only `gradients`: no best weights, no history, no copy of the last good
    /// epoch's weights.
    pub fn new(gradients: &'a mut N::Gradients) -> Self {
        Self {
            gradients,
            best: None,
            history: &mut [],
            restore_points: None,
        }
    }

    /// The same, keeping the best weights of a validating run in `best`.
    pub fn best(self, best: &'a mut N) -> Self {
        Self {
            best: Some(best),
            ..self
        }
    }

    /// The same, writing each epoch's figures into `history`.
    pub fn history(self, history: &'a mut [Epoch<N::Scalar>]) -> Self {
        Self { history, ..self }
    }

    /// The same, keeping the last good epoch's weights in `copies`, for divergence.
    pub fn restore_points(self, copies: &'a mut [N; 2]) -> Self {
        Self {
            restore_points: Some(copies),
            ..self
        }
    }
}

/// Trains `network` on `data` with `optimizer` as `plan` says, calling `on_epoch` after every
/// epoch with its figures, the network and the optimizer: return `ControlFlow::Break(())` to
/// stop (a user's own criterion, or a progress bar that wants out), and change the learning
/// rate there for the next epoch (see [`LearningRate`](crate::LearningRate), [`StepDecay`](crate::StepDecay),
/// [`Cosine`](crate::Cosine)).
///
/// Every epoch visits all samples in batches of `B`; when `B` does not divide the number of
/// samples, the last batch is filled from the start of the epoch's order. With a validation
/// set ([`Plan::validate`]), the network ends with the weights of the epoch of lowest
/// validation loss. On [`TrainError::Diverged`] it ends with the weights that the last epoch
/// with a good loss started from. The copies these take (one for the best weights when
/// validating, two to go back to) are kept on the stack; nothing is allocated. A firmware that
/// cannot spare them calls [`train_with`] without them.
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
/// let plan = Plan::new(Mse, Batch::<4>, 10_000).target_loss(0.01)?;
/// let report = train(&mut net, &mut Sgd::new(2.0)?, &data, &plan, |_, _, _| ControlFlow::Continue(()))?;
/// assert_eq!(report.stop, StopReason::TargetLoss);
/// # Ok::<(), constnet::TrainError<f32>>(())
/// ```
pub fn train<T, N, O, L, V, F, const B: usize, const IN: usize, const OUT: usize>(
    network: &mut N,
    optimizer: &mut O,
    data: &Dataset<'_, T, IN, OUT>,
    plan: &Plan<L, B, T, V>,
    on_epoch: F,
) -> Result<Report<'static, T>, TrainError<T>>
where
    T: Real,
    N: Layer<Scalar = T, Input = Units<IN>, Output = Units<OUT>> + Clone,
    O: Optimizer<N>,
    L: Loss<T>,
    V: Validate<N>,
    F: FnMut(&Epoch<T>, &N, &mut O) -> ControlFlow<()>,
{
    let mut gradients = N::Gradients::default();
    let mut best = if V::ACTIVE {
        Some(network.clone())
    } else {
        None
    };
    let mut restore_points = [network.clone(), network.clone()];
    let buffers = Buffers {
        gradients: &mut gradients,
        best: best.as_mut(),
        history: &mut [],
        restore_points: Some(&mut restore_points),
    };
    let report = train_with(network, optimizer, data, plan, buffers, on_epoch)?;
    Ok(Report {
        history: &[],
        ..report
    })
}

/// [`train`] in memory the caller provides: the gradients, the best weights, and the history
/// (see [`Buffers`]). A network too large for the stack passes buffers from
/// [`boxed_zeroed`](crate::boxed_zeroed).
///
/// ```
/// use core::ops::ControlFlow;
/// use constnet::{train_with, Batch, Buffers, Dataset, Dense, Epoch, Init, Initialize};
/// use constnet::{LearningRate, Mse, Network, Parameters, Plan, Sgd, Sigmoid, StepDecay};
///
/// type Net = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 1, Sigmoid>)>;
/// let inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let targets = [[0.0], [1.0], [1.0], [0.0]];
/// let data = Dataset::from_arrays(&inputs, &targets)?;
/// let held_out = Dataset::from_arrays(&inputs[1..3], &targets[1..3])?;
/// let plan = Plan::new(Mse, Batch::<4>, 50).validate(&held_out, 5)?;
///
/// let mut net = Net::seeded(Init::Xavier, 3);
/// let mut best = net;
/// let mut gradients = <Net as Parameters>::Gradients::default();
/// let mut history = [Epoch::default(); 20]; // the first 20 epochs are kept
/// let buffers = Buffers::new(&mut gradients).best(&mut best).history(&mut history);
/// let decay = StepDecay { initial: 2.0, factor: 0.5, every: 10 };
/// let report = train_with(&mut net, &mut Sgd::new(2.0)?, &data, &plan, buffers, |epoch, _, sgd| {
///     sgd.set_learning_rate(decay.rate(epoch.epoch + 1)); // the rate of the next epoch
///     ControlFlow::Continue(())
/// })?;
/// assert_eq!(report.history.len(), report.epochs.min(20));
/// assert!(report.history.iter().all(|e| e.validation_loss.is_some()));
/// let (epoch, loss) = report.best.unwrap();
/// assert_eq!(report.history[epoch - 1].validation_loss, Some(loss));
/// # Ok::<(), constnet::TrainError<f64>>(())
/// ```
pub fn train_with<'h, T, N, O, L, V, F, const B: usize, const IN: usize, const OUT: usize>(
    network: &mut N,
    optimizer: &mut O,
    data: &Dataset<'_, T, IN, OUT>,
    plan: &Plan<L, B, T, V>,
    buffers: Buffers<'h, N>,
    mut on_epoch: F,
) -> Result<Report<'h, T>, TrainError<T>>
where
    T: Real,
    N: Layer<Scalar = T, Input = Units<IN>, Output = Units<OUT>>,
    O: Optimizer<N>,
    L: Loss<T>,
    V: Validate<N>,
    F: FnMut(&Epoch<T>, &N, &mut O) -> ControlFlow<()>,
{
    // A loss paired with outputs it cannot take is a build error, like a batch of 0.
    const { L::NEEDS.assert_takes(N::OUTPUTS) };
    optimizer
        .check()
        .map_err(TrainError::InvalidHyperparameter)?;
    let unsuitable = |validation| {
        move |(sample, expected)| TrainError::TargetNotForLoss {
            sample,
            validation,
            loss: L::NAME,
            expected,
        }
    };
    if let Some(error) = data.unsuitable_target::<L>().map(unsuitable(false)) {
        return Err(error);
    }
    if let Some(error) = plan
        .validation
        .unsuitable_target::<L>()
        .map(unsuitable(true))
    {
        return Err(error);
    }
    // At least `B` samples, so at least one (`Plan::new` refuses `B` = 0): a length that an
    // order wraps positions by without a division by zero.
    let len = match NonZeroUsize::new(data.len()) {
        Some(len) if len.get() >= B => len,
        _ => {
            return Err(TrainError::TooFewSamples {
                samples: data.len(),
                batch: B,
            })
        }
    };
    let Buffers {
        gradients,
        mut best,
        history,
        restore_points,
    } = buffers;
    let validating = V::ACTIVE;
    if validating && plan.validation.loss::<L, B>(network).is_none() {
        return Err(TrainError::EmptyValidation);
    }
    let steps = len.get().div_ceil(B);
    let mut rng = plan.shuffle_seed.map(Pcg32::seed_from_u64);
    let mut recorded = 0;
    let saturations_before = crate::saturations();
    let mut report = Report {
        epochs: 0,
        loss: None,
        best: None,
        stop: StopReason::MaxEpochs,
        history: &[],
        saturations: 0,
    };
    let mut since_best = 0;
    let mut good = RestorePoints::new(restore_points, network);
    let (mut x, mut t) = (kernels::zeros::<T, B, IN>(), kernels::zeros::<T, B, OUT>());
    // An epoch's loss past `explosion_factor` times the starting loss is diverging, also when
    // it blew up within the first epoch. A start of 0 (or not finite) is no scale to measure
    // by; the first epoch's loss is.
    let mut reference = Some(starting_loss::<L, B, _, _, IN, OUT>(
        network, data, &mut x, &mut t,
    ))
    .filter(|loss| loss.is_finite() && *loss > T::zero());
    for epoch in 1..=plan.max_epochs {
        let order = match rng.as_mut() {
            Some(rng) => Order::shuffled(len, rng),
            None => Order::sequential(len),
        };
        good.begin_epoch(epoch, network);
        // A `Sum`, so that in fixed point neither the total nor the count of steps leaves the
        // range (Q8.8 ends at 128).
        let mut total = T::sum_of(T::zero());
        for step in 1..=steps {
            let first = (step - 1) * B;
            let samples: [usize; B] = core::array::from_fn(|r| order.get(first + r));
            data.fill_batch(&samples, &mut x, &mut t);
            let loss = network.loss_and_gradients_into::<L, B>(&x, &t, gradients);
            if !loss.is_finite() || optimizer.step(network, gradients).is_err() {
                let restored = good.restore(network);
                return Err(diverged(epoch, step, loss, restored));
            }
            total = T::sum_add(total, T::sum_of(loss));
        }
        report.epochs = epoch;
        let loss = T::sum_mean(total, steps);
        report.loss = Some(loss);
        if loss.to_f64() > reference.get_or_insert(loss).to_f64() * plan.explosion_factor {
            let restored = good.restore(network);
            return Err(diverged(epoch, steps, loss, restored));
        }
        good.vouch(epoch);
        let figures = Epoch {
            epoch,
            loss,
            validation_loss: plan.validation.loss::<L, B>(network),
        };
        if let Some(slot) = history.get_mut(epoch - 1) {
            *slot = figures;
            recorded = epoch;
        }
        if let Some(loss) = figures.validation_loss {
            let improved = loss.is_finite() && report.best.is_none_or(|(_, best)| loss < best);
            if improved {
                report.best = Some((epoch, loss));
                since_best = 0;
                if let Some(best) = best.as_deref_mut() {
                    best.copy_from(network);
                }
            } else {
                since_best += 1;
            }
        }
        report.stop = if on_epoch(&figures, network, optimizer).is_break() {
            StopReason::Callback
        } else if plan.target_loss.is_some_and(|target| loss <= target) {
            StopReason::TargetLoss
        } else if since_best >= plan.validation.patience() {
            StopReason::EarlyStopping
        } else {
            continue;
        };
        break;
    }
    if let (Some(best), Some(_)) = (best.as_deref(), report.best) {
        network.copy_from(best);
    }
    report.history = &history[..recorded];
    report.saturations = crate::saturations().wrapping_sub(saturations_before);
    Ok(report)
}

/// Rows the starting loss is measured on: enough that one row the network happens to fit
/// cannot make the scale tiny, few enough that a short run does not pay for a pass over all
/// the data.
const REFERENCE_ROWS: usize = 32;

/// The loss of `network` before training, over the first [`REFERENCE_ROWS`] rows of `data` (at
/// least one batch): the scale an exploding loss is measured by.
fn starting_loss<L, const B: usize, T, N, const IN: usize, const OUT: usize>(
    network: &N,
    data: &Dataset<'_, T, IN, OUT>,
    x: &mut nalgebra::SMatrix<T, B, IN>,
    t: &mut nalgebra::SMatrix<T, B, OUT>,
) -> T
where
    L: Loss<T>,
    T: Real,
    N: Layer<Scalar = T, Input = Units<IN>, Output = Units<OUT>>,
{
    // `train` has at least `B` rows, so this is at least one batch.
    let batches = (data.len() / B).min(REFERENCE_ROWS.div_ceil(B));
    T::sum_mean(
        data.batch_losses::<L, B, N>(network, batches, 1, x, t),
        batches,
    )
}

/// The error of a run that diverged at `epoch`, `step` with `loss`, and went back to the
/// weights after epoch `restored`.
fn diverged<T>(epoch: usize, step: usize, loss: T, restored: Option<usize>) -> TrainError<T> {
    TrainError::Diverged {
        epoch,
        step,
        loss,
        restored,
    }
}

#[cfg(test)]
mod tests {
    use core::ops::ControlFlow;

    use nalgebra::SMatrix;
    use rand::SeedableRng;
    use rand_pcg::Pcg32;

    use super::*;
    use crate::{Dense, Identity, Mse, Network, Sgd};

    type Line = Network<(Dense<f64, 1, 1, Identity>,)>;

    /// Samples in `order`, one step each, as the training loop's contract says.
    fn by_hand(
        net: &mut Line,
        orders: &[Order],
        x: &[SMatrix<f64, 1, 1>],
        t: &[SMatrix<f64, 1, 1>],
    ) {
        let mut sgd = Sgd::new(0.05).unwrap();
        for order in orders {
            for position in 0..x.len() {
                let i = order.get(position);
                let (_, mut gradients) = net.loss_and_gradients::<Mse, 1>(&x[i], &t[i]);
                crate::Optimizer::step(&mut sgd, net, &mut gradients).unwrap();
            }
        }
    }

    #[test]
    fn every_epoch_visits_the_samples_in_a_fresh_order() {
        let x: [SMatrix<f64, 1, 1>; 5] =
            core::array::from_fn(|i| SMatrix::<f64, 1, 1>::new(i as f64 - 2.0));
        let t: [SMatrix<f64, 1, 1>; 5] =
            core::array::from_fn(|i| SMatrix::<f64, 1, 1>::new(0.5 * i as f64));
        let data = Dataset::new(&x, &t).unwrap();
        let start = Line::new((Dense::from_rows([[0.3]], [-0.1]),));
        let plan = Plan::new(Mse, crate::Batch::<1>, 3).shuffle(11);
        let mut trained = start;
        let mut sgd = Sgd::new(0.05).unwrap();
        train(&mut trained, &mut sgd, &data, &plan, |_, _, _| {
            ControlFlow::Continue(())
        })
        .unwrap();

        // One generator seeded by the plan, one draw per epoch.
        let mut rng = Pcg32::seed_from_u64(11);
        let len = NonZeroUsize::new(x.len()).unwrap();
        let orders: [Order; 3] = core::array::from_fn(|_| Order::shuffled(len, &mut rng));
        let mut expected = start;
        by_hand(&mut expected, &orders, &x, &t);
        assert_eq!(trained, expected);

        // The same first order in every epoch ends elsewhere, so the check above can fail.
        let mut repeated = start;
        by_hand(&mut repeated, &[orders[0]; 3], &x, &t);
        assert_ne!(repeated, expected);
    }

    #[test]
    fn the_epoch_loss_is_the_mean_of_its_batch_losses() {
        // y = x, targets 0: the squared errors of x = 1, 2, 3, 4 are 1, 4, 9, 16; batches of
        // two have losses (1 + 4)/2 = 2.5 and (9 + 16)/2 = 12.5, whose mean is 7.5 (their
        // sum, 15, would be the bug). A learning rate of 0 keeps the weights.
        let x: [SMatrix<f64, 1, 1>; 4] =
            core::array::from_fn(|i| SMatrix::<f64, 1, 1>::new(i as f64 + 1.0));
        let t = [SMatrix::<f64, 1, 1>::zeros(); 4];
        let data = Dataset::new(&x, &t).unwrap();
        let mut net = Line::new((Dense::from_rows([[1.0]], [0.0]),));
        let plan = Plan::new(Mse, crate::Batch::<2>, 1);
        let report = train(
            &mut net,
            &mut Sgd::new(0.0).unwrap(),
            &data,
            &plan,
            |_, _, _| ControlFlow::Continue(()),
        )
        .unwrap();
        assert_eq!(report.loss, Some(7.5));
    }
}
