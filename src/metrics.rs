//! How well a classifier does: accuracy and the confusion matrix, counted without a heap.

use core::fmt;

use nalgebra::SMatrix;

use crate::{predicted_class, Layer, Real, Units};

/// Counts of (actual class, predicted class) pairs over `K` classes: row `a`, column `p`
/// counts the samples of class `a` predicted as `p`, so the diagonal holds the right answers.
///
/// ```
/// use constnet::ConfusionMatrix;
/// let mut confusion = ConfusionMatrix::<3>::new();
/// for (actual, predicted) in [(0, 0), (1, 1), (1, 2), (2, 2)] {
///     confusion.record(actual, predicted);
/// }
/// assert_eq!(confusion.count(1, 2), 1);
/// assert_eq!(confusion.accuracy(), Some(0.75));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfusionMatrix<const K: usize> {
    counts: [[u32; K]; K],
}

impl<const K: usize> ConfusionMatrix<K> {
    /// No samples counted.
    pub fn new() -> Self {
        Self {
            counts: [[0; K]; K],
        }
    }

    /// Counts one sample of class `actual` predicted as `predicted`. Classes outside `0..K`
    /// are not counted, and the call returns `false`.
    pub fn record(&mut self, actual: usize, predicted: usize) -> bool {
        match self
            .counts
            .get_mut(actual)
            .and_then(|row| row.get_mut(predicted))
        {
            Some(count) => {
                *count = count.saturating_add(1);
                true
            }
            None => false,
        }
    }

    /// The confusion of `network` over `inputs` with one-hot (or probability) `targets`: the
    /// actual class of a sample is its target's largest entry, the predicted one its output's.
    pub fn of<N, T, const IN: usize>(
        network: &N,
        inputs: &[SMatrix<T, 1, IN>],
        targets: &[SMatrix<T, 1, K>],
    ) -> Self
    where
        T: Real,
        N: Layer<Scalar = T, Input = Units<IN>, Output = Units<K>>,
    {
        let mut confusion = Self::new();
        for (input, target) in inputs.iter().zip(targets) {
            let output = network.forward::<1>(input);
            confusion.record(predicted_class(target), predicted_class(&output));
        }
        confusion
    }

    /// The samples of class `actual` predicted as `predicted` (0 outside `0..K`).
    pub fn count(&self, actual: usize, predicted: usize) -> u32 {
        self.counts
            .get(actual)
            .and_then(|row| row.get(predicted))
            .copied()
            .unwrap_or(0)
    }

    /// Every sample counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().map(|&c| u64::from(c)).sum()
    }

    /// The samples predicted right: the diagonal's sum.
    pub fn correct(&self) -> u64 {
        (0..K).map(|k| u64::from(self.counts[k][k])).sum()
    }

    /// The fraction of samples predicted right, or `None` when nothing was counted.
    pub fn accuracy(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| self.correct() as f64 / total as f64)
    }
}

impl<const K: usize> Default for ConfusionMatrix<K> {
    fn default() -> Self {
        Self::new()
    }
}

/// A table with the actual class down the side and the predicted class across.
impl<const K: usize> fmt::Display for ConfusionMatrix<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .counts
            .iter()
            .flatten()
            .map(|&c| digits(c as usize))
            .chain([digits(K), 3])
            .max()
            .unwrap_or(3);
        write!(f, "{:>width$} |", "a\\p")?;
        for predicted in 0..K {
            write!(f, " {predicted:>width$}")?;
        }
        for (actual, row) in self.counts.iter().enumerate() {
            write!(f, "\n{actual:>width$} |")?;
            for count in row {
                write!(f, " {count:>width$}")?;
            }
        }
        Ok(())
    }
}

/// The number of decimal digits of `n`.
fn digits(mut n: usize) -> usize {
    let mut digits = 1;
    while n >= 10 {
        n /= 10;
        digits += 1;
    }
    digits
}
