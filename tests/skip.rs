//! Skip connections: `Residual` (`y = x + f(x)`) and `Concat` (`y = [x, f(x)]`) against hand
//! computations and central differences, inside networks that train.

use core::ops::ControlFlow;
use std::fmt::Debug;

use approx::{assert_relative_eq, assert_relative_ne};
use constnet::{
    boxed_zeroed, check_gradients, train, write_rust_const, Batch, CheckSettings, Concat, Dataset,
    Dense, Flat, Identity, Init, Initialize, InputBatch, Layer, Loss, LossKind, Momentum, Mse,
    Network, OutputBatch, Parameters, Plan, Residual, Sigmoid, SoftmaxCrossEntropy, Sse,
    StopReason, Tanh, Units,
};
use nalgebra::{matrix, SMatrix};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// The tolerance of every gradient check: relative error as `check_gradients` defines it.
const TOLERANCE: f64 = 1e-6;

type D<const I: usize, const O: usize, A> = Dense<f64, I, O, A>;

/// `1 / (1 + e^-v)`, written out with std's `exp`, independent of the crate's activations.
fn sigmoid(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}

// ---------------------------------------------------------------------------------------
// Forward values against hand computations.
// ---------------------------------------------------------------------------------------

#[test]
fn residual_forward_adds_the_input_to_the_block_output() {
    // f(x) = x W + b with identity activation, on two rows; every value by hand.
    let block = Residual::new(D::<2, 2, Identity>::from_rows(
        [[1.0, 2.0], [3.0, 4.0]],
        [0.5, -0.5],
    ));
    let x = matrix![1.0, -1.0; 2.0, 0.5];
    // Row 0: f = [1 - 3 + 0.5, 2 - 4 - 0.5] = [-1.5, -2.5]; y = [-0.5, -3.5].
    // Row 1: f = [2 + 1.5 + 0.5, 4 + 2 - 0.5] = [4, 5.5];    y = [6, 6].
    let expected = matrix![-0.5, -3.5; 6.0, 6.0];
    assert_eq!(block.forward(&x), expected);
    let trace = block.forward_trace(&x);
    assert_eq!(*Residual::<D<2, 2, Identity>>::output(&trace), expected);
    assert_eq!(trace.f.v, matrix![-1.5, -2.5; 4.0, 5.5]);
}

#[test]
fn residual_forward_with_a_sigmoid_block_matches_the_formula() {
    let w = [[0.5, -1.0, 0.25], [2.0, 0.75, -0.5], [-1.5, 0.1, 1.0]];
    let b = [0.1, -0.2, 0.3];
    let block = Residual::new(D::<3, 3, Sigmoid>::from_rows(w, b));
    let x = matrix![1.0, 2.0, -0.5; -1.0, 0.5, 0.25; 0.0, -2.0, 3.0; 0.3, 0.3, 0.3];
    let y = block.forward(&x);
    for r in 0..4 {
        for j in 0..3 {
            let v: f64 = b[j] + (0..3).map(|i| x[(r, i)] * w[i][j]).sum::<f64>();
            let expected = x[(r, j)] + sigmoid(v);
            assert_relative_eq!(y[(r, j)], expected, max_relative = 1e-15);
        }
    }
}

#[test]
fn residual_of_a_network_adds_the_input_to_the_whole_network() {
    // f = a 2→3→2 linear network: f(x) = (x W⁰ + b⁰) W¹ + b¹.
    let block = Residual::new(Network::new((
        D::<2, 3, Identity>::from_rows([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]], [0.0, 1.0, 0.0]),
        D::<3, 2, Identity>::from_rows([[1.0, 1.0], [2.0, 0.0], [0.0, 3.0]], [-1.0, 0.5]),
    )));
    // x = [2, 3]: hidden = [2, 4, 1]; f = [2 + 8 - 1, 2 + 3 + 0.5] = [9, 5.5]; y = [11, 8.5].
    assert_eq!(block.forward(&matrix![2.0, 3.0]), matrix![11.0, 8.5]);
}

