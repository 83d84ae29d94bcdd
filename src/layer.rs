//! The layer trait: what every layer, and every network built from layers, can do.

use core::fmt::Debug;
use core::mem::size_of;

use crate::{Loss, Parameters, Width};

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
pub trait Layer: Parameters + Sized {
    /// The input width, `Units<IN>`.
    type Input: Width;
    /// The output width, `Units<OUT>`.
    type Output: Width;
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

    /// `L` of the batch: the mean over rows of loss `L` between `ŷ` and `target`.
    fn loss<L: Loss, const B: usize>(
        &self,
        x: &InputBatch<Self, B>,
        target: &OutputBatch<Self, B>,
    ) -> Self::Scalar {
        Self::Output::loss::<L, Self::Scalar, B>(&self.forward(x), target)
    }

    /// `L`, with every parameter's gradient `∂L/∂θ` written into `gradients`, in one forward
    /// and one backward pass. This is a training step's work before the optimizer's update.
    fn loss_and_gradients_into<L: Loss, const B: usize>(
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
    fn loss_and_gradients<L: Loss, const B: usize>(
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
