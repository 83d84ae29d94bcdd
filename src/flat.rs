//! A whole network, or its gradients, as one fixed-size array whose length is the
//! type-level parameter count.
//!
//! Stable const generics cannot compute `IN * OUT + OUT` summed over layers into a type, so
//! this module does it with `typenum`: each width `N` becomes the type-level number `U<N>`
//! (typenum's `const-generics` bridge, defined for widths up to 1024 and for powers of two
//! beyond), layer counts are `Prod`/`Sum` of those, and a network's count is the `FoldSum` of
//! its layers'. Every typenum bound of the crate lives in this file.

use core::ops::{Add, Mul};

use generic_array::sequence::GenericSequence;
use generic_array::{ArrayLength, GenericArray};
use typenum::{tarr, Const, FoldAdd, FoldSum, Prod, Sum, ToUInt, U};

use crate::tuples::for_each_arity;
use crate::{Activation, Dense, DenseGradients, Gradients, Network, Parameters, Real};

/// A [`Parameters`] value whose parameter count is also a type, so it converts to and from
/// one `GenericArray` of exactly [`Parameters::COUNT`] elements, in the order
/// `W⁰, b⁰, W¹, b¹, …` with each matrix column-major.
///
/// ```
/// use constnet::{Dense, Flat, Network, Parameters, Sigmoid};
/// type Lecture = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 2, Sigmoid>)>;
/// let net = Lecture::default();
/// let flat = net.to_flat();
/// assert_eq!(flat.len(), Lecture::COUNT); // 17, known to the type system
/// assert_eq!(Lecture::from_flat(&flat), net);
/// ```
pub trait Flat: Parameters {
    /// [`Parameters::COUNT`] as a `typenum` number.
    type Length: ArrayLength;

    /// Every parameter, in order, in one array.
    fn to_flat(&self) -> GenericArray<Self::Scalar, Self::Length> {
        let mut flat = GenericArray::generate(|_| nalgebra::zero::<Self::Scalar>());
        let mut slots = flat.iter_mut();
        self.visit(&mut |_, elements| {
            for (element, slot) in elements.iter().zip(slots.by_ref()) {
                *slot = *element;
            }
        });
        flat
    }

    /// Overwrites every parameter from an array made by [`Flat::to_flat`].
    fn load_flat(&mut self, flat: &GenericArray<Self::Scalar, Self::Length>) {
        let mut values = flat.iter();
        self.visit_mut(&mut |_, elements| {
            for (element, value) in elements.iter_mut().zip(values.by_ref()) {
                *element = *value;
            }
        });
    }

    /// A value rebuilt from an array made by [`Flat::to_flat`].
    fn from_flat(flat: &GenericArray<Self::Scalar, Self::Length>) -> Self
    where
        Self: Default,
    {
        let mut value = Self::default();
        value.load_flat(flat);
        value
    }
}

/// `IN · OUT + OUT` as a type: the parameter count of a weight matrix and a bias.
type WeightAndBias<const IN: usize, const OUT: usize> = Sum<Prod<U<IN>, U<OUT>>, U<OUT>>;

macro_rules! weight_and_bias_flat {
    ([$($generics:tt)*] $ty:ty) => {
        impl<$($generics)*> Flat for $ty
        where
            Const<IN>: ToUInt,
            Const<OUT>: ToUInt,
            U<IN>: Mul<U<OUT>>,
            Prod<U<IN>, U<OUT>>: Add<U<OUT>>,
            WeightAndBias<IN, OUT>: ArrayLength,
        {
            type Length = WeightAndBias<IN, OUT>;
        }
    };
}

weight_and_bias_flat!([T: Real, const IN: usize, const OUT: usize, A: Activation] Dense<T, IN, OUT, A>);
weight_and_bias_flat!([T: Real, const IN: usize, const OUT: usize] DenseGradients<T, IN, OUT>);

macro_rules! tuple_flat {
    (all: [$($L:ident $i:tt $t:ident $g:ident),+], $($unused:tt)*) => {
        tuple_flat!(@wrapper Network [$($L),+]);
        tuple_flat!(@wrapper Gradients [$($L),+]);
    };
    (@wrapper $wrapper:ident [$($L:ident),+]) => {
        impl<$($L: Flat),+> Flat for $wrapper<($($L,)+)>
        where
            $wrapper<($($L,)+)>: Parameters,
            tarr![$($L::Length),+]: FoldAdd,
            FoldSum<tarr![$($L::Length),+]>: ArrayLength,
        {
            type Length = FoldSum<tarr![$($L::Length),+]>;
        }
    };
}

for_each_arity!(tuple_flat);