#[test]
fn concat_forward_puts_the_input_columns_before_the_block_output() {
    // f(x) = x W + b, 2 → 2, identity; y = [x₀, x₁, f₀, f₁] on three rows.
    let layer = Concat::<_, 4>::new(D::<2, 2, Identity>::from_rows(
        [[1.0, -1.0], [2.0, 0.5]],
        [0.0, 1.0],
    ));
    let x = matrix![1.0, 2.0; -3.0, 0.0; 0.5, -0.5];
    // Row 0: f = [1 + 4, -1 + 1 + 1] = [5, 1].
    // Row 1: f = [-3, 3 + 1] = [-3, 4].
    // Row 2: f = [0.5 - 1, -0.5 - 0.25 + 1] = [-0.5, 0.25].
    let expected = matrix![
        1.0, 2.0, 5.0, 1.0;
        -3.0, 0.0, -3.0, 4.0;
        0.5, -0.5, -0.5, 0.25
    ];
    assert_eq!(layer.forward(&x), expected);
    let trace = layer.forward_trace(&x);
    assert_eq!(trace.y, expected);
    assert_eq!(trace.f.x, x);
}

#[test]
fn concat_xor_network_forward_matches_the_formula() {
    // The 1986 XOR network: one hidden unit h = σ(x W⁰ + b⁰); the output unit sees x₀, x₁, h.
    type Xor = Network<(Concat<D<2, 1, Sigmoid>, 3>, D<3, 1, Sigmoid>)>;
    let (w0, b0) = ([[-6.0], [-6.5]], [2.5]);
    let (w1, b1) = ([[5.0], [4.5], [-10.0]], [-2.0]);
    let net: Xor = Network::new((
        Concat::new(Dense::from_rows(w0, b0)),
        Dense::from_rows(w1, b1),
    ));
    let x = matrix![0.0, 0.0; 0.0, 1.0; 1.0, 0.0; 1.0, 1.0];
    let y = net.forward(&x);
    for r in 0..4 {
        let (x0, x1) = (x[(r, 0)], x[(r, 1)]);
        let h = sigmoid(x0 * w0[0][0] + x1 * w0[1][0] + b0[0]);
        let expected = sigmoid(x0 * w1[0][0] + x1 * w1[1][0] + h * w1[2][0] + b1[0]);
        assert_relative_eq!(y[(r, 0)], expected, max_relative = 1e-14);
    }
}

// ---------------------------------------------------------------------------------------
// Backward values against hand computations.
// ---------------------------------------------------------------------------------------

#[test]
fn residual_backward_adds_the_skip_path_to_the_block_gradient() {
    let w = [[1.0, 2.0], [3.0, 4.0]];
    let block = Residual::new(D::<2, 2, Identity>::from_rows(w, [0.5, -0.5]));
    let x = matrix![1.0, -1.0; 2.0, 0.5];
    let d = matrix![1.0, -2.0; 0.5, 3.0];
    let (gradients, dx) = block.backward(&block.forward_trace(&x), &d);
    // ∂L/∂x = d + d Wᵀ, and f's ∂L/∂W = xᵀ d, ∂L/∂b = column sums of d (identity: δ = d).
    for r in 0..2 {
        for i in 0..2 {
            let through_f: f64 = (0..2).map(|j| d[(r, j)] * w[i][j]).sum();
            assert_eq!(dx[(r, i)], d[(r, i)] + through_f);
        }
    }
    assert_eq!(gradients.w, x.transpose() * d);
    assert_eq!(gradients.b, matrix![1.5, 1.0]);
}

