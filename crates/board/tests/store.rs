//! The storage suite: every test is written once, generic over a [`Backend`], and run
//! against SQLite and against PostgreSQL.
//!
//! Each PostgreSQL test works in a schema of its own, dropped at the end (also when the
//! test fails); the test kit's `Schema` says which server, and what happens when it is
//! unreachable.

use std::collections::BTreeSet;
use std::future::Future;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::Instant;

use zhixuan_board::{
    ElectionSummary, GroupCommit, NewEntry, PostgresStore, SqliteStore, Store, StoreError,
    StoredEntry, Write,
};
use zhixuan_record::hash_leaf;
use zhixuan_testkit::{Schema, TempDir};

/// A database for one test, and a way to open handles on it.
trait Backend {
    /// The store under test.
    type Store: Store;

    /// A new handle on this test's database: a second board server, or the same one after
    /// a restart.
    fn open(&self) -> impl Future<Output = Self::Store> + Send;

    /// Closes a handle, as a server does when it stops.
    fn close(store: Self::Store) -> impl Future<Output = ()> + Send;

    /// The backend's name, for printed measurements.
    fn name(&self) -> &'static str;
}

/// A SQLite file in a directory of its own, removed afterwards.
struct Sqlite {
    dir: TempDir,
}

impl Sqlite {
    fn new() -> Sqlite {
        Sqlite {
            dir: TempDir::new("zhixuan_store"),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("board.db")
    }
}

impl Backend for Sqlite {
    type Store = SqliteStore;

    async fn open(&self) -> SqliteStore {
        SqliteStore::open(self.path()).await.unwrap()
    }

    async fn close(store: SqliteStore) {
        store.close().await;
    }

    fn name(&self) -> &'static str {
        "SQLite"
    }
}

/// A schema of its own in the PostgreSQL test database ([`Schema`] says what happens when
/// the server is unreachable).
impl Backend for Schema {
    type Store = PostgresStore;

    async fn open(&self) -> PostgresStore {
        PostgresStore::connect_in_schema(&self.url, &self.name)
            .await
            .unwrap()
    }

    async fn close(store: PostgresStore) {
        store.close().await;
    }

    fn name(&self) -> &'static str {
        "PostgreSQL"
    }
}

/// Runs each test function against both backends.
macro_rules! suite {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test(&super::Sqlite::new()).await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    if let Some(backend) = super::Schema::new().await {
                        super::$test(&backend).await;
                    }
                }
            )*
        }
    };
}

suite!(
    creates_and_lists_elections,
    refuses_a_second_election_with_the_same_id,
    reads_back_what_was_appended,
    assigns_gapless_indices,
    pages_through_entries,
    a_conflicting_append_stores_nothing,
    concurrent_appenders_lose_and_duplicate_nothing,
    concurrent_appenders_through_group_commits_lose_and_duplicate_nothing,
    a_batch_refuses_a_conflicting_group_alone,
    a_batch_refuses_an_unknown_election_alone,
    a_batch_of_empty_groups_only_checks_sizes,
    a_batch_stores_its_checkpoints_keeping_the_first,
    finds_entries_by_tracking_code,
    keeps_the_first_checkpoint_per_size_and_serves_the_latest,
    everything_survives_a_restart,
    servers_starting_together_share_one_schema,
    unknown_elections_are_errors,
    measures_batch_throughput,
);

