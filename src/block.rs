//! What a block around a layer `f` shares with `f`: its parameters, gradients, flat form and
//! comparisons, since the connections around `f` have no parameters of their own.

/// Implements `Parameters`, `Flat`, `AbsDiffEq` and `RelativeEq` for a block type with a field
/// `f`, by passing every call on to `f`; the block may have const parameters besides `F`.
macro_rules! delegate_to_block {
    ($block:ident<F $(, const $c:ident: usize)*>) => {
        impl<F: $crate::Parameters $(, const $c: usize)*> $crate::Parameters for $block<F $(, $c)*> {
            type Scalar = F::Scalar;
            const COUNT: usize = F::COUNT;
            const LAYERS: usize = F::LAYERS;
            type Gradients = F::Gradients;

            #[inline]
            fn visit<'a, V>(&'a self, visit: &mut V)
            where
                V: FnMut($crate::Descriptor, &'a [Self::Scalar]),
            {
                self.f.visit(visit);
            }

            #[inline]
            fn visit_mut<'a, V>(&'a mut self, visit: &mut V)
            where
                V: FnMut($crate::Descriptor, &'a mut [Self::Scalar]),
            {
                self.f.visit_mut(visit);
            }

            #[inline]
            fn zip<const K: usize, S>(
                &mut self,
                gradients: &mut F::Gradients,
                state: [&mut F::Gradients; K],
                step: &mut S,
            ) where
                S: FnMut(&mut [F::Scalar], &mut [F::Scalar], [&mut [F::Scalar]; K]),
            {
                self.f.zip(gradients, state, step);
            }
        }

        impl<F: $crate::Flat $(, const $c: usize)*> $crate::Flat for $block<F $(, $c)*> {
            type Length = F::Length;
        }

        impl<F: approx::AbsDiffEq $(, const $c: usize)*> approx::AbsDiffEq for $block<F $(, $c)*> {
            type Epsilon = F::Epsilon;

            fn default_epsilon() -> F::Epsilon {
                F::default_epsilon()
            }

            fn abs_diff_eq(&self, other: &Self, epsilon: F::Epsilon) -> bool {
                self.f.abs_diff_eq(&other.f, epsilon)
            }
        }

        impl<F: approx::RelativeEq $(, const $c: usize)*> approx::RelativeEq for $block<F $(, $c)*> {
            fn default_max_relative() -> F::Epsilon {
                F::default_max_relative()
            }

            fn relative_eq(
                &self,
                other: &Self,
                epsilon: F::Epsilon,
                max_relative: F::Epsilon,
            ) -> bool {
                self.f.relative_eq(&other.f, epsilon, max_relative)
            }
        }
    };
}

pub(crate) use delegate_to_block;
