//! What each fuzz target checks, as plain functions, so that the corpus replays in
//! `cargo test` on a stable toolchain (tests/replay.rs) as well as under libFuzzer.
//!
//! Every loader must take any bytes without panicking and either load a value that is valid
//! (finite, and the same after saving and loading it again) or return an error. A broken
//! promise panics here, which libFuzzer reports as a crash.

use std::path::Path;

use constnet::{
    from_postcard, from_safetensors, read_safetensors, to_safetensors, Adam, Dense, Identity,
    Network, Parameters, Relu, Tanh,
};

#[allow(dead_code)] // The CSV target uses part of the train example's table.
#[path = "../../workflow/examples/common/table.rs"]
mod table;

/// The PyTorch example's model, `nn.Sequential(Linear(4, 8), ReLU, Linear(8, 8), Tanh,
/// Linear(8, 3))`, so that one network type serves all three formats and the checked-in
/// safetensors file is a valid seed.
pub type Model = Network<(
    Dense<f32, 4, 8, Relu>,
    Dense<f32, 8, 8, Tanh>,
    Dense<f32, 8, 3, Identity>,
)>;

/// Its Adam optimizer: state as well as hyperparameters to load.
pub type Optimizer = Adam<Model>;

/// Bytes as JSON of a network and of an optimizer (`load_json` is this after reading the
/// file).
pub fn json(data: &[u8]) {
    if let Ok(model) = serde_json::from_slice::<Model>(data) {
        assert_finite(&model);
        let again = serde_json::to_vec(&model).expect("a loaded network saves");
        assert_eq!(serde_json::from_slice::<Model>(&again).ok(), Some(model));
    }
    if let Ok(optimizer) = serde_json::from_slice::<Optimizer>(data) {
        let again = serde_json::to_vec(&optimizer).expect("a loaded optimizer saves");
        assert_eq!(
            serde_json::from_slice::<Optimizer>(&again).ok(),
            Some(optimizer)
        );
    }
}

/// Bytes in postcard's form, as `load_postcard` and `from_postcard` read them.
pub fn postcard(data: &[u8]) {
    if let Ok(model) = from_postcard::<Model>(data) {
        assert_finite(&model);
        let again = constnet::postcard::to_stdvec(&model).expect("a loaded network saves");
        assert_eq!(from_postcard::<Model>(&again).ok(), Some(model));
    }
    if let Ok(optimizer) = from_postcard::<Optimizer>(data) {
        let again = constnet::postcard::to_stdvec(&optimizer).expect("a loaded optimizer saves");
        assert_eq!(from_postcard::<Optimizer>(&again).ok(), Some(optimizer));
    }
}

/// Bytes as a safetensors file, read into a new network and over an existing one, which an
/// error must leave as it was.
pub fn safetensors(data: &[u8]) {
    if let Ok(model) = from_safetensors::<Model>(data) {
        assert_finite(&model);
        let again = to_safetensors(&model, 2).expect("a loaded network saves");
        assert_eq!(from_safetensors::<Model>(&again).ok(), Some(model));
    }
    let before = existing();
    let mut model = before;
    if read_safetensors(&mut model, data).is_err() {
        assert_eq!(model, before, "a failed read changed the network");
    }
}

/// Bytes as the CSV file of the `train` example, then every column chosen as the command's
/// options choose them: by name, as a range, as numbers and as class labels.
pub fn csv(data: &[u8]) {
    let Ok(table) = table::Table::from_reader(Path::new("fuzz.csv"), data) else {
        return;
    };
    let names = table.names().to_vec();
    for name in &names {
        let _ = table.select(name);
    }
    if let (Some(first), Some(last)) = (names.first(), names.last()) {
        let _ = table.select(&format!("{first}..{last}"));
        let _ = table.select(&format!("{last}..{first}"));
    }
    let all = (0..names.len()).collect::<Vec<_>>();
    if let Ok(rows) = table.numbers::<8>(&all) {
        assert_eq!(rows.len(), table.len());
        assert!(rows.iter().flatten().all(|v| v.is_finite()));
    }
    for column in all {
        if let Ok(labels) = table.labels(column, 10) {
            assert!(labels.iter().all(|&label| label < 10));
        }
    }
}

/// A network with every parameter set, for a failed read to leave alone.
fn existing() -> Model {
    let mut model = Model::default();
    let mut next = 0.0_f32;
    model.visit_mut(&mut |_, values: &mut [f32]| {
        for value in values {
            next += 0.25;
            *value = next;
        }
    });
    model
}

fn assert_finite(model: &Model) {
    model.visit(&mut |descriptor, values: &[f32]| {
        assert!(
            values.iter().all(|v| v.is_finite()),
            "{} of layer {} holds a non-finite value",
            descriptor.name,
            descriptor.layer
        );
    });
}
