//! constnet's side of every workload. Every call into constnet's API is in this file, so a
//! change of that API is a change here only.

use core::ops::ControlFlow;

use constnet::{
    boxed_zeroed, train, Batch, Dataset, Dense, Identity, Init, Initialize, InputBatch, Layer,
    Loss, Mse, Network, Optimizer, OutputBatch, Parameters, Plan, Real, Relu, Sgd, Sigmoid,
    SoftmaxCrossEntropy, Zeroable,
};
use nalgebra::SMatrix;

use super::{w1, w2, w3, w4, LayerWeights, Run};

pub type W1Net<T> = Network<(
    Dense<T, { w1::INPUTS }, { w1::HIDDEN }, Sigmoid>,
    Dense<T, { w1::HIDDEN }, { w1::OUTPUTS }, Sigmoid>,
)>;
pub type W2Net = Network<(
    Dense<f32, { w2::INPUTS }, { w2::HIDDEN }, Relu>,
    Dense<f32, { w2::HIDDEN }, { w2::HIDDEN }, Relu>,
    Dense<f32, { w2::HIDDEN }, { w2::OUTPUTS }, Sigmoid>,
)>;
pub type W3Net = Network<(
    Dense<f32, { w3::INPUTS }, { w3::HIDDEN }, Relu>,
    Dense<f32, { w3::HIDDEN }, { w3::CLASSES }, Identity>,
)>;
pub type W4Net = Network<(
    Dense<f32, { w4::INPUTS }, { w4::HIDDEN }, Relu>,
    Dense<f32, { w4::HIDDEN }, { w4::CLASSES }, Identity>,
)>;

/// A network with its optimizer.
struct Trainer<N: Layer> {
    net: Box<N>,
    /// The buffer every step writes its gradients into (and the update its undo values).
    gradients: Box<N::Gradients>,
    sgd: Sgd<N::Scalar>,
}

impl<N: Layer + Initialize + Zeroable> Trainer<N>
where
    N::Gradients: Zeroable,
{
    /// The network from constnet's seeded initialization, built on the heap (W4's is about
    /// 400 KB, and so are its gradients) and initialized in place.
    fn seeded(init: Init, seed: u64, learning_rate: f64) -> Self {
        let mut net = boxed_zeroed::<N>();
        net.initialize_seeded(init, seed);
        Self {
            net,
            gradients: boxed_zeroed(),
            sgd: Sgd::new(N::Scalar::lit(learning_rate)).unwrap(),
        }
    }
}

impl<N: Layer> Trainer<N> {
    /// One training step: the loss of the batch and its gradients, then one SGD update.
    fn step<L: Loss<N::Scalar>, const B: usize>(
        &mut self,
        x: &InputBatch<N, B>,
        y: &OutputBatch<N, B>,
    ) -> N::Scalar {
        let loss = self
            .net
            .loss_and_gradients_into::<L, B>(x, y, &mut self.gradients);
        self.sgd
            .step(&mut *self.net, &mut self.gradients)
            .expect("the update stays finite");
        loss
    }

    fn weights(&self) -> Vec<LayerWeights<N::Scalar>> {
        weights(&*self.net)
    }
}

/// Every layer's `W` and `b`, read through constnet's flat walk of the parameters
/// (`W⁰, b⁰, W¹, b¹, …`, each column-major with its descriptor).
fn weights<N: Parameters>(net: &N) -> Vec<LayerWeights<N::Scalar>> {
    let mut matrices = Vec::new();
    net.visit(&mut |matrix, elements| matrices.push((elements.to_vec(), matrix.rows)));
    matrices
        .chunks(2)
        .map(|pair| {
            let ((w, inputs), (b, _)) = (&pair[0], &pair[1]);
            let (inputs, outputs) = (*inputs, b.len());
            LayerWeights {
                inputs,
                outputs,
                w: (0..inputs * outputs)
                    .map(|k| w[(k % outputs) * inputs + k / outputs])
                    .collect(),
                b: b.clone(),
            }
        })
        .collect()
}

/// Rows `first..first + B` of a workload's data as one batch.
fn batch<T: Real, const B: usize, const N: usize>(
    rows: &[[f64; N]],
    first: usize,
) -> SMatrix<T, B, N> {
    SMatrix::from_fn(|r, c| T::lit(rows[first + r][c]))
}

fn rows_of<T: Real, const B: usize, const N: usize>(m: &SMatrix<T, B, N>) -> Vec<Vec<T>> {
    m.row_iter()
        .map(|row| row.iter().copied().collect())
        .collect()
}

/// W1 in `f32` or `f64`.
pub struct W1<T: Real> {
    trainer: Trainer<W1Net<T>>,
    inputs: [SMatrix<T, 1, { w1::INPUTS }>; 4],
    targets: [SMatrix<T, 1, { w1::OUTPUTS }>; 4],
    infer: SMatrix<T, { w1::INFER_ROWS }, { w1::INPUTS }>,
}

impl<T: Real + Zeroable> W1<T> {
    pub fn new() -> Self {
        Self {
            trainer: Trainer::seeded(Init::Xavier, w1::SEED, w1::LEARNING_RATE),
            inputs: core::array::from_fn(|k| batch(&w1::INPUT_ROWS, k)),
            targets: core::array::from_fn(|k| batch(&w1::TARGET_ROWS, k)),
            infer: batch(&w1::INPUT_ROWS, 0),
        }
    }
}

impl<T: Real + Zeroable + Into<f64>> Run for W1<T> {
    type Scalar = T;
    type Output = SMatrix<T, { w1::INFER_ROWS }, { w1::OUTPUTS }>;

