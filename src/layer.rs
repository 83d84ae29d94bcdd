//! The layer trait: what every layer, and every network built from layers, can do.

use core::any::type_name;
use core::fmt::{self, Debug, Write};
use core::mem::size_of;

use crate::{Loss, Outputs, Parameters, Width};

/// A batch of `B` rows entering layer (or network) `L`: `SMatrix<T, B, IN>`.
pub type InputBatch<L, const B: usize> =
    <<L as Layer>::Input as Width>::Matrix<<L as Parameters>::Scalar, B>;

/// A batch of `B` rows leaving layer (or network) `L`: `SMatrix<T, B, OUT>`.
pub type OutputBatch<L, const B: usize> =
    <<L as Layer>::Output as Width>::Matrix<<L as Parameters>::Scalar, B>;

/// A differentiable function from a batch of inputs to a batch of outputs, with parameters.
///
/// [`Dense`](crate::Dense) is a layer, and so is a [`Network`](crate::Network) of layers:
/// networks compose. The batch size `B` is a const generic of every call, so one code path
/// serves the lecture's single row vector (`B = 1`) and a mini-batch.
///
/// # Writing a layer
///
/// A layer is its parameters, a forward pass that keeps what the backward pass needs, and
/// the backward pass: three methods. Everything else (training, optimizers, initialization,
/// the gradient checker, parameter names in errors, the summary) follows. Here, step by step,
/// a per-unit gain `y = x ⊙ a`: a row `a` of `N` gains multiplies every row of `x`.
///
/// **1. The parameters**, a struct of static matrices:
///
/// ```
/// # use nalgebra::SMatrix;
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// pub struct Gain<const N: usize> {
///     pub a: SMatrix<f64, 1, N>,
/// }
/// ```
///
/// **2. Describe them** with [`parameters!`](crate::parameters): for each matrix its name,
/// field, type and [`Role`](crate::Role) (what initialization does with it; a gain starts
/// at 1). The macro writes the walks of [`Parameters`](crate::Parameters) and defines the
/// gradients, a struct with the same fields.
///
/// **3. The forward pass**: widths as [`Units`](crate::Units), and a trace of what the
/// backward pass needs (here `x`, and `y`, which [`Layer::output`] returns).
///
/// **4. The backward pass**: from `∂L/∂y`, write `∂L/∂a` into the gradients and return
/// `∂L/∂x`. With `yᵣⱼ = xᵣⱼ aⱼ`: `∂L/∂aⱼ = Σᵣ (∂L/∂yᵣⱼ) xᵣⱼ` and `∂L/∂xᵣⱼ = (∂L/∂yᵣⱼ) aⱼ`.
///
/// **5. Check it** with [`check_gradients`](crate::check_gradients), in a network:
///
/// ```
/// use constnet::{check_gradients, parameters, CheckSettings, Dense, Init, Initialize};
/// use constnet::{Layer, Mse, Network, Parameters, Role, Tanh, Units};
/// use nalgebra::{matrix, SMatrix};
///
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// pub struct Gain<const N: usize> {
///     pub a: SMatrix<f64, 1, N>,
/// }
///
/// parameters! {
///     impl[const N: usize] Gain<N> {
///         "a" a: SMatrix<f64, 1, N> = Role::Fill(1.0),
///     }
///     /// `∂L/∂a`.
///     pub struct GainGradients[const N: usize];
/// }
///
/// impl<const N: usize> Layer for Gain<N> {
///     type Input = Units<N>;
///     type Output = Units<N>;
///     /// `x` and `y`.
///     type Trace<const B: usize> = (SMatrix<f64, B, N>, SMatrix<f64, B, N>);
///
///     fn forward_trace<const B: usize>(&self, x: &SMatrix<f64, B, N>) -> Self::Trace<B> {
///         (*x, SMatrix::from_fn(|r, c| x[(r, c)] * self.a[c]))
///     }
///
///     fn output<const B: usize>((_, y): &Self::Trace<B>) -> &SMatrix<f64, B, N> {
///         y
///     }
///
///     fn backward_into<const B: usize>(
///         &self,
///         (x, _): &Self::Trace<B>,
///         d: &SMatrix<f64, B, N>,
///         gradients: &mut GainGradients<N>,
///     ) -> SMatrix<f64, B, N> {
///         gradients.a = d.component_mul(x).row_sum();
///         SMatrix::from_fn(|r, c| d[(r, c)] * self.a[c])
///     }
/// }
///
/// let mut net = Network::new((
///     Dense::<f64, 2, 3, Tanh>::default(),
///     Gain::<3> { a: SMatrix::zeros() },
/// ));
/// net.initialize_seeded(Init::Xavier, 7); // W⁰ drawn, b⁰ = 0, a¹ = 1
/// assert_eq!(net.1.a, matrix![1.0, 1.0, 1.0]);
/// net.1.a = matrix![0.5, 2.0, -1.5];
/// let (x, y) = (matrix![0.3, -0.7; 0.9, 0.1], matrix![0.5, 0.0, -0.2; 0.1, 0.4, 0.0]);
/// let report = check_gradients::<_, Mse, 2>(&mut net, &x, &y, CheckSettings::default());
/// assert!(report.unwrap().worst_relative_error < 1e-6);
/// assert_eq!(net.locate(7).unwrap().to_string(), "b⁰[0, 1]");
/// assert_eq!(net.locate(10).unwrap().to_string(), "a¹[0, 1]");
/// ```
///
/// A layer may also override [`Layer::forward`] when it can skip the trace,
/// [`Layer::parameter_gradients_into`] when `∂L/∂x` is costly and a first layer does not
/// need it, and [`Layer::write_kind`] for the summary.
pub trait Layer: Parameters + Sized {
    /// The input width, `Units<IN>`.
    type Input: Width;
    /// The output width, `Units<OUT>`.
    type Output: Width;
    /// The values the outputs take, which decide the losses the layer can end a trained
    /// network with: unknown unless a layer says ([`Dense`](crate::Dense) has its
    /// activation's, a network its last layer's).
    const OUTPUTS: Outputs = Outputs::Unknown;
    /// What [`Layer::forward_trace`] keeps for [`Layer::backward`]: every layer's `x`, `v`, `y`.
    type Trace<const B: usize>: Clone + Debug;

