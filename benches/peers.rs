//! constnet against two peers written without it, in one run: `scalar` (loops over
//! fixed-size arrays) and `ndarray` (`Array2` and `.dot()`). Every group times the three on
//! the same data, from the same weights, doing the same steps (`benches/tests/peers.rs` checks that
//! they compute the same losses and weights), with throughput in samples so that criterion
//! prints per-sample rates.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

#[path = "peers/mod.rs"]
mod peers;
mod workloads;

use peers::ndarray::{self as nd, runs as nd_runs};
use peers::scalar::runs as scalar_runs;
use workloads::{constnet_side, w1, w2, w3, w4, Run};

/// One group: the three implementations, each iteration one training iteration of the
/// workload ([`Run::train`]), which processes `samples` rows.
fn training(
    c: &mut Criterion,
    name: &str,
    samples: usize,
    sample_size: usize,
    constnet: impl Run,
    scalar: impl Run,
    ndarray: impl Run,
) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(samples as u64));
    group.sample_size(sample_size);
    train(&mut group, "constnet", constnet);
    train(&mut group, "scalar", scalar);
    train(&mut group, "ndarray", ndarray);
    group.finish();
}

fn train(group: &mut BenchmarkGroup<'_, WallTime>, id: &str, mut run: impl Run) {
    // Opaque state: the optimizer may assume nothing about the weights or the data.
    group.bench_function(id, |b| b.iter(|| black_box(&mut run).train()));
}

/// One group of forward passes over the workload's inference rows.
fn inference(
    c: &mut Criterion,
    name: &str,
    samples: usize,
    constnet: impl Run,
    scalar: impl Run,
    ndarray: impl Run,
) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(samples as u64));
    infer(&mut group, "constnet", constnet);
    infer(&mut group, "scalar", scalar);
    infer(&mut group, "ndarray", ndarray);
    group.finish();
}

fn infer(group: &mut BenchmarkGroup<'_, WallTime>, id: &str, run: impl Run) {
    // criterion black-boxes the returned outputs.
    group.bench_function(id, |b| b.iter(|| black_box(&run).infer()));
}

/// W1 in `T`, training and inference. Each group starts every implementation afresh from
/// constnet's seeded weights.
fn w1_in<T>(c: &mut Criterion, precision: &str)
where
    T: constnet::Real + constnet::Zeroable + nd::Scalar + Into<f64>,
{
    let runs = || {
        let constnet = constnet_side::W1::<T>::new();
        let weights = constnet.weights();
        (
            constnet,
            scalar_runs::W1::<T>::new(&weights),
            nd_runs::w1::<T>(&weights),
        )
    };
    let (constnet, scalar, ndarray) = runs();
    let name = format!("W1 {precision} training");
    training(c, &name, 4, 100, constnet, scalar, ndarray);
    let (constnet, scalar, ndarray) = runs();
    let name = format!("W1 {precision} inference");
    inference(c, &name, w1::INFER_ROWS, constnet, scalar, ndarray);
}

fn w1_f32(c: &mut Criterion) {
    w1_in::<f32>(c, "f32");
}

fn w1_f64(c: &mut Criterion) {
    w1_in::<f64>(c, "f64");
}

fn w2(c: &mut Criterion) {
    let constnet = constnet_side::W2::new();
    let weights = constnet.weights();
    let scalar = scalar_runs::W2::new(&weights);
    let ndarray = nd_runs::w2(&weights);
    training(c, "W2 training", w2::SAMPLES, 50, constnet, scalar, ndarray);
}

fn w3(c: &mut Criterion) {
    let constnet = constnet_side::W3::new();
    let weights = constnet.weights();
    let scalar = scalar_runs::W3::new(&weights);
    let ndarray = nd_runs::W3::new(&weights);
    // An epoch trains 45 batches of 32 rows: the 1,437 rows and 3 again to fill the last.
    let rows = w3::STEPS * w3::BATCH;
    training(c, "W3 training", rows, 20, constnet, scalar, ndarray);
}

fn w4(c: &mut Criterion) {
    let constnet = constnet_side::W4::new();
    let weights = constnet.weights();
    let scalar = scalar_runs::W4::new(&weights);
    let ndarray = nd_runs::W4::new(&weights);
    training(c, "W4 training", w4::BATCH, 20, constnet, scalar, ndarray);
}

/// Short warm-up and measurement so the whole comparison runs in a few minutes.
fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = w1_f32, w1_f64, w2, w3, w4
}
criterion_main!(benches);
