//! The embedded default: the whole board in one SQLite file.
//!
//! Durability: the file is in WAL mode with `synchronous=FULL`, so a commit returns only
//! after the write-ahead log has been fsynced — an acknowledged append survives a power
//! cut, not only a crash of the process.
//!
//! Writes open with `BEGIN IMMEDIATE`, which takes the database's write lock before the
//! transaction reads anything. With a deferred `BEGIN`, two writers could both read the
//! log's size and then both try to upgrade to a write lock, and one would fail with
//! `SQLITE_BUSY` in the middle of its transaction; taking the lock first makes the second
//! writer wait (up to the busy timeout) and then read the size the first one left.
//!
//! Each store writes through one connection and reads through a small pool of others:
//! appends from one process then queue for that connection instead of polling the file
//! lock, and under WAL readers never wait for the writer. Several processes may still
//! open the same file; they take turns through the file lock.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, Executor, Sqlite, SqliteConnection};

use super::{
    answer_batch, close_pool, decode_entry, from_sql, to_sql, ElectionSummary, EntryRow, NewEntry,
    Plan, Store, StoreError, StoredEntry, Write,
};

/// How long a writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections for reads; under WAL they run alongside the writer.
const READERS: u32 = 4;

/// SQLite's primary result code for "database is locked".
const SQLITE_BUSY: i32 = 5;

/// SQLite's primary result code for "attempt to write a readonly database"
/// (<https://www.sqlite.org/rescode.html#readonly>).
const SQLITE_READONLY: i32 = 8;

/// SQLite's primary result code for "database or disk is full"
/// (<https://www.sqlite.org/rescode.html#full>), which it also returns when the
/// filesystem reports `ENOSPC`.
const SQLITE_FULL: i32 = 13;

/// The table that records which of [`MIGRATIONS`] a database has had.
const VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS zhixuan_schema_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT";

/// The schema, one script per version: a database at version `n` has had the first `n`.
/// Scripts are never edited once released; a change is a new script.
///
/// `entries` keeps its rowid (no `WITHOUT ROWID`) because its rows — ballots with their
/// proofs — are several kilobytes, and SQLite advises rowid tables for rows that large.
const MIGRATIONS: &[&str] = &["
CREATE TABLE elections (
    id TEXT PRIMARY KEY NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0)
) WITHOUT ROWID, STRICT;

CREATE TABLE entries (
    election TEXT NOT NULL REFERENCES elections (id),
    idx INTEGER NOT NULL CHECK (idx >= 0),
    kind TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32),
    json TEXT NOT NULL,
    tracking BLOB CHECK (length(tracking) = 10),
    UNIQUE (election, idx)
) STRICT;

CREATE INDEX entries_by_tracking ON entries (election, tracking) WHERE tracking IS NOT NULL;

CREATE TABLE checkpoints (
    election TEXT NOT NULL REFERENCES elections (id),
    size INTEGER NOT NULL CHECK (size >= 0),
    text TEXT NOT NULL,
    PRIMARY KEY (election, size)
) WITHOUT ROWID, STRICT;
"];

