//! Optimizers: how gradients change parameters.
//!
//! An optimizer is an element-wise [`Rule`]: from one parameter, its gradient and `K` numbers
//! of state (momentum, Adam's moments, Rprop's step size), the new parameter and state. The
//! state is `K` values shaped like the network's gradients, so it lives on the stack with the
//! network, and one driver, [`apply_rule`], applies any rule to any network through
//! [`Parameters::zip`](crate::Parameters::zip).
//!
//! An update that would make any parameter or state non-finite changes nothing: the network
//! stays at its last finite state and [`Optimizer::step`] returns [`NonFiniteUpdate`]. It
//! still computes each update once: the old parameters are kept in the gradients' memory and
//! the state twice ([`RuleState`]), so a refused update is undone rather than checked first.
//!
//! # Writing an optimizer
//!
//! An optimizer is its rule: a struct of hyperparameters whose [`Rule`] impl says how one
//! parameter, its gradient and its `K` values of state change in a step. [`Stateful`] adds the
//! state, shaped like the network's gradients, and the step count, and makes the pair an
//! [`Optimizer`] of any network: `Stateful<N, R, K, M>`, where `M = 2K` is the number of
//! buffers the state is kept in (Rust cannot yet compute `2K` in a type). The rule's `update`
//! runs once per parameter per step, so it is `#[inline]`, and three hooks with defaults take
//! what does not belong there:
//!
//! - [`Rule::STATE`] names the values of state, for `Debug` (Adam's are `m` and `v`);
//! - [`Rule::initial_state`] is where every parameter's state starts, and returns to on
//!   [`Stateful::reset`]: zero unless the rule says otherwise (Rprop's step sizes start at
//!   `Δ₀`);
//! - [`Rule::at_step`] computes, once per step, what depends on the step count alone (Adam's
//!   bias corrections), rather than once per parameter in `update`.
//!
//! [`RmsProp`] is a complete one in 30 lines: its rule and a type alias. Adagrad (Duchi,
//! Hazan & Singer, 2011), with an initial accumulator value as in PyTorch, takes only the rule:
//!
//! ```
//! use constnet::{Dense, Layer, Mse, Network, Optimizer, Rule, Sigmoid, Stateful};
//! use nalgebra::matrix;
//!
//! /// Adagrad: `s ← s + g²`, `θ ← θ - η g / (√s + ε)`, from `s = s₀`.
//! #[derive(Clone, Debug, PartialEq)]
//! struct Adagrad {
//!     learning_rate: f64,
//!     initial_accumulator: f64,
//!     epsilon: f64,
//! }
//!
//! impl Rule<f64, 1> for Adagrad {
//!     const STATE: [&'static str; 1] = ["sum_of_squares"];
//!
//!     fn initial_state(&self) -> [f64; 1] {
//!         [self.initial_accumulator]
//!     }
//!
//!     #[inline]
//!     fn update(&self, parameter: f64, gradient: f64, [s]: [f64; 1]) -> (f64, [f64; 1]) {
//!         let s = s + gradient * gradient;
//!         (parameter - self.learning_rate * gradient / (s.sqrt() + self.epsilon), [s])
//!     }
//! }
//!
//! type Net = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 1, Sigmoid>)>;
//! let mut net = Net::default();
//! let rule = Adagrad { learning_rate: 0.1, initial_accumulator: 0.1, epsilon: 1e-10 };
//! let mut adagrad = Stateful::<Net, _, 1, 2>::from_rule(rule)?;
//! assert_eq!(adagrad.state()[0].1.b[(0, 0)], 0.1);
//!
//! let (x, y) = (matrix![0.0, 1.0], matrix![1.0]);
//! let before = net.loss::<Mse, 1>(&x, &y);
//! for _ in 0..10 {
//!     let (_, mut gradients) = net.loss_and_gradients::<Mse, 1>(&x, &y);
//!     adagrad.step(&mut net, &mut gradients)?;
//! }
//! assert!(net.loss::<Mse, 1>(&x, &y) < before);
//! assert_eq!(adagrad.steps(), 10);
//! // The optimizer reads as its rule: hyperparameters are its fields.
//! adagrad.learning_rate = 0.05;
//! assert!(format!("{adagrad:?}").contains("sum_of_squares: "));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod adam;
mod momentum;
mod rmsprop;
mod rprop;
#[cfg(feature = "serde")]
mod saved;
mod sgd;
mod stateful;

