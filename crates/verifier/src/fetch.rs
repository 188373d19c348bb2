//! Fetching a record from a running board, page by page, into a record file that
//! [`verify_record`](crate::verify_record) then checks like any other.
//!
//! The board's latest signed checkpoint fixes how many entries to fetch, so a board that is
//! still accepting entries gives a record of one well-defined size. Entries go to a
//! `.partial` file beside the destination as they arrive; an interrupted fetch resumes
//! where it stopped.

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget};
use thiserror::Error;
use zhixuan_record::client::blocking::BoardClient;
use zhixuan_record::client::ClientError;
use zhixuan_record::{
    named_elections, CheckpointVerifier, EarlierElection, Entry, LogEntry, RecordFooter,
    RecordHeader, RecordWriter, SignedCheckpoint, RECORD_FORMAT, RECORD_VERSION,
};

/// Entries asked for per page.
const PAGE: u64 = 1000;

/// Why a record could not be fetched.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The board did not answer as a board should.
    #[error(transparent)]
    Board(#[from] ClientError),
    /// The board's key or checkpoint cannot be read.
    #[error("the board's {what} cannot be read: {reason}")]
    Unreadable {
        /// What could not be read.
        what: &'static str,
        /// Why.
        reason: String,
    },
    /// The board sent entries out of order or too few.
    #[error("the board sent entry {found} where entry {expected} was due")]
    OutOfOrder {
        /// The index expected.
        expected: u64,
        /// The index sent.
        found: u64,
    },
    /// The file of an interrupted fetch holds more entries than the board's log: it cannot
    /// be a prefix of it.
    #[error("{path} holds {entries} entries, but the board's latest checkpoint covers only {size}: it is not a prefix of this log; delete it to fetch afresh")]
    Partial {
        /// The file.
        path: PathBuf,
        /// The entries it holds.
        entries: u64,
        /// The size of the board's log.
        size: u64,
    },
    /// The local file could not be written.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

fn file_error(path: &Path) -> impl Fn(std::io::Error) -> FetchError + '_ {
    move |source| FetchError::File {
        path: path.to_owned(),
        source,
    }
}

/// Fetches election `election` from `board` into the record file `path`, resuming from
/// `path.partial` if an earlier fetch was interrupted. Returns the number of entries.
///
/// It blocks on the network: async code calls it on a blocking thread (e.g. tokio's
/// `spawn_blocking`), or it stalls the runtime and whatever else runs there — a board
/// served in the same process among them.
pub fn fetch_record(
    board: &BoardClient,
    election: &str,
    path: &Path,
    progress: bool,
) -> Result<u64, FetchError> {
    let board_key = board.board_key()?;
    let verifier: CheckpointVerifier = board_key.parse().map_err(|e| FetchError::Unreadable {
        what: "key",
        reason: format!("{e}"),
    })?;
    let checkpoint = board.checkpoint(election)?;
    let size = checkpoint_size(&checkpoint, &verifier)?;
    let partial = path.with_extension("partial");
    let mut next = resume_from(&partial)?;
    if next > size {
        return Err(FetchError::Partial {
            path: partial,
            entries: next,
            size,
        });
    }
    let bar = if progress {
        ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_position(next);
    let mut out = BufWriter::new(
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(&partial)
            .map_err(file_error(&partial))?,
    );
    while next < size {
        let page = board.entries(election, next, PAGE.min(size - next))?;
        if page.entries.is_empty() {
            return Err(FetchError::OutOfOrder {
                expected: next,
                found: size,
            });
        }
        for entry in page.entries.into_iter().take((size - next) as usize) {
            if entry.index != next {
                return Err(FetchError::OutOfOrder {
                    expected: next,
                    found: entry.index,
                });
            }
            write_json_line(&mut out, &entry).map_err(file_error(&partial))?;
            next += 1;
        }
        out.flush().map_err(file_error(&partial))?;
        bar.set_position(next);
    }
    drop(out);
    bar.finish_and_clear();
    let earlier = earlier_elections(board, &partial, &verifier)?;
    let header = RecordHeader {
        format: RECORD_FORMAT.to_owned(),
        version: RECORD_VERSION,
        election_id: election.to_owned(),
        board_key,
        entries: size,
        earlier,
    };
    let output = File::create(path).map_err(file_error(path))?;
    let mut writer =
        RecordWriter::new(BufWriter::new(output), &header).map_err(file_error(path))?;
    let input = BufReader::new(File::open(&partial).map_err(file_error(&partial))?);
    for line in input.lines() {
        writer
            .raw_entry(&line.map_err(file_error(&partial))?)
            .map_err(file_error(path))?;
    }
    writer
        .finish(&RecordFooter { checkpoint })
        .map_err(file_error(path))?;
    fs::remove_file(&partial).map_err(file_error(&partial))?;
    Ok(size)
}

fn write_json_line<W: Write>(out: &mut W, entry: &LogEntry) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, entry)?;
    out.write_all(b"\n")
}