/// The board's log in one SQLite file. Cloning is cheap and shares the connections.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl SqliteStore {
    /// Opens the database at `path`, creating the file and bringing its schema up to date.
    ///
    /// Fails if the file was written by a newer board, with a schema this one does not know.
    pub async fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .busy_timeout(BUSY_TIMEOUT)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone().create_if_missing(true))
            .await
            .map_err(db_error)?;
        enable_wal(&writer).await?;
        migrate(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(READERS)
            .connect_with(options)
            .await
            .map_err(db_error)?;
        Ok(SqliteStore { writer, reader })
    }

    /// Opens an existing database for reading only (SQLite's `SQLITE_OPEN_READONLY`, what
    /// `?mode=ro` asks for): reads work and every write fails with
    /// [`StoreError::Unwritable`]. For serving or exporting a copy of a board's file.
    ///
    /// Fails if the schema is not exactly the one this board writes, since it cannot be
    /// migrated here.
    pub async fn open_read_only(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let pool = SqlitePoolOptions::new()
            .max_connections(READERS)
            .connect_with(
                SqliteConnectOptions::new()
                    .filename(path)
                    .read_only(true)
                    .busy_timeout(BUSY_TIMEOUT),
            )
            .await
            .map_err(db_error)?;
        let mut conn = pool.acquire().await.map_err(db_error)?;
        let version = schema_version(&mut conn).await?;
        drop(conn);
        if version != latest_version() {
            return Err(StoreError::Database(format!(
                "the database has schema version {version}, this board reads version {}",
                latest_version()
            )));
        }
        Ok(SqliteStore {
            writer: pool.clone(),
            reader: pool,
        })
    }

    /// Closes the connections, waiting for those in use to be returned. The last
    /// connection to close checkpoints the write-ahead log into the main file.
    pub async fn close(&self) {
        close_pool(&self.writer).await;
        close_pool(&self.reader).await;
    }

    /// Whether `election` exists, through `conn`.
    async fn exists(conn: &mut sqlx::SqliteConnection, election: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM elections WHERE id = ?")
            .bind(election)
            .fetch_optional(conn)
            .await
            .map_err(db_error)?;
        Ok(found.is_some())
    }

    /// Writes a batch in one transaction on the writer connection ([`commit_on`]),
    /// replacing the connection if the transaction failed.
    async fn commit_batch(
        &self,
        writes: &[Write],
    ) -> Result<Vec<Result<(), StoreError>>, StoreError> {
        let mut conn = self.writer.acquire().await.map_err(db_error)?;
        let committed = commit_on(&mut conn, writes).await;
        replace_if_failed(&mut conn, &committed);
        committed
    }

    /// `Ok` if `election` exists (read through the reader pool), else `UnknownElection`.
    async fn require(&self, election: &str) -> Result<(), StoreError> {
        let mut conn = self.reader.acquire().await.map_err(db_error)?;
        if SqliteStore::exists(&mut conn, election).await? {
            Ok(())
        } else {
            Err(StoreError::UnknownElection(election.to_owned()))
        }
    }
}

impl Store for SqliteStore {
    async fn create_election(&self, election: &str, first: NewEntry) -> Result<(), StoreError> {
        let mut conn = self.writer.acquire().await.map_err(db_error)?;
        let created = create_on(&mut conn, election, first).await;
        replace_if_failed(&mut conn, &created);
        created
    }

    async fn elections(&self) -> Result<Vec<ElectionSummary>, StoreError> {
        let rows: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT e.id, e.size, COALESCE(f.kind, '') FROM elections e \
             LEFT JOIN entries f ON f.election = e.id AND f.idx = 0 ORDER BY e.id",
        )
        .fetch_all(&self.reader)
        .await
        .map_err(db_error)?;
        rows.into_iter()
            .map(|(id, size, first_kind)| {
                Ok(ElectionSummary {
                    id,
                    size: from_sql(size)?,
                    first_kind,
                })
            })
            .collect()
    }

    async fn write_batch(&self, writes: Vec<Write>) -> Vec<Result<(), StoreError>> {
        answer_batch(&writes, self.commit_batch(&writes)).await
    }

    async fn entries(
        &self,
        election: &str,
        from: u64,
        limit: u64,
    ) -> Result<Vec<StoredEntry>, StoreError> {
        // Past the largest storable index there is nothing to read, so clamping is exact.
        let from = i64::try_from(from).unwrap_or(i64::MAX);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows: Vec<EntryRow> = sqlx::query_as(
            "SELECT idx, kind, received_at, leaf_hash, json, tracking FROM entries
             WHERE election = ? AND idx >= ? ORDER BY idx LIMIT ?",
        )
        .bind(election)
        .bind(from)
        .bind(limit)
        .fetch_all(&self.reader)
        .await
        .map_err(db_error)?;
        // An empty page is the one case that needs a second look: the election may not exist.
        if rows.is_empty() {
            self.require(election).await?;
        }
        rows.into_iter().map(decode_entry).collect()
    }

    async fn find_tracking(
        &self,
        election: &str,
        tracking: [u8; 10],
    ) -> Result<Option<u64>, StoreError> {
        let index: Option<i64> = sqlx::query_scalar(
            "SELECT idx FROM entries WHERE election = ? AND tracking = ? ORDER BY idx LIMIT 1",
        )
        .bind(election)
        .bind(&tracking[..])
        .fetch_optional(&self.reader)
        .await
        .map_err(db_error)?;
        match index {
            Some(index) => from_sql(index).map(Some),
            None => self.require(election).await.map(|()| None),
        }
    }

    async fn latest_checkpoint(&self, election: &str) -> Result<Option<(u64, String)>, StoreError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT size, text FROM checkpoints WHERE election = ? ORDER BY size DESC LIMIT 1",
        )
        .bind(election)
        .fetch_optional(&self.reader)
        .await
        .map_err(db_error)?;
        match row {
            Some((size, text)) => Ok(Some((from_sql(size)?, text))),
            None => self.require(election).await.map(|()| None),
        }
    }
}

