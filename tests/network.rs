//! Structural tests of networks: a deep network's forward and backward passes, batches
//! against single rows, flattening, memory sizes, approx comparisons, SGD, `const`
//! construction, and the flat order of parameters.

// Reference computations index like the lecture's subscripts (Wᵢⱼ, vᵣⱼ) on purpose.
#![allow(clippy::needless_range_loop)]

use core::mem::size_of;

use approx::{
    abs_diff_eq, assert_abs_diff_eq, assert_abs_diff_ne, assert_relative_eq, assert_relative_ne,
    relative_eq,
};
use constnet::generic_array::GenericArray;
use constnet::typenum::Unsigned;
use constnet::{
    check_gradients, parameter_bytes, training_bytes, BinaryCrossEntropy, CheckSettings, Dense,
    DenseTrace, Flat, Identity, Layer, LeakyRelu, Location, Loss, Mse, Network, Optimizer,
    Parameters, Real, Relu, Sgd, Sigmoid, SoftmaxCrossEntropy, Sse, Tanh,
};
use nalgebra::{matrix, SMatrix};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// Every parameter uniform in `[-1, 1)`, from a seed.
fn random<P: Parameters + Default>(seed: u64) -> P {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut value = P::default();
    value.visit_mut(&mut |_, elements| {
        for element in elements {
            *element = Real::lit(rng.random_range(-1.0..1.0));
        }
    });
    value
}

fn random_matrix<const R: usize, const C: usize>(seed: u64) -> SMatrix<f64, R, C> {
    let mut rng = SmallRng::seed_from_u64(seed);
    SMatrix::from_fn(|_, _| rng.random_range(-1.0..1.0))
}

/// `v = x W + b` with plain loops, one scalar at a time.
fn reference_pre_activation<const B: usize, const I: usize, const O: usize>(
    x: &SMatrix<f64, B, I>,
    w: &SMatrix<f64, I, O>,
    b: &SMatrix<f64, 1, O>,
) -> SMatrix<f64, B, O> {
    let mut v = SMatrix::zeros();
    for r in 0..B {
        for j in 0..O {
            let mut sum = b[(0, j)];
            for i in 0..I {
                sum += x[(r, i)] * w[(i, j)];
            }
            v[(r, j)] = sum;
        }
    }
    v
}

/// Checks one layer's trace: it kept `x`, `v = x W + b` and `y = g(v)` for the given `g`.
fn check_trace<A, const B: usize, const I: usize, const O: usize>(
    layer: &Dense<f64, I, O, A>,
    trace: &DenseTrace<f64, B, I, O>,
    x: &SMatrix<f64, B, I>,
    g: fn(f64) -> f64,
) -> Vec<f64> {
    assert_eq!(&trace.x, x);
    let v = reference_pre_activation(x, &layer.w, &layer.b);
    assert_relative_eq!(trace.v, v, epsilon = 1e-14, max_relative = 1e-13);
    assert_relative_eq!(
        trace.y,
        trace.v.map(g),
        epsilon = 1e-15,
        max_relative = 1e-14
    );
    trace.v.iter().copied().collect()
}

fn sigmoid(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}
fn relu(v: f64) -> f64 {
    v.max(0.0)
}
fn leaky_relu(v: f64) -> f64 {
    if v > 0.0 {
        v
    } else {
        0.01 * v
    }
}

type Six = Network<(
    Dense<f64, 3, 5, Tanh>,
    Dense<f64, 5, 4, Relu>,
    Dense<f64, 4, 6, Sigmoid>,
    Dense<f64, 6, 3, LeakyRelu>,
    Dense<f64, 3, 4, Identity>,
    Dense<f64, 4, 2, Sigmoid>,
)>;

