//! Samples to learn from: inputs and targets as rows, checked once, and the loss of a
//! network over all of them.

use core::mem::{align_of, size_of};

use nalgebra::SMatrix;

use crate::{kernels, Layer, Loss, Real, TrainError, Units};

/// Samples to learn from: inputs and targets as row vectors, checked once for equal lengths
/// and finite values so that training never starts on bad data.
#[derive(Clone, Copy, Debug)]
pub struct Dataset<'a, T, const IN: usize, const OUT: usize> {
    inputs: &'a [SMatrix<T, 1, IN>],
    targets: &'a [SMatrix<T, 1, OUT>],
}

impl<'a, T: Real, const IN: usize, const OUT: usize> Dataset<'a, T, IN, OUT> {
    /// The samples of plain nested arrays, one array per row, borrowed as they are:
    ///
    /// ```
    /// use constnet::Dataset;
    /// let inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    /// let targets = [[0.0], [1.0], [1.0], [0.0]];
    /// let data = Dataset::from_arrays(&inputs, &targets)?;
    /// assert_eq!(data.inputs()[1][(0, 1)], 1.0);
    /// # Ok::<(), constnet::TrainError<f64>>(())
    /// ```
    ///
    /// Checked as [`Dataset::new`] checks.
    pub fn from_arrays(
        inputs: &'a [[T; IN]],
        targets: &'a [[T; OUT]],
    ) -> Result<Self, TrainError<T>>
    where
        T: bytemuck::Pod,
    {
        // A row `SMatrix<T, 1, N>` is stored as `N` values in a row, exactly like `[T; N]`, so
        // the slices are reinterpreted, not copied. The layouts are checked here at compile
        // time, so the cast, which would panic on a mismatch, cannot.
        const {
            assert!(size_of::<[T; IN]>() == size_of::<SMatrix<T, 1, IN>>());
            assert!(align_of::<[T; IN]>() == align_of::<SMatrix<T, 1, IN>>());
            assert!(size_of::<[T; OUT]>() == size_of::<SMatrix<T, 1, OUT>>());
            assert!(align_of::<[T; OUT]>() == align_of::<SMatrix<T, 1, OUT>>());
        }
        Self::new(bytemuck::cast_slice(inputs), bytemuck::cast_slice(targets))
    }

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

    /// Rows `samples` stacked into one batch of inputs `x` and one of targets `t`, written in
    /// place: a large batch is built once per step, never copied through the stack.
    pub(crate) fn fill_batch<const B: usize>(
        &self,
        samples: &[usize; B],
        x: &mut SMatrix<T, B, IN>,
        t: &mut SMatrix<T, B, OUT>,
    ) {
        for (r, sample) in samples.iter().enumerate() {
            if let (Some(input), Some(target)) =
                (self.inputs.get(*sample), self.targets.get(*sample))
            {
                x.row_mut(r).copy_from(input);
                t.row_mut(r).copy_from(target);
            }
        }
    }

    /// The sum of `weight` times the loss `L` of `network` over each of the first `batches`
    /// batches of `B` consecutive rows (each loss the mean over its rows), built in `x` and `t`.
    pub(crate) fn batch_losses<L, const B: usize, N>(
        &self,
        network: &N,
        batches: usize,
        weight: usize,
        x: &mut SMatrix<T, B, IN>,
        t: &mut SMatrix<T, B, OUT>,
    ) -> T::Sum
    where
        L: Loss<T>,
        N: Layer<Scalar = T, Input = Units<IN>, Output = Units<OUT>>,
    {
        let mut total = T::sum_of(T::zero());
        for batch in 0..batches {
            let samples: [usize; B] = core::array::from_fn(|r| batch * B + r);
            self.fill_batch(&samples, x, t);
            total = T::sum_add(total, T::sum_scaled(network.loss::<L, B>(x, t), weight));
        }
        total
    }

    /// The first sample whose target loss `L` cannot take, and what its targets must be.
    pub fn unsuitable_target<L: Loss<T>>(&self) -> Option<(usize, &'static str)> {
        self.targets
            .iter()
            .enumerate()
            .find_map(|(sample, target)| L::check_target(target).err().map(|why| (sample, why)))
    }

    /// `L` over the whole data set: the mean over samples of the per-sample loss `L` of
    /// `network`'s outputs against the targets, computed `B` rows at a time (the rows left
    /// over one at a time). `None` for an empty data set.
    ///
    /// ```
    /// use constnet::{Dataset, Dense, Identity, Mse, Network};
    /// use nalgebra::matrix;
    /// let net = Network::new((Dense::<f64, 1, 1, Identity>::from_rows([[2.0]], [0.0]),));
    /// let (inputs, targets) = ([matrix![1.0], matrix![2.0], matrix![3.0]], [matrix![2.0]; 3]);
    /// let data = Dataset::new(&inputs, &targets)?;
    /// // Errors 0, 2, 4: squared 0, 4, 16, mean 20 / 3.
    /// assert_eq!(data.mean_loss::<Mse, 2, _>(&net), Some(20.0 / 3.0));
    /// # Ok::<(), constnet::TrainError<f64>>(())
    /// ```
    pub fn mean_loss<L, const B: usize, N>(&self, network: &N) -> Option<T>
    where
        L: Loss<T>,
        N: Layer<Scalar = T, Input = Units<IN>, Output = Units<OUT>>,
    {
        if self.is_empty() {
            return None;
        }
        let (mut x, mut t) = (kernels::zeros::<T, B, IN>(), kernels::zeros::<T, B, OUT>());
        let full = self.len().checked_div(B).unwrap_or(0);
        // Each batch's loss is its mean over rows: times B, the sum over its rows. The total
        // is a `Sum`, so that in fixed point neither it nor the counts leave the range.
        let mut total = self.batch_losses::<L, B, N>(network, full, B, &mut x, &mut t);
        for (input, target) in self.inputs.iter().zip(self.targets).skip(full * B) {
            total = T::sum_add(total, T::sum_of(network.loss::<L, 1>(input, target)));
        }
        Some(T::sum_mean(total, self.len()))
    }
}
