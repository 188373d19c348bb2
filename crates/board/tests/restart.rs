//! A board restarting on its own store (`spec/board.md` §10.1): the entries a checkpoint it
//! signed covers are held to that checkpoint's root, their ballots' proofs not verified
//! again; whoever writes to the database without the board's key can make it verify
//! everything again, or refuse to start, but not admit an entry the rules refuse.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::http::StatusCode;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::SqlitePool;
use time::OffsetDateTime;
use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_record::client::BoardClient;
use zhixuan_record::{Checkpoint, Entry, LogEntry, MerkleTree, Origin};
use zhixuan_testkit::{board_signer, small_election, Election, TempDir};

const BOARD: u8 = 5;

/// A board file holding election `id` with voting open and four ballots cast through a real
/// board, which signed and stored a checkpoint of every entry.
async fn voted(id: &str) -> (Election, TempDir) {
    let dir = TempDir::new("zhixuan_restart");
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store.clone(), board_signer(BOARD))
        .await
        .unwrap();
    let served = serve_local(board, Limits::default()).await.unwrap();
    let f = Election::new(small_election(id, 6));
    let client = BoardClient::new(&served.url);
    f.setup(&client).await;
    for n in 0..4 {
        client
            .append(id, &Entry::Ballot(f.ballot(n)))
            .await
            .unwrap();
    }
    drop(served);
    store.close().await;
    (f, dir)
}

/// The database itself, as someone with write access but not the board's key holds it.
async fn database(dir: &TempDir) -> SqlitePool {
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&format!(
            "sqlite://{}",
            dir.path().join("board.db").display()
        ))
        .await
        .unwrap()
}

async fn size(db: &SqlitePool, id: &str) -> u64 {
    let (size,): (i64,) = sqlx::query_as("SELECT size FROM elections WHERE id = ?")
        .bind(id)
        .fetch_one(db)
        .await
        .unwrap();
    size as u64
}

async fn log_entry(db: &SqlitePool, id: &str, index: u64) -> LogEntry {
    let (json,): (String,) =
        sqlx::query_as("SELECT json FROM entries WHERE election = ? AND idx = ?")
            .bind(id)
            .bind(index as i64)
            .fetch_one(db)
            .await
            .unwrap();
    serde_json::from_str(&json).unwrap()
}

/// Overwrites row `index` with `entry`, its leaf hash fixed up to match.
async fn overwrite(db: &SqlitePool, id: &str, index: u64, entry: Entry) {
    let received_at = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let log = LogEntry {
        index,
        received_at,
        entry,
    };
    sqlx::query("UPDATE entries SET json = ?, leaf_hash = ?, tracking = NULL WHERE election = ? AND idx = ?")
        .bind(serde_json::to_string(&log).unwrap())
        .bind(log.leaf_hash().as_bytes().to_vec())
        .bind(id)
        .bind(index as i64)
        .execute(db)
        .await
        .unwrap();
}

/// Stores a checkpoint of the log as the rows now stand, signed by `signer`'s seed.
async fn sign_stored_log(db: &SqlitePool, id: &str, seed: u8) {
    let n = size(db, id).await;
    let mut tree = MerkleTree::new();
    for i in 0..n {
        tree.push(log_entry(db, id, i).await.leaf_hash());
    }
    let checkpoint = Checkpoint::new(Origin::for_election(id).unwrap(), n, tree.root()).unwrap();
    let text = board_signer(seed).sign(checkpoint).to_string();
    sqlx::query("INSERT OR REPLACE INTO checkpoints (election, size, text) VALUES (?, ?, ?)")
        .bind(id)
        .bind(n as i64)
        .bind(text)
        .execute(db)
        .await
        .unwrap();
}

async fn open(dir: &TempDir) -> Result<(), zhixuan_board::server::error::ApiError> {
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let opened = Board::open(store.clone(), board_signer(BOARD))
        .await
        .map(drop);
    store.close().await;
    opened
}

async fn refused(dir: &TempDir, id: &str, says: &str) {
    let Err(error) = open(dir).await else {
        panic!("a board opened on a store someone altered");
    };
    assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error.body.code, "corrupt_store", "{}", error.body.message);
    let message = &error.body.message;
    assert!(
        message.contains(&format!("`{id}`")) && message.contains(says),
        "the refusal does not say `{says}` of `{id}`: {message}"
    );
}

