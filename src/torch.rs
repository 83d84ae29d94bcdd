//! PyTorch interop through safetensors: an `nn.Sequential` of `nn.Linear` layers, as
//! `safetensors.torch.save_file(model.state_dict(), path)` writes it, read into a network of
//! [`Dense`] layers, and a network written back the same way.
//!
//! PyTorch's `nn.Linear(IN, OUT)` computes `y = x Aᵀ + c` with `weight` `A` of shape
//! `[OUT, IN]` (row-major) and `bias` `c` of shape `[OUT]`; a [`Dense`] layer computes
//! `v = x W + b` with `W = Aᵀ` (`IN × OUT`) and `b = c`. nalgebra stores `W` column by column,
//! which is `A` row by row, so the transposition costs nothing: `W`'s elements in the
//! [`Parameters`] walk are the tensor's bytes in order.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::mem::{size_of, size_of_val};
use std::path::Path;
use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, vec};

use nalgebra::ComplexField;
use safetensors::{Dtype, SafeTensorError, SafeTensors, View};

use crate::tuples::for_each_arity;
use crate::{Activation, Dense, Descriptor, FileError, Location, Network, Parameters, Real, Role};

/// The largest safetensors header read, in bytes. PyTorch writes about 80 bytes per tensor,
/// so this leaves room for thousands of layers and the file's free-form metadata, while a
/// hostile length cannot make the header parser allocate without bound.
pub const MAX_HEADER_BYTES: u64 = 1 << 20;

/// A layer or network that PyTorch holds as the `nn.Linear` layers of an `nn.Sequential`: a
/// [`Dense`] layer, or a [`Network`] of them (networks nest; their layers count in order).
///
/// Activations hold no tensors, in PyTorch (`nn.ReLU`, `nn.Tanh`, … are modules of their own
/// between the `nn.Linear` modules) as in constnet (the `A` of `Dense<T, IN, OUT, A>`), so a
/// safetensors file does not say which they are: the network's type does, and it must match
/// the model's (`nn.ReLU` ↔ [`Relu`](crate::Relu), no activation module ↔
/// [`Identity`](crate::Identity)).
///
/// Skip connections ([`Residual`](crate::Residual), [`Concat`](crate::Concat)) have the
/// parameters of their block but compute something else than an `nn.Sequential`, so they do
/// not implement this trait, and a network holding one does not compile with these functions:
///
/// ```compile_fail
/// use constnet::{from_safetensors, Dense, Network, Relu, Residual};
/// type Skip = Network<(Dense<f32, 4, 8, Relu>, Residual<Dense<f32, 8, 8, Relu>>)>;
/// let net: Skip = from_safetensors(&[])?; // error: `Residual<…>` has no counterpart …
/// # Ok::<(), constnet::TorchError>(())
/// ```
///
/// A layer of your own may implement it if it computes `g(x W + b)` from exactly two matrices
/// named `W` (`IN × OUT`, [`Role::Weight`]) and `b` (`1 × OUT`, [`Role::Bias`]), in that
/// order. The functions check the names, roles and shapes of the [`Parameters`] walk and
/// refuse anything else with [`TorchError::Unsupported`], but only the layer's author knows
/// that it computes what `nn.Linear` does.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no counterpart in a PyTorch `nn.Sequential` of `nn.Linear` layers",
    note = "only `Dense` layers, and networks of them, are read from and written to safetensors"
)]
pub trait Sequential: Parameters {}

impl<T: Real, const IN: usize, const OUT: usize, A: Activation> Sequential
    for Dense<T, IN, OUT, A>
{
}

macro_rules! tuple_sequential {
    (all: [$L0:ident $i0:tt $t0:ident $g0:ident $(, $L:ident $i:tt $t:ident $g:ident)*], $($unused:tt)*) => {
        impl<$L0: Sequential $(, $L: Sequential<Scalar = $L0::Scalar>)*> Sequential
            for Network<($L0, $($L,)*)>
        {
        }
    };
}

for_each_arity!(tuple_sequential);

/// A layer as PyTorch's `nn.Linear` sees it: its place in the network and its widths.
///
/// Prints as `layer 1 (Dense 4→2)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinearShape {
    /// The layer, counting from 0 (the `k` of the `k`-th `nn.Linear`).
    pub layer: usize,
    /// Its inputs, `IN`.
    pub inputs: usize,
    /// Its outputs, `OUT`.
    pub outputs: usize,
}