/// Writes a batch in one transaction under the write lock: the sizes are read first,
/// so what the plan decides is what the logs are until the commit. Apart from the
/// entries (each one row through the prepared insert), the batch costs one statement
/// per kind of work, whatever the number of elections: the elections' ids, sizes and
/// checkpoints go in as one JSON parameter that `json_each` turns into rows. Each
/// statement is a round trip to the connection's thread, which a season's batches — an
/// election or two per ballot — would otherwise pay several times per ballot.
async fn commit_on(
    conn: &mut SqliteConnection,
    writes: &[Write],
) -> Result<Vec<Result<(), StoreError>>, StoreError> {
    let ids: BTreeSet<&str> = writes.iter().map(Write::election).collect();
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)?;
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT id, size FROM elections WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(json(&ids)?)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_error)?;
    let sizes = rows
        .into_iter()
        .map(|(id, size)| Ok((id, from_sql(size)?)))
        .collect::<Result<HashMap<_, _>, StoreError>>()?;
    let plan = Plan::new(writes, &sizes);
    for (election, first, entries) in &plan.appends {
        insert_entries(&mut tx, election, *first, entries).await?;
    }
    if !plan.sizes.is_empty() {
        let new_sizes = plan
            .sizes
            .iter()
            .map(|(id, size)| Ok((*id, to_sql(*size)?)))
            .collect::<Result<BTreeMap<_, _>, StoreError>>()?;
        sqlx::query(
            "UPDATE elections SET size = new.value FROM json_each(?) AS new
             WHERE elections.id = new.key",
        )
        .bind(json(&new_sizes)?)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    }
    if !plan.checkpoints.is_empty() {
        let checkpoints = plan
            .checkpoints
            .iter()
            .map(|(id, size, text)| Ok((*id, to_sql(*size)?, *text)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        // `WHERE true` keeps SQLite from reading `ON CONFLICT` as a join's `ON`.
        sqlx::query(
            "INSERT INTO checkpoints (election, size, text)
             SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true
             ON CONFLICT (election, size) DO NOTHING",
        )
        .bind(json(&checkpoints)?)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    }
    tx.commit().await.map_err(db_error)?;
    Ok(plan.answers)
}

/// Creates an election holding `first`, on the writer connection under the write lock.
async fn create_on(
    conn: &mut SqliteConnection,
    election: &str,
    first: NewEntry,
) -> Result<(), StoreError> {
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)?;
    let created =
        sqlx::query("INSERT INTO elections (id, size) VALUES (?, 1) ON CONFLICT (id) DO NOTHING")
            .bind(election)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
    if created == 0 {
        return Err(StoreError::ElectionExists(election.to_owned()));
    }
    insert_entries(&mut tx, election, 0, &[first]).await?;
    tx.commit().await.map_err(db_error)
}