use core::fmt;

use crate::{InvalidHyperparameter, Layer, Parameters, Real};

pub use adam::{Adam, AdamRule};
pub use momentum::{Momentum, MomentumRule};
pub use rmsprop::{RmsProp, RmsPropRule};
pub use rprop::{Rprop, RpropRule};
pub use sgd::Sgd;
pub use stateful::Stateful;

/// Changes a network's parameters from their gradients.
pub trait Optimizer<N: Layer> {
    /// Applies one update to `network` from `gradients` (`∂L/∂θ` of every parameter).
    ///
    /// If any updated parameter or optimizer state would be NaN or infinite (a non-finite
    /// gradient, or an overflow), neither the network nor the optimizer changes.
    ///
    /// The update is one pass that uses `gradients` as its undo buffer, so they are taken
    /// writable and, on return, hold the parameters from before the step rather than the
    /// gradients (compute fresh gradients for the next step).
    fn step(
        &mut self,
        network: &mut N,
        gradients: &mut N::Gradients,
    ) -> Result<(), NonFiniteUpdate>;

    /// Whether every hyperparameter makes sense; [`train`](crate::train) asks before it
    /// starts. The default accepts anything.
    fn check(&self) -> Result<(), InvalidHyperparameter<N::Scalar>> {
        Ok(())
    }
}