impl LinearShape {
    /// The shape PyTorch gives `weight`: `[OUT, IN]`.
    pub fn weight_shape(&self) -> Vec<usize> {
        vec![self.outputs, self.inputs]
    }

    /// The shape PyTorch gives `bias`: `[OUT]`.
    pub fn bias_shape(&self) -> Vec<usize> {
        vec![self.outputs]
    }
}

impl fmt::Display for LinearShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "layer {} (Dense {}→{})",
            self.layer, self.inputs, self.outputs
        )
    }
}

/// Why a network could not be read from or written to safetensors. Each error names the
/// tensor, what was expected and what was found.
#[derive(Debug)]
pub enum TorchError {
    /// Reading or writing the file failed.
    File(FileError),
    /// The file is larger than any safetensors file of this network can be: its parameters
    /// in `F64` after a header of [`MAX_HEADER_BYTES`]. Refused before it is read.
    TooLarge {
        /// The size of the file.
        bytes: u64,
        /// The most this network's file can need.
        limit: u64,
    },
    /// The header's declared length is over [`MAX_HEADER_BYTES`]. Refused before it is parsed.
    HeaderTooLarge {
        /// The length the file declares.
        bytes: u64,
        /// [`MAX_HEADER_BYTES`].
        limit: u64,
    },
    /// The bytes are not a valid safetensors file: the header is not JSON, or the offsets,
    /// shapes and dtypes it declares do not cover the data exactly.
    Format(SafeTensorError),
    /// A tensor whose name is not `<index>.weight` or `<index>.bias`: the file holds more than
    /// an `nn.Sequential` of `nn.Linear` layers (e.g. the running statistics of a batch norm).
    UnexpectedTensor {
        /// The first such name, in sorted order.
        tensor: String,
        /// How many more there are.
        others: usize,
    },
    /// The file holds another number of `nn.Linear` layers than the network has layers.
    LayerCount {
        /// The number of layers of the network.
        expected: usize,
        /// The module indices of the file's `nn.Linear` layers, in order.
        modules: Vec<u64>,
    },
    /// A layer's `weight` or `bias` is not in the file; a missing bias is an `nn.Linear` made
    /// with `bias=False`, which a [`Dense`] layer cannot represent.
    MissingTensor {
        /// The name it would have, e.g. `2.bias`.
        tensor: String,
        /// The layer it is for.
        layer: LinearShape,
        /// The shape it should have.
        shape: Vec<usize>,
    },
    /// A tensor's element type is not the network's. An `F32` tensor is read into an `f64`
    /// network (exactly: every `f32` is an `f64`), but an `F64` tensor is not rounded into an
    /// `f32` network, and no other type (`F16`, `BF16`, integers) is read.
    Dtype {
        /// The tensor, e.g. `0.weight`.
        tensor: String,
        /// Its element type.
        found: Dtype,
        /// The network's element type (`F32` or `F64`).
        expected: Dtype,
        /// The layer it is for.
        layer: LinearShape,
    },
    /// A tensor's shape is not its layer's: `[OUT, IN]` for `weight`, `[OUT]` for `bias`.
    Shape {
        /// The tensor, e.g. `2.weight`.
        tensor: String,
        /// Its shape.
        found: Vec<usize>,
        /// The layer's.
        expected: Vec<usize>,
        /// The layer it is for.
        layer: LinearShape,
    },
    /// A value in the file is NaN or infinite.
    NonFiniteTensor {
        /// The tensor, e.g. `0.weight`.
        tensor: String,
        /// The element's index in the tensor, as PyTorch writes it (`[row, column]` of
        /// `weight`).
        index: Vec<usize>,
        /// The value.
        value: f64,
        /// The parameter it would have been, e.g. `W⁰[1, 2]` (the transpose of `weight[2, 1]`).
        location: Location,
    },
    /// A parameter of the network being written is NaN or infinite.
    NonFiniteParameter {
        /// Where, e.g. `W¹[2, 0]`.
        location: Location,
    },
    /// A layer whose matrices are not a [`Dense`] layer's `W` and `b`: a layer of your own
    /// that implements [`Sequential`] without fitting it.
    Unsupported {
        /// The layer.
        layer: usize,
        /// The name of the matrix that does not fit.
        matrix: &'static str,
    },
    /// The module index step of [`to_safetensors`] is 0, or too large for the indices to fit
    /// in a `usize`.
    InvalidStep {
        /// The step given.
        step: usize,
    },
}