    /// Like [`Layer::forward`], keeping what backpropagation needs.
    fn forward_trace<const B: usize>(&self, x: &InputBatch<Self, B>) -> Self::Trace<B>;

    /// `ŷ` for a batch of inputs `x`. The default keeps the output of
    /// [`Layer::forward_trace`]; a layer overrides it when it can skip the trace.
    fn forward<const B: usize>(&self, x: &InputBatch<Self, B>) -> OutputBatch<Self, B> {
        *Self::output(&self.forward_trace(x))
    }

    /// The output `ŷ` recorded in a trace.
    fn output<const B: usize>(trace: &Self::Trace<B>) -> &OutputBatch<Self, B>;

    /// Backpropagation: from `∂L/∂ŷ`, writes `∂L/∂θ` of every parameter into `gradients`
    /// (overwriting it) and returns `∂L/∂x`.
    ///
    /// Writing into a buffer the caller keeps, rather than returning the gradients, lets a
    /// training loop reuse one buffer for every step: no copy of them on the stack.
    fn backward_into<const B: usize>(
        &self,
        trace: &Self::Trace<B>,
        output_gradient: &OutputBatch<Self, B>,
        gradients: &mut Self::Gradients,
    ) -> InputBatch<Self, B>;

    /// Like [`Layer::backward_into`] without `∂L/∂x`, which training does not need from the
    /// first layer. The default computes it and drops it; [`Dense`](crate::Dense) skips it.
    fn parameter_gradients_into<const B: usize>(
        &self,
        trace: &Self::Trace<B>,
        output_gradient: &OutputBatch<Self, B>,
        gradients: &mut Self::Gradients,
    ) {
        self.backward_into(trace, output_gradient, gradients);
    }

    /// Backpropagation returning its results: the gradients of every parameter and `∂L/∂x`.
    fn backward<const B: usize>(
        &self,
        trace: &Self::Trace<B>,
        output_gradient: &OutputBatch<Self, B>,
    ) -> (Self::Gradients, InputBatch<Self, B>) {
        let mut gradients = Self::Gradients::default();
        let input_gradient = self.backward_into(trace, output_gradient, &mut gradients);
        (gradients, input_gradient)
    }

