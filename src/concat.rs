//! Concatenation `y = [x, f(x)]`: a block's input passed on beside its output, so the next
//! layer is connected to both (the direct input→output connections of Rumelhart, Hinton &
//! Williams, 1986).

use core::fmt::{self, Write};

use nalgebra::SMatrix;

use crate::block::delegate_to_block;
use crate::{kernels, Layer, Real, RustSource, Units};

/// A block `f` whose input is passed on beside its output: `y = [x, f(x)]`, the input's
/// `IN` columns followed by `f`'s `F_OUT` columns, `OUT` in all.
///
/// The next layer then sees both: in
/// `Network<(Concat<Dense<f64, 2, 1, Sigmoid>, 3>, Dense<f64, 3, 1, Sigmoid>)>` the output
/// unit is connected to the two inputs directly and to one hidden unit, the XOR network of
/// Rumelhart, Hinton & Williams (1986).
///
/// Stable Rust cannot compute `IN + F_OUT` into a type, so the output width `OUT` is written
/// out and checked: a `Concat` whose `OUT` is not `IN + F_OUT` fails to build, with a message
/// naming the three widths. The check runs when the layer's code is generated, so
/// `cargo build` and `cargo test` report it and `cargo check` does not, except in a `const`
/// built with [`Concat::new`], which even `cargo check` evaluates.
///
/// Backpropagation splits `∂L/∂y` by columns, `[∂L/∂y_x, ∂L/∂y_f]`, and adds the two paths:
///
/// ```text
/// ∂L/∂x = ∂L/∂y_x + f.backward(∂L/∂y_f)
/// ```
///
/// The pass-through has no parameters, so the block's parameters and gradients are exactly
/// `f`'s, in `f`'s order.
///
/// ```
/// use constnet::{Concat, Dense, Identity, Layer};
/// use nalgebra::matrix;
///
/// // f(x) = x W + b, one output unit.
/// let layer = Concat::<_, 3>::new(Dense::<f64, 2, 1, Identity>::from_rows([[2.0], [3.0]], [1.0]));
/// let x = matrix![1.0, -1.0; 0.5, 2.0];
/// // f(x) = [2 - 3 + 1; 1 + 6 + 1] = [0; 8], so y = [x, f(x)] row by row:
/// assert_eq!(layer.forward(&x), matrix![1.0, -1.0, 0.0; 0.5, 2.0, 8.0]);
///
/// // ∂L/∂y = [1, 2, 10]: ∂L/∂x = [1, 2] + 10 Wᵀ = [1 + 20, 2 + 30].
/// let trace = layer.forward_trace(&matrix![1.0, -1.0]);
/// let (gradients, dx) = layer.backward(&trace, &matrix![1.0, 2.0, 10.0]);
/// assert_eq!(dx, matrix![21.0, 32.0]);
/// assert_eq!(gradients.b, matrix![10.0]); // f's own ∂L/∂b
/// ```
///
/// A wrong `OUT` does not build:
///
/// ```compile_fail
/// use constnet::{Concat, Dense, Identity, Layer};
/// let layer = Concat::<_, 4>::new(Dense::<f64, 2, 1, Identity>::default()); // 2 + 1 ≠ 4
/// let _ = layer.forward(&nalgebra::SMatrix::<f64, 1, 2>::zeros());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, bytemuck::Zeroable)]
pub struct Concat<F, const OUT: usize> {
    /// The block `f` whose output follows the input.
    pub f: F,
}

impl<F, const IN: usize, const F_OUT: usize, const OUT: usize> Concat<F, OUT>
where
    F: Layer<Input = Units<IN>, Output = Units<F_OUT>>,
{
    /// The block `[x, f(x)]`; usable in a `const`. A width `OUT` that is not the input's
    /// plus `f`'s output's is reported here when built.
    pub const fn new(f: F) -> Self {
        let () = ConcatWidths::<IN, F_OUT, OUT>::FIT;
        Self { f }
    }
}

/// What a [`Concat`] block's forward pass keeps for its backward pass: `f`'s own trace, and
/// the output `[x, f(x)]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConcatTrace<Tf, T, const B: usize, const OUT: usize> {
    /// The trace of `f`.
    pub f: Tf,
    /// The output `y = [x, f(x)]`.
    pub y: SMatrix<T, B, OUT>,
}

/// The widths of a concatenation as const parameters, so that the compiler's report of a
/// failed check names them: `ConcatWidths::<INPUT, F_OUTPUT, OUTPUT>`.
struct ConcatWidths<const INPUT: usize, const F_OUTPUT: usize, const OUTPUT: usize>;

impl<const INPUT: usize, const F_OUTPUT: usize, const OUTPUT: usize>
    ConcatWidths<INPUT, F_OUTPUT, OUTPUT>
{
    const FIT: () = assert!(
        OUTPUT == INPUT + F_OUTPUT,
        "Concat<F, OUT>: OUT must be the input width plus F's output width; \
         the note below names the three as ConcatWidths::<input, F's output, OUT>"
    );
}

