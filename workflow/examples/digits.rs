//! Handwritten digits: scikit-learn's copy of the UCI data set (1,797 images of 8×8 pixel
//! counts from 0 to 16, ten classes, `workflow/data/digits.csv`) learned by a 64→32→10
//! network with softmax cross-entropy and Adam, stopped early on a validation part.
//!
//! The rows are split once, stratified and seeded: 20% of every digit for the test, then
//! 15% of the rest for validation. The inputs are standardized with the mean and deviation of
//! the training rows alone. A progress bar shows every epoch; at the end the example prints
//! the test accuracy, the confusion matrix and the time taken, saves the network as JSON with
//! the scaling folded into its first layer (so that it takes raw pixel counts), and draws the
//! loss and accuracy curves into a PNG beside it.
//!
//! Run with `cargo run --release --example digits`; `-- --seeds 10` trains
//! with seeds 0 to 9 and prints each one's test accuracy and their median, and `-- --help`
//! lists the options.

mod common;

use std::error::Error;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use constnet::nalgebra::SMatrix;
use constnet::{
    load_json, one_hot_all, save_json, train, Adam, Batch, ConfusionMatrix, Dataset, Dense,
    Identity, Init, Initialize, Network, Plan, Relu, Scaler, SoftmaxCrossEntropy, StopReason,
};

use common::monitor::{Curves, Metric, Monitor};
use common::table::Table;

type Digits = Network<(Dense<f32, 64, 32, Relu>, Dense<f32, 32, 10, Identity>)>;

const PIXELS: usize = 64;
const CLASSES: usize = 10;
const BATCH: usize = 32;
/// The share of every digit held out for the test.
const TEST: f64 = 0.2;

/// Learns the handwritten digits and reports how well the network reads the test images.
#[derive(Parser)]
struct Args {
    /// The seed of the initial weights and of the batches' order.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Train with seeds 0 to K - 1 instead, and print a table of their test accuracies and
    /// the median (nothing is saved).
    #[arg(long, value_name = "K", conflicts_with = "seed")]
    seeds: Option<u64>,
    /// The seed of the split into training, validation and test rows, the same for every
    /// training seed so that all are judged on the same test images.
    #[arg(long, default_value_t = 0)]
    split_seed: u64,
    /// Where the network (digits.json) and its curves (digits.png) are written.
    #[arg(long, value_name = "DIR", default_value = "target/digits")]
    out: PathBuf,
    /// The CSV file of the digits.
    #[arg(long, value_name = "FILE", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/digits.csv"))]
    data: PathBuf,
    #[command(flatten)]
    training: common::Training,
    /// The share of the training rows of every digit held out for validation.
    #[arg(long, default_value_t = 0.15)]
    validation: f64,
}

/// The data, split and scaled once for every seed.
struct Prepared {
    fit: (Vec<SMatrix<f32, 1, PIXELS>>, Vec<SMatrix<f32, 1, CLASSES>>),
    validation: (Vec<SMatrix<f32, 1, PIXELS>>, Vec<SMatrix<f32, 1, CLASSES>>),
    test: (Vec<SMatrix<f32, 1, PIXELS>>, Vec<SMatrix<f32, 1, CLASSES>>),
    /// The test images as they are in the file, for the saved network.
    raw_test: Vec<SMatrix<f32, 1, PIXELS>>,
    scaler: Scaler<f32, PIXELS>,
}

/// One seed's training run.
struct Run {
    network: Digits,
    confusion: ConfusionMatrix<CLASSES>,
    epochs: usize,
    best: Option<(usize, f32)>,
    stop: StopReason,
    time: Duration,
    curves: Curves,
}

impl Run {
    fn accuracy(&self) -> f64 {
        self.confusion.accuracy().unwrap_or(0.0)
    }
}

fn main() -> ExitCode {
    common::exit(digits(&Args::parse()))
}

