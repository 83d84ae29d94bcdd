//! A rule and its state: the optimizer every stateful rule becomes.

use core::fmt;
use core::ops::{Deref, DerefMut};

use crate::{InvalidHyperparameter, Layer};

use super::{apply_rule, NonFiniteUpdate, Optimizer, Rule, RuleState};

/// The optimizer of rule `R` for networks of type `N`: the rule (its hyperparameters), its `K`
/// values of state per parameter, each shaped like `N`'s gradients and kept twice
/// (`M = 2K`, see [`RuleState`]), and the number of steps taken.
///
/// [`Momentum`](crate::Momentum), [`Adam`](crate::Adam), [`Rprop`](crate::Rprop) and
/// [`RmsProp`](crate::RmsProp) are this type with their rules. It dereferences to the rule, so
/// hyperparameters read and write as fields of the optimizer: `adam.beta1`,
/// `rprop.max_step = 1.0`.
///
/// Every step is [`apply_rule`] with the rule at that step ([`Rule::at_step`]). The step count
/// `t` counts successful steps only: a refused step ([`NonFiniteUpdate`]) changes neither the
/// network, nor the state, nor `t`.
#[derive(bytemuck::Zeroable)]
#[zeroable(bound = "R: bytemuck::Zeroable, N::Gradients: bytemuck::Zeroable")]
pub struct Stateful<N: Layer, R, const K: usize, const M: usize> {
    pub(crate) rule: R,
    pub(crate) state: RuleState<N::Gradients, M>,
    /// The number of successful steps: `t` of the last step.
    pub(crate) steps: u64,
}

impl<N: Layer, R: Rule<N::Scalar, K>, const K: usize, const M: usize> Stateful<N, R, K, M> {
    /// The optimizer of `rule`, with the rule's initial state and no step taken; a rule whose
    /// hyperparameters make no sense ([`Rule::check`]) is refused.
    pub fn from_rule(rule: R) -> Result<Self, InvalidHyperparameter<N::Scalar>> {
        rule.check()?;
        Ok(Self::unchecked(rule))
    }

    /// The optimizer of `rule`, which the caller knows to be valid (a rule's defaults).
    fn unchecked(rule: R) -> Self {
        const {
            assert!(
                M == 2 * K,
                "a rule with K values of state needs M = 2K buffers"
            )
        };
        let state = RuleState::filled(&rule.initial_state());
        Self {
            rule,
            state,
            steps: 0,
        }
    }

    /// [`Stateful::from_rule`] built directly on the heap, for a network too large to have its
    /// optimizer state pass through the stack.
    #[cfg(feature = "std")]
    pub fn boxed_from_rule(
        rule: R,
    ) -> Result<std::boxed::Box<Self>, InvalidHyperparameter<N::Scalar>>
    where
        Self: crate::Zeroable,
    {
        rule.check()?;
        Ok(Self::boxed_unchecked(rule))
    }

    /// [`Stateful::boxed_from_rule`] of a rule the caller knows to be valid (a rule's defaults).
    #[cfg(feature = "std")]
    pub(crate) fn boxed_unchecked(rule: R) -> std::boxed::Box<Self>
    where
        Self: crate::Zeroable,
    {
        let mut boxed = crate::boxed_zeroed::<Self>();
        boxed.rule = rule;
        // In place: a large state is never copied through the stack.
        boxed.reset();
        boxed
    }

    /// The optimizer, if its rule's hyperparameters, just changed, still make sense.
    pub(crate) fn checked(self) -> Result<Self, InvalidHyperparameter<N::Scalar>> {
        self.rule.check().map(|()| self)
    }

    /// Returns the state to the rule's initial state and the step count to 0, as if no step
    /// had been taken.
    pub fn reset(&mut self) {
        self.state.refill(&self.rule.initial_state());
        self.steps = 0;
    }

    /// The number of successful steps taken: the `t` of the last step.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The `K` current values of state, each shaped like the gradients, in the order of
    /// [`Rule::STATE`].
    pub fn state(&self) -> &[N::Gradients] {
        self.state.values()
    }
}

impl<N, R, const K: usize, const M: usize> Optimizer<N> for Stateful<N, R, K, M>
where
    N: Layer,
    R: Rule<N::Scalar, K> + Clone,
{
    fn step(
        &mut self,
        network: &mut N,
        gradients: &mut N::Gradients,
    ) -> Result<(), NonFiniteUpdate> {
        let t = self.steps.saturating_add(1);
        apply_rule(network, gradients, &mut self.state, &self.rule.at_step(t))?;
        self.steps = t;
        Ok(())
    }

    fn check(&self) -> Result<(), crate::InvalidHyperparameter<N::Scalar>> {
        self.rule.check()
    }
}

impl<N: Layer, R, const K: usize, const M: usize> Deref for Stateful<N, R, K, M> {
    type Target = R;

    /// The rule: the optimizer's hyperparameters.
    fn deref(&self) -> &R {
        &self.rule
    }
}

impl<N: Layer, R, const K: usize, const M: usize> DerefMut for Stateful<N, R, K, M> {
    /// The rule, to change hyperparameters between steps.
    fn deref_mut(&mut self) -> &mut R {
        &mut self.rule
    }
}

impl<N, R, const K: usize, const M: usize> Default for Stateful<N, R, K, M>
where
    N: Layer,
    R: Rule<N::Scalar, K> + Default,
{
    /// The optimizer of the rule's default, which [`train`](crate::train) checks like any
    /// other rule before it takes a step.
    fn default() -> Self {
        Self::unchecked(R::default())
    }
}

// Written out rather than derived: a derive would require `N: Clone` and `N: PartialEq` of the
// network, which the optimizer does not hold.

impl<N: Layer, R: Clone, const K: usize, const M: usize> Clone for Stateful<N, R, K, M> {
    fn clone(&self) -> Self {
        Self {
            rule: self.rule.clone(),
            state: self.state.clone(),
            steps: self.steps,
        }
    }
}

/// Equal rules, equal state and equal step counts.
impl<N: Layer, R: PartialEq, const K: usize, const M: usize> PartialEq for Stateful<N, R, K, M>
where
    N::Gradients: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.rule == other.rule && self.state == other.state && self.steps == other.steps
    }
}

/// The rule, each value of state under its name in [`Rule::STATE`], and the step count.
impl<N, R, const K: usize, const M: usize> fmt::Debug for Stateful<N, R, K, M>
where
    N: Layer,
    R: Rule<N::Scalar, K> + fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Stateful");
        out.field("rule", &self.rule);
        for (name, values) in R::STATE.iter().zip(self.state.values()) {
            out.field(name, values);
        }
        out.field("steps", &self.steps).finish()
    }
}
