//! The networks as a user would write them in plain Rust: each layer's `W` an
//! `[[T; OUT]; IN]`, each batch an `[[T; N]; B]`, sizes known at compile time, loops in the
//! order that walks memory contiguously, the standard library's `exp`, no SIMD intrinsics
//! and no `unsafe`.

pub mod runs;

use core::marker::PhantomData;

use super::Float;
use crate::workloads::LayerWeights;

/// An element-wise activation and its derivative.
pub trait Activation {
    fn apply<T: Float>(v: T) -> T;
    /// `g'(v)`, given `v` and `y = g(v)`.
    fn derivative<T: Float>(v: T, y: T) -> T;
}

pub struct Sigmoid;
pub struct Relu;
pub struct Identity;

impl Activation for Sigmoid {
    fn apply<T: Float>(v: T) -> T {
        T::ONE / (T::ONE + (-v).exp())
    }
    fn derivative<T: Float>(_: T, y: T) -> T {
        y * (T::ONE - y)
    }
}

impl Activation for Relu {
    fn apply<T: Float>(v: T) -> T {
        if v > T::ZERO {
            v
        } else {
            T::ZERO
        }
    }
    fn derivative<T: Float>(v: T, _: T) -> T {
        if v > T::ZERO {
            T::ONE
        } else {
            T::ZERO
        }
    }
}

impl Activation for Identity {
    fn apply<T: Float>(v: T) -> T {
        v
    }
    fn derivative<T: Float>(_: T, _: T) -> T {
        T::ONE
    }
}

/// A loss over a batch (the mean over rows) and its gradient with respect to the prediction.
pub trait Loss {
    fn loss_and_gradient<T: Float, const B: usize, const N: usize>(
        prediction: &[[T; N]; B],
        target: &[[T; N]; B],
    ) -> (T, [[T; N]; B]);
}

/// `(1/N) Σ (t - y)²` per row.
pub struct Mse;

/// Cross-entropy of the softmax of raw scores.
pub struct SoftmaxCrossEntropy;

impl Loss for Mse {
    fn loss_and_gradient<T: Float, const B: usize, const N: usize>(
        prediction: &[[T; N]; B],
        target: &[[T; N]; B],
    ) -> (T, [[T; N]; B]) {
        let count = T::from_f64((N * B) as f64);
        let scale = T::from_f64(-2.0 / (N * B) as f64);
        let mut sum = T::ZERO;
        let mut gradient = [[T::ZERO; N]; B];
        for r in 0..B {
            for j in 0..N {
                let d = target[r][j] - prediction[r][j];
                sum += d * d;
                gradient[r][j] = scale * d;
            }
        }
        (sum / count, gradient)
    }
}

impl Loss for SoftmaxCrossEntropy {
    fn loss_and_gradient<T: Float, const B: usize, const N: usize>(
        scores: &[[T; N]; B],
        target: &[[T; N]; B],
    ) -> (T, [[T; N]; B]) {
        let batch = T::from_f64(B as f64);
        let mut loss = T::ZERO;
        let mut gradient = [[T::ZERO; N]; B];
        for r in 0..B {
            // Shifted by the row's maximum so that exp cannot overflow.
            let mut max = T::NEG_INFINITY;
            for &s in &scores[r] {
                if s > max {
                    max = s;
                }
            }
            let mut e = [T::ZERO; N];
            let mut sum = T::ZERO;
            for j in 0..N {
                e[j] = (scores[r][j] - max).exp();
                sum += e[j];
            }
            let log_sum = sum.ln();
            for j in 0..N {
                // -Σ t ln p, with ln p = s - max - ln Σ e.
                loss -= target[r][j] * (scores[r][j] - max - log_sum);
                gradient[r][j] = (e[j] / sum - target[r][j]) / batch;
            }
        }
        (loss / batch, gradient)
    }
}

/// A fully connected layer `v = x W + b`, `y = g(v)`.
pub struct Dense<T, const IN: usize, const OUT: usize, A> {
    pub w: [[T; OUT]; IN],
    pub b: [T; OUT],
    activation: PhantomData<A>,
}

/// `∂L/∂W` and `∂L/∂b` of a layer.
pub struct Gradients<T, const IN: usize, const OUT: usize> {
    pub w: [[T; OUT]; IN],
    pub b: [T; OUT],
}

impl<T: Float, const IN: usize, const OUT: usize> Gradients<T, IN, OUT> {
    pub fn zeros() -> Self {
        Self {
            w: [[T::ZERO; OUT]; IN],
            b: [T::ZERO; OUT],
        }
    }
}