/// Has the pool replace the writer connection after a failed transaction. SQLite rolls
/// some failed transactions back itself (a full disk, `SQLITE_FULL`); sqlx's own rollback
/// then fails and leaves the connection marked as inside a transaction, refusing every
/// later `BEGIN`. A refusal (`ElectionExists`) rolled back normally and keeps it.
fn replace_if_failed<T>(conn: &mut PoolConnection<Sqlite>, result: &Result<T, StoreError>) {
    if matches!(
        result,
        Err(StoreError::Database(_) | StoreError::Unwritable(_))
    ) {
        conn.close_on_drop();
    }
}

/// Inserts `entries` at indices `first..` through the statement SQLite's connection keeps
/// prepared, so a batch costs one parse and one fsync however long it is.
async fn insert_entries(
    conn: &mut SqliteConnection,
    election: &str,
    first: u64,
    entries: &[NewEntry],
) -> Result<(), StoreError> {
    for (index, entry) in (first..).zip(entries) {
        sqlx::query(
            "INSERT INTO entries (election, idx, kind, received_at, leaf_hash, json, tracking)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(election)
        .bind(to_sql(index)?)
        .bind(entry.kind.as_str())
        .bind(entry.received_at)
        .bind(&entry.leaf_hash.as_bytes()[..])
        .bind(entry.json.as_str())
        .bind(entry.tracking.as_ref().map(|bytes| &bytes[..]))
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

/// A statement's parameter as JSON text, for `json_each` to turn into rows.
fn json(value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Database(format!("cannot encode a batch's parameter: {e}")))
}

/// Puts the file in WAL mode, which then stays with the file.
///
/// Switching a new file to WAL needs an exclusive lock, and SQLite does not wait for that
/// one with the busy timeout: when several servers open the same new file at once, the
/// switch fails with `SQLITE_BUSY` for all but one. So it is retried for as long as the
/// busy timeout would have waited. A file already in WAL mode answers at once, taking no
/// lock.
async fn enable_wal(writer: &SqlitePool) -> Result<(), StoreError> {
    let start = Instant::now();
    loop {
        let mode: Result<String, sqlx::Error> = sqlx::query_scalar("PRAGMA journal_mode = WAL")
            .fetch_one(writer)
            .await;
        match mode {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(mode) => {
                return Err(StoreError::Database(format!(
                    "the database stays in journal mode `{mode}` instead of WAL"
                )))
            }
            Err(error)
                if primary_code(&error) == Some(SQLITE_BUSY) && start.elapsed() < BUSY_TIMEOUT =>
            {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Err(error) => return Err(db_error(error)),
        }
    }
}

/// The number of [`MIGRATIONS`] this board knows.
fn latest_version() -> i64 {
    // A handful of scripts: the conversion cannot fail.
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

/// The schema version recorded in the database; 0 for a database without the table.
async fn schema_version(conn: &mut sqlx::SqliteConnection) -> Result<i64, StoreError> {
    let has_table: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'zhixuan_schema_version'",
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_error)?;
    if has_table.is_none() {
        return Ok(0);
    }
    let version: Option<i64> =
        sqlx::query_scalar("SELECT version FROM zhixuan_schema_version WHERE id = 1")
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_error)?;
    Ok(version.unwrap_or(0))
}

/// Brings the schema up to date. An up-to-date database is only read, so opening one
/// takes no write lock; otherwise the check is repeated under the write lock, because
/// another process may have migrated the file in between.
async fn migrate(writer: &SqlitePool) -> Result<(), StoreError> {
    let latest = latest_version();
    {
        let mut conn = writer.acquire().await.map_err(db_error)?;
        if schema_version(&mut conn).await? == latest {
            return Ok(());
        }
    }
    let mut tx = writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(db_error)?;
    (&mut *tx)
        .execute(sqlx::raw_sql(VERSION_TABLE))
        .await
        .map_err(db_error)?;
    let current = schema_version(&mut tx).await?;
    if current > latest {
        return Err(StoreError::Database(format!(
            "the database has schema version {current}, newer than this board's {latest}"
        )));
    }
    let pending = usize::try_from(current)
        .ok()
        .and_then(|done| MIGRATIONS.get(done..))
        .unwrap_or_default();
    for script in pending {
        (&mut *tx)
            .execute(sqlx::raw_sql(script))
            .await
            .map_err(db_error)?;
    }
    sqlx::query(
        "INSERT INTO zhixuan_schema_version (id, version) VALUES (1, ?)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version",
    )
    .bind(latest)
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// Sorts SQLite's failures: a full disk or a read-only file means the board cannot accept
/// writes at all (the caller should stop and say so), anything else is a plain failure.
fn db_error(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
        let message = db.message();
        if matches!(primary_code(&error), Some(SQLITE_READONLY | SQLITE_FULL))
            || message.contains("database or disk is full")
            || message.contains("readonly database")
        {
            return StoreError::Unwritable(message.to_owned());
        }
    }
    StoreError::Database(error.to_string())
}

/// SQLite's primary result code for a failure the database reported.
fn primary_code(error: &sqlx::Error) -> Option<i32> {
    let sqlx::Error::Database(db) = error else {
        return None;
    };
    // sqlx reports SQLite's extended result code; its low byte is the primary code.
    db.code()
        .and_then(|code| code.parse::<i32>().ok())
        .map(|code| code & 0xff)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhixuan_record::hash_leaf;

    /// A full disk, simulated with `max_page_count` (SQLite then fails exactly as it does
    /// on `ENOSPC`, with `SQLITE_FULL`), is reported as `Unwritable`, to every write of the
    /// failed batch, and stores nothing; writes that fit go in afterwards.
    #[tokio::test]
    async fn a_full_database_is_unwritable() {
        let dir = std::env::temp_dir().join(format!(
            "zhixuan-sqlite-full-{}-{}",
            std::process::id(),
            line!()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("board.db");
        SqliteStore::open(&path).await.unwrap().close().await;

        // The schema fits in a few pages; 16 leave room for the election and little else.
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .pragma("max_page_count", "16");
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .unwrap();
        let store = SqliteStore {
            writer: pool.clone(),
            reader: pool,
        };
        let entry = |json: String| NewEntry {
            kind: "ballot".to_owned(),
            received_at: 0,
            leaf_hash: hash_leaf(json.as_bytes()),
            json,
            tracking: None,
        };
        for id in ["e", "f"] {
            store
                .create_election(id, entry("{}".to_owned()))
                .await
                .unwrap();
        }
        let big = vec![entry("x".repeat(200_000))];
        let unwritable = |answer: &Result<(), StoreError>| match answer {
            Err(StoreError::Unwritable(message)) => assert!(message.contains("full"), "{message}"),
            other => panic!("expected Unwritable, got {other:?}"),
        };
        unwritable(&store.append("e", 1, big.clone()).await);
        assert_eq!(store.entries("e", 0, 10).await.unwrap().len(), 1);
        // A batch is one transaction: the small group that fits fails with the big one,
        // and neither is stored.
        let answers = store
            .write_batch(vec![
                Write::Append {
                    election: "f".to_owned(),
                    expected_size: 1,
                    entries: vec![entry("{\"small\":1}".to_owned())],
                },
                Write::Append {
                    election: "e".to_owned(),
                    expected_size: 1,
                    entries: big,
                },
            ])
            .await;
        assert_eq!(answers.len(), 2);
        answers.iter().for_each(unwritable);
        assert_eq!(store.entries("f", 0, 10).await.unwrap().len(), 1);
        assert_eq!(store.entries("e", 0, 10).await.unwrap().len(), 1);
        // The failed transactions left no connection stuck in them: what fits still goes in.
        store
            .append("f", 1, vec![entry("{\"small\":2}".to_owned())])
            .await
            .unwrap();
        assert_eq!(store.entries("f", 0, 10).await.unwrap().len(), 2);
        store.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
