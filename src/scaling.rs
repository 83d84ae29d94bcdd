//! Feature scaling fitted on training rows and applied to any other: standardization and
//! min-max scaling, as one small value that travels with the network it was fitted for.

use nalgebra::SMatrix;

use crate::{kernels, DataError, Float, Real};

/// A per-column affine map `x' = (x - offset) ⊙ scale`, fitted on the training rows and then
/// applied, unchanged, to validation, test and field data.
///
/// ```
/// use constnet::Scaler;
/// use nalgebra::matrix;
/// let rows = [matrix![1.0, 10.0], matrix![3.0, 10.0]];
/// let scaler = Scaler::standardize(&rows)?;
/// // Column 0: mean 2, standard deviation 1. Column 1 is constant: centred, not scaled.
/// assert_eq!(scaler.apply(&matrix![4.0, 12.0]), matrix![2.0, 2.0]);
/// # Ok::<(), constnet::DataError>(())
/// ```
///
/// With the `serde` feature it is saved and loaded like a network, so that the data a deployed
/// network sees is scaled as its training data was.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(bound(
        serialize = "T: Real + serde::Serialize",
        deserialize = "T: Real + serde::Deserialize<'de>"
    ))
)]
pub struct Scaler<T, const N: usize> {
    /// Subtracted from each column: the mean, or the minimum.
    pub offset: SMatrix<T, 1, N>,
    /// Then multiplied: one over the standard deviation, or over the range.
    pub scale: SMatrix<T, 1, N>,
}

impl<T: Float, const N: usize> Scaler<T, N> {
    /// The map that changes nothing.
    pub fn identity() -> Self {
        Self {
            offset: kernels::zeros(),
            scale: SMatrix::repeat(T::one()),
        }
    }

    /// Standardization: each column to mean 0 and standard deviation 1 (the population
    /// deviation, over `rows.len()`). A constant column is only centred, since it has no
    /// spread to divide by.
    pub fn standardize(rows: &[SMatrix<T, 1, N>]) -> Result<Self, DataError> {
        let count = T::lit(checked(rows)? as f64);
        let mut mean = kernels::zeros::<T, 1, N>();
        for row in rows {
            mean += row;
        }
        mean /= count;
        let mut variance = kernels::zeros::<T, 1, N>();
        for row in rows {
            let centred = row - mean;
            variance += centred.component_mul(&centred);
        }
        let scale = variance.map(|v| {
            let deviation = (v / count).sqrt();
            if deviation > T::zero() {
                T::one() / deviation
            } else {
                T::one()
            }
        });
        Ok(Self {
            offset: mean,
            scale,
        })
    }

    /// Min-max scaling: each column to `[0, 1]` over the rows. A constant column maps to 0.
    pub fn min_max(rows: &[SMatrix<T, 1, N>]) -> Result<Self, DataError> {
        checked(rows)?;
        let first = rows.first().copied().ok_or(DataError::Empty)?;
        let (mut low, mut high) = (first, first);
        for row in rows {
            low = low.zip_map(row, |a, b| a.min(b));
            high = high.zip_map(row, |a, b| a.max(b));
        }
        let scale = high.zip_map(
            &low,
            |h, l| {
                if h > l {
                    T::one() / (h - l)
                } else {
                    T::one()
                }
            },
        );
        Ok(Self { offset: low, scale })
    }

    /// `(x - offset) ⊙ scale`.
    pub fn apply(&self, row: &SMatrix<T, 1, N>) -> SMatrix<T, 1, N> {
        (row - self.offset).component_mul(&self.scale)
    }

    /// [`Scaler::apply`] to every row, in place.
    pub fn apply_all(&self, rows: &mut [SMatrix<T, 1, N>]) {
        for row in rows {
            *row = self.apply(row);
        }
    }
}

/// The number of rows, after checking that there is one and that every value is finite.
fn checked<T: Real, const N: usize>(rows: &[SMatrix<T, 1, N>]) -> Result<usize, DataError> {
    if rows.is_empty() {
        return Err(DataError::Empty);
    }
    for (sample, row) in rows.iter().enumerate() {
        if let Some(column) = row.iter().position(|v| !v.is_finite()) {
            return Err(DataError::NonFinite { sample, column });
        }
    }
    Ok(rows.len())
}
