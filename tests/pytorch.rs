//! PyTorch interop through safetensors: the model PyTorch trained and saved in
//! `examples/pytorch/` computes here what it computed there, networks go to safetensors and
//! back bit for bit, and every way a file can be wrong is an error that names the tensor.
#![cfg(feature = "safetensors")]

use constnet::safetensors::tensor::TensorView;
use constnet::safetensors::{Dtype, SafeTensorError, SafeTensors};
use constnet::{
    from_safetensors, load_safetensors, parameters, read_safetensors, save_safetensors,
    to_safetensors, Dense, Identity, Init, Initialize, Layer, LinearShape, Location, Network,
    Parameters, Relu, Role, Sequential, Tanh, TorchError, Units, MAX_HEADER_BYTES,
};
use nalgebra::SMatrix;

/// `nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3))`.
type Torch32 = Network<(
    Dense<f32, 4, 8, Relu>,
    Dense<f32, 8, 8, Tanh>,
    Dense<f32, 8, 3, Identity>,
)>;
type Torch64 = Network<(
    Dense<f64, 4, 8, Relu>,
    Dense<f64, 8, 8, Tanh>,
    Dense<f64, 8, 3, Identity>,
)>;

/// `nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))`: modules 0 and 2.
type Small = Network<(Dense<f32, 3, 4, Relu>, Dense<f32, 4, 2, Identity>)>;

const MODEL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/pytorch/model.safetensors"
);
const EXPECTED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/pytorch/expected.json"
);

/// The inputs and PyTorch's outputs, as `make_model.py` wrote them.
struct Expected {
    inputs: SMatrix<f64, 5, 4>,
    outputs_f32: SMatrix<f64, 5, 3>,
    outputs_f64: SMatrix<f64, 5, 3>,
}

fn expected() -> Expected {
    let text = std::fs::read_to_string(EXPECTED).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows = |key: &str| -> Vec<Vec<f64>> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                row.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect()
            })
            .collect()
    };
    let (inputs, outputs_f32, outputs_f64) =
        (rows("inputs"), rows("outputs_f32"), rows("outputs_f64"));
    assert_eq!(inputs.len(), 5);
    Expected {
        inputs: SMatrix::from_fn(|r, c| inputs[r][c]),
        outputs_f32: SMatrix::from_fn(|r, c| outputs_f32[r][c]),
        outputs_f64: SMatrix::from_fn(|r, c| outputs_f64[r][c]),
    }
}

fn max_deviation<const R: usize, const C: usize>(
    a: &SMatrix<f64, R, C>,
    b: &SMatrix<f64, R, C>,
) -> f64 {
    (a - b).abs().max()
}

#[test]
fn the_pytorch_model_computes_pytorchs_outputs_in_f32() {
    let net: Torch32 = load_safetensors(MODEL).unwrap();
    let expected = expected();
    let inputs = expected.inputs.map(|v| v as f32);
    // The inputs are dyadic fractions, exact in f32.
    assert_eq!(inputs.map(f64::from), expected.inputs);
    let outputs = net.forward(&inputs).map(f64::from);
    let deviation = max_deviation(&outputs, &expected.outputs_f32);
    println!("f32: largest deviation from PyTorch {deviation:e}");
    assert!(deviation < 1e-6, "{deviation:e}");
    // Not vacuous: the outputs are of order 1, and differ from row to row.
    assert!(expected.outputs_f32.abs().max() > 0.5);
}

#[test]
fn an_f64_network_reads_the_f32_file_exactly_and_computes_pytorchs_f64_outputs() {
    let net32: Torch32 = load_safetensors(MODEL).unwrap();
    let net64: Torch64 = load_safetensors(MODEL).unwrap();
    let mut widened = Vec::new();
    net32.visit(&mut |_, values| widened.extend(values.iter().map(|&v| f64::from(v))));
    let mut read = Vec::new();
    net64.visit(&mut |_, values| read.extend_from_slice(values));
    assert_eq!(read, widened);

    let expected = expected();
    let deviation = max_deviation(&net64.forward(&expected.inputs), &expected.outputs_f64);
    println!("f64: largest deviation from PyTorch (model.double()) {deviation:e}");
    assert!(deviation < 1e-12, "{deviation:e}");
    // And the f64 outputs are not the f32 ones: the comparison above tells them apart.
    assert!(max_deviation(&expected.outputs_f32, &expected.outputs_f64) > 1e-8);
}