/// The first ballot's index: after the definition, the list, 3 dealings, 6
/// acknowledgements and the opening.
const FIRST_BALLOT: u64 = 12;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untouched_store_restarts_and_keeps_taking_ballots() {
    let (f, dir) = voted("restart-intact").await;
    for _ in 0..2 {
        let store = SqliteStore::open(dir.path().join("board.db"))
            .await
            .unwrap();
        let board = Board::open(store.clone(), board_signer(BOARD))
            .await
            .unwrap();
        let served = serve_local(board, Limits::default()).await.unwrap();
        let client = BoardClient::new(&served.url);
        let before = client.election(f.id()).await.unwrap().size;
        let n = (before - FIRST_BALLOT) as usize;
        client
            .append(f.id(), &Entry::Ballot(f.ballot(n)))
            .await
            .unwrap();
        // A ballot already counted before the restart is still refused as a second one.
        assert!(client
            .append(f.id(), &Entry::Ballot(f.ballot(0)))
            .await
            .is_err());
        drop(served);
        store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_altered_ballot_under_the_checkpoint_is_refused() {
    let (f, dir) = voted("restart-altered").await;
    let db = database(&dir).await;
    // Another voter's valid ballot in place of the second one: every proof holds, the leaf
    // hash is fixed up, but the log is not the one the board signed.
    overwrite(&db, f.id(), FIRST_BALLOT + 1, Entry::Ballot(f.ballot(5))).await;
    db.close().await;
    refused(&dir, f.id(), "altered, reordered or replaced").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reordered_ballots_are_refused() {
    let (f, dir) = voted("restart-reordered").await;
    let db = database(&dir).await;
    let a = log_entry(&db, f.id(), FIRST_BALLOT).await.entry;
    let b = log_entry(&db, f.id(), FIRST_BALLOT + 1).await.entry;
    overwrite(&db, f.id(), FIRST_BALLOT, b).await;
    overwrite(&db, f.id(), FIRST_BALLOT + 1, a).await;
    db.close().await;
    refused(&dir, f.id(), "altered, reordered or replaced").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_truncated_log_is_refused() {
    let (f, dir) = voted("restart-truncated").await;
    let db = database(&dir).await;
    let n = size(&db, f.id()).await;
    sqlx::query("DELETE FROM entries WHERE election = ? AND idx = ?")
        .bind(f.id())
        .bind((n - 1) as i64)
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("UPDATE elections SET size = ? WHERE id = ?")
        .bind((n - 1) as i64)
        .bind(f.id())
        .execute(&db)
        .await
        .unwrap();
    db.close().await;
    refused(&dir, f.id(), "entries were removed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_its_checkpoints_the_board_verifies_every_proof_again() {
    let (f, dir) = voted("restart-unvouched").await;
    let db = database(&dir).await;
    // The second ballot's ciphertexts under the first one's credential and signature: well
    // formed, but its signature does not hold.
    let Entry::Ballot(mut forged) = log_entry(&db, f.id(), FIRST_BALLOT + 1).await.entry else {
        panic!("not a ballot");
    };
    let Entry::Ballot(first) = log_entry(&db, f.id(), FIRST_BALLOT).await.entry else {
        panic!("not a ballot");
    };
    forged.credential = f.ballot(5).credential;
    forged.signature = first.signature;
    overwrite(&db, f.id(), FIRST_BALLOT + 1, Entry::Ballot(forged.clone())).await;
    sqlx::query("DELETE FROM checkpoints")
        .execute(&db)
        .await
        .unwrap();
    db.close().await;
    refused(&dir, f.id(), &format!("entry {} ", FIRST_BALLOT + 1)).await;

    // A checkpoint over the altered log signed by another key vouches for nothing either.
    let db = database(&dir).await;
    sign_stored_log(&db, f.id(), BOARD + 1).await;
    db.close().await;
    refused(&dir, f.id(), &format!("entry {} ", FIRST_BALLOT + 1)).await;

    // Signed by the board's own key, the same log is taken as the board's word: the ballots
    // it covers are not verified again. Only the key vouches — which is what this shows.
    let db = database(&dir).await;
    sign_stored_log(&db, f.id(), BOARD).await;
    db.close().await;
    open(&dir).await.unwrap();
}
