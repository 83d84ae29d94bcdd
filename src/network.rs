//! Networks: layers composed into one type, whose widths only fit when each layer's output
//! width equals the next layer's input width.

use core::fmt::{self, Write};
use core::ops::{Deref, DerefMut};

use approx::{AbsDiffEq, RelativeEq};

use crate::tuples::for_each_arity;
use crate::{Descriptor, InputBatch, Layer, OutputBatch, Parameters};

/// A network: a tuple of 1 to 12 layers applied in order, itself a [`Layer`].
///
/// The lecture's 2→3→2 sigmoid network is
/// `Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 3, 2, Sigmoid>)>`. It dereferences to its
/// tuple, so `net.0.w` is `W⁰` (an `SMatrix<f32, 2, 3>`) and `net.1.b` is `b¹`.
///
/// Layers that do not fit do not compile. Naming the type in a `const` item moves that
/// error to where the network is defined:
///
/// ```compile_fail
/// use constnet::{assert_network, Dense, Network, Sigmoid};
/// type Broken = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 4, 2, Sigmoid>)>;
/// const _: () = assert_network::<Broken>(); // error: expected `3`, found `4`
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, bytemuck::Zeroable)]
pub struct Network<L> {
    /// The layers, first to last.
    pub layers: L,
}

impl<L> Network<L> {
    /// A network of the given layers; usable in a `const`. Layers that do not fit are
    /// reported here, naming the two widths.
    pub const fn new(layers: L) -> Self
    where
        Self: Layer,
    {
        Self { layers }
    }
}

/// The gradients of a [`Network`]: one [`Parameters::Gradients`] per layer, in the same order, so
/// `grads.0.w` is `∂L/∂W⁰` with the shape of `W⁰`.
#[derive(Clone, Copy, Debug, Default, PartialEq, bytemuck::Zeroable)]
pub struct Gradients<G> {
    /// The gradients of each layer, first to last.
    pub layers: G,
}

/// Compiles only if `N` is a network whose layers fit together; use it in a `const` item
/// next to a network's type alias so that a wiring mistake is reported there.
pub const fn assert_network<N: Layer>() {}

macro_rules! tuple_wrapper {
    ($wrapper:ident) => {
        impl<L> Deref for $wrapper<L> {
            type Target = L;

            fn deref(&self) -> &L {
                &self.layers
            }
        }

        impl<L> DerefMut for $wrapper<L> {
            fn deref_mut(&mut self) -> &mut L {
                &mut self.layers
            }
        }
    };
}

tuple_wrapper!(Network);
tuple_wrapper!(Gradients);

/// `Parameters` and the approx traits for a network or its gradients: each walks or compares
/// its parts in order, numbering their layers on from the parts before.
macro_rules! tuple_parameters {
    (all: [$($L:ident $i:tt $t:ident $g:ident),+], $($unused:tt)*) => {
        tuple_parameters!(@wrapper Network [$($L $i),+]);
        tuple_parameters!(@wrapper Gradients [$($L $i),+]);
    };
    (@wrapper $wrapper:ident [$L0:ident $i0:tt $(, $L:ident $i:tt)*]) => {
        impl<$L0: Parameters $(, $L: Parameters<Scalar = $L0::Scalar>)*> Parameters
            for $wrapper<($L0, $($L,)*)>
        {
            type Scalar = $L0::Scalar;
            const COUNT: usize = $L0::COUNT $(+ $L::COUNT)*;
            const LAYERS: usize = $L0::LAYERS $(+ $L::LAYERS)*;
            type Gradients = Gradients<($L0::Gradients, $($L::Gradients,)*)>;

            #[inline]
            fn visit<'a, F>(&'a self, f: &mut F)
            where
                F: FnMut(Descriptor, &'a [Self::Scalar]),
            {
                self.layers.$i0.visit(f);
                let before = $L0::LAYERS;
                $(
                    self.layers.$i.visit(&mut |matrix: Descriptor, elements| {
                        f(matrix.after_layers(before), elements)
                    });
                    let before = before + $L::LAYERS;
                )*
                let _ = before;
            }

            #[inline]
            fn visit_mut<'a, F>(&'a mut self, f: &mut F)
            where
                F: FnMut(Descriptor, &'a mut [Self::Scalar]),
            {
                self.layers.$i0.visit_mut(f);
                let before = $L0::LAYERS;
                $(
                    self.layers.$i.visit_mut(&mut |matrix: Descriptor, elements| {
                        f(matrix.after_layers(before), elements)
                    });
                    let before = before + $L::LAYERS;
                )*
                let _ = before;
            }

            #[inline]
            fn zip<const K: usize, F>(
                &mut self,
                gradients: &mut Self::Gradients,
                mut state: [&mut Self::Gradients; K],
                f: &mut F,
            ) where
                F: FnMut(&mut [Self::Scalar], &mut [Self::Scalar], [&mut [Self::Scalar]; K]),
            {
                self.layers.$i0.zip(
                    &mut gradients.layers.$i0,
                    state.each_mut().map(|s| &mut s.layers.$i0),
                    f,
                );
                $(self.layers.$i.zip(
                    &mut gradients.layers.$i,
                    state.each_mut().map(|s| &mut s.layers.$i),
                    f,
                );)*
            }
        }

        impl<$L0: AbsDiffEq $(, $L: AbsDiffEq<Epsilon = $L0::Epsilon>)*> AbsDiffEq
            for $wrapper<($L0, $($L,)*)>
        where
            $L0::Epsilon: Copy,
        {
            type Epsilon = $L0::Epsilon;

            fn default_epsilon() -> Self::Epsilon {
                $L0::default_epsilon()
            }

            fn abs_diff_eq(&self, other: &Self, epsilon: Self::Epsilon) -> bool {
                self.layers.$i0.abs_diff_eq(&other.layers.$i0, epsilon)
                    $(&& self.layers.$i.abs_diff_eq(&other.layers.$i, epsilon))*
            }
        }

        impl<$L0: RelativeEq $(, $L: RelativeEq<Epsilon = $L0::Epsilon>)*> RelativeEq
            for $wrapper<($L0, $($L,)*)>
        where
            $L0::Epsilon: Copy,
        {
            fn default_max_relative() -> Self::Epsilon {
                $L0::default_max_relative()
            }

            fn relative_eq(
                &self,
                other: &Self,
                epsilon: Self::Epsilon,
                max_relative: Self::Epsilon,
            ) -> bool {
                self.layers.$i0.relative_eq(&other.layers.$i0, epsilon, max_relative)
                    $(&& self.layers.$i.relative_eq(&other.layers.$i, epsilon, max_relative))*
            }
        }
    };
}