#[test]
fn six_layer_network_forward_and_backward() {
    const B: usize = 3;
    let net: Six = random(11);
    let x = random_matrix::<B, 3>(12);
    let target = random_matrix::<B, 2>(13);

    // forward_trace: every layer's x is the previous layer's y, with v and y recomputed.
    let trace = net.forward_trace(&x);
    check_trace(&net.0, &trace.0, &x, f64::tanh);
    let relu_v = check_trace(&net.1, &trace.1, &trace.0.y, relu);
    check_trace(&net.2, &trace.2, &trace.1.y, sigmoid);
    let leaky_v = check_trace(&net.3, &trace.3, &trace.2.y, leaky_relu);
    check_trace(&net.4, &trace.4, &trace.3.y, |v| v);
    check_trace(&net.5, &trace.5, &trace.4.y, sigmoid);
    // The finite differences below stay well clear of the ReLU kinks.
    let margin = relu_v
        .iter()
        .chain(&leaky_v)
        .fold(f64::INFINITY, |m, v| m.min(v.abs()));
    assert!(margin > 1e-3, "a pre-activation is {margin} from a kink");

    // forward is the last y of forward_trace, and Layer::output points at it.
    let y_hat = net.forward(&x);
    assert_eq!(y_hat, trace.5.y);
    assert_eq!(Six::output(&trace), &trace.5.y);

    // backward: ∂L/∂x against central differences of the loss in each input entry.
    let d_y_hat = Mse::gradient(&y_hat, &target);
    let (gradients, d_x) = net.backward(&trace, &d_y_hat);
    let h = f64::EPSILON.powf(1.0 / 3.0);
    for r in 0..B {
        for i in 0..3 {
            let (mut above, mut below) = (x, x);
            above[(r, i)] += h;
            below[(r, i)] -= h;
            let step = above[(r, i)] - below[(r, i)];
            let numeric =
                (net.loss::<Mse, B>(&above, &target) - net.loss::<Mse, B>(&below, &target)) / step;
            let analytic = d_x[(r, i)];
            let error = (analytic - numeric).abs() / analytic.abs().max(numeric.abs()).max(1e-4);
            assert!(
                error < 1e-6,
                "∂L/∂x[{r}, {i}]: analytic {analytic}, numeric {numeric}"
            );
        }
    }
    assert!(d_x.iter().any(|d| d.abs() > 1e-4), "a trivial ∂L/∂x: {d_x}");

    // parameter_gradients is backward without ∂L/∂x: the same gradients, bit for bit.
    assert_eq!(net.parameter_gradients(&trace, &d_y_hat), gradients);
    assert_eq!(net.loss_and_gradients::<Mse, B>(&x, &target).1, gradients);
    // The shapes mirror the network.
    let d_w3: SMatrix<f64, 6, 3> = gradients.3.w;
    assert_eq!(d_w3, gradients.layers.3.w);

    // And every parameter gradient agrees with central differences.
    let mut net = net;
    let report =
        check_gradients::<_, Mse, B>(&mut net, &x, &target, CheckSettings::default()).unwrap();
    assert_eq!(report.checked, Six::COUNT);
    assert!(report.worst_relative_error <= 1e-6, "{report:?}");
}

type Three = Network<(
    Dense<f64, 3, 4, Tanh>,
    Dense<f64, 4, 3, LeakyRelu>,
    Dense<f64, 3, 3, Sigmoid>,
)>;
type ThreeGradients = <Three as Parameters>::Gradients;

/// Rows that are probability distributions: targets that suit every loss.
fn distribution_rows<const B: usize>(seed: u64) -> SMatrix<f64, B, 3> {
    let mut t = random_matrix::<B, 3>(seed).map(|v| v.abs() + 0.1);
    for mut row in t.row_iter_mut() {
        let sum = row.sum();
        row /= sum;
    }
    t
}

fn check_batch_consistency<L: Loss<f64>>() {
    let net: Three = random(21);
    let x = random_matrix::<4, 3>(22);
    let target = distribution_rows::<4>(23);
    let (batch_loss, batch_gradients) = net.loss_and_gradients::<L, 4>(&x, &target);

    let mut sum = GenericArray::<f64, <ThreeGradients as Flat>::Length>::default();
    let mut loss_sum = 0.0;
    for r in 0..4 {
        let row = x.fixed_rows::<1>(r).into_owned();
        let row_target = target.fixed_rows::<1>(r).into_owned();
        let (loss, gradients) = net.loss_and_gradients::<L, 1>(&row, &row_target);
        loss_sum += loss;
        for (s, g) in sum.iter_mut().zip(gradients.to_flat()) {
            *s += g;
        }
    }
    for s in sum.iter_mut() {
        *s /= 4.0;
    }
    let mean = ThreeGradients::from_flat(&sum);
    assert_relative_eq!(batch_gradients, mean, epsilon = 1e-15, max_relative = 1e-12);
    assert_relative_eq!(batch_loss, loss_sum / 4.0, max_relative = 1e-14);
    // Not trivially equal: the rows' gradients differ from each other.
    let first = net
        .loss_and_gradients::<L, 1>(
            &x.fixed_rows::<1>(0).into_owned(),
            &target.fixed_rows::<1>(0).into_owned(),
        )
        .1;
    assert_relative_ne!(first, mean, max_relative = 1e-3);
}

