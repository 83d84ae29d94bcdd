//! Backpropagation against central differences: `constnet::check_gradients` on hundreds of
//! seeded random `f64` networks of depth 1 to 4, every activation, every loss, batches of 1
//! and 4 rows; and proof that the checker fails when a gradient is wrong.
//!
//! `cargo test --test gradient_check -- --nocapture` prints the worst relative error found.

use std::collections::BTreeSet;
use std::fmt::Debug;

use constnet::{
    check_gradients, Activation, BinaryCrossEntropy, CheckSettings, Dense, DenseTrace, Descriptor,
    GradientCheck, Identity, InputBatch, Layer, LeakyRelu, Loss, LossKind, Mse, Network,
    Parameters, Relu, Role, Sigmoid, SoftmaxCrossEntropy, Sse, Tanh, Units,
};
use nalgebra::SMatrix;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// The tolerance of every check: relative error as `check_gradients` defines it.
const TOLERANCE: f64 = 1e-6;
/// Random networks drawn for each (architecture, loss, batch size).
const SEEDS_PER_CASE: u64 = 3;

// ---------------------------------------------------------------------------------------
// Looking inside a network: activation names and the pre-activations at ReLU-like kinks.
// ---------------------------------------------------------------------------------------

/// Whether an activation has a kink (a point where `g'` jumps) at `v = 0`.
trait Kinked: Activation {
    const KINK: bool;
}

impl Kinked for Sigmoid {
    const KINK: bool = false;
}
impl Kinked for Tanh {
    const KINK: bool = false;
}
impl Kinked for Identity {
    const KINK: bool = false;
}
impl Kinked for Relu {
    const KINK: bool = true;
}
impl Kinked for LeakyRelu {
    const KINK: bool = true;
}

/// What the test needs to see inside an `f64` network of `Dense` layers.
trait Probe: Layer<Scalar = f64> {
    /// The activation of every layer, first to last.
    fn activations(names: &mut Vec<&'static str>);
    /// Every pre-activation `v` of every layer whose activation has a kink.
    fn kinked_pre_activations<const B: usize>(trace: &Self::Trace<B>, out: &mut Vec<f64>);
}

impl<const I: usize, const O: usize, A: Kinked> Probe for Dense<f64, I, O, A> {
    fn activations(names: &mut Vec<&'static str>) {
        names.push(A::NAME);
    }

