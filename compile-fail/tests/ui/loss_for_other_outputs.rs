//! A loss paired with outputs it cannot take: softmax cross-entropy on sigmoid outputs (it
//! needs raw scores), binary cross-entropy on identity outputs (it needs probabilities).
use core::ops::ControlFlow;
use constnet::{
    train, Batch, BinaryCrossEntropy, Dataset, Dense, Identity, Network, Plan, Sgd, Sigmoid,
    SoftmaxCrossEntropy,
};

fn main() {
    let inputs = [[0.0_f32, 1.0]];
    let data = Dataset::from_arrays(&inputs, &[[1.0, 0.0]]).unwrap();
    let mut sigmoid = Network::<(Dense<f32, 2, 2, Sigmoid>,)>::default();
    let plan = Plan::new(SoftmaxCrossEntropy, Batch::<1>, 1);
    let sgd = &mut Sgd::new(0.1).unwrap();
    let _ = train(&mut sigmoid, sgd, &data, &plan, |_, _, _| ControlFlow::Continue(()));

    let data = Dataset::from_arrays(&inputs, &[[1.0]]).unwrap();
    let mut identity = Network::<(Dense<f32, 2, 1, Identity>,)>::default();
    let plan = Plan::new(BinaryCrossEntropy, Batch::<1>, 1);
    let _ = train(&mut identity, sgd, &data, &plan, |_, _, _| ControlFlow::Continue(()));
}
