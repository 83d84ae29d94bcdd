#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "std")]
extern crate std;

mod tuples;

mod activation;
mod block;
#[cfg(feature = "std")]
mod boxed;
mod classes;
mod concat;
mod convert;
mod dataset;
mod dense;
mod export;
#[cfg(all(feature = "std", any(feature = "serde", feature = "safetensors")))]
mod files;
mod fixed;
mod flat;
mod gradcheck;
mod hyperparameters;
mod init;
mod kernels;
mod layer;
mod loss;
pub mod math;
mod matrices;
mod metrics;
mod network;
mod optim;
mod outputs;
mod parameters;
mod plan;
#[cfg(feature = "postcard")]
mod postcard_bytes;
mod real;
mod residual;
mod restore;
#[cfg(feature = "serde")]
mod saved;
mod scaling;
mod schedule;
mod shuffle;
mod summary;
#[cfg(feature = "safetensors")]
mod torch;
mod train;
mod train_error;
mod width;

pub use activation::{Activation, Identity, LeakyRelu, Relu, Sigmoid, Tanh};
#[cfg(feature = "std")]
pub use boxed::boxed_zeroed;
pub use classes::{one_hot, one_hot_all, predicted_class, stratified_split, DataError};
pub use concat::{Concat, ConcatTrace};
pub use convert::{convert, largest_output_error, Conversion, OutputError, WithScalar};
pub use dataset::Dataset;
pub use dense::{Dense, DenseGradients, DenseTrace};
pub use export::{write_rust_const, ExportError, RustSource};
#[cfg(feature = "json")]
pub use files::{load_json, save_json};
#[cfg(all(feature = "std", feature = "postcard"))]
pub use files::{load_postcard, save_postcard};
#[cfg(all(feature = "std", any(feature = "serde", feature = "safetensors")))]
pub use files::{save_atomically, FileError};
pub use fixed::{reset_saturations, saturations, Q16_16, Q8_8};
pub use flat::Flat;
pub use gradcheck::{check_gradients, CheckSettings, GradientCheck};
pub use hyperparameters::InvalidHyperparameter;
pub use init::{Init, Initialize};
pub use layer::{parameter_bytes, training_bytes, InputBatch, Layer, OutputBatch};
pub use loss::{BinaryCrossEntropy, Loss, LossKind, Mse, SoftmaxCrossEntropy, Sse};
pub use matrices::StaticMatrix;
pub use metrics::ConfusionMatrix;
pub use network::{assert_network, Gradients, Network};
pub use optim::{
    apply_rule, Adam, AdamRule, Momentum, MomentumRule, NonFiniteUpdate, Optimizer, RmsProp,
    RmsPropRule, Rprop, RpropRule, Rule, RuleState, Sgd, Stateful,
};
pub use outputs::{Needs, Outputs};
pub use parameters::{Descriptor, Location, Parameters, Role};
pub use plan::{Batch, NoValidation, Plan, Validate, Validation};
#[cfg(feature = "postcard")]
pub use postcard_bytes::{from_postcard, PostcardError};
pub use real::{Float, Real};
pub use residual::{Residual, ResidualTrace};
#[cfg(feature = "serde")]
pub use saved::Saved;
pub use scaling::Scaler;
pub use schedule::{Cosine, LearningRate, StepDecay};
#[cfg(feature = "safetensors")]
pub use torch::{
    from_safetensors, load_safetensors, load_safetensors_into, read_safetensors, save_safetensors,
    to_safetensors, LinearShape, Sequential, TorchError, MAX_HEADER_BYTES,
};
pub use train::{train, train_with, Buffers, Epoch, Report, StopReason};
pub use train_error::TrainError;
pub use width::{Units, Width};

pub use approx;
/// Types valid as all-zero bytes, which [`boxed_zeroed`] can build on the heap directly (with
/// the `std` feature); the crate's networks, gradients and optimizers derive it.
pub use bytemuck::Zeroable;
pub use generic_array;
pub use nalgebra;
/// postcard, to write a network into a buffer (`postcard::to_slice`) for
/// [`from_postcard`] to read back, on a device without a file system.
#[cfg(feature = "postcard")]
pub use postcard;
pub use rand;
#[cfg(feature = "safetensors")]
pub use safetensors;
pub use typenum;