    fn kinked_pre_activations<const B: usize>(
        trace: &DenseTrace<f64, B, I, O>,
        out: &mut Vec<f64>,
    ) {
        if A::KINK {
            out.extend(trace.v.iter().copied());
        }
    }
}

macro_rules! probe_network {
    ($L0:ident 0 $(, $L:ident $i:tt after $P:ident)*) => {
        impl<$L0: Probe $(, $L: Probe<Input = <$P as Layer>::Output>)*> Probe
            for Network<($L0, $($L,)*)>
        {
            fn activations(names: &mut Vec<&'static str>) {
                $L0::activations(names);
                $($L::activations(names);)*
            }

            fn kinked_pre_activations<const B: usize>(
                trace: &Self::Trace<B>,
                out: &mut Vec<f64>,
            ) {
                $L0::kinked_pre_activations(&trace.0, out);
                $($L::kinked_pre_activations(&trace.$i, out);)*
            }
        }
    };
}

probe_network!(L0 0);
probe_network!(L0 0, L1 1 after L0);
probe_network!(L0 0, L1 1 after L0, L2 2 after L1);
probe_network!(L0 0, L1 1 after L0, L2 2 after L1, L3 3 after L2);

/// Which side of its kink every kinked pre-activation is on (`g'` switches at `v > 0`).
fn branches<N: Probe, const B: usize>(net: &N, x: &InputBatch<N, B>) -> Vec<bool> {
    let trace = net.forward_trace(x);
    let mut v = Vec::new();
    N::kinked_pre_activations(&trace, &mut v);
    v.into_iter().map(|v| v > 0.0).collect()
}

/// Whether moving any one parameter by `±step` (exactly what `check_gradients` does) moves
/// any ReLU/LeakyReLU pre-activation across its kink. There the loss is not differentiable
/// within the finite-difference interval and the check is undefined, not failed.
fn crosses_kink<N: Probe, const B: usize>(net: &mut N, x: &InputBatch<N, B>, step: f64) -> bool {
    let centre = branches(net, x);
    for index in 0..N::COUNT {
        let original = net.parameter(index).unwrap();
        for value in [original + step, original - step] {
            *net.parameter_mut(index).unwrap() = value;
            let moved = branches(net, x) != centre;
            *net.parameter_mut(index).unwrap() = original;
            if moved {
                return true;
            }
        }
    }
    false
}

// ---------------------------------------------------------------------------------------
// Random networks, inputs and targets.
// ---------------------------------------------------------------------------------------

/// Every parameter uniform in `[-1, 1)`.
fn randomize<P: Parameters<Scalar = f64>>(parameters: &mut P, rng: &mut SmallRng) {
    parameters.visit_mut(&mut |_, elements| {
        for element in elements {
            *element = rng.random_range(-1.0..1.0);
        }
    });
}

/// Targets that suit the loss.
trait Targets: Loss<f64> {
    fn target<const B: usize, const O: usize>(rng: &mut SmallRng) -> SMatrix<f64, B, O>;
}

impl Targets for Mse {
    fn target<const B: usize, const O: usize>(rng: &mut SmallRng) -> SMatrix<f64, B, O> {
        SMatrix::from_fn(|_, _| rng.random_range(-1.0..1.0))
    }
}

impl Targets for Sse {
    fn target<const B: usize, const O: usize>(rng: &mut SmallRng) -> SMatrix<f64, B, O> {
        SMatrix::from_fn(|_, _| rng.random_range(-1.0..1.0))
    }
}

impl Targets for SoftmaxCrossEntropy {
    /// Each row one-hot or a random probability distribution.
    fn target<const B: usize, const O: usize>(rng: &mut SmallRng) -> SMatrix<f64, B, O> {
        let mut t = SMatrix::<f64, B, O>::zeros();
        for mut row in t.row_iter_mut() {
            if rng.random_bool(0.5) {
                row[rng.random_range(0..O)] = 1.0;
            } else {
                row.apply(|p| *p = rng.random_range(0.05..1.0));
                let sum = row.sum();
                row /= sum;
            }
        }
        t
    }
}

impl Targets for BinaryCrossEntropy {
    /// In `[0, 1]`, with exact 0s and 1s among them (the loss drops those terms).
    fn target<const B: usize, const O: usize>(rng: &mut SmallRng) -> SMatrix<f64, B, O> {
        SMatrix::from_fn(|_, _| match rng.random_range(0..4) {
            0 => 0.0,
            1 => 1.0,
            _ => rng.random_range(0.0..=1.0),
        })
    }
}

// ---------------------------------------------------------------------------------------
// The report and its location.
// ---------------------------------------------------------------------------------------

/// Asserts that a report names a real parameter of `net`, recomputing its flat index from
/// the matrix shapes, and that it carries the backpropagated gradient of that parameter.
fn assert_points_at_a_parameter<N: Layer>(
    net: &N,
    gradients: &N::Gradients,
    report: &GradientCheck<N::Scalar>,
) {
    assert_eq!(report.checked, N::COUNT);
    assert!(report.index < N::COUNT, "{report:?}");
    assert_eq!(net.locate(report.index), Some(report.location));
    let mut matrices = Vec::new(); // the descriptor of each matrix, in order
    net.visit(&mut |matrix, _| matrices.push(matrix));
    let location = report.location;
    let named = |m: &&Descriptor| (m.name, m.layer) == (location.name, location.layer);
    let position = matrices.iter().position(|m| named(&m));
    let Some(position) = position else {
        panic!("no matrix {location} in the network: {report:?}")
    };
    assert_eq!(matrices.iter().filter(named).count(), 1, "names are unique");
    let matrix = matrices[position];
    assert!(
        location.row < matrix.rows && location.column < matrix.columns,
        "{report:?}"
    );
    let start: usize = matrices[..position].iter().map(Descriptor::len).sum();
    assert_eq!(
        start + location.column * matrix.rows + location.row,
        report.index
    );
    assert_eq!(gradients.parameter(report.index), Some(report.analytic));
}

// ---------------------------------------------------------------------------------------
// The sweep.
// ---------------------------------------------------------------------------------------

#[derive(Default)]
struct Sweep {
    next_seed: u64,
    checked: usize,
    redrawn: usize,
    worst: f64,
    worst_case: String,
    /// (loss, batch, depth) of every checked network.
    losses: BTreeSet<(&'static str, usize, usize)>,
    /// (activation, loss, batch) of every checked network.
    activations: BTreeSet<(&'static str, &'static str, usize)>,
}

/// Checks `SEEDS_PER_CASE` random networks of type `N` with loss `L` on batches of `B`.
fn check_case<N, L, const I: usize, const O: usize, const B: usize>(
    architecture: &str,
    sweep: &mut Sweep,
) where
    N: Probe<Input = Units<I>, Output = Units<O>> + Default + Clone + PartialEq + Debug,
    L: Targets,
{
    let mut names = Vec::new();
    N::activations(&mut names);
    if L::NAME == BinaryCrossEntropy::NAME {
        assert_eq!(names.last(), Some(&Sigmoid::NAME), "{architecture}");
    }
    let settings = CheckSettings::<f64>::default();
    let mut done = 0;
    while done < SEEDS_PER_CASE {
        let seed = sweep.next_seed;
        sweep.next_seed += 1;
        let mut rng = SmallRng::seed_from_u64(seed);
        let mut net = N::default();
        randomize(&mut net, &mut rng);
        let x = SMatrix::<f64, B, I>::from_fn(|_, _| rng.random_range(-1.0..1.0));
        let target = L::target::<B, O>(&mut rng);
        if crosses_kink(&mut net, &x, settings.step) {
            sweep.redrawn += 1;
            assert!(
                sweep.redrawn < 100,
                "too many networks with a kink in the step"
            );
            continue;
        }
        let before = net.clone();
        let (_, gradients) = net.loss_and_gradients::<L, B>(&x, &target);
        let report = check_gradients::<N, L, B>(&mut net, &x, &target, settings)
            .expect("a network with parameters gives a report");
        let case = format!(
            "{architecture} ({}), {}, batch {B}, seed {seed}: {report:?}, at {}",
            names.join(" → "),
            L::NAME,
            report.location
        );
        assert_eq!(
            net, before,
            "the checker must restore every parameter; {case}"
        );
        assert_points_at_a_parameter(&net, &gradients, &report);
        assert!(report.numeric.is_finite(), "{case}");
        assert!(report.worst_relative_error <= TOLERANCE, "{case}");
        if report.worst_relative_error > sweep.worst {
            sweep.worst = report.worst_relative_error;
            sweep.worst_case = case;
        }
        sweep.checked += 1;
        sweep.losses.insert((L::NAME, B, names.len()));
        for name in &names {
            sweep.activations.insert((name, L::NAME, B));
        }
        done += 1;
    }
}

/// `Mse`, `Sse` and `SoftmaxCrossEntropy`, on batches of 1 and 4.
fn check_regression<N, const I: usize, const O: usize>(architecture: &str, sweep: &mut Sweep)
where
    N: Probe<Input = Units<I>, Output = Units<O>> + Default + Clone + PartialEq + Debug,
{
    check_case::<N, Mse, I, O, 1>(architecture, sweep);
    check_case::<N, Mse, I, O, 4>(architecture, sweep);
    check_case::<N, Sse, I, O, 1>(architecture, sweep);
    check_case::<N, Sse, I, O, 4>(architecture, sweep);
    check_case::<N, SoftmaxCrossEntropy, I, O, 1>(architecture, sweep);
    check_case::<N, SoftmaxCrossEntropy, I, O, 4>(architecture, sweep);
}

/// Every loss, `BinaryCrossEntropy` included (the last layer is a sigmoid).
fn check_all_losses<N, const I: usize, const O: usize>(architecture: &str, sweep: &mut Sweep)
where
    N: Probe<Input = Units<I>, Output = Units<O>> + Default + Clone + PartialEq + Debug,
{
    check_regression::<N, I, O>(architecture, sweep);
    check_case::<N, BinaryCrossEntropy, I, O, 1>(architecture, sweep);
    check_case::<N, BinaryCrossEntropy, I, O, 4>(architecture, sweep);
}

type D<const I: usize, const O: usize, A> = Dense<f64, I, O, A>;

#[test]
fn random_networks_match_central_differences() {
    let mut s = Sweep::default();
    // Depth 1.
    check_regression::<Network<(D<3, 2, Identity>,)>, 3, 2>("1a", &mut s);
    check_all_losses::<Network<(D<3, 3, Sigmoid>,)>, 3, 3>("1b", &mut s);
    check_regression::<Network<(D<2, 3, Tanh>,)>, 2, 3>("1c", &mut s);
    check_regression::<Network<(D<4, 2, Relu>,)>, 4, 2>("1d", &mut s);
    check_regression::<Network<(D<3, 2, LeakyRelu>,)>, 3, 2>("1e", &mut s);
    // Depth 2.
    check_regression::<Network<(D<3, 4, Relu>, D<4, 3, Identity>)>, 3, 3>("2a", &mut s);
    check_all_losses::<Network<(D<2, 5, Tanh>, D<5, 2, Sigmoid>)>, 2, 2>("2b", &mut s);
    check_regression::<Network<(D<4, 3, LeakyRelu>, D<3, 2, Tanh>)>, 4, 2>("2c", &mut s);
    check_regression::<Network<(D<3, 3, Sigmoid>, D<3, 2, Relu>)>, 3, 2>("2d", &mut s);
    check_regression::<Network<(D<3, 4, Identity>, D<4, 3, LeakyRelu>)>, 3, 3>("2e", &mut s);
    // Depth 3.
    check_regression::<Network<(D<3, 5, Sigmoid>, D<5, 4, Relu>, D<4, 3, Identity>)>, 3, 3>(
        "3a", &mut s,
    );
    check_all_losses::<Network<(D<4, 4, LeakyRelu>, D<4, 3, Tanh>, D<3, 2, Sigmoid>)>, 4, 2>(
        "3b", &mut s,
    );
    check_regression::<Network<(D<2, 3, Tanh>, D<3, 3, Identity>, D<3, 2, LeakyRelu>)>, 2, 2>(
        "3c", &mut s,
    );
    check_all_losses::<Network<(D<3, 4, Relu>, D<4, 4, Relu>, D<4, 2, Sigmoid>)>, 3, 2>(
        "3d", &mut s,
    );
    // Depth 4.
    type E1 = Network<(
        D<3, 4, Tanh>,
        D<4, 5, LeakyRelu>,
        D<5, 3, Sigmoid>,
        D<3, 3, Identity>,
    )>;
    type E2 = Network<(
        D<4, 3, Relu>,
        D<3, 4, Identity>,
        D<4, 3, Tanh>,
        D<3, 2, Sigmoid>,
    )>;
    type E3 = Network<(
        D<2, 4, Sigmoid>,
        D<4, 4, LeakyRelu>,
        D<4, 3, Relu>,
        D<3, 3, Tanh>,
    )>;
    check_regression::<E1, 3, 3>("4a", &mut s);
    check_all_losses::<E2, 4, 2>("4b", &mut s);
    check_regression::<E3, 2, 3>("4c", &mut s);

    println!(
        "gradient check: {} random networks, {} re-drawn because a ReLU kink fell within the \
         finite-difference step; worst relative error {:e} ({})",
        s.checked, s.redrawn, s.worst, s.worst_case
    );
    assert!(s.checked >= 200, "only {} networks checked", s.checked);
    assert!(s.worst <= TOLERANCE);
    // Re-draws must stay rare, or the sweep would be quietly avoiding ReLU networks.
    assert!(s.redrawn * 20 <= s.checked, "{} re-draws", s.redrawn);

    let activations = [
        Sigmoid::NAME,
        Relu::NAME,
        Tanh::NAME,
        Identity::NAME,
        LeakyRelu::NAME,
    ];
    let losses = [
        Mse::NAME,
        Sse::NAME,
        SoftmaxCrossEntropy::NAME,
        BinaryCrossEntropy::NAME,
    ];
    for batch in [1, 4] {
        for loss in losses {
            for depth in 1..=4 {
                assert!(
                    s.losses.contains(&(loss, batch, depth)),
                    "{loss} at batch {batch}, depth {depth} not covered"
                );
            }
            for activation in activations {
                assert!(
                    s.activations.contains(&(activation, loss, batch)),
                    "{activation} with {loss} at batch {batch} not covered"
                );
            }
        }
    }
}

#[test]
fn a_kink_within_the_step_is_detected() {
    // v⁰₀ = 0.5·1 + 0.25·2 + b⁰₀ sits 1e-7 above the ReLU kink, closer than the step.
    type Net = Network<(D<2, 2, Relu>, D<2, 1, Identity>)>;
    let mut net: Net = Network::new((
        Dense::from_rows([[1.0, -1.0], [2.0, 1.0]], [-1.0 + 1e-7, 0.5]),
        Dense::from_rows([[0.7], [-0.4]], [0.1]),
    ));
    let x = SMatrix::<f64, 1, 2>::new(0.5, 0.25);
    let target = SMatrix::<f64, 1, 1>::new(3.0);
    let settings = CheckSettings::default();
    assert!(settings.step > 1e-6);
    assert!(crosses_kink(&mut net, &x, settings.step));
    // Left alone, the check indeed fails there: the central difference straddles the kink.
    let report = check_gradients::<_, Sse, 1>(&mut net, &x, &target, settings).unwrap();
    assert!(report.worst_relative_error > 0.1, "{report:?}");
    // Moved away from the kink, the same network passes and is not flagged.
    net.0.b[0] = -0.5;
    assert!(!crosses_kink(&mut net, &x, settings.step));
    let report = check_gradients::<_, Sse, 1>(&mut net, &x, &target, settings).unwrap();
    assert!(report.worst_relative_error <= TOLERANCE, "{report:?}");
}

// ---------------------------------------------------------------------------------------
// The checker can fail.
// ---------------------------------------------------------------------------------------

const CORRECT: u8 = 0;
/// `∂L/∂a` computed from the output `y` instead of the input `x`.
const WRONG_PARAMETER_GRADIENT: u8 = 1;
/// `∂L/∂x` forgets the gain: the layer before gets wrong gradients.
const WRONG_INPUT_GRADIENT: u8 = 2;

/// A per-unit gain `y = x ⊙ a` (a row `a` multiplying every row of `x`), whose backward pass
/// has the mistake `BUG`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Gain<const N: usize, const BUG: u8> {
    a: SMatrix<f64, 1, N>,
}

constnet::parameters! {
    impl[const N: usize, const BUG: u8] Gain<N, BUG> {
        "a" a: SMatrix<f64, 1, N> = Role::Fill(1.0),
    }
    struct GainGradients[const N: usize];
}

impl<const N: usize, const BUG: u8> Layer for Gain<N, BUG> {
    type Input = Units<N>;
    type Output = Units<N>;
    /// `x` and `y`.
    type Trace<const B: usize> = (SMatrix<f64, B, N>, SMatrix<f64, B, N>);

