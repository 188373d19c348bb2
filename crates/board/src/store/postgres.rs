//! PostgreSQL, for several board servers sharing one database behind a load balancer.
//!
//! Every server must sign the same tree, so the log's order is decided by the database,
//! not by any one server: [`Store::write_batch`] locks the rows of the elections it appends
//! to (`SELECT size … FOR NO KEY UPDATE`, in id order), compares the size it finds for
//! each with the one the server expected, and only then writes the entries at the
//! following indices and the new sizes, all in one transaction. A second server appending
//! at the same moment waits for the lock, then reads the new size and gets
//! [`StoreError::Conflict`] for that election (its appends to other elections still go in);
//! indices are therefore gapless and never assigned twice (the primary key
//! `(election, idx)` would also refuse a duplicate). `FOR NO KEY UPDATE` is the lock the size update takes anyway; unlike
//! `FOR UPDATE` it does not block other transactions' foreign-key checks against the
//! election (saving a checkpoint), which do not affect the order.
//!
//! Durability is the server's: with PostgreSQL's default `synchronous_commit = on` a commit
//! returns after its WAL record is flushed.
//!
//! The schema is created and migrated under a transaction-scoped advisory lock, so several
//! servers starting at once take turns and the later ones find it done.

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Executor, PgConnection, Postgres, Transaction};

use super::{
    answer_batch, close_pool, decode_entry, from_sql, to_sql, ElectionSummary, EntryRow, NewEntry,
    Plan, Store, StoreError, StoredEntry, Write,
};

/// Connections per server: enough for reads to run beside the single writer.
const POOL_SIZE: u32 = 8;

/// How long a request waits for a free connection.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// The advisory lock key that serialises schema creation: "zhixuan" in ASCII.
const SCHEMA_LOCK: i64 = 0x007a_6869_7875_616e;

/// PostgreSQL's SQLSTATE for `disk_full`.
const DISK_FULL: &str = "53100";

/// PostgreSQL's SQLSTATE for `read_only_sql_transaction` (a hot standby, or
/// `default_transaction_read_only`).
const READ_ONLY_SQL_TRANSACTION: &str = "25006";

/// The table that records which of [`MIGRATIONS`] a database has had.
const VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS zhixuan_schema_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
)";

/// The schema, one script per version: a database at version `n` has had the first `n`.
/// Scripts are never edited once released; a change is a new script.
///
/// Election ids use the "C" collation so that [`Store::elections`] lists them in the same
/// (byte) order as SQLite, whatever the database's default collation. Entries are `TEXT`,
/// not `JSONB`, because the board must hand back the exact bytes it hashed.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE elections (
    id TEXT COLLATE "C" PRIMARY KEY,
    size BIGINT NOT NULL CHECK (size >= 0)
);

CREATE TABLE entries (
    election TEXT COLLATE "C" NOT NULL REFERENCES elections (id),
    idx BIGINT NOT NULL CHECK (idx >= 0),
    kind TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    leaf_hash BYTEA NOT NULL CHECK (octet_length(leaf_hash) = 32),
    json TEXT NOT NULL,
    tracking BYTEA CHECK (octet_length(tracking) = 10),
    PRIMARY KEY (election, idx)
);

CREATE INDEX entries_by_tracking ON entries (election, tracking) WHERE tracking IS NOT NULL;

CREATE TABLE checkpoints (
    election TEXT COLLATE "C" NOT NULL REFERENCES elections (id),
    size BIGINT NOT NULL CHECK (size >= 0),
    text TEXT NOT NULL,
    PRIMARY KEY (election, size)
);
"#];

