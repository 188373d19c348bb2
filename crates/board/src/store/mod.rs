//! Storage: the board's log entries and checkpoints, behind one trait with two
//! implementations — SQLite, the embedded default, and PostgreSQL, for several board
//! servers sharing one database.
//!
//! The store does not interpret entries. It keeps, per election, a gapless sequence of
//! entries (the JSON of each [`LogEntry`](zhixuan_record::LogEntry), with its leaf hash and the
//! lookup keys the board needs) and the checkpoints the board signed. Indices are assigned
//! by [`Store::append`] inside one transaction that holds the election's row lock: the
//! caller says which size it believes the log has, and if another server appended first
//! the append is refused with [`StoreError::Conflict`], so the caller catches up on what it
//! missed, re-checks its entries, and tries again. That is what keeps one log, in one
//! order, with every server signing the same tree.
//!
//! [`Store::write_batch`] does the same for many elections at once: one transaction, one
//! durable commit, each election's group held to its own log's size and refused alone.
//! [`GroupCommit`] gathers the writes every election's writer is waiting on into such
//! batches, so that a board of hundreds of elections pays a commit per batch, not per
//! ballot.

pub mod group_commit;
pub mod postgres;
pub mod sqlite;

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::time::{Duration, Instant};

use thiserror::Error;

use zhixuan_record::Hash;

pub use group_commit::GroupCommit;
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// An entry to append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    /// The entry kind (`ballot`, `tally`, …).
    pub kind: String,
    /// When the board received it, Unix seconds.
    pub received_at: i64,
    /// Its RFC 6962 leaf hash.
    pub leaf_hash: Hash,
    /// The [`LogEntry`](zhixuan_record::LogEntry) as one line of JSON, index included.
    pub json: String,
    /// For ballots and audited ballots, the 10 bytes of the ballot hash the tracking code
    /// stands for.
    pub tracking: Option<[u8; 10]>,
}

/// A stored entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEntry {
    /// Its index in the election's log.
    pub index: u64,
    /// What was appended.
    pub entry: NewEntry,
}

/// An election on the board and the size of its log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElectionSummary {
    /// The election id.
    pub id: String,
    /// Entries in its log.
    pub size: u64,
    /// The kind of entry 0: a definition for an election, a plan for a procedure. Listed
    /// with the log so that a board of hundreds of logs tells them apart in one query.
    pub first_kind: String,
}

/// One write of a batch ([`Store::write_batch`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Write {
    /// Appends `entries` at indices `expected_size..` of `election`'s log, refused with
    /// [`StoreError::Conflict`] (storing none of them) if the log does not have exactly
    /// `expected_size` entries when the batch's transaction comes to it.
    Append {
        /// The election whose log is appended to.
        election: String,
        /// The size the writer believes the log has.
        expected_size: u64,
        /// The entries, in order.
        entries: Vec<NewEntry>,
    },
    /// Stores a signed checkpoint (its text) of `election`'s log at `size`; one for a size
    /// that has one already keeps the first.
    Checkpoint {
        /// The election whose log it signs.
        election: String,
        /// The size it signs.
        size: u64,
        /// Its text.
        text: String,
    },
}

impl Write {
    /// The election the write is for.
    pub fn election(&self) -> &str {
        match self {
            Write::Append { election, .. } | Write::Checkpoint { election, .. } => election,
        }
    }
}

/// Why the store refused or failed.
#[derive(Clone, Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Another writer appended first: the log has `actual` entries, not the expected size.
    #[error("the log of election `{election}` has {actual} entries, not {expected}")]
    Conflict {
        /// The election whose log was appended to.
        election: String,
        /// The size the caller expected.
        expected: u64,
        /// The size the log has.
        actual: u64,
    },
    /// The election does not exist.
    #[error("no election `{0}` on this board")]
    UnknownElection(String),
    /// An election with this id exists already.
    #[error("an election `{0}` already exists on this board")]
    ElectionExists(String),
    /// The database refused a write because it is read-only or the disk is full.
    #[error("the database cannot be written: {0}")]
    Unwritable(String),
    /// Any other database failure.
    #[error("database error: {0}")]
    Database(String),
    /// The task committing the board's batches ([`GroupCommit`]) stopped before answering:
    /// whether the writes were committed is unknown.
    #[error("the group committer stopped before answering; whether the writes were committed is unknown")]
    CommitterStopped,
}

