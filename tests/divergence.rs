//! A run that diverges ends with a usable network: the weights of its last good epoch. An
//! exploding loss counts as divergence, not only a non-finite one.

use std::ops::ControlFlow;

use constnet::{
    train, train_with, Batch, Buffers, Dataset, Dense, Epoch, Identity, Init, Initialize, Mse,
    Network, Parameters, Plan, Relu, Report, Sgd, SoftmaxCrossEntropy, StopReason, TrainError,
};

type Regressor = Network<(Dense<f64, 2, 8, Relu>, Dense<f64, 8, 1, Identity>)>;
type Classifier = Network<(Dense<f64, 2, 8, Relu>, Dense<f64, 8, 3, Identity>)>;

fn keep_going<T, N, O>(_: &Epoch<T>, _: &N, _: &mut O) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

fn inputs() -> [[f64; 2]; 6] {
    [
        [0.0, 1.0],
        [1.0, 0.0],
        [0.5, 0.5],
        [-1.0, 0.2],
        [0.3, -0.7],
        [-0.4, -0.4],
    ]
}

/// The regressor from seed `seed` trained alone for `epochs` full-batch epochs of SGD at `rate`:
/// the weights a diverged run that kept those epochs must be back at.
fn replayed(seed: u64, data: &Dataset<'_, f64, 2, 1>, rate: f64, epochs: usize) -> Regressor {
    let mut net = Regressor::seeded(Init::He, seed);
    let plan = Plan::new(Mse, Batch::<6>, epochs);
    train(
        &mut net,
        &mut Sgd::new(rate).unwrap(),
        data,
        &plan,
        keep_going,
    )
    .unwrap();
    net
}

#[test]
fn a_huge_learning_rate_ends_at_the_last_good_epoch_which_trains_on() {
    let x = inputs();
    let t = x.map(|[a, b]| [a - 2.0 * b]);
    let data = Dataset::from_arrays(&x, &t).unwrap();
    let mut net = Regressor::seeded(Init::He, 3);
    let error = train(
        &mut net,
        &mut Sgd::new(1e6).unwrap(),
        &data,
        &Plan::new(Mse, Batch::<6>, 100),
        keep_going,
    )
    .unwrap_err();
    let TrainError::Diverged {
        epoch, restored, ..
    } = error
    else {
        panic!("{error:?}");
    };
    let good = restored.expect("train keeps the last good weights");
    assert!(good < epoch);
    // The same number of good epochs, run alone, gives the same weights.
    assert_eq!(net, replayed(3, &data, 1e6, good));
    // Usable: a sensible learning rate trains on from there without diverging.
    let plan = Plan::new(Mse, Batch::<6>, 200);
    let report = train(
        &mut net,
        &mut Sgd::new(1e-2).unwrap(),
        &data,
        &plan,
        keep_going,
    )
    .unwrap();
    assert_eq!(report.stop, StopReason::MaxEpochs);
    assert!(report.loss.is_some_and(f64::is_finite));
    assert!(
        error.to_string().contains("the network is back at"),
        "{error}"
    );
}

/// One-hot targets of three classes for the six inputs.
fn classes() -> [[f64; 3]; 6] {
    [0, 1, 2, 0, 1, 2].map(|class| core::array::from_fn(|k| f64::from(u8::from(k == class))))
}

/// The classifier's seeded start, trained on the six inputs' classes with SGD at a learning
/// rate of 10⁶ under `plan`: the network it ends with, and what `train` said.
fn classify_at_a_huge_rate<const B: usize>(
    plan: &Plan<SoftmaxCrossEntropy, B, f64>,
) -> (Classifier, Result<Report<'static, f64>, TrainError<f64>>) {
    let x = inputs();
    let t = classes();
    let data = Dataset::from_arrays(&x, &t).unwrap();
    let mut net = Classifier::seeded(Init::He, 1);
    let result = train(
        &mut net,
        &mut Sgd::new(1e6).unwrap(),
        &data,
        plan,
        keep_going,
    );
    (net, result)
}

