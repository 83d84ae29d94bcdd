//! Networks in fixed point: trained in Q16.16 from a seeded start, each step against the same
//! step in `f64`, a converted Q8.8 network against the `f32` one it came from, a run forced
//! to saturate, and fixed-point networks written as Rust source.

use std::ops::ControlFlow;

use constnet::nalgebra::SMatrix;
use constnet::{
    convert, largest_output_error, saturations, train, write_rust_const, Batch, Dataset, Dense,
    Flat, Identity, Init, Initialize, Layer, Momentum, Mse, Network, Optimizer, Plan, Real, Sgd,
    Sigmoid, StopReason, TrainError, Q16_16, Q8_8,
};

/// The network of the microcontroller comparisons: XOR with three hidden units.
type Xor<T> = Network<(Dense<T, 2, 3, Sigmoid>, Dense<T, 3, 1, Sigmoid>)>;
/// The lecture's 2→3→2 network.
type Lecture<T> = Network<(Dense<T, 2, 3, Sigmoid>, Dense<T, 3, 2, Sigmoid>)>;

type Rows<T, const N: usize> = [SMatrix<T, 1, N>; 4];

fn xor_table<T: Real>() -> (Rows<T, 2>, Rows<T, 1>) {
    let inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    (
        inputs.map(|[a, b]| SMatrix::from([[T::lit(a)], [T::lit(b)]])),
        [0.0, 1.0, 1.0, 0.0].map(|t| SMatrix::from([[T::lit(t)]])),
    )
}

/// XOR from the seeded start, full batch, SGD with learning rate 2, to a loss of 0.01.
fn train_xor<T: Real>(seed: u64) -> (Xor<T>, constnet::Report<'static, T>) {
    let (inputs, targets) = xor_table::<T>();
    let data = Dataset::new(&inputs, &targets).unwrap();
    let mut net = Xor::<T>::seeded(Init::Xavier, seed);
    let plan = Plan::new(Mse, Batch::<4>, 5_000)
        .target_loss(T::lit(0.01))
        .unwrap();
    let mut sgd = Sgd::new(T::lit(2.0)).unwrap();
    let report = train(&mut net, &mut sgd, &data, &plan, |_, _, _| {
        ControlFlow::Continue(())
    })
    .unwrap();
    (net, report)
}

#[test]
fn xor_trains_in_q16_16_within_twice_the_epochs_of_f32_from_the_same_seed() {
    for seed in [0, 1, 2, 3] {
        let (_, float) = train_xor::<f32>(seed);
        let (net, fixed) = train_xor::<Q16_16>(seed);
        assert_eq!(
            float.stop,
            StopReason::TargetLoss,
            "seed {seed}: f32 {float:?}"
        );
        assert_eq!(
            fixed.stop,
            StopReason::TargetLoss,
            "seed {seed}: Q16.16 {fixed:?}"
        );
        assert!(
            fixed.epochs <= 2 * float.epochs,
            "seed {seed}: {fixed:?} vs {float:?}"
        );
        assert_eq!(fixed.saturations, 0, "seed {seed}");
        let (inputs, targets) = xor_table::<Q16_16>();
        for (x, t) in inputs.iter().zip(&targets) {
            let y = net.forward::<1>(x)[0].to_f64();
            assert!(
                (y - t[0].to_f64()).abs() < 0.25,
                "seed {seed}: {x:?} gives {y}"
            );
        }
    }
}