impl fmt::Display for TorchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(error) => write!(f, "{error}"),
            Self::TooLarge { bytes, limit } => write!(
                f,
                "the file has {bytes} bytes, more than the {limit} a safetensors file of this \
                 network can need (its parameters in F64 after a header of at most \
                 {MAX_HEADER_BYTES} bytes)"
            ),
            Self::HeaderTooLarge { bytes, limit } => write!(
                f,
                "the safetensors header declares {bytes} bytes, more than the limit of {limit}"
            ),
            Self::Format(error) => write!(f, "not a valid safetensors file: {error}"),
            Self::UnexpectedTensor { tensor, others } => {
                write!(f, "tensor {tensor} ")?;
                if *others > 0 {
                    write!(f, "(and {others} more) ")?;
                }
                write!(
                    f,
                    "is not the weight or bias of an nn.Linear in an nn.Sequential \
                     (`<index>.weight`, `<index>.bias`)"
                )
            }
            Self::LayerCount { expected, modules } => {
                write!(f, "the file holds {} nn.Linear layers", modules.len())?;
                if !modules.is_empty() {
                    f.write_str(" (modules ")?;
                    for (k, module) in modules.iter().enumerate() {
                        if k > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "{module}")?;
                    }
                    f.write_str(")")?;
                }
                write!(f, ", the network {expected} Dense layers")
            }
            Self::MissingTensor {
                tensor,
                layer,
                shape,
            } => {
                write!(
                    f,
                    "tensor {tensor} is missing: {layer} needs it, of shape {shape:?}"
                )?;
                if tensor.ends_with(".bias") {
                    f.write_str(
                        " (an nn.Linear made with bias=False has none; a Dense layer always has \
                         a bias)",
                    )?;
                }
                Ok(())
            }
            Self::Dtype {
                tensor,
                found,
                expected,
                layer,
            } => {
                write!(f, "tensor {tensor} has dtype {found}, expected {expected}")?;
                if *expected == Dtype::F64 {
                    f.write_str(" or F32")?;
                }
                write!(f, " for {layer}")?;
                if *found == Dtype::F64 && *expected == Dtype::F32 {
                    f.write_str(
                        " (F64 values are not rounded to f32: read them into an f64 network, \
                         or save the model after model.float())",
                    )?;
                }
                Ok(())
            }
            Self::Shape {
                tensor,
                found,
                expected,
                layer,
            } => write!(
                f,
                "tensor {tensor} has shape {found:?}, expected {expected:?} for {layer}"
            ),
            Self::NonFiniteTensor {
                tensor,
                index,
                value,
                location,
            } => write!(
                f,
                "tensor {tensor}{index:?} is {value}, which would be {location}; a network \
                 holding one is not loaded"
            ),
            Self::NonFiniteParameter { location } => write!(
                f,
                "parameter {location} is not finite; a network holding one is not saved"
            ),
            Self::Unsupported { layer, matrix } => write!(
                f,
                "matrix {matrix} of layer {layer} is not the W or b of a Dense layer, and has \
                 no nn.Linear tensor"
            ),
            Self::InvalidStep { step } => write!(
                f,
                "module index step {step}: layer k is written as module k × step, so the step \
                 is at least 1 and the indices fit in a usize"
            ),
        }
    }
}

impl std::error::Error for TorchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::File(error) => Some(error),
            Self::Format(error) => Some(error),
            _ => None,
        }
    }
}

impl From<FileError> for TorchError {
    fn from(error: FileError) -> Self {
        Self::File(error)
    }
}

/// The most bytes a safetensors file of `N` can need: the length prefix, a header of
/// [`MAX_HEADER_BYTES`], and every parameter in `F64`.
fn size_limit<N: Parameters>() -> u64 {
    let data = (N::COUNT as u64).saturating_mul(8);
    8u64.saturating_add(MAX_HEADER_BYTES).saturating_add(data)
}

/// The network's element type as a safetensors dtype.
fn dtype_of<T: Real>() -> Dtype {
    // `Real` is sealed to f32 and f64.
    if size_of::<T>() == 4 {
        Dtype::F32
    } else {
        Dtype::F64
    }
}

