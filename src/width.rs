//! Layer widths as types, so that wiring two layers together is checked by the compiler.

use core::fmt::Debug;

use nalgebra::SMatrix;

use crate::{Loss, Real};

/// The width of a layer's input or output: `N` units (Rumelhart's word for neurons).
///
/// Layers name their widths with this type, so a network whose layer outputs `Units<3>`
/// feeding a layer that takes `Units<4>` fails to compile with "expected `3`, found `4`".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Units<const N: usize>;

/// A width known at compile time; implemented by [`Units`] only, and sealed: the crate's
/// losses and layers rely on a width's batch being an `SMatrix`.
///
/// Generic code over networks moves batches around as `W::Matrix<T, B>` without knowing `N`;
/// the concrete layers see the plain `SMatrix<T, B, N>` behind it.
pub trait Width: sealed::Sealed + Copy + Debug + Default + 'static {
    /// The number of units.
    const N: usize;
    /// A batch of `B` rows of this width: `SMatrix<T, B, N>`.
    type Matrix<T: Real, const B: usize>: Copy + Debug + PartialEq;

    /// `L`, the mean over rows of the per-sample loss of `prediction` against `target`.
    fn loss<L: Loss<T>, T: Real, const B: usize>(
        prediction: &Self::Matrix<T, B>,
        target: &Self::Matrix<T, B>,
    ) -> T;

    /// `L` and its gradient `∂L/∂ŷ` with respect to `prediction`, in one pass.
    fn loss_and_gradient<L: Loss<T>, T: Real, const B: usize>(
        prediction: &Self::Matrix<T, B>,
        target: &Self::Matrix<T, B>,
    ) -> (T, Self::Matrix<T, B>);
}

impl<const N: usize> Width for Units<N> {
    const N: usize = N;
    type Matrix<T: Real, const B: usize> = SMatrix<T, B, N>;

    #[inline]
    fn loss<L: Loss<T>, T: Real, const B: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> T {
        L::loss(prediction, target)
    }

    #[inline]
    fn loss_and_gradient<L: Loss<T>, T: Real, const B: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> (T, SMatrix<T, B, N>) {
        L::loss_and_gradient(prediction, target)
    }
}

mod sealed {
    /// Keeps [`Width`](super::Width) to the crate's own [`Units`](super::Units).
    pub trait Sealed {}

    impl<const N: usize> Sealed for super::Units<N> {}
}
