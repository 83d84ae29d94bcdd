//! Walking every parameter matrix of a layer, a network or their gradients, in one order.

use crate::Real;

/// A value laid out like a network's parameters: a layer, a network, or their gradients.
///
/// Its matrices are visited in a fixed order (`W⁰, b⁰, W¹, b¹, …`), each as its
/// column-major elements and its number of rows. Everything that treats parameters as one
/// list (flattening, the gradient checker, printing counts) is written once on top of this.
pub trait Parameters {
    /// The element type.
    type Scalar: Real;

    /// The number of scalar parameters.
    const COUNT: usize;

    /// Calls `f(elements, rows)` for every matrix, in order; `elements` is column-major.
    fn for_each_matrix<'a, F>(&'a self, f: &mut F)
    where
        F: FnMut(&'a [Self::Scalar], usize);

    /// Like [`Parameters::for_each_matrix`], with the elements writable.
    fn for_each_matrix_mut<'a, F>(&'a mut self, f: &mut F)
    where
        F: FnMut(&'a mut [Self::Scalar], usize);

    /// The parameter at `index` in the flat order, or `None` past [`Parameters::COUNT`].
    fn parameter(&self, index: usize) -> Option<Self::Scalar> {
        let mut found = None;
        let mut start = 0;
        self.for_each_matrix(&mut |elements, _| {
            if found.is_none() && index < start + elements.len() {
                found = Some(elements[index - start]);
            }
            start += elements.len();
        });
        found
    }

    /// The parameter at `index` in the flat order, writable, or `None` past
    /// [`Parameters::COUNT`].
    fn parameter_mut(&mut self, index: usize) -> Option<&mut Self::Scalar> {
        let mut found = None;
        let mut start = 0;
        self.for_each_matrix_mut(&mut |elements, _| {
            let len = elements.len();
            if found.is_none() && index < start + len {
                found = elements.get_mut(index - start);
            }
            start += len;
        });
        found
    }

    /// Where the parameter at `index` of the flat order lives, or `None` past
    /// [`Parameters::COUNT`].
    fn locate(&self, index: usize) -> Option<Location> {
        let mut found = None;
        let mut start = 0;
        let mut matrix = 0;
        self.for_each_matrix(&mut |elements, rows| {
            if found.is_none() && index < start + elements.len() {
                let offset = index - start;
                found = Some(Location {
                    matrix,
                    row: offset % rows,
                    column: offset / rows,
                });
            }
            start += elements.len();
            matrix += 1;
        });
        found
    }
}

/// The position of one parameter: which matrix in the order `W⁰, b⁰, W¹, b¹, …`
/// (so layer `matrix / 2` of a network of [`Dense`](crate::Dense) layers), and the entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// Index of the matrix in the order `W⁰, b⁰, W¹, b¹, …`.
    pub matrix: usize,
    /// Row of the entry.
    pub row: usize,
    /// Column of the entry.
    pub column: usize,
}

/// Prints the lecture's name of the entry, e.g. `W¹[2, 0]`: matrices alternate weights and
/// biases, as they do in a network of [`Dense`](crate::Dense) layers.
impl core::fmt::Display for Location {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let symbol = if self.matrix.is_multiple_of(2) {
            "W"
        } else {
            "b"
        };
        write!(
            f,
            "{symbol}{}[{}, {}]",
            Superscript(self.matrix / 2),
            self.row,
            self.column
        )
    }
}

/// A layer number written as superscript digits, as in the lecture's `W⁰`, `b¹`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Superscript(pub(crate) usize);

impl core::fmt::Display for Superscript {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        if self.0 >= 10 {
            write!(f, "{}", Superscript(self.0 / 10))?;
        }
        write!(f, "{}", DIGITS[self.0 % 10])
    }
}
