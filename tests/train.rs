//! The training loop: stopping rules, bad input rejected before anything changes, divergence
//! stopped at the last finite state, reproducible shuffling.

use core::ops::ControlFlow;

use constnet::{
    train, Batch, Dataset, Dense, Identity, Mse, Network, Plan, Relu, Sgd, Sigmoid, StopReason,
    TrainError,
};
use nalgebra::{matrix, SMatrix};

type Xor = Network<(Dense<f32, 2, 2, Sigmoid>, Dense<f32, 2, 1, Sigmoid>)>;

fn xor_net() -> Xor {
    Network::new((
        Dense::from_rows([[0.6, -0.3], [0.4, 0.8]], [-0.1, 0.2]),
        Dense::from_rows([[0.5], [0.9]], [-0.3]),
    ))
}

fn xor_inputs() -> [SMatrix<f32, 1, 2>; 4] {
    [
        matrix![0.0, 0.0],
        matrix![0.0, 1.0],
        matrix![1.0, 0.0],
        matrix![1.0, 1.0],
    ]
}

fn xor_targets() -> [SMatrix<f32, 1, 1>; 4] {
    [matrix![0.0], matrix![1.0], matrix![1.0], matrix![0.0]]
}

fn keep_going<T, N, O>(_: &constnet::Epoch<T>, _: &N, _: &mut O) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

#[test]
fn stops_at_the_target_loss() {
    let targets = xor_targets();
    let inputs = xor_inputs();
    let data = Dataset::new(&inputs, &targets).unwrap();
    let mut net = xor_net();
    let plan = Plan::new(Mse, Batch::<4>, 20_000)
        .target_loss(0.01)
        .unwrap();
    let report = train(
        &mut net,
        &mut Sgd::new(2.0).unwrap(),
        &data,
        &plan,
        keep_going,
    )
    .unwrap();
    assert_eq!(report.stop, StopReason::TargetLoss);
    assert!(
        report.loss.is_some_and(|l| l <= 0.01) && report.epochs < 20_000,
        "{report:?}"
    );
    // The loop's running loss was measured before the last update; the net is at least as good.
    let x = SMatrix::<f32, 4, 2>::from_fn(|r, c| inputs[r][c]);
    let y = SMatrix::<f32, 4, 1>::from_fn(|r, _| targets[r][0]);
    assert!(constnet::Layer::loss::<Mse, 4>(&net, &x, &y) <= 0.01);
}