/// The layers of `network` as `nn.Linear` layers, from its [`Parameters`] walk: each layer
/// must be a `W` then a `b` of matching widths.
fn linear_shapes<N: Parameters>(network: &N) -> Result<Vec<LinearShape>, TorchError> {
    let mut shapes = Vec::new();
    let mut result = Ok(());
    let mut index = 0;
    network.visit(&mut |matrix: Descriptor, _| {
        if result.is_err() {
            return;
        }
        let layer = index / 2;
        let fits = match (index % 2, matrix.name, matrix.role) {
            (0, "W", Role::Weight { fan_in, fan_out }) => {
                let fits = matrix.rows == fan_in && matrix.columns == fan_out;
                if fits {
                    shapes.push(LinearShape {
                        layer,
                        inputs: fan_in,
                        outputs: fan_out,
                    });
                }
                fits
            }
            (1, "b", Role::Bias { fan_in, fan_out }) => {
                shapes
                    .last()
                    .is_some_and(|shape| shape.inputs == fan_in && shape.outputs == fan_out)
                    && matrix.rows == 1
                    && matrix.columns == fan_out
            }
            _ => false,
        };
        if !fits || matrix.layer != layer {
            result = Err(TorchError::Unsupported {
                layer: matrix.layer,
                matrix: matrix.name,
            });
        }
        index += 1;
    });
    result?;
    if index % 2 == 1 {
        // A last layer with a `W` and no `b`.
        let layer = index / 2;
        return Err(TorchError::Unsupported { layer, matrix: "W" });
    }
    Ok(shapes)
}

/// The name PyTorch's `state_dict` gives a tensor of module `module`.
fn tensor_name(module: u64, part: &str) -> String {
    format!("{module}.{part}")
}

/// `weight` and `bias` of one `nn.Linear` module in the file.
struct Linear<'data> {
    module: u64,
    weight: Option<safetensors::tensor::TensorView<'data>>,
    bias: Option<safetensors::tensor::TensorView<'data>>,
}

/// The module index and part of a `state_dict` key `<index>.weight` or `<index>.bias`. The
/// index is written as PyTorch writes it (no sign, no leading zero), so that two keys never
/// name one module.
fn parse_key(name: &str) -> Option<(u64, bool)> {
    let (index, part) = name.split_once('.')?;
    let is_weight = match part {
        "weight" => true,
        "bias" => false,
        _ => return None,
    };
    let canonical = !index.is_empty()
        && index.bytes().all(|b| b.is_ascii_digit())
        && (index == "0" || !index.starts_with('0'));
    if !canonical {
        return None;
    }
    Some((index.parse().ok()?, is_weight))
}

/// The file's `nn.Linear` modules, sorted by their numeric index (`10` after `9`, where
/// sorting the names as strings would put it after `1`).
fn linears<'data>(tensors: &SafeTensors<'data>) -> Result<Vec<Linear<'data>>, TorchError> {
    let mut unexpected: Vec<&str> = Vec::new();
    let mut modules: BTreeMap<u64, Linear<'data>> = BTreeMap::new();
    for (name, view) in tensors.iter() {
        let Some((module, is_weight)) = parse_key(name) else {
            unexpected.push(name);
            continue;
        };
        let linear = modules.entry(module).or_insert(Linear {
            module,
            weight: None,
            bias: None,
        });
        if is_weight {
            linear.weight = Some(view);
        } else {
            linear.bias = Some(view);
        }
    }
    // The header is a hash map: sort, so that the same file always gives the same error.
    unexpected.sort_unstable();
    if let Some(first) = unexpected.first() {
        return Err(TorchError::UnexpectedTensor {
            tensor: first.to_string(),
            others: unexpected.len() - 1,
        });
    }
    Ok(modules.into_values().collect())
}

/// The header's declared length, if the file is long enough to declare one.
fn header_length(bytes: &[u8]) -> Option<u64> {
    let prefix: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    Some(u64::from_le_bytes(prefix))
}

/// Parses a safetensors file of at most `limit` bytes.
///
/// The safetensors crate checks that the declared offsets cover the data exactly, but adds
/// the last offset to the header's length without checking for overflow, so a header whose
/// offsets reach past the file first is refused here (as the crate would refuse it).
fn parse(bytes: &[u8], limit: u64) -> Result<SafeTensors<'_>, TorchError> {
    let size = bytes.len() as u64;
    if size > limit {
        return Err(TorchError::TooLarge { bytes: size, limit });
    }
    if let Some(declared) = header_length(bytes) {
        if declared > MAX_HEADER_BYTES {
            return Err(TorchError::HeaderTooLarge {
                bytes: declared,
                limit: MAX_HEADER_BYTES,
            });
        }
        // No overflow: `declared` is at most MAX_HEADER_BYTES.
        let end = 8 + declared as usize;
        if let Some(header) = bytes.get(8..end) {
            let data = (bytes.len() - end) as u64;
            if let Some(name) = offset_past_end(header, data) {
                return Err(TorchError::Format(SafeTensorError::InvalidOffset(name)));
            }
        }
    }
    SafeTensors::deserialize(bytes).map_err(TorchError::Format)
}

