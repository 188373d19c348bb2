//! The exported record: one file holding everything an election published, for the
//! verifier to check offline and for a board to re-import.
//!
//! The file is JSON Lines, so that a verifier can stream records of any size:
//!
//! 1. a [`RecordHeader`]: format and version, the election id, the board's checkpoint key,
//!    the number of entries that follow, and the earlier elections this one depends on;
//! 2. exactly that many [`LogEntry`] lines, in log order from index 0;
//! 3. a [`RecordFooter`]: the board's signed checkpoint over exactly those entries.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::entry::LogEntry;
use crate::log::merkle::Hash;

/// The value of [`RecordHeader::format`].
pub const RECORD_FORMAT: &str = "zhixuan-record";
/// The version of the record format this software reads and writes.
pub const RECORD_VERSION: u32 = 1;

/// The first line of a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordHeader {
    /// Always [`RECORD_FORMAT`].
    pub format: String,
    /// Always [`RECORD_VERSION`].
    pub version: u32,
    /// The election's id.
    pub election_id: String,
    /// The board's checkpoint verifier key, in signed-note form.
    pub board_key: String,
    /// How many entry lines follow.
    pub entries: u64,
    /// Earlier elections this one names (an earlier round, an earlier year's evaluation),
    /// each with the proof that the board published them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<EarlierElection>,
}

/// An earlier election's definition and result, proved to be on the board's log for that
/// election under a checkpoint the same board key signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlierElection {
    /// Entry 0 of the earlier election.
    pub definition: LogEntry,
    /// Its inclusion proof under `checkpoint`.
    pub definition_proof: Vec<Hash>,
    /// The earlier election's result entry.
    pub result: LogEntry,
    /// Its inclusion proof under `checkpoint`.
    pub result_proof: Vec<Hash>,
    /// A signed checkpoint of the earlier election's log.
    pub checkpoint: String,
}

/// The last line of a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordFooter {
    /// The signed checkpoint, in its text form.
    pub checkpoint: String,
}

/// Why a record file could not be read.
#[derive(Debug, Error)]
#[non_exhaustive]
// Each variant's message is its documentation.
#[allow(missing_docs)]
pub enum RecordFileError {
    #[error("line {line}: {source}")]
    Io {
        line: u64,
        #[source]
        source: std::io::Error,
    },
    #[error("line {line}: {message}")]
    Json { line: u64, message: String },
    #[error("this is not a Zhixuan record (format `{0}`)")]
    Format(String),
    #[error(
        "record format version {0} is not supported (this software reads version {RECORD_VERSION})"
    )]
    Version(u32),
    #[error("line {line}: entry index {found}, expected {expected}")]
    Index {
        line: u64,
        expected: u64,
        found: u64,
    },
    #[error("the file ends after {found} of {expected} entries, without its checkpoint")]
    Truncated { expected: u64, found: u64 },
    #[error("line {line}: unexpected content after the checkpoint")]
    Trailing { line: u64 },
}

/// One entry's line of a record, read but not yet parsed.
#[derive(Clone, Debug)]
pub struct RawEntry {
    line: u64,
    index: u64,
    text: String,
}

impl RawEntry {
    /// Parses the entry and checks it has the index its place in the file gives it.
    pub fn parse(self) -> Result<LogEntry, RecordFileError> {
        self.parse_as()
    }

    /// Parses the entry as an entry of another kind of log (a procedure's,
    /// [`ProcedureEntry`](crate::ProcedureEntry)) and checks its index.
    pub fn parse_as<E: serde::de::DeserializeOwned>(self) -> Result<LogEntry<E>, RecordFileError> {
        let entry: LogEntry<E> = parse_json(&self.text, self.line)?;
        if entry.index != self.index {
            return Err(RecordFileError::Index {
                line: self.line,
                expected: self.index,
                found: entry.index,
            });
        }
        Ok(entry)
    }
}

/// Reads a record line by line, checking its framing (not its content).
pub struct RecordReader<R> {
    input: R,
    line: u64,
    header: RecordHeader,
    read: u64,
    buf: String,
}