    fn forward_trace<const B: usize>(&self, x: &SMatrix<f64, B, N>) -> Self::Trace<B> {
        (*x, SMatrix::from_fn(|r, c| x[(r, c)] * self.a[c]))
    }

    fn output<const B: usize>((_, y): &Self::Trace<B>) -> &SMatrix<f64, B, N> {
        y
    }

    fn backward_into<const B: usize>(
        &self,
        (x, y): &Self::Trace<B>,
        d: &SMatrix<f64, B, N>,
        gradients: &mut GainGradients<N>,
    ) -> SMatrix<f64, B, N> {
        // ∂L/∂aⱼ = Σᵣ dᵣⱼ xᵣⱼ and ∂L/∂xᵣⱼ = dᵣⱼ aⱼ.
        let source = [x, y][usize::from(BUG == WRONG_PARAMETER_GRADIENT)];
        gradients.a = d.component_mul(source).row_sum();
        let gain = [self.a, SMatrix::repeat(1.0)][usize::from(BUG == WRONG_INPUT_GRADIENT)];
        SMatrix::from_fn(|r, c| d[(r, c)] * gain[c])
    }
}

type WithGain<const BUG: u8> = Network<(D<3, 4, Tanh>, Gain<4, BUG>, D<4, 2, Identity>)>;
/// Parameters of the first layer: `W⁰` (3×4) and `b⁰`.
const FIRST_LAYER: usize = 3 * 4 + 4;

fn with_gain<const BUG: u8>(seed: u64) -> (WithGain<BUG>, SMatrix<f64, 4, 3>, SMatrix<f64, 4, 2>) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let gain = Gain {
        a: SMatrix::zeros(),
    };
    let mut net = Network::new((D::default(), gain, D::default()));
    randomize(&mut net, &mut rng);
    // Gains away from 1, so that `y` and `x` differ noticeably.
    net.1.a = SMatrix::from_fn(|_, _| rng.random_range(1.5..2.5));
    let x = SMatrix::from_fn(|_, _| rng.random_range(-1.0..1.0));
    let target = SMatrix::from_fn(|_, _| rng.random_range(-1.0..1.0));
    (net, x, target)
}

