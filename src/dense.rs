//! The fully connected layer `y = g(x W + b)` of the lecture.

use core::fmt;
use core::marker::PhantomData;

use nalgebra::{ArrayStorage, SMatrix};

use crate::{kernels, Activation, Layer, Real, Role, Units};

/// A fully connected layer with `IN` inputs and `OUT` outputs: `v = x W + b`, `y = g(v)`.
///
/// `W` is `IN × OUT` like the lecture's `W⁰` (2×3 for the first layer of its 2→3→2 network)
/// and `b` is a row of `OUT`, added to every row of a batch. The activation `A` is a
/// zero-sized type, so the layer is exactly its parameters:
/// `size_of::<Dense<f32, 2, 3, Sigmoid>>() == (2 * 3 + 3) * 4`.
#[derive(bytemuck::Zeroable)]
#[zeroable(bound = "T: nalgebra::Scalar + Copy + bytemuck::Zeroable")]
pub struct Dense<T, const IN: usize, const OUT: usize, A> {
    /// The weights `W`, one row per input and one column per output.
    pub w: SMatrix<T, IN, OUT>,
    /// The bias `b`, one entry per output.
    pub b: SMatrix<T, 1, OUT>,
    activation: PhantomData<A>,
}

impl<T: Real, const IN: usize, const OUT: usize, A: Activation> Dense<T, IN, OUT, A> {
    /// A layer from its weight and bias matrices; usable in a `const`.
    pub const fn new(w: SMatrix<T, IN, OUT>, b: SMatrix<T, 1, OUT>) -> Self {
        Self {
            w,
            b,
            activation: PhantomData,
        }
    }

    /// A layer from nested arrays written as in the lecture: `w` row by row (`IN` rows of
    /// `OUT`), then `b`. It is a `const fn`, so trained weights can be baked into flash:
    ///
    /// ```
    /// use constnet::{Dense, Sigmoid};
    /// const HIDDEN: Dense<f32, 2, 3, Sigmoid> =
    ///     Dense::from_rows([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], [0.2, 0.25, 0.3]);
    /// assert_eq!(HIDDEN.w[(1, 0)], 0.4);
    /// ```
    pub const fn from_rows(w: [[T; OUT]; IN], b: [T; OUT]) -> Self {
        Self::new(
            SMatrix::from_array_storage(ArrayStorage(transpose(w))),
            SMatrix::from_array_storage(ArrayStorage(transpose([b]))),
        )
    }

    /// A layer with every weight and bias zero.
    pub fn zeros() -> Self {
        Self::new(kernels::zeros(), kernels::zeros())
    }

    /// `v = x W + b` for every row of `x`.
    #[inline]
    pub fn pre_activation<const B: usize>(&self, x: &SMatrix<T, B, IN>) -> SMatrix<T, B, OUT> {
        kernels::affine(x, &self.w, &self.b)
    }
}

/// Nested arrays written row by row, turned into nalgebra's column-major storage in a
/// `const` context.
const fn transpose<T: Copy, const R: usize, const C: usize>(rows: [[T; C]; R]) -> [[T; R]; C] {
    const {
        assert!(
            R > 0 && C > 0,
            "a Dense layer needs at least one input and one output"
        );
    }
    let mut columns = [[rows[0][0]; R]; C];
    let mut c = 0;
    while c < C {
        let mut r = 0;
        while r < R {
            columns[c][r] = rows[r][c];
            r += 1;
        }
        c += 1;
    }
    columns
}

/// The gradients of a [`Dense`] layer: `∂L/∂W` and `∂L/∂b`, with the shapes of `W` and `b`.
#[derive(Clone, Copy, Debug, PartialEq, bytemuck::Zeroable)]
#[zeroable(bound = "T: nalgebra::Scalar + Copy + bytemuck::Zeroable")]
pub struct DenseGradients<T, const IN: usize, const OUT: usize> {
    /// `∂L/∂W = xᵀ δ`, `IN × OUT`.
    pub w: SMatrix<T, IN, OUT>,
    /// `∂L/∂b`, the column sums of `δ`, `1 × OUT`.
    pub b: SMatrix<T, 1, OUT>,
}

/// What a [`Dense`] layer's forward pass keeps for its backward pass.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DenseTrace<T, const B: usize, const IN: usize, const OUT: usize> {
    /// The input `x` (the previous layer's `y`).
    pub x: SMatrix<T, B, IN>,
    /// The pre-activation `v = x W + b`.
    pub v: SMatrix<T, B, OUT>,
    /// The activation `y = g(v)`.
    pub y: SMatrix<T, B, OUT>,
}

impl<T: Real, const IN: usize, const OUT: usize, A: Activation> Layer for Dense<T, IN, OUT, A> {
    type Input = Units<IN>;
    type Output = Units<OUT>;
    const OUTPUTS: crate::Outputs = A::OUTPUTS;
    type Trace<const B: usize> = DenseTrace<T, B, IN, OUT>;

    #[inline]
    fn forward<const B: usize>(&self, x: &SMatrix<T, B, IN>) -> SMatrix<T, B, OUT> {
        kernels::map(&self.pre_activation(x), A::apply)
    }

    #[inline]
    fn forward_trace<const B: usize>(&self, x: &SMatrix<T, B, IN>) -> DenseTrace<T, B, IN, OUT> {
        let v = self.pre_activation(x);
        DenseTrace {
            x: *x,
            v,
            y: kernels::map(&v, A::apply),
        }
    }

