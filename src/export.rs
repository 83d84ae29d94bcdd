//! Writing a trained network as Rust source: a `const` item that rebuilds it bit for bit, so
//! weights trained on a host can be compiled into a firmware image and live in flash.
//!
//! Floats are written with Rust's shortest round-trip formatting (`{:?}`), which the compiler
//! parses back to the same bits, and fixed-point values as `Q16_16::from_bits(n)`, their raw
//! integers. Non-finite parameters (and saturated fixed-point ones) are rejected with their
//! location.

use core::any::type_name;
use core::fmt::{self, Write};

use crate::tuples::for_each_arity;
use crate::{Activation, Dense, Location, Network, Parameters, Real};

/// A layer or network that can write itself as Rust source: its type, and a `const`
/// expression equal to it.
///
/// The source names types as `constnet` exports them (`Network`, `Dense`, `Sigmoid`, …), so
/// the module it is written into imports them. An activation is named by the last segment of
/// its path, so a custom activation must be in scope there too.
pub trait RustSource {
    /// Writes the type, e.g. `Dense<f32, 2, 3, Sigmoid>`.
    fn write_type(out: &mut dyn Write) -> fmt::Result;

    /// Writes an expression, valid in a `const`, that rebuilds `self` exactly. `indent` is
    /// the indentation (in spaces) of the line the expression starts on.
    fn write_value(&self, out: &mut dyn Write, indent: usize) -> fmt::Result;
}

/// Why a network could not be written as Rust source.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ExportError {
    /// The item name is not a Rust identifier.
    InvalidName,
    /// A parameter is NaN or infinite, or in fixed point saturated (at either end of the
    /// range): a float has no literal then, and a network holding one is not worth baking.
    NonFinite {
        /// Where the parameter is, e.g. `W¹[2, 0]`.
        location: Location,
    },
    /// The writer failed.
    Write,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidName => write!(f, "the name of the const is not a Rust identifier"),
            Self::NonFinite { location } => {
                write!(
                    f,
                    "parameter {location} is not finite (NaN, infinite, or a saturated fixed-point value)"
                )
            }
            Self::Write => write!(f, "the writer failed"),
        }
    }
}

impl core::error::Error for ExportError {}

impl From<fmt::Error> for ExportError {
    fn from(_: fmt::Error) -> Self {
        Self::Write
    }
}

/// Writes `pub const NAME: Type = …;` for `network`, ending with a newline.
///
/// Nothing is written when the name or a parameter is rejected.
///
/// ```
/// use constnet::{write_rust_const, Dense, Network, Sigmoid};
///
/// let net = Network::new((Dense::<f32, 2, 1, Sigmoid>::from_rows([[0.5], [-1.25]], [0.1]),));
/// let mut source = String::new();
/// write_rust_const(&mut source, "TINY", &net)?;
/// assert_eq!(
///     source,
///     "pub const TINY: Network<(Dense<f32, 2, 1, Sigmoid>,)> = Network::new((\n    \
///      Dense::from_rows(\n        [\n            [0.5],\n            [-1.25],\n        ],\n        \
///      [0.1],\n    ),\n));\n"
/// );
/// # Ok::<(), constnet::ExportError>(())
/// ```
pub fn write_rust_const<N, W>(out: &mut W, name: &str, network: &N) -> Result<(), ExportError>
where
    N: RustSource + Parameters,
    W: Write,
{
    if !is_identifier(name) {
        return Err(ExportError::InvalidName);
    }
    if let Some(location) = first_non_finite(network) {
        return Err(ExportError::NonFinite { location });
    }
    write!(out, "pub const {name}: ")?;
    N::write_type(out)?;
    out.write_str(" = ")?;
    network.write_value(out, 0)?;
    out.write_str(";\n")?;
    Ok(())
}

/// Rust's strict and reserved keywords, which cannot name a `const`.
const KEYWORDS: [&str; 52] = [
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && name != "_"
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

fn first_non_finite<N: Parameters>(network: &N) -> Option<Location> {
    let mut index = 0;
    let mut found = None;
    network.visit(&mut |_, elements| {
        for value in elements {
            if found.is_none() && !value.is_finite() {
                found = Some(index);
            }
            index += 1;
        }
    });
    found.and_then(|index| network.locate(index))
}

/// The name a type is imported by: the last segment of its path.
fn short_name<T>() -> &'static str {
    let path = type_name::<T>();
    path.rsplit("::").next().unwrap_or(path)
}

fn newline(out: &mut dyn Write, indent: usize) -> fmt::Result {
    write!(out, "\n{:indent$}", "")
}

/// `[a, b, c]`, each value as [`Real::write_literal`] writes it.
fn write_row<T: Real>(out: &mut dyn Write, row: impl Iterator<Item = T>) -> fmt::Result {
    out.write_str("[")?;
    for (i, value) in row.enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        value.write_literal(out)?;
    }
    out.write_str("]")
}