/// An optimizer's update of one parameter, written once for every network.
///
/// `update` is the rule; the other items are hooks with defaults, for what some rules need
/// around it. A rule's value holds its hyperparameters, and [`Stateful`] pairs it with its
/// state to make an [`Optimizer`].
pub trait Rule<T: Real, const K: usize> {
    /// The names of the `K` values of state, in the order `update` takes them, as the `Debug`
    /// output of a [`Stateful`] optimizer shows them.
    const STATE: [&'static str; K] = ["state"; K];

    /// From parameter `θ`, its gradient `g` and `K` numbers of state, the new `θ` and state.
    fn update(&self, parameter: T, gradient: T, state: [T; K]) -> (T, [T; K]);

    /// Whether every hyperparameter makes sense (a learning rate that is a finite number ≥ 0,
    /// a momentum in `[0, 1)`, …). The default accepts anything.
    fn check(&self) -> Result<(), InvalidHyperparameter<T>> {
        Ok(())
    }

    /// The state every parameter starts with, and returns to on [`Stateful::reset`]: zero
    /// unless a rule says otherwise (Rprop starts every step size at `Δ₀`).
    fn initial_state(&self) -> [T; K] {
        [T::zero(); K]
    }

    /// The rule as it applies at step `t` (`1` for the first successful step): a copy that
    /// carries whatever depends on `t` alone, computed here once per step rather than in
    /// `update` once per parameter (Adam's bias corrections). By default, the rule itself.
    fn at_step(&self, t: u64) -> Self
    where
        Self: Clone,
    {
        let _ = t;
        self.clone()
    }
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

impl core::error::Error for NonFiniteUpdate {}

/// The state of a [`Rule`] with `K` values per parameter, kept twice (`M = 2K` buffers shaped
/// like the gradients): the current values, and room for the next ones. An update reads one
/// half and writes the other, and only a finite update makes the new half current, so a
/// refused update leaves the state as it was without computing anything twice.
#[derive(Clone, Debug, bytemuck::Zeroable)]
pub struct RuleState<G, const M: usize> {
    buffers: [G; M],
    /// Which half of `buffers` holds the current values: `0` or `1`.
    current: usize,
}

impl<G: Parameters + Default, const M: usize> RuleState<G, M> {
    /// State whose current value `k` is `initial[k]` for every parameter (zero for the values
    /// past the end of `initial`).
    pub fn filled(initial: &[G::Scalar]) -> Self {
        let mut state = Self::default();
        state.refill(initial);
        state
    }

    /// Sets the current value `k` of every parameter to `initial[k]` (zero past the end of
    /// `initial`), in place: a large state is never copied through the stack.
    pub(crate) fn refill(&mut self, initial: &[G::Scalar]) {
        self.current = 0;
        let zero = nalgebra::zero::<G::Scalar>();
        for (k, buffer) in self.buffers.iter_mut().take(M / 2).enumerate() {
            let value = initial.get(k).copied().unwrap_or(zero);
            buffer.visit_mut(&mut |_, elements| elements.fill(value));
        }
    }
}

impl<G, const M: usize> RuleState<G, M> {
    /// The current values: `M / 2` of them, each shaped like the gradients.
    pub fn values(&self) -> &[G] {
        let (first, second) = self.buffers.split_at(M / 2);
        if self.current == 0 {
            first
        } else {
            second
        }
    }

    /// The current values, writable (loading a saved state writes them in place).
    #[cfg(feature = "serde")]
    pub(crate) fn values_mut(&mut self) -> &mut [G] {
        let current = self.current;
        let (first, second) = self.buffers.split_at_mut(M / 2);
        if current == 0 {
            first
        } else {
            second
        }
    }
}

/// Equal current values. The other half is scratch space (a refused update leaves its
/// results there), and which half is current is bookkeeping: neither is part of the state.
impl<G: PartialEq, const M: usize> PartialEq for RuleState<G, M> {
    fn eq(&self, other: &Self) -> bool {
        self.values() == other.values()
    }
}

impl<G: Parameters + Default, const M: usize> Default for RuleState<G, M> {
    /// Every value zero.
    fn default() -> Self {
        Self {
            buffers: core::array::from_fn(|_| G::default()),
            current: 0,
        }
    }
}

/// Applies `rule` to every parameter of `network` with its gradient and state, in one pass
/// that is all or nothing.
///
/// Each parameter's new value is written in place and its old value kept in its gradient's
/// slot; the rule's new state goes to the free half of `state`. If every result is finite
/// (in fixed point: if none saturated, by the count of [`saturations`](crate::saturations),
/// which stops at `u32::MAX`), the new state becomes current. If any is not, the parameters
/// are copied back from the gradients' slots and the state's current half was never
/// written: the network and the state are exactly as they were. Either way, `gradients`
/// ends up holding the parameters from before the update.
pub fn apply_rule<N: Layer, R: Rule<N::Scalar, K>, const K: usize, const M: usize>(
    network: &mut N,
    gradients: &mut N::Gradients,
    state: &mut RuleState<N::Gradients, M>,
    rule: &R,
) -> Result<(), NonFiniteUpdate> {
    const {
        assert!(
            M == 2 * K,
            "a rule with K values of state needs M = 2K buffers"
        )
    };
    let current = state.current;
    let mut finite = true;
    // In fixed point a result that could not be represented has saturated, and was counted:
    // comparing the count before and after the update takes the place of testing every
    // result, which on a small core costs a sixth of a training step.
    let saturations = if N::Scalar::FLOAT {
        0
    } else {
        crate::saturations()
    };
    network.zip(
        gradients,
        state.buffers.each_mut(),
        &mut |parameters, gradients, mut buffers| {
            let (first, second) = buffers.split_at_mut(K);
            let (old, new) = if current == 0 {
                (first, second)
            } else {
                (second, first)
            };
            for (i, (p, g)) in parameters.iter_mut().zip(gradients.iter_mut()).enumerate() {
                let (new_p, new_s) = rule.update(*p, *g, core::array::from_fn(|k| old[k][i]));
                if N::Scalar::FLOAT {
                    finite &= new_p.is_finite();
                }
                for (k, s) in new_s.into_iter().enumerate() {
                    if N::Scalar::FLOAT {
                        finite &= s.is_finite();
                    }
                    new[k][i] = s;
                }
                *g = *p;
                *p = new_p;
            }
        },
    );
    if !N::Scalar::FLOAT {
        finite = crate::saturations() == saturations;
    }
    if finite {
        if K > 0 {
            state.current = 1 - current;
        }
        return Ok(());
    }
    network.zip(gradients, [], &mut |parameters, gradients, []| {
        parameters.copy_from_slice(gradients);
    });
    Err(NonFiniteUpdate)
}