    #[inline]
    fn output<const B: usize>(trace: &DenseTrace<T, B, IN, OUT>) -> &SMatrix<T, B, OUT> {
        &trace.y
    }

    fn write_kind(out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "Dense {IN}→{OUT} {}", A::NAME)
    }

    #[inline]
    fn backward_into<const B: usize>(
        &self,
        trace: &DenseTrace<T, B, IN, OUT>,
        output_gradient: &SMatrix<T, B, OUT>,
        gradients: &mut DenseGradients<T, IN, OUT>,
    ) -> SMatrix<T, B, IN> {
        let delta = local_gradient::<T, A, B, IN, OUT>(trace, output_gradient);
        weight_gradients(trace, &delta, gradients);
        // ∂L/∂x = δ Wᵀ
        kernels::input_gradient(&delta, &self.w)
    }

    #[inline]
    fn parameter_gradients_into<const B: usize>(
        &self,
        trace: &DenseTrace<T, B, IN, OUT>,
        output_gradient: &SMatrix<T, B, OUT>,
        gradients: &mut DenseGradients<T, IN, OUT>,
    ) {
        let delta = local_gradient::<T, A, B, IN, OUT>(trace, output_gradient);
        weight_gradients(trace, &delta, gradients);
    }
}

/// `δ = ∂L/∂v = ∂L/∂y ⊙ g'(v)`: `∂y/∂v` is diagonal, so the chain rule is element-wise.
#[inline]
fn local_gradient<T: Real, A: Activation, const B: usize, const IN: usize, const OUT: usize>(
    trace: &DenseTrace<T, B, IN, OUT>,
    output_gradient: &SMatrix<T, B, OUT>,
) -> SMatrix<T, B, OUT> {
    let mut delta = *output_gradient;
    let activations = trace.v.as_slice().iter().zip(trace.y.as_slice());
    for (d, (v, y)) in delta.as_mut_slice().iter_mut().zip(activations) {
        *d *= A::derivative(*v, *y);
    }
    delta
}

/// `∂L/∂W = xᵀ δ` (`IN×B · B×OUT`) and `∂L/∂b = Σ_rows δ`, written into `gradients`.
#[inline]
fn weight_gradients<T: Real, const B: usize, const IN: usize, const OUT: usize>(
    trace: &DenseTrace<T, B, IN, OUT>,
    delta: &SMatrix<T, B, OUT>,
    gradients: &mut DenseGradients<T, IN, OUT>,
) {
    kernels::weight_gradient(&trace.x, delta, &mut gradients.w);
    kernels::bias_gradient(delta, &mut gradients.b);
}

crate::parameters! {
    impl[T: Real, const IN: usize, const OUT: usize, A: Activation] Dense<T, IN, OUT, A>,
    gradients[T: Real, const IN: usize, const OUT: usize] DenseGradients<T, IN, OUT> {
        "W" w: SMatrix<T, IN, OUT> = Role::Weight { fan_in: IN, fan_out: OUT },
        "b" b: SMatrix<T, 1, OUT> = Role::Bias { fan_in: IN, fan_out: OUT },
    }
}

// Hand-written so that the activation needs no bounds and prints by name.
impl<T: Copy, const IN: usize, const OUT: usize, A> Clone for Dense<T, IN, OUT, A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Copy, const IN: usize, const OUT: usize, A> Copy for Dense<T, IN, OUT, A> {}

impl<T: PartialEq, const IN: usize, const OUT: usize, A> PartialEq for Dense<T, IN, OUT, A> {
    fn eq(&self, other: &Self) -> bool {
        self.w == other.w && self.b == other.b
    }
}

impl<T: Real, const IN: usize, const OUT: usize, A: Activation> Default for Dense<T, IN, OUT, A> {
    /// All weights and biases zero.
    fn default() -> Self {
        Self::zeros()
    }
}

impl<T: Real, const IN: usize, const OUT: usize, A: Activation> fmt::Debug
    for Dense<T, IN, OUT, A>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dense")
            .field("activation", &A::NAME)
            .field("w", &self.w)
            .field("b", &self.b)
            .finish()
    }
}

/// Prints the layer's kind, then `W` row by row and `b`, as [`Dense::from_rows`] takes them;
/// the formatter's precision applies to every number:
///
/// ```
/// use constnet::{Dense, Sigmoid};
/// let hidden = Dense::<f64, 2, 3, Sigmoid>::from_rows([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], [0.2, 0.25, 0.3]);
/// assert_eq!(
///     format!("{hidden:.2}"),
///     "Dense 2→3 sigmoid\nW = [[0.10, 0.20, 0.30],\n     [0.40, 0.50, 0.60]]\nb = [0.20, 0.25, 0.30]"
/// );
/// ```
impl<T: Real, const IN: usize, const OUT: usize, A: Activation> fmt::Display
    for Dense<T, IN, OUT, A>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        <Self as Layer>::write_kind(f)?;
        f.write_str("\nW = [")?;
        for (i, row) in self.w.row_iter().enumerate() {
            if i > 0 {
                f.write_str(",\n     ")?;
            }
            write_row(f, row.iter())?;
        }
        f.write_str("]\nb = ")?;
        write_row(f, self.b.iter())
    }
}

/// `[a, b, c]`, each number formatted with `f`'s flags.
fn write_row<'a, T: Real>(
    f: &mut fmt::Formatter<'_>,
    row: impl Iterator<Item = &'a T>,
) -> fmt::Result {
    f.write_str("[")?;
    for (i, value) in row.enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        fmt::Display::fmt(value, f)?;
    }
    f.write_str("]")
}
