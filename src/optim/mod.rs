//! Optimizers: how gradients change parameters.
//!
//! An optimizer is an element-wise [`Rule`]: from one parameter, its gradient and `K` numbers
//! of state (momentum, Adam's moments, Rprop's step size), the new parameter and state. The
//! state is `K` values shaped like the network's gradients, so it lives on the stack with the
//! network, and one driver applies any rule to any network through
//! [`Layer::zip_parameters`].
//!
//! An update that would make any parameter or state non-finite changes nothing: the network
//! stays at its last finite state and [`Optimizer::step`] returns [`NonFiniteUpdate`].

mod adam;
mod momentum;
mod rprop;
mod sgd;

use core::fmt;

use nalgebra::ComplexField;

use crate::{Layer, Real};

pub use adam::Adam;
pub use momentum::Momentum;
pub use rprop::Rprop;
pub use sgd::Sgd;

/// Changes a network's parameters from their gradients.
pub trait Optimizer<N: Layer> {
    /// Applies one update to `network` from `gradients` (`∂L/∂θ` of every parameter).
    ///
    /// If any updated parameter or optimizer state would be NaN or infinite (a non-finite
    /// gradient, or an overflow), neither the network nor the optimizer changes.
    fn step(&mut self, network: &mut N, gradients: &N::Gradients) -> Result<(), NonFiniteUpdate>;
}

/// An optimizer's update of one parameter, written once for every network.
pub trait Rule<T: Real, const K: usize> {
    /// From parameter `θ`, its gradient `g` and `K` numbers of state, the new `θ` and state.
    fn update(&self, parameter: T, gradient: T, state: [T; K]) -> (T, [T; K]);
}

/// The error of an update that would have made a parameter or optimizer state NaN or
/// infinite; nothing was changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NonFiniteUpdate;

impl fmt::Display for NonFiniteUpdate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "the update would make a parameter or optimizer state non-finite; nothing was changed",
        )
    }
}

#[cfg(feature = "std")]
impl std::error::Error for NonFiniteUpdate {}

/// Applies `rule` to every parameter of `network` with its gradient and state, in two passes:
/// the first only checks that every result is finite, the second writes. So a failed update
/// leaves the network and the state exactly as they were.
pub fn apply_rule<N: Layer, R: Rule<N::Scalar, K>, const K: usize>(
    network: &mut N,
    gradients: &N::Gradients,
    state: &mut [N::Gradients; K],
    rule: &R,
) -> Result<(), NonFiniteUpdate> {
    let mut finite = true;
    network.zip_parameters(
        gradients,
        state.each_mut(),
        &mut |parameters, gradients, state| {
            for (i, (p, g)) in parameters.iter().zip(gradients).enumerate() {
                let (p, s) = rule.update(*p, *g, state.each_ref().map(|s| s[i]));
                finite &= p.is_finite() && s.iter().all(|s| s.is_finite());
            }
        },
    );
    if !finite {
        return Err(NonFiniteUpdate);
    }
    network.zip_parameters(
        gradients,
        state.each_mut(),
        &mut |parameters, gradients, mut state| {
            for (i, (p, g)) in parameters.iter_mut().zip(gradients).enumerate() {
                let (new_p, new_s) = rule.update(*p, *g, state.each_ref().map(|s| s[i]));
                *p = new_p;
                for (s, v) in state.iter_mut().zip(new_s) {
                    s[i] = v;
                }
            }
        },
    );
    Ok(())
}