#[test]
fn exporting_the_pytorch_model_gives_back_pytorchs_tensors_byte_for_byte() {
    let original = std::fs::read(MODEL).unwrap();
    let net: Torch32 = from_safetensors(&original).unwrap();
    let exported = to_safetensors(&net, 2).unwrap();
    let (original, exported) = (
        SafeTensors::deserialize(&original).unwrap(),
        SafeTensors::deserialize(&exported).unwrap(),
    );
    let mut names = original.names();
    names.sort_unstable();
    let mut exported_names = exported.names();
    exported_names.sort_unstable();
    assert_eq!(names, exported_names);
    assert_eq!(
        names,
        ["0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight"]
    );
    for name in names {
        let (a, b) = (
            original.tensor(name).unwrap(),
            exported.tensor(name).unwrap(),
        );
        assert_eq!(a.dtype(), b.dtype(), "{name}");
        assert_eq!(a.shape(), b.shape(), "{name}");
        assert_eq!(a.data(), b.data(), "{name}");
    }
}

/// One tensor of a file made in a test.
#[derive(Clone)]
struct Entry {
    name: String,
    dtype: Dtype,
    shape: Vec<usize>,
    data: Vec<u8>,
}

fn f32_entry(name: &str, shape: &[usize], values: impl IntoIterator<Item = f32>) -> Entry {
    let data = values.into_iter().flat_map(f32::to_le_bytes).collect();
    Entry {
        name: name.to_string(),
        dtype: Dtype::F32,
        shape: shape.to_vec(),
        data,
    }
}

fn f64_entry(name: &str, shape: &[usize], values: impl IntoIterator<Item = f64>) -> Entry {
    let data = values.into_iter().flat_map(f64::to_le_bytes).collect();
    Entry {
        name: name.to_string(),
        dtype: Dtype::F64,
        shape: shape.to_vec(),
        data,
    }
}

/// `weight[o, i] = 10 o + i` (+ 100 for the second layer), `bias[o] = -o`: every value tells
/// where it came from.
fn small_entries() -> Vec<Entry> {
    let weight = |outputs: usize, inputs: usize, base: f32| {
        (0..outputs).flat_map(move |o| (0..inputs).map(move |i| base + (10 * o + i) as f32))
    };
    vec![
        f32_entry("0.weight", &[4, 3], weight(4, 3, 0.0)),
        f32_entry("0.bias", &[4], (0..4).map(|o| -(o as f32))),
        f32_entry("2.weight", &[2, 4], weight(2, 4, 100.0)),
        f32_entry("2.bias", &[2], (0..2).map(|o| -(o as f32) - 0.5)),
    ]
}

fn serialize(entries: &[Entry]) -> Vec<u8> {
    let views = entries.iter().map(|entry| {
        let view = TensorView::new(entry.dtype, entry.shape.clone(), &entry.data).unwrap();
        (entry.name.clone(), view)
    });
    constnet::safetensors::serialize(views, None).unwrap()
}

fn replace(mut entries: Vec<Entry>, replacement: Entry) -> Vec<Entry> {
    let slot = entries
        .iter_mut()
        .find(|entry| entry.name == replacement.name)
        .unwrap();
    *slot = replacement;
    entries
}

fn without(entries: Vec<Entry>, name: &str) -> Vec<Entry> {
    let before = entries.len();
    let entries: Vec<Entry> = entries.into_iter().filter(|e| e.name != name).collect();
    assert_eq!(entries.len(), before - 1);
    entries
}

fn with(mut entries: Vec<Entry>, extra: Entry) -> Vec<Entry> {
    entries.push(extra);
    entries
}

fn small_error(entries: &[Entry]) -> TorchError {
    from_safetensors::<Small>(&serialize(entries)).unwrap_err()
}

const LAYER_0: LinearShape = LinearShape {
    layer: 0,
    inputs: 3,
    outputs: 4,
};
const LAYER_1: LinearShape = LinearShape {
    layer: 1,
    inputs: 4,
    outputs: 2,
};

#[test]
fn weight_is_transposed_into_w_and_bias_is_copied() {
    let net: Small = from_safetensors(&serialize(&small_entries())).unwrap();
    for i in 0..3 {
        for o in 0..4 {
            assert_eq!(net.0.w[(i, o)], (10 * o + i) as f32, "W⁰[{i}, {o}]");
        }
    }
    for i in 0..4 {
        for o in 0..2 {
            assert_eq!(net.1.w[(i, o)], 100.0 + (10 * o + i) as f32, "W¹[{i}, {o}]");
        }
    }
    assert_eq!(net.0.b, SMatrix::<f32, 1, 4>::new(0.0, -1.0, -2.0, -3.0));
    assert_eq!(net.1.b, SMatrix::<f32, 1, 2>::new(-0.5, -1.5));
}

