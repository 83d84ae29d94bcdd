//! The peers of `benches/peers.rs` do the same work as constnet: from the same weights, on
//! the same data, for the same steps, each ends at the same losses, the same weights and the
//! same outputs, within rounding. So none of them is fast by doing less.
//!
//! The runs are the bench's own code, included from the benches' own files.

#[path = "../peers/mod.rs"]
mod peers;
#[path = "../workloads/mod.rs"]
mod workloads;

use peers::ndarray::runs as nd_runs;
use peers::scalar::runs as scalar_runs;
use workloads::{constnet_side, LayerWeights, Run};

/// How far a peer may be from constnet, relative.
///
/// The implementations round differently: constnet's `exp` is libm's, the peers' is the
/// standard library's (glibc's); matrixmultiply sums in blocks, with FMA where the CPU has
/// it; the scalar peer starts `v` from `b`, constnet adds `b` last. Single results are a few
/// ulps apart, and training feeds every step's rounding into the next weights, so the gap
/// grows with the steps. After the runs below (up to 512 steps) the largest gaps measured
/// were 1.7e-7 (losses), 1.7e-6 (updates) and 7.4e-7 (outputs) in f32, whose ε is 1.2e-7,
/// and 3e-16, 8e-16 and 2e-16 in f64 (ε = 2.2e-16). The bounds leave a margin of 60 or more
/// over those, and stay well under what a wrong backward pass causes: a missing ReLU
/// derivative moved the losses by 6e-3 to 8e-2 and the updates by 84% or more; a missing
/// sigmoid factor (1 - y) moved W1's first losses by 2.6e-2; dropping the bias update moved
/// W4's second loss by only 2.6e-4 but its updates by 15%.
#[derive(Clone, Copy, Debug)]
struct Tolerance {
    /// Each iteration's mean loss.
    loss: f64,
    /// The change of every layer's parameters over the run, as a norm relative to
    /// constnet's change: it checks the gradients, which the loss alone can barely see in
    /// a few steps.
    update: f64,
    /// The outputs of a forward pass, relative to the largest.
    output: f64,
}

const F32: Tolerance = Tolerance {
    loss: 1e-5,
    update: 1e-4,
    output: 1e-4,
};

const F64: Tolerance = Tolerance {
    loss: 1e-13,
    update: 1e-12,
    output: 1e-13,
};

/// What one implementation did over a run.
struct Record {
    losses: Vec<f64>,
    outputs_before: Vec<f64>,
    outputs_after: Vec<f64>,
    start: Vec<Vec<f64>>,
    end: Vec<Vec<f64>>,
}

fn flat<T: Copy + Into<f64>>(rows: Vec<Vec<T>>) -> Vec<f64> {
    rows.into_iter().flatten().map(Into::into).collect()
}

fn layers<T: Copy + Into<f64>>(weights: &[LayerWeights<T>]) -> Vec<Vec<f64>> {
    weights.iter().map(LayerWeights::to_f64).collect()
}

fn record<R: Run>(mut run: R, iterations: usize) -> Record {
    let start = layers(&run.weights());
    let outputs_before = flat(R::output_rows(&run.infer()));
    let losses = (0..iterations).map(|_| run.train().into()).collect();
    Record {
        losses,
        outputs_before,
        outputs_after: flat(R::output_rows(&run.infer())),
        start,
        end: layers(&run.weights()),
    }
}

fn norm(values: impl Iterator<Item = f64>) -> f64 {
    values.map(|v| v * v).sum::<f64>().sqrt()
}

fn assert_outputs_close(what: &str, expected: &[f64], actual: &[f64], tolerance: f64) {
    assert_eq!(expected.len(), actual.len(), "{what}: output count");
    let scale = expected.iter().fold(0.0f64, |m, e| m.max(e.abs()));
    let worst = expected
        .iter()
        .zip(actual)
        .map(|(e, a)| (e - a).abs())
        .fold(0.0, f64::max);
    assert!(
        worst <= tolerance * scale,
        "{what}: outputs differ by {worst:e}, {:e} of the largest",
        worst / scale
    );
}