#[test]
fn batch_gradients_are_the_mean_of_row_gradients() {
    check_batch_consistency::<Mse>();
    check_batch_consistency::<Sse>();
    check_batch_consistency::<SoftmaxCrossEntropy>();
    check_batch_consistency::<BinaryCrossEntropy>();
}

#[test]
fn batch_forward_is_row_by_row_forward() {
    let net: Three = random(31);
    let x = random_matrix::<4, 3>(32);
    let batch = net.forward(&x);
    let trace = net.forward_trace(&x);
    assert_eq!(batch, trace.2.y);
    for r in 0..4 {
        let single = net.forward(&x.fixed_rows::<1>(r).into_owned());
        assert_relative_eq!(
            single,
            batch.fixed_rows::<1>(r).into_owned(),
            epsilon = 1e-15,
            max_relative = 1e-14
        );
    }
}

type Big = Network<(Dense<f32, 100, 100, Relu>, Dense<f32, 100, 10, Sigmoid>)>;
type BigGradients = <Big as Parameters>::Gradients;
const BIG_COUNT: usize = 100 * 100 + 100 + 100 * 10 + 10;

const _: () = assert!(Big::COUNT == BIG_COUNT);
const _: () = assert!(<Big as Flat>::Length::USIZE == BIG_COUNT);
const _: () = assert!(<BigGradients as Flat>::Length::USIZE == BIG_COUNT);

/// Asserts `flat` holds `W⁰, b⁰, W¹, b¹` of the 100→100→10 layout, each column-major.
fn assert_big_order(
    flat: &[f32],
    w0: &SMatrix<f32, 100, 100>,
    b0: &SMatrix<f32, 1, 100>,
    w1: &SMatrix<f32, 100, 10>,
    b1: &SMatrix<f32, 1, 10>,
) {
    assert_eq!(flat.len(), BIG_COUNT);
    for c in 0..100 {
        for r in 0..100 {
            assert_eq!(flat[c * 100 + r], w0[(r, c)], "W⁰[{r}, {c}]");
        }
        assert_eq!(flat[10_000 + c], b0[(0, c)], "b⁰[0, {c}]");
    }
    for c in 0..10 {
        for r in 0..100 {
            assert_eq!(flat[10_100 + c * 100 + r], w1[(r, c)], "W¹[{r}, {c}]");
        }
        assert_eq!(flat[11_100 + c], b1[(0, c)], "b¹[0, {c}]");
    }
}

#[test]
fn big_network_flattens_in_order() {
    let net: Big = random(41);
    let flat = net.to_flat();
    assert_eq!(flat.len(), Big::COUNT);
    assert_eq!(flat.len(), <Big as Flat>::Length::USIZE);
    assert_big_order(&flat, &net.0.w, &net.0.b, &net.1.w, &net.1.b);
    assert_eq!(Big::from_flat(&flat), net);

    // from_flat fills in the same order: entry k of the array gets the value k.
    let counting =
        GenericArray::<f32, <Big as Flat>::Length>::from_iter((0..BIG_COUNT).map(|k| k as f32));
    let rebuilt = Big::from_flat(&counting);
    assert_big_order(
        &counting,
        &rebuilt.0.w,
        &rebuilt.0.b,
        &rebuilt.1.w,
        &rebuilt.1.b,
    );
    assert_eq!(rebuilt.1.w[(99, 9)], 11_099.0);
    assert_eq!(rebuilt.0.w[(3, 1)], 103.0);
}

