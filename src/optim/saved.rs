//! An optimizer's rule, step count and state through serde, so that training resumes where it
//! stopped, bit for bit.

use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::{Rule, Stateful};
use crate::saved::{Architecture, Displayed, Matrices, MatricesSeed, NameSeed, Text, FORMAT};
use crate::{Layer, Parameters};

/// The fields of a saved optimizer, in order.
const FIELDS: [&str; 5] = ["format", "architecture", "rule", "steps", "state"];

/// Saved as `{ format, architecture, rule, steps, state }`: the architecture of the network
/// the state belongs to, the rule's hyperparameters, the step count, and each value of state
/// as a map of matrices like a network's parameters.
impl<N, R, const K: usize, const M: usize> Serialize for Stateful<N, R, K, M>
where
    N: Layer,
    N::Scalar: Serialize,
    R: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut saved = serializer.serialize_struct("Optimizer", FIELDS.len())?;
        saved.serialize_field("format", FORMAT)?;
        saved.serialize_field("architecture", &Displayed(&Architecture::<N>::new()))?;
        saved.serialize_field("rule", &self.rule)?;
        saved.serialize_field("steps", &self.steps)?;
        saved.serialize_field("state", &State(self.state.values()))?;
        saved.end()
    }
}

impl<N: Layer, R, const K: usize, const M: usize> crate::Saved for Stateful<N, R, K, M> {
    fn write_architecture(out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "{}", Architecture::<N>::new())
    }
}

/// The values of state, in the order of [`Rule::STATE`].
struct State<'a, G>(&'a [G]);

impl<G: Parameters> Serialize for State<'_, G>
where
    G::Scalar: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut values = serializer.serialize_seq(Some(self.0.len()))?;
        for value in self.0 {
            values.serialize_element(&Matrices(value))?;
        }
        values.end()
    }
}

/// Loads an optimizer saved for the same network architecture; its rule comes from the file.
impl<'de, N, R, const K: usize, const M: usize> Deserialize<'de> for Stateful<N, R, K, M>
where
    N: Layer,
    N::Scalar: Deserialize<'de>,
    R: Rule<N::Scalar, K> + Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Optimizer", &FIELDS, OptimizerVisitor::<Self>(None))
    }
}

struct OptimizerVisitor<O>(Option<O>);

impl<'de, N, R, const K: usize, const M: usize> Visitor<'de>
    for OptimizerVisitor<Stateful<N, R, K, M>>
where
    N: Layer,
    N::Scalar: Deserialize<'de>,
    R: Rule<N::Scalar, K> + Deserialize<'de>,
{
    type Value = Stateful<N, R, K, M>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a saved optimizer for `{}`", Architecture::<N>::new())
    }

    // postcard and other formats without field names: the fields in order.
    fn visit_seq<S: SeqAccess<'de>>(self, mut fields: S) -> Result<Self::Value, S::Error> {
        let missing = || de::Error::custom("the saved optimizer ends early");
        let architecture = Architecture::<N>::new();
        fields
            .next_element_seed(Text::Format)?
            .ok_or_else(missing)?;
        fields
            .next_element_seed(Text::Architecture(&architecture))?
            .ok_or_else(missing)?;
        let rule: R = fields.next_element()?.ok_or_else(missing)?;
        let steps: u64 = fields.next_element()?.ok_or_else(missing)?;
        let mut optimizer = Stateful::from_rule(rule).map_err(de::Error::custom)?;
        optimizer.steps = steps;
        fields
            .next_element_seed(StateSeed(optimizer.state.values_mut()))?
            .ok_or_else(missing)?;
        Ok(optimizer)
    }

    // JSON and other formats with field names: the fields in the order they are saved in,
    // since the state is read into the optimizer that the rule builds.
    fn visit_map<A: MapAccess<'de>>(self, mut fields: A) -> Result<Self::Value, A::Error> {
        let architecture = Architecture::<N>::new();
        expect_key(&mut fields, "format")?;
        fields.next_value_seed(Text::Format)?;
        expect_key(&mut fields, "architecture")?;
        fields.next_value_seed(Text::Architecture(&architecture))?;
        expect_key(&mut fields, "rule")?;
        let rule: R = fields.next_value()?;
        expect_key(&mut fields, "steps")?;
        let steps: u64 = fields.next_value()?;
        expect_key(&mut fields, "state")?;
        let mut optimizer = Stateful::from_rule(rule).map_err(de::Error::custom)?;
        optimizer.steps = steps;
        fields.next_value_seed(StateSeed(optimizer.state.values_mut()))?;
        Ok(optimizer)
    }
}

/// The next key of `fields`, which must be `expected`.
fn expect_key<'de, A: MapAccess<'de>>(fields: &mut A, expected: &str) -> Result<(), A::Error> {
    match fields.next_key_seed(NameSeed(expected))? {
        Some(()) => Ok(()),
        None => Err(de::Error::custom(format_args!(
            "field `{expected}` is missing"
        ))),
    }
}

/// The values of state, read in place.
struct StateSeed<'a, G>(&'a mut [G]);

impl<'de, G: Parameters> DeserializeSeed<'de> for StateSeed<'_, G>
where
    G::Scalar: Deserialize<'de>,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, G: Parameters> Visitor<'de> for StateSeed<'_, G>
where
    G::Scalar: Deserialize<'de>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} values of state", self.0.len())
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut values: S) -> Result<(), S::Error> {
        let count = self.0.len();
        for (k, value) in self.0.iter_mut().enumerate() {
            if values.next_element_seed(MatricesSeed(value))?.is_none() {
                return Err(de::Error::custom(format_args!(
                    "{count} values of state expected, found {k}"
                )));
            }
        }
        if values.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(format_args!(
                "{count} values of state expected, found more"
            )));
        }
        Ok(())
    }
}