#[test]
fn concat_backward_splits_the_gradient_by_columns() {
    // f: 2 → 3, so the input's and f's columns differ in number.
    let w = [[1.0, -1.0, 0.5], [2.0, 0.5, -1.0]];
    let layer = Concat::<_, 5>::new(D::<2, 3, Identity>::from_rows(w, [0.0, 1.0, 0.0]));
    let x = matrix![1.0, 2.0; -3.0, 0.0; 0.5, -0.5];
    let d = matrix![
        1.0, 2.0, 3.0, 4.0, -1.0;
        -1.0, 0.5, 0.25, -2.0, 2.0;
        0.0, 1.0, -1.0, 0.5, 0.5
    ];
    let (gradients, dx) = layer.backward(&layer.forward_trace(&x), &d);
    // The first two columns of d go straight to x; the last three go through f.
    let d_f = d.fixed_columns::<3>(2).into_owned();
    for r in 0..3 {
        for i in 0..2 {
            let through_f: f64 = (0..3).map(|j| d_f[(r, j)] * w[i][j]).sum();
            assert_eq!(dx[(r, i)], d[(r, i)] + through_f, "row {r}, input {i}");
        }
    }
    assert_eq!(gradients.w, x.transpose() * d_f);
    assert_eq!(gradients.b, matrix![2.25, 2.5, 1.5]);
}

// ---------------------------------------------------------------------------------------
// Gradient checks.
// ---------------------------------------------------------------------------------------

/// Every parameter uniform in `[-1, 1)`.
fn randomize<P: Parameters<Scalar = f64>>(parameters: &mut P, rng: &mut SmallRng) {
    parameters.visit_mut(&mut |_, elements| {
        for element in elements {
            *element = rng.random_range(-1.0..1.0);
        }
    });
}

/// A random network of type `N` with a random batch of `B` inputs and targets.
fn random_case<N, const I: usize, const O: usize, const B: usize>(
    seed: u64,
) -> (N, SMatrix<f64, B, I>, SMatrix<f64, B, O>)
where
    N: Layer<Scalar = f64, Input = Units<I>, Output = Units<O>> + Default,
{
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut net = N::default();
    randomize(&mut net, &mut rng);
    let x = SMatrix::from_fn(|_, _| rng.random_range(-1.0..1.0));
    let target = SMatrix::from_fn(|_, _| rng.random_range(0.05..1.0));
    (net, x, target)
}

const SEEDS: u64 = 5;

/// Checks `SEEDS` random networks of type `N` with loss `L` on batches of `B` rows: every
/// parameter's gradient against central differences. Returns the worst relative error.
fn check_parameters<N, L, const I: usize, const O: usize, const B: usize>(name: &str) -> f64
where
    N: Layer<Scalar = f64, Input = Units<I>, Output = Units<O>>
        + Default
        + Clone
        + PartialEq
        + Debug,
    L: Loss<f64>,
{
    let mut worst: f64 = 0.0;
    for seed in 0..SEEDS {
        let (mut net, x, mut target) = random_case::<N, I, O, B>(seed);
        if L::NAME == SoftmaxCrossEntropy::NAME {
            // Each row a probability distribution.
            for mut row in target.row_iter_mut() {
                let sum = row.sum();
                row /= sum;
            }
        }
        let before = net.clone();
        let report = check_gradients::<N, L, B>(&mut net, &x, &target, CheckSettings::default())
            .expect("the network has parameters");
        assert_eq!(net, before, "{name}: the checker restores every parameter");
        assert_eq!(report.checked, N::COUNT);
        assert!(
            report.worst_relative_error <= TOLERANCE,
            "{name}, {}, batch {B}, seed {seed}: {report:?} at {}",
            L::NAME,
            report.location
        );
        worst = worst.max(report.worst_relative_error);
    }
    worst
}

