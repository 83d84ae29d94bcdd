//! Networks and optimizer state through serde: every matrix under its lecture name, row by
//! row, after the architecture it belongs to, which loading checks. No heap is needed, so
//! `postcard` saves and loads on a microcontroller too.

use core::fmt::{self, Write};
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::parameters::Superscript;
use crate::{Descriptor, Layer, Network, Parameters};

/// What a saved network starts with, so that a file of something else is refused at once.
pub(crate) const FORMAT: &str = "constnet/1";

/// A value saved with the architecture it belongs to: a network, or an optimizer's state for
/// one. Loading checks the architecture before anything else.
pub trait Saved {
    /// Writes the architecture: the scalar type and the layers' kinds,
    /// `f32: Dense 2→3 sigmoid, Dense 3→2 sigmoid`.
    fn write_architecture(out: &mut dyn Write) -> fmt::Result;
}

impl<L> Saved for Network<L>
where
    Self: Layer,
{
    fn write_architecture(out: &mut dyn Write) -> fmt::Result {
        write!(out, "{}", Architecture::<Self>::new())
    }
}

/// The architecture of network `N` as it is saved.
pub(crate) struct Architecture<N>(PhantomData<N>);

impl<N> Architecture<N> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<N: Layer> fmt::Display for Architecture<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scalar = core::any::type_name::<N::Scalar>();
        write!(f, "{scalar}: ")?;
        N::write_architecture(f)
    }
}

/// Whether `text` is exactly what `display` writes, compared piece by piece as it is written,
/// so that no buffer is needed.
pub(crate) fn writes_exactly(display: &dyn fmt::Display, text: &str) -> bool {
    struct Matches<'a>(Option<&'a str>);
    impl Write for Matches<'_> {
        fn write_str(&mut self, piece: &str) -> fmt::Result {
            self.0 = self.0.and_then(|rest| rest.strip_prefix(piece));
            Ok(())
        }
    }
    let mut matches = Matches(Some(text));
    write!(matches, "{display}").is_ok() && matches.0 == Some("")
}

/// A matrix's key: its name and layer, as the lecture writes them (`W¹`).
struct MatrixName(Descriptor);

impl fmt::Display for MatrixName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.0.name, Superscript(self.0.layer))
    }
}

impl Serialize for MatrixName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Every matrix of a value laid out like parameters, as a map from its name to its rows.
pub(crate) struct Matrices<'a, P>(pub(crate) &'a P);

impl<P: Parameters> Serialize for Matrices<'_, P>
where
    P::Scalar: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(matrix_count(self.0)))?;
        let mut result = Ok(());
        self.0.visit(&mut |matrix, values| {
            if result.is_ok() {
                result = map.serialize_entry(&MatrixName(matrix), &Rows { matrix, values });
            }
        });
        result?;
        map.end()
    }
}

fn matrix_count<P: Parameters>(value: &P) -> usize {
    let mut count = 0;
    value.visit(&mut |_, _| count += 1);
    count
}

/// A column-major matrix written row by row, as `Dense::from_rows` takes it.
struct Rows<'a, T> {
    matrix: Descriptor,
    values: &'a [T],
}

impl<T: Serialize + crate::Real> Serialize for Rows<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        if let Some(offset) = self.values.iter().position(|v| !v.is_finite()) {
            let place = self.matrix.entry(offset);
            return Err(S::Error::custom(format_args!(
                "parameter {place} is not finite; a network holding one is not saved"
            )));
        }
        let mut rows = serializer.serialize_seq(Some(self.matrix.rows))?;
        for row in 0..self.matrix.rows {
            rows.serialize_element(&Row {
                values: self.values,
                rows: self.matrix.rows,
                row,
            })?;
        }
        rows.end()
    }
}

/// Row `row` of a column-major matrix with `rows` rows.
struct Row<'a, T> {
    values: &'a [T],
    rows: usize,
    row: usize,
}

impl<T: Serialize> Serialize for Row<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let columns = self.values.len() / self.rows.max(1);
        let mut row = serializer.serialize_seq(Some(columns))?;
        for value in self.values.iter().skip(self.row).step_by(self.rows.max(1)) {
            row.serialize_element(value)?;
        }
        row.end()
    }
}

/// Reads a map written by [`Matrices`] into `value`, in place, checking every name, shape and
/// number.
pub(crate) struct MatricesSeed<'a, P>(pub(crate) &'a mut P);

impl<'de, P: Parameters> DeserializeSeed<'de> for MatricesSeed<'_, P>
where
    P::Scalar: Deserialize<'de>,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, P: Parameters> Visitor<'de> for MatricesSeed<'_, P>