/// The name of a tensor whose declared data offsets reach past `data` bytes, if any. A
/// header that is not a JSON object of tensors is left to the safetensors crate to refuse.
fn offset_past_end(header: &[u8], data: u64) -> Option<String> {
    let serde_json::Value::Object(entries) = serde_json::from_slice(header).ok()? else {
        return None;
    };
    let mut past: Vec<&String> = entries
        .iter()
        .filter(|(name, _)| name.as_str() != "__metadata__")
        .filter(|(_, info)| {
            info.get("data_offsets")
                .and_then(|offsets| offsets.as_array())
                .is_some_and(|offsets| {
                    offsets
                        .iter()
                        .any(|offset| offset.as_u64().is_some_and(|offset| offset > data))
                })
        })
        .map(|(name, _)| name)
        .collect();
    past.sort_unstable();
    past.first().map(|name| name.to_string())
}

/// One tensor of the file, checked against the matrix it is read into.
struct Source<'data> {
    name: String,
    view: safetensors::tensor::TensorView<'data>,
    layer: LinearShape,
    is_weight: bool,
}

/// Checks that `view` is present, of an element type the network reads and of `shape`.
fn check_tensor<'data>(
    view: Option<safetensors::tensor::TensorView<'data>>,
    name: String,
    shape: Vec<usize>,
    layer: LinearShape,
    network: Dtype,
) -> Result<safetensors::tensor::TensorView<'data>, TorchError> {
    let Some(view) = view else {
        return Err(TorchError::MissingTensor {
            tensor: name,
            layer,
            shape,
        });
    };
    let readable = view.dtype() == network || (view.dtype() == Dtype::F32 && network == Dtype::F64);
    if !readable {
        return Err(TorchError::Dtype {
            tensor: name,
            found: view.dtype(),
            expected: network,
            layer,
        });
    }
    if view.shape() != shape.as_slice() {
        return Err(TorchError::Shape {
            tensor: name,
            found: view.shape().to_vec(),
            expected: shape,
            layer,
        });
    }
    Ok(view)
}