#[test]
fn an_exploding_cross_entropy_is_divergence_not_success() {
    let plan = Plan::new(SoftmaxCrossEntropy, Batch::<6>, 50);
    let (net, result) = classify_at_a_huge_rate(&plan);
    let error = result.unwrap_err();
    let TrainError::Diverged { loss, restored, .. } = error else {
        panic!("{error:?}");
    };
    assert!(restored.is_some(), "{error:?}");
    // Either a non-finite loss or one past a thousand times the first epoch's (about ln 3).
    assert!(!loss.is_finite() || loss > 1e3, "{loss}");
    let (x, t) = (inputs(), classes());
    let data = Dataset::from_arrays(&x, &t).unwrap();
    let after = data.mean_loss::<SoftmaxCrossEntropy, 6, _>(&net).unwrap();
    assert!(after < 1e3, "the restored network is usable: loss {after}");

    // With the check turned off, the same run "succeeds" with garbage: what the check is for.
    let unchecked = plan.explosion_factor(f64::INFINITY).unwrap();
    if let (_, Ok(report)) = classify_at_a_huge_rate(&unchecked) {
        assert!(report.loss.is_some_and(|l| l > 1e3), "{report:?}");
    }
}

#[test]
fn without_a_copy_the_network_keeps_its_last_finite_parameters() {
    let x = inputs();
    let t = x.map(|[a, b]| [a - 2.0 * b]);
    let data = Dataset::from_arrays(&x, &t).unwrap();
    let mut net = Regressor::seeded(Init::He, 3);
    let mut gradients = <Regressor as Parameters>::Gradients::default();
    let plan = Plan::new(Mse, Batch::<6>, 100);
    let error = train_with(
        &mut net,
        &mut Sgd::new(1e6).unwrap(),
        &data,
        &plan,
        Buffers::new(&mut gradients),
        keep_going,
    )
    .unwrap_err();
    assert!(
        matches!(error, TrainError::Diverged { restored: None, .. }),
        "{error:?}"
    );
    let mut finite = true;
    net.visit(&mut |_, values| finite &= values.iter().all(|v| v.is_finite()));
    assert!(finite);
}

#[test]
fn a_run_that_blows_up_late_goes_back_to_the_last_vouched_weights() {
    let x = inputs();
    let t = x.map(|[a, b]| [a - 2.0 * b]);
    let data = Dataset::from_arrays(&x, &t).unwrap();
    let plan = Plan::new(Mse, Batch::<6>, 100);
    let mut net = Regressor::seeded(Init::He, 5);
    // Five sensible epochs, then a learning rate that blows the weights up.
    let error = train(
        &mut net,
        &mut Sgd::new(0.01).unwrap(),
        &data,
        &plan,
        |epoch, _, sgd| {
            if epoch.epoch == 5 {
                constnet::LearningRate::set_learning_rate(sgd, 1e6);
            }
            ControlFlow::Continue(())
        },
    )
    .unwrap_err();
    // Epoch 6 started from the weights after epoch 5, and its (full-batch) loss is theirs:
    // good. It ended with blown-up weights, whose loss epoch 7 measured.
    let TrainError::Diverged {
        epoch, restored, ..
    } = error
    else {
        panic!("{error:?}");
    };
    assert_eq!((epoch, restored), (7, Some(5)), "{error:?}");
    assert_eq!(net, replayed(5, &data, 0.01, 5));
}

/// A learning rate that blows the loss up within the first epoch (several batches per epoch, so
/// the first epoch's mean is already huge) is measured against the loss the network started
/// from, so it is divergence too, and the network is back at its start.
#[test]
fn a_loss_that_explodes_within_the_first_epoch_is_divergence() {
    let (net, result) = classify_at_a_huge_rate(&Plan::new(SoftmaxCrossEntropy, Batch::<2>, 50));
    let error = result.unwrap_err();
    let TrainError::Diverged {
        epoch, restored, ..
    } = error
    else {
        panic!("{error:?}");
    };
    assert_eq!((epoch, restored), (1, Some(0)), "{error:?}");
    assert_eq!(net, Classifier::seeded(Init::He, 1));
}