for_each_arity!(tuple_parameters);

/// `Layer` for a network: forward runs the layers first to last, backward last to first.
macro_rules! tuple_layer {
    (
        all: [$L0:ident $i0:tt $t0:ident $g0:ident $(, $L:ident $i:tt $t:ident $g:ident)*],
        last: [$Z:ident $zi:tt],
        wiring: [$($P:ident $tp:ident => $N:ident $ni:tt $tn:ident),*],
        backward: [$($BL:ident $bi:tt $bg:ident),*]
    ) => {
        impl<$L0: Layer $(, $N: Layer<Scalar = $L0::Scalar, Input = $P::Output>)*> Layer
            for Network<($L0, $($L,)*)>
        {
            type Input = $L0::Input;
            type Output = $Z::Output;
            const OUTPUTS: crate::Outputs = $Z::OUTPUTS;
            type Trace<const B: usize> = ($L0::Trace<B>, $($L::Trace<B>,)*);

            #[inline]
            fn forward<const B: usize>(&self, x: &InputBatch<Self, B>) -> OutputBatch<Self, B> {
                let y = self.layers.$i0.forward(x);
                $(let y = self.layers.$ni.forward(&y);)*
                y
            }

            #[inline]
            fn forward_trace<const B: usize>(&self, x: &InputBatch<Self, B>) -> Self::Trace<B> {
                let $t0 = self.layers.$i0.forward_trace(x);
                $(let $tn = self.layers.$ni.forward_trace($P::output(&$tp));)*
                ($t0, $($t,)*)
            }

            #[inline]
            fn output<const B: usize>(trace: &Self::Trace<B>) -> &OutputBatch<Self, B> {
                $Z::output(&trace.$zi)
            }

            fn write_architecture(out: &mut dyn Write) -> fmt::Result {
                $L0::write_architecture(out)?;
                $(
                    out.write_str(", ")?;
                    $L::write_architecture(out)?;
                )*
                Ok(())
            }

            fn write_summary(out: &mut dyn Write, first: usize) -> fmt::Result {
                $L0::write_summary(out, first)?;
                let next = first + $L0::LAYERS;
                $(
                    $L::write_summary(out, next)?;
                    let next = next + $L::LAYERS;
                )*
                let _ = next;
                Ok(())
            }

            #[inline]
            fn backward_into<const B: usize>(
                &self,
                trace: &Self::Trace<B>,
                output_gradient: &OutputBatch<Self, B>,
                gradients: &mut Self::Gradients,
            ) -> InputBatch<Self, B> {
                let d = output_gradient;
                $(let d = &self.layers.$bi.backward_into(&trace.$bi, d, &mut gradients.layers.$bi);)*
                self.layers.$i0.backward_into(&trace.$i0, d, &mut gradients.layers.$i0)
            }

            #[inline]
            fn parameter_gradients_into<const B: usize>(
                &self,
                trace: &Self::Trace<B>,
                output_gradient: &OutputBatch<Self, B>,
                gradients: &mut Self::Gradients,
            ) {
                let d = output_gradient;
                $(let d = &self.layers.$bi.backward_into(&trace.$bi, d, &mut gradients.layers.$bi);)*
                self.layers.$i0.parameter_gradients_into(&trace.$i0, d, &mut gradients.layers.$i0);
            }
        }
    };
}

for_each_arity!(tuple_layer);