/// An entry as the board would append it: its JSON names its index, as a `LogEntry` does.
fn entry(index: u64, kind: &str, body: &str, tracking: Option<[u8; 10]>) -> NewEntry {
    let json = format!(r#"{{"index":{index},"kind":"{kind}","body":{body}}}"#);
    NewEntry {
        kind: kind.to_owned(),
        received_at: 1_700_000_000 + i64::try_from(index).unwrap(),
        leaf_hash: hash_leaf(json.as_bytes()),
        json,
        tracking,
    }
}

fn definition() -> NewEntry {
    entry(0, "definition", r#"{"title":"直选 — test"}"#, None)
}

/// A ballot-sized entry (about 4 KB, like a 5-option ballot with its proofs).
fn ballot(index: u64, voter: u64) -> NewEntry {
    let mut tracking = [0u8; 10];
    tracking[..8].copy_from_slice(&voter.to_be_bytes());
    tracking[9] = 0xb0;
    let proofs = "ab".repeat(2_000);
    entry(
        index,
        "ballot",
        &format!(r#"{{"voter":{voter},"proofs":"{proofs}"}}"#),
        Some(tracking),
    )
}

async fn size<S: Store>(store: &S, election: &str) -> u64 {
    let elections = store.elections().await.unwrap();
    elections
        .iter()
        .find(|summary| summary.id == election)
        .unwrap()
        .size
}

async fn all_entries<S: Store>(store: &S, election: &str) -> Vec<StoredEntry> {
    store.entries(election, 0, u64::MAX).await.unwrap()
}

async fn creates_and_lists_elections<B: Backend>(backend: &B) {
    let store = backend.open().await;
    assert_eq!(store.elections().await.unwrap(), vec![]);
    // Created out of order, listed in byte order ("B" < "a" < "b" < "é").
    for id in ["b", "é", "a", "B"] {
        store.create_election(id, definition()).await.unwrap();
    }
    let summary = |id: &str| ElectionSummary {
        id: id.to_owned(),
        size: 1,
        first_kind: "definition".to_owned(),
    };
    assert_eq!(
        store.elections().await.unwrap(),
        vec![summary("B"), summary("a"), summary("b"), summary("é")]
    );
    B::close(store).await;
}

async fn refuses_a_second_election_with_the_same_id<B: Backend>(backend: &B) {
    let store = backend.open().await;
    store.create_election("e", definition()).await.unwrap();
    let other = entry(0, "definition", r#""another""#, None);
    match store.create_election("e", other).await {
        Err(StoreError::ElectionExists(id)) => assert_eq!(id, "e"),
        result => panic!("expected ElectionExists, got {result:?}"),
    }
    // The first definition stands.
    assert_eq!(all_entries(&store, "e").await[0].entry, definition());
    B::close(store).await;
}

async fn reads_back_what_was_appended<B: Backend>(backend: &B) {
    let store = backend.open().await;
    store.create_election("e", definition()).await.unwrap();
    // JSON whose exact bytes matter: key order, spacing, escapes and non-ASCII text would
    // all be normalised by a store that parsed it.
    let exact = r#"{"z":1,  "a":"\u00e9 é \"quoted\" \\ 🗳","n":1.50,"e":[]}"#;
    let appended = vec![
        entry(1, "ballot", exact, Some(*b"0123456789")),
        entry(2, "audited_ballot", "null", Some([0xff; 10])),
        entry(3, "close_voting", "{}", None),
    ];
    store.append("e", 1, appended.clone()).await.unwrap();

    let stored = all_entries(&store, "e").await;
    assert_eq!(stored.len(), 4);
    assert_eq!(stored[0].entry, definition());
    for (offset, (stored, appended)) in stored[1..].iter().zip(&appended).enumerate() {
        assert_eq!(stored.index, 1 + offset as u64);
        assert_eq!(stored.entry.json.as_bytes(), appended.json.as_bytes());
        assert_eq!(stored.entry, *appended);
        assert_eq!(
            stored.entry.leaf_hash,
            hash_leaf(stored.entry.json.as_bytes())
        );
    }
    assert_eq!(size(&store, "e").await, 4);
    B::close(store).await;
}

async fn assigns_gapless_indices<B: Backend>(backend: &B) {
    let store = backend.open().await;
    store.create_election("e", definition()).await.unwrap();
    let mut expected = 1;
    for batch in [1, 5, 0, 17, 2] {
        let entries = (expected..expected + batch).map(|i| ballot(i, i)).collect();
        store.append("e", expected, entries).await.unwrap();
        expected += batch;
        assert_eq!(size(&store, "e").await, expected);
    }
    let indices: Vec<u64> = all_entries(&store, "e")
        .await
        .iter()
        .map(|stored| stored.index)
        .collect();
    assert_eq!(indices, (0..expected).collect::<Vec<_>>());
    B::close(store).await;
}

async fn pages_through_entries<B: Backend>(backend: &B) {
    let store = backend.open().await;
    store.create_election("e", definition()).await.unwrap();
    let entries = (1..=9).map(|i| ballot(i, i)).collect();
    store.append("e", 1, entries).await.unwrap();
    let mut pages = Vec::new();
    let mut from = 0;
    loop {
        let page = store.entries("e", from, 4).await.unwrap();
        if page.is_empty() {
            break;
        }
        from = page.last().unwrap().index + 1;
        pages.push(page.iter().map(|stored| stored.index).collect::<Vec<_>>());
    }
    assert_eq!(pages, vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9]]);
    assert_eq!(store.entries("e", 3, 0).await.unwrap(), vec![]);
    assert_eq!(store.entries("e", u64::MAX, 10).await.unwrap(), vec![]);
    B::close(store).await;
}

async fn a_conflicting_append_stores_nothing<B: Backend>(backend: &B) {
    let store = backend.open().await;
    store.create_election("e", definition()).await.unwrap();
    store.append("e", 1, vec![ballot(1, 1)]).await.unwrap();
    let before = all_entries(&store, "e").await;
    for expected in [0, 1, 3, u64::MAX] {
        let entries = vec![ballot(2, 7), ballot(3, 8)];
        match store.append("e", expected, entries).await {
            Err(StoreError::Conflict {
                election,
                expected: reported,
                actual,
            }) => {
                assert_eq!(election, "e");
                assert_eq!(reported, expected);
                assert_eq!(actual, 2);
            }
            result => panic!("expected a conflict at {expected}, got {result:?}"),
        }
    }
    assert_eq!(all_entries(&store, "e").await, before);
    assert_eq!(size(&store, "e").await, 2);
    B::close(store).await;
}

/// Many writers on two handles (two board servers) race to append; each retries at the
/// size the conflict reports, rebuilding its entry for the new index as the board would.
async fn concurrent_appenders_lose_and_duplicate_nothing<B: Backend>(backend: &B) {
    let servers = [backend.open().await, backend.open().await];
    appenders_race(&servers).await;
    for store in servers {
        B::close(store).await;
    }
}

/// The same race through two servers' group committers: each server's writers share its
/// transactions, and each still gets its own append's answer.
async fn concurrent_appenders_through_group_commits_lose_and_duplicate_nothing<B: Backend>(
    backend: &B,
) {
    let stores = [backend.open().await, backend.open().await];
    let servers = stores.clone().map(GroupCommit::new);
    appenders_race(&servers).await;
    drop(servers);
    for store in stores {
        B::close(store).await;
    }
}

/// Writers spread over `servers` append to one election until each has stored its ballots.
async fn appenders_race<S: Store>(servers: &[S; 2]) {
    const WRITERS: u64 = 12;
    const EACH: u64 = 8;
    servers[0].create_election("e", definition()).await.unwrap();

    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let store = servers[(writer % 2) as usize].clone();
        tasks.push(tokio::spawn(async move {
            let mut conflicts = 0u64;
            for n in 0..EACH {
                let voter = writer * 1_000 + n;
                let mut at = 1;
                loop {
                    match store.append("e", at, vec![ballot(at, voter)]).await {
                        Ok(()) => break,
                        Err(StoreError::Conflict { actual, .. }) => {
                            conflicts += 1;
                            at = actual;
                        }
                        Err(error) => panic!("writer {writer}: {error}"),
                    }
                }
            }
            conflicts
        }));
    }
    let mut conflicts = 0;
    for task in tasks {
        conflicts += task.await.unwrap();
    }

    for store in servers {
        let stored = all_entries(store, "e").await;
        assert_eq!(stored.len() as u64, 1 + WRITERS * EACH);
        let mut voters = BTreeSet::new();
        for (position, stored) in stored.iter().enumerate() {
            assert_eq!(stored.index, position as u64, "indices are gapless");
            // Each entry was written for the index it got.
            assert!(stored
                .entry
                .json
                .starts_with(&format!(r#"{{"index":{position},"#)));
            if position > 0 {
                let voter =
                    u64::from_be_bytes(stored.entry.tracking.unwrap()[..8].try_into().unwrap());
                assert!(voters.insert(voter), "voter {voter} appended twice");
            }
        }
        let all: BTreeSet<u64> = (0..WRITERS)
            .flat_map(|writer| (0..EACH).map(move |n| writer * 1_000 + n))
            .collect();
        assert_eq!(voters, all, "no ballot lost");
    }
    assert!(conflicts > 0, "the writers should have raced");
}

/// Creates elections `a`, `b` and `c`, each holding its definition.
async fn three_elections<S: Store>(store: &S) {
    for id in ["a", "b", "c"] {
        store.create_election(id, definition()).await.unwrap();
    }
}

fn append(election: &str, expected_size: u64, entries: Vec<NewEntry>) -> Write {
    Write::Append {
        election: election.to_owned(),
        expected_size,
        entries,
    }
}

fn checkpoint(election: &str, size: u64, text: &str) -> Write {
    Write::Checkpoint {
        election: election.to_owned(),
        size,
        text: text.to_owned(),
    }
}

/// One election's stale group is refused alone: the groups before and after it in the
/// batch are stored, a second group for an election expects the size the first leaves,
/// and the refused election's log is untouched.
async fn a_batch_refuses_a_conflicting_group_alone<B: Backend>(backend: &B) {
    let store = backend.open().await;
    three_elections(&store).await;
    let answers = store
        .write_batch(vec![
            append("a", 1, vec![ballot(1, 1), ballot(2, 2)]),
            append("b", 5, vec![ballot(5, 3)]),
            append("c", 1, vec![ballot(1, 4)]),
            append("a", 3, vec![ballot(3, 5)]),
            // Expects the size `a` had before this batch: stale within the batch.
            append("a", 1, vec![ballot(1, 6)]),
        ])
        .await;
    assert_eq!(answers.len(), 5);
    assert!(answers[0].is_ok() && answers[2].is_ok() && answers[3].is_ok());
    for (answer, election, expected, actual) in [(&answers[1], "b", 5, 1), (&answers[4], "a", 1, 4)]
    {
        match answer {
            Err(StoreError::Conflict {
                election: reported,
                expected: e,
                actual: a,
            }) => assert_eq!((reported.as_str(), *e, *a), (election, expected, actual)),
            other => panic!("expected a conflict on `{election}`, got {other:?}"),
        }
    }
    let voters = |entries: Vec<StoredEntry>| -> Vec<Option<[u8; 10]>> {
        entries.into_iter().map(|e| e.entry.tracking).collect()
    };
    let tracking = |voter| ballot(0, voter).tracking;
    assert_eq!(
        voters(all_entries(&store, "a").await),
        vec![None, tracking(1), tracking(2), tracking(5)]
    );
    assert_eq!(voters(all_entries(&store, "b").await), vec![None]);
    assert_eq!(
        voters(all_entries(&store, "c").await),
        vec![None, tracking(4)]
    );
    assert_eq!(
        [
            size(&store, "a").await,
            size(&store, "b").await,
            size(&store, "c").await
        ],
        [4, 1, 2]
    );
    B::close(store).await;
}

/// Writes for an election the board does not hold are refused alone; the rest of the
/// batch is stored, and no election is created on the way.
async fn a_batch_refuses_an_unknown_election_alone<B: Backend>(backend: &B) {
    let store = backend.open().await;
    three_elections(&store).await;
    let answers = store
        .write_batch(vec![
            append("nope", 0, vec![ballot(0, 1)]),
            append("a", 1, vec![ballot(1, 2)]),
            checkpoint("nope", 1, "checkpoint of nothing"),
            checkpoint("b", 1, "checkpoint b 1"),
        ])
        .await;
    assert_eq!(answers.len(), 4);
    for answer in [&answers[0], &answers[2]] {
        match answer {
            Err(StoreError::UnknownElection(id)) => assert_eq!(id, "nope"),
            other => panic!("expected UnknownElection, got {other:?}"),
        }
    }
    assert!(answers[1].is_ok() && answers[3].is_ok());
    assert_eq!(size(&store, "a").await, 2);
    assert_eq!(
        store.latest_checkpoint("b").await.unwrap(),
        Some((1, "checkpoint b 1".to_owned()))
    );
    assert_eq!(store.elections().await.unwrap().len(), 3);
    B::close(store).await;
}

/// An empty batch is answered with nothing; a group of no entries is answered by the size
/// check alone and stores nothing.
async fn a_batch_of_empty_groups_only_checks_sizes<B: Backend>(backend: &B) {
    let store = backend.open().await;
    three_elections(&store).await;
    assert!(store.write_batch(Vec::new()).await.is_empty());
    let answers = store
        .write_batch(vec![append("a", 1, vec![]), append("b", 2, vec![])])
        .await;
    assert!(answers[0].is_ok());
    assert!(
        matches!(
            &answers[1],
            Err(StoreError::Conflict {
                expected: 2,
                actual: 1,
                ..
            })
        ),
        "{:?}",
        answers[1]
    );
    assert_eq!([size(&store, "a").await, size(&store, "b").await], [1, 1]);
    assert_eq!(all_entries(&store, "a").await.len(), 1);
    B::close(store).await;
}

/// Checkpoints ride in a batch beside appends: each is stored, and one for a size that has
/// one — stored earlier, or earlier in the same batch — keeps the first.
async fn a_batch_stores_its_checkpoints_keeping_the_first<B: Backend>(backend: &B) {
    let store = backend.open().await;
    three_elections(&store).await;
    store
        .save_checkpoint("c", 1, "c first".to_owned())
        .await
        .unwrap();
    let answers = store
        .write_batch(vec![
            checkpoint("a", 1, "a first"),
            append("a", 1, vec![ballot(1, 1)]),
            checkpoint("b", 1, "b first"),
            checkpoint("a", 1, "a second"),
            checkpoint("c", 1, "c second"),
            checkpoint("b", 3, "b at 3"),
        ])
        .await;
    assert!(answers.iter().all(Result::is_ok), "{answers:?}");
    let latest = |text: &str, size: u64| Some((size, text.to_owned()));
    assert_eq!(
        store.latest_checkpoint("a").await.unwrap(),
        latest("a first", 1)
    );
    assert_eq!(
        store.latest_checkpoint("b").await.unwrap(),
        latest("b at 3", 3)
    );
    assert_eq!(
        store.latest_checkpoint("c").await.unwrap(),
        latest("c first", 1)
    );
    assert_eq!(size(&store, "a").await, 2);
    B::close(store).await;
}

async fn finds_entries_by_tracking_code<B: Backend>(backend: &B) {
    let store = backend.open().await;
    store.create_election("e", definition()).await.unwrap();
    store.create_election("f", definition()).await.unwrap();
    let entries = (1..=5).map(|i| ballot(i, 100 + i)).collect();
    store.append("e", 1, entries).await.unwrap();
    let tracking = |voter: u64| ballot(0, voter).tracking.unwrap();
    assert_eq!(
        store.find_tracking("e", tracking(103)).await.unwrap(),
        Some(3)
    );
    assert_eq!(
        store.find_tracking("e", tracking(105)).await.unwrap(),
        Some(5)
    );
    assert_eq!(store.find_tracking("e", tracking(999)).await.unwrap(), None);
    // Tracking codes belong to one election.
    assert_eq!(store.find_tracking("f", tracking(103)).await.unwrap(), None);
    B::close(store).await;
}

async fn keeps_the_first_checkpoint_per_size_and_serves_the_latest<B: Backend>(backend: &B) {
    let store = backend.open().await;
    store.create_election("e", definition()).await.unwrap();
    store.create_election("f", definition()).await.unwrap();
    assert_eq!(store.latest_checkpoint("e").await.unwrap(), None);

    store
        .save_checkpoint("e", 1, "checkpoint 1".to_owned())
        .await
        .unwrap();
    store
        .save_checkpoint("e", 10, "checkpoint 10".to_owned())
        .await
        .unwrap();
    // Saved out of order: the latest is the largest size, not the last saved.
    store
        .save_checkpoint("e", 4, "checkpoint 4".to_owned())
        .await
        .unwrap();
    // A second checkpoint for a size keeps the first (both are signed; the first stands).
    store
        .save_checkpoint("e", 10, "another 10".to_owned())
        .await
        .unwrap();
    assert_eq!(
        store.latest_checkpoint("e").await.unwrap(),
        Some((10, "checkpoint 10".to_owned()))
    );
    assert_eq!(store.latest_checkpoint("f").await.unwrap(), None);
    B::close(store).await;
}

async fn everything_survives_a_restart<B: Backend>(backend: &B) {
    let store = backend.open().await;
    store.create_election("e", definition()).await.unwrap();
    let entries: Vec<NewEntry> = (1..=20).map(|i| ballot(i, i)).collect();
    store.append("e", 1, entries).await.unwrap();
    store
        .save_checkpoint("e", 21, "checkpoint 21".to_owned())
        .await
        .unwrap();
    let before = all_entries(&store, "e").await;
    B::close(store).await;

    // Reopening also re-runs the schema set-up, which must find it done and change nothing.
    let store = backend.open().await;
    assert_eq!(all_entries(&store, "e").await, before);
    assert_eq!(
        store.elections().await.unwrap(),
        vec![ElectionSummary {
            id: "e".to_owned(),
            size: 21,
            first_kind: "definition".to_owned(),
        }]
    );
    assert_eq!(
        store.latest_checkpoint("e").await.unwrap(),
        Some((21, "checkpoint 21".to_owned()))
    );
    assert_eq!(
        store
            .find_tracking("e", ballot(0, 7).tracking.unwrap())
            .await
            .unwrap(),
        Some(7)
    );
    // And the log carries on where it stopped.
    store.append("e", 21, vec![ballot(21, 21)]).await.unwrap();
    assert_eq!(size(&store, "e").await, 22);
    B::close(store).await;
}

/// Several servers starting at once on a fresh database: each creates the schema if it
/// is missing, and none may fail or create it twice.
async fn servers_starting_together_share_one_schema<B: Backend>(backend: &B) {
    let (a, b, c, d) = tokio::join!(
        backend.open(),
        backend.open(),
        backend.open(),
        backend.open()
    );
    a.create_election("e", definition()).await.unwrap();
    b.append("e", 1, vec![ballot(1, 1)]).await.unwrap();
    c.append("e", 2, vec![ballot(2, 2)]).await.unwrap();
    assert_eq!(all_entries(&d, "e").await.len(), 3);
    for store in [a, b, c, d] {
        B::close(store).await;
    }
}

async fn unknown_elections_are_errors<B: Backend>(backend: &B) {
    let store = backend.open().await;
    store.create_election("known", definition()).await.unwrap();
    let unknown = |result: Result<(), StoreError>| match result {
        Err(StoreError::UnknownElection(id)) => assert_eq!(id, "nope"),
        result => panic!("expected UnknownElection, got {result:?}"),
    };
    unknown(store.append("nope", 0, vec![ballot(0, 1)]).await);
    unknown(store.append("nope", 1, vec![]).await);
    unknown(store.entries("nope", 0, 10).await.map(|_| ()));
    unknown(store.find_tracking("nope", [0; 10]).await.map(|_| ()));
    unknown(store.save_checkpoint("nope", 1, "c".to_owned()).await);
    unknown(store.latest_checkpoint("nope").await.map(|_| ()));
    // Nothing was created on the way.
    assert_eq!(store.elections().await.unwrap().len(), 1);
    B::close(store).await;
}

/// Prints (does not assert) how fast ballot-sized entries go in, in batches from one
/// writer as the board's writer task sends them, each batch one durable transaction; and
/// what a single-entry append costs. Run with `--nocapture` to see the numbers.
async fn measures_batch_throughput<B: Backend>(backend: &B) {
    const BATCHES: u64 = 20;
    const BATCH: u64 = 250;
    const SINGLES: u64 = 50;
    let store = backend.open().await;
    store.create_election("e", definition()).await.unwrap();
    let batches: Vec<Vec<NewEntry>> = (0..BATCHES)
        .map(|b| {
            (1 + b * BATCH..1 + (b + 1) * BATCH)
                .map(|i| ballot(i, i))
                .collect()
        })
        .collect();
    let start = Instant::now();
    let mut at = 1;
    for batch in batches {
        store.append("e", at, batch).await.unwrap();
        at += BATCH;
    }
    let batched = start.elapsed();

    let start = Instant::now();
    for _ in 0..SINGLES {
        store.append("e", at, vec![ballot(at, at)]).await.unwrap();
        at += 1;
    }
    let single = start.elapsed() / SINGLES as u32;
    eprintln!(
        "{}: {} ballots in batches of {BATCH} in {batched:.2?}: {:.0} ballots/s; \
         one-ballot append: {single:.2?}",
        backend.name(),
        BATCHES * BATCH,
        (BATCHES * BATCH) as f64 / batched.as_secs_f64(),
    );
    assert_eq!(size(&store, "e").await, at);
    B::close(store).await;
}

/// A board whose file cannot be written keeps serving reads, and refuses appends with
/// `Unwritable` rather than a generic failure.
///
/// The file is made read-only with `chmod`, but permission bits do not bind root (these
/// tests run as root in the development container) and SQLite would open it read-write
/// anyway. So when the process can still open the file for writing, the test opens it
/// with `SqliteStore::open_read_only` (`SQLITE_OPEN_READONLY`, i.e. `?mode=ro`) — the
/// same mode SQLite falls back to when `chmod` does bind, failing writes with the same
/// `SQLITE_READONLY`. Otherwise (run as another user, e.g. `setpriv --reuid=65534`) it
/// reopens with the plain `SqliteStore::open`. Either way the first store must be fully
/// closed first: while any connection to the file is open, SQLite hands a new connection
/// in the same process that connection's read-write file descriptor.
#[tokio::test]
async fn sqlite_read_only_file_serves_reads_and_refuses_writes() {
    let backend = Sqlite::new();
    let store = backend.open().await;
    store.create_election("e", definition()).await.unwrap();
    store.append("e", 1, vec![ballot(1, 1)]).await.unwrap();
    store
        .save_checkpoint("e", 2, "checkpoint 2".to_owned())
        .await
        .unwrap();
    let before = all_entries(&store, "e").await;
    store.close().await;

    let path = backend.path();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let privileged = std::fs::OpenOptions::new().write(true).open(&path).is_ok();
    let store = if privileged {
        eprintln!("note: permission bits do not bind this process; opening with mode=ro");
        SqliteStore::open_read_only(&path).await.unwrap()
    } else {
        SqliteStore::open(&path).await.unwrap()
    };

    assert_eq!(all_entries(&store, "e").await, before);
    assert_eq!(
        store.latest_checkpoint("e").await.unwrap(),
        Some((2, "checkpoint 2".to_owned()))
    );
    match store.append("e", 2, vec![ballot(2, 2)]).await {
        Err(StoreError::Unwritable(message)) => assert!(message.contains("readonly"), "{message}"),
        result => panic!("expected Unwritable, got {result:?}"),
    }
    match store.save_checkpoint("e", 3, "c".to_owned()).await {
        Err(StoreError::Unwritable(_)) => {}
        result => panic!("expected Unwritable, got {result:?}"),
    }
    assert_eq!(all_entries(&store, "e").await, before);
    store.close().await;
}