#[test]
fn momentum_trains_xor_in_q16_16_as_in_f32() {
    // Rumelhart 1986's rule, ε = 0.5 and α = 0.9, from the seeded start of seed 1.
    fn epochs<T: Real>() -> (usize, StopReason, u32) {
        let (inputs, targets) = xor_table::<T>();
        let data = Dataset::new(&inputs, &targets).unwrap();
        let mut net = Xor::<T>::seeded(Init::Xavier, 1);
        let plan = Plan::new(Mse, Batch::<4>, 5_000)
            .target_loss(T::lit(0.01))
            .unwrap();
        let mut momentum = Momentum::new(T::lit(0.5), T::lit(0.9)).unwrap();
        let report = train(&mut net, &mut momentum, &data, &plan, |_, _, _| {
            ControlFlow::Continue(())
        })
        .unwrap();
        (report.epochs, report.stop, report.saturations)
    }
    let (float, float_stop, _) = epochs::<f32>();
    let (fixed, fixed_stop, saturations) = epochs::<Q16_16>();
    assert_eq!(
        (float_stop, fixed_stop),
        (StopReason::TargetLoss, StopReason::TargetLoss)
    );
    assert!(fixed <= 2 * float, "Q16.16 {fixed} epochs, f32 {float}");
    assert_eq!(saturations, 0);
}

#[test]
fn an_update_that_saturates_is_undone() {
    // A target of 100 for an identity output: ∂L/∂b¹ saturates at -128, and a learning rate
    // of 1 moves b¹ past 128. The update is refused whole, the network is as it was, and the
    // count says a result saturated; a learning rate of 1/16 updates it.
    type Net = Network<(Dense<Q8_8, 2, 3, Sigmoid>, Dense<Q8_8, 3, 1, Identity>)>;
    let before = Net::seeded(Init::Xavier, 0);
    let x = SMatrix::<Q8_8, 1, 2>::new(Q8_8::ONE, Q8_8::ONE);
    let t = SMatrix::<Q8_8, 1, 1>::new(Q8_8::from_f64(100.0));
    for (rate, saturates) in [(1.0, true), (1.0 / 16.0, false)] {
        let mut net = before;
        let mut gradients = net.loss_and_gradients::<Mse, 1>(&x, &t).1;
        assert_eq!(gradients.1.b[(0, 0)], Q8_8::MIN);
        constnet::reset_saturations();
        let mut sgd = Sgd::new(Q8_8::from_f64(rate)).unwrap();
        let result = sgd.step(&mut net, &mut gradients);
        assert_eq!(result.is_err(), saturates, "rate {rate}");
        assert_eq!(net == before, saturates, "rate {rate}");
        assert_eq!(saturations() > 0, saturates, "rate {rate}");
    }
}

#[test]
fn means_over_more_samples_than_q8_8_can_count_stay_in_range() {
    // 300 samples: more than Q8.8 can hold as a number (its range ends at 128), so the epoch's
    // mean over 300 steps and the data set's mean loss must not divide by 300 as a Q8.8.
    let (inputs, targets) = xor_table::<Q8_8>();
    let inputs: Vec<_> = inputs.iter().cycle().take(300).copied().collect();
    let targets: Vec<_> = targets.iter().cycle().take(300).copied().collect();
    let data = Dataset::new(&inputs, &targets).unwrap();
    let mut net = Xor::<Q8_8>::seeded(Init::Xavier, 0);
    // The per-sample losses, added up in f64: the mean both must give, to within rounding.
    let exact: f64 = inputs
        .iter()
        .zip(&targets)
        .map(|(x, t)| net.loss::<Mse, 1>(x, t).to_f64())
        .sum::<f64>()
        / 300.0;
    constnet::reset_saturations();
    let mean = data.mean_loss::<Mse, 4, _>(&net).unwrap().to_f64();
    assert!((mean - exact).abs() <= 1.0 / 256.0, "{mean} vs {exact}");
    // A learning rate of 0 keeps the weights, so the epoch's loss is the same mean.
    let plan = Plan::new(Mse, Batch::<1>, 1);
    let mut sgd = Sgd::new(Q8_8::from_bits(0)).unwrap();
    let report = train(&mut net, &mut sgd, &data, &plan, |_, _, _| {
        ControlFlow::Continue(())
    })
    .unwrap();
    let loss = report.loss.unwrap().to_f64();
    assert!((loss - exact).abs() <= 1.0 / 256.0, "{loss} vs {exact}");
    assert_eq!((report.saturations, saturations()), (0, 0));
}

/// One step's tolerance: a regression guard, not a derived bound. Over 50 seeds the largest
/// difference measured is 4.1 · 10⁻⁵ (mostly the sigmoid table's error of up to 2 · 10⁻⁴,
/// scaled down by the learning rate and the derivatives it passes through).
const STEP_TOLERANCE: f64 = 1e-4;