#[test]
fn stops_after_max_epochs_and_reports_each_epoch() {
    let targets = xor_targets();
    let inputs = xor_inputs();
    let data = Dataset::new(&inputs, &targets).unwrap();
    let mut net = xor_net();
    let mut seen = Vec::new();
    let plan = Plan::new(Mse, Batch::<1>, 7);
    let report = train(
        &mut net,
        &mut Sgd::new(0.1).unwrap(),
        &data,
        &plan,
        |epoch, _, _| {
            seen.push(epoch.epoch);
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    assert_eq!(report.stop, StopReason::MaxEpochs);
    assert_eq!(report.epochs, 7);
    assert_eq!(seen, [1, 2, 3, 4, 5, 6, 7]);
}

#[test]
fn a_callback_can_stop_training_on_its_own_criterion() {
    let targets = xor_targets();
    let inputs = xor_inputs();
    let data = Dataset::new(&inputs, &targets).unwrap();
    let mut net = xor_net();
    let plan = Plan::new(Mse, Batch::<4>, 20_000);
    // Stop when every output is on the right side of 0.5.
    let report = train(
        &mut net,
        &mut Sgd::new(2.0).unwrap(),
        &data,
        &plan,
        |_, net: &Xor, _| {
            let right = inputs
                .iter()
                .zip(&targets)
                .all(|(x, y)| (constnet::Layer::forward(net, x)[0] > 0.5) == (y[0] > 0.5));
            if right {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    )
    .unwrap();
    assert_eq!(report.stop, StopReason::Callback);
    assert!(report.epochs < 20_000);
    for (x, y) in inputs.iter().zip(&targets) {
        assert_eq!(constnet::Layer::forward(&net, x)[0] > 0.5, y[0] > 0.5);
    }
}

#[test]
fn a_nan_in_sample_7_is_named_before_anything_changes() {
    let mut inputs = [matrix![0.5_f64, -0.5]; 10];
    let targets = [matrix![1.0_f64]; 10];
    inputs[7][1] = f64::NAN;
    assert_eq!(
        Dataset::new(&inputs, &targets).unwrap_err(),
        TrainError::NonFiniteInput {
            sample: 7,
            column: 1
        }
    );
    let mut bad_targets = targets;
    bad_targets[7][0] = f64::INFINITY;
    inputs[7][1] = 0.0;
    let error = Dataset::new(&inputs, &bad_targets).unwrap_err();
    assert_eq!(
        error,
        TrainError::NonFiniteTarget {
            sample: 7,
            column: 0
        }
    );
    assert_eq!(
        error.to_string(),
        "target of sample 7 is not finite at column 0"
    );
}

#[test]
fn mismatched_lengths_and_too_few_samples_are_errors() {
    let inputs = [matrix![0.0_f32, 1.0]; 3];
    let targets = [matrix![1.0_f32]; 2];
    assert_eq!(
        Dataset::new(&inputs, &targets).unwrap_err(),
        TrainError::LengthMismatch {
            inputs: 3,
            targets: 2
        }
    );
    let data = Dataset::new(&inputs[..2], &targets).unwrap();
    let mut net = xor_net();
    let before = net;
    let plan = Plan::new(Mse, Batch::<4>, 10);
    let error = train(
        &mut net,
        &mut Sgd::new(0.1).unwrap(),
        &data,
        &plan,
        keep_going,
    )
    .unwrap_err();
    assert_eq!(
        error,
        TrainError::TooFewSamples {
            samples: 2,
            batch: 4
        }
    );
    assert_eq!(net, before);
}

type Linear = Network<(Dense<f64, 2, 4, Relu>, Dense<f64, 4, 1, Identity>)>;

fn linear_net() -> Linear {
    Network::new((
        Dense::from_rows([[0.3, -0.2, 0.5, 0.1], [0.4, 0.6, -0.3, 0.2]], [0.1; 4]),
        Dense::from_rows([[0.5], [-0.4], [0.3], [0.2]], [0.0]),
    ))
}

#[test]
fn divergence_stops_with_the_weights_of_the_last_good_epoch() {
    let inputs = [matrix![1.0, 2.0], matrix![-1.0, 0.5], matrix![2.0, -1.0]];
    let targets = [matrix![1.0], matrix![-1.0], matrix![0.5]];
    let data = Dataset::new(&inputs, &targets).unwrap();
    let plan = Plan::new(Mse, Batch::<3>, 1_000);
    let mut net = linear_net();
    let error = train(
        &mut net,
        &mut Sgd::new(1e6).unwrap(),
        &data,
        &plan,
        keep_going,
    )
    .unwrap_err();
    let TrainError::Diverged {
        epoch, restored, ..
    } = error
    else {
        panic!("expected divergence, got {error:?}");
    };
    // The weights after epoch k are vouched for by epoch k + 1's loss, which came before the
    // epoch that diverged.
    let good = restored.expect("train keeps copies");
    assert!(good + 1 < epoch, "{error:?}");
    // Replaying exactly those epochs gives the same network, bit for bit.
    let mut replay = linear_net();
    if good > 0 {
        let plan = Plan::new(Mse, Batch::<3>, good);
        train(
            &mut replay,
            &mut Sgd::new(1e6).unwrap(),
            &data,
            &plan,
            keep_going,
        )
        .unwrap();
    }
    assert_eq!(net, replay);
}

#[test]
fn shuffling_is_reproducible_and_seeded() {
    let inputs: [SMatrix<f64, 1, 2>; 6] =
        core::array::from_fn(|i| matrix![i as f64 / 6.0, 1.0 - i as f64 / 3.0]);
    let targets: [SMatrix<f64, 1, 1>; 6] = core::array::from_fn(|i| matrix![(i % 2) as f64]);
    let data = Dataset::new(&inputs, &targets).unwrap();
    let run = |plan: Plan<Mse, 2, f64>| {
        let mut net = linear_net();
        train(
            &mut net,
            &mut Sgd::new(0.01).unwrap(),
            &data,
            &plan,
            keep_going,
        )
        .unwrap();
        net
    };
    let ordered = Plan::new(Mse, Batch::<2>, 5);
    assert_eq!(run(ordered.shuffle(11)), run(ordered.shuffle(11)));
    assert_ne!(run(ordered.shuffle(11)), run(ordered.shuffle(12)));
    assert_ne!(run(ordered.shuffle(11)), run(ordered));
}

#[test]
fn a_partial_last_batch_wraps_to_the_start() {
    // 3 samples in batches of 2: each epoch is 2 steps; the second batch is [sample 2, sample 0].
    let inputs = [matrix![1.0, 0.0], matrix![0.0, 1.0], matrix![1.0, 1.0]];
    let targets = [matrix![1.0], matrix![0.0], matrix![0.5]];
    let data = Dataset::new(&inputs, &targets).unwrap();
    let mut net = linear_net();
    let mut sgd = Sgd::new(0.05).unwrap();
    train(
        &mut net,
        &mut sgd,
        &data,
        &Plan::new(Mse, Batch::<2>, 1),
        keep_going,
    )
    .unwrap();

    let mut expected = linear_net();
    for rows in [[0, 1], [2, 0]] {
        let x = SMatrix::<f64, 2, 2>::from_fn(|r, c| inputs[rows[r]][c]);
        let y = SMatrix::<f64, 2, 1>::from_fn(|r, _| targets[rows[r]][0]);
        let (_, mut grads) = constnet::Layer::loss_and_gradients::<Mse, 2>(&expected, &x, &y);
        constnet::Optimizer::step(&mut sgd, &mut expected, &mut grads).unwrap();
    }
    assert_eq!(net, expected);
}

#[test]
fn a_plan_of_no_epochs_reports_no_loss() {
    let targets = xor_targets();
    let inputs = xor_inputs();
    let data = Dataset::new(&inputs, &targets).unwrap();
    let mut net = xor_net();
    let before = net;
    let plan = Plan::new(Mse, Batch::<4>, 0).target_loss(0.01).unwrap();
    let report = train(
        &mut net,
        &mut Sgd::new(2.0).unwrap(),
        &data,
        &plan,
        keep_going,
    )
    .unwrap();
    // Not 0.0, which would pass a `loss < 0.01` check as a perfect fit.
    assert_eq!(report.loss, None);
    assert_eq!((report.epochs, report.stop), (0, StopReason::MaxEpochs));
    assert_eq!(net, before);
}
