//! A CSV table read whole, with a header row naming its columns, and the numbers and class
//! labels of chosen columns. Every error is one line that names the file and, where there is
//! one, the line and the column: what a person needs to fix the file.

use std::fmt;
use std::path::{Path, PathBuf};

/// A CSV file's header and rows, as text; numbers are parsed when columns are asked for, so
/// that an error can name the column by its name.
pub struct Table {
    path: PathBuf,
    header_line: u64,
    names: Vec<String>,
    /// Each row with the line it starts on.
    rows: Vec<(u64, csv::StringRecord)>,
}

/// What is wrong with a table, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct TableError {
    pub path: PathBuf,
    pub line: Option<u64>,
    /// The column's position counting from 1, and its name.
    pub column: Option<(usize, String)>,
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some((position, name)) = &self.column {
            write!(f, ", column {position} ({name})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for TableError {}

impl Table {
    /// Reads the CSV file at `path`: a header row, then rows of as many fields. Spaces around
    /// fields are ignored, and so are empty lines.
    pub fn read(path: impl AsRef<Path>) -> Result<Self, TableError> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| TableError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: format!("cannot read the file: {e}"),
        })?;
        Self::from_reader(path, file)
    }

    /// Reads a CSV table from `reader` as [`Table::read`] does; errors name `path`.
    pub fn from_reader(path: &Path, reader: impl std::io::Read) -> Result<Self, TableError> {
        let error = |line, message| TableError {
            path: path.to_path_buf(),
            line,
            column: None,
            message,
        };
        // The header is read as a record, so that its line is known as every row's is.
        let mut records = csv::ReaderBuilder::new()
            .has_headers(false)
            .trim(csv::Trim::All)
            .from_reader(reader)
            .into_records();
        let mut next = || -> Result<Option<(u64, csv::StringRecord)>, TableError> {
            match records.next() {
                None => Ok(None),
                Some(Err(e)) => Err(error(line_of(&e), describe(&e))),
                Some(Ok(record)) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    Ok(Some((line, record)))
                }
            }
        };
        let Some((header_line, header)) = next()? else {
            return Err(error(
                None,
                "the file is empty; it needs a header row naming the columns".into(),
            ));
        };
        let mut rows = Vec::new();
        while let Some(row) = next()? {
            rows.push(row);
        }
        if rows.is_empty() {
            return Err(error(
                Some(header_line),
                "there are no rows after the header".into(),
            ));
        }
        Ok(Self {
            path: path.to_path_buf(),
            header_line,
            names: header.iter().map(String::from).collect(),
            rows,
        })
    }

    /// The number of rows, header excluded.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The column names, in the order of the header.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The index of the column named `name`.
    pub fn column(&self, name: &str) -> Result<usize, TableError> {
        let mut matches = self.names.iter().enumerate().filter(|(_, n)| *n == name);
        match (matches.next(), matches.next()) {
            (Some((index, _)), None) => Ok(index),
            (Some((first, _)), Some((second, _))) => Err(self.header_error(format!(
                "columns {} and {} are both named `{name}`",
                first + 1,
                second + 1
            ))),
            (None, _) => Err(self.header_error(format!(
                "there is no column named `{name}`; the header names {}",
                self.listing()
            ))),
        }
    }

    /// The columns that `spec` names, in its order: names separated by commas, each a column's
    /// name or `first..last`, every column from `first` to `last` in the header's order (so
    /// `pixel_0_0..pixel_7_7` is 64 columns). A name that contains `..` is taken whole when a
    /// column has it.
    pub fn select(&self, spec: &str) -> Result<Vec<usize>, TableError> {
        let mut columns = Vec::new();
        for item in spec.split(',').map(str::trim) {
            let range = match item.split_once("..") {
                Some((first, last)) if self.column(item).is_err() => {
                    let (first, last) = (self.column(first.trim())?, self.column(last.trim())?);
                    if last < first {
                        return Err(self.header_error(format!(
                            "the range `{item}` runs backwards: `{}` is column {}, `{}` column {}",
                            self.names[first],
                            first + 1,
                            self.names[last],
                            last + 1
                        )));
                    }
                    first..=last
                }
                _ => {
                    let column = self.column(item)?;
                    column..=column
                }
            };
            for column in range {
                if columns.contains(&column) {
                    return Err(self.header_error(format!(
                        "column `{}` is chosen twice in `{spec}`",
                        self.names[column]
                    )));
                }
                columns.push(column);
            }
        }
        Ok(columns)
    }

    /// The numbers in `columns` of every row, each row written into an array of `N` and
    /// padded with zeros. Fails on more than `N` columns, and on a field that is empty or not
    /// a finite `f32`, naming it.
    pub fn numbers<const N: usize>(&self, columns: &[usize]) -> Result<Vec<[f32; N]>, TableError> {
        if columns.len() > N {
            return Err(TableError {
                path: self.path.clone(),
                line: None,
                column: None,
                message: format!(
                    "{} columns are chosen, but there is room for at most {N}",
                    columns.len()
                ),
            });
        }
        let mut numbers = Vec::with_capacity(self.rows.len());
        for (line, record) in &self.rows {
            let mut row = [0.0; N];
            for (value, &column) in row.iter_mut().zip(columns) {
                let text = self.field(*line, record, column)?;
                *value = text
                    .parse::<f32>()
                    .map_err(|_| format!("`{text}` is not a number"))
                    .and_then(|v| {
                        v.is_finite()
                            .then_some(v)
                            .ok_or_else(|| format!("`{text}` is not a finite number for f32"))
                    })
                    .map_err(|message| self.field_error(*line, column, message))?;
            }
            numbers.push(row);
        }
        Ok(numbers)
    }

    /// The class labels in `column`: whole numbers from 0 to `classes - 1` (`3` or `3.0`).
    pub fn labels(&self, column: usize, classes: usize) -> Result<Vec<usize>, TableError> {
        self.rows
            .iter()
            .map(|(line, record)| {
                let text = self.field(*line, record, column)?;
                match text.parse::<f64>() {
                    Ok(v) if v.fract() == 0.0 && (0.0..classes as f64).contains(&v) => {
                        Ok(v as usize)
                    }
                    _ => Err(self.field_error(
                        *line,
                        column,
                        format!(
                            "`{text}` is not a class label, a whole number from 0 to {}",
                            classes - 1
                        ),
                    )),
                }
            })
            .collect()
    }

    /// The text of a field, which must not be empty.
    fn field<'r>(
        &self,
        line: u64,
        record: &'r csv::StringRecord,
        column: usize,
    ) -> Result<&'r str, TableError> {
        match record.get(column) {
            Some(text) if !text.is_empty() => Ok(text),
            _ => Err(self.field_error(line, column, "the value is missing".into())),
        }
    }

    fn field_error(&self, line: u64, column: usize, message: String) -> TableError {
        TableError {
            path: self.path.clone(),
            line: Some(line),
            column: Some((column + 1, self.names[column].clone())),
            message,
        }
    }

    fn header_error(&self, message: String) -> TableError {
        TableError {
            path: self.path.clone(),
            line: Some(self.header_line),
            column: None,
            message,
        }
    }

    /// The column names for a message: all of them when they are few.
    fn listing(&self) -> String {
        let quoted: Vec<String> = self.names.iter().map(|n| format!("`{n}`")).collect();
        match (quoted.first(), quoted.last()) {
            (Some(first), Some(last)) if quoted.len() > 8 => {
                format!("{} columns, {first} to {last}", quoted.len())
            }
            _ => quoted.join(", "),
        }
    }
}

/// The line a CSV error is on, when it has one.
fn line_of(error: &csv::Error) -> Option<u64> {
    error.position().map(csv::Position::line)
}

/// A CSV error's message, without the place, which the caller puts first.
fn describe(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Io(e) => format!("cannot read the file: {e}"),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the row has {len} fields, but the header names {expected_len} columns"),
        csv::ErrorKind::Utf8 { err, .. } => {
            format!("column {} is not valid UTF-8 text", err.field() + 1)
        }
        _ => error.to_string(),
    }
}