/// The values of an `F32` or `F64` tensor, in its row-major order, as `f64` (exactly).
fn decode(view: &safetensors::tensor::TensorView<'_>) -> Vec<f64> {
    let data = view.data();
    match view.dtype() {
        Dtype::F32 => data
            .chunks_exact(4)
            .filter_map(|bytes| bytes.try_into().ok())
            .map(|bytes| f64::from(f32::from_le_bytes(bytes)))
            .collect(),
        Dtype::F64 => data
            .chunks_exact(8)
            .filter_map(|bytes| bytes.try_into().ok())
            .map(f64::from_le_bytes)
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads the bytes of a safetensors file into `network`, in place. Nothing is written unless
/// every tensor is there, of the right dtype and shape, and finite: on an error the network
/// is as it was.
///
/// The `k`-th `nn.Linear` of the file, in the order of its module index (`0`, `2`, `4` for
/// `nn.Sequential(Linear, ReLU, Linear, ReLU, Linear)`), becomes layer `k`: `W = weightᵀ`,
/// `b = bias`. The keys must be exactly `<index>.weight` and `<index>.bias` (save the
/// `nn.Sequential` itself, not a module holding it, whose keys have a prefix). Only `F32`
/// and `F64` tensors are read, and an `F64` tensor only into an `f64` network; see
/// [`TorchError`] for everything that is checked.
///
/// ```
/// use constnet::{read_safetensors, to_safetensors, Dense, Identity, Network, Relu};
/// type Net = Network<(Dense<f32, 2, 3, Relu>, Dense<f32, 3, 1, Identity>)>;
/// let net: Net = Network::new((
///     Dense::from_rows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [0.5, 0.0, -0.5]),
///     Dense::from_rows([[1.0], [-1.0], [0.25]], [2.0]),
/// ));
/// // As nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)): modules 0 and 2.
/// let bytes = to_safetensors(&net, 2)?;
/// let mut back = Net::default();
/// read_safetensors(&mut back, &bytes)?;
/// assert_eq!(back, net);
/// # Ok::<(), constnet::TorchError>(())
/// ```
pub fn read_safetensors<N: Sequential>(network: &mut N, bytes: &[u8]) -> Result<(), TorchError> {
    let shapes = linear_shapes(network)?;
    let tensors = parse(bytes, size_limit::<N>())?;
    let modules = linears(&tensors)?;
    if modules.len() != shapes.len() {
        return Err(TorchError::LayerCount {
            expected: shapes.len(),
            modules: modules.iter().map(|linear| linear.module).collect(),
        });
    }
    let dtype = dtype_of::<N::Scalar>();
    let mut sources = Vec::with_capacity(2 * shapes.len());
    for (layer, linear) in shapes.iter().zip(modules) {
        let name = tensor_name(linear.module, "weight");
        let view = check_tensor(
            linear.weight,
            name.clone(),
            layer.weight_shape(),
            *layer,
            dtype,
        )?;
        sources.push(Source {
            name,
            view,
            layer: *layer,
            is_weight: true,
        });
        let name = tensor_name(linear.module, "bias");
        let view = check_tensor(linear.bias, name.clone(), layer.bias_shape(), *layer, dtype)?;
        sources.push(Source {
            name,
            view,
            layer: *layer,
            is_weight: false,
        });
    }

    // Every value, checked before any is written; at most the network's parameter count.
    let mut all = Vec::with_capacity(N::COUNT);
    for source in &sources {
        let values = decode(&source.view);
        if let Some((offset, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            let inputs = source.layer.inputs.max(1);
            let (index, location) = if source.is_weight {
                // weight[o, i] is W[i, o].
                let (o, i) = (offset / inputs, offset % inputs);
                (vec![o, i], ("W", i, o))
            } else {
                (vec![offset], ("b", 0, offset))
            };
            return Err(TorchError::NonFiniteTensor {
                tensor: source.name.clone(),
                index,
                value,
                location: Location {
                    name: location.0,
                    layer: source.layer.layer,
                    row: location.1,
                    column: location.2,
                },
            });
        }
        all.push(values);
    }

    // The walk's matrices are the sources, in the same order and of the same lengths.
    let mut next = all.iter();
    network.visit_mut(&mut |_, elements| {
        if let Some(values) = next.next() {
            for (element, value) in elements.iter_mut().zip(values) {
                // Exact: an f32 network only reads F32 values.
                *element = N::Scalar::lit(*value);
            }
        }
    });
    Ok(())
}

/// A network read from the bytes of a safetensors file: [`read_safetensors`] into a fresh
/// network, built on the stack (for a large network, read into one from
/// [`boxed_zeroed`](crate::boxed_zeroed) instead).
pub fn from_safetensors<N: Sequential + Default>(bytes: &[u8]) -> Result<N, TorchError> {
    let mut network = N::default();
    read_safetensors(&mut network, bytes)?;
    Ok(network)
}

/// Reads `path` into `network`, in place: [`read_safetensors`] on the file's bytes. A file
/// larger than this network's can be is refused before it is read.
pub fn load_safetensors_into<N: Sequential>(
    path: impl AsRef<Path>,
    network: &mut N,
) -> Result<(), TorchError> {
    let path = path.as_ref();
    let io = |source| {
        TorchError::File(FileError::Io {
            path: path.to_path_buf(),
            source,
        })
    };
    let limit = size_limit::<N>();
    let file = File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(TorchError::TooLarge { bytes: size, limit });
    }
    // The file may grow after its size was read: never read more than the limit and a byte.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    read_safetensors(network, &bytes)
}

/// A network read from the safetensors file at `path`, as
/// `safetensors.torch.save_file(model.state_dict(), path)` writes it for an `nn.Sequential`
/// of `nn.Linear` layers; see [`read_safetensors`].
///
/// ```no_run
/// use constnet::{load_safetensors, Dense, Identity, Network, Relu};
/// // nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
/// type Net = Network<(Dense<f32, 4, 8, Relu>, Dense<f32, 8, 3, Identity>)>;
/// let net: Net = load_safetensors("model.safetensors")?;
/// # Ok::<(), constnet::TorchError>(())
/// ```
pub fn load_safetensors<N: Sequential + Default>(path: impl AsRef<Path>) -> Result<N, TorchError> {
    let mut network = N::default();
    load_safetensors_into(path, &mut network)?;
    Ok(network)
}

/// One tensor to write.
struct Tensor {
    dtype: Dtype,
    shape: Vec<usize>,
    data: Vec<u8>,
}

impl View for &Tensor {
    fn dtype(&self) -> Dtype {
        self.dtype
    }

    fn shape(&self) -> &[usize] {
        &self.shape
    }

    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.data)
    }

    fn data_len(&self) -> usize {
        self.data.len()
    }
}