/// The board's log in a PostgreSQL database shared by several board servers. Cloning is
/// cheap and shares the connection pool.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user@host:port/database`) and brings
    /// the schema up to date. The tables go where the connection's `search_path` puts them:
    /// the `public` schema unless the URL says otherwise.
    pub async fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        PostgresStore::connect_with(parse_url(url)?, None).await
    }

    /// Like [`PostgresStore::connect`], but keeps the board's tables in `schema`, created if
    /// missing, so that several boards (or tests) can share one database without seeing each
    /// other. `schema` must be 1 to 63 lowercase ASCII letters, digits and underscores, not
    /// starting with a digit: a name that needs no quoting anywhere.
    pub async fn connect_in_schema(url: &str, schema: &str) -> Result<PostgresStore, StoreError> {
        let plain = !schema.is_empty()
            && schema.len() <= 63
            && !schema.starts_with(|c: char| c.is_ascii_digit())
            && schema
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !plain {
            return Err(StoreError::Database(format!(
                "`{schema}` is not a plain schema name (lowercase letters, digits, `_`)"
            )));
        }
        // Every pooled connection starts with this search path, so no query names the schema.
        let options = parse_url(url)?.options([("search_path", schema)]);
        PostgresStore::connect_with(options, Some(schema)).await
    }

    /// Closes the pool, waiting for connections in use to be returned.
    pub async fn close(&self) {
        close_pool(&self.pool).await;
    }

    async fn connect_with(
        options: PgConnectOptions,
        schema: Option<&str>,
    ) -> Result<PostgresStore, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(db_error)?;
        migrate(&pool, schema).await?;
        Ok(PostgresStore { pool })
    }

    /// Writes a batch in one transaction. The rows of the elections appended to are locked
    /// first, in one statement and in id order — the order every server locks them in, so
    /// that two servers' batches wait for each other instead of deadlocking — and their
    /// sizes read under the lock decide which appends go in; one that conflicts is left out
    /// without rolling back the others.
    async fn commit_batch(
        &self,
        writes: &[Write],
    ) -> Result<Vec<Result<(), StoreError>>, StoreError> {
        let appended: BTreeSet<&str> = writes
            .iter()
            .filter(|write| matches!(write, Write::Append { .. }))
            .map(Write::election)
            .collect();
        // Checkpoints need only know their election exists; locking its row would make
        // them wait for other servers' appends for nothing.
        let others: BTreeSet<&str> = writes
            .iter()
            .map(Write::election)
            .filter(|election| !appended.contains(election))
            .collect();
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let mut rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT id, size FROM elections WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
        )
        .bind(appended.into_iter().collect::<Vec<_>>())
        .fetch_all(&mut *tx)
        .await
        .map_err(db_error)?;
        if !others.is_empty() {
            let known: Vec<(String, i64)> =
                sqlx::query_as("SELECT id, size FROM elections WHERE id = ANY($1)")
                    .bind(others.into_iter().collect::<Vec<_>>())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?;
            rows.extend(known);
        }
        let sizes = rows
            .into_iter()
            .map(|(id, size)| Ok((id, from_sql(size)?)))
            .collect::<Result<HashMap<_, _>, StoreError>>()?;
        let plan = Plan::new(writes, &sizes);
        if !plan.appends.is_empty() {
            insert_entries(&mut tx, &plan.appends).await?;
            let (ids, new_sizes): (Vec<&str>, Vec<i64>) = plan
                .sizes
                .iter()
                .map(|(id, size)| Ok((*id, to_sql(*size)?)))
                .collect::<Result<Vec<_>, StoreError>>()?
                .into_iter()
                .unzip();
            sqlx::query(
                "UPDATE elections SET size = new.size
                 FROM UNNEST($1::TEXT[], $2::BIGINT[]) AS new (id, size)
                 WHERE elections.id = new.id",
            )
            .bind(ids)
            .bind(new_sizes)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        if !plan.checkpoints.is_empty() {
            insert_checkpoints(&mut tx, &plan.checkpoints).await?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(plan.answers)
    }

    /// `Ok` if `election` exists, else `UnknownElection`.
    async fn require(&self, election: &str) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db_error)?;
        require(&mut conn, election).await
    }
}

impl Store for PostgresStore {
    async fn create_election(&self, election: &str, first: NewEntry) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let created = sqlx::query(
            "INSERT INTO elections (id, size) VALUES ($1, 1) ON CONFLICT (id) DO NOTHING",
        )
        .bind(election)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?
        .rows_affected();
        if created == 0 {
            return Err(StoreError::ElectionExists(election.to_owned()));
        }
        insert_entries(&mut tx, &[(election, 0, &[first])]).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn elections(&self) -> Result<Vec<ElectionSummary>, StoreError> {
        let rows: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT e.id, e.size, COALESCE(f.kind, '') FROM elections e \
             LEFT JOIN entries f ON f.election = e.id AND f.idx = 0 ORDER BY e.id",
        )
        .fetch_all(&self.pool)
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
             WHERE election = $1 AND idx >= $2 ORDER BY idx LIMIT $3",
        )
        .bind(election)
        .bind(from)
        .bind(limit)
        .fetch_all(&self.pool)
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
            "SELECT idx FROM entries WHERE election = $1 AND tracking = $2 ORDER BY idx LIMIT 1",
        )
        .bind(election)
        .bind(&tracking[..])
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        match index {
            Some(index) => from_sql(index).map(Some),
            None => self.require(election).await.map(|()| None),
        }
    }

    async fn latest_checkpoint(&self, election: &str) -> Result<Option<(u64, String)>, StoreError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT size, text FROM checkpoints WHERE election = $1 ORDER BY size DESC LIMIT 1",
        )
        .bind(election)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        match row {
            Some((size, text)) => Ok(Some((from_sql(size)?, text))),
            None => self.require(election).await.map(|()| None),
        }
    }
}

