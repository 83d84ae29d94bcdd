//! `train`: a network for your own CSV file, chosen from a few fixed shapes.
//!
//! ```text
//! cargo run --release --features json --example train -- \
//!     --data workflow/data/digits.csv --inputs pixel_0_0..pixel_7_7 --targets digit
//! ```
//!
//! The file needs a header row naming its columns. `--inputs` and `--targets` name columns,
//! separated by commas, or ranges of them in the header's order (`a..d`). With `--task
//! classify` (the default) the one target column holds class labels, whole numbers from 0 to
//! 9, and the network learns them with softmax cross-entropy; with `--task regress` one to
//! four target columns hold numbers, learned with the mean squared error.
//!
//! A network's widths are part of its type, so the command has a fixed set of networks and
//! every one takes 64 inputs: the input columns, up to 64 of them, are followed by zeros. A
//! padded input is 0 for every row, and stays 0 after standardization, so its weights never
//! change and never count: the network is exactly one with as many inputs as there are
//! columns (only its initial weights are drawn as for 64 inputs). A classifier has ten
//! outputs, one per possible class, whether or not the data holds every class; a regressor
//! has one output per target. The shapes:
//!
//! - `small`: 64 → 16 ReLU → outputs
//! - `medium`: 64 → 64 ReLU → 32 ReLU → outputs
//!
//! Training is as in the `digits` example: a seeded, stratified split into test and
//! validation parts, inputs (and regression targets) standardized on the training rows,
//! Adam, batches of 32 in a shuffled order, early stopping on the validation loss, a progress
//! bar. It prints how well the network does on the test rows, saves it as JSON with the
//! scaling folded in (so it takes the columns' raw values, padded with zeros to 64, and gives
//! targets in their own units), and draws its curves into a PNG beside it. An error in the
//! file is one line naming the file, the line and the column.

mod common;

use std::error::Error;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use constnet::nalgebra::SMatrix;
use constnet::{
    one_hot_all, save_json, train, Adam, Batch, ConfusionMatrix, Dataset, Dense, FileError,
    Identity, Init, Initialize, Layer, Loss, Mse, Network, Plan, Relu, Scaler, SoftmaxCrossEntropy,
    Units,
};

use common::monitor::{Curves, Metric, Monitor};
use common::table::Table;

/// Every network's input width: the input columns, then zeros.
const MAX_INPUTS: usize = 64;
/// A classifier's outputs: class labels are 0 to 9.
const CLASSES: usize = 10;
/// The most target columns of a regression.
const MAX_TARGETS: usize = 4;
const BATCH: usize = 32;

type Small<const OUT: usize> = Network<(
    Dense<f32, MAX_INPUTS, 16, Relu>,
    Dense<f32, 16, OUT, Identity>,
)>;
type Medium<const OUT: usize> = Network<(
    Dense<f32, MAX_INPUTS, 64, Relu>,
    Dense<f32, 64, 32, Relu>,
    Dense<f32, 32, OUT, Identity>,
)>;

type Row<const N: usize> = SMatrix<f32, 1, N>;