#[test]
fn each_q16_16_step_stays_within_its_tolerance_of_the_f64_step_from_the_same_weights() {
    let x = SMatrix::<f64, 1, 2>::new(0.3, 0.7);
    let t = SMatrix::<f64, 1, 2>::new(1.0, 0.0);
    let (x_fixed, t_fixed) = (x.map(Q16_16::from_f64), t.map(Q16_16::from_f64));
    for seed in 0..50 {
        let mut fixed = Lecture::<Q16_16>::seeded(Init::Xavier, seed);
        // The same weights in f64: every Q16.16 value is an f64.
        let exact = convert::<f64, _>(&fixed);
        assert_eq!(exact.largest_weight_error, 0.0);
        let mut float = exact.network;

        let mut gradients = float.loss_and_gradients::<Mse, 1>(&x, &t).1;
        Sgd::new(0.5)
            .unwrap()
            .step(&mut float, &mut gradients)
            .unwrap();
        let mut gradients = fixed.loss_and_gradients::<Mse, 1>(&x_fixed, &t_fixed).1;
        let mut sgd = Sgd::new(Q16_16::from_f64(0.5)).unwrap();
        sgd.step(&mut fixed, &mut gradients).unwrap();

        let stepped = convert::<f64, _>(&fixed).network.to_flat();
        for (i, (a, b)) in float.to_flat().iter().zip(stepped.iter()).enumerate() {
            assert!(
                (a - b).abs() <= STEP_TOLERANCE,
                "seed {seed}, parameter {i}: f64 {a}, Q16.16 {b}"
            );
        }
    }
}

