//! Walking every parameter matrix of a layer, a network or their gradients, in one order,
//! each matrix described by its name, shape and role.

use core::fmt::Debug;

use crate::Real;

/// A value laid out like a network's parameters: a layer, a network, or their gradients.
///
/// Its matrices are visited in a fixed order (`W⁰, b⁰, W¹, b¹, …` for a network of
/// [`Dense`](crate::Dense) layers), each with its [`Descriptor`] and its column-major
/// elements. Everything that treats parameters as one list is written once on top of this:
/// initialization, flattening, export, the gradient checker, optimizers.
///
/// A layer made of matrices gets this trait from the [`parameters!`](crate::parameters)
/// macro, which writes the three walks below from one list of its matrices.
pub trait Parameters {
    /// The element type.
    type Scalar: Real;

    /// The number of scalar parameters.
    const COUNT: usize;

    /// The number of layers the value spans, for numbering them in [`Descriptor::layer`]:
    /// 1 for a layer, the sum of its layers' for a network.
    const LAYERS: usize = 1;

    /// `∂L/∂θ` for every parameter `θ`: a mirror with the same matrices, in the same order,
    /// of the same shapes. Its `Default` is all zeros (optimizers start their state from it).
    type Gradients: Parameters<Scalar = Self::Scalar> + Clone + Debug + Default;

    /// Calls `f(descriptor, elements)` for every matrix, in order; `elements` is column-major.
    fn visit<'a, F>(&'a self, f: &mut F)
    where
        F: FnMut(Descriptor, &'a [Self::Scalar]);

    /// Like [`Parameters::visit`], with the elements writable.
    fn visit_mut<'a, F>(&'a mut self, f: &mut F)
    where
        F: FnMut(Descriptor, &'a mut [Self::Scalar]);

    /// Visits every matrix together with the same matrix of `gradients` and of each of the
    /// `K` values of `state`: `f(parameters, gradients, state)`, all of the same length.
    ///
    /// This is what optimizers are written against: an optimizer is the body of `f`,
    /// whatever the network. The gradients are writable because an update uses them as its
    /// undo buffer (see [`apply_rule`](crate::apply_rule)).
    fn zip<const K: usize, F>(
        &mut self,
        gradients: &mut Self::Gradients,
        state: [&mut Self::Gradients; K],
        f: &mut F,
    ) where
        F: FnMut(&mut [Self::Scalar], &mut [Self::Scalar], [&mut [Self::Scalar]; K]);

    /// The parameter at `index` in the flat order, or `None` past [`Parameters::COUNT`].
    fn parameter(&self, index: usize) -> Option<Self::Scalar> {
        let mut found = None;
        let mut start = 0;
        self.visit(&mut |_, elements| {
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
        self.visit_mut(&mut |_, elements| {
            let len = elements.len();
            if found.is_none() && index < start + len {
                found = elements.get_mut(index - start);
            }
            start += len;
        });
        found
    }

    /// Overwrites every parameter with `source`'s, in place: no copy of the whole value passes
    /// through the stack, so it suits a large network on the heap.
    fn copy_from(&mut self, source: &Self) {
        zip_matrices(self, source, &mut |target, values| {
            for (t, v) in target.iter_mut().zip(values) {
                *t = *v;
            }
        });
    }

    /// Where the parameter at `index` of the flat order lives, or `None` past
    /// [`Parameters::COUNT`].
    fn locate(&self, index: usize) -> Option<Location> {
        let mut found = None;
        let mut start = 0;
        self.visit(&mut |matrix, elements| {
            if found.is_none() && index < start + elements.len() {
                found = Some(matrix.entry(index - start));
            }
            start += elements.len();
        });
        found
    }
}

/// Calls `f(target, source)` with each matrix of `target` and the matrix of `source` in the
/// same place, in order: for two values laid out alike, whatever their scalar types. One walk
/// cannot lend its matrices out of the other, so each matrix of `target` walks `source` to
/// its match.
pub(crate) fn zip_matrices<Q, P, F>(target: &mut Q, source: &P, f: &mut F)
where
    Q: Parameters + ?Sized,
    P: Parameters + ?Sized,
    F: FnMut(&mut [Q::Scalar], &[P::Scalar]),
{
    let mut matrix = 0;
    target.visit_mut(&mut |_, target| {
        let mut k = 0;
        source.visit(&mut |_, values| {
            if k == matrix {
                f(target, values);
            }
            k += 1;
        });
        matrix += 1;
    });
}

/// What one parameter matrix is: its name, where it sits, its shape, and how to initialize it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Descriptor {
    /// The name its layer gives it, as the lecture writes it: `"W"`, `"b"`.
    pub name: &'static str,
    /// The layer it belongs to, counting from 0 in the network that is walked.
    pub layer: usize,
    /// The number of rows.
    pub rows: usize,
    /// The number of columns.
    pub columns: usize,
    /// How initialization treats it.
    pub role: Role,
}

impl Descriptor {
    /// A matrix of layer 0 (a network renumbers the layers of its parts).
    pub const fn new(name: &'static str, rows: usize, columns: usize, role: Role) -> Self {
        Self {
            name,
            layer: 0,
            rows,
            columns,
            role,
        }
    }

    /// The number of elements.
    pub const fn len(&self) -> usize {
        self.rows * self.columns
    }

    /// Whether the matrix has no elements.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The same matrix, seen from a network in which its layer is preceded by `layers` others.
    pub const fn after_layers(self, layers: usize) -> Self {
        Self {
            layer: self.layer + layers,
            ..self
        }
    }

    /// Where the element at `offset` of the column-major elements is.
    pub const fn entry(&self, offset: usize) -> Location {
        Location {
            name: self.name,
            layer: self.layer,
            row: offset % self.rows,
            column: offset / self.rows,
        }
    }
}

/// How initialization treats a parameter matrix; see [`Init`](crate::Init) for the schemes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Role {
    /// Weights that multiply the layer's `fan_in` inputs towards its `fan_out` outputs: drawn
    /// from the scheme's weight distribution.
    Weight {
        /// Inputs of the layer.
        fan_in: usize,
        /// Outputs of the layer.
        fan_out: usize,
    },
    /// Offsets added to a layer's outputs: drawn like weights or set to zero, by scheme.
    Bias {
        /// Inputs of the layer.
        fan_in: usize,
        /// Outputs of the layer.
        fan_out: usize,
    },
    /// Set to this value by every scheme, e.g. a gain that starts at 1.
    Fill(f64),
}

/// The position of one parameter: its matrix, named by its layer, and the entry.
///
/// Prints as the lecture writes it: `W¹[2, 0]` is row 2, column 0 of layer 1's `W`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// The matrix's name within its layer, e.g. `"W"`.
    pub name: &'static str,
    /// The layer, counting from 0.
    pub layer: usize,
    /// Row of the entry.
    pub row: usize,
    /// Column of the entry.
    pub column: usize,
}

impl core::fmt::Display for Location {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{}{}[{}, {}]",
            self.name,
            Superscript(self.layer),
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