/// Checks `∂L/∂x` from `backward` against central differences of the loss in each input.
fn check_input_gradient<N, const I: usize, const O: usize, const B: usize>(name: &str) -> f64
where
    N: Layer<Scalar = f64, Input = Units<I>, Output = Units<O>> + Default,
{
    let h = CheckSettings::<f64>::default().step;
    let mut worst: f64 = 0.0;
    for seed in 0..SEEDS {
        let (net, x, target) = random_case::<N, I, O, B>(seed);
        let trace = net.forward_trace(&x);
        let (_, output_gradient) = Mse::loss_and_gradient(N::output(&trace), &target);
        let (_, dx) = net.backward(&trace, &output_gradient);
        for index in 0..B * I {
            let mut above = x;
            let mut below = x;
            above.as_mut_slice()[index] += h;
            below.as_mut_slice()[index] -= h;
            let step = above.as_slice()[index] - below.as_slice()[index];
            let numeric =
                (net.loss::<Mse, B>(&above, &target) - net.loss::<Mse, B>(&below, &target)) / step;
            let analytic = dx.as_slice()[index];
            let error = (analytic - numeric).abs() / analytic.abs().max(numeric.abs()).max(1e-4);
            assert!(
                error <= TOLERANCE,
                "{name}, batch {B}, seed {seed}, input {index}: {analytic} vs {numeric}"
            );
            worst = worst.max(error);
        }
    }
    worst
}

/// Parameter and input gradients on batches of 1 and 4, with `Mse` and `Sse`.
fn check_all<N, const I: usize, const O: usize>(name: &str) -> f64
where
    N: Layer<Scalar = f64, Input = Units<I>, Output = Units<O>>
        + Default
        + Clone
        + PartialEq
        + Debug,
{
    [
        check_parameters::<N, Mse, I, O, 1>(name),
        check_parameters::<N, Mse, I, O, 4>(name),
        check_parameters::<N, Sse, I, O, 1>(name),
        check_parameters::<N, Sse, I, O, 4>(name),
        check_input_gradient::<N, I, O, 1>(name),
        check_input_gradient::<N, I, O, 4>(name),
    ]
    .into_iter()
    .fold(0.0, f64::max)
}

/// A residual block between two dense layers: its `∂L/∂x` reaches the first layer.
type ResidualBetween = Network<(D<3, 4, Tanh>, Residual<D<4, 4, Tanh>>, D<4, 2, Identity>)>;
/// A residual block first: training takes its parameter gradients without `∂L/∂x`.
type ResidualFirst = Network<(Residual<D<3, 3, Sigmoid>>, D<3, 2, Identity>)>;
/// Two blocks in a row, the first a whole network (a "bottleneck" 4 → 6 → 4).
type ResidualDeep = Network<(
    D<2, 4, Tanh>,
    Residual<Network<(D<4, 6, Tanh>, D<6, 4, Identity>)>>,
    Residual<D<4, 4, Sigmoid>>,
    D<4, 2, Sigmoid>,
)>;
/// The 1986 XOR network: the inputs wired past the hidden unit to the output.
type ConcatXor = Network<(Concat<D<2, 1, Sigmoid>, 3>, D<3, 1, Sigmoid>)>;
/// A concatenation between two dense layers.
type ConcatBetween = Network<(D<3, 4, Tanh>, Concat<D<4, 2, Tanh>, 6>, D<6, 2, Identity>)>;
/// Blocks inside blocks: a concatenation of a residual block, then of a whole network.
type Nested = Network<(
    D<2, 3, Tanh>,
    Concat<Residual<D<3, 3, Tanh>>, 6>,
    Concat<Network<(D<6, 4, Tanh>, D<4, 2, Sigmoid>)>, 8>,
    Residual<D<8, 8, Tanh>>,
    D<8, 2, Identity>,
)>;

#[test]
fn residual_networks_match_central_differences() {
    let worst = [
        check_all::<ResidualBetween, 3, 2>("residual between"),
        check_all::<ResidualFirst, 3, 2>("residual first"),
        check_all::<ResidualDeep, 2, 2>("residual deep"),
    ]
    .into_iter()
    .fold(0.0, f64::max);
    println!("residual networks: worst relative error {worst:e}");
}

#[test]
fn concat_networks_match_central_differences() {
    let worst = [
        check_all::<ConcatXor, 2, 1>("concat XOR"),
        check_all::<ConcatBetween, 3, 2>("concat between"),
        check_all::<Nested, 2, 2>("nested"),
    ]
    .into_iter()
    .fold(0.0, f64::max);
    println!("concat networks: worst relative error {worst:e}");
}

