//! The residual connection `y = x + f(x)`: a block whose input skips past it and is added to
//! its output.

use core::fmt::{self, Write};

use nalgebra::SMatrix;

use crate::block::delegate_to_block;
use crate::{Layer, Real, RustSource, Units};

/// A block `f` with its input added to its output: `y = x + f(x)`.
///
/// `f` is any [`Layer`] (a [`Dense`](crate::Dense) layer, or a whole
/// [`Network`](crate::Network)) that maps a width to itself, since `x + f(x)` adds two rows
/// of the same width; a block that changes the width does not compile. Backpropagation
/// follows both paths and adds them:
///
/// ```text
/// ∂L/∂x = ∂L/∂y + f.backward(∂L/∂y)
/// ```
///
/// The skip path has no parameters, so the block's parameters and gradients are exactly
/// `f`'s, in `f`'s order: optimizers, flattening and initialization see `f` alone.
///
/// ```
/// use constnet::{Dense, Identity, Layer, Residual};
/// use nalgebra::matrix;
///
/// // f(x) = x W + b
/// let block = Residual::new(Dense::<f64, 2, 2, Identity>::from_rows(
///     [[1.0, 2.0], [3.0, 4.0]],
///     [0.5, -0.5],
/// ));
/// let x = matrix![1.0, -1.0];
/// // f(x) = [1 - 3 + 0.5, 2 - 4 - 0.5] = [-1.5, -2.5], so y = x + f(x) = [-0.5, -3.5].
/// assert_eq!(block.forward(&x), matrix![-0.5, -3.5]);
///
/// // ∂L/∂x = ∂L/∂y + ∂L/∂y Wᵀ = [1, 0] + [1, 3] = [2, 3] (f is linear here).
/// let (gradients, dx) = block.backward(&block.forward_trace(&x), &matrix![1.0, 0.0]);
/// assert_eq!(dx, matrix![2.0, 3.0]);
/// assert_eq!(gradients.w, matrix![1.0, 0.0; -1.0, 0.0]); // f's own ∂L/∂W = xᵀ ∂L/∂y
/// ```
///
/// In a network it is one layer among others; `net.1.f` is the block's `f`:
///
/// ```
/// use constnet::{assert_network, Dense, Identity, Network, Residual, Tanh};
/// type Net = Network<(
///     Dense<f64, 3, 4, Tanh>,
///     Residual<Dense<f64, 4, 4, Tanh>>,
///     Dense<f64, 4, 2, Identity>,
/// )>;
/// const _: () = assert_network::<Net>();
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, bytemuck::Zeroable)]
pub struct Residual<F> {
    /// The block `f` whose output the input is added to.
    pub f: F,
}

impl<F> Residual<F> {
    /// The block `x + f(x)`; usable in a `const`. A block `f` that changes the width is
    /// reported here.
    pub const fn new(f: F) -> Self
    where
        Self: Layer,
    {
        Self { f }
    }
}

/// What a [`Residual`] block's forward pass keeps for its backward pass: `f`'s own trace, and
/// the output. The input is not kept: the skip path's derivative is the identity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResidualTrace<Tf, T, const B: usize, const N: usize> {
    /// The trace of `f`.
    pub f: Tf,
    /// The output `y = x + f(x)`.
    pub y: SMatrix<T, B, N>,
}

/// `sum += addend`, element by element.
#[inline]
fn add_into<T: Real, const B: usize, const N: usize>(
    sum: &mut SMatrix<T, B, N>,
    addend: &SMatrix<T, B, N>,
) {
    for (sum, addend) in sum.as_mut_slice().iter_mut().zip(addend.as_slice()) {
        *sum += *addend;
    }
}

impl<F, const N: usize> Layer for Residual<F>
where
    F: Layer<Input = Units<N>, Output = Units<N>>,
{
    type Input = Units<N>;
    type Output = Units<N>;
    type Trace<const B: usize> = ResidualTrace<F::Trace<B>, F::Scalar, B, N>;

    #[inline]
    fn forward<const B: usize>(&self, x: &SMatrix<F::Scalar, B, N>) -> SMatrix<F::Scalar, B, N> {
        let mut y = self.f.forward(x);
        add_into(&mut y, x);
        y
    }

    #[inline]
    fn forward_trace<const B: usize>(&self, x: &SMatrix<F::Scalar, B, N>) -> Self::Trace<B> {
        let f = self.f.forward_trace(x);
        let mut y = *F::output(&f);
        add_into(&mut y, x);
        ResidualTrace { f, y }
    }

    #[inline]
    fn output<const B: usize>(trace: &Self::Trace<B>) -> &SMatrix<F::Scalar, B, N> {
        &trace.y
    }

    #[inline]
    fn backward_into<const B: usize>(
        &self,
        trace: &Self::Trace<B>,
        output_gradient: &SMatrix<F::Scalar, B, N>,
        gradients: &mut F::Gradients,
    ) -> SMatrix<F::Scalar, B, N> {
        // Both paths receive ∂L/∂y; the skip path passes it through unchanged.
        let mut input_gradient = self.f.backward_into(&trace.f, output_gradient, gradients);
        add_into(&mut input_gradient, output_gradient);
        input_gradient
    }

    #[inline]
    fn parameter_gradients_into<const B: usize>(
        &self,
        trace: &Self::Trace<B>,
        output_gradient: &SMatrix<F::Scalar, B, N>,
        gradients: &mut F::Gradients,
    ) {
        // f's parameters see the same ∂L/∂y whether or not the input's gradient is wanted.
        self.f
            .parameter_gradients_into(&trace.f, output_gradient, gradients);
    }

    fn write_kind(out: &mut dyn Write) -> fmt::Result {
        out.write_str("Residual(")?;
        F::write_architecture(out)?;
        out.write_str(")")
    }
}

delegate_to_block!(Residual<F>);

/// `Residual<F>` and `Residual::new(f)`, so an exported network keeps its skip connections.
impl<F: RustSource> RustSource for Residual<F> {
    fn write_type(out: &mut dyn Write) -> fmt::Result {
        out.write_str("Residual<")?;
        F::write_type(out)?;
        out.write_str(">")
    }

    fn write_value(&self, out: &mut dyn Write, indent: usize) -> fmt::Result {
        write!(out, "Residual::new(\n{:1$}", "", indent + 4)?;
        self.f.write_value(out, indent + 4)?;
        write!(out, ",\n{:1$})", "", indent)
    }
}
