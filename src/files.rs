//! Saving to and loading from files: JSON and postcard, written so that a crash mid-save leaves
//! the old file whole.

use std::format;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::string::String;
#[cfg(any(feature = "json", feature = "postcard"))]
use std::string::ToString;
#[cfg(feature = "postcard")]
use std::vec::Vec;

/// Why a file could not be saved or loaded.
#[derive(Debug)]
pub enum FileError {
    /// Reading or writing `path` failed.
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The contents of `path` are not a saved value of the type asked for, or the value cannot
    /// be saved (a non-finite parameter).
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        message: String,
    },
}

impl core::fmt::Display for FileError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Self::Format { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Format { .. } => None,
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> FileError + '_ {
    move |source| FileError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(any(feature = "json", feature = "postcard"))]
fn format_error<E: ToString>(path: &Path) -> impl FnOnce(E) -> FileError + '_ {
    move |error| FileError::Format {
        path: path.to_path_buf(),
        message: error.to_string(),
    }
}

/// Writes `bytes` to `path` so that the file is either the old one or the new one, whole:
/// the bytes go to a temporary file beside it, which is synced to disk and then renamed over
/// `path` (an atomic step on the file systems of Linux, macOS and Windows).
pub fn save_atomically(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let name = path
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let temporary = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let written = File::create(&temporary)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temporary, path));
    if let Err(error) = written {
        // Best effort: the old file is intact either way.
        let _ = fs::remove_file(&temporary);
        return Err(io_error(path)(error));
    }
    // The rename itself reaches the disk with the directory's entry; not every platform can
    // sync a directory, and the file's contents are already safe.
    if let Some(directory) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = File::open(directory).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// Saves `value` (a network, an optimizer) to `path` as JSON, atomically.
///
/// ```
/// use constnet::{load_json, save_json, Dense, Network, Sigmoid};
/// type Net = Network<(Dense<f64, 2, 1, Sigmoid>,)>;
/// let net: Net = Network::new((Dense::from_rows([[0.5], [-1.0]], [0.25]),));
/// let path = std::env::temp_dir().join(format!("constnet-doc-{}.json", std::process::id()));
/// save_json(&path, &net)?;
/// assert_eq!(load_json::<Net>(&path)?, net);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), constnet::FileError>(())
/// ```
#[cfg(feature = "json")]
pub fn save_json<V: serde::Serialize>(path: impl AsRef<Path>, value: &V) -> Result<(), FileError> {
    let path = path.as_ref();
    let bytes = serde_json::to_vec_pretty(value).map_err(format_error(path))?;
    save_atomically(path, &bytes)
}

/// Loads a value saved by [`save_json`]; the error names the file, and the line and column
/// of what is wrong.
#[cfg(feature = "json")]
pub fn load_json<V: serde::de::DeserializeOwned>(path: impl AsRef<Path>) -> Result<V, FileError> {
    let path = path.as_ref();
    let bytes = fs::read(path).map_err(io_error(path))?;
    serde_json::from_slice(&bytes).map_err(format_error(path))
}

/// Saves `value` to `path` in postcard's compact binary form, atomically.
#[cfg(feature = "postcard")]
pub fn save_postcard<V: serde::Serialize>(
    path: impl AsRef<Path>,
    value: &V,
) -> Result<(), FileError> {
    let path = path.as_ref();
    let bytes: Vec<u8> = postcard::to_stdvec(value).map_err(format_error(path))?;
    save_atomically(path, &bytes)
}

/// Loads a value saved by [`save_postcard`]. postcard's own errors carry no message, so the
/// format and the architecture are checked here first, and a mismatch names both.
#[cfg(feature = "postcard")]
pub fn load_postcard<V: serde::de::DeserializeOwned + crate::Saved>(
    path: impl AsRef<Path>,
) -> Result<V, FileError> {
    let path = path.as_ref();
    let bytes = fs::read(path).map_err(io_error(path))?;
    crate::from_postcard(&bytes).map_err(format_error(path))
}