/// Checks a peer's record against constnet's.
fn assert_same_work(name: &str, constnet: &Record, peer: &Record, tolerance: Tolerance) {
    assert_eq!(constnet.start, peer.start, "{name}: the starting weights");

    for (i, (e, a)) in constnet.losses.iter().zip(&peer.losses).enumerate() {
        let relative = (e - a).abs() / e.abs();
        assert!(
            relative <= tolerance.loss,
            "{name}: loss of iteration {i}: constnet {e}, peer {a} ({relative:e} relative)"
        );
    }
    assert_eq!(constnet.losses.len(), peer.losses.len());

    for (layer, ((start, e), a)) in constnet
        .start
        .iter()
        .zip(&constnet.end)
        .zip(&peer.end)
        .enumerate()
    {
        let expected = norm(e.iter().zip(start).map(|(e, s)| e - s));
        let apart = norm(e.iter().zip(a).map(|(e, a)| e - a));
        assert!(expected > 0.0, "{name}: layer {layer} did not learn");
        assert!(
            apart <= tolerance.update * expected,
            "{name}: layer {layer}'s update differs by {:e} of its size",
            apart / expected
        );
    }

    assert_outputs_close(
        &format!("{name} before training"),
        &constnet.outputs_before,
        &peer.outputs_before,
        tolerance.output,
    );
    assert_outputs_close(
        &format!("{name} after training"),
        &constnet.outputs_after,
        &peer.outputs_after,
        tolerance.output,
    );
}

/// Runs `f` on a thread with a large stack: W4's networks (about 400 KB each, plus its
/// gradients) pass through the stack on their way to the heap, several times over in an
/// unoptimized build.
fn with_large_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("a thread")
        .join()
        .expect("no panic");
}

fn w1<T: constnet::Real + constnet::Zeroable + peers::ndarray::Scalar + Into<f64>>(
    tolerance: Tolerance,
) {
    // 100 passes over the four samples: 400 steps.
    let iterations = 100;
    let constnet = constnet_side::W1::<T>::new();
    let weights = constnet.weights();
    let expected = record(constnet, iterations);
    let scalar = record(scalar_runs::W1::<T>::new(&weights), iterations);
    assert_same_work("scalar", &expected, &scalar, tolerance);
    let ndarray = record(nd_runs::w1::<T>(&weights), iterations);
    assert_same_work("ndarray", &expected, &ndarray, tolerance);
}

#[test]
fn w1_f32_peers_match_constnet() {
    w1::<f32>(F32);
}

#[test]
fn w1_f64_peers_match_constnet() {
    w1::<f64>(F64);
}

#[test]
fn w2_peers_match_constnet() {
    // Two passes over the 256 samples: 512 steps.
    let iterations = 2;
    let constnet = constnet_side::W2::new();
    let weights = constnet.weights();
    let expected = record(constnet, iterations);
    let scalar = record(scalar_runs::W2::new(&weights), iterations);
    assert_same_work("scalar", &expected, &scalar, F32);
    let ndarray = record(nd_runs::w2(&weights), iterations);
    assert_same_work("ndarray", &expected, &ndarray, F32);
}

#[test]
fn w3_peers_match_constnet() {
    // One epoch: 45 batches of 32.
    let iterations = 1;
    let constnet = constnet_side::W3::new();
    let weights = constnet.weights();
    let expected = record(constnet, iterations);
    let scalar = record(scalar_runs::W3::new(&weights), iterations);
    assert_same_work("scalar", &expected, &scalar, F32);
    let ndarray = record(nd_runs::W3::new(&weights), iterations);
    assert_same_work("ndarray", &expected, &ndarray, F32);
}

#[test]
fn w4_peers_match_constnet() {
    with_large_stack(|| {
        // Two batches of 32.
        let iterations = 2;
        let constnet = constnet_side::W4::new();
        let weights = constnet.weights();
        let expected = record(constnet, iterations);
        let scalar = record(scalar_runs::W4::new(&weights), iterations);
        assert_same_work("scalar", &expected, &scalar, F32);
        let ndarray = record(nd_runs::W4::new(&weights), iterations);
        assert_same_work("ndarray", &expected, &ndarray, F32);
    });
}