/// The board's storage. Both implementations pass the same test suite
/// (`crates/board/tests/store.rs`).
pub trait Store: Clone + Send + Sync + 'static {
    /// Creates an election whose log holds `first` (its definition) at index 0.
    fn create_election(
        &self,
        election: &str,
        first: NewEntry,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Every election (every log), in id order, with the kind of its entry 0.
    fn elections(&self) -> impl Future<Output = Result<Vec<ElectionSummary>, StoreError>> + Send;

    /// Appends `entries` at indices `expected_size..`, durably, in one transaction that
    /// fails with [`StoreError::Conflict`] (storing nothing) if the log does not have
    /// exactly `expected_size` entries.
    fn append(
        &self,
        election: &str,
        expected_size: u64,
        entries: Vec<NewEntry>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        write_one(
            self,
            Write::Append {
                election: election.to_owned(),
                expected_size,
                entries,
            },
        )
    }

    /// Commits `writes` in one durable transaction, in order, and answers each: a write the
    /// store refuses ([`StoreError::Conflict`], [`StoreError::UnknownElection`]) is left
    /// out alone and the others are committed; a failure of the transaction itself is every
    /// write's answer, and then none of them was stored. Appends to one election later in
    /// the batch expect the size the earlier ones leave.
    fn write_batch(
        &self,
        writes: Vec<Write>,
    ) -> impl Future<Output = Vec<Result<(), StoreError>>> + Send;

    /// Up to `limit` entries from index `from`, in order.
    fn entries(
        &self,
        election: &str,
        from: u64,
        limit: u64,
    ) -> impl Future<Output = Result<Vec<StoredEntry>, StoreError>> + Send;

    /// The index of the ballot or audited ballot whose tracking bytes are `tracking` (the
    /// first, should two entries carry the same bytes).
    fn find_tracking(
        &self,
        election: &str,
        tracking: [u8; 10],
    ) -> impl Future<Output = Result<Option<u64>, StoreError>> + Send;

    /// Stores a signed checkpoint (its text) for `size`, durably; storing one for a size
    /// that has one keeps the first.
    fn save_checkpoint(
        &self,
        election: &str,
        size: u64,
        text: String,
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        write_one(
            self,
            Write::Checkpoint {
                election: election.to_owned(),
                size,
                text,
            },
        )
    }

    /// The stored checkpoint with the largest size.
    fn latest_checkpoint(
        &self,
        election: &str,
    ) -> impl Future<Output = Result<Option<(u64, String)>, StoreError>> + Send;
}

/// Commits one write, as a batch of its own.
async fn write_one<S: Store>(store: &S, write: Write) -> Result<(), StoreError> {
    let mut answers = store.write_batch(vec![write]).await;
    match (answers.pop(), answers.is_empty()) {
        (Some(answer), true) => answer,
        (_, _) => Err(StoreError::Database(
            "the store answered a batch of one write with another number of answers".to_owned(),
        )),
    }
}

/// What a batch's transaction writes, decided from the sizes its logs have once the
/// transaction holds them (`sizes`: the elections that exist, with their sizes), and each
/// write's answer should the transaction commit.
struct Plan<'a> {
    answers: Vec<Result<(), StoreError>>,
    /// The appends to make: the election, the index of the first entry, the entries.
    appends: Vec<(&'a str, u64, &'a [NewEntry])>,
    /// The new size of every log appended to, in election order.
    sizes: BTreeMap<&'a str, u64>,
    /// The checkpoints to store: the election, the size, the text.
    checkpoints: Vec<(&'a str, u64, &'a str)>,
}

