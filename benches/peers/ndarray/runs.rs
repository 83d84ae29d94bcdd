//! The workloads driven with the `ndarray` networks.

use ::ndarray::{Array2, Axis};

use super::{Activation, Loss, Mlp, Scalar};
use crate::workloads::{w1, w2, w3, w4, LayerWeights, Run};

/// Rows `first..first + count` of a workload's data as one batch.
fn batch<T: Scalar, const N: usize>(rows: &[[f64; N]], first: usize, count: usize) -> Array2<T> {
    Array2::from_shape_fn((count, N), |(r, c)| T::from_f64(rows[first + r][c]))
}

fn to_rows<T: Copy>(output: &Array2<T>) -> Vec<Vec<T>> {
    output.rows().into_iter().map(|row| row.to_vec()).collect()
}

/// A workload trained one sample at a time: each sample a 1-row `Array2`, built once.
pub struct PerSample<T> {
    net: Mlp<T>,
    samples: Vec<(Array2<T>, Array2<T>)>,
    infer: Array2<T>,
}

impl<T: Scalar> PerSample<T> {
    fn new<const I: usize, const O: usize>(
        net: Mlp<T>,
        inputs: &[[f64; I]],
        targets: &[[f64; O]],
        infer_rows: usize,
    ) -> Self {
        Self {
            net,
            samples: (0..inputs.len())
                .map(|k| (batch(inputs, k, 1), batch(targets, k, 1)))
                .collect(),
            infer: batch(inputs, 0, infer_rows),
        }
    }
}

impl<T: Scalar + Into<f64>> Run for PerSample<T> {
    type Scalar = T;
    type Output = Array2<T>;

    fn train(&mut self) -> T {
        let mut total = T::ZERO;
        for (x, y) in &self.samples {
            total += self.net.train_step(x, y);
        }
        total / T::from_f64(self.samples.len() as f64)
    }

    fn infer(&self) -> Array2<T> {
        self.net.predict(&self.infer)
    }

    fn output_rows(output: &Array2<T>) -> Vec<Vec<T>> {
        to_rows(output)
    }

    fn weights(&self) -> Vec<LayerWeights<T>> {
        self.net.weights()
    }
}

pub type W1<T> = PerSample<T>;
pub type W2 = PerSample<f32>;

pub fn w1<T: Scalar>(weights: &[LayerWeights<T>]) -> W1<T> {
    let net = Mlp::new(
        weights,
        &[Activation::Sigmoid, Activation::Sigmoid],
        Loss::Mse,
        w1::LEARNING_RATE,
    );
    PerSample::new(net, &w1::INPUT_ROWS, &w1::TARGET_ROWS, w1::INFER_ROWS)
}

pub fn w2(weights: &[LayerWeights<f32>]) -> W2 {
    let (inputs, targets) = w2::data();
    let net = Mlp::new(
        weights,
        &[Activation::Relu, Activation::Relu, Activation::Sigmoid],
        Loss::Mse,
        w2::LEARNING_RATE,
    );
    PerSample::new(net, &inputs, &targets, w2::INFER_ROWS)
}

pub struct W3 {
    net: Mlp<f32>,
    inputs: Array2<f32>,
    targets: Array2<f32>,
    infer: Array2<f32>,
}

impl W3 {
    pub fn new(weights: &[LayerWeights<f32>]) -> Self {
        let (inputs, targets) = w3::data();
        Self {
            net: Mlp::new(
                weights,
                &[Activation::Relu, Activation::Identity],
                Loss::SoftmaxCrossEntropy,
                w3::LEARNING_RATE,
            ),
            inputs: batch(&inputs, 0, w3::ROWS),
            targets: batch(&targets, 0, w3::ROWS),
            infer: batch(&inputs, 0, w3::INFER_ROWS),
        }
    }
}

impl Run for W3 {
    type Scalar = f32;
    type Output = Array2<f32>;

    /// One epoch: each batch gathered with `select`, the last one completed from the start.
    fn train(&mut self) -> f32 {
        let mut total = 0.0;
        for step in 0..w3::STEPS {
            let rows: Vec<usize> = (0..w3::BATCH).map(|r| w3::row(step, r)).collect();
            let x = self.inputs.select(Axis(0), &rows);
            let y = self.targets.select(Axis(0), &rows);
            total += self.net.train_step(&x, &y);
        }
        total / w3::STEPS as f32
    }

    fn infer(&self) -> Array2<f32> {
        self.net.predict(&self.infer)
    }

    fn output_rows(output: &Array2<f32>) -> Vec<Vec<f32>> {
        to_rows(output)
    }

    fn weights(&self) -> Vec<LayerWeights<f32>> {
        self.net.weights()
    }
}

pub struct W4 {
    net: Mlp<f32>,
    batches: Vec<(Array2<f32>, Array2<f32>)>,
    next: usize,
}

impl W4 {
    pub fn new(weights: &[LayerWeights<f32>]) -> Self {
        let (inputs, targets) = w4::data();
        Self {
            net: Mlp::new(
                weights,
                &[Activation::Relu, Activation::Identity],
                Loss::SoftmaxCrossEntropy,
                w4::LEARNING_RATE,
            ),
            batches: (0..w4::BATCHES)
                .map(|k| {
                    let first = k * w4::BATCH;
                    (
                        batch(&inputs, first, w4::BATCH),
                        batch(&targets, first, w4::BATCH),
                    )
                })
                .collect(),
            next: 0,
        }
    }
}

impl Run for W4 {
    type Scalar = f32;
    type Output = Array2<f32>;

    fn train(&mut self) -> f32 {
        let (x, y) = &self.batches[self.next];
        self.next = (self.next + 1) % w4::BATCHES;
        self.net.train_step(x, y)
    }

    fn infer(&self) -> Array2<f32> {
        self.net.predict(&self.batches[0].0)
    }

    fn output_rows(output: &Array2<f32>) -> Vec<Vec<f32>> {
        to_rows(output)
    }

    fn weights(&self) -> Vec<LayerWeights<f32>> {
        self.net.weights()
    }
}