#[test]
fn big_gradients_flatten_in_order() {
    let net: Big = random(42);
    let mut rng = SmallRng::seed_from_u64(43);
    let x = SMatrix::<f32, 1, 100>::from_fn(|_, _| rng.random_range(0.0..1.0));
    let target = SMatrix::<f32, 1, 10>::from_fn(|_, _| rng.random_range(0.0..1.0));
    let (_, gradients) = net.loss_and_gradients::<Mse, 1>(&x, &target);
    let flat = gradients.to_flat();
    assert_eq!(flat.len(), <BigGradients as Flat>::Length::USIZE);
    assert_big_order(
        &flat,
        &gradients.0.w,
        &gradients.0.b,
        &gradients.1.w,
        &gradients.1.b,
    );
    assert!(flat.iter().filter(|g| **g != 0.0).count() > 1000);
    assert_eq!(BigGradients::from_flat(&flat), gradients);
}

type Lecture = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 3, 2, Sigmoid>)>;
type Lecture64 = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 2, Sigmoid>)>;

/// Bytes of the trace of a batch of `b` rows through the 2→3→2 network: each layer keeps
/// `x` (`b × in`), `v` and `y` (`b × out`).
const fn lecture_trace_bytes(scalar: usize, b: usize) -> usize {
    let layer0 = b * 2 + b * 3 + b * 3;
    let layer1 = b * 3 + b * 2 + b * 2;
    (layer0 + layer1) * scalar
}

const LECTURE_PARAMETERS: usize = (2 * 3 + 3) + (3 * 2 + 2);

const _: () = assert!(LECTURE_PARAMETERS == 17);
const _: () = assert!(size_of::<Lecture>() == 17 * 4);
const _: () = assert!(size_of::<<Lecture as Parameters>::Gradients>() == 17 * 4);
const _: () = assert!(parameter_bytes::<Lecture>() == 17 * 4);
const _: () = assert!(training_bytes::<Lecture, 1>() == 2 * 17 * 4 + lecture_trace_bytes(4, 1));
const _: () = assert!(training_bytes::<Lecture, 4>() == 2 * 17 * 4 + lecture_trace_bytes(4, 4));
const _: () = assert!(training_bytes::<Lecture64, 2>() == 2 * 17 * 8 + lecture_trace_bytes(8, 2));

#[test]
fn lecture_network_sizes() {
    assert_eq!(size_of::<Lecture>(), LECTURE_PARAMETERS * size_of::<f32>());
    assert_eq!(size_of::<Lecture>(), 68);
    assert_eq!(size_of::<<Lecture as Parameters>::Gradients>(), 68);
    assert_eq!(size_of::<<Lecture64 as Parameters>::Gradients>(), 136);
    assert_eq!(parameter_bytes::<Lecture>(), 68);
    assert_eq!(parameter_bytes::<Lecture64>(), 136);
    for (b, bytes) in [
        (1, training_bytes::<Lecture, 1>()),
        (3, training_bytes::<Lecture, 3>()),
        (4, training_bytes::<Lecture, 4>()),
    ] {
        assert_eq!(bytes, 68 + 68 + lecture_trace_bytes(4, b), "batch {b}");
    }
    // The trace is exactly its matrices, field by field.
    let fields = size_of::<SMatrix<f32, 4, 2>>()
        + 2 * size_of::<SMatrix<f32, 4, 3>>()
        + size_of::<SMatrix<f32, 4, 3>>()
        + 2 * size_of::<SMatrix<f32, 4, 2>>();
    assert_eq!(fields, lecture_trace_bytes(4, 4));
    assert_eq!(size_of::<<Lecture as Layer>::Trace<4>>(), fields);
    // A 12-layer network is as small as its parameters too.
    type Deep = Network<(
        Dense<f32, 1, 2, Relu>,
        Dense<f32, 2, 1, Relu>,
        Dense<f32, 1, 2, Relu>,
        Dense<f32, 2, 1, Relu>,
        Dense<f32, 1, 2, Relu>,
        Dense<f32, 2, 1, Relu>,
        Dense<f32, 1, 2, Relu>,
        Dense<f32, 2, 1, Relu>,
        Dense<f32, 1, 2, Relu>,
        Dense<f32, 2, 1, Relu>,
        Dense<f32, 1, 2, Relu>,
        Dense<f32, 2, 1, Identity>,
    )>;
    assert_eq!(Deep::COUNT, 6 * (4 + 3));
    assert_eq!(parameter_bytes::<Deep>(), Deep::COUNT * 4);
}

