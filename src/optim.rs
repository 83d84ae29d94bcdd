//! Optimizers: how gradients change parameters.
//!
//! Each optimizer is the body of one [`Layer::zip_parameters`] step, so it works unchanged
//! for every network, whatever its depth and widths.

use crate::{Layer, Real};

/// Changes a network's parameters from their gradients.
pub trait Optimizer<N: Layer> {
    /// Applies one update to `network` from `gradients` (`∂L/∂θ` of every parameter).
    fn step(&mut self, network: &mut N, gradients: &N::Gradients);
}

/// Plain gradient descent: `θ ← θ - η ∂L/∂θ` for every parameter `θ`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sgd<T> {
    /// The learning rate `η`.
    pub learning_rate: T,
}

impl<T: Real> Sgd<T> {
    /// Gradient descent with learning rate `learning_rate`.
    pub const fn new(learning_rate: T) -> Self {
        Self { learning_rate }
    }
}

impl<T: Real, N: Layer<Scalar = T>> Optimizer<N> for Sgd<T> {
    fn step(&mut self, network: &mut N, gradients: &N::Gradients) {
        let rate = self.learning_rate;
        network.zip_parameters(gradients, [], &mut |parameters, gradients, []| {
            for (p, g) in parameters.iter_mut().zip(gradients) {
                *p -= rate * *g;
            }
        });
    }
}
