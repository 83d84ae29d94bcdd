#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "std")]
extern crate std;

mod tuples;

mod activation;
#[cfg(feature = "std")]
mod boxed;
mod classes;
mod concat;
mod dense;
mod export;
mod flat;
mod gradcheck;
mod init;
mod kernels;
mod layer;
mod loss;
pub mod math;
mod matrices;
mod metrics;
mod network;
mod optim;
mod parameters;
mod real;
mod residual;
mod scaling;
mod shuffle;
mod summary;
mod train;
mod width;

pub use activation::{Activation, Identity, LeakyRelu, Relu, Sigmoid, Tanh};
#[cfg(feature = "std")]
pub use boxed::{boxed_zeroed, Zeroable};
pub use classes::{one_hot, one_hot_all, predicted_class, stratified_split, DataError};
pub use concat::{Concat, ConcatTrace};
pub use dense::{Dense, DenseGradients, DenseTrace};
pub use export::{write_rust_const, ExportError, RustSource};
pub use flat::Flat;
pub use gradcheck::{check_gradients, CheckSettings, GradientCheck};
pub use init::{Init, Initialize};
pub use layer::{parameter_bytes, training_bytes, InputBatch, Layer, OutputBatch};
pub use loss::{BinaryCrossEntropy, Loss, Mse, SoftmaxCrossEntropy, Sse};
pub use matrices::StaticMatrix;
pub use metrics::ConfusionMatrix;
pub use network::{assert_network, Gradients, Network};
pub use optim::{
    apply_rule, Adam, AdamRule, Momentum, MomentumRule, NonFiniteUpdate, Optimizer, RmsProp,
    RmsPropRule, Rprop, RpropRule, Rule, RuleState, Sgd, Stateful,
};
pub use parameters::{Descriptor, Location, Parameters, Role};
pub use real::Real;
pub use residual::{Residual, ResidualTrace};
pub use scaling::Scaler;
pub use train::{
    train, train_with_gradients, Batch, Dataset, Epoch, Plan, Report, StopReason, TrainError,
};
pub use width::{Units, Width};

pub use approx;
pub use generic_array;
pub use nalgebra;
pub use rand;
pub use typenum;