#[test]
fn approx_compares_whole_networks_and_gradients() {
    let net: Three = random(51);
    let x = random_matrix::<2, 3>(52);
    let target = distribution_rows::<2>(53);
    let gradients = net.loss_and_gradients::<Mse, 2>(&x, &target).1;
    assert_relative_eq!(net, net);
    assert_abs_diff_eq!(net, net.clone());
    assert_relative_eq!(gradients, gradients.clone());

    for index in 0..Three::COUNT {
        // One weight changed, anywhere, is detected.
        let mut changed = net;
        *changed.parameter_mut(index).unwrap() += 1e-3;
        assert_relative_ne!(net, changed);
        assert_abs_diff_ne!(net, changed);
        assert!(!relative_eq!(net, changed, max_relative = 1e-4));
        // And tolerances apply.
        assert_abs_diff_eq!(net, changed, epsilon = 2e-3);
        let mut nudged = net;
        *nudged.parameter_mut(index).unwrap() *= 1.0 + 1e-12;
        assert_relative_eq!(net, nudged, max_relative = 1e-10);

        let mut changed = gradients;
        *changed.parameter_mut(index).unwrap() += 1e-6;
        assert_relative_ne!(gradients, changed);
        assert!(!abs_diff_eq!(gradients, changed, epsilon = 1e-7));
        assert_abs_diff_eq!(gradients, changed, epsilon = 1e-5);
    }
}

#[test]
fn sgd_moves_every_parameter_by_minus_rate_times_gradient() {
    let mut net: Three = random(61);
    let x = random_matrix::<4, 3>(62);
    let target = distribution_rows::<4>(63);
    let (_, mut gradients) = net.loss_and_gradients::<Sse, 4>(&x, &target);
    let before = net.to_flat();
    let g = gradients.to_flat();
    assert!(g.iter().all(|g| *g != 0.0));
    let rate = 0.25;
    Sgd::new(rate)
        .unwrap()
        .step(&mut net, &mut gradients)
        .unwrap();
    let after = net.to_flat();
    for k in 0..Three::COUNT {
        assert_eq!(after[k], before[k] - rate * g[k], "parameter {k}");
        assert_ne!(after[k], before[k], "parameter {k}");
    }
}

const LECTURE_W0: [[f32; 3]; 2] = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]];
const LECTURE_B0: [f32; 3] = [0.2, 0.25, 0.3];
const LECTURE_W1: [[f32; 2]; 3] = [[0.3, 0.4], [0.5, 0.6], [0.7, 0.8]];
const LECTURE_B1: [f32; 2] = [0.3, 0.35];

const HIDDEN: Dense<f32, 2, 3, Sigmoid> = Dense::from_rows(LECTURE_W0, LECTURE_B0);
static LECTURE: Lecture = Network::new((
    Dense::from_rows(LECTURE_W0, LECTURE_B0),
    Dense::from_rows(LECTURE_W1, LECTURE_B1),
));

#[test]
fn from_rows_writes_weights_as_the_lecture_does() {
    assert_eq!(HIDDEN.w, matrix![0.1, 0.2, 0.3; 0.4, 0.5, 0.6]);
    assert_eq!(HIDDEN.b, matrix![0.2, 0.25, 0.3]);
    for r in 0..2 {
        for c in 0..3 {
            assert_eq!(HIDDEN.w[(r, c)], LECTURE_W0[r][c]);
        }
    }
    assert_eq!(HIDDEN.w[(0, 2)], 0.3);
    assert_eq!(HIDDEN.w[(1, 0)], 0.4);
    assert_eq!(LECTURE.0, HIDDEN);
    assert_eq!(LECTURE.1.w, matrix![0.3, 0.4; 0.5, 0.6; 0.7, 0.8]);
    assert_eq!(LECTURE.1.b, matrix![0.3, 0.35]);
    // v⁰ = x W⁰ + b⁰ for the lecture's x = [0.3, 0.7], written out.
    let v0 = HIDDEN.pre_activation(&matrix![0.3, 0.7]);
    assert_relative_eq!(
        v0,
        matrix![
            0.3 * 0.1 + 0.7 * 0.4 + 0.2,
            0.3 * 0.2 + 0.7 * 0.5 + 0.25,
            0.3 * 0.3 + 0.7 * 0.6 + 0.3
        ],
        max_relative = 1e-6
    );
}