impl<T: Real, const IN: usize, const OUT: usize, A: Activation> RustSource
    for Dense<T, IN, OUT, A>
{
    fn write_type(out: &mut dyn Write) -> fmt::Result {
        write!(
            out,
            "Dense<{}, {IN}, {OUT}, {}>",
            short_name::<T>(),
            short_name::<A>()
        )
    }

    fn write_value(&self, out: &mut dyn Write, indent: usize) -> fmt::Result {
        // The arguments of `Dense::from_rows`: `W` one input row per line, then `b`.
        out.write_str("Dense::from_rows(")?;
        newline(out, indent + 4)?;
        out.write_str("[")?;
        for row in self.w.row_iter() {
            newline(out, indent + 8)?;
            write_row(out, row.iter().copied())?;
            out.write_str(",")?;
        }
        newline(out, indent + 4)?;
        out.write_str("],")?;
        newline(out, indent + 4)?;
        write_row(out, self.b.iter().copied())?;
        out.write_str(",")?;
        newline(out, indent)?;
        out.write_str(")")
    }
}

macro_rules! tuple_source {
    (all: [$L0:ident $i0:tt $t0:ident $g0:ident $(, $L:ident $i:tt $t:ident $g:ident)*], $($unused:tt)*) => {
        impl<$L0: RustSource $(, $L: RustSource)*> RustSource for Network<($L0, $($L,)*)> {
            fn write_type(out: &mut dyn Write) -> fmt::Result {
                // `(A,)` for one layer, `(A, B)` for more: a tuple type either way.
                out.write_str("Network<(")?;
                $L0::write_type(out)?;
                $(out.write_str(", ")?; $L::write_type(out)?;)*
                let layers = [stringify!($i0) $(, stringify!($i))*].len();
                if layers == 1 {
                    out.write_str(",")?;
                }
                out.write_str(")>")
            }

            fn write_value(&self, out: &mut dyn Write, indent: usize) -> fmt::Result {
                out.write_str("Network::new((")?;
                newline(out, indent + 4)?;
                self.layers.$i0.write_value(out, indent + 4)?;
                out.write_str(",")?;
                $(
                    newline(out, indent + 4)?;
                    self.layers.$i.write_value(out, indent + 4)?;
                    out.write_str(",")?;
                )*
                newline(out, indent)?;
                out.write_str("))")
            }
        }
    };
}

for_each_arity!(tuple_source);

#[cfg(test)]
mod tests {
    extern crate std;
    use std::string::String;
    use std::vec::Vec;

    use super::*;
    use crate::{Relu, Tanh};

    type Two = Network<(Dense<f64, 2, 3, Relu>, Dense<f64, 3, 1, Tanh>)>;

    fn two() -> Two {
        Network::new((
            Dense::from_rows([[0.1, -2.5, 1e-9], [3.0, 0.0, -0.0]], [1e20, 0.25, -7.5]),
            Dense::from_rows([[1.0], [2.0], [3.0]], [f64::MIN_POSITIVE]),
        ))
    }

    #[test]
    fn writes_every_layer_with_its_type() {
        let mut source = String::new();
        write_rust_const(&mut source, "NET", &two()).unwrap();
        let expected = "\
pub const NET: Network<(Dense<f64, 2, 3, Relu>, Dense<f64, 3, 1, Tanh>)> = Network::new((
    Dense::from_rows(
        [
            [0.1, -2.5, 1e-9],
            [3.0, 0.0, -0.0],
        ],
        [1e20, 0.25, -7.5],
    ),
    Dense::from_rows(
        [
            [1.0],
            [2.0],
            [3.0],
        ],
        [2.2250738585072014e-308],
    ),
));
";
        assert_eq!(source, expected);
    }

    #[test]
    fn every_literal_parses_back_to_the_same_bits() {
        let net = two();
        let mut source = String::new();
        write_rust_const(&mut source, "NET", &net).unwrap();
        let literals = source
            .split(|c: char| c == '[' || c == ']' || c == ',' || c.is_whitespace())
            .filter_map(|token| token.parse::<f64>().ok())
            .skip(4); // the widths 2, 3, 3, 1 in the type
                      // The source lists W row by row, then b, layer by layer.
        let mut expected = Vec::new();
        net.0
            .w
            .row_iter()
            .for_each(|row| expected.extend(row.iter()));
        expected.extend(net.0.b.iter());
        net.1
            .w
            .row_iter()
            .for_each(|row| expected.extend(row.iter()));
        expected.extend(net.1.b.iter());
        let parsed: Vec<u64> = literals.map(f64::to_bits).collect();
        let expected: Vec<u64> = expected.into_iter().map(f64::to_bits).collect();
        assert_eq!(parsed, expected);
    }

    #[test]
    fn rejects_a_non_finite_parameter_naming_it_and_writes_nothing() {
        let mut net = two();
        net.1.w[(2, 0)] = f64::NAN;
        let mut source = String::new();
        let error = write_rust_const(&mut source, "NET", &net).unwrap_err();
        assert_eq!(
            error,
            ExportError::NonFinite {
                location: Location {
                    name: "W",
                    layer: 1,
                    row: 2,
                    column: 0
                }
            }
        );
        assert_eq!(
            std::format!("{error}"),
            "parameter W¹[2, 0] is not finite (NaN, infinite, or a saturated fixed-point value)"
        );
        assert!(source.is_empty());
    }

    #[test]
    fn rejects_names_that_are_not_identifiers() {
        for name in ["", "_", "1NET", "NET-2", "a b", "Ω", "fn", "Self"] {
            let mut source = String::new();
            assert_eq!(
                write_rust_const(&mut source, name, &two()),
                Err(ExportError::InvalidName),
                "{name:?}"
            );
        }
        let mut source = String::new();
        assert_eq!(write_rust_const(&mut source, "_net2", &two()), Ok(()));
    }
}
