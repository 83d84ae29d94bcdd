//! Hyperparameters that make no sense are refused before anything trains, naming the field
//! and the value.

use std::ops::ControlFlow;

use constnet::{
    train, Adam, Batch, Dataset, Dense, Epoch, Init, Initialize, InvalidHyperparameter, Momentum,
    Mse, Network, Optimizer, Plan, Rprop, Sgd, Sigmoid, TrainError,
};

type Net = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 1, Sigmoid>)>;

fn keep_going<T, N, O>(_: &Epoch<T>, _: &N, _: &mut O) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

/// What `train` says of `optimizer` and `plan` on XOR, and that the network is untouched.
fn refusal<O, V>(
    optimizer: &mut O,
    plan: &Plan<Mse, 4, f64, V>,
) -> Option<InvalidHyperparameter<f64>>
where
    O: Optimizer<Net>,
    V: constnet::Validate<Net>,
{
    let inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    let targets = [[0.0], [1.0], [1.0], [0.0]];
    let data = Dataset::from_arrays(&inputs, &targets).unwrap();
    let start = Net::seeded(Init::Xavier, 1);
    let mut net = start;
    match train(&mut net, optimizer, &data, plan, keep_going) {
        Err(TrainError::InvalidHyperparameter(invalid)) => {
            assert_eq!(net, start, "nothing trains");
            Some(invalid)
        }
        Err(other) => panic!("{other:?}"),
        Ok(_) => None,
    }
}

/// The field a construction refused, or "accepted".
fn refused<V>(built: Result<V, InvalidHyperparameter<f64>>) -> &'static str {
    built.map_or_else(|invalid| invalid.name, |_| "accepted")
}

#[test]
fn optimizers_with_senseless_hyperparameters_are_refused_when_built() {
    let invalid = Sgd::new(f64::NAN).unwrap_err();
    assert_eq!(invalid.name, "learning_rate");
    assert!(invalid.value.is_nan());
    assert_eq!(
        invalid.to_string(),
        "learning_rate = NaN makes no sense: it must be a finite number ≥ 0"
    );
    assert_eq!(refused(Sgd::new(-0.1)), "learning_rate");
    let decayed = Sgd::new(0.1).and_then(|sgd| sgd.with_weight_decay(f64::INFINITY));
    assert_eq!(refused(decayed), "weight_decay");
    assert_eq!(refused(Momentum::<Net>::new(0.1, 1.0)), "momentum");
    assert_eq!(refused(Momentum::<Net>::boxed(0.1, -0.5)), "momentum");
    assert_eq!(refused(Adam::<Net>::new(f64::INFINITY)), "learning_rate");
    assert_eq!(refused(Adam::<Net>::boxed(-1.0)), "learning_rate");
    let adam = || Adam::<Net>::new(0.01).unwrap();
    assert_eq!(refused(adam().with_betas(0.9, 1.0)), "beta2");
    assert_eq!(refused(adam().with_betas(-0.1, 0.999)), "beta1");
    assert_eq!(refused(adam().with_epsilon(0.0)), "epsilon");
    let rprop = Rprop::<Net>::new;
    assert_eq!(refused(rprop().with_factors(0.9, 0.5)), "increase");
    assert_eq!(refused(rprop().with_factors(1.2, 1.5)), "decrease");
    assert_eq!(refused(rprop().with_step_limits(1.0, 0.5)), "max_step");
    assert_eq!(refused(rprop().with_step_limits(-1.0, 0.5)), "min_step");
    assert_eq!(refused(rprop().with_initial_step(0.0)), "initial_step");
    // Sensible values, a learning rate of 0 among them (it freezes the weights), are accepted.
    assert_eq!(refused(Sgd::new(0.0)), "accepted");
    assert_eq!(refused(Momentum::<Net>::new(0.5, 0.9)), "accepted");
    assert_eq!(refused(adam().with_betas(0.0, 0.5)), "accepted");
    assert_eq!(
        refused(rprop().with_step_limits(0.0, f64::INFINITY)),
        "accepted"
    );
}

#[test]
fn rmsprop_is_checked_like_adam() {
    use constnet::{RmsProp, RmsPropRule};
    let rule = |learning_rate, rho, epsilon| RmsPropRule {
        learning_rate,
        rho,
        epsilon,
    };
    assert_eq!(
        refused(RmsProp::<Net>::from_rule(rule(0.01, 1.5, 1e-8))),
        "rho"
    );
    assert_eq!(
        refused(RmsProp::<Net>::from_rule(rule(0.01, 0.99, -1.0))),
        "epsilon"
    );
    assert_eq!(
        refused(RmsProp::<Net>::from_rule(rule(0.01, 0.99, 1e-8))),
        "accepted"
    );
}

#[test]
fn plans_with_senseless_numbers_are_refused_when_built() {
    let plan = || Plan::<Mse, 4, f64>::new(Mse, Batch::<4>, 3);
    assert_eq!(refused(plan().target_loss(f64::NAN)), "target_loss");
    assert_eq!(refused(plan().target_loss(-1.0)), "target_loss");
    assert_eq!(refused(plan().explosion_factor(0.5)), "explosion_factor");
    assert_eq!(refused(plan().explosion_factor(1.0)), "explosion_factor");
    assert_eq!(
        refused(plan().explosion_factor(f64::NAN)),
        "explosion_factor"
    );
    let held_out = Dataset::from_arrays(&[[0.5, 0.5]], &[[1.0]]).unwrap();
    let invalid = plan().validate(&held_out, 0).unwrap_err();
    assert_eq!(
        invalid.to_string(),
        "patience = 0 makes no sense: it must be at least 1 epoch"
    );
    // An infinite explosion factor turns the check off; a target of 0 is a target.
    assert_eq!(refused(plan().explosion_factor(f64::INFINITY)), "accepted");
    assert_eq!(refused(plan().target_loss(0.0)), "accepted");
    assert_eq!(refused(plan().validate(&held_out, 1)), "accepted");
}

