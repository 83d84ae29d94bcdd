//! How to train: the loss, the batch size, when to stop, and what to validate on.

use crate::{Dataset, InvalidHyperparameter, Layer, Loss, Real, Units};

/// The mini-batch size `B`, as a value so that it is written once where training is planned:
/// `Batch::<4>`. `B = 1` is per-sample learning; `B` = the data set's size is the 1986
/// paper's per-sweep learning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Batch<const B: usize>;

/// How to train: the loss, the batch size, when to stop, and optionally a validation set
/// (`V`) to stop early on.
///
/// ```
/// use constnet::{Batch, Mse, Plan};
/// let plan = Plan::new(Mse, Batch::<4>, 5_000).target_loss(0.01_f32)?.shuffle(7);
/// # let _ = plan;
/// # Ok::<(), constnet::InvalidHyperparameter<f32>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan<L, const B: usize, T, V = NoValidation> {
    pub(crate) loss: L,
    pub(crate) max_epochs: usize,
    pub(crate) target_loss: Option<T>,
    pub(crate) shuffle_seed: Option<u64>,
    /// In `f64`, so that the default of a thousand needs no room in a fixed-point type (Q8.8
    /// ends at 128) and the threshold `factor × starting loss` cannot saturate.
    pub(crate) explosion_factor: f64,
    pub(crate) validation: V,
}

impl<L: Loss<T>, const B: usize, T: Real> Plan<L, B, T> {
    /// Minimize `loss` over mini-batches of `B` samples for at most `max_epochs` passes over
    /// the data, visiting samples in order. A batch of no samples does not compile.
    pub fn new(loss: L, _batch: Batch<B>, max_epochs: usize) -> Self {
        const {
            assert!(
                B > 0,
                "a batch holds at least one sample: Batch::<0> cannot train"
            )
        };
        Self {
            loss,
            max_epochs,
            target_loss: None,
            shuffle_seed: None,
            explosion_factor: Self::EXPLOSION_FACTOR,
            validation: NoValidation,
        }
    }
}

impl<L: Loss<T>, const B: usize, T: Real, V> Plan<L, B, T, V> {
    /// How many times the loss the network starts from (over the training data) an epoch's
    /// loss may reach before training is stopped as diverging: a network that does a thousand
    /// times worse than it started is exploding, not learning.
    pub const EXPLOSION_FACTOR: f64 = 1e3;

    /// Stop as diverging once an epoch's loss exceeds `factor` times the starting loss (the
    /// default is [`Plan::EXPLOSION_FACTOR`]; `∞` turns the check off). A factor that is not
    /// greater than 1 would stop a run that merely does not improve, and is refused.
    pub fn explosion_factor(self, factor: T) -> Result<Self, InvalidHyperparameter<T>> {
        crate::hyperparameters::above("explosion_factor", factor, T::one(), "greater than 1")?;
        Ok(Self {
            explosion_factor: factor.to_f64(),
            ..self
        })
    }

    /// Also stop as soon as an epoch's training loss is at most `loss`, a finite number ≥ 0
    /// (a NaN would never be reached, and is refused).
    pub fn target_loss(self, loss: T) -> Result<Self, InvalidHyperparameter<T>> {
        crate::hyperparameters::non_negative("target_loss", loss)?;
        Ok(Self {
            target_loss: Some(loss),
            ..self
        })
    }

    /// Visit the samples in a fresh pseudo-random order every epoch, drawn from `seed`; the
    /// same seed gives the same orders on every platform, and no memory is allocated.
    pub fn shuffle(self, seed: u64) -> Self {
        Self {
            shuffle_seed: Some(seed),
            ..self
        }
    }

    /// Measure the loss on `data` after every epoch; stop once `patience` epochs in a row have
    /// not lowered it below its best, and end with the weights of the best epoch. A patience of
    /// 0 epochs would stop before any could improve, and is refused.
    ///
    /// ```
    /// use constnet::{Batch, Dataset, Mse, Plan};
    /// let (inputs, targets) = ([[0.5f32, 0.5]], [[1.0f32]]);
    /// let held_out = Dataset::from_arrays(&inputs, &targets)?;
    /// let plan = Plan::new(Mse, Batch::<4>, 500).validate(&held_out, 10)?;
    /// # let _ = plan;
    /// # Ok::<(), constnet::TrainError<f32>>(())
    /// ```
    pub fn validate<'v, const IN: usize, const OUT: usize>(
        self,
        data: &'v Dataset<'v, T, IN, OUT>,
        patience: usize,
    ) -> Result<Plan<L, B, T, Validation<'v, T, IN, OUT>>, InvalidHyperparameter<T>> {
        if patience == 0 {
            return Err(InvalidHyperparameter {
                name: "patience",
                value: T::zero(),
                expected: "at least 1 epoch",
            });
        }
        Ok(Plan {
            loss: self.loss,
            max_epochs: self.max_epochs,
            target_loss: self.target_loss,
            shuffle_seed: self.shuffle_seed,
            explosion_factor: self.explosion_factor,
            validation: Validation { data, patience },
        })
    }
}

/// A [`Plan`] without a validation set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoValidation;

/// A [`Plan`]'s validation set, and how many epochs without improvement it waits.
#[derive(Clone, Copy, Debug)]
pub struct Validation<'v, T, const IN: usize, const OUT: usize> {
    data: &'v Dataset<'v, T, IN, OUT>,
    patience: usize,
}

/// What [`train`](crate::train) validates on: nothing ([`NoValidation`]), or a data set of
/// the network's widths ([`Validation`]).
pub trait Validate<N: Layer> {
    /// Whether there is a validation set: whether to keep the best weights.
    const ACTIVE: bool;

    /// The loss `L` of `network` over the validation set, `B` rows at a time; `None` without
    /// one, or for an empty set.
    fn loss<L: Loss<N::Scalar>, const B: usize>(&self, network: &N) -> Option<N::Scalar>;

    /// Epochs without improvement to wait before stopping.
    fn patience(&self) -> usize;

    /// The first validation sample whose target loss `L` cannot take, and what it must be.
    fn unsuitable_target<L: Loss<N::Scalar>>(&self) -> Option<(usize, &'static str)>;
}

impl<N: Layer> Validate<N> for NoValidation {
    const ACTIVE: bool = false;

    fn loss<L: Loss<N::Scalar>, const B: usize>(&self, _: &N) -> Option<N::Scalar> {
        None
    }

    fn patience(&self) -> usize {
        usize::MAX
    }

    fn unsuitable_target<L: Loss<N::Scalar>>(&self) -> Option<(usize, &'static str)> {
        None
    }
}

impl<T, N, const IN: usize, const OUT: usize> Validate<N> for Validation<'_, T, IN, OUT>
where
    T: Real,
    N: Layer<Scalar = T, Input = Units<IN>, Output = Units<OUT>>,
{
    const ACTIVE: bool = true;

    fn loss<L: Loss<T>, const B: usize>(&self, network: &N) -> Option<T> {
        self.data.mean_loss::<L, B, N>(network)
    }

    fn patience(&self) -> usize {
        self.patience
    }

    fn unsuitable_target<L: Loss<T>>(&self) -> Option<(usize, &'static str)> {
        self.data.unsuitable_target::<L>()
    }
}