    fn train(&mut self) -> T {
        let mut total = T::zero();
        for (x, y) in self.inputs.iter().zip(&self.targets) {
            total += self.trainer.step::<Mse, 1>(x, y);
        }
        total / T::lit(4.0)
    }

    fn infer(&self) -> Self::Output {
        self.trainer.net.forward(&self.infer)
    }

    fn output_rows(output: &Self::Output) -> Vec<Vec<T>> {
        rows_of(output)
    }

    fn weights(&self) -> Vec<LayerWeights<T>> {
        self.trainer.weights()
    }
}

/// W2.
pub struct W2 {
    trainer: Trainer<W2Net>,
    inputs: Vec<SMatrix<f32, 1, { w2::INPUTS }>>,
    targets: Vec<SMatrix<f32, 1, { w2::OUTPUTS }>>,
    infer: SMatrix<f32, { w2::INFER_ROWS }, { w2::INPUTS }>,
}

impl W2 {
    pub fn new() -> Self {
        let (inputs, targets) = w2::data();
        Self {
            trainer: Trainer::seeded(Init::He, w2::SEED, w2::LEARNING_RATE),
            inputs: (0..w2::SAMPLES).map(|k| batch(&inputs, k)).collect(),
            targets: (0..w2::SAMPLES).map(|k| batch(&targets, k)).collect(),
            infer: batch(&inputs, 0),
        }
    }
}

impl Run for W2 {
    type Scalar = f32;
    type Output = SMatrix<f32, { w2::INFER_ROWS }, { w2::OUTPUTS }>;

    fn train(&mut self) -> f32 {
        let mut total = 0.0;
        for (x, y) in self.inputs.iter().zip(&self.targets) {
            total += self.trainer.step::<Mse, 1>(x, y);
        }
        total / w2::SAMPLES as f32
    }

    fn infer(&self) -> Self::Output {
        self.trainer.net.forward(&self.infer)
    }

    fn output_rows(output: &Self::Output) -> Vec<Vec<f32>> {
        rows_of(output)
    }

    fn weights(&self) -> Vec<LayerWeights<f32>> {
        self.trainer.weights()
    }
}

/// W3, trained by constnet's own loop: one `train` call with a plan of one epoch.
pub struct W3 {
    trainer: Trainer<W3Net>,
    /// Validated once, as a user would; the rows are leaked so that the run can own a
    /// `Dataset` that borrows them.
    data: Dataset<'static, f32, { w3::INPUTS }, { w3::CLASSES }>,
    plan: Plan<SoftmaxCrossEntropy, { w3::BATCH }, f32>,
    infer: SMatrix<f32, { w3::INFER_ROWS }, { w3::INPUTS }>,
}

impl W3 {
    pub fn new() -> Self {
        let (inputs, targets) = w3::data();
        let input_rows: Vec<_> = (0..w3::ROWS).map(|k| batch(&inputs, k)).collect();
        let target_rows: Vec<_> = (0..w3::ROWS).map(|k| batch(&targets, k)).collect();
        let data = Dataset::new(input_rows.leak(), target_rows.leak()).expect("finite data");
        Self {
            trainer: Trainer::seeded(Init::He, w3::SEED, w3::LEARNING_RATE),
            data,
            plan: Plan::new(SoftmaxCrossEntropy, Batch::<{ w3::BATCH }>, 1),
            infer: batch(&inputs, 0),
        }
    }
}

impl Run for W3 {
    type Scalar = f32;
    type Output = SMatrix<f32, { w3::INFER_ROWS }, { w3::CLASSES }>;

    fn train(&mut self) -> f32 {
        let trainer = &mut self.trainer;
        let report = train(
            &mut *trainer.net,
            &mut trainer.sgd,
            &self.data,
            &self.plan,
            |_, _, _| ControlFlow::Continue(()),
        )
        .expect("training stays finite");
        report.loss.expect("one epoch ran")
    }

    fn infer(&self) -> Self::Output {
        self.trainer.net.forward(&self.infer)
    }

    fn output_rows(output: &Self::Output) -> Vec<Vec<f32>> {
        rows_of(output)
    }

    fn weights(&self) -> Vec<LayerWeights<f32>> {
        self.trainer.weights()
    }
}

type W4Batch = (
    SMatrix<f32, { w4::BATCH }, { w4::INPUTS }>,
    SMatrix<f32, { w4::BATCH }, { w4::CLASSES }>,
);

/// W4.
pub struct W4 {
    trainer: Trainer<W4Net>,
    batches: Vec<W4Batch>,
    next: usize,
}

impl W4 {
    pub fn new() -> Self {
        let (inputs, targets) = w4::data();
        Self {
            trainer: Trainer::seeded(Init::He, w4::SEED, w4::LEARNING_RATE),
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
    type Output = SMatrix<f32, { w4::INFER_ROWS }, { w4::CLASSES }>;

    fn train(&mut self) -> f32 {
        let (x, y) = &self.batches[self.next];
        self.next = (self.next + 1) % w4::BATCHES;
        self.trainer
            .step::<SoftmaxCrossEntropy, { w4::BATCH }>(x, y)
    }

    fn infer(&self) -> Self::Output {
        self.trainer.net.forward(&self.batches[0].0)
    }

    fn output_rows(output: &Self::Output) -> Vec<Vec<f32>> {
        rows_of(output)
    }

    fn weights(&self) -> Vec<LayerWeights<f32>> {
        self.trainer.weights()
    }
}