#[test]
fn layers_follow_the_numeric_module_index_not_the_order_of_the_names() {
    // As strings, "10.weight" sorts before "2.weight"; as modules, 2 comes first.
    let mut entries = small_entries();
    for entry in &mut entries {
        let (module, part) = entry.name.split_once('.').unwrap();
        let module = if module == "0" { "2" } else { "10" };
        entry.name = format!("{module}.{part}");
    }
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["2.weight", "2.bias", "10.weight", "10.bias"]);
    let net: Small = from_safetensors(&serialize(&entries)).unwrap();
    let reference: Small = from_safetensors(&serialize(&small_entries())).unwrap();
    assert_eq!(net, reference);
}

fn bits<N: Parameters>(net: &N) -> Vec<u64>
where
    N::Scalar: Into<f64>,
{
    let mut all = Vec::new();
    net.visit(&mut |_, values| all.extend(values.iter().map(|&v| v.into().to_bits())));
    all
}

fn sorted_names_and_shapes(bytes: &[u8]) -> Vec<(String, Dtype, Vec<usize>)> {
    let tensors = SafeTensors::deserialize(bytes).unwrap();
    let mut all: Vec<_> = tensors
        .iter()
        .map(|(name, view)| (name.to_string(), view.dtype(), view.shape().to_vec()))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

#[test]
fn networks_go_to_safetensors_and_back_bit_for_bit() {
    let net32 = Torch32::seeded(Init::PyTorch, 11);
    let net64 = Torch64::seeded(Init::PyTorch, 12);

    let bytes = to_safetensors(&net32, 2).unwrap();
    assert_eq!(
        sorted_names_and_shapes(&bytes),
        [
            ("0.bias".to_string(), Dtype::F32, vec![8]),
            ("0.weight".to_string(), Dtype::F32, vec![8, 4]),
            ("2.bias".to_string(), Dtype::F32, vec![8]),
            ("2.weight".to_string(), Dtype::F32, vec![8, 8]),
            ("4.bias".to_string(), Dtype::F32, vec![3]),
            ("4.weight".to_string(), Dtype::F32, vec![3, 8]),
        ]
    );
    assert_eq!(
        bits(&from_safetensors::<Torch32>(&bytes).unwrap()),
        bits(&net32)
    );

    // Step 1, and f64 written as F64.
    let bytes = to_safetensors(&net64, 1).unwrap();
    let names: Vec<(String, Dtype, Vec<usize>)> = sorted_names_and_shapes(&bytes);
    assert_eq!(
        names.iter().map(|n| n.0.as_str()).collect::<Vec<_>>(),
        ["0.bias", "0.weight", "1.bias", "1.weight", "2.bias", "2.weight"]
    );
    assert!(names.iter().all(|n| n.1 == Dtype::F64));
    let back: Torch64 = from_safetensors(&bytes).unwrap();
    assert_eq!(bits(&back), bits(&net64));
    assert_ne!(bits(&back), bits(&Torch64::seeded(Init::PyTorch, 13)));

    // Through a file.
    let path = std::env::temp_dir().join(format!(
        "constnet-pytorch-{}-round-trip.safetensors",
        std::process::id()
    ));
    save_safetensors(&path, &net32, 2).unwrap();
    let back: Torch32 = load_safetensors(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(bits(&back), bits(&net32));
}

#[test]
fn a_tensor_of_the_wrong_shape_is_named_with_both_shapes_and_its_layer() {
    let error = small_error(&replace(
        small_entries(),
        f32_entry("2.weight", &[3, 4], [0.0; 12]),
    ));
    assert_eq!(
        error.to_string(),
        "tensor 2.weight has shape [3, 4], expected [2, 4] for layer 1 (Dense 4→2)"
    );
    assert!(matches!(
        &error,
        TorchError::Shape { tensor, found, expected, layer }
            if tensor == "2.weight" && found == &[3, 4] && expected == &[2, 4] && *layer == LAYER_1
    ));

    // The weight as constnet holds it ([IN, OUT]) is the transpose PyTorch does not write.
    let error = small_error(&replace(
        small_entries(),
        f32_entry("0.weight", &[3, 4], [0.0; 12]),
    ));
    assert_eq!(
        error.to_string(),
        "tensor 0.weight has shape [3, 4], expected [4, 3] for layer 0 (Dense 3→4)"
    );

    // A bias is one-dimensional.
    let error = small_error(&replace(
        small_entries(),
        f32_entry("0.bias", &[1, 4], [0.0; 4]),
    ));
    assert_eq!(
        error.to_string(),
        "tensor 0.bias has shape [1, 4], expected [4] for layer 0 (Dense 3→4)"
    );
}

#[test]
fn a_tensor_of_another_dtype_is_refused_and_f32_widens_into_f64() {
    // F64 into an f32 network: not rounded silently.
    let error = small_error(&replace(
        small_entries(),
        f64_entry("0.bias", &[4], [0.0; 4]),
    ));
    assert!(matches!(
        &error,
        TorchError::Dtype { tensor, found: Dtype::F64, expected: Dtype::F32, layer }
            if tensor == "0.bias" && *layer == LAYER_0
    ));
    assert_eq!(
        error.to_string(),
        "tensor 0.bias has dtype F64, expected F32 for layer 0 (Dense 3→4) (F64 values are \
         not rounded to f32: read them into an f64 network, or save the model after \
         model.float())"
    );

    // Half precision and integers: never.
    let half = Entry {
        name: "2.weight".to_string(),
        dtype: Dtype::F16,
        shape: vec![2, 4],
        data: vec![0; 16],
    };
    let error = small_error(&replace(small_entries(), half.clone()));
    assert_eq!(
        error.to_string(),
        "tensor 2.weight has dtype F16, expected F32 for layer 1 (Dense 4→2)"
    );
    let integers = Entry {
        name: "2.bias".to_string(),
        dtype: Dtype::I32,
        shape: vec![2],
        data: vec![0; 8],
    };
    let error = small_error(&replace(small_entries(), integers));
    assert!(matches!(
        error,
        TorchError::Dtype {
            found: Dtype::I32,
            ..
        }
    ));

    // An f64 network reads F32 (exactly) and F64, not F16.
    type Small64 = Network<(Dense<f64, 3, 4, Relu>, Dense<f64, 4, 2, Identity>)>;
    let mixed = replace(
        small_entries(),
        f64_entry("0.bias", &[4], [0.1, 0.2, 0.3, 0.4]),
    );
    let net: Small64 = from_safetensors(&serialize(&mixed)).unwrap();
    assert_eq!(net.0.b, SMatrix::<f64, 1, 4>::new(0.1, 0.2, 0.3, 0.4));
    assert_eq!(net.1.w[(3, 1)], 113.0);
    let error =
        from_safetensors::<Small64>(&serialize(&replace(small_entries(), half))).unwrap_err();
    assert_eq!(
        error.to_string(),
        "tensor 2.weight has dtype F16, expected F64 or F32 for layer 1 (Dense 4→2)"
    );
}

#[test]
fn missing_tensors_and_layers_are_named() {
    let error = small_error(&without(small_entries(), "2.weight"));
    assert_eq!(
        error.to_string(),
        "tensor 2.weight is missing: layer 1 (Dense 4→2) needs it, of shape [2, 4]"
    );

    let error = small_error(&without(without(small_entries(), "2.weight"), "2.bias"));
    assert!(matches!(
        &error,
        TorchError::LayerCount { expected: 2, modules } if modules == &[0]
    ));
    assert_eq!(
        error.to_string(),
        "the file holds 1 nn.Linear layers (modules 0), the network 2 Dense layers"
    );

    let error = small_error(&[]);
    assert_eq!(
        error.to_string(),
        "the file holds 0 nn.Linear layers, the network 2 Dense layers"
    );
}

#[test]
fn a_linear_without_bias_is_refused() {
    // nn.Linear(3, 4, bias=False) writes only 0.weight.
    let error = small_error(&without(small_entries(), "0.bias"));
    assert!(matches!(
        &error,
        TorchError::MissingTensor { tensor, layer, shape }
            if tensor == "0.bias" && *layer == LAYER_0 && shape == &[4]
    ));
    assert_eq!(
        error.to_string(),
        "tensor 0.bias is missing: layer 0 (Dense 3→4) needs it, of shape [4] (an nn.Linear \
         made with bias=False has none; a Dense layer always has a bias)"
    );
}

#[test]
fn extra_tensors_and_layers_are_refused() {
    // A batch norm's statistics between the layers.
    let error = small_error(&with(
        with(small_entries(), f32_entry("1.running_mean", &[4], [0.0; 4])),
        f32_entry("1.running_var", &[4], [1.0; 4]),
    ));
    assert!(matches!(
        &error,
        TorchError::UnexpectedTensor { tensor, others: 1 } if tensor == "1.running_mean"
    ));
    assert_eq!(
        error.to_string(),
        "tensor 1.running_mean (and 1 more) is not the weight or bias of an nn.Linear in an \
         nn.Sequential (`<index>.weight`, `<index>.bias`)"
    );

    // Keys of a module holding the Sequential, and indices PyTorch never writes.
    for name in [
        "layers.0.weight",
        "02.weight",
        "+2.weight",
        "2",
        ".weight",
        "2.weight.x",
    ] {
        let error = small_error(&with(small_entries(), f32_entry(name, &[1], [0.0])));
        assert!(
            matches!(&error, TorchError::UnexpectedTensor { tensor, others: 0 } if tensor == name),
            "{name}: {error}"
        );
    }

    // A third Linear.
    let error = small_error(&with(
        with(small_entries(), f32_entry("4.weight", &[2, 2], [0.0; 4])),
        f32_entry("4.bias", &[2], [0.0; 2]),
    ));
    assert_eq!(
        error.to_string(),
        "the file holds 3 nn.Linear layers (modules 0, 2, 4), the network 2 Dense layers"
    );
}

#[test]
fn non_finite_values_are_named_in_both_layouts_and_nothing_is_written() {
    let mut values = [0.5f32; 8];
    values[7] = f32::NAN; // weight[1, 3]
    let file = serialize(&replace(
        small_entries(),
        f32_entry("2.weight", &[2, 4], values),
    ));
    let original = Small::seeded(Init::Xavier, 3);
    let mut net = original;
    let error = read_safetensors(&mut net, &file).unwrap_err();
    assert!(matches!(
        &error,
        TorchError::NonFiniteTensor { tensor, index, value, location }
            if tensor == "2.weight" && index == &[1, 3] && value.is_nan()
                && *location == Location { name: "W", layer: 1, row: 3, column: 1 }
    ));
    assert_eq!(
        error.to_string(),
        "tensor 2.weight[1, 3] is NaN, which would be W¹[3, 1]; a network holding one is not \
         loaded"
    );
    // Layer 0 was fine, and is not written either.
    assert_eq!(bits(&net), bits(&original));

    let error = small_error(&replace(
        small_entries(),
        f32_entry("0.bias", &[4], [0.0, 0.0, f32::NEG_INFINITY, 0.0]),
    ));
    assert_eq!(
        error.to_string(),
        "tensor 0.bias[2] is -inf, which would be b⁰[0, 2]; a network holding one is not loaded"
    );
}

#[test]
fn bytes_that_are_not_a_safetensors_file_are_refused() {
    let good = serialize(&small_entries());
    for bytes in [
        &b""[..],
        &b"1234"[..],
        &good[..good.len() - 1],
        &[good.as_slice(), &[0]].concat(),
        &b"\x04\x00\x00\x00\x00\x00\x00\x00{\"a\"}"[..],
    ] {
        let error = from_safetensors::<Small>(bytes).unwrap_err();
        assert!(matches!(error, TorchError::Format(_)), "{error}");
        assert!(error
            .to_string()
            .starts_with("not a valid safetensors file: "));
    }
}

/// A header whose offsets add up to nearly `u64::MAX`: the safetensors crate's own check
/// overflows on it.
fn offsets_past_the_end() -> Vec<u8> {
    let length: u64 = (1 << 61) - 8;
    let mut header = String::from("{");
    let mut start = 0u64;
    for k in 0..8 {
        let end = start + length;
        if k > 0 {
            header.push(',');
        }
        header.push_str(&format!(
            "\"{}.weight\":{{\"dtype\":\"U8\",\"shape\":[{length}],\"data_offsets\":[{start},{end}]}}",
            2 * k
        ));
        start = end;
    }
    header.push('}');
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend(header.as_bytes());
    bytes.extend([0; 64]);
    bytes
}

#[test]
fn hostile_sizes_and_offsets_are_refused_before_anything_is_allocated() {
    // Offsets past the end of the data.
    let error = from_safetensors::<Small>(&offsets_past_the_end()).unwrap_err();
    assert!(
        matches!(&error, TorchError::Format(SafeTensorError::InvalidOffset(name)) if name == "0.weight"),
        "{error}"
    );

    // A header length of 2⁶⁴ - 1.
    let mut bytes = u64::MAX.to_le_bytes().to_vec();
    bytes.extend(b"{}");
    let error = from_safetensors::<Small>(&bytes).unwrap_err();
    assert!(matches!(
        error,
        TorchError::HeaderTooLarge {
            bytes: u64::MAX,
            limit: MAX_HEADER_BYTES
        }
    ));

    // More bytes than a file of this network can need: 8 + 1 MiB + 8 bytes per parameter.
    let limit = 8 + MAX_HEADER_BYTES + 8 * Small::COUNT as u64;
    let bytes = vec![0u8; limit as usize + 1];
    let error = from_safetensors::<Small>(&bytes).unwrap_err();
    assert!(
        matches!(error, TorchError::TooLarge { bytes, limit: l } if bytes == limit + 1 && l == limit)
    );

    // A file of 1 TiB (sparse) is refused from its size, without reading it.
    let path = std::env::temp_dir().join(format!(
        "constnet-pytorch-{}-huge.safetensors",
        std::process::id()
    ));
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(1 << 40).unwrap();
    let error = load_safetensors::<Small>(&path).unwrap_err();
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(error, TorchError::TooLarge { bytes, .. } if bytes == 1 << 40));
    assert!(error
        .to_string()
        .starts_with("the file has 1099511627776 bytes, more than the "));

    // A missing file names its path.
    let error = load_safetensors::<Small>("/nonexistent/model.safetensors").unwrap_err();
    assert!(matches!(error, TorchError::File(_)));
    assert!(error
        .to_string()
        .starts_with("/nonexistent/model.safetensors: "));
}

#[test]
fn writing_refuses_non_finite_parameters_and_a_zero_step() {
    let mut net = Small::seeded(Init::Xavier, 5);
    assert!(matches!(
        to_safetensors(&net, 0),
        Err(TorchError::InvalidStep { step: 0 })
    ));
    assert!(matches!(
        to_safetensors(&net, usize::MAX),
        Err(TorchError::InvalidStep { step: usize::MAX })
    ));
    net.1.w[(2, 1)] = f32::INFINITY;
    let error = to_safetensors(&net, 2).unwrap_err();
    assert_eq!(
        error.to_string(),
        "parameter W¹[2, 1] is not finite; a network holding one is not saved"
    );
}

/// A layer of one's own that claims to be a Linear, but holds a gain `a`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Gain<const N: usize> {
    a: SMatrix<f32, 1, N>,
}

