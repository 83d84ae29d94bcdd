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

fn named(invalid: Option<InvalidHyperparameter<f64>>) -> &'static str {
    invalid.map_or("accepted", |i| i.name)
}

#[test]
fn optimizers_with_senseless_hyperparameters_are_refused() {
    let plan = Plan::new(Mse, Batch::<4>, 3);
    let invalid = refusal(&mut Sgd::new(f64::NAN), &plan).unwrap();
    assert_eq!(invalid.name, "learning_rate");
    assert!(invalid.value.is_nan());
    assert_eq!(
        invalid.to_string(),
        "learning_rate = NaN makes no sense: it must be a finite number ≥ 0"
    );
    assert_eq!(named(refusal(&mut Sgd::new(-0.1), &plan)), "learning_rate");
    assert_eq!(
        named(refusal(
            &mut Sgd::new(0.1).with_weight_decay(f64::INFINITY),
            &plan
        )),
        "weight_decay"
    );
    assert_eq!(
        named(refusal(&mut Momentum::<Net>::new(0.1, 1.0), &plan)),
        "momentum"
    );
    assert_eq!(
        named(refusal(&mut Adam::<Net>::new(1e6 * f64::INFINITY), &plan)),
        "learning_rate"
    );
    assert_eq!(
        named(refusal(
            &mut Adam::<Net>::new(0.01).with_betas(0.9, 1.0),
            &plan
        )),
        "beta2"
    );
    assert_eq!(
        named(refusal(
            &mut Adam::<Net>::new(0.01).with_epsilon(0.0),
            &plan
        )),
        "epsilon"
    );
    assert_eq!(
        named(refusal(
            &mut Rprop::<Net>::new().with_factors(0.9, 0.5),
            &plan
        )),
        "increase"
    );
    assert_eq!(
        named(refusal(
            &mut Rprop::<Net>::new().with_factors(1.2, 1.5),
            &plan
        )),
        "decrease"
    );
    assert_eq!(
        named(refusal(
            &mut Rprop::<Net>::new().with_step_limits(1.0, 0.5),
            &plan
        )),
        "max_step"
    );
    assert_eq!(
        named(refusal(
            &mut Rprop::<Net>::new().with_initial_step(0.0),
            &plan
        )),
        "initial_step"
    );
    // Sensible values, a learning rate of 0 among them (it freezes the weights), are accepted.
    assert_eq!(named(refusal(&mut Sgd::new(0.0), &plan)), "accepted");
    assert_eq!(
        named(refusal(&mut Momentum::<Net>::new(0.5, 0.9), &plan)),
        "accepted"
    );
    assert_eq!(
        named(refusal(&mut Adam::<Net>::new(0.01), &plan)),
        "accepted"
    );
    assert_eq!(named(refusal(&mut Rprop::<Net>::new(), &plan)), "accepted");
}

#[test]
fn plans_with_senseless_numbers_are_refused() {
    let plan = || Plan::new(Mse, Batch::<4>, 3);
    let sgd = || Sgd::new(0.5);
    assert_eq!(
        named(refusal(&mut sgd(), &plan().target_loss(f64::NAN))),
        "target_loss"
    );
    assert_eq!(
        named(refusal(&mut sgd(), &plan().target_loss(-1.0))),
        "target_loss"
    );
    assert_eq!(
        named(refusal(&mut sgd(), &plan().explosion_factor(0.5))),
        "explosion_factor"
    );
    assert_eq!(
        named(refusal(&mut sgd(), &plan().explosion_factor(f64::NAN))),
        "explosion_factor"
    );
    let held_out = Dataset::from_arrays(&[[0.5, 0.5]], &[[1.0]]).unwrap();
    assert_eq!(
        named(refusal(&mut sgd(), &plan().validate(&held_out, 0))),
        "patience"
    );
    // An infinite explosion factor turns the check off; a target of 0 is a target.
    assert_eq!(
        named(refusal(&mut sgd(), &plan().explosion_factor(f64::INFINITY))),
        "accepted"
    );
    assert_eq!(
        named(refusal(&mut sgd(), &plan().target_loss(0.0))),
        "accepted"
    );
}

#[test]
fn rmsprop_is_checked_like_adam() {
    use constnet::{RmsProp, RmsPropRule};
    let plan = Plan::new(Mse, Batch::<4>, 3);
    let rule = |learning_rate, rho, epsilon| RmsPropRule {
        learning_rate,
        rho,
        epsilon,
    };
    let mut bad_rho = RmsProp::<Net>::from_rule(rule(0.01, 1.5, 1e-8));
    assert_eq!(named(refusal(&mut bad_rho, &plan)), "rho");
    let mut bad_epsilon = RmsProp::<Net>::from_rule(rule(0.01, 0.99, -1.0));
    assert_eq!(named(refusal(&mut bad_epsilon, &plan)), "epsilon");
    let mut good = RmsProp::<Net>::from_rule(rule(0.01, 0.99, 1e-8));
    assert_eq!(named(refusal(&mut good, &plan)), "accepted");
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
    let error = train(&mut net, &mut Sgd::new(0.1), &data, &plan, keep_going).unwrap_err();
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
    assert!(train(&mut net, &mut Sgd::new(0.1), &data, &plan, keep_going).is_ok());

    // A target of 2 for a probability, in the validation set.
    let targets = [[1.0], [0.0], [0.3]];
    let data = Dataset::from_arrays(&inputs, &targets).unwrap();
    let held_out = Dataset::from_arrays(&inputs[..1], &[[2.0]]).unwrap();
    let plan = Plan::new(BinaryCrossEntropy, Batch::<3>, 5).validate(&held_out, 2);
    let mut net = Probabilities::seeded(Init::Xavier, 1);
    let error = train(&mut net, &mut Sgd::new(0.1), &data, &plan, keep_going).unwrap_err();
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