/// Trains a network on columns of a CSV file, then tests, saves and plots it.
#[derive(Parser)]
struct Args {
    /// The CSV file, with a header row naming the columns.
    #[arg(long, value_name = "FILE")]
    data: PathBuf,
    /// The input columns (at most 64): names separated by commas, or ranges `first..last`.
    #[arg(long, value_name = "COLUMNS")]
    inputs: String,
    /// The target columns, named as the inputs are: one column of class labels 0 to 9, or
    /// one to four columns of numbers to regress.
    #[arg(long, value_name = "COLUMNS")]
    targets: String,
    /// Learn class labels, or numbers.
    #[arg(long, value_enum, default_value_t = Task::Classify)]
    task: Task,
    /// The network: small is 64→16→outputs, medium is 64→64→32→outputs, ReLU between.
    #[arg(long, value_enum, default_value_t = Shape::Small)]
    shape: Shape,
    #[command(flatten)]
    training: common::Training,
    /// The share of the rows (of every class) held out for the test.
    #[arg(long, default_value_t = 0.2)]
    test: f64,
    /// The share of the remaining rows (of every class) held out for validation.
    #[arg(long, default_value_t = 0.15)]
    validation: f64,
    /// The seed of the split, the initial weights and the batches' order.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Where the network (<name of the file>.json) and its curves (.png) are written.
    #[arg(long, value_name = "DIR", default_value = "target/train")]
    out: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Task {
    /// One target column of class labels 0 to 9; softmax cross-entropy.
    Classify,
    /// One to four target columns of numbers; mean squared error.
    Regress,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Shape {
    Small,
    Medium,
}

/// A network the command can train: its first layer takes [`MAX_INPUTS`] inputs and its last
/// is linear, so that the scaling of the data can be folded into both.
trait Model<const OUT: usize>:
    Layer<Scalar = f32, Input = Units<MAX_INPUTS>, Output = Units<OUT>>
    + Initialize
    + Default
    + Clone
    + std::fmt::Display
    + serde::Serialize
{
    /// Folds the inputs' standardization, and the targets' if there is one, into the network.
    fn fold(&mut self, inputs: &Scaler<f32, MAX_INPUTS>, targets: Option<&Scaler<f32, OUT>>);

    /// Saves the network as JSON.
    fn save(&self, path: &Path) -> Result<(), FileError> {
        save_json(path, self)
    }
}

impl<const OUT: usize> Model<OUT> for Small<OUT> {
    fn fold(&mut self, inputs: &Scaler<f32, MAX_INPUTS>, targets: Option<&Scaler<f32, OUT>>) {
        common::fold_inputs(&mut self.0, inputs);
        if let Some(targets) = targets {
            common::fold_targets(&mut self.1, targets);
        }
    }
}

impl<const OUT: usize> Model<OUT> for Medium<OUT> {
    fn fold(&mut self, inputs: &Scaler<f32, MAX_INPUTS>, targets: Option<&Scaler<f32, OUT>>) {
        common::fold_inputs(&mut self.0, inputs);
        if let Some(targets) = targets {
            common::fold_targets(&mut self.2, targets);
        }
    }
}

/// The rows of one part of the data, scaled.
struct Part<const OUT: usize> {
    inputs: Vec<Row<MAX_INPUTS>>,
    targets: Vec<Row<OUT>>,
}

/// The three parts, scaled with what was fitted on the training part.
struct Job<const OUT: usize> {
    fit: Part<OUT>,
    validation: Part<OUT>,
    test: Part<OUT>,
    inputs: Scaler<f32, MAX_INPUTS>,
    /// The targets' standardization, for regression.
    targets: Option<Scaler<f32, OUT>>,
}

fn main() -> ExitCode {
    common::exit(run(&Args::parse()))
}

fn run(args: &Args) -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let table = Table::read(&args.data)?;
    let inputs = table.select(&args.inputs)?;
    let targets = table.select(&args.targets)?;
    if let Some(both) = inputs.iter().find(|c| targets.contains(c)) {
        return Err(format!(
            "column `{}` is both an input and a target",
            table.names()[*both]
        )
        .into());
    }
    if inputs.len() > MAX_INPUTS {
        return Err(format!(
            "--inputs names {} columns; the networks take at most {MAX_INPUTS}",
            inputs.len()
        )
        .into());
    }
    let x = table.numbers::<MAX_INPUTS>(&inputs)?;
    let names = |columns: &[usize]| -> String {
        let names: Vec<&str> = columns.iter().map(|&c| table.names()[c].as_str()).collect();
        match (names.first(), names.last()) {
            (Some(first), Some(last)) if names.len() > 6 => {
                format!("{first} … {last} ({} columns)", names.len())
            }
            _ => names.join(", "),
        }
    };
    println!(
        "{}: {} rows; inputs {}; targets {}",
        args.data.display(),
        table.len(),
        names(&inputs),
        names(&targets)
    );
    match args.task {
        Task::Classify => {
            let [target] = targets[..] else {
                return Err(format!(
                    "--task classify takes one target column of class labels; --targets names {}",
                    targets.len()
                )
                .into());
            };
            let labels = table.labels(target, CLASSES)?;
            classify(args, &x, &labels)?;
        }
        Task::Regress => match targets.len() {
            1 => regress::<1>(args, &table, &x, &targets)?,
            2 => regress::<2>(args, &table, &x, &targets)?,
            3 => regress::<3>(args, &table, &x, &targets)?,
            4 => regress::<4>(args, &table, &x, &targets)?,
            n => {
                return Err(format!(
                    "--task regress takes one to {MAX_TARGETS} target columns; --targets names {n}"
                )
                .into())
            }
        },
    }
    println!("time taken: {:.2} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Learns class labels, and prints the test accuracy and confusion matrix.
fn classify(args: &Args, x: &[[f32; MAX_INPUTS]], labels: &[usize]) -> Result<(), Box<dyn Error>> {
    let split = common::split::<CLASSES>(labels, args.test, args.validation, args.seed)?;
    let part = |indices: &[usize]| -> Result<Part<CLASSES>, Box<dyn Error>> {
        let part_labels: Vec<usize> = indices.iter().map(|&i| labels[i]).collect();
        let mut targets = vec![SMatrix::zeros(); indices.len()];
        one_hot_all(&part_labels, &mut targets)?;
        Ok(Part {
            inputs: common::rows(x, indices),
            targets,
        })
    };
    let job = scaled(
        part(&split.fit)?,
        part(&split.validation)?,
        part(&split.test)?,
        false,
    )?;
    let accuracy = |net: &dyn Fn(&Row<MAX_INPUTS>) -> Row<CLASSES>, part: &Part<CLASSES>| {
        let mut confusion = ConfusionMatrix::<CLASSES>::new();
        for (input, target) in part.inputs.iter().zip(&part.targets) {
            confusion.record(
                constnet::predicted_class(target),
                constnet::predicted_class(&net(input)),
            );
        }
        confusion
    };
    let classes = labels.iter().max().map_or(0, |&l| l + 1);
    let report = |net: &dyn Fn(&Row<MAX_INPUTS>) -> Row<CLASSES>, job: &Job<CLASSES>| {
        let confusion = accuracy(net, &job.test);
        match confusion.accuracy() {
            Some(a) => {
                println!(
                    "test accuracy: {:.2}% ({} of {} rows)",
                    100.0 * a,
                    confusion.correct(),
                    confusion.total()
                );
                println!("confusion matrix, actual class down, predicted across:");
                print_confusion(&confusion, classes);
            }
            None => println!("no rows were left for the test"),
        }
    };
    let metric = |net: &dyn Fn(&Row<MAX_INPUTS>) -> Row<CLASSES>, job: &Job<CLASSES>| {
        accuracy(net, &job.validation).accuracy()
    };
    match args.shape {
        Shape::Small => fit::<Small<CLASSES>, _, CLASSES>(
            args,
            &job,
            SoftmaxCrossEntropy,
            Metric::Accuracy,
            &metric,
            &report,
        ),
        Shape::Medium => fit::<Medium<CLASSES>, _, CLASSES>(
            args,
            &job,
            SoftmaxCrossEntropy,
            Metric::Accuracy,
            &metric,
            &report,
        ),
    }
}

/// Learns `OUT` target columns of numbers, and prints the test RMSE of each.
fn regress<const OUT: usize>(
    args: &Args,
    table: &Table,
    x: &[[f32; MAX_INPUTS]],
    columns: &[usize],
) -> Result<(), Box<dyn Error>> {
    let t = table.numbers::<OUT>(columns)?;
    // One class for every row: a seeded split that is plain random.
    let split = common::split::<1>(&vec![0; t.len()], args.test, args.validation, args.seed)?;
    let part = |indices: &[usize]| Part {
        inputs: common::rows(x, indices),
        targets: common::rows(&t, indices),
    };
    let job = scaled(
        part(&split.fit),
        part(&split.validation),
        part(&split.test),
        true,
    )?;
    let report = |net: &dyn Fn(&Row<MAX_INPUTS>) -> Row<OUT>, job: &Job<OUT>| match rmse(
        net,
        &job.test,
        job.targets.as_ref(),
    ) {
        Some(errors) => {
            for (&column, error) in columns.iter().zip(errors.iter()) {
                println!("test RMSE of {}: {error:.6}", table.names()[column]);
            }
        }
        None => println!("no rows were left for the test"),
    };
    let metric = |net: &dyn Fn(&Row<MAX_INPUTS>) -> Row<OUT>, job: &Job<OUT>| {
        let errors = rmse(net, &job.validation, job.targets.as_ref())?;
        // Pooled over the targets: the root of the mean of their squares.
        Some((errors.iter().map(|e| e * e).sum::<f64>() / OUT as f64).sqrt())
    };
    match args.shape {
        Shape::Small => fit::<Small<OUT>, _, OUT>(args, &job, Mse, Metric::Rmse, &metric, &report),
        Shape::Medium => {
            fit::<Medium<OUT>, _, OUT>(args, &job, Mse, Metric::Rmse, &metric, &report)
        }
    }
}

/// The root mean squared error of each output over `part`, in the targets' own units.
fn rmse<const OUT: usize>(
    net: &dyn Fn(&Row<MAX_INPUTS>) -> Row<OUT>,
    part: &Part<OUT>,
    targets: Option<&Scaler<f32, OUT>>,
) -> Option<[f64; OUT]> {
    if part.inputs.is_empty() {
        return None;
    }
    let mut sums = [0.0; OUT];
    for (input, target) in part.inputs.iter().zip(&part.targets) {
        let mut error = net(input) - target;
        if let Some(scaler) = targets {
            error.component_div_assign(&scaler.scale);
        }
        for (sum, e) in sums.iter_mut().zip(error.iter()) {
            *sum += f64::from(*e).powi(2);
        }
    }
    Some(sums.map(|s| (s / part.inputs.len() as f64).sqrt()))
}

/// Standardizes the inputs of every part, and the targets too for regression, with what the
/// training part alone gives.
fn scaled<const OUT: usize>(
    mut fit: Part<OUT>,
    mut validation: Part<OUT>,
    mut test: Part<OUT>,
    scale_targets: bool,
) -> Result<Job<OUT>, Box<dyn Error>> {
    let inputs = Scaler::standardize(&fit.inputs)?;
    let targets = if scale_targets {
        Some(Scaler::standardize(&fit.targets)?)
    } else {
        None
    };
    for part in [&mut fit, &mut validation, &mut test] {
        inputs.apply_all(&mut part.inputs);
        if let Some(targets) = &targets {
            targets.apply_all(&mut part.targets);
        }
    }
    Ok(Job {
        fit,
        validation,
        test,
        inputs,
        targets,
    })
}

/// What is measured of a network on a job: a metric, or a report.
type Measure<'a, const OUT: usize, R> =
    &'a dyn Fn(&dyn Fn(&Row<MAX_INPUTS>) -> Row<OUT>, &Job<OUT>) -> R;

/// Trains a network of type `N` on the job with `loss`, showing progress and `metric` on the
/// validation part, then reports on the test part, saves the network and plots its curves.
fn fit<N: Model<OUT>, L: Loss<f32>, const OUT: usize>(
    args: &Args,
    job: &Job<OUT>,
    loss: L,
    metric_kind: Metric,
    metric: Measure<'_, OUT, Option<f64>>,
    report: Measure<'_, OUT, ()>,
) -> Result<(), Box<dyn Error>> {
    println!(
        "split (seed {}): {} rows to train on, {} to validate on, {} to test on",
        args.seed,
        job.fit.inputs.len(),
        job.validation.inputs.len(),
        job.test.inputs.len()
    );
    println!("{}", N::default());
    let fit = Dataset::new(&job.fit.inputs, &job.fit.targets)?;
    let validation = Dataset::new(&job.validation.inputs, &job.validation.targets)?;
    let mut network = N::seeded(Init::He, args.seed);
    let mut adam = Adam::<N>::new(args.training.learning_rate)?;
    let plan = Plan::new(loss, Batch::<BATCH>, args.training.epochs)
        .shuffle(args.seed)
        .validate(&validation, args.training.patience)?;
    let mut monitor = Monitor::new("train", args.training.epochs, metric_kind);
    let started = Instant::now();
    let trained = train(&mut network, &mut adam, &fit, &plan, |epoch, net, _| {
        monitor.epoch(epoch, metric(&|x| net.forward::<1>(x), job));
        ControlFlow::Continue(())
    })
    .map_err(|e| format!("training failed: {e}"))?;
    let curves: Curves = monitor.finish(trained.best.map(|(epoch, _)| epoch));
    let kept = common::kept(trained.stop, trained.best);
    println!(
        "trained for {} epochs in {:.2} s; {kept}",
        trained.epochs,
        started.elapsed().as_secs_f64()
    );
    report(&|x| network.forward::<1>(x), job);

    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let name = args.data.file_stem().map_or_else(
        || "model".into(),
        |stem| stem.to_string_lossy().into_owned(),
    );
    let mut saved = network.clone();
    saved.fold(&job.inputs, job.targets.as_ref());
    let model = args.out.join(format!("{name}.json"));
    saved.save(&model)?;
    println!(
        "saved the network to {}; it takes the input columns' raw values, then zeros up to \
         {MAX_INPUTS} inputs",
        model.display()
    );
    let picture = args.out.join(format!("{name}.png"));
    let text = common::plot::font().is_some();
    let shape = match args.shape {
        Shape::Small => "small",
        Shape::Medium => "medium",
    };
    let title = format!(
        "{}: {shape} network, seed {}",
        args.data.display(),
        args.seed
    );
    common::plot::plot(&picture, &title, &curves, text)?;
    let note = if text {
        ""
    } else {
        " (without text: no font was found)"
    };
    println!("drew the curves in {}{note}", picture.display());
    Ok(())
}

/// The confusion matrix of the first `classes` classes, and how many rows were predicted as a
/// class beyond them (one the data does not have).
fn print_confusion(confusion: &ConfusionMatrix<CLASSES>, classes: usize) {
    let width = confusion.total().to_string().len().max(3);
    print!("{:>width$} |", "a\\p");
    for predicted in 0..classes {
        print!(" {predicted:>width$}");
    }
    println!();
    let mut beyond = 0;
    for actual in 0..classes {
        print!("{actual:>width$} |");
        for predicted in 0..classes {
            print!(" {:>width$}", confusion.count(actual, predicted));
        }
        println!();
        beyond += (classes..CLASSES)
            .map(|p| confusion.count(actual, p))
            .sum::<u32>();
    }
    if beyond > 0 {
        println!("{beyond} rows were predicted as a class from {classes} to 9, which the data does not have");
    }
}
