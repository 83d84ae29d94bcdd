//! Class labels: one-hot targets, the predicted class of an output row, and a seeded,
//! stratified train/validation split. Nothing here allocates.

use core::fmt;
use core::num::NonZeroUsize;

use nalgebra::SMatrix;
use rand::SeedableRng;
use rand_pcg::Pcg32;

use crate::shuffle::Order;
use crate::{kernels, Real};

/// What is wrong with data handed to the data helpers, and where.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DataError {
    /// There are no rows.
    Empty,
    /// Row `sample` holds NaN or an infinity at `column`.
    NonFinite {
        /// Index of the row.
        sample: usize,
        /// Index of the offending entry.
        column: usize,
    },
    /// Sample `sample` has label `label`, but there are only `classes` classes.
    LabelOutOfRange {
        /// Index of the sample.
        sample: usize,
        /// Its label.
        label: usize,
        /// The number of classes, `K`.
        classes: usize,
    },
    /// The validation fraction is not in `[0, 1)`.
    Fraction {
        /// The fraction given.
        fraction: f64,
    },
    /// An output buffer's length differs from the number of samples.
    BufferLength {
        /// The number of samples.
        expected: usize,
        /// The buffer's length.
        found: usize,
    },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("there are no rows"),
            Self::NonFinite { sample, column } => {
                write!(f, "row {sample} is not finite at column {column}")
            }
            Self::LabelOutOfRange {
                sample,
                label,
                classes,
            } => write!(
                f,
                "sample {sample} has label {label}, but there are {classes} classes (0 to {})",
                classes.saturating_sub(1)
            ),
            Self::Fraction { fraction } => {
                write!(f, "the validation fraction {fraction} is not in [0, 1)")
            }
            Self::BufferLength { expected, found } => write!(
                f,
                "the buffer holds {found} entries, one per sample needs {expected}"
            ),
        }
    }
}

impl core::error::Error for DataError {}

/// The one-hot row of class `label` among `K`: 1 at `label`, 0 elsewhere; `None` when
/// `label ≥ K`.
///
/// ```
/// use constnet::one_hot;
/// use nalgebra::matrix;
/// assert_eq!(one_hot::<f32, 3>(1), Some(matrix![0.0, 1.0, 0.0]));
/// assert_eq!(one_hot::<f32, 3>(3), None);
/// ```
pub fn one_hot<T: Real, const K: usize>(label: usize) -> Option<SMatrix<T, 1, K>> {
    let mut row = kernels::zeros::<T, 1, K>();
    *row.get_mut(label)? = T::one();
    Some(row)
}

/// [`one_hot`] of every label, written into `targets` (one row per label).
pub fn one_hot_all<T: Real, const K: usize>(
    labels: &[usize],
    targets: &mut [SMatrix<T, 1, K>],
) -> Result<(), DataError> {
    if labels.len() != targets.len() {
        return Err(DataError::BufferLength {
            expected: labels.len(),
            found: targets.len(),
        });
    }
    for (sample, (&label, target)) in labels.iter().zip(targets).enumerate() {
        *target = one_hot(label).ok_or(DataError::LabelOutOfRange {
            sample,
            label,
            classes: K,
        })?;
    }
    Ok(())
}

/// The predicted class of an output row: the index of its largest entry, the first one on a
/// tie. NaN entries are never chosen; a row of NaN gives class 0.
///
/// ```
/// use constnet::predicted_class;
/// use nalgebra::matrix;
/// assert_eq!(predicted_class(&matrix![0.1, 0.7, 0.2]), 1);
/// ```
pub fn predicted_class<T: Real, const K: usize>(output: &SMatrix<T, 1, K>) -> usize {
    let mut best: Option<(usize, T)> = None;
    for (class, &value) in output.iter().enumerate() {
        // NaN compares false both ways, so it never displaces a number nor is chosen.
        let is_number = value.partial_cmp(&value).is_some();
        if is_number && best.is_none_or(|(_, top)| value > top) {
            best = Some((class, value));
        }
    }
    best.map_or(0, |(class, _)| class)
}

/// A seeded, stratified split of samples into training and validation: each class keeps its
/// share in both parts.
///
/// Writes a permutation of `0..labels.len()` into `indices`: the training samples first,
/// then the validation samples, each part in a pseudo-random order drawn from `seed` (the
/// same on every platform). Returns the number of training samples. Of the `n` samples of a
/// class, `round(validation · n)` go to validation.
///
/// ```
/// use constnet::stratified_split;
/// let labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
/// let mut indices = [0; 12];
/// let training = stratified_split::<2>(&labels, 0.25, 7, &mut indices)?;
/// assert_eq!(training, 9); // 3 of class 0, 6 of class 1
/// let validation = &indices[training..];
/// assert_eq!(validation.iter().filter(|&&i| labels[i] == 0).count(), 1);
/// # Ok::<(), constnet::DataError>(())
/// ```
pub fn stratified_split<const K: usize>(
    labels: &[usize],
    validation: f64,
    seed: u64,
    indices: &mut [usize],
) -> Result<usize, DataError> {
    if !(0.0..1.0).contains(&validation) {
        return Err(DataError::Fraction {
            fraction: validation,
        });
    }
    if indices.len() != labels.len() {
        return Err(DataError::BufferLength {
            expected: labels.len(),
            found: indices.len(),
        });
    }
    let Some(len) = NonZeroUsize::new(labels.len()) else {
        return Err(DataError::Empty);
    };
    let mut wanted = [0usize; K];
    for (sample, &label) in labels.iter().enumerate() {
        let count = wanted.get_mut(label).ok_or(DataError::LabelOutOfRange {
            sample,
            label,
            classes: K,
        })?;
        *count += 1;
    }
    // Round half up, in integers: ⌊validation · n + ½⌋.
    for count in &mut wanted {
        *count = (validation * *count as f64 + 0.5) as usize;
    }
    let order = Order::shuffled(len, &mut Pcg32::seed_from_u64(seed));
    let (mut training, mut held_out) = (0, 0);
    for position in 0..labels.len() {
        let sample = order.get(position);
        let class = labels[sample];
        if wanted[class] > 0 {
            wanted[class] -= 1;
            held_out += 1;
            indices[labels.len() - held_out] = sample;
        } else {
            indices[training] = sample;
            training += 1;
        }
    }
    // The validation part was written from the end; put it back in drawing order.
    indices[training..].reverse();
    Ok(training)
}
