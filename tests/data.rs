//! The data helpers: scaling, one-hot targets, predicted classes, the stratified split and
//! the confusion matrix, against values worked out by hand.

use constnet::{
    one_hot_all, predicted_class, stratified_split, ConfusionMatrix, DataError, Dense, Identity,
    Network, Scaler,
};
use nalgebra::{matrix, SMatrix};

#[test]
fn standardize_centres_and_scales_each_column() {
    // Column 0: 1, 2, 3, 6 → mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5.
    // Column 1: 5 everywhere → centred only.
    let rows = [
        matrix![1.0, 5.0],
        matrix![2.0, 5.0],
        matrix![3.0, 5.0],
        matrix![6.0, 5.0],
    ];
    let scaler = Scaler::standardize(&rows).unwrap();
    assert_eq!(scaler.offset, matrix![3.0, 5.0]);
    assert_eq!(scaler.scale, matrix![1.0 / 3.5f64.sqrt(), 1.0]);
    let mut scaled = rows;
    scaler.apply_all(&mut scaled);
    let mean: f64 = scaled.iter().map(|r| r[0]).sum::<f64>() / 4.0;
    let variance: f64 = scaled.iter().map(|r| r[0] * r[0]).sum::<f64>() / 4.0;
    assert!(mean.abs() < 1e-15 && (variance - 1.0).abs() < 1e-15);
    assert!(scaled.iter().all(|r| r[1] == 0.0));
    // Fitted once, applied to other rows unchanged.
    assert_eq!(scaler.apply(&matrix![3.0, 7.0]), matrix![0.0, 2.0]);
}

#[test]
fn min_max_maps_the_range_to_the_unit_interval() {
    let rows = [matrix![-2.0f32, 1.0], matrix![2.0, 1.0], matrix![0.0, 1.0]];
    let scaler = Scaler::min_max(&rows).unwrap();
    assert_eq!(scaler.apply(&rows[0]), matrix![0.0, 0.0]);
    assert_eq!(scaler.apply(&rows[1]), matrix![1.0, 0.0]);
    assert_eq!(scaler.apply(&rows[2]), matrix![0.5, 0.0]);
    assert_eq!(Scaler::<f32, 2>::identity().apply(&rows[0]), rows[0]);
}

#[test]
fn scalers_reject_no_rows_and_name_a_non_finite_value() {
    assert_eq!(Scaler::<f64, 2>::standardize(&[]), Err(DataError::Empty));
    let rows = [matrix![1.0, 2.0], matrix![3.0, f64::NAN]];
    let error = Scaler::min_max(&rows).unwrap_err();
    assert_eq!(
        error,
        DataError::NonFinite {
            sample: 1,
            column: 1
        }
    );
    assert_eq!(error.to_string(), "row 1 is not finite at column 1");
}

#[test]
fn one_hot_targets_and_their_errors() {
    let mut targets = [SMatrix::<f32, 1, 3>::zeros(); 3];
    one_hot_all(&[2, 0, 1], &mut targets).unwrap();
    assert_eq!(
        targets,
        [
            matrix![0.0, 0.0, 1.0],
            matrix![1.0, 0.0, 0.0],
            matrix![0.0, 1.0, 0.0]
        ]
    );
    let error = one_hot_all(&[0, 3, 1], &mut targets).unwrap_err();
    assert_eq!(
        error,
        DataError::LabelOutOfRange {
            sample: 1,
            label: 3,
            classes: 3
        }
    );
    assert_eq!(
        error.to_string(),
        "sample 1 has label 3, but there are 3 classes (0 to 2)"
    );
    assert_eq!(
        one_hot_all(&[0, 1], &mut targets),
        Err(DataError::BufferLength {
            expected: 2,
            found: 3
        })
    );
}

#[test]
fn predicted_class_takes_the_first_largest_and_skips_nan() {
    assert_eq!(predicted_class(&matrix![0.2, 0.5, 0.5, 0.1]), 1);
    assert_eq!(predicted_class(&matrix![f64::NAN, 0.1, 0.3]), 2);
    assert_eq!(predicted_class(&matrix![0.4, f64::NAN, 0.3]), 0);
    assert_eq!(predicted_class(&matrix![f32::NAN, f32::NAN]), 0);
    assert_eq!(predicted_class(&matrix![-3.0, -1.0]), 1);
}