fn checkpoint_size(text: &str, verifier: &CheckpointVerifier) -> Result<u64, FetchError> {
    let unreadable = |reason: String| FetchError::Unreadable {
        what: "checkpoint",
        reason,
    };
    let signed: SignedCheckpoint = text.parse().map_err(|e| unreadable(format!("{e}")))?;
    let checkpoint = signed
        .verify(verifier)
        .map_err(|e| unreadable(format!("{e}")))?;
    Ok(checkpoint.size())
}

/// How many whole entries an interrupted fetch left, dropping a half-written last line.
fn resume_from(partial: &Path) -> Result<u64, FetchError> {
    let text = match fs::read_to_string(partial) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(file_error(partial)(e)),
    };
    let whole = text.rfind('\n').map_or(0, |end| end + 1);
    if whole < text.len() {
        fs::write(partial, &text[..whole]).map_err(file_error(partial))?;
    }
    Ok(text[..whole].lines().count() as u64)
}

/// The earlier elections the fetched election names, transitively (a round-3 election
/// needs rounds 1 and 2), each with inclusion proofs under its latest checkpoint.
fn earlier_elections(
    board: &BoardClient,
    partial: &Path,
    verifier: &CheckpointVerifier,
) -> Result<Vec<EarlierElection>, FetchError> {
    let first = BufReader::new(File::open(partial).map_err(file_error(partial))?)
        .lines()
        .next()
        .transpose()
        .map_err(file_error(partial))?;
    let Some(first) = first else {
        return Ok(Vec::new());
    };
    let unreadable = |reason: String| FetchError::Unreadable {
        what: "definition",
        reason,
    };
    let first: LogEntry = serde_json::from_str(&first).map_err(|e| unreadable(e.to_string()))?;
    let Entry::Definition(definition) = &first.entry else {
        return Ok(Vec::new());
    };
    let mut wanted: Vec<String> = named_elections(&definition.body)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut out: Vec<EarlierElection> = Vec::new();
    while let Some(id) = wanted.pop() {
        if out
            .iter()
            .any(|e| definition_id(&e.definition).as_deref() == Some(id.as_str()))
        {
            continue;
        }
        let checkpoint = board.checkpoint(&id)?;
        let size = checkpoint_size(&checkpoint, verifier)?;
        let definition = board.entries(&id, 0, 1)?.entries.pop();
        let last = size.saturating_sub(1);
        let result = board.entries(&id, last, 1)?.entries.pop();
        let (Some(definition), Some(result)) = (definition, result) else {
            return Err(unreadable(format!(
                "earlier election `{id}` has no entries"
            )));
        };
        if let Entry::Definition(d) = &definition.entry {
            wanted.extend(named_elections(&d.body).into_iter().map(|(id, _)| id));
        }
        let definition_proof = board.inclusion(&id, 0, Some(size))?.proof;
        let result_proof = board.inclusion(&id, result.index, Some(size))?.proof;
        out.push(EarlierElection {
            definition,
            definition_proof,
            result,
            result_proof,
            checkpoint,
        });
    }
    Ok(out)
}

fn definition_id(entry: &LogEntry) -> Option<String> {
    match &entry.entry {
        Entry::Definition(d) => Some(d.body.election_id().to_owned()),
        _ => None,
    }
}
