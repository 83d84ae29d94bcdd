//! What a network's outputs are, as its last activation makes them, and what a loss needs
//! them to be: a pairing that cannot be right (a sigmoid output under softmax cross-entropy,
//! an identity output under binary cross-entropy) does not compile where it trains.

/// The values a layer's outputs take, as far as its type tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outputs {
    /// Not told by the type (a custom layer or activation, a skip connection): every loss
    /// takes it.
    Unknown,
    /// Any real number: raw scores, regression values ([`Identity`](crate::Identity),
    /// [`LeakyRelu`](crate::LeakyRelu)).
    Unbounded,
    /// In `(0, 1)`, each output on its own: probabilities ([`Sigmoid`](crate::Sigmoid)).
    Probabilities,
    /// In `(-1, 1)` ([`Tanh`](crate::Tanh)).
    Symmetric,
    /// At least 0 ([`Relu`](crate::Relu)).
    NonNegative,
}

/// What a loss needs of the network's outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    /// Any outputs: the squared errors.
    Anything,
    /// Probabilities: binary cross-entropy takes `ln ŷ` and `ln(1 - ŷ)`.
    Probabilities,
    /// Raw scores, which the loss turns into probabilities itself: softmax cross-entropy.
    Scores,
}

impl Needs {
    /// Whether a loss with these needs can train on `outputs`.
    pub const fn takes(self, outputs: Outputs) -> bool {
        match self {
            Self::Anything => true,
            Self::Probabilities => matches!(outputs, Outputs::Unknown | Outputs::Probabilities),
            // Squashed or clipped scores limit how sure the softmax can become (at most
            // e²/(e² + n - 1) from tanh), and a clipped score has no gradient.
            Self::Scores => matches!(outputs, Outputs::Unknown | Outputs::Unbounded),
        }
    }

    /// Fails the build (in a `const` block) when a loss with these needs cannot train on
    /// `outputs`, saying what to change.
    pub(crate) const fn assert_takes(self, outputs: Outputs) {
        if self.takes(outputs) {
            return;
        }
        match self {
            Self::Probabilities => panic!(
                "this loss takes probabilities (binary cross-entropy): end the network with a \
                 Sigmoid layer"
            ),
            _ => panic!(
                "this loss takes raw scores and applies the softmax itself (softmax \
                 cross-entropy): end the network with an Identity layer"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Needs, Outputs};
    use crate::{
        BinaryCrossEntropy, Dense, Identity, Layer, LeakyRelu, LossKind, Mse, Network, Relu,
        Residual, Sigmoid, SoftmaxCrossEntropy, Tanh,
    };

    /// A network's outputs are its last layer's: the hidden layers do not matter.
    #[test]
    fn a_network_has_the_outputs_of_its_last_activation() {
        type Probabilities = Network<(Dense<f32, 2, 3, Relu>, Dense<f32, 3, 1, Sigmoid>)>;
        type Scores = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 3, 2, Identity>)>;
        type Hidden = Network<(Dense<f32, 2, 3, Tanh>, Dense<f32, 3, 2, LeakyRelu>)>;
        type Skip = Network<(Dense<f32, 2, 3, Tanh>, Residual<Dense<f32, 3, 3, Sigmoid>>)>;
        assert_eq!(Probabilities::OUTPUTS, Outputs::Probabilities);
        assert_eq!(Scores::OUTPUTS, Outputs::Unbounded);
        assert_eq!(Hidden::OUTPUTS, Outputs::Unbounded);
        assert_eq!(<Dense<f32, 2, 3, Tanh>>::OUTPUTS, Outputs::Symmetric);
        assert_eq!(<Dense<f32, 2, 3, Relu>>::OUTPUTS, Outputs::NonNegative);
        // `x + f(x)` is bounded by nothing its type says.
        assert_eq!(Skip::OUTPUTS, Outputs::Unknown);
    }

    /// Each loss against each kind of output, as the losses' documentation pairs them.
    #[test]
    fn losses_take_the_outputs_they_are_documented_for() {
        use Outputs::{NonNegative, Probabilities, Symmetric, Unbounded, Unknown};
        let all = [Unknown, Unbounded, Probabilities, Symmetric, NonNegative];
        let taken = |needs: Needs| all.map(|outputs| needs.takes(outputs));
        assert_eq!(taken(Mse::NEEDS), [true; 5]);
        assert_eq!(
            taken(BinaryCrossEntropy::NEEDS),
            [true, false, true, false, false]
        );
        assert_eq!(
            taken(SoftmaxCrossEntropy::NEEDS),
            [true, true, false, false, false]
        );
    }
}