/// Fields are public, to change between epochs (a schedule sets the learning rate), so a
/// value set after building is checked again before training starts.
#[test]
fn hyperparameters_changed_after_building_are_refused_by_train() {
    let plan = Plan::new(Mse, Batch::<4>, 3);
    let mut sgd = Sgd::new(0.1).unwrap();
    sgd.learning_rate = f64::NAN;
    assert_eq!(
        refusal(&mut sgd, &plan).map(|i| i.name),
        Some("learning_rate")
    );
    let mut adam = Adam::<Net>::new(0.01).unwrap();
    adam.beta2 = 1.0;
    assert_eq!(refusal(&mut adam, &plan).map(|i| i.name), Some("beta2"));
    // A rule's default is not checked when built, but by train like any other.
    let mut rprop = Rprop::<Net>::default();
    rprop.max_step = -1.0;
    assert_eq!(refusal(&mut rprop, &plan).map(|i| i.name), Some("max_step"));
    assert_eq!(refusal(&mut Sgd::new(0.0).unwrap(), &plan), None);
}

/// A saved optimizer whose rule makes no sense (a file edited by hand) is refused when loaded,
/// naming the field.
#[test]
fn loading_refuses_senseless_hyperparameters() {
    let adam = Adam::<Net>::new(0.01).unwrap();
    // Edited as text: the loader expects the fields in the order they are saved in.
    let saved = serde_json::to_string(&adam).unwrap();
    let edited = saved.replacen("\"learning_rate\":0.01", "\"learning_rate\":-1.0", 1);
    assert_ne!(edited, saved);
    let error = serde_json::from_str::<Adam<Net>>(&edited).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("learning_rate = -1 makes no sense: it must be a finite number ≥ 0"),
        "{error}"
    );
    let bytes = constnet::postcard::to_stdvec(&Momentum::<Net>::new(0.1, 0.5).unwrap()).unwrap();
    let mut edited = Momentum::<Net>::new(0.1, 0.5).unwrap();
    edited.momentum = 1.5;
    let bad = constnet::postcard::to_stdvec(&edited).unwrap();
    assert!(constnet::from_postcard::<Momentum<Net>>(&bytes).is_ok());
    assert!(matches!(
        constnet::from_postcard::<Momentum<Net>>(&bad),
        Err(constnet::PostcardError::Value(_))
    ));
}

#[test]
fn targets_a_loss_cannot_take_are_refused_naming_the_sample() {
    use constnet::{BinaryCrossEntropy, Identity, SoftmaxCrossEntropy};
    type Classifier = Network<(Dense<f64, 2, 3, Identity>,)>;
    type Probabilities = Network<(Dense<f64, 2, 1, Sigmoid>,)>;
    let inputs = [[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]];

    // One-hot rows, and one that sums to 2.
    let targets = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 1.0]];
    let data = Dataset::from_arrays(&inputs, &targets).unwrap();
    let plan = Plan::new(SoftmaxCrossEntropy, Batch::<3>, 5);
    let mut net = Classifier::seeded(Init::Xavier, 1);
    let error = train(
        &mut net,
        &mut Sgd::new(0.1).unwrap(),
        &data,
        &plan,
        keep_going,
    )
    .unwrap_err();
    assert!(matches!(
        error,
        TrainError::TargetNotForLoss {
            sample: 2,
            validation: false,
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        "the target of sample 2 is not one softmax-cross-entropy can take: it must be a \
         distribution over the classes: entries ≥ 0 that sum to 1"
    );
    // Soft labels that sum to 1 are a distribution.
    let soft = [[0.5, 0.5, 0.0], [0.0, 1.0, 0.0], [0.2, 0.3, 0.5]];
    let data = Dataset::from_arrays(&inputs, &soft).unwrap();
    assert!(train(
        &mut net,
        &mut Sgd::new(0.1).unwrap(),
        &data,
        &plan,
        keep_going
    )
    .is_ok());

    // A target of 2 for a probability, in the validation set.
    let targets = [[1.0], [0.0], [0.3]];
    let data = Dataset::from_arrays(&inputs, &targets).unwrap();
    let held_out = Dataset::from_arrays(&inputs[..1], &[[2.0]]).unwrap();
    let plan = Plan::new(BinaryCrossEntropy, Batch::<3>, 5)
        .validate(&held_out, 2)
        .unwrap();
    let mut net = Probabilities::seeded(Init::Xavier, 1);
    let error = train(
        &mut net,
        &mut Sgd::new(0.1).unwrap(),
        &data,
        &plan,
        keep_going,
    )
    .unwrap_err();
    assert!(
        matches!(
            error,
            TrainError::TargetNotForLoss {
                sample: 0,
                validation: true,
                ..
            }
        ),
        "{error:?}"
    );
}