/// Inserts each group's entries at indices `first..` of its election's log with one
/// statement, whatever the batch size: the columns go as arrays and `UNNEST` turns them back
/// into rows, so a batch is one round trip and the statement text (and its prepared plan)
/// never changes.
async fn insert_entries(
    tx: &mut Transaction<'static, Postgres>,
    groups: &[(&str, u64, &[NewEntry])],
) -> Result<(), StoreError> {
    let count = groups.iter().map(|(_, _, entries)| entries.len()).sum();
    let mut elections = Vec::with_capacity(count);
    let mut indices = Vec::with_capacity(count);
    let mut kinds = Vec::with_capacity(count);
    let mut received = Vec::with_capacity(count);
    let mut leaf_hashes = Vec::with_capacity(count);
    let mut jsons = Vec::with_capacity(count);
    let mut trackings = Vec::with_capacity(count);
    for (election, first, entries) in groups {
        for (index, entry) in (*first..).zip(entries.iter()) {
            elections.push(*election);
            indices.push(to_sql(index)?);
            kinds.push(entry.kind.as_str());
            received.push(entry.received_at);
            leaf_hashes.push(&entry.leaf_hash.as_bytes()[..]);
            jsons.push(entry.json.as_str());
            trackings.push(entry.tracking.as_ref().map(|bytes| &bytes[..]));
        }
    }
    sqlx::query(
        "INSERT INTO entries (election, idx, kind, received_at, leaf_hash, json, tracking)
         SELECT * FROM UNNEST($1::TEXT[], $2::BIGINT[], $3::TEXT[], $4::BIGINT[],
                              $5::BYTEA[], $6::TEXT[], $7::BYTEA[])",
    )
    .bind(elections)
    .bind(indices)
    .bind(kinds)
    .bind(received)
    .bind(leaf_hashes)
    .bind(jsons)
    .bind(trackings)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(())
}

/// Inserts checkpoints with one statement, keeping the first stored for a size. They go in
/// (election, size) order: two servers storing the same checkpoints then wait on them in
/// the same order, and cannot deadlock.
async fn insert_checkpoints(
    tx: &mut Transaction<'static, Postgres>,
    checkpoints: &[(&str, u64, &str)],
) -> Result<(), StoreError> {
    let mut sorted = checkpoints.to_vec();
    sorted.sort_unstable();
    let mut elections = Vec::with_capacity(sorted.len());
    let mut sizes = Vec::with_capacity(sorted.len());
    let mut texts = Vec::with_capacity(sorted.len());
    for (election, size, text) in sorted {
        elections.push(election);
        sizes.push(to_sql(size)?);
        texts.push(text);
    }
    sqlx::query(
        "INSERT INTO checkpoints (election, size, text)
         SELECT new.election, new.size, new.text
         FROM UNNEST($1::TEXT[], $2::BIGINT[], $3::TEXT[]) WITH ORDINALITY
             AS new (election, size, text, position)
         ORDER BY position
         ON CONFLICT (election, size) DO NOTHING",
    )
    .bind(elections)
    .bind(sizes)
    .bind(texts)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(())
}

/// `Ok` if `election` exists, else `UnknownElection`.
async fn require(conn: &mut PgConnection, election: &str) -> Result<(), StoreError> {
    let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM elections WHERE id = $1")
        .bind(election)
        .fetch_optional(conn)
        .await
        .map_err(db_error)?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::UnknownElection(election.to_owned())),
    }
}

/// Parses a connection URL. The error says what is wrong with it but never repeats it,
/// since a URL may carry a password.
fn parse_url(url: &str) -> Result<PgConnectOptions, StoreError> {
    PgConnectOptions::from_str(url)
        .map_err(|error| StoreError::Database(format!("invalid PostgreSQL URL: {error}")))
}

/// Creates the schema (if one is named) and the tables, or migrates them, holding the
/// advisory lock so that servers starting together do not race: `CREATE … IF NOT EXISTS`
/// alone is not safe against a concurrent creation of the same name.
async fn migrate(pool: &PgPool, schema: Option<&str>) -> Result<(), StoreError> {
    let latest = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
    let mut tx = pool.begin().await.map_err(db_error)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(SCHEMA_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    if let Some(schema) = schema {
        // `connect_in_schema` admitted only names that need no quoting.
        (&mut *tx)
            .execute(sqlx::raw_sql(&format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}"
            )))
            .await
            .map_err(db_error)?;
    }
    (&mut *tx)
        .execute(sqlx::raw_sql(VERSION_TABLE))
        .await
        .map_err(db_error)?;
    let current: i64 =
        sqlx::query_scalar("SELECT version FROM zhixuan_schema_version WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?
            .unwrap_or(0);
    if current > latest {
        return Err(StoreError::Database(format!(
            "the database has schema version {current}, newer than this board's {latest}"
        )));
    }
    if current == latest {
        return tx.commit().await.map_err(db_error);
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
        "INSERT INTO zhixuan_schema_version (id, version) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version",
    )
    .bind(latest)
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// Sorts PostgreSQL's failures: a full disk or a read-only server means the board cannot
/// accept writes at all (the caller should stop and say so), anything else is a plain
/// failure.
fn db_error(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
        if matches!(
            db.code().as_deref(),
            Some(DISK_FULL | READ_ONLY_SQL_TRANSACTION)
        ) {
            return StoreError::Unwritable(db.message().to_owned());
        }
    }
    StoreError::Database(error.to_string())
}
