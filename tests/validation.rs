//! Training with a validation set, early stopping, the history buffer and learning-rate
//! changes from the per-epoch callback.

use std::ops::ControlFlow;

use constnet::{
    train, train_with, Batch, Buffers, Cosine, Dataset, Dense, Epoch, Identity, Init, Initialize,
    LearningRate, Mse, Network, Parameters, Plan, Sgd, StepDecay, StopReason, Tanh, TrainError,
};

type Net = Network<(Dense<f64, 1, 8, Tanh>, Dense<f64, 8, 1, Identity>)>;

/// Training inputs and targets, then validation inputs and targets.
type Samples = ([[f64; 1]; 12], [[f64; 1]; 12], [[f64; 1]; 4], [[f64; 1]; 4]);

/// Twelve samples of a line, and a validation set whose targets disagree with it, so that
/// fitting the training set soon makes the validation loss worse.
fn data() -> Samples {
    let inputs = core::array::from_fn(|i| [i as f64 / 6.0 - 1.0]);
    let targets = core::array::from_fn(|i| [0.8 * (i as f64 / 6.0 - 1.0) + 0.1]);
    let held_inputs = [[-0.9], [-0.3], [0.3], [0.9]];
    let held_targets = [[0.9], [0.3], [-0.3], [-0.9]];
    (inputs, targets, held_inputs, held_targets)
}

fn keep_going<T, N, O>(_: &Epoch<T>, _: &N, _: &mut O) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

#[test]
fn early_stopping_ends_with_the_best_epochs_weights() {
    let (inputs, targets, held_inputs, held_targets) = data();
    let training = Dataset::from_arrays(&inputs, &targets).unwrap();
    let held_out = Dataset::from_arrays(&held_inputs, &held_targets).unwrap();
    let patience = 3;
    let plan = Plan::new(Mse, Batch::<4>, 500)
        .validate(&held_out, patience)
        .unwrap();

    let mut net = Net::seeded(Init::Xavier, 5);
    let mut seen = Vec::new();
    let report = train(
        &mut net,
        &mut Sgd::new(0.1).unwrap(),
        &training,
        &plan,
        |epoch, n, _| {
            // The figure reported is the validation loss of the network after the epoch.
            assert_eq!(
                epoch.validation_loss,
                held_out.mean_loss::<Mse, 4, _>(n),
                "{epoch:?}"
            );
            seen.push(*epoch);
            ControlFlow::Continue(())
        },
    )
    .unwrap();

    assert_eq!(report.stop, StopReason::EarlyStopping, "{report:?}");
    let (best_epoch, best_loss) = report.best.unwrap();
    // Stopped `patience` epochs after the best, which was the lowest validation loss seen.
    assert_eq!(report.epochs, best_epoch + patience);
    let lowest = seen
        .iter()
        .map(|e| e.validation_loss.unwrap())
        .fold(f64::INFINITY, f64::min);
    assert_eq!(best_loss, lowest);
    assert!(seen[best_epoch..]
        .iter()
        .all(|e| e.validation_loss.unwrap() >= best_loss));

    // An independent run of exactly `best_epoch` epochs, without validation, reaches the same
    // weights bit for bit: the network was restored to them.
    let mut again = Net::seeded(Init::Xavier, 5);
    let plain = Plan::new(Mse, Batch::<4>, best_epoch);
    train(
        &mut again,
        &mut Sgd::new(0.1).unwrap(),
        &training,
        &plain,
        keep_going,
    )
    .unwrap();
    assert_eq!(net, again);
    assert_eq!(held_out.mean_loss::<Mse, 4, _>(&net), Some(best_loss));
}

#[test]
fn without_a_best_buffer_the_run_keeps_its_last_weights() {
    let (inputs, targets, held_inputs, held_targets) = data();
    let training = Dataset::from_arrays(&inputs, &targets).unwrap();
    let held_out = Dataset::from_arrays(&held_inputs, &held_targets).unwrap();
    let plan = Plan::new(Mse, Batch::<4>, 500)
        .validate(&held_out, 3)
        .unwrap();
    let mut net = Net::seeded(Init::Xavier, 5);
    let mut gradients = <Net as Parameters>::Gradients::default();
    let buffers = Buffers::new(&mut gradients);
    let report = train_with(
        &mut net,
        &mut Sgd::new(0.1).unwrap(),
        &training,
        &plan,
        buffers,
        keep_going,
    )
    .unwrap();
    let mut again = Net::seeded(Init::Xavier, 5);
    let plain = Plan::new(Mse, Batch::<4>, report.epochs);
    train(
        &mut again,
        &mut Sgd::new(0.1).unwrap(),
        &training,
        &plain,
        keep_going,
    )
    .unwrap();
    assert_eq!(net, again);
}

