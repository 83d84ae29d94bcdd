//! The same network in another scalar type: trained in `f32` on a host, then converted to
//! [`Q16_16`](crate::Q16_16) or [`Q8_8`](crate::Q8_8) for a microcontroller without an FPU,
//! with what the conversion cost measured.

use nalgebra::SMatrix;

use crate::parameters::zip_matrices;
use crate::tuples::for_each_arity;
use crate::{
    Activation, Concat, Dense, Layer, Location, Network, Parameters, Real, Residual, Units,
};

/// A layer or network that exists with scalar type `U` too: [`WithScalar::Output`] is the same
/// layout (the same matrices, in the same order, of the same shapes) with `U` in place of
/// its scalar. [`convert`] carries the parameters over.
///
/// A custom layer takes part with one line: `type Output = MyLayer<U, …>;`.
pub trait WithScalar<U: Real>: Parameters {
    /// The same layer or network in `U`.
    type Output: Parameters<Scalar = U> + Default;
}

impl<T: Real, U: Real, const IN: usize, const OUT: usize, A: Activation> WithScalar<U>
    for Dense<T, IN, OUT, A>
{
    type Output = Dense<U, IN, OUT, A>;
}

impl<U: Real, F: WithScalar<U>> WithScalar<U> for Residual<F>
where
    Residual<F>: Parameters,
    Residual<F::Output>: Parameters<Scalar = U> + Default,
{
    type Output = Residual<F::Output>;
}

impl<U: Real, F: WithScalar<U>, const OUT: usize> WithScalar<U> for Concat<F, OUT>
where
    Concat<F, OUT>: Parameters,
    Concat<F::Output, OUT>: Parameters<Scalar = U> + Default,
{
    type Output = Concat<F::Output, OUT>;
}

macro_rules! tuple_with_scalar {
    (all: [$($L:ident $i:tt $t:ident $g:ident),+], $($unused:tt)*) => {
        impl<U: Real, $($L: WithScalar<U>),+> WithScalar<U> for Network<($($L,)+)>
        where
            Network<($($L,)+)>: Parameters,
            Network<($($L::Output,)+)>: Parameters<Scalar = U> + Default,
        {
            type Output = Network<($($L::Output,)+)>;
        }
    };
}

for_each_arity!(tuple_with_scalar);

/// A network converted by [`convert`], with how far its parameters moved.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Conversion<N> {
    /// The converted network.
    pub network: N,
    /// The largest `|converted - original|` over every parameter (0 when every one is
    /// exact in the new type).
    pub largest_weight_error: f64,
    /// Where that parameter is; `None` for a network without parameters.
    pub worst_weight: Option<Location>,
    /// How many parameters were beyond the new type's range and were set to its nearest end
    /// (or, NaN, to 0): a network with any is not the one that was trained.
    pub saturated: u32,
}

/// `network` in scalar type `U`: every parameter rounded to the nearest value of `U` (and
/// saturated if out of its range), with the largest change and where it is.
///
/// ```
/// use constnet::{convert, Dense, Network, Sigmoid, Q8_8};
///
/// let net = Network::new((Dense::<f32, 2, 1, Sigmoid>::from_rows([[0.5], [-1.3]], [0.125]),));
/// let fixed = convert::<Q8_8, _>(&net);
/// assert_eq!(fixed.network.0.w[(0, 0)], Q8_8::from_f64(0.5));
/// // -1.3 · 256 = -332.8 is stored as -333: the largest error, 0.2 / 256.
/// assert!((fixed.largest_weight_error - 0.2 / 256.0).abs() < 1e-6);
/// assert_eq!(fixed.worst_weight.unwrap().to_string(), "W⁰[1, 0]");
/// assert_eq!(fixed.saturated, 0);
/// ```
pub fn convert<U: Real, N: WithScalar<U>>(network: &N) -> Conversion<N::Output> {
    let before = crate::saturations();
    let mut converted = N::Output::default();
    let mut largest = 0.0;
    let mut worst = None;
    // The matrices pair up in order, and so each element's flat index counts in both.
    let mut index = 0;
    zip_matrices(&mut converted, network, &mut |target, source| {
        for (target, source) in target.iter_mut().zip(source) {
            *target = U::lit(source.to_f64());
            let error = (target.to_f64() - source.to_f64()).abs();
            if worst.is_none() || error > largest {
                (largest, worst) = (error, Some(index));
            }
            index += 1;
        }
    });
    Conversion {
        network: converted,
        largest_weight_error: largest,
        worst_weight: worst.and_then(|index| network.locate(index)),
        saturated: crate::saturations().wrapping_sub(before),
    }
}

/// The largest difference between two networks' outputs over a set of inputs, and where.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutputError {
    /// The largest `|converted output - original output|`.
    pub largest: f64,
    /// The input (its index in the set) where it is.
    pub sample: usize,
    /// The output (its column) where it is.
    pub output: usize,
}

/// How far `converted` strays from `original` on `inputs`: each input is converted to the
/// converted network's scalar type (rounded like [`convert`]'s parameters), both networks
/// run forward, and the outputs are compared in `f64`. `None` for no inputs.
///
/// ```
/// use constnet::{convert, largest_output_error, Dense, Network, Sigmoid, Q8_8};
/// use nalgebra::matrix;
///
/// let net = Network::new((Dense::<f32, 2, 1, Sigmoid>::from_rows([[0.5], [-1.3]], [0.1]),));
/// let fixed = convert::<Q8_8, _>(&net).network;
/// let inputs = [matrix![0.0, 1.0], matrix![1.0, 0.5]];
/// let error = largest_output_error(&net, &fixed, &inputs).unwrap();
/// assert!(error.largest < 2.0 / 256.0, "{error:?}");
/// ```
pub fn largest_output_error<N, M, const IN: usize, const OUT: usize>(
    original: &N,
    converted: &M,
    inputs: &[SMatrix<N::Scalar, 1, IN>],
) -> Option<OutputError>
where
    N: Layer<Input = Units<IN>, Output = Units<OUT>>,
    M: Layer<Input = Units<IN>, Output = Units<OUT>>,
{
    let mut worst: Option<OutputError> = None;
    for (sample, x) in inputs.iter().enumerate() {
        let expected = original.forward::<1>(x);
        let x = x.map(|value| M::Scalar::lit(value.to_f64()));
        let got = converted.forward::<1>(&x);
        for (output, (got, expected)) in got.iter().zip(expected.iter()).enumerate() {
            let error = (got.to_f64() - expected.to_f64()).abs();
            if worst.is_none_or(|worst| error > worst.largest) {
                worst = Some(OutputError {
                    largest: error,
                    sample,
                    output,
                });
            }
        }
    }
    worst
}