where
    P::Scalar: Deserialize<'de>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map from each matrix's name to its rows")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let count = matrix_count(self.0);
        for index in 0..count {
            let Some((matrix, values)) = nth_matrix(self.0, index) else {
                break;
            };
            let key = map.next_key_seed(NameSeed(MatrixName(matrix)))?;
            if key.is_none() {
                return Err(de::Error::custom(format_args!(
                    "matrix {} is missing",
                    MatrixName(matrix)
                )));
            }
            map.next_value_seed(RowsSeed { matrix, values })?;
        }
        if map.next_key::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(format_args!(
                "more matrices than the {count} of this network"
            )));
        }
        Ok(())
    }
}

/// Matrix `index` in the walk's order, writable.
fn nth_matrix<P: Parameters>(
    value: &mut P,
    index: usize,
) -> Option<(Descriptor, &mut [P::Scalar])> {
    let mut found = None;
    let mut k = 0;
    value.visit_mut(&mut |matrix, values| {
        if k == index {
            found = Some((matrix, values));
        }
        k += 1;
    });
    found
}

/// A map key that must be `expected`'s text.
pub(crate) struct NameSeed<D>(pub(crate) D);

impl<'de, D: fmt::Display> DeserializeSeed<'de> for NameSeed<D> {
    type Value = ();

    fn deserialize<De: Deserializer<'de>>(self, deserializer: De) -> Result<(), De::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<D: fmt::Display> Visitor<'_> for NameSeed<D> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the name `{}`", self.0)
    }

    fn visit_str<E: de::Error>(self, found: &str) -> Result<(), E> {
        if writes_exactly(&self.0, found) {
            Ok(())
        } else {
            Err(E::custom(format_args!(
                "expected `{}`, found `{found}`",
                self.0
            )))
        }
    }
}

/// The rows of one matrix, written into its column-major elements.
struct RowsSeed<'a, T> {
    matrix: Descriptor,
    values: &'a mut [T],
}

impl<'de, T: Deserialize<'de> + crate::Real> DeserializeSeed<'de> for RowsSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de> + crate::Real> Visitor<'de> for RowsSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} rows of {} numbers for {}",
            self.matrix.rows,
            self.matrix.columns,
            MatrixName(self.matrix)
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut rows: A) -> Result<(), A::Error> {
        let Self { matrix, values } = self;
        for row in 0..matrix.rows {
            let seed = RowSeed {
                matrix,
                row,
                values: &mut *values,
            };
            if rows.next_element_seed(seed)?.is_none() {
                return Err(de::Error::custom(format_args!(
                    "{} has {} rows, found {row}",
                    MatrixName(matrix),
                    matrix.rows
                )));
            }
        }
        if rows.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(format_args!(
                "{} has {} rows, found more",
                MatrixName(matrix),
                matrix.rows
            )));
        }
        Ok(())
    }
}

/// Row `row` of a matrix.
struct RowSeed<'a, T> {
    matrix: Descriptor,
    row: usize,
    values: &'a mut [T],
}

impl<'de, T: Deserialize<'de> + crate::Real> DeserializeSeed<'de> for RowSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de> + crate::Real> Visitor<'de> for RowSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a row of {} numbers", self.matrix.columns)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut numbers: A) -> Result<(), A::Error> {
        let Self {
            matrix,
            row,
            values,
        } = self;
        let name = MatrixName(matrix);
        for column in 0..matrix.columns {
            let Some(value) = numbers.next_element::<T>()? else {
                return Err(de::Error::custom(format_args!(
                    "row {row} of {name} has {} numbers, found {column}",
                    matrix.columns
                )));
            };
            if !value.is_finite() {
                return Err(de::Error::custom(format_args!(
                    "parameter {name}[{row}, {column}] is not finite"
                )));
            }
            if let Some(slot) = values.get_mut(row + column * matrix.rows) {
                *slot = value;
            }
        }
        if numbers.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(format_args!(
                "row {row} of {name} has {} numbers, found more",
                matrix.columns
            )));
        }
        Ok(())
    }
}

/// Saved as `{ format, architecture, parameters }`: the architecture names the scalar and
/// every layer, the parameters map each matrix's name (`W⁰`, `b⁰`, …) to its rows.
///
/// ```
/// use constnet::{Dense, Network, Sigmoid};
/// let net = Network::new((Dense::<f64, 2, 1, Sigmoid>::from_rows([[0.5], [-1.0]], [0.25]),));
/// let json = serde_json::to_string(&net)?;
/// assert_eq!(
///     json,
///     r#"{"format":"constnet/1","architecture":"f64: Dense 2→1 sigmoid","parameters":{"W⁰":[[0.5],[-1.0]],"b⁰":[[0.25]]}}"#
/// );
/// let back: Network<(Dense<f64, 2, 1, Sigmoid>,)> = serde_json::from_str(&json)?;
/// assert_eq!(back, net);
/// // Another architecture is refused, naming both.
/// let error = serde_json::from_str::<Network<(Dense<f64, 2, 2, Sigmoid>,)>>(&json).unwrap_err();
/// assert!(error.to_string().contains("`f64: Dense 2→1 sigmoid`, not `f64: Dense 2→2 sigmoid`"));
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<L> Serialize for Network<L>
where
    Self: Layer,
    <Self as Parameters>::Scalar: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut saved = serializer.serialize_struct("Network", 3)?;
        saved.serialize_field("format", FORMAT)?;
        saved.serialize_field("architecture", &Displayed(&Architecture::<Self>::new()))?;
        saved.serialize_field("parameters", &Matrices(self))?;
        saved.end()
    }
}

