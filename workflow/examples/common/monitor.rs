//! Watching a training run: a progress bar with each epoch's figures, and the curves those
//! figures make, kept for the plot.

use std::time::Duration;

use constnet::Epoch;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// What is measured on the validation part besides the loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// The share of samples classified right, a fraction.
    Accuracy,
    /// The root of the mean squared error, in the targets' own units.
    Rmse,
}

impl Metric {
    pub fn name(self) -> &'static str {
        match self {
            Self::Accuracy => "validation accuracy (%)",
            Self::Rmse => "validation RMSE",
        }
    }

    /// The value as it is shown: accuracy in percent.
    pub fn scaled(self, value: f64) -> f64 {
        match self {
            Self::Accuracy => 100.0 * value,
            Self::Rmse => value,
        }
    }

    /// The value as the progress bar shows it.
    pub fn show(self, value: f64) -> String {
        match self {
            Self::Accuracy => format!("acc {:.2}%", self.scaled(value)),
            Self::Rmse => format!("RMSE {value:.4}"),
        }
    }

    /// The range of the plot's axis for values from `low` to `high`.
    pub fn axis(self, low: f64, high: f64) -> (f64, f64) {
        match self {
            // Whole tens of percent, so the last few points of accuracy stay visible.
            Self::Accuracy => ((self.scaled(low) / 10.0).floor() * 10.0, 100.5),
            Self::Rmse => (0.0, high * 1.05),
        }
    }
}

/// One epoch's figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub epoch: usize,
    pub loss: f64,
    pub validation_loss: Option<f64>,
    pub metric: Option<f64>,
}

/// The figures of every epoch of a run, and the epoch whose weights it ends with.
#[derive(Clone, Debug)]
pub struct Curves {
    pub metric: Metric,
    pub points: Vec<Point>,
    pub best_epoch: Option<usize>,
}

/// A progress bar over a run's epochs, which keeps every epoch's figures.
pub struct Monitor {
    bar: ProgressBar,
    pub curves: Curves,
}

impl Monitor {
    /// A bar over at most `epochs` epochs, named `name`; on standard error, and only when it
    /// is a terminal (indicatif draws nothing elsewhere, so logs stay clean).
    pub fn new(name: &str, epochs: usize, metric: Metric) -> Self {
        let bar = ProgressBar::with_draw_target(
            Some(epochs as u64),
            ProgressDrawTarget::stderr_with_hz(10),
        );
        // The template is a constant; should it not parse, the plain bar is as good.
        let style =
            ProgressStyle::with_template("{prefix} [{bar:16.cyan/blue}] epoch {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(name.to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        Self {
            bar,
            curves: Curves {
                metric,
                points: Vec::new(),
                best_epoch: None,
            },
        }
    }

    /// Records an epoch's figures and shows them.
    pub fn epoch(&mut self, epoch: &Epoch<f32>, metric: Option<f64>) {
        let point = Point {
            epoch: epoch.epoch,
            loss: f64::from(epoch.loss),
            validation_loss: epoch.validation_loss.map(f64::from),
            metric,
        };
        self.curves.points.push(point);
        // Short enough for a line of 80 columns: training loss, then validation loss and
        // metric.
        let mut message = format!("loss {:.4}", point.loss);
        if let Some(loss) = point.validation_loss {
            message += &format!(" val {loss:.4}");
        }
        if let Some(value) = metric {
            message += &format!(" {}", self.curves.metric.show(value));
        }
        self.bar.set_position(epoch.epoch as u64);
        self.bar.set_message(message);
    }

    /// Removes the bar, notes the epoch whose weights were kept, and gives the curves.
    pub fn finish(self, best_epoch: Option<usize>) -> Curves {
        self.bar.finish_and_clear();
        Curves {
            best_epoch,
            ..self.curves
        }
    }
}
