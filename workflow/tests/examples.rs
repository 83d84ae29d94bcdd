//! What the `digits` and `train` examples are built on, without training a network: the CSV
//! reader and its one-line errors on bad files, the digits file itself against the data set's
//! description, the split, folding the scaling into a network, and the plot.

use std::fs;
use std::path::{Path, PathBuf};

// All the examples share (the crate's dev-dependency on itself turns on the `json` its
// saving needs).
#[path = "../examples/common/mod.rs"]
mod common;

use common::table::{Table, TableError};

const DIGITS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/digits.csv");

/// A directory of its own for each test, in the system's temporary directory.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("constnet-examples-{}-{test}", std::process::id()));
    fs::create_dir_all(&dir).expect("the temporary directory is writable");
    dir
}

/// Writes `contents` to `name` in `dir`, and gives the path.
fn file(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, contents).expect("the temporary directory is writable");
    path
}

/// Reads `contents` as a CSV file and takes columns `inputs` as numbers and `label` as class
/// labels 0 to 9, as the train command does: the first error, as printed.
fn first_error(dir: &Path, name: &str, contents: &[u8], inputs: &str, label: &str) -> String {
    let path = file(dir, name, contents);
    let read = || -> Result<(), TableError> {
        let table = Table::read(&path)?;
        table.numbers::<4>(&table.select(inputs)?)?;
        table.labels(table.column(label)?, 10)?;
        Ok(())
    };
    match read() {
        Ok(()) => panic!("{name} was read without an error"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn every_bad_file_gives_one_line_naming_the_place() {
    let dir = scratch("bad");
    let at = |name: &str| dir.join(name).display().to_string();
    let cases: [(&str, &[u8], &str, String); 12] = [
        (
            "empty.csv",
            b"",
            "a,b",
            format!(
                "{}: the file is empty; it needs a header row naming the columns",
                at("empty.csv")
            ),
        ),
        (
            "header.csv",
            b"a,b,y\n",
            "a,b",
            format!(
                "{}, line 1: there are no rows after the header",
                at("header.csv")
            ),
        ),
        (
            "ragged.csv",
            b"a,b,y\n1,2,0\n3,4\n5,6,1\n",
            "a,b",
            format!(
                "{}, line 3: the row has 2 fields, but the header names 3 columns",
                at("ragged.csv")
            ),
        ),
        (
            "long.csv",
            b"a,b,y\n1,2,0,9\n",
            "a,b",
            format!(
                "{}, line 2: the row has 4 fields, but the header names 3 columns",
                at("long.csv")
            ),
        ),
        (
            "word.csv",
            b"a,b,y\n1,2,0\n3,four,1\n",
            "a,b",
            format!(
                "{}, line 3, column 2 (b): `four` is not a number",
                at("word.csv")
            ),
        ),
        (
            "missing.csv",
            b"a,b,y\n1,2,0\n3, ,1\n",
            "a,b",
            format!(
                "{}, line 3, column 2 (b): the value is missing",
                at("missing.csv")
            ),
        ),
        (
            "infinite.csv",
            b"a,b,y\n1e39,2,0\n",
            "a,b",
            format!(
                "{}, line 2, column 1 (a): `1e39` is not a finite number for f32",
                at("infinite.csv")
            ),
        ),
        (
            "label.csv",
            b"a,b,y\n1,2,0\n3,4,2.5\n",
            "a,b",
            format!(
                "{}, line 3, column 3 (y): `2.5` is not a class label, a whole number from 0 to 9",
                at("label.csv")
            ),
        ),
        (
            "unknown.csv",
            b"a,b,y\n1,2,0\n",
            "a,c",
            format!(
                "{}, line 1: there is no column named `c`; the header names `a`, `b`, `y`",
                at("unknown.csv")
            ),
        ),
        (
            "twice.csv",
            b"a,a,y\n1,2,0\n",
            "a",
            format!(
                "{}, line 1: columns 1 and 2 are both named `a`",
                at("twice.csv")
            ),
        ),
        (
            "backwards.csv",
            b"a,b,y\n1,2,0\n",
            "b..a",
            format!(
                "{}, line 1: the range `b..a` runs backwards: `b` is column 2, `a` column 1",
                at("backwards.csv")
            ),
        ),
        (
            // Empty lines are skipped, and the lines are still counted.
            "blank.csv",
            b"\na,b,y\n\n1,2,0\n3,x,1\n",
            "a,b",
            format!(
                "{}, line 5, column 2 (b): `x` is not a number",
                at("blank.csv")
            ),
        ),
    ];
    for (name, contents, inputs, expected) in cases {
        let error = first_error(&dir, name, contents, inputs, "y");
        assert_eq!(error, expected, "{name}");
        assert!(!error.contains('\n'), "{name}: one line");
    }
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_missing_file_and_bad_text_are_errors_too() {
    let dir = scratch("io");
    let missing = dir.join("absent.csv");
    let error = Table::read(&missing).err().expect("no such file");
    assert_eq!(error.line, None);
    assert!(error
        .to_string()
        .starts_with(&format!("{}: cannot read the file: ", missing.display())));
    let latin1 = file(&dir, "latin1.csv", b"a,b\n1,2\n3,caf\xe9\n");
    let error = Table::read(&latin1).err().expect("not UTF-8");
    assert_eq!(
        error.to_string(),
        format!(
            "{}, line 3: column 2 is not valid UTF-8 text",
            latin1.display()
        )
    );
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn columns_are_chosen_by_name_and_by_range_and_padded_with_zeros() {
    let dir = scratch("select");
    let path = file(
        &dir,
        "table.csv",
        b"id, x1 ,x2,x3,y\n7,1.5,-2,3e2,1\n8,0,0.25,-0,0\n",
    );
    let table = Table::read(&path).expect("a good table");
    assert_eq!(table.len(), 2);
    assert_eq!(table.select("x1..x3"), Ok(vec![1, 2, 3]));
    assert_eq!(table.select("x3, id"), Ok(vec![3, 0]));
    let columns = table.select("x1..x3").expect("known columns");
    let numbers = table.numbers::<5>(&columns).expect("numbers");
    assert_eq!(
        numbers,
        vec![[1.5, -2.0, 300.0, 0.0, 0.0], [0.0, 0.25, 0.0, 0.0, 0.0]]
    );
    assert_eq!(table.labels(4, 2), Ok(vec![1, 0]));
    let too_many = table
        .numbers::<2>(&columns)
        .expect_err("three columns in two");
    assert_eq!(
        too_many.to_string(),
        format!(
            "{}: 3 columns are chosen, but there is room for at most 2",
            path.display()
        )
    );
    let twice = table.select("x1..x2,x2").expect_err("x2 twice");
    assert_eq!(
        twice.to_string(),
        format!(
            "{}, line 1: column `x2` is chosen twice in `x1..x2,x2`",
            path.display()
        )
    );
    fs::remove_dir_all(&dir).ok();
}

/// The digits file holds what the UCI data set's description says its test partition holds.
#[test]
fn the_digits_file_holds_1797_images_of_64_counts_and_their_digits() {
    let table = Table::read(DIGITS).expect("the digits file reads");
    assert_eq!(table.len(), 1797);
    assert_eq!(table.names().len(), 65);
    let pixels = table
        .numbers::<64>(
            &table
                .select("pixel_0_0..pixel_7_7")
                .expect("64 pixel columns"),
        )
        .expect("numbers");
    assert!(pixels
        .iter()
        .flatten()
        .all(|&p| (0.0..=16.0).contains(&p) && p.fract() == 0.0));
    let labels = table
        .labels(table.column("digit").expect("a digit column"), 10)
        .expect("digits 0 to 9");
    let mut counts = [0; 10];
    for label in labels {
        counts[label] += 1;
    }
    // optdigits.names, "No of examples in testing set".
    assert_eq!(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
}

mod shared {
    use super::*;
    use common::monitor::{Curves, Metric, Point};
    use constnet::{Dense, Identity, Init, Initialize, Layer, Network, Relu, Scaler};
    use nalgebra::{matrix, SMatrix};

    /// The digits example's split: of every class `round(0.2 n)` for the test, then
    /// `round(0.15 m)` of the `m` left for validation. With the UCI class counts, the test
    /// holds 36+36+35+37+36+36+36+36+35+36 = 359 and validation
    /// 21+22+21+22+22+22+22+21+21+22 = 216 images.
    #[test]
    fn the_split_of_the_digits_is_stratified_and_disjoint() {
        let table = Table::read(DIGITS).expect("the digits file reads");
        let labels = table.labels(table.column("digit").unwrap(), 10).unwrap();
        let split = common::split::<10>(&labels, 0.2, 0.15, 0).expect("a split");
        assert_eq!(
            (split.fit.len(), split.validation.len(), split.test.len()),
            (1222, 216, 359)
        );
        let mut all: Vec<usize> = [&split.fit, &split.validation, &split.test]
            .into_iter()
            .flatten()
            .copied()
            .collect();
        all.sort_unstable();
        assert_eq!(all, (0..1797).collect::<Vec<_>>());
        let of_class = |part: &[usize], class| part.iter().filter(|&&i| labels[i] == class).count();
        assert_eq!(of_class(&split.test, 3), 37); // 183 · 0.2 = 36.6
        assert_eq!(of_class(&split.validation, 8), 21); // (174 - 35) · 0.15 = 20.85
    }

    /// A network with the scaling folded in gives on raw rows what it gave on scaled ones.
    #[test]
    fn folding_the_scaling_keeps_the_outputs() {
        type Net = Network<(Dense<f32, 3, 4, Relu>, Dense<f32, 4, 2, Identity>)>;
        let raw: [SMatrix<f32, 1, 3>; 3] = [
            matrix![1.0, 200.0, -3.0],
            matrix![2.0, 150.0, -1.0],
            matrix![4.0, 180.0, -2.0],
        ];
        let targets: [SMatrix<f32, 1, 2>; 3] =
            [matrix![10.0, -0.5], matrix![30.0, 0.5], matrix![20.0, 0.0]];
        let inputs = Scaler::standardize(&raw).unwrap();
        let outputs = Scaler::standardize(&targets).unwrap();
        let net = Net::seeded(Init::He, 5);
        let mut folded = net;
        common::fold_inputs(&mut folded.0, &inputs);
        common::fold_targets(&mut folded.1, &outputs);
        for x in &raw {
            let scaled = net.forward::<1>(&inputs.apply(x));
            // Undo the targets' standardization by hand: t = t' / s + o.
            let expected = scaled.component_div(&outputs.scale) + outputs.offset;
            let got = folded.forward::<1>(x);
            assert!((got - expected).abs().max() < 1e-4, "{got} vs {expected}");
        }
    }

    fn curves() -> Curves {
        let points = (1..=30)
            .map(|epoch| {
                let e = epoch as f64;
                Point {
                    epoch,
                    loss: 2.0 / e,
                    validation_loss: Some(2.0 / e.sqrt()),
                    metric: Some(1.0 - 0.5 / e),
                }
            })
            .collect();
        Curves {
            metric: Metric::Accuracy,
            points,
            best_epoch: Some(25),
        }
    }

    /// The PNG's width and height, and whether its pixels are not all one colour.
    fn png_facts(path: &Path) -> (u32, u32, bool) {
        let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        let drawn = pixels.iter().any(|&p| p != pixels[0]);
        (info.width, info.height, drawn)
    }

    #[test]
    fn the_curves_are_drawn_with_text_and_without() {
        let dir = scratch("plot");
        let bare = dir.join("bare.png");
        common::plot::plot(&bare, "no font", &curves(), false).expect("drawn without text");
        assert_eq!(png_facts(&bare), (1000, 420, true));
        if common::plot::font().is_some() {
            let text = dir.join("text.png");
            common::plot::plot(&text, "with a font", &curves(), true).expect("drawn with text");
            assert_eq!(png_facts(&text), (1000, 420, true));
        }
        fs::remove_dir_all(&dir).ok();
    }
}