impl<'a> Plan<'a> {
    /// Holds each write to the log as the writes before it in the batch leave it.
    fn new(writes: &'a [Write], sizes: &HashMap<String, u64>) -> Plan<'a> {
        let mut plan = Plan {
            answers: Vec::with_capacity(writes.len()),
            appends: Vec::new(),
            sizes: BTreeMap::new(),
            checkpoints: Vec::new(),
        };
        for write in writes {
            let election = write.election();
            let Some(&stored) = sizes.get(election) else {
                plan.answers
                    .push(Err(StoreError::UnknownElection(election.to_owned())));
                continue;
            };
            let answer = match write {
                Write::Append {
                    expected_size,
                    entries,
                    ..
                } => {
                    let actual = plan.sizes.get(election).copied().unwrap_or(stored);
                    plan.append(election, actual, *expected_size, entries)
                }
                Write::Checkpoint { size, text, .. } => {
                    plan.checkpoints.push((election, *size, text));
                    Ok(())
                }
            };
            plan.answers.push(answer);
        }
        plan
    }

    fn append(
        &mut self,
        election: &'a str,
        actual: u64,
        expected: u64,
        entries: &'a [NewEntry],
    ) -> Result<(), StoreError> {
        if actual != expected {
            return Err(StoreError::Conflict {
                election: election.to_owned(),
                expected,
                actual,
            });
        }
        if entries.is_empty() {
            return Ok(());
        }
        let new_size = u64::try_from(entries.len())
            .ok()
            .and_then(|added| expected.checked_add(added))
            .ok_or_else(|| {
                StoreError::Database(format!(
                    "the log of election `{election}` would outgrow its index"
                ))
            })?;
        self.appends.push((election, expected, entries));
        self.sizes.insert(election, new_size);
        Ok(())
    }
}

/// Runs `transaction` over a batch's writes: its answers if it committed, else its failure
/// as every write's answer.
async fn answer_batch<F>(writes: &[Write], transaction: F) -> Vec<Result<(), StoreError>>
where
    F: Future<Output = Result<Vec<Result<(), StoreError>>, StoreError>>,
{
    if writes.is_empty() {
        return Vec::new();
    }
    match transaction.await {
        Ok(answers) => answers,
        Err(error) => vec![Err(error); writes.len()],
    }
}

/// A log index or size as the databases store it (a signed 64-bit integer).
fn to_sql(value: u64) -> Result<i64, StoreError> {
    i64::try_from(value)
        .map_err(|_| StoreError::Database(format!("{value} exceeds the largest storable index")))
}

/// A log index or size read back from the database, where a `CHECK (… >= 0)` keeps it
/// non-negative.
fn from_sql(value: i64) -> Result<u64, StoreError> {
    u64::try_from(value)
        .map_err(|_| StoreError::Database(format!("corrupt store: negative index or size {value}")))
}

/// The columns of a stored entry, in the order both backends select them.
type EntryRow = (i64, String, i64, Vec<u8>, String, Option<Vec<u8>>);

/// Rebuilds a [`StoredEntry`] from its columns, refusing ones the `CHECK` constraints
/// should have kept out, so that corruption surfaces as an error rather than a wrong hash.
fn decode_entry(
    (index, kind, received_at, leaf_hash, json, tracking): EntryRow,
) -> Result<StoredEntry, StoreError> {
    let corrupt =
        |what: &str| StoreError::Database(format!("corrupt store: {what} at index {index}"));
    let leaf_hash = Hash::try_from(leaf_hash.as_slice()).map_err(|_| corrupt("leaf hash"))?;
    let tracking = tracking
        .map(|bytes| <[u8; 10]>::try_from(bytes.as_slice()).map_err(|_| corrupt("tracking bytes")))
        .transpose()?;
    Ok(StoredEntry {
        index: from_sql(index)?,
        entry: NewEntry {
            kind,
            received_at,
            leaf_hash,
            json,
            tracking,
        },
    })
}

/// Closes `pool` and waits, for a few seconds at most, until its last connection is closed.
///
/// sqlx 0.8.6's `Pool::close` can return with a connection still open (launchbadge/sqlx
/// issue 3217, fixed upstream by pull request 3952): a connection goes back to its pool from a spawned task, and one that
/// lands in the idle queue after `close` emptied it stays open for the life of the pool.
/// Closing again once it has landed catches it. It matters for SQLite: the last connection
/// to close checkpoints the write-ahead log, and while one stays open a new connection to
/// the file in the same process reuses its file descriptor — read-write even after the
/// file was made read-only.
async fn close_pool<DB: sqlx::Database>(pool: &sqlx::Pool<DB>) {
    const PATIENCE: Duration = Duration::from_secs(5);
    let start = Instant::now();
    pool.close().await;
    while pool.size() > 0 && start.elapsed() < PATIENCE {
        tokio::time::sleep(Duration::from_millis(5)).await;
        pool.close().await;
    }
}