#[test]
fn the_history_holds_the_first_epochs_that_fit() {
    let (inputs, targets, held_inputs, held_targets) = data();
    let training = Dataset::from_arrays(&inputs, &targets).unwrap();
    let held_out = Dataset::from_arrays(&held_inputs, &held_targets).unwrap();
    let plan = Plan::new(Mse, Batch::<4>, 8)
        .validate(&held_out, 100)
        .unwrap();
    let mut net = Net::seeded(Init::Xavier, 1);
    let mut best = net;
    let mut gradients = <Net as Parameters>::Gradients::default();
    let mut history = [Epoch::default(); 5];
    let mut told = Vec::new();
    let buffers = Buffers::new(&mut gradients)
        .best(&mut best)
        .history(&mut history);
    let report = train_with(
        &mut net,
        &mut Sgd::new(0.1).unwrap(),
        &training,
        &plan,
        buffers,
        |e, _, _| {
            told.push(*e);
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    assert_eq!(report.epochs, 8);
    assert_eq!(report.stop, StopReason::MaxEpochs);
    assert_eq!(report.history, &told[..5]);
    assert_eq!(
        report.history.iter().map(|e| e.epoch).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(report.loss, Some(told[7].loss));
}

#[test]
fn the_callback_changes_the_learning_rate() {
    let (inputs, targets, _, _) = data();
    let training = Dataset::from_arrays(&inputs, &targets).unwrap();
    let plan = Plan::new(Mse, Batch::<4>, 5);
    let mut net = Net::seeded(Init::Xavier, 2);
    let mut after = Vec::new();
    train(
        &mut net,
        &mut Sgd::new(0.1).unwrap(),
        &training,
        &plan,
        |_, n, sgd| {
            after.push(*n);
            sgd.set_learning_rate(0.0); // frozen from the second epoch on
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    assert_ne!(after[0], Net::seeded(Init::Xavier, 2));
    assert!(after.iter().all(|n| *n == after[0]));
}

#[test]
fn schedules_give_the_documented_rates() {
    let decay = StepDecay {
        initial: 1.0,
        factor: 0.1,
        every: 3,
    };
    let rates: Vec<f64> = (1..=7).map(|e| decay.rate(e)).collect();
    assert_eq!(rates, [1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.1 * 0.1]);
    assert_eq!(
        StepDecay {
            initial: 0.5,
            factor: 0.1,
            every: 0
        }
        .rate(99),
        0.5
    );
    // η_min + ½(η₀ − η_min)(1 + cos(π(e − 1)/E)) with E = 4: cos 0, π/4, π/2, 3π/4, π.
    let cosine = Cosine {
        initial: 1.0,
        min: 0.2,
        epochs: 4,
    };
    let half = std::f64::consts::FRAC_1_SQRT_2;
    let expected = [
        1.0,
        0.2 + 0.4 * (1.0 + half),
        0.6,
        0.2 + 0.4 * (1.0 - half),
        0.2,
    ];
    for (epoch, want) in (1..=5).zip(expected) {
        assert!((cosine.rate(epoch) - want).abs() < 1e-15, "epoch {epoch}");
    }
}

#[test]
fn the_mean_loss_over_a_data_set_is_the_mean_of_its_samples() {
    let (inputs, targets, _, _) = data();
    let training = Dataset::from_arrays(&inputs[..11], &targets[..11]).unwrap();
    let net = Net::seeded(Init::Xavier, 9);
    // Independently: one sample at a time, through the layer's own loss.
    let by_sample: f64 = inputs[..11]
        .iter()
        .zip(&targets[..11])
        .map(|(x, t)| {
            let x = nalgebra::SMatrix::<f64, 1, 1>::new(x[0]);
            let t = nalgebra::SMatrix::<f64, 1, 1>::new(t[0]);
            constnet::Layer::loss::<Mse, 1>(&net, &x, &t)
        })
        .sum::<f64>()
        / 11.0;
    for loss in [
        training.mean_loss::<Mse, 1, _>(&net),
        training.mean_loss::<Mse, 4, _>(&net),
        training.mean_loss::<Mse, 11, _>(&net),
    ] {
        assert!((loss.unwrap() - by_sample).abs() < 1e-15, "{loss:?}");
    }
    let empty = Dataset::<f64, 1, 1>::from_arrays(&[], &[]).unwrap();
    assert_eq!(empty.mean_loss::<Mse, 4, _>(&net), None);
}

#[test]
fn an_empty_validation_set_is_an_error() {
    let (inputs, targets, _, _) = data();
    let training = Dataset::from_arrays(&inputs, &targets).unwrap();
    let empty = Dataset::<f64, 1, 1>::from_arrays(&[], &[]).unwrap();
    let plan = Plan::new(Mse, Batch::<4>, 5).validate(&empty, 2).unwrap();
    let mut net = Net::seeded(Init::Xavier, 2);
    let before = net;
    let error = train(
        &mut net,
        &mut Sgd::new(0.1).unwrap(),
        &training,
        &plan,
        keep_going,
    )
    .unwrap_err();
    assert_eq!(error, TrainError::EmptyValidation);
    assert_eq!(net, before);
}

#[test]
fn arrays_and_rows_make_the_same_data_set() {
    let (inputs, targets, _, _) = data();
    let rows: Vec<_> = inputs.iter().map(|x| nalgebra::matrix![x[0]]).collect();
    let row_targets: Vec<_> = targets.iter().map(|t| nalgebra::matrix![t[0]]).collect();
    let from_arrays = Dataset::from_arrays(&inputs, &targets).unwrap();
    let from_rows = Dataset::new(&rows, &row_targets).unwrap();
    assert_eq!(from_arrays.inputs(), from_rows.inputs());
    assert_eq!(from_arrays.targets(), from_rows.targets());
    let bad = [[1.0], [f64::NAN]];
    assert_eq!(
        Dataset::from_arrays(&bad, &[[0.0], [0.0]]).unwrap_err(),
        TrainError::NonFiniteInput {
            sample: 1,
            column: 0
        }
    );
    // Everything the learning-rate trait covers reads back what it was given.
    let mut sgd = Sgd::new(0.5).unwrap();
    sgd.set_learning_rate(0.25);
    assert_eq!(sgd.learning_rate(), 0.25);
}