/// `[x, fx]`: nalgebra stores columns contiguously, so `x`'s columns are the first `B·IN`
/// elements and `fx`'s the rest.
#[inline]
fn concat<T: Real, const B: usize, const IN: usize, const F_OUT: usize, const OUT: usize>(
    x: &SMatrix<T, B, IN>,
    fx: &SMatrix<T, B, F_OUT>,
) -> SMatrix<T, B, OUT> {
    let mut y = kernels::zeros::<T, B, OUT>();
    let mut slots = y.as_mut_slice().iter_mut();
    // `x` first in each zip: when it runs out, no slot has been taken from `slots`.
    for (x, slot) in x.as_slice().iter().zip(slots.by_ref()) {
        *slot = *x;
    }
    for (fx, slot) in fx.as_slice().iter().zip(slots) {
        *slot = *fx;
    }
    y
}

/// The columns of `∂L/∂y` that belong to `f(x)`, the last `F_OUT`, as the `B × F_OUT` matrix
/// `f`'s backward pass takes.
#[inline]
fn through_f<T: Real, const B: usize, const IN: usize, const F_OUT: usize, const OUT: usize>(
    output_gradient: &SMatrix<T, B, OUT>,
) -> SMatrix<T, B, F_OUT> {
    let mut through_f = kernels::zeros::<T, B, F_OUT>();
    let columns = output_gradient.as_slice().iter().skip(B * IN);
    for (d, column) in through_f.as_mut_slice().iter_mut().zip(columns) {
        *d = *column;
    }
    through_f
}

impl<F, const IN: usize, const F_OUT: usize, const OUT: usize> Layer for Concat<F, OUT>
where
    F: Layer<Input = Units<IN>, Output = Units<F_OUT>>,
{
    type Input = Units<IN>;
    type Output = Units<OUT>;
    type Trace<const B: usize> = ConcatTrace<F::Trace<B>, F::Scalar, B, OUT>;

    #[inline]
    fn forward<const B: usize>(&self, x: &SMatrix<F::Scalar, B, IN>) -> SMatrix<F::Scalar, B, OUT> {
        let () = ConcatWidths::<IN, F_OUT, OUT>::FIT;
        concat(x, &self.f.forward(x))
    }

    #[inline]
    fn forward_trace<const B: usize>(&self, x: &SMatrix<F::Scalar, B, IN>) -> Self::Trace<B> {
        let () = ConcatWidths::<IN, F_OUT, OUT>::FIT;
        let f = self.f.forward_trace(x);
        let y = concat(x, F::output(&f));
        ConcatTrace { f, y }
    }

    #[inline]
    fn output<const B: usize>(trace: &Self::Trace<B>) -> &SMatrix<F::Scalar, B, OUT> {
        &trace.y
    }

    #[inline]
    fn backward_into<const B: usize>(
        &self,
        trace: &Self::Trace<B>,
        output_gradient: &SMatrix<F::Scalar, B, OUT>,
        gradients: &mut F::Gradients,
    ) -> SMatrix<F::Scalar, B, IN> {
        let () = ConcatWidths::<IN, F_OUT, OUT>::FIT;
        let through_f = through_f::<_, B, IN, F_OUT, OUT>(output_gradient);
        let mut input_gradient = self.f.backward_into(&trace.f, &through_f, gradients);
        // The first B·IN elements of ∂L/∂y are the columns of x: the direct path.
        let direct = output_gradient.as_slice();
        for (sum, direct) in input_gradient.as_mut_slice().iter_mut().zip(direct) {
            *sum += *direct;
        }
        input_gradient
    }

    #[inline]
    fn parameter_gradients_into<const B: usize>(
        &self,
        trace: &Self::Trace<B>,
        output_gradient: &SMatrix<F::Scalar, B, OUT>,
        gradients: &mut F::Gradients,
    ) {
        // Without ∂L/∂x, the direct columns of ∂L/∂y are not needed at all.
        let () = ConcatWidths::<IN, F_OUT, OUT>::FIT;
        let through_f = through_f::<_, B, IN, F_OUT, OUT>(output_gradient);
        self.f
            .parameter_gradients_into(&trace.f, &through_f, gradients);
    }

    fn write_kind(out: &mut dyn Write) -> fmt::Result {
        out.write_str("Concat(")?;
        F::write_architecture(out)?;
        out.write_str(")")
    }
}

delegate_to_block!(Concat<F, const OUT: usize>);

/// `Concat<F, OUT>` and `Concat::new(f)`, so an exported network keeps its direct connections.
impl<F: RustSource, const OUT: usize> RustSource for Concat<F, OUT> {
    fn write_type(out: &mut dyn Write) -> fmt::Result {
        out.write_str("Concat<")?;
        F::write_type(out)?;
        write!(out, ", {OUT}>")
    }

    fn write_value(&self, out: &mut dyn Write, indent: usize) -> fmt::Result {
        write!(out, "Concat::new(\n{:1$}", "", indent + 4)?;
        self.f.write_value(out, indent + 4)?;
        write!(out, ",\n{:1$})", "", indent)
    }
}