    /// Like [`Layer::backward`] without `∂L/∂x`.
    fn parameter_gradients<const B: usize>(
        &self,
        trace: &Self::Trace<B>,
        output_gradient: &OutputBatch<Self, B>,
    ) -> Self::Gradients {
        let mut gradients = Self::Gradients::default();
        self.parameter_gradients_into(trace, output_gradient, &mut gradients);
        gradients
    }

    /// Writes what the layer is, for a network's summary: by default its type's name and its
    /// widths (`Gain 4→4`); [`Dense`](crate::Dense) adds its activation (`Dense 2→3 sigmoid`).
    fn write_kind(out: &mut dyn Write) -> fmt::Result {
        write!(
            out,
            "{} {}→{}",
            short_type_name::<Self>(),
            Self::Input::N,
            Self::Output::N
        )
    }

    /// Writes the architecture: the kinds of the layers in order, separated by `, ` (`Dense
    /// 2→3 sigmoid, Dense 3→2 sigmoid`), which a saved network records and loading checks.
    fn write_architecture(out: &mut dyn Write) -> fmt::Result {
        Self::write_kind(out)
    }

    /// Writes the summary rows of the layers, numbered from `first`: one row, for a layer;
    /// a row per layer, for a network (see [`Network`](crate::Network)'s `Display`).
    fn write_summary(out: &mut dyn Write, first: usize) -> fmt::Result {
        let mut kind = crate::summary::Cell::new();
        Self::write_kind(&mut kind)?;
        crate::summary::write_row(out, first, kind.as_str(), Self::COUNT, size_of::<Self>())
    }

    /// `L` of the batch: the mean over rows of loss `L` between `ŷ` and `target`.
    fn loss<L: Loss<Self::Scalar>, const B: usize>(
        &self,
        x: &InputBatch<Self, B>,
        target: &OutputBatch<Self, B>,
    ) -> Self::Scalar {
        Self::Output::loss::<L, Self::Scalar, B>(&self.forward(x), target)
    }

    /// `L`, with every parameter's gradient `∂L/∂θ` written into `gradients`, in one forward
    /// and one backward pass. This is a training step's work before the optimizer's update.
    fn loss_and_gradients_into<L: Loss<Self::Scalar>, const B: usize>(
        &self,
        x: &InputBatch<Self, B>,
        target: &OutputBatch<Self, B>,
        gradients: &mut Self::Gradients,
    ) -> Self::Scalar {
        let trace = self.forward_trace(x);
        let (loss, output_gradient) =
            Self::Output::loss_and_gradient::<L, Self::Scalar, B>(Self::output(&trace), target);
        self.parameter_gradients_into(&trace, &output_gradient, gradients);
        loss
    }

    /// `L` and every parameter's gradient `∂L/∂θ`, returned: [`Layer::loss_and_gradients_into`]
    /// for when a fresh value is handier than a reused buffer.
    fn loss_and_gradients<L: Loss<Self::Scalar>, const B: usize>(
        &self,
        x: &InputBatch<Self, B>,
        target: &OutputBatch<Self, B>,
    ) -> (Self::Scalar, Self::Gradients) {
        let mut gradients = Self::Gradients::default();
        let loss = self.loss_and_gradients_into::<L, B>(x, target, &mut gradients);
        (loss, gradients)
    }
}

/// Bytes of `N`'s parameters: what running (inference) keeps in memory besides one batch.
pub const fn parameter_bytes<N: Layer>() -> usize {
    size_of::<N>()
}

/// Bytes to train `N` on batches of `B` rows: parameters, gradients and the trace of one
/// forward pass. A firmware author can `const`-assert a RAM budget with it:
///
/// ```
/// use constnet::{training_bytes, Dense, Network, Sigmoid};
/// type Xor = Network<(Dense<f32, 2, 2, Sigmoid>, Dense<f32, 2, 1, Sigmoid>)>;
/// const _: () = assert!(training_bytes::<Xor, 1>() <= 256);
/// ```
pub const fn training_bytes<N: Layer, const B: usize>() -> usize {
    size_of::<N>() + size_of::<N::Gradients>() + size_of::<N::Trace<B>>()
}

/// The name of a type without its path or generic arguments: `Gain` for
/// `my_crate::layers::Gain<4>`.
fn short_type_name<T: ?Sized>() -> &'static str {
    let name = type_name::<T>();
    let name = name.split('<').next().unwrap_or(name);
    name.rsplit("::").next().unwrap_or(name)
}