/// The lecture's parameters in the flat order, written out from the arrays: `W⁰` by
/// columns, `b⁰`, `W¹` by columns, `b¹`.
fn lecture_flat_order() -> Vec<f32> {
    let mut order = Vec::new();
    for c in 0..3 {
        for r in 0..2 {
            order.push(LECTURE_W0[r][c]);
        }
    }
    order.extend(LECTURE_B0);
    for c in 0..2 {
        for r in 0..3 {
            order.push(LECTURE_W1[r][c]);
        }
    }
    order.extend(LECTURE_B1);
    order
}

/// The entry a location names, looked up in the lecture's arrays.
fn lecture_entry(location: Location) -> f32 {
    let Location {
        name,
        layer,
        row,
        column,
    } = location;
    match (name, layer) {
        ("W", 0) => LECTURE_W0[row][column],
        ("b", 0) => {
            assert_eq!(row, 0);
            LECTURE_B0[column]
        }
        ("W", 1) => LECTURE_W1[row][column],
        ("b", 1) => {
            assert_eq!(row, 0);
            LECTURE_B1[column]
        }
        _ => panic!("no matrix {name}{layer} in the lecture's network"),
    }
}

#[test]
fn parameter_locate_and_flat_order_agree() {
    let net = LECTURE;
    let order = lecture_flat_order();
    assert_eq!(order.len(), Lecture::COUNT);
    assert_eq!(net.to_flat().as_slice(), order.as_slice());
    for (index, value) in order.iter().enumerate() {
        assert_eq!(net.parameter(index), Some(*value), "index {index}");
        let location = net.locate(index).unwrap();
        assert_eq!(
            lecture_entry(location),
            *value,
            "index {index} at {location}"
        );
        // parameter_mut writes exactly the entry that locate names.
        let mut written = net;
        *written.parameter_mut(index).unwrap() = 100.0;
        let (w0, b0, w1, b1) = (written.0.w, written.0.b, written.1.w, written.1.b);
        let (row, column) = (location.row, location.column);
        let entry = match (location.name, location.layer) {
            ("W", 0) => w0[(row, column)],
            ("b", 0) => b0[(row, column)],
            ("W", 1) => w1[(row, column)],
            _ => b1[(row, column)],
        };
        assert_eq!(entry, 100.0, "index {index} at {location}");
        let differing = written
            .to_flat()
            .iter()
            .zip(&order)
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(differing, 1, "index {index}");
    }
    assert_eq!(net.parameter(Lecture::COUNT), None);
    assert_eq!(net.locate(Lecture::COUNT), None);
    let mut net = net;
    assert!(net.parameter_mut(Lecture::COUNT).is_none());

    // W¹[2, 0] is the 3rd entry of W¹'s first column, after the 6 + 3 of W⁰ and b⁰.
    let location = net.locate(6 + 3 + 2).unwrap();
    assert_eq!(
        location,
        Location {
            name: "W",
            layer: 1,
            row: 2,
            column: 0
        }
    );
    assert_eq!(location.to_string(), "W¹[2, 0]");
    assert_eq!(net.locate(0).unwrap().to_string(), "W⁰[0, 0]");
    assert_eq!(net.locate(7).unwrap().to_string(), "b⁰[0, 1]");
    assert_eq!(net.locate(16).unwrap().to_string(), "b¹[0, 1]");
    let far = Location {
        name: "b",
        layer: 11,
        row: 0,
        column: 4,
    };
    assert_eq!(far.to_string(), "b¹¹[0, 4]");
    let tenth = Location {
        name: "W",
        layer: 10,
        row: 7,
        column: 12,
    };
    assert_eq!(tenth.to_string(), "W¹⁰[7, 12]");
}
