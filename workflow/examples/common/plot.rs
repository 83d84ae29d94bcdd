//! The curves of a training run drawn into a PNG: the training and validation loss on the
//! left, a validation metric on the right, and the epoch whose weights were kept.

use std::error::Error;
use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::monitor::{Curves, Metric};

const WIDTH: u32 = 1000;
const GREEN_DARK: RGBColor = RGBColor(0, 140, 0);
const HEIGHT: u32 = 420;

/// Where common systems keep a plain sans-serif font: Debian and Ubuntu (`fonts-dejavu-core`),
/// Fedora, Arch, macOS, Windows.
const FONTS: [&str; 6] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:\\Windows\\Fonts\\arial.ttf",
];

/// The font text is drawn in, registered with plotters once: the first of [`FONTS`] that
/// exists and parses. `None` when there is none, and the plots are drawn without text.
pub fn font() -> Option<&'static Path> {
    static FONT: OnceLock<Option<&'static Path>> = OnceLock::new();
    *FONT.get_or_init(|| {
        FONTS.iter().map(Path::new).find(|path| {
            let Ok(bytes) = std::fs::read(path) else {
                return false;
            };
            // plotters keeps the font for the whole run; it is read once.
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_ok()
        })
    })
}

/// Draws `curves` into a PNG at `path`, with `title` above them, and text only when
/// `text` is true (a font is registered, see [`font`]). The file is written whole or not at
/// all.
pub fn plot(path: &Path, title: &str, curves: &Curves, text: bool) -> Result<(), Box<dyn Error>> {
    let mut pixels = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let root = if text {
            root.titled(title, ("sans-serif", 22))?
        } else {
            root.margin(10, 0, 0, 0)
        };
        let (left, right) = root.split_horizontally(WIDTH / 2);
        let epochs = curves.points.len().max(2) as f64;
        let best = curves.best_epoch.map(|epoch| epoch as f64);

        // Loss on a logarithmic axis: cross-entropy falls over orders of magnitude.
        let losses = curves
            .points
            .iter()
            .flat_map(|p| [Some(p.loss), p.validation_loss])
            .flatten()
            .filter(|l| l.is_finite() && *l > 0.0);
        let (low, high) = losses.fold((f64::INFINITY, 0.0_f64), |(lo, hi), l| {
            (lo.min(l), hi.max(l))
        });
        // At least two decades, which a log axis labels legibly.
        let (low, high) = if low <= high {
            ((low / 1.5).min(high * 1.5 / 100.0), high * 1.5)
        } else {
            (1e-3, 10.0)
        };
        let mut chart =
            panel(&left, "loss", text).build_cartesian_2d(1.0..epochs, (low..high).log_scale())?;
        mesh(&mut chart.configure_mesh(), "loss", Some(&short), text)?;
        let training = curves.points.iter().map(|p| (p.epoch as f64, p.loss));
        let series = chart.draw_series(LineSeries::new(training, BLUE.stroke_width(2)))?;
        if text {
            series.label("training").legend(|(x, y)| legend(x, y, BLUE));
        }
        let validation = curves
            .points
            .iter()
            .filter_map(|p| Some((p.epoch as f64, p.validation_loss?)));
        let series = chart.draw_series(LineSeries::new(validation, RED.stroke_width(2)))?;
        if text {
            series
                .label("validation")
                .legend(|(x, y)| legend(x, y, RED));
        }
        if let Some(best) = best {
            let kept = [(best, low), (best, high)];
            let series = chart.draw_series(LineSeries::new(kept, BLACK.stroke_width(1)))?;
            if text {
                series
                    .label("epoch kept")
                    .legend(|(x, y)| legend(x, y, BLACK));
            }
        }
        if text {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .border_style(BLACK.mix(0.3))
                .background_style(WHITE.mix(0.8))
                .draw()?;
        }

        let metric = curves.metric;
        let values = curves.points.iter().filter_map(|p| p.metric);
        let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        let (low, high) = if low <= high {
            metric.axis(low, high)
        } else {
            (0.0, 1.0)
        };
        let mut chart =
            panel(&right, metric.name(), text).build_cartesian_2d(1.0..epochs, low..high)?;
        let format = (metric == Metric::Accuracy).then_some(&whole as &dyn Fn(&f64) -> String);
        mesh(&mut chart.configure_mesh(), metric.name(), format, text)?;
        let points = curves
            .points
            .iter()
            .filter_map(|p| Some((p.epoch as f64, metric.scaled(p.metric?))));
        chart.draw_series(LineSeries::new(points, GREEN_DARK.stroke_width(2)))?;
        if let Some(best) = best {
            let kept = [(best, low), (best, high)];
            chart.draw_series(LineSeries::new(kept, BLACK.stroke_width(1)))?;
        }
        root.present()?;
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    constnet::save_atomically(path, &png)?;
    Ok(())
}

/// A panel's chart, with room for its caption and tick labels when there is text.
fn panel<'a, 'b>(
    area: &'a DrawingArea<BitMapBackend<'b>, Shift>,
    caption: &str,
    text: bool,
) -> ChartBuilder<'a, 'b, BitMapBackend<'b>> {
    let mut builder = ChartBuilder::on(area);
    builder.margin(14);
    if text {
        builder
            .caption(caption, ("sans-serif", 18))
            .x_label_area_size(40)
            .y_label_area_size(60);
    }
    builder
}

/// The grid, and with text the tick labels (epochs as whole numbers, values in `format` or
/// plotters' own) and the axes' names.
fn mesh<'m, X, Y>(
    mesh: &mut plotters::chart::MeshStyle<'_, 'm, X, Y, BitMapBackend<'_>>,
    name: &str,
    format: Option<&'m dyn Fn(&f64) -> String>,
    text: bool,
) -> Result<(), Box<dyn Error>>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>
        + plotters::coord::ranged1d::ValueFormatter<f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>
        + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    if text {
        mesh.x_desc("epoch").y_desc(name).x_label_formatter(&whole);
        if let Some(format) = format {
            mesh.y_label_formatter(format);
        }
    } else {
        mesh.disable_axes();
    }
    mesh.draw()?;
    Ok(())
}

/// A legend's sample of a line.
fn legend<C: Color>(x: i32, y: i32, color: C) -> PathElement<(i32, i32)> {
    PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2))
}

/// A number without decimals: an epoch, or a percentage.
fn whole(value: &f64) -> String {
    format!("{value:.0}")
}

/// A number in at most three significant digits: plotters' own labels of a log axis can
/// show rounding noise (`0.30000000001`).
fn short(value: &f64) -> String {
    let rounded: f64 = format!("{value:.2e}").parse().unwrap_or(*value);
    format!("{rounded}")
}