fn check_with_gain<const BUG: u8>(seed: u64) -> (WithGain<BUG>, GradientCheck<f64>) {
    let (mut net, x, target) = with_gain::<BUG>(seed);
    let (_, gradients) = net.loss_and_gradients::<Mse, 4>(&x, &target);
    let report =
        check_gradients::<_, Mse, 4>(&mut net, &x, &target, CheckSettings::default()).unwrap();
    assert_points_at_a_parameter(&net, &gradients, &report);
    (net, report)
}

#[test]
fn a_correct_custom_layer_passes() {
    for seed in 0..5 {
        let (_, report) = check_with_gain::<CORRECT>(seed);
        assert!(report.worst_relative_error <= TOLERANCE, "{report:?}");
    }
}

#[test]
fn checker_catches_a_wrong_parameter_gradient() {
    for seed in 0..5 {
        let (net, report) = check_with_gain::<WRONG_PARAMETER_GRADIENT>(seed);
        // The gain's own gradients are wrong (by the factor aⱼ), and only they.
        assert_eq!(
            (report.location.name, report.location.layer),
            ("a", 1),
            "{report:?}"
        );
        assert_eq!(report.location.row, 0);
        assert_eq!(
            report.location.to_string(),
            format!("a¹[0, {}]", report.location.column)
        );
        assert_eq!(report.index, FIRST_LAYER + report.location.column);
        // With y = x ⊙ a the analytic value is aⱼ times the true one, so the relative error
        // is (aⱼ - 1) / aⱼ for aⱼ > 1; the worst is at the largest gain.
        let a = net.1.a.max();
        assert_eq!(net.1.a[report.location.column], a);
        let expected = (a - 1.0) / a;
        assert!(
            (report.worst_relative_error - expected).abs() < 1e-6,
            "expected {expected}, {report:?}"
        );
        assert!(report.worst_relative_error > 0.3);
    }
}