fn digits(args: &Args) -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let table = Table::read(&args.data)?;
    let pixels = table.numbers::<PIXELS>(&table.select("pixel_0_0..pixel_7_7")?)?;
    let labels = table.labels(table.column("digit")?, CLASSES)?;
    let split = common::split::<CLASSES>(&labels, TEST, args.validation, args.split_seed)?;
    println!(
        "{} images of 8×8 pixels, {} digits, from {}",
        table.len(),
        CLASSES,
        args.data.display()
    );
    println!(
        "split (seed {}): {} to train on, {} to validate on, {} to test on",
        args.split_seed,
        split.fit.len(),
        split.validation.len(),
        split.test.len()
    );

    let part = |indices: &[usize]| -> Result<_, Box<dyn Error>> {
        let inputs = common::rows(&pixels, indices);
        let part_labels: Vec<usize> = indices.iter().map(|&i| labels[i]).collect();
        let mut targets = vec![SMatrix::zeros(); indices.len()];
        one_hot_all(&part_labels, &mut targets)?;
        Ok((inputs, targets))
    };
    let (mut fit, mut validation, mut test) = (
        part(&split.fit)?,
        part(&split.validation)?,
        part(&split.test)?,
    );
    let raw_test = test.0.clone();
    // Fitted on the training rows alone: validation and test images stay unseen.
    let scaler = Scaler::standardize(&fit.0)?;
    for rows in [&mut fit.0, &mut validation.0, &mut test.0] {
        scaler.apply_all(rows);
    }
    let prepared = Prepared {
        fit,
        validation,
        test,
        raw_test,
        scaler,
    };

    match args.seeds {
        Some(seeds) => compare(args, &prepared, seeds)?,
        None => single(args, &prepared)?,
    }
    println!("time taken: {:.2} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Trains with one seed, prints the network and what it learned, and saves it and its curves.
fn single(args: &Args, data: &Prepared) -> Result<(), Box<dyn Error>> {
    println!(
        "softmax cross-entropy, Adam η = {}, batches of {BATCH}, at most {} epochs, \
         patience {}, seed {}",
        args.training.learning_rate, args.training.epochs, args.training.patience, args.seed
    );
    println!("{}", Digits::default());
    let run = run(args, data, args.seed)?;
    let stop = common::kept(run.stop, run.best);
    println!(
        "trained for {} epochs in {:.2} s; {stop}",
        run.epochs,
        run.time.as_secs_f64()
    );
    println!(
        "test accuracy: {:.2}% ({} of {} images)",
        100.0 * run.accuracy(),
        run.confusion.correct(),
        run.confusion.total()
    );
    println!("confusion matrix, actual digit down, predicted across:");
    println!("{}", run.confusion);

    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let mut saved = run.network;
    common::fold_inputs(&mut saved.0, &data.scaler);
    let model = args.out.join("digits.json");
    save_json(&model, &saved)?;
    // Read back, the saved network must classify the raw images as the trained one did the
    // scaled images (up to rounding in the folded weights).
    let loaded: Digits = load_json(&model)?;
    let again = ConfusionMatrix::of(&loaded, &data.raw_test, &data.test.1);
    println!(
        "saved the network to {}; it takes raw pixel counts, the scaling folded into its \
         first layer. Loaded again, its test accuracy is {:.2}%",
        model.display(),
        100.0 * again.accuracy().unwrap_or(0.0)
    );
    let picture = args.out.join("digits.png");
    let text = common::plot::font().is_some();
    let title = format!(
        "digits: 64→32→10, Adam η = {}, seed {}; test accuracy {:.2}%",
        args.training.learning_rate,
        args.seed,
        100.0 * run.accuracy()
    );
    common::plot::plot(&picture, &title, &run.curves, text)?;
    let note = if text {
        ""
    } else {
        " (without text: no font was found)"
    };
    println!("drew the curves in {}{note}", picture.display());
    Ok(())
}

/// Trains with seeds `0..seeds` and prints a table of their test accuracies and the median.
fn compare(args: &Args, data: &Prepared, seeds: u64) -> Result<(), Box<dyn Error>> {
    println!(
        "softmax cross-entropy, Adam η = {}, batches of {BATCH}, at most {} epochs, \
         patience {}, seeds 0 to {}",
        args.training.learning_rate,
        args.training.epochs,
        args.training.patience,
        seeds.saturating_sub(1)
    );
    println!(" seed  epochs  kept  test accuracy   time");
    let mut accuracies = Vec::new();
    for seed in 0..seeds {
        let run = run(args, data, seed)?;
        let kept = run.best.map_or(0, |(epoch, _)| epoch);
        println!(
            "{seed:>5}  {:>6}  {kept:>4}  {:>12.2}%  {:>5.2} s",
            run.epochs,
            100.0 * run.accuracy(),
            run.time.as_secs_f64()
        );
        accuracies.push(run.accuracy());
    }
    if let Some(median) = median(&mut accuracies) {
        let (low, high) = accuracies
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &a| {
                (lo.min(a), hi.max(a))
            });
        println!(
            "median test accuracy over {seeds} seeds: {:.2}% (from {:.2}% to {:.2}%)",
            100.0 * median,
            100.0 * low,
            100.0 * high
        );
    }
    Ok(())
}

/// Trains a network from `seed` and measures it on the test images.
fn run(args: &Args, data: &Prepared, seed: u64) -> Result<Run, Box<dyn Error>> {
    let fit = Dataset::new(&data.fit.0, &data.fit.1)?;
    let validation = Dataset::new(&data.validation.0, &data.validation.1)?;
    let mut network = Digits::seeded(Init::He, seed);
    let mut adam = Adam::<Digits>::new(args.training.learning_rate)?;
    let plan = Plan::new(SoftmaxCrossEntropy, Batch::<BATCH>, args.training.epochs)
        .shuffle(seed)
        .validate(&validation, args.training.patience)?;
    let mut monitor = Monitor::new(
        &format!("seed {seed}"),
        args.training.epochs,
        Metric::Accuracy,
    );
    let started = Instant::now();
    let report = train(&mut network, &mut adam, &fit, &plan, |epoch, net, _| {
        let seen = ConfusionMatrix::of(net, &data.validation.0, &data.validation.1);
        monitor.epoch(epoch, seen.accuracy());
        ControlFlow::Continue(())
    })?;
    let time = started.elapsed();
    let curves = monitor.finish(report.best.map(|(epoch, _)| epoch));
    Ok(Run {
        confusion: ConfusionMatrix::of(&network, &data.test.0, &data.test.1),
        network,
        epochs: report.epochs,
        best: report.best,
        stop: report.stop,
        time,
        curves,
    })
}

/// The middle value, or the mean of the two middle values; `None` for no values.
fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match values.len() {
        0 => None,
        n if n % 2 == 1 => Some(values[middle]),
        _ => Some((values[middle - 1] + values[middle]) / 2.0),
    }
}