/// Loads into a fresh network, so a failed load leaves nothing half written.
impl<'de, L> Deserialize<'de> for Network<L>
where
    Self: Layer + Default,
    <Self as Parameters>::Scalar: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut network = Self::default();
        SavedNetwork {
            architecture: Architecture::<Self>::new(),
            parameters: &mut network,
        }
        .deserialize(deserializer)?;
        Ok(network)
    }
}

/// A `Display` value serialized as a string.
pub(crate) struct Displayed<'a>(pub(crate) &'a dyn fmt::Display);

impl Serialize for Displayed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// Reads `{ format, architecture, parameters }` into `parameters`, checking the format and
/// the architecture against `architecture`.
struct SavedNetwork<'a, A, P> {
    architecture: A,
    parameters: &'a mut P,
}

impl<'de, A: fmt::Display, P: Parameters> DeserializeSeed<'de> for SavedNetwork<'_, A, P>
where
    P::Scalar: Deserialize<'de>,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_struct("Network", &FIELDS, self)
    }
}

/// The fields of a saved network, in order.
const FIELDS: [&str; 3] = ["format", "architecture", "parameters"];

impl<'de, A: fmt::Display, P: Parameters> Visitor<'de> for SavedNetwork<'_, A, P>
where
    P::Scalar: Deserialize<'de>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a saved constnet network `{}`", self.architecture)
    }

    // postcard and other formats without field names: the fields in order.
    fn visit_seq<S: SeqAccess<'de>>(self, mut fields: S) -> Result<(), S::Error> {
        let missing = || de::Error::custom("the saved network ends early");
        fields
            .next_element_seed(Text::Format)?
            .ok_or_else(missing)?;
        fields
            .next_element_seed(Text::Architecture(&self.architecture))?
            .ok_or_else(missing)?;
        fields
            .next_element_seed(MatricesSeed(self.parameters))?
            .ok_or_else(missing)
    }

    // JSON and other formats with field names: any order, each field once.
    fn visit_map<M: MapAccess<'de>>(self, mut fields: M) -> Result<(), M::Error> {
        let mut seen = [false; 3];
        while let Some(field) = fields.next_key::<Field>()? {
            let index = field as usize;
            if core::mem::replace(&mut seen[index], true) {
                return Err(de::Error::custom(format_args!(
                    "field `{}` appears twice",
                    FIELDS[index]
                )));
            }
            match field {
                Field::Format => fields.next_value_seed(Text::Format)?,
                Field::Architecture => {
                    fields.next_value_seed(Text::Architecture(&self.architecture))?
                }
                Field::Parameters => fields.next_value_seed(MatricesSeed(&mut *self.parameters))?,
            }
        }
        if let Some(index) = seen.iter().position(|seen| !seen) {
            return Err(de::Error::custom(format_args!(
                "field `{}` is missing",
                FIELDS[index]
            )));
        }
        Ok(())
    }
}

/// The fields of a saved network.
#[derive(Clone, Copy, Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Field {
    Format,
    Architecture,
    Parameters,
}

/// A string field that must say something: the format, or the architecture of the type
/// being loaded.
pub(crate) enum Text<'a> {
    Format,
    Architecture(&'a dyn fmt::Display),
}

impl<'de> DeserializeSeed<'de> for Text<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Text<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Format => write!(f, "the format `{FORMAT}`"),
            Self::Architecture(expected) => write!(f, "the architecture `{expected}`"),
        }
    }

    fn visit_str<E: de::Error>(self, found: &str) -> Result<(), E> {
        match self {
            Self::Format if found == FORMAT => Ok(()),
            Self::Format => Err(E::custom(format_args!(
                "not a saved constnet network: format `{found}`, expected `{FORMAT}`"
            ))),
            Self::Architecture(expected) if writes_exactly(expected, found) => Ok(()),
            Self::Architecture(expected) => Err(E::custom(format_args!(
                "the saved network is `{found}`, not `{expected}`"
            ))),
        }
    }
}