impl<T: Float, const IN: usize, const OUT: usize, A: Activation> Dense<T, IN, OUT, A> {
    pub fn from_weights(p: &LayerWeights<T>) -> Self {
        assert_eq!((p.inputs, p.outputs), (IN, OUT), "layer shape");
        Self {
            w: core::array::from_fn(|i| core::array::from_fn(|j| p.weight(i, j))),
            b: core::array::from_fn(|j| p.b[j]),
            activation: PhantomData,
        }
    }

    pub fn weights(&self) -> LayerWeights<T> {
        LayerWeights {
            inputs: IN,
            outputs: OUT,
            w: self.w.iter().flatten().copied().collect(),
            b: self.b.to_vec(),
        }
    }

    /// `v = x W + b` for every row of `x`.
    pub fn pre_activation<const B: usize>(&self, x: &[[T; IN]; B]) -> [[T; OUT]; B] {
        let mut v = [self.b; B];
        for (x, v) in x.iter().zip(&mut v) {
            // v += x_i · (row i of W): the inner loop runs along contiguous memory.
            for (&xi, w) in x.iter().zip(&self.w) {
                for (v, &w) in v.iter_mut().zip(w) {
                    *v += xi * w;
                }
            }
        }
        v
    }

    /// `(v, y)`, both kept for the backward pass.
    pub fn forward<const B: usize>(&self, x: &[[T; IN]; B]) -> ([[T; OUT]; B], [[T; OUT]; B]) {
        let v = self.pre_activation(x);
        let mut y = v;
        for y in y.iter_mut().flatten() {
            *y = A::apply(*y);
        }
        (v, y)
    }

    /// `y` alone, for inference.
    pub fn output<const B: usize>(&self, x: &[[T; IN]; B]) -> [[T; OUT]; B] {
        let mut y = self.pre_activation(x);
        for y in y.iter_mut().flatten() {
            *y = A::apply(*y);
        }
        y
    }

    /// From `∂L/∂y`: `δ = ∂L/∂y ⊙ g'(v)`, then `∂W = xᵀ δ` and `∂b = Σ_rows δ` into
    /// `gradients`. Returns `δ` for [`Dense::input_gradient`].
    pub fn backward<const B: usize>(
        &self,
        x: &[[T; IN]; B],
        v: &[[T; OUT]; B],
        y: &[[T; OUT]; B],
        dy: &[[T; OUT]; B],
        gradients: &mut Gradients<T, IN, OUT>,
    ) -> [[T; OUT]; B] {
        let mut delta = [[T::ZERO; OUT]; B];
        for r in 0..B {
            for j in 0..OUT {
                delta[r][j] = dy[r][j] * A::derivative(v[r][j], y[r][j]);
            }
        }
        // Row i of ∂W accumulates x[r][i] · δ[r] over the batch while it stays in cache.
        for (i, gw) in gradients.w.iter_mut().enumerate() {
            *gw = [T::ZERO; OUT];
            for (x, delta) in x.iter().zip(&delta) {
                let xi = x[i];
                for (g, &d) in gw.iter_mut().zip(delta) {
                    *g += xi * d;
                }
            }
        }
        gradients.b = [T::ZERO; OUT];
        for delta in &delta {
            for (g, &d) in gradients.b.iter_mut().zip(delta) {
                *g += d;
            }
        }
        delta
    }

    /// `∂L/∂x = δ Wᵀ`: each entry the dot product of a row of `δ` with a row of `W`.
    pub fn input_gradient<const B: usize>(&self, delta: &[[T; OUT]; B]) -> [[T; IN]; B] {
        let mut dx = [[T::ZERO; IN]; B];
        for (dx, delta) in dx.iter_mut().zip(delta) {
            for (dx, w) in dx.iter_mut().zip(&self.w) {
                let mut sum = T::ZERO;
                for (&d, &w) in delta.iter().zip(w) {
                    sum += d * w;
                }
                *dx = sum;
            }
        }
        dx
    }

    /// `θ ← θ - η ∂L/∂θ`.
    pub fn sgd(&mut self, gradients: &Gradients<T, IN, OUT>, learning_rate: T) {
        for (w, g) in self
            .w
            .iter_mut()
            .flatten()
            .zip(gradients.w.iter().flatten())
        {
            *w -= learning_rate * *g;
        }
        for (b, &g) in self.b.iter_mut().zip(&gradients.b) {
            *b -= learning_rate * g;
        }
    }
}

