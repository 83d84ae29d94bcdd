//! The workloads driven with the scalar networks.

use super::{Identity, Mse, Relu, Sigmoid, SoftmaxCrossEntropy, ThreeLayer, TwoLayer};
use crate::peers::Float;
use crate::workloads::{w1, w2, w3, w4, LayerWeights, Run};

/// A workload's rows in `T`.
fn rows<T: Float, const N: usize>(rows: &[[f64; N]]) -> Vec<[T; N]> {
    rows.iter().map(|row| row.map(T::from_f64)).collect()
}

/// Rows `first..first + B` as one batch.
fn batch<T: Float, const B: usize, const N: usize>(rows: &[[f64; N]], first: usize) -> [[T; N]; B] {
    core::array::from_fn(|r| rows[first + r].map(T::from_f64))
}

fn to_rows<T: Copy, const B: usize, const N: usize>(output: &[[T; N]; B]) -> Vec<Vec<T>> {
    output.iter().map(|row| row.to_vec()).collect()
}

type W1Net<T> = TwoLayer<T, { w1::INPUTS }, { w1::HIDDEN }, { w1::OUTPUTS }, Sigmoid, Sigmoid>;

pub struct W1<T> {
    net: W1Net<T>,
    inputs: [[[T; w1::INPUTS]; 1]; 4],
    targets: [[[T; w1::OUTPUTS]; 1]; 4],
    infer: [[T; w1::INPUTS]; w1::INFER_ROWS],
    learning_rate: T,
}

impl<T: Float> W1<T> {
    pub fn new(weights: &[LayerWeights<T>]) -> Self {
        Self {
            net: TwoLayer::new(weights),
            inputs: core::array::from_fn(|k| batch(&w1::INPUT_ROWS, k)),
            targets: core::array::from_fn(|k| batch(&w1::TARGET_ROWS, k)),
            infer: batch(&w1::INPUT_ROWS, 0),
            learning_rate: T::from_f64(w1::LEARNING_RATE),
        }
    }
}

impl<T: Float + Into<f64>> Run for W1<T> {
    type Scalar = T;
    type Output = [[T; w1::OUTPUTS]; w1::INFER_ROWS];

    fn train(&mut self) -> T {
        let mut total = T::ZERO;
        for (x, y) in self.inputs.iter().zip(&self.targets) {
            total += self.net.train_step::<Mse, 1>(x, y, self.learning_rate);
        }
        total / T::from_f64(4.0)
    }

    fn infer(&self) -> Self::Output {
        self.net.predict(&self.infer)
    }

    fn output_rows(output: &Self::Output) -> Vec<Vec<T>> {
        to_rows(output)
    }

    fn weights(&self) -> Vec<LayerWeights<T>> {
        self.net.weights()
    }
}

type W2Net = ThreeLayer<
    f32,
    { w2::INPUTS },
    { w2::HIDDEN },
    { w2::HIDDEN },
    { w2::OUTPUTS },
    Relu,
    Relu,
    Sigmoid,
>;

pub struct W2 {
    net: W2Net,
    inputs: Vec<[f32; w2::INPUTS]>,
    targets: Vec<[f32; w2::OUTPUTS]>,
    infer: [[f32; w2::INPUTS]; w2::INFER_ROWS],
}

impl W2 {
    pub fn new(weights: &[LayerWeights<f32>]) -> Self {
        let (inputs, targets) = w2::data();
        Self {
            net: ThreeLayer::new(weights),
            inputs: rows(&inputs),
            targets: rows(&targets),
            infer: batch(&inputs, 0),
        }
    }
}

impl Run for W2 {
    type Scalar = f32;
    type Output = [[f32; w2::OUTPUTS]; w2::INFER_ROWS];

    fn train(&mut self) -> f32 {
        let learning_rate = w2::LEARNING_RATE as f32;
        let mut total = 0.0;
        for (x, y) in self.inputs.iter().zip(&self.targets) {
            total += self.net.train_step::<Mse, 1>(&[*x], &[*y], learning_rate);
        }
        total / w2::SAMPLES as f32
    }