#[test]
fn the_lectures_network_trains_in_q16_16_as_in_f64() {
    // The lecture's sample x = [0.3, 0.7], t = [1, 0], trained from a seeded start: the loss
    // falls the same way in both types, epoch by epoch.
    let x = [SMatrix::<f64, 1, 2>::new(0.3, 0.7)];
    let t = [SMatrix::<f64, 1, 2>::new(1.0, 0.0)];
    let (x_fixed, t_fixed) = (
        x.map(|x| x.map(Q16_16::from_f64)),
        t.map(|t| t.map(Q16_16::from_f64)),
    );
    let mut fixed = Lecture::<Q16_16>::seeded(Init::Xavier, 1986);
    let mut float = convert::<f64, _>(&fixed).network;
    let float_data = Dataset::new(&x, &t).unwrap();
    let fixed_data = Dataset::new(&x_fixed, &t_fixed).unwrap();
    let mut float_losses = Vec::new();
    let mut fixed_losses = Vec::new();
    let plan = Plan::new(Mse, Batch::<1>, 200);
    train(
        &mut float,
        &mut Sgd::new(0.5).unwrap(),
        &float_data,
        &plan,
        |epoch, _, _| {
            float_losses.push(epoch.loss);
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    let plan = Plan::new(Mse, Batch::<1>, 200);
    let mut sgd = Sgd::new(Q16_16::from_f64(0.5)).unwrap();
    let report = train(&mut fixed, &mut sgd, &fixed_data, &plan, |epoch, _, _| {
        fixed_losses.push(epoch.loss.to_f64());
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(report.saturations, 0);
    assert!(
        float_losses[199] < float_losses[0] / 10.0,
        "{float_losses:?}"
    );
    for (epoch, (a, b)) in float_losses.iter().zip(&fixed_losses).enumerate() {
        assert!(
            (a - b).abs() < 1e-3,
            "epoch {}: f64 {a}, Q16.16 {b}",
            epoch + 1
        );
    }
}

/// A bound on how far the converted Q8.8 network's output can be from the `f32` one's, from
/// its weights: every weight and bias moved by at most half a unit (2⁻⁹), every product
/// rounds by at most 2⁻⁹ more, the sigmoid passes an input error on at most ¼ times and adds
/// at most one unit (2⁻⁸) of its own.
fn q8_8_output_bound(net: &Xor<f32>, x: &SMatrix<f32, 1, 2>) -> f64 {
    let (half, unit) = (2f64.powi(-9), 2f64.powi(-8));
    let (hidden, output) = (&net.0, &net.1);
    let inputs: f64 = x.iter().map(|v| f64::from(v.abs())).sum();
    let hidden_error = 0.25 * (inputs * half + 2.0 * half + half) + unit;
    let y = hidden.forward::<1>(x);
    let mut pre_activation = half;
    for (w, y) in output.w.iter().zip(y.iter()) {
        let w = f64::from(w.abs()) + half;
        pre_activation += w * hidden_error + f64::from(*y) * half + half;
    }
    0.25 * pre_activation + unit
}

#[test]
fn a_converted_q8_8_network_gives_the_f32_outputs_within_their_bound() {
    let (float, _) = train_xor::<f32>(0);
    let converted = convert::<Q8_8, _>(&float);
    assert_eq!(converted.saturated, 0);
    assert!(converted.largest_weight_error <= 2f64.powi(-9));
    let (inputs, _) = xor_table::<f32>();
    for (sample, x) in inputs.iter().enumerate() {
        let error = largest_output_error(&float, &converted.network, &inputs[sample..=sample])
            .unwrap()
            .largest;
        let bound = q8_8_output_bound(&float, x);
        assert!(error <= bound, "input {x:?}: error {error}, bound {bound}");
        assert!(bound < 0.05, "a bound of {bound} says nothing");
    }
    // The converted network still computes XOR.
    for (x, y) in inputs.iter().zip([0.0, 1.0, 1.0, 0.0]) {
        let out = converted
            .network
            .forward::<1>(&x.map(|v| Q8_8::from_f64(v.into())))[0];
        assert!((out.to_f64() - y).abs() < 0.25, "{x:?} gives {out}");
    }
}

#[test]
fn conversion_reports_the_largest_change_and_what_saturated() {
    let mut net = Xor::<f32>::seeded(Init::Xavier, 3);
    net.1.w[(2, 0)] = -200.0; // beyond Q8.8's range of [-128, 128)
    net.0.b[(0, 1)] = 0.5 + 1.0 / 512.0 * 0.9; // 0.9 of half a unit above 0.5
    let converted = convert::<Q8_8, _>(&net);
    assert_eq!(converted.saturated, 1);
    assert_eq!(converted.network.1.w[(2, 0)], Q8_8::MIN);
    assert_eq!(converted.largest_weight_error, 72.0);
    assert_eq!(converted.worst_weight.unwrap().to_string(), "W¹[2, 0]");
    // Every other parameter moved by at most half a unit, and 0.5 + 0.9 · 2⁻⁹ rounds to 0.5.
    assert_eq!(converted.network.0.b[(0, 1)], Q8_8::from_f64(0.5));
    net.1.w[(2, 0)] = 1.0;
    let converted = convert::<Q8_8, _>(&net);
    assert_eq!(converted.saturated, 0);
    assert!(converted.largest_weight_error <= 2f64.powi(-9));
}

#[test]
fn saturation_is_reported_when_forced() {
    // Targets of ±200 put squared errors of 40,000 beyond Q16.16's range (32,768): each
    // sample's loss saturates, so the batch's mean is at the end of the range too, which
    // `train` takes for divergence on the first step; the count says why. The same run on
    // targets of ±2 saturates nothing.
    for (scale, saturates) in [(200.0, true), (2.0, false)] {
        let inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
            .map(|[a, b]| SMatrix::from([[Q16_16::from_f64(a)], [Q16_16::from_f64(b)]]));
        let targets =
            [-1.0, 1.0, 1.0, -1.0].map(|t| SMatrix::from([[Q16_16::from_f64(scale * t)]]));
        let data = Dataset::new(&inputs, &targets).unwrap();
        let mut net =
            Network::<(Dense<Q16_16, 2, 3, Sigmoid>, Dense<Q16_16, 3, 1, Identity>)>::seeded(
                Init::Xavier,
                0,
            );
        let plan = Plan::new(Mse, Batch::<4>, 3);
        let mut sgd = Sgd::new(Q16_16::from_f64(0.01)).unwrap();
        constnet::reset_saturations();
        let result = train(&mut net, &mut sgd, &data, &plan, |_, _, _| {
            ControlFlow::Continue(())
        });
        match result {
            Err(TrainError::Diverged {
                epoch: 1,
                step: 1,
                loss,
                restored: Some(0),
            }) if saturates => {
                assert_eq!(loss, Q16_16::MAX);
                assert!(saturations() > 0);
            }
            Ok(report) if !saturates => {
                assert_eq!((report.saturations, saturations()), (0, 0), "{report:?}");
            }
            other => panic!("targets ±{scale}: {other:?}"),
        }
    }
}

#[test]
fn fixed_point_networks_are_written_as_their_raw_integers() {
    let net = Network::new((Dense::<Q8_8, 2, 1, Sigmoid>::from_rows(
        [[Q8_8::from_f64(0.5)], [Q8_8::from_f64(-1.25)]],
        [Q8_8::from_f64(0.1)],
    ),));
    let mut source = String::new();
    write_rust_const(&mut source, "TINY", &net).unwrap();
    // 0.5 · 256 = 128, -1.25 · 256 = -320, 0.1 · 256 = 25.6 → 26.
    assert_eq!(
        source,
        "pub const TINY: Network<(Dense<Q8_8, 2, 1, Sigmoid>,)> = Network::new((\n    \
         Dense::from_rows(\n        [\n            [Q8_8::from_bits(128)],\n            \
         [Q8_8::from_bits(-320)],\n        ],\n        [Q8_8::from_bits(26)],\n    ),\n));\n"
    );
    // A saturated parameter is refused, like a NaN.
    let mut saturated = net;
    saturated.0.b[(0, 0)] = Q8_8::MAX;
    let error = write_rust_const(&mut String::new(), "TINY", &saturated).unwrap_err();
    assert_eq!(
        error.to_string(),
        "parameter b⁰[0, 0] is not finite (NaN, infinite, or a saturated fixed-point value)"
    );
}

/// What the export above writes, compiled back: the same network.
const TINY: Network<(Dense<Q8_8, 2, 1, Sigmoid>,)> = Network::new((Dense::from_rows(
    [[Q8_8::from_bits(128)], [Q8_8::from_bits(-320)]],
    [Q8_8::from_bits(26)],
),));

#[test]
fn the_written_source_compiles_to_the_same_network() {
    let net = Network::new((Dense::<Q8_8, 2, 1, Sigmoid>::from_rows(
        [[Q8_8::from_f64(0.5)], [Q8_8::from_f64(-1.25)]],
        [Q8_8::from_f64(0.1)],
    ),));
    assert_eq!(TINY, net);
}

#[test]
fn networks_with_skip_connections_convert_too() {
    use constnet::{Concat, Residual, Tanh};
    type Skip<T> = Network<(
        Concat<Dense<T, 2, 1, Sigmoid>, 3>,
        Residual<Dense<T, 3, 3, Tanh>>,
        Dense<T, 3, 1, Sigmoid>,
    )>;
    let float = Skip::<f64>::seeded(Init::Xavier, 5);
    let fixed = convert::<Q16_16, _>(&float);
    assert_eq!(fixed.saturated, 0);
    assert!(fixed.largest_weight_error <= 2f64.powi(-17), "{fixed:?}");
    // Back to f64: every Q16.16 value is an f64, so nothing moves the second time.
    let back = convert::<f64, _>(&fixed.network);
    assert_eq!(back.largest_weight_error, 0.0);
    let inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.3, 0.7]]
        .map(|[a, b]| SMatrix::<f64, 1, 2>::new(a, b));
    let error = largest_output_error(&float, &fixed.network, &inputs).unwrap();
    // The sigmoid and tanh tables err by 2 · 10⁻⁴ and 4 · 10⁻⁴, and pass on less.
    assert!(error.largest < 1e-3, "{error:?}");
}
