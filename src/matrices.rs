//! A layer made of matrices gets [`Parameters`](crate::Parameters) from one list of them: the
//! `parameters!` macro writes the walks for the layer and for its gradients.

use nalgebra::SMatrix;

use crate::{kernels, Real};

/// A matrix whose shape is known at compile time and whose elements are contiguous: what a
/// layer's parameters are made of. Implemented for nalgebra's `SMatrix`.
pub trait StaticMatrix {
    /// The element type.
    type Scalar;
    /// The number of rows.
    const ROWS: usize;
    /// The number of columns.
    const COLUMNS: usize;

    /// The elements, column-major.
    fn elements(&self) -> &[Self::Scalar];

    /// The elements, column-major, writable.
    fn elements_mut(&mut self) -> &mut [Self::Scalar];

    /// The matrix of zeros.
    fn zeros() -> Self;
}

impl<T: Real, const R: usize, const C: usize> StaticMatrix for SMatrix<T, R, C> {
    type Scalar = T;
    const ROWS: usize = R;
    const COLUMNS: usize = C;

    #[inline]
    fn elements(&self) -> &[T] {
        self.as_slice()
    }

    #[inline]
    fn elements_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }

    #[inline]
    fn zeros() -> Self {
        kernels::zeros()
    }
}

/// Implements [`Parameters`](crate::Parameters) (and approx's `AbsDiffEq` and `RelativeEq`)
/// for a layer made of matrices and for its gradients, from one list of the matrices: for
/// each, the name the layer gives it, its field, its type, and its [`Role`](crate::Role).
///
/// The generic parameters go in brackets after `impl`, as they would in angle brackets. The
/// macro also defines the gradients: a struct with the same fields (`∂L/∂a` for a field `a`),
/// its own generic parameters in brackets (each a `const` parameter or a type parameter with
/// at most one bound), and a `Default` of all zeros. The layer must implement `PartialEq`,
/// and its matrices must all have the same scalar.
///
/// ```
/// use constnet::{parameters, Parameters, Role};
/// use nalgebra::SMatrix;
///
/// /// A per-unit gain `y = x ⊙ a`.
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// struct Gain<const N: usize> {
///     a: SMatrix<f64, 1, N>,
/// }
///
/// parameters! {
///     impl[const N: usize] Gain<N> {
///         "a" a: SMatrix<f64, 1, N> = Role::Fill(1.0),
///     }
///     /// `∂L/∂a`, shaped like `a`.
///     struct GainGradients[const N: usize];
/// }
///
/// assert_eq!(Gain::<3>::COUNT, 3);
/// let gain = Gain { a: SMatrix::<f64, 1, 3>::new(1.0, 2.0, 3.0) };
/// assert_eq!(gain.locate(2).map(|l| l.to_string()), Some("a⁰[0, 2]".into()));
/// assert_eq!(GainGradients::<3>::default().a, SMatrix::<f64, 1, 3>::zeros());
/// ```
///
/// When the gradients need hand-written documentation or attributes, define the struct
/// yourself (same fields, `Clone + Debug + PartialEq`) and name it instead, with its
/// generic parameters: `impl[…] Layer<…>, gradients[…] Gradients<…> { … }`; the macro then
/// implements the traits and `Default` for it.
#[macro_export]
macro_rules! parameters {
    (
        impl[$($generics:tt)*] $layer:ty { $($matrices:tt)* }
        $(#[$meta:meta])* $vis:vis struct $gradients:ident[$($parameters:tt)*];
    ) => {
        $crate::parameters!(
            @arguments [$($parameters)*] []
            [$($parameters)*] impl[$($generics)*] $layer, $(#[$meta])* $vis $gradients
            { $($matrices)* }
        );
    };
    // The arguments of the gradients' type, read from its parameters one at a time.
    (@arguments [const $n:ident : $t:ty $(, $($rest:tt)*)?] [$($arguments:tt)*] $($tail:tt)*) => {
        $crate::parameters!(@arguments [$($($rest)*)?] [$($arguments)* $n,] $($tail)*);
    };
    (@arguments [$n:ident $(: $bound:path)? $(, $($rest:tt)*)?] [$($arguments:tt)*] $($tail:tt)*) => {
        $crate::parameters!(@arguments [$($($rest)*)?] [$($arguments)* $n,] $($tail)*);
    };
    (
        @arguments [] [$($arguments:tt)*] [$($parameters:tt)*]
        impl[$($generics:tt)*] $layer:ty, $(#[$meta:meta])* $vis:vis $gradients:ident
        { $($name:literal $field:ident : $matrix:ty = $role:expr),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        $vis struct $gradients<$($parameters)*> {
            $(
                #[doc = concat!("`∂L/∂", $name, "`.")]
                pub $field: $matrix,
            )+
        }

        $crate::parameters!(
            impl[$($generics)*] $layer,
            gradients[$($parameters)*] $gradients<$($arguments)*> {
                $($name $field : $matrix = $role),+
            }
        );
    };
    (
        impl[$($generics:tt)*] $layer:ty,
        gradients[$($gradient_generics:tt)*] $gradients:ty {
            $($name:literal $field:ident : $matrix:ty = $role:expr),+ $(,)?
        }
    ) => {
        $crate::parameters!(@one [$($generics)*] $layer, $gradients { $($name $field : $matrix = $role),+ });
        $crate::parameters!(@one [$($gradient_generics)*] $gradients, $gradients { $($name $field : $matrix = $role),+ });

        impl<$($gradient_generics)*> Default for $gradients {
            /// Every gradient zero.
            fn default() -> Self {
                Self { $($field: <$matrix as $crate::StaticMatrix>::zeros()),+ }
            }
        }
    };
    (
        @one [$($generics:tt)*] $ty:ty, $gradients:ty {
            $name0:literal $field0:ident : $matrix0:ty = $role0:expr
            $(, $name:literal $field:ident : $matrix:ty = $role:expr)*
        }
    ) => {
        impl<$($generics)*> $crate::Parameters for $ty {
            type Scalar = <$matrix0 as $crate::StaticMatrix>::Scalar;
            const COUNT: usize = <$matrix0 as $crate::StaticMatrix>::ROWS
                * <$matrix0 as $crate::StaticMatrix>::COLUMNS
                $(+ <$matrix as $crate::StaticMatrix>::ROWS
                    * <$matrix as $crate::StaticMatrix>::COLUMNS)*;
            type Gradients = $gradients;

            #[inline]
            fn visit<'a, F>(&'a self, f: &mut F)
            where
                F: FnMut($crate::Descriptor, &'a [Self::Scalar]),
            {
                f(
                    $crate::parameters!(@descriptor $name0 $matrix0 = $role0),
                    $crate::StaticMatrix::elements(&self.$field0),
                );
                $(f(
                    $crate::parameters!(@descriptor $name $matrix = $role),
                    $crate::StaticMatrix::elements(&self.$field),
                );)*
            }

            #[inline]
            fn visit_mut<'a, F>(&'a mut self, f: &mut F)
            where
                F: FnMut($crate::Descriptor, &'a mut [Self::Scalar]),
            {
                f(
                    $crate::parameters!(@descriptor $name0 $matrix0 = $role0),
                    $crate::StaticMatrix::elements_mut(&mut self.$field0),
                );
                $(f(
                    $crate::parameters!(@descriptor $name $matrix = $role),
                    $crate::StaticMatrix::elements_mut(&mut self.$field),
                );)*
            }

            #[inline]
            fn zip<const K: usize, F>(
                &mut self,
                gradients: &mut $gradients,
                mut state: [&mut $gradients; K],
                f: &mut F,
            ) where
                F: FnMut(&mut [Self::Scalar], &mut [Self::Scalar], [&mut [Self::Scalar]; K]),
            {
                f(
                    $crate::StaticMatrix::elements_mut(&mut self.$field0),
                    $crate::StaticMatrix::elements_mut(&mut gradients.$field0),
                    state.each_mut().map(|s| $crate::StaticMatrix::elements_mut(&mut s.$field0)),
                );
                $(f(
                    $crate::StaticMatrix::elements_mut(&mut self.$field),
                    $crate::StaticMatrix::elements_mut(&mut gradients.$field),
                    state.each_mut().map(|s| $crate::StaticMatrix::elements_mut(&mut s.$field)),
                );)*
            }
        }

        impl<$($generics)*> $crate::approx::AbsDiffEq for $ty {
            type Epsilon = <Self as $crate::Parameters>::Scalar;

            fn default_epsilon() -> Self::Epsilon {
                <Self::Epsilon as $crate::approx::AbsDiffEq>::default_epsilon()
            }

            fn abs_diff_eq(&self, other: &Self, epsilon: Self::Epsilon) -> bool {
                $crate::approx::AbsDiffEq::abs_diff_eq(&self.$field0, &other.$field0, epsilon)
                    $(&& $crate::approx::AbsDiffEq::abs_diff_eq(&self.$field, &other.$field, epsilon))*
            }
        }

        impl<$($generics)*> $crate::approx::RelativeEq for $ty {
            fn default_max_relative() -> Self::Epsilon {
                <Self::Epsilon as $crate::approx::RelativeEq>::default_max_relative()
            }

            fn relative_eq(
                &self,
                other: &Self,
                epsilon: Self::Epsilon,
                max_relative: Self::Epsilon,
            ) -> bool {
                $crate::approx::RelativeEq::relative_eq(&self.$field0, &other.$field0, epsilon, max_relative)
                    $(&& $crate::approx::RelativeEq::relative_eq(
                        &self.$field, &other.$field, epsilon, max_relative,
                    ))*
            }
        }
    };
    (@descriptor $name:literal $matrix:ty = $role:expr) => {
        $crate::Descriptor::new(
            $name,
            <$matrix as $crate::StaticMatrix>::ROWS,
            <$matrix as $crate::StaticMatrix>::COLUMNS,
            $role,
        )
    };
}