#[test]
fn checker_catches_a_wrong_input_gradient() {
    for seed in 0..5 {
        let (_, report) = check_with_gain::<WRONG_INPUT_GRADIENT>(seed);
        // Only the layer before the gain gets wrong gradients: W⁰ or b⁰.
        assert!(report.index < FIRST_LAYER, "{report:?}");
        assert_eq!(report.location.layer, 0, "{report:?}");
        assert!(report.worst_relative_error > 0.1, "{report:?}");
    }
}

/// `Mse` with half its gradient: a loss whose derivative is wrong everywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct HalfGradientMse;

impl LossKind for HalfGradientMse {
    const NAME: &'static str = "mse with half its gradient";
}

impl<T: constnet::Real> Loss<T> for HalfGradientMse {
    fn per_output<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> SMatrix<T, B, N> {
        Mse::per_output(prediction, target)
    }

    fn loss_and_gradient<const B: usize, const N: usize>(
        prediction: &SMatrix<T, B, N>,
        target: &SMatrix<T, B, N>,
    ) -> (T, SMatrix<T, B, N>) {
        let (loss, gradient) = Mse::loss_and_gradient(prediction, target);
        (loss, gradient * T::lit(0.5))
    }
}

#[test]
fn checker_catches_a_wrong_loss_gradient() {
    let mut rng = SmallRng::seed_from_u64(7);
    let mut net = Network::<(D<3, 4, Sigmoid>, D<4, 2, Sigmoid>)>::default();
    randomize(&mut net, &mut rng);
    let x = SMatrix::<f64, 2, 3>::from_fn(|_, _| rng.random_range(-1.0..1.0));
    let target = SMatrix::<f64, 2, 2>::from_fn(|_, _| rng.random_range(-1.0..1.0));
    let settings = CheckSettings::default();

    let good = check_gradients::<_, Mse, 2>(&mut net, &x, &target, settings).unwrap();
    assert!(good.worst_relative_error <= TOLERANCE, "{good:?}");

    let (_, gradients) = net.loss_and_gradients::<HalfGradientMse, 2>(&x, &target);
    let bad = check_gradients::<_, HalfGradientMse, 2>(&mut net, &x, &target, settings).unwrap();
    assert_points_at_a_parameter(&net, &gradients, &bad);
    // Every analytic gradient is half the true one: |n/2 - n| / |n| = 1/2.
    assert!((bad.worst_relative_error - 0.5).abs() < 1e-6, "{bad:?}");
    assert!((bad.analytic - bad.numeric / 2.0).abs() < 1e-6 * bad.numeric.abs());
}