#[test]
fn softmax_cross_entropy_through_skip_blocks_matches_central_differences() {
    // A loss whose gradient mixes the outputs: every column of ∂L/∂y is non-zero.
    check_parameters::<ConcatBetween, SoftmaxCrossEntropy, 3, 2, 4>("concat between");
    check_parameters::<ResidualDeep, SoftmaxCrossEntropy, 2, 2, 4>("residual deep");
}

/// Training's path (`parameter_gradients_into`, which skips `∂L/∂x` where it can) gives the
/// same gradients as full backpropagation.
fn same_gradients_without_the_input_gradient<N, const I: usize, const O: usize>()
where
    N: Layer<Scalar = f64, Input = Units<I>, Output = Units<O>> + Default,
    N::Gradients: PartialEq,
{
    for seed in 0..SEEDS {
        let (net, x, target) = random_case::<N, I, O, 4>(seed);
        let trace = net.forward_trace(&x);
        let (_, output_gradient) = Mse::loss_and_gradient(N::output(&trace), &target);
        let (full, _) = net.backward(&trace, &output_gradient);
        let (_, training) = net.loss_and_gradients::<Mse, 4>(&x, &target);
        assert!(full == training, "seed {seed}");
        assert!(full != N::Gradients::default(), "seed {seed}: all zero");
    }
}

#[test]
fn training_gradients_equal_full_backpropagation() {
    same_gradients_without_the_input_gradient::<ResidualFirst, 3, 2>();
    same_gradients_without_the_input_gradient::<ConcatXor, 2, 1>();
    same_gradients_without_the_input_gradient::<Nested, 2, 2>();
}

// ---------------------------------------------------------------------------------------
// Training.
// ---------------------------------------------------------------------------------------

fn xor_patterns() -> ([SMatrix<f64, 1, 2>; 4], [SMatrix<f64, 1, 1>; 4]) {
    (
        [
            matrix![0.0, 0.0],
            matrix![0.0, 1.0],
            matrix![1.0, 0.0],
            matrix![1.0, 1.0],
        ],
        [matrix![0.0], matrix![1.0], matrix![1.0], matrix![0.0]],
    )
}

