//! Hyperparameters that make no sense (a NaN learning rate, a momentum of 1, a target loss
//! of NaN) are refused with their name and value, before anything trains.

use core::fmt;

use crate::Real;

/// A hyperparameter whose value makes no sense, what it is, and what it should be.
///
/// The value is kept in the network's scalar type, so that printing it needs no other float
/// formatting than the network's own (which matters in a firmware's flash).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InvalidHyperparameter<T> {
    /// The hyperparameter, as its field is named (`learning_rate`, `beta2`, `patience`).
    pub name: &'static str,
    /// Its value.
    pub value: T,
    /// What it must be.
    pub expected: &'static str,
}

impl<T: fmt::Display> fmt::Display for InvalidHyperparameter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} makes no sense: it must be {}",
            self.name, self.value, self.expected
        )
    }
}

impl<T: fmt::Debug + fmt::Display> core::error::Error for InvalidHyperparameter<T> {}

/// `Ok` when `holds`, else the error for `name` and `value`.
fn require<T: Real>(
    name: &'static str,
    value: T,
    holds: bool,
    expected: &'static str,
) -> Result<(), InvalidHyperparameter<T>> {
    if holds {
        return Ok(());
    }
    Err(InvalidHyperparameter {
        name,
        value,
        expected,
    })
}

/// A finite number ≥ 0: a learning rate (0 freezes the weights), a weight decay.
pub(crate) fn non_negative<T: Real>(
    name: &'static str,
    value: T,
) -> Result<(), InvalidHyperparameter<T>> {
    require(
        name,
        value,
        value.is_finite() && value >= T::zero(),
        "a finite number ≥ 0",
    )
}

/// A finite number > 0: an epsilon, a step size.
pub(crate) fn positive<T: Real>(
    name: &'static str,
    value: T,
) -> Result<(), InvalidHyperparameter<T>> {
    require(
        name,
        value,
        value.is_finite() && value > T::zero(),
        "a finite number > 0",
    )
}

/// A number in `[0, 1)`: a momentum, a decay rate.
pub(crate) fn fraction<T: Real>(
    name: &'static str,
    value: T,
) -> Result<(), InvalidHyperparameter<T>> {
    require(
        name,
        value,
        value >= T::zero() && value < T::one(),
        "in [0, 1)",
    )
}

/// A number in `(0, 1)`: a factor that shrinks.
pub(crate) fn shrinking<T: Real>(
    name: &'static str,
    value: T,
) -> Result<(), InvalidHyperparameter<T>> {
    require(
        name,
        value,
        value > T::zero() && value < T::one(),
        "in (0, 1)",
    )
}

/// A number greater than `low` (`∞` included; NaN is not greater than anything).
pub(crate) fn above<T: Real>(
    name: &'static str,
    value: T,
    low: T,
    expected: &'static str,
) -> Result<(), InvalidHyperparameter<T>> {
    require(name, value, value > low, expected)
}

/// The hyperparameters of an adaptive rule: a learning rate ≥ 0, decay rates in `[0, 1)`, and
/// an epsilon > 0 (Adam, RMSProp).
pub(crate) fn adaptive<T: Real>(
    learning_rate: T,
    decays: &[(&'static str, T)],
    epsilon: T,
) -> Result<(), InvalidHyperparameter<T>> {
    non_negative("learning_rate", learning_rate)?;
    for &(name, decay) in decays {
        fraction(name, decay)?;
    }
    positive("epsilon", epsilon)
}
