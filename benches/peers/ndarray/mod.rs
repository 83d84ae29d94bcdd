//! The networks as a user would hand-roll them with `ndarray`: layers in a `Vec`, each `W`
//! an `Array2`, a batch an `Array2` of rows, products by `.dot()` (matrixmultiply's GEMM),
//! element-wise work by `mapv` and `Zip`, SGD by `scaled_add`. Arrays are allocated as the
//! computation goes, as idiomatic `ndarray` code does.

pub mod runs;

use ::ndarray::{Array1, Array2, Axis, LinalgScalar, ScalarOperand, Zip};

use super::Float;
use crate::workloads::LayerWeights;

/// What the network needs of its element type.
pub trait Scalar: Float + LinalgScalar + ScalarOperand {}

impl<T: Float + LinalgScalar + ScalarOperand> Scalar for T {}

#[derive(Clone, Copy, Debug)]
pub enum Activation {
    Sigmoid,
    Relu,
    Identity,
}

impl Activation {
    fn apply<T: Scalar>(self, v: Array2<T>) -> Array2<T> {
        match self {
            Activation::Sigmoid => v.mapv_into(|v| T::ONE / (T::ONE + (-v).exp())),
            Activation::Relu => v.mapv_into(|v| if v > T::ZERO { v } else { T::ZERO }),
            Activation::Identity => v,
        }
    }

    /// `δ = ∂L/∂y ⊙ g'(v)`, computed in place of `∂L/∂y`.
    fn delta<T: Scalar>(self, mut dy: Array2<T>, v: &Array2<T>, y: &Array2<T>) -> Array2<T> {
        match self {
            Activation::Sigmoid => {
                Zip::from(&mut dy)
                    .and(y)
                    .for_each(|d, &y| *d = *d * (y * (T::ONE - y)));
            }
            Activation::Relu => {
                Zip::from(&mut dy).and(v).for_each(|d, &v| {
                    if v <= T::ZERO {
                        *d = T::ZERO;
                    }
                });
            }
            Activation::Identity => {}
        }
        dy
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Loss {
    /// `(1/N) Σ (t - y)²` per row.
    Mse,
    /// Cross-entropy of the softmax of raw scores.
    SoftmaxCrossEntropy,
}

impl Loss {
    /// The mean over rows, and its gradient with respect to the prediction.
    fn loss_and_gradient<T: Scalar>(
        self,
        prediction: &Array2<T>,
        target: &Array2<T>,
    ) -> (T, Array2<T>) {
        let (rows, outputs) = prediction.dim();
        match self {
            Loss::Mse => {
                let count = T::from_f64((rows * outputs) as f64);
                let diff = target - prediction;
                let loss = diff.mapv(|d| d * d).sum() / count;
                (loss, diff * T::from_f64(-2.0 / (rows * outputs) as f64))
            }
            Loss::SoftmaxCrossEntropy => {
                let batch = T::from_f64(rows as f64);
                let mut loss = T::ZERO;
                let mut gradient = Array2::zeros((rows, outputs));
                Zip::from(prediction.rows())
                    .and(target.rows())
                    .and(gradient.rows_mut())
                    .for_each(|scores, target, mut gradient| {
                        // Shifted by the row's maximum so that exp cannot overflow.
                        let max = scores.fold(T::NEG_INFINITY, |m, &s| if s > m { s } else { m });
                        let e = scores.mapv(|s| (s - max).exp());
                        let sum = e.sum();
                        let log_sum = sum.ln();
                        Zip::from(&scores).and(&target).for_each(|&s, &t| {
                            loss -= t * (s - max - log_sum);
                        });
                        Zip::from(&mut gradient)
                            .and(&e)
                            .and(&target)
                            .for_each(|g, &e, &t| *g = (e / sum - t) / batch);
                    });
                (loss / batch, gradient)
            }
        }
    }
}

/// A fully connected layer `v = x W + b`, `y = g(v)`.
pub struct Dense<T> {
    pub w: Array2<T>,
    pub b: Array1<T>,
    pub activation: Activation,
}

impl<T: Scalar> Dense<T> {
    pub fn from_weights(p: &LayerWeights<T>, activation: Activation) -> Self {
        Self {
            w: Array2::from_shape_vec((p.inputs, p.outputs), p.w.clone()).expect("W's shape"),
            b: Array1::from_vec(p.b.clone()),
            activation,
        }
    }

    pub fn weights(&self) -> LayerWeights<T> {
        let (inputs, outputs) = self.w.dim();
        LayerWeights {
            inputs,
            outputs,
            w: self.w.iter().copied().collect(),
            b: self.b.to_vec(),
        }
    }

    /// `v = x W + b` for every row of `x`.
    fn pre_activation(&self, x: &Array2<T>) -> Array2<T> {
        x.dot(&self.w) + &self.b
    }

    /// `(v, y)`, both kept for the backward pass.
    fn forward(&self, x: &Array2<T>) -> (Array2<T>, Array2<T>) {
        let v = self.pre_activation(x);
        let y = self.activation.apply(v.clone());
        (v, y)
    }

    /// `y` alone, for inference.
    fn output(&self, x: &Array2<T>) -> Array2<T> {
        self.activation.apply(self.pre_activation(x))
    }
}

/// A multilayer perceptron trained by SGD.
pub struct Mlp<T> {
    pub layers: Vec<Dense<T>>,
    pub loss: Loss,
    pub learning_rate: T,
}

impl<T: Scalar> Mlp<T> {
    pub fn new(
        weights: &[LayerWeights<T>],
        activations: &[Activation],
        loss: Loss,
        learning_rate: f64,
    ) -> Self {
        assert_eq!(weights.len(), activations.len(), "layers");
        Self {
            layers: weights
                .iter()
                .zip(activations)
                .map(|(p, &a)| Dense::from_weights(p, a))
                .collect(),
            loss,
            learning_rate: T::from_f64(learning_rate),
        }
    }

    pub fn weights(&self) -> Vec<LayerWeights<T>> {
        self.layers.iter().map(Dense::weights).collect()
    }

    pub fn predict(&self, x: &Array2<T>) -> Array2<T> {
        let (first, rest) = self.layers.split_first().expect("at least one layer");
        let mut y = first.output(x);
        for layer in rest {
            y = layer.output(&y);
        }
        y
    }

    /// Forward, loss, backward, SGD; returns the loss measured before the update.
    pub fn train_step(&mut self, x: &Array2<T>, target: &Array2<T>) -> T {
        let mut vs = Vec::with_capacity(self.layers.len());
        let mut ys: Vec<Array2<T>> = Vec::with_capacity(self.layers.len());
        for (k, layer) in self.layers.iter().enumerate() {
            let input = if k == 0 { x } else { &ys[k - 1] };
            let (v, y) = layer.forward(input);
            vs.push(v);
            ys.push(y);
        }
        let (loss, mut dy) = self.loss.loss_and_gradient(&ys[ys.len() - 1], target);
        for k in (0..self.layers.len()).rev() {
            let layer = &mut self.layers[k];
            let input = if k == 0 { x } else { &ys[k - 1] };
            let delta = layer.activation.delta(dy, &vs[k], &ys[k]);
            let dw = input.t().dot(&delta);
            let db = delta.sum_axis(Axis(0));
            // ∂L/∂x with W before its update; the first layer's is not needed.
            let dx = (k > 0).then(|| delta.dot(&layer.w.t()));
            layer.w.scaled_add(-self.learning_rate, &dw);
            layer.b.scaled_add(-self.learning_rate, &db);
            match dx {
                Some(dx) => dy = dx,
                None => break,
            }
        }
        loss
    }
}