#[test]
fn the_xor_network_with_direct_connections_learns_xor_with_momentum() {
    let (inputs, targets) = xor_patterns();
    let data = Dataset::new(&inputs, &targets).unwrap();
    let x = SMatrix::<f64, 4, 2>::from_fn(|r, c| inputs[r][c]);
    for seed in 1..=5 {
        let mut net = ConcatXor::seeded(Init::Uniform(0.3), seed);
        let start = net.loss::<Sse, 4>(&x, &SMatrix::from_fn(|r, _| targets[r][0]));
        let mut momentum = Momentum::new(2.0, 0.9).unwrap();
        let plan = Plan::new(Sse, Batch::<4>, 5_000);
        let report = train(&mut net, &mut momentum, &data, &plan, |_, net, _| {
            let y = net.forward(&x);
            if (0..4).all(|r| (y[(r, 0)] - targets[r][0]).abs() < 0.1) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
        assert_eq!(report.stop, StopReason::Callback, "seed {seed}: {report:?}");
        assert!(report.loss.is_some_and(|l| l < start), "seed {seed}");
        // Neither path alone computes XOR (each is a threshold of one linear function of the
        // inputs): without either, some pattern falls on the wrong side of 0.5.
        let wrong_side = |net: &ConcatXor| {
            let y = net.forward(&x);
            (0..4).any(|r| (y[(r, 0)] - targets[r][0]).abs() >= 0.5)
        };
        let mut direct_cut = net;
        direct_cut.1.w[(0, 0)] = 0.0;
        direct_cut.1.w[(1, 0)] = 0.0;
        assert!(wrong_side(&direct_cut), "seed {seed}");
        let mut hidden_cut = net;
        hidden_cut.1.w[(2, 0)] = 0.0;
        assert!(wrong_side(&hidden_cut), "seed {seed}");
    }
}

#[test]
fn a_residual_network_fits_a_curve_with_momentum() {
    type Net = Network<(D<1, 8, Tanh>, Residual<D<8, 8, Tanh>>, D<8, 1, Identity>)>;
    let inputs: [SMatrix<f64, 1, 1>; 16] =
        std::array::from_fn(|i| matrix![-1.0 + 2.0 * i as f64 / 15.0]);
    let targets = inputs.map(|x| matrix![(3.0 * x[0]).sin()]);
    let data = Dataset::new(&inputs, &targets).unwrap();
    let mut net = Net::seeded(Init::Xavier, 7);
    let before = net;
    let x = SMatrix::<f64, 16, 1>::from_fn(|r, _| inputs[r][0]);
    let y = SMatrix::<f64, 16, 1>::from_fn(|r, _| targets[r][0]);
    let start = net.loss::<Mse, 16>(&x, &y);
    let mut momentum = Momentum::new(0.05, 0.9).unwrap();
    let plan = Plan::new(Mse, Batch::<4>, 2_000).shuffle(3);
    let report = train(&mut net, &mut momentum, &data, &plan, |_, _, _| {
        ControlFlow::Continue(())
    })
    .unwrap();
    let end = net.loss::<Mse, 16>(&x, &y);
    assert!(end < start / 20.0, "{start} → {end}, {report:?}");
    // The residual block's own weights were trained, not only the layers around it.
    assert_relative_ne!(net.1.f.w, before.1.f.w, max_relative = 1e-3);
}

// ---------------------------------------------------------------------------------------
// Everything else a layer does: parameters, initialization, flattening, comparison, export.
// ---------------------------------------------------------------------------------------

/// The same dense layers as `Nested`, without the blocks around them.
type NestedPlain = Network<(
    D<2, 3, Tanh>,
    D<3, 3, Tanh>,
    D<6, 4, Tanh>,
    D<4, 2, Sigmoid>,
    D<8, 8, Tanh>,
    D<8, 2, Identity>,
)>;

/// Every parameter, in the flat order.
fn parameters<P: Parameters<Scalar = f64>>(p: &P) -> Vec<f64> {
    let mut all = Vec::new();
    p.visit(&mut |_, elements| all.extend_from_slice(elements));
    all
}

#[test]
fn blocks_have_exactly_their_inner_layers_parameters() {
    assert_eq!(Nested::COUNT, NestedPlain::COUNT);
    assert_eq!(
        Nested::COUNT,
        (2 * 3 + 3) + (3 * 3 + 3) + (6 * 4 + 4) + (4 * 2 + 2) + (8 * 8 + 8) + (8 * 2 + 2)
    );
    assert_eq!(ConcatXor::COUNT, (2 + 1) + (3 + 1));
    // Initialization draws the inner layers' parameters in the same order as a plain network.
    for init in [Init::Uniform(0.3), Init::Xavier, Init::He, Init::PyTorch] {
        let nested = Nested::seeded(init, 11);
        let plain = NestedPlain::seeded(init, 11);
        assert_eq!(parameters(&nested), parameters(&plain), "{init:?}");
    }
    let net = Nested::seeded(Init::PyTorch, 1);
    // locate and parameter see through the blocks: index 9 is W¹[0, 0], the residual's W.
    assert_eq!(net.parameter(9), Some(net.1.f.f.w[(0, 0)]));
    assert_eq!(
        net.locate(9).map(|l| l.to_string()).as_deref(),
        Some("W¹[0, 0]")
    );
}

#[test]
fn blocks_flatten_and_compare_like_their_inner_layers() {
    let net = Nested::seeded(Init::Xavier, 5);
    let flat = net.to_flat();
    assert_eq!(flat.len(), Nested::COUNT);
    assert_eq!(flat.as_slice(), parameters(&net).as_slice());
    assert_eq!(Nested::from_flat(&flat), net);

    let mut close = net;
    close.3.f.w[(2, 5)] *= 1.0 + 1e-12;
    assert_ne!(close, net);
    assert_relative_eq!(close, net, max_relative = 1e-9);
    let mut far = net;
    far.2.f.1.w[(1, 0)] += 0.5;
    assert_relative_ne!(far, net, max_relative = 1e-9);

    let (_, gradients) = net.loss_and_gradients::<Mse, 1>(&matrix![0.5, -0.5], &matrix![1.0, 0.0]);
    assert_eq!(gradients.to_flat().len(), Nested::COUNT);
}

#[test]
fn blocks_can_be_built_zeroed_on_the_heap() {
    let net = boxed_zeroed::<Nested>();
    assert_eq!(*net, Nested::default());
    let gradients = boxed_zeroed::<<Nested as Parameters>::Gradients>();
    assert!(parameters(&*gradients).iter().all(|g| *g == 0.0));
}

/// A network with both blocks, written as `write_rust_const` writes it: the test checks the
/// export against this text, and the same text compiled as Rust against the network.
const EXPORTED: &str = "\
pub const SKIP: Network<(Concat<Dense<f64, 2, 1, Sigmoid>, 3>, Residual<Dense<f64, 3, 3, Tanh>>)> = Network::new((
    Concat::new(
        Dense::from_rows(
            [
                [0.5],
                [-1.25],
            ],
            [0.1],
        ),
    ),
    Residual::new(
        Dense::from_rows(
            [
                [1.0, 2.0, 3.0],
                [-4.0, 5.0, 6.0],
                [7.0, 8.0, -9.5],
            ],
            [0.25, 0.0, -0.0],
        ),
    ),
));
";