    fn infer(&self) -> Self::Output {
        self.net.predict(&self.infer)
    }

    fn output_rows(output: &Self::Output) -> Vec<Vec<f32>> {
        to_rows(output)
    }

    fn weights(&self) -> Vec<LayerWeights<f32>> {
        self.net.weights()
    }
}

type W3Net = TwoLayer<f32, { w3::INPUTS }, { w3::HIDDEN }, { w3::CLASSES }, Relu, Identity>;

pub struct W3 {
    net: W3Net,
    inputs: Vec<[f32; w3::INPUTS]>,
    targets: Vec<[f32; w3::CLASSES]>,
    infer: [[f32; w3::INPUTS]; w3::INFER_ROWS],
}

impl W3 {
    pub fn new(weights: &[LayerWeights<f32>]) -> Self {
        let (inputs, targets) = w3::data();
        Self {
            net: TwoLayer::new(weights),
            inputs: rows(&inputs),
            targets: rows(&targets),
            infer: batch(&inputs, 0),
        }
    }
}

impl Run for W3 {
    type Scalar = f32;
    type Output = [[f32; w3::CLASSES]; w3::INFER_ROWS];

    /// One epoch: each batch gathered from the rows, the last one completed from the start.
    fn train(&mut self) -> f32 {
        let learning_rate = w3::LEARNING_RATE as f32;
        let mut total = 0.0;
        for step in 0..w3::STEPS {
            let x: [_; w3::BATCH] = core::array::from_fn(|r| self.inputs[w3::row(step, r)]);
            let y: [_; w3::BATCH] = core::array::from_fn(|r| self.targets[w3::row(step, r)]);
            total +=
                self.net
                    .train_step::<SoftmaxCrossEntropy, { w3::BATCH }>(&x, &y, learning_rate);
        }
        total / w3::STEPS as f32
    }

    fn infer(&self) -> Self::Output {
        self.net.predict(&self.infer)
    }

    fn output_rows(output: &Self::Output) -> Vec<Vec<f32>> {
        to_rows(output)
    }

    fn weights(&self) -> Vec<LayerWeights<f32>> {
        self.net.weights()
    }
}

type W4Net = TwoLayer<f32, { w4::INPUTS }, { w4::HIDDEN }, { w4::CLASSES }, Relu, Identity>;
type W4Batch = (
    [[f32; w4::INPUTS]; w4::BATCH],
    [[f32; w4::CLASSES]; w4::BATCH],
);

pub struct W4 {
    /// About 800 KB with its gradients, so on the heap.
    net: Box<W4Net>,
    batches: Vec<W4Batch>,
    next: usize,
}

impl W4 {
    pub fn new(weights: &[LayerWeights<f32>]) -> Self {
        let (inputs, targets) = w4::data();
        Self {
            net: Box::new(TwoLayer::new(weights)),
            batches: (0..w4::BATCHES)
                .map(|k| {
                    (
                        batch(&inputs, k * w4::BATCH),
                        batch(&targets, k * w4::BATCH),
                    )
                })
                .collect(),
            next: 0,
        }
    }
}

impl Run for W4 {
    type Scalar = f32;
    type Output = [[f32; w4::CLASSES]; w4::INFER_ROWS];

    fn train(&mut self) -> f32 {
        let (x, y) = &self.batches[self.next];
        self.next = (self.next + 1) % w4::BATCHES;
        self.net
            .train_step::<SoftmaxCrossEntropy, { w4::BATCH }>(x, y, w4::LEARNING_RATE as f32)
    }

    fn infer(&self) -> Self::Output {
        self.net.predict(&self.batches[0].0)
    }

    fn output_rows(output: &Self::Output) -> Vec<Vec<f32>> {
        to_rows(output)
    }

    fn weights(&self) -> Vec<LayerWeights<f32>> {
        self.net.weights()
    }
}