#[test]
fn checker_reports_nan_gradients() {
    // A NaN in the gradients must not hide behind comparisons that are false for NaN.
    let mut net = Network::<(D<2, 2, Sigmoid>,)>::default();
    randomize(&mut net, &mut SmallRng::seed_from_u64(3));
    let x = SMatrix::<f64, 1, 2>::new(0.5, -0.25);
    let target = SMatrix::<f64, 1, 2>::new(f64::NAN, 0.5);
    let report =
        check_gradients::<_, Mse, 1>(&mut net, &x, &target, CheckSettings::default()).unwrap();
    assert!(report.worst_relative_error.is_nan(), "{report:?}");
    // The loss is NaN whatever the parameters, so every central difference is NaN; the
    // report names the first such parameter.
    assert!(report.numeric.is_nan() && report.index == 0, "{report:?}");
}

#[test]
fn a_custom_layer_is_named_and_summarized() {
    let (net, _, _) = with_gain::<CORRECT>(0);
    // W⁰ (3×4) and b⁰ (4) take indices 0–15, so 18 is the gain's third entry and 20 the
    // first of the next layer's W.
    assert_eq!(net.locate(18).unwrap().to_string(), "a¹[0, 2]");
    assert_eq!(net.locate(20).unwrap().to_string(), "W²[0, 0]");
    assert_eq!(net.locate(29).unwrap().to_string(), "b²[0, 1]");
    // Counts by hand: 3·4 + 4 = 16, 4, 4·2 + 2 = 10 parameters, 8 bytes each.
    let expected = "\
layer  kind                     parameters      bytes
    0  Dense 3→4 tanh                   16        128
    1  Gain 4→4                          4         32
    2  Dense 4→2 identity               10         80
total                                   30        240";
    assert_eq!(net.to_string(), expected);
}