#[rustfmt::skip]
#[allow(clippy::type_complexity)] // as the export writes it
pub const SKIP: Network<(Concat<Dense<f64, 2, 1, Sigmoid>, 3>, Residual<Dense<f64, 3, 3, Tanh>>)> = Network::new((
    Concat::new(
        Dense::from_rows(
            [
                [0.5],
                [-1.25],
            ],
            [0.1],
        ),
    ),
    Residual::new(
        Dense::from_rows(
            [
                [1.0, 2.0, 3.0],
                [-4.0, 5.0, 6.0],
                [7.0, 8.0, -9.5],
            ],
            [0.25, 0.0, -0.0],
        ),
    ),
));

#[test]
fn blocks_export_as_rust_that_rebuilds_them() {
    type Skip = Network<(Concat<D<2, 1, Sigmoid>, 3>, Residual<D<3, 3, Tanh>>)>;
    let net: Skip = Network::new((
        Concat::new(Dense::from_rows([[0.5], [-1.25]], [0.1])),
        Residual::new(Dense::from_rows(
            [[1.0, 2.0, 3.0], [-4.0, 5.0, 6.0], [7.0, 8.0, -9.5]],
            [0.25, 0.0, -0.0],
        )),
    ));
    let mut source = String::new();
    write_rust_const(&mut source, "SKIP", &net).unwrap();
    assert_eq!(source, EXPORTED);
    assert_eq!(SKIP, net);
    let same_bits = |a: &[f64], b: &[f64]| {
        a.iter()
            .map(|v| v.to_bits())
            .eq(b.iter().map(|v| v.to_bits()))
    };
    assert!(same_bits(&parameters(&SKIP), &parameters(&net)));
}

/// The input and output batch types of a network with blocks are the plain matrices.
#[test]
fn batches_of_a_network_with_blocks_are_plain_matrices() {
    let x: InputBatch<Nested, 3> = SMatrix::<f64, 3, 2>::zeros();
    let y: OutputBatch<Nested, 3> = Nested::default().forward(&x);
    assert_eq!(y, SMatrix::<f64, 3, 2>::zeros());
}