impl<R: BufRead> RecordReader<R> {
    /// Reads and checks the header.
    pub fn new(mut input: R) -> Result<Self, RecordFileError> {
        let mut buf = String::new();
        let header: RecordHeader =
            read_line(&mut input, &mut buf, 1)?.ok_or(RecordFileError::Truncated {
                expected: 0,
                found: 0,
            })?;
        if header.format != RECORD_FORMAT {
            return Err(RecordFileError::Format(header.format));
        }
        if header.version != RECORD_VERSION {
            return Err(RecordFileError::Version(header.version));
        }
        Ok(Self {
            input,
            line: 1,
            header,
            read: 0,
            buf,
        })
    }

    /// The header.
    pub fn header(&self) -> &RecordHeader {
        &self.header
    }

    /// The next entry, or `None` once all the header announced have been read.
    pub fn next_entry(&mut self) -> Option<Result<LogEntry, RecordFileError>> {
        let raw = self.next_raw()?;
        Some(raw.and_then(|raw| raw.parse()))
    }

    /// The next entry's line, not yet parsed, or `None` once all the header announced have
    /// been read. Parsing is most of the cost of reading a record (every point is
    /// decompressed), so a reader may parse many [`RawEntry`]s in parallel.
    pub fn next_raw(&mut self) -> Option<Result<RawEntry, RecordFileError>> {
        if self.read == self.header.entries {
            return None;
        }
        self.line += 1;
        self.buf.clear();
        let n = match self.input.read_line(&mut self.buf) {
            Ok(n) => n,
            Err(source) => {
                return Some(Err(RecordFileError::Io {
                    line: self.line,
                    source,
                }))
            }
        };
        if n == 0 {
            return Some(Err(RecordFileError::Truncated {
                expected: self.header.entries,
                found: self.read,
            }));
        }
        let raw = RawEntry {
            line: self.line,
            index: self.read,
            text: self.buf.trim_end_matches(['\n', '\r']).to_owned(),
        };
        self.read += 1;
        Some(Ok(raw))
    }

    /// The footer, after every entry has been read; nothing may follow it.
    pub fn footer(mut self) -> Result<RecordFooter, RecordFileError> {
        while let Some(entry) = self.next_entry() {
            entry?;
        }
        self.line += 1;
        let footer: RecordFooter = read_line(&mut self.input, &mut self.buf, self.line)?.ok_or(
            RecordFileError::Truncated {
                expected: self.header.entries,
                found: self.read,
            },
        )?;
        self.line += 1;
        let rest: Option<serde_json::Value> = read_line(&mut self.input, &mut self.buf, self.line)
            .map_err(|_| RecordFileError::Trailing { line: self.line })?;
        if rest.is_some() {
            return Err(RecordFileError::Trailing { line: self.line });
        }
        Ok(footer)
    }
}

fn read_line<R: BufRead, T: serde::de::DeserializeOwned>(
    input: &mut R,
    buf: &mut String,
    line: u64,
) -> Result<Option<T>, RecordFileError> {
    buf.clear();
    let n = input
        .read_line(buf)
        .map_err(|source| RecordFileError::Io { line, source })?;
    if n == 0 {
        return Ok(None);
    }
    parse_json(buf.trim_end_matches(['\n', '\r']), line).map(Some)
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str, line: u64) -> Result<T, RecordFileError> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| RecordFileError::Json {
        line,
        message: format!("{} (at {})", e.inner(), e.path()),
    })
}

/// Writes a record: the header, then entries, then the footer.
pub struct RecordWriter<W> {
    output: W,
}

impl<W: Write> RecordWriter<W> {
    /// Writes the header.
    pub fn new(mut output: W, header: &RecordHeader) -> std::io::Result<Self> {
        write_line(&mut output, header)?;
        Ok(Self { output })
    }

    /// Writes one entry.
    pub fn entry(&mut self, entry: &LogEntry) -> std::io::Result<()> {
        write_line(&mut self.output, entry)
    }

    /// Writes an entry already serialized as one line of JSON (as the board stores it).
    pub fn raw_entry(&mut self, json: &str) -> std::io::Result<()> {
        self.output.write_all(json.as_bytes())?;
        self.output.write_all(b"\n")
    }

    /// Writes the footer and returns the output.
    pub fn finish(mut self, footer: &RecordFooter) -> std::io::Result<W> {
        write_line(&mut self.output, footer)?;
        self.output.flush()?;
        Ok(self.output)
    }
}

fn write_line<W: Write, T: Serialize>(output: &mut W, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *output, value)?;
    output.write_all(b"\n")
}