/// 30 samples of class 0, 10 of class 1, 5 of class 2, interleaved.
fn labels() -> Vec<usize> {
    (0..45)
        .map(|i| match i % 9 {
            0 => 2,
            1 | 2 => 1,
            _ => 0,
        })
        .collect()
}

#[test]
fn stratified_split_keeps_each_class_share() {
    let labels = labels();
    assert_eq!(labels.iter().filter(|&&l| l == 0).count(), 30);
    let mut indices = vec![0; labels.len()];
    let training = stratified_split::<3>(&labels, 0.2, 11, &mut indices).unwrap();
    // round(0.2 · 30) + round(0.2 · 10) + round(0.2 · 5) = 6 + 2 + 1 held out.
    assert_eq!(training, 45 - 9);
    let mut seen = indices.clone();
    seen.sort_unstable();
    assert_eq!(seen, (0..45).collect::<Vec<_>>(), "a permutation");
    let held_out = |class| {
        indices[training..]
            .iter()
            .filter(|&&i| labels[i] == class)
            .count()
    };
    assert_eq!([held_out(0), held_out(1), held_out(2)], [6, 2, 1]);

    // The same seed, the same split; another seed, another one.
    let mut again = vec![0; labels.len()];
    stratified_split::<3>(&labels, 0.2, 11, &mut again).unwrap();
    assert_eq!(again, indices);
    stratified_split::<3>(&labels, 0.2, 12, &mut again).unwrap();
    assert_ne!(again, indices);
    // Shuffled: not the identity order.
    assert_ne!(indices[..training], (0..training).collect::<Vec<_>>()[..]);

    // Nothing held out at 0.
    assert_eq!(stratified_split::<3>(&labels, 0.0, 1, &mut again), Ok(45));
}

#[test]
fn stratified_split_rejects_bad_arguments() {
    let labels = labels();
    let mut indices = vec![0; labels.len()];
    for fraction in [1.0, -0.1, f64::NAN] {
        assert!(matches!(
            stratified_split::<3>(&labels, fraction, 1, &mut indices),
            Err(DataError::Fraction { .. })
        ));
    }
    assert_eq!(
        stratified_split::<2>(&labels, 0.2, 1, &mut indices),
        Err(DataError::LabelOutOfRange {
            sample: 0,
            label: 2,
            classes: 2
        })
    );
    assert_eq!(
        stratified_split::<3>(&labels, 0.2, 1, &mut indices[1..]),
        Err(DataError::BufferLength {
            expected: 45,
            found: 44
        })
    );
    assert_eq!(
        stratified_split::<3>(&[], 0.2, 1, &mut []),
        Err(DataError::Empty)
    );
}

#[test]
fn confusion_of_a_network_counts_actual_against_predicted() {
    // Outputs (x₀, x₁, x₀ + x₁): the class is the largest of the three.
    let net = Network::new((Dense::<f64, 2, 3, Identity>::from_rows(
        [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]],
        [0.0, 0.0, 0.0],
    ),));
    let inputs = [
        matrix![1.0, -5.0], // outputs 1, -5, -4 → 0
        matrix![-5.0, 1.0], // → 1
        matrix![1.0, 1.0],  // 1, 1, 2 → 2
        matrix![2.0, -1.0], // 2, -1, 1 → 0
    ];
    let targets = [
        matrix![1.0, 0.0, 0.0],
        matrix![0.0, 1.0, 0.0],
        matrix![0.0, 1.0, 0.0],
        matrix![0.0, 0.0, 1.0],
    ];
    let confusion = ConfusionMatrix::of(&net, &inputs, &targets);
    assert_eq!(confusion.count(0, 0), 1);
    assert_eq!(confusion.count(1, 1), 1);
    assert_eq!(confusion.count(1, 2), 1);
    assert_eq!(confusion.count(2, 0), 1);
    assert_eq!(confusion.total(), 4);
    assert_eq!(confusion.accuracy(), Some(0.5));
    assert_eq!(
        confusion.to_string(),
        "a\\p |   0   1   2\n  0 |   1   0   0\n  1 |   0   1   1\n  2 |   1   0   0"
    );
    assert_eq!(ConfusionMatrix::<3>::new().accuracy(), None);
    let mut confusion = confusion;
    assert!(!confusion.record(3, 0));
    assert_eq!(confusion.total(), 4);
}