/// The bytes of a safetensors file holding `network` as PyTorch's `nn.Sequential` of
/// `nn.Linear` layers would: layer `k` as `<k × step>.weight` (`Wᵀ`, shape `[OUT, IN]`) and
/// `<k × step>.bias` (shape `[OUT]`), in `F32` for an `f32` network and `F64` for an `f64`
/// one.
///
/// `step` is the distance between the module indices of consecutive `nn.Linear` layers in the
/// model that will load it: 1 for `nn.Sequential(Linear, Linear)`, 2 for
/// `nn.Sequential(Linear, ReLU, Linear)` (whose keys are `0.*` and `2.*`). PyTorch reads it with
/// `model.load_state_dict(safetensors.torch.load_file(path))`; for an `f64` network, after
/// `model.double()`.
///
/// The file has no metadata: it says nothing of the activations, which the PyTorch model
/// holds as modules of its own.
pub fn to_safetensors<N: Sequential>(network: &N, step: usize) -> Result<Vec<u8>, TorchError> {
    let shapes = linear_shapes(network)?;
    if step == 0 || shapes.len().checked_mul(step).is_none() {
        return Err(TorchError::InvalidStep { step });
    }
    let dtype = dtype_of::<N::Scalar>();
    let mut tensors: Vec<(String, Tensor)> = Vec::with_capacity(2 * shapes.len());
    let mut non_finite = None;
    network.visit(&mut |matrix, elements| {
        if let Some(offset) = elements.iter().position(|v| !v.is_finite()) {
            non_finite = non_finite.or(Some(matrix.entry(offset)));
        }
        let Some(layer) = shapes.get(matrix.layer) else {
            return;
        };
        let module = (layer.layer * step) as u64;
        let (name, shape) = if matrix.name == "W" {
            (tensor_name(module, "weight"), layer.weight_shape())
        } else {
            (tensor_name(module, "bias"), layer.bias_shape())
        };
        // `W` column by column is `weight` row by row.
        let mut data = Vec::with_capacity(size_of_val(elements));
        for &value in elements {
            let value = value.to_f64();
            if dtype == Dtype::F32 {
                // Exact: the value is an f32.
                data.extend_from_slice(&(value as f32).to_le_bytes());
            } else {
                data.extend_from_slice(&value.to_le_bytes());
            }
        }
        tensors.push((name, Tensor { dtype, shape, data }));
    });
    if let Some(location) = non_finite {
        return Err(TorchError::NonFiniteParameter { location });
    }
    // No metadata: its map type depends on the safetensors crate's features, which another
    // crate in the build may turn on, and PyTorch needs none.
    safetensors::serialize(tensors.iter().map(|(name, tensor)| (name, tensor)), None)
        .map_err(TorchError::Format)
}

/// Saves `network` to `path` as [`to_safetensors`] writes it, atomically (see
/// [`save_atomically`](crate::save_atomically)).
///
/// ```
/// use constnet::{load_safetensors, save_safetensors, Dense, Network, Tanh};
/// type Net = Network<(Dense<f64, 2, 1, Tanh>,)>;
/// let net: Net = Network::new((Dense::from_rows([[0.5], [-1.0]], [0.25]),));
/// let path = std::env::temp_dir().join(format!("constnet-doc-{}.safetensors", std::process::id()));
/// save_safetensors(&path, &net, 1)?;
/// assert_eq!(load_safetensors::<Net>(&path)?, net);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), constnet::TorchError>(())
/// ```
pub fn save_safetensors<N: Sequential>(
    path: impl AsRef<Path>,
    network: &N,
    step: usize,
) -> Result<(), TorchError> {
    let bytes = to_safetensors(network, step)?;
    crate::save_atomically(path.as_ref(), &bytes)?;
    Ok(())
}