/// `I → H → O`, with its gradients kept between steps.
pub struct TwoLayer<T, const I: usize, const H: usize, const O: usize, A0, A1> {
    pub l0: Dense<T, I, H, A0>,
    pub l1: Dense<T, H, O, A1>,
    g0: Gradients<T, I, H>,
    g1: Gradients<T, H, O>,
}

impl<T: Float, const I: usize, const H: usize, const O: usize, A0: Activation, A1: Activation>
    TwoLayer<T, I, H, O, A0, A1>
{
    pub fn new(weights: &[LayerWeights<T>]) -> Self {
        assert_eq!(weights.len(), 2, "layers");
        Self {
            l0: Dense::from_weights(&weights[0]),
            l1: Dense::from_weights(&weights[1]),
            g0: Gradients::zeros(),
            g1: Gradients::zeros(),
        }
    }

    pub fn weights(&self) -> Vec<LayerWeights<T>> {
        vec![self.l0.weights(), self.l1.weights()]
    }

    pub fn predict<const B: usize>(&self, x: &[[T; I]; B]) -> [[T; O]; B] {
        self.l1.output(&self.l0.output(x))
    }

    /// Forward, loss, backward, SGD; returns the loss measured before the update.
    pub fn train_step<L: Loss, const B: usize>(
        &mut self,
        x: &[[T; I]; B],
        target: &[[T; O]; B],
        learning_rate: T,
    ) -> T {
        let (v0, y0) = self.l0.forward(x);
        let (v1, y1) = self.l1.forward(&y0);
        let (loss, dy1) = L::loss_and_gradient(&y1, target);
        let d1 = self.l1.backward(&y0, &v1, &y1, &dy1, &mut self.g1);
        let dy0 = self.l1.input_gradient(&d1);
        self.l0.backward(x, &v0, &y0, &dy0, &mut self.g0);
        self.l0.sgd(&self.g0, learning_rate);
        self.l1.sgd(&self.g1, learning_rate);
        loss
    }
}

/// `I → H0 → H1 → O`, with its gradients kept between steps.
pub struct ThreeLayer<
    T,
    const I: usize,
    const H0: usize,
    const H1: usize,
    const O: usize,
    A0,
    A1,
    A2,
> {
    pub l0: Dense<T, I, H0, A0>,
    pub l1: Dense<T, H0, H1, A1>,
    pub l2: Dense<T, H1, O, A2>,
    g0: Gradients<T, I, H0>,
    g1: Gradients<T, H0, H1>,
    g2: Gradients<T, H1, O>,
}

impl<
        T: Float,
        const I: usize,
        const H0: usize,
        const H1: usize,
        const O: usize,
        A0: Activation,
        A1: Activation,
        A2: Activation,
    > ThreeLayer<T, I, H0, H1, O, A0, A1, A2>
{
    pub fn new(weights: &[LayerWeights<T>]) -> Self {
        assert_eq!(weights.len(), 3, "layers");
        Self {
            l0: Dense::from_weights(&weights[0]),
            l1: Dense::from_weights(&weights[1]),
            l2: Dense::from_weights(&weights[2]),
            g0: Gradients::zeros(),
            g1: Gradients::zeros(),
            g2: Gradients::zeros(),
        }
    }

    pub fn weights(&self) -> Vec<LayerWeights<T>> {
        vec![self.l0.weights(), self.l1.weights(), self.l2.weights()]
    }

    pub fn predict<const B: usize>(&self, x: &[[T; I]; B]) -> [[T; O]; B] {
        self.l2.output(&self.l1.output(&self.l0.output(x)))
    }

    /// Forward, loss, backward, SGD; returns the loss measured before the update.
    pub fn train_step<L: Loss, const B: usize>(
        &mut self,
        x: &[[T; I]; B],
        target: &[[T; O]; B],
        learning_rate: T,
    ) -> T {
        let (v0, y0) = self.l0.forward(x);
        let (v1, y1) = self.l1.forward(&y0);
        let (v2, y2) = self.l2.forward(&y1);
        let (loss, dy2) = L::loss_and_gradient(&y2, target);
        let d2 = self.l2.backward(&y1, &v2, &y2, &dy2, &mut self.g2);
        let dy1 = self.l2.input_gradient(&d2);
        let d1 = self.l1.backward(&y0, &v1, &y1, &dy1, &mut self.g1);
        let dy0 = self.l1.input_gradient(&d1);
        self.l0.backward(x, &v0, &y0, &dy0, &mut self.g0);
        self.l0.sgd(&self.g0, learning_rate);
        self.l1.sgd(&self.g1, learning_rate);
        self.l2.sgd(&self.g2, learning_rate);
        loss
    }
}