parameters! {
    impl[const N: usize] Gain<N> {
        "a" a: SMatrix<f32, 1, N> = Role::Fill(1.0),
    }
    /// `∂L/∂a`.
    pub struct GainGradients[const N: usize];
}

impl<const N: usize> Layer for Gain<N> {
    type Input = Units<N>;
    type Output = Units<N>;
    type Trace<const B: usize> = SMatrix<f32, B, N>;

    fn forward_trace<const B: usize>(&self, x: &SMatrix<f32, B, N>) -> Self::Trace<B> {
        SMatrix::from_fn(|r, c| x[(r, c)] * self.a[c])
    }

    fn output<const B: usize>(y: &Self::Trace<B>) -> &SMatrix<f32, B, N> {
        y
    }

    fn backward_into<const B: usize>(
        &self,
        _: &Self::Trace<B>,
        d: &SMatrix<f32, B, N>,
        _: &mut GainGradients<N>,
    ) -> SMatrix<f32, B, N> {
        *d
    }
}

impl<const N: usize> Sequential for Gain<N> {}

#[test]
fn a_layer_whose_walk_is_not_a_dense_layers_is_refused() {
    type Gained = Network<(Dense<f32, 3, 4, Relu>, Gain<4>)>;
    let mut net: Gained = Network::new((
        Dense::default(),
        Gain {
            a: SMatrix::zeros(),
        },
    ));
    let error = to_safetensors(&net, 1).unwrap_err();
    assert!(matches!(
        error,
        TorchError::Unsupported {
            layer: 1,
            matrix: "a"
        }
    ));
    assert_eq!(
        error.to_string(),
        "matrix a of layer 1 is not the W or b of a Dense layer, and has no nn.Linear tensor"
    );
    let error = read_safetensors(&mut net, &serialize(&small_entries())).unwrap_err();
    assert!(matches!(error, TorchError::Unsupported { layer: 1, .. }));
}
