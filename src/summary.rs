//! A network's summary, the table its `Display` prints: each layer's kind, parameter count
//! and bytes, and the totals.

use core::fmt::{self, Write};
use core::mem::size_of;

use crate::{Layer, Network};

/// Width of the kind column: `Dense 784→128 sigmoid` fits.
const KIND: usize = 24;

/// One row of the table; a layer's row, or a network's rows one by one, through
/// [`Layer::write_summary`].
pub(crate) fn write_row(
    out: &mut dyn Write,
    layer: usize,
    kind: &str,
    parameters: usize,
    bytes: usize,
) -> fmt::Result {
    writeln!(
        out,
        "{layer:>5}  {kind:<KIND$} {parameters:>10} {bytes:>10}"
    )
}

/// Prints one row per layer, then the totals; the bytes are what the parameters take in
/// memory ([`parameter_bytes`](crate::parameter_bytes)):
///
/// ```
/// use constnet::{Dense, Network, Sigmoid};
/// let net = Network::<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 2, Sigmoid>)>::default();
/// assert_eq!(
///     net.to_string(),
///     "\
/// layer  kind                     parameters      bytes
///     0  Dense 2→3 sigmoid                 9         72
///     1  Dense 3→2 sigmoid                 8         64
/// total                                   17        136"
/// );
/// ```
impl<L> fmt::Display for Network<L>
where
    Self: Layer,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "layer  {:<KIND$} {:>10} {:>10}",
            "kind", "parameters", "bytes"
        )?;
        Self::write_summary(f, 0)?;
        write!(
            f,
            "total  {:<KIND$} {:>10} {:>10}",
            "",
            <Self as crate::Parameters>::COUNT,
            size_of::<Self>()
        )
    }
}

/// A short text written without a heap, so that it can be padded to a column: what does not
/// fit in its 64 bytes is left out.
pub(crate) struct Cell {
    bytes: [u8; 64],
    len: usize,
}

impl Cell {
    pub(crate) fn new() -> Self {
        Self {
            bytes: [0; 64],
            len: 0,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only whole characters are ever written, so this is always valid UTF-8.
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl Write for Cell {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for c in text.chars() {
            let end = self.len + c.len_utf8();
            let Some(slot) = self.bytes.get_mut(self.len..end) else {
                break;
            };
            c.encode_utf8(slot);
            self.len = end;
        }
        Ok(())
    }
}
