//! Reading a value saved in postcard's binary form from bytes, without std or a heap: a
//! firmware can load a network that sits in flash with the same checks as a file.

use core::fmt;

use crate::Saved;

/// Why bytes are not a saved value of the type asked for. It borrows the names it reports
/// from the bytes, so it needs no allocator.
#[derive(Clone, Debug)]
pub enum PostcardError<'b> {
    /// The bytes do not start with a format and an architecture: not a saved constnet value.
    NotSaved,
    /// The bytes are of another format, or another version of this one.
    Format(&'b str),
    /// The bytes hold a value of another architecture (the one named).
    Architecture {
        /// The architecture of the saved value.
        saved: &'b str,
        /// The architecture of the type asked for, as a function that writes it.
        expected: fn(&mut dyn fmt::Write) -> fmt::Result,
    },
    /// The header matches, but the rest is not a valid value: truncated, a wrong name or
    /// shape, a non-finite parameter, or bytes left over. postcard's errors say no more.
    Value(postcard::Error),
}

impl fmt::Display for PostcardError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotSaved => f.write_str("not a saved constnet value"),
            Self::Format(format) => write!(f, "not a saved constnet value: format `{format}`"),
            Self::Architecture { saved, expected } => {
                write!(f, "the saved value is for `{saved}`, not `")?;
                expected(f)?;
                f.write_str("`")
            }
            Self::Value(error) => write!(f, "{error}"),
        }
    }
}

impl core::error::Error for PostcardError<'_> {}

/// Reads a value of type `V` (a network, an optimizer) from the bytes `save_postcard` writes
/// (or `postcard::to_slice` of it): the format and architecture are checked first, so that a
/// mismatch names both, then every matrix's name, shape and values.
///
/// ```
/// use constnet::{from_postcard, Dense, Network, PostcardError, Sigmoid};
/// type Net = Network<(Dense<f32, 2, 1, Sigmoid>,)>;
/// let net: Net = Network::new((Dense::from_rows([[0.5], [-1.0]], [0.25]),));
/// let mut buffer = [0u8; 128];
/// let bytes = constnet::postcard::to_slice(&net, &mut buffer)?;
/// // The error borrows from `bytes`; `?` into a `'static` error needs it owned.
/// assert_eq!(from_postcard::<Net>(bytes).map_err(|e| e.to_string())?, net);
/// type Wider = Network<(Dense<f32, 3, 1, Sigmoid>,)>;
/// assert!(matches!(from_postcard::<Wider>(bytes), Err(PostcardError::Architecture { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_postcard<'b, V: serde::Deserialize<'b> + Saved>(
    bytes: &'b [u8],
) -> Result<V, PostcardError<'b>> {
    // Every saved value starts with its format and architecture, as two strings.
    let ((format, architecture), _) =
        postcard::take_from_bytes::<(&str, &str)>(bytes).map_err(|_| PostcardError::NotSaved)?;
    if format != crate::saved::FORMAT {
        return Err(PostcardError::Format(format));
    }
    let expected = Architecture::<V>(core::marker::PhantomData);
    if !crate::saved::writes_exactly(&expected, architecture) {
        return Err(PostcardError::Architecture {
            saved: architecture,
            expected: V::write_architecture,
        });
    }
    postcard::from_bytes(bytes).map_err(PostcardError::Value)
}

/// The architecture value `V` is saved with, for comparing.
struct Architecture<V>(core::marker::PhantomData<V>);

impl<V: Saved> fmt::Display for Architecture<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        V::write_architecture(f)
    }
}
