//! A store holding an entry the admission rules refuse — damaged, or written by other
//! software — is not the client's fault and not servable: opening the board fails with
//! `corrupt_store` (a 500), naming the election and the entry.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::http::StatusCode;
use time::OffsetDateTime;
use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::{NewEntry, SqliteStore, Store};
use zhixuan_election::Outcome;
use zhixuan_record::client::{BoardClient, ClientError};
use zhixuan_record::{CloseVoting, Entry, LogEntry};
use zhixuan_testkit::{board_signer, demo_key, pingchang_round, small_election, Election, TempDir};

/// A board file holding election `id` with voting open and two ballots cast, through a
/// real board; returns the fixture, the file's directory and the log's size.
async fn open_election(id: &str) -> (Election, TempDir, u64) {
    let dir = TempDir::new("zhixuan_corrupt");
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store.clone(), board_signer(5)).await.unwrap();
    let served = serve_local(board, Limits::default()).await.unwrap();
    let f = Election::new(small_election(id, 4));
    let client = BoardClient::new(&served.url);
    f.setup(&client).await;
    for n in 0..2 {
        client
            .append(id, &Entry::Ballot(f.ballot(n)))
            .await
            .unwrap();
    }
    let size = client.election(id).await.unwrap().size;
    drop(served);
    store.close().await;
    (f, dir, size)
}

/// Appends `entries` at `size..` straight into the store, bypassing the board's rules.
async fn write_behind_the_board(dir: &TempDir, id: &str, size: u64, entries: Vec<Entry>) {
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let received_at = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let rows = (size..)
        .zip(entries)
        .map(|(index, entry)| {
            let log = LogEntry {
                index,
                received_at,
                entry,
            };
            NewEntry {
                kind: log.entry.kind().as_str().to_owned(),
                received_at: received_at.unix_timestamp(),
                leaf_hash: log.leaf_hash(),
                json: serde_json::to_string(&log).unwrap(),
                tracking: None,
            }
        })
        .collect();
    store.append(id, size, rows).await.unwrap();
    store.close().await;
}

async fn open_fails(dir: &TempDir, id: &str, index: u64) {
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let Err(error) = Board::open(store.clone(), board_signer(5)).await else {
        panic!("a board opened on a store holding a refused entry");
    };
    store.close().await;
    assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error.body.code, "corrupt_store", "{}", error.body.message);
    let message = &error.body.message;
    assert!(
        message.contains(&format!("`{id}`")) && message.contains(&format!("entry {index} ")),
        "the message names neither the election nor the entry: {message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_signed_by_a_stranger() {
    let (f, dir, size) = open_election("corrupt-signature").await;
    let forged = Entry::CloseVoting(f.sign_as(&demo_key("intruder"), CloseVoting {}));
    write_behind_the_board(&dir, f.id(), size, vec![forged]).await;
    open_fails(&dir, f.id(), size).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_out_of_order() {
    let (f, dir, size) = open_election("corrupt-order").await;
    write_behind_the_board(&dir, f.id(), size, vec![f.open_voting()]).await;
    open_fails(&dir, f.id(), size).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ballot_stored_twice_among_good_ones() {
    let (f, dir, size) = open_election("corrupt-ballot").await;
    let again = f.ballot(0);
    let entries = vec![
        Entry::Ballot(f.ballot(2)),
        Entry::Ballot(f.ballot(3)),
        Entry::Ballot(again),
    ];
    write_behind_the_board(&dir, f.id(), size, entries).await;
    // Ballots are verified in batches on replay: the refusal still names its own entry.
    open_fails(&dir, f.id(), size + 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_intact_store_opens() {
    let (f, dir, size) = open_election("corrupt-none").await;
    write_behind_the_board(&dir, f.id(), size, vec![Entry::Ballot(f.ballot(2))]).await;
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store.clone(), board_signer(5)).await.unwrap();
    assert_eq!(board.election(f.id()).unwrap().latest().0, size + 1);
    store.close().await;
}

/// `outcome` with candidates `a` and `b` exchanged wherever it names them.
fn exchange(outcome: &Outcome, a: &str, b: &str) -> Outcome {
    let json = serde_json::to_string(outcome)
        .unwrap()
        .replace(&format!("\"{a}\""), "\"\u{1}\"")
        .replace(&format!("\"{b}\""), &format!("\"{a}\""))
        .replace("\"\u{1}\"", &format!("\"{b}\""));
    serde_json::from_str(&json).unwrap()
}

/// Another writer to the shared store logs round 1's result with the runner-up elected in
/// the winner's place, signed by the organiser. The board takes earlier outcomes only from
/// its own replay of their logs (`spec/board.md` §5.1, rule 3), so it finds the forgery
/// when round 2 names round 1: round 2 is refused, and no board opens on that store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_earlier_round_whose_result_contradicts_its_counts() {
    let dir = TempDir::new("zhixuan_corrupt");
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let served = serve_local(
        Board::open(store.clone(), board_signer(5)).await.unwrap(),
        Limits::default(),
    )
    .await
    .unwrap();
    let client = BoardClient::new(&served.url);
    let round1 = Election::new(pingchang_round(1, None));
    round1.setup(&client).await;
    // Every voter elects the first candidate, Li Jianguo.
    let mut ballots = Vec::new();
    for n in 0..5 {
        let ballot = round1.ballot_with(n, &[vec![1, 0, 0]]);
        client
            .append(round1.id(), &Entry::Ballot(ballot.clone()))
            .await
            .unwrap();
        ballots.push(ballot);
    }
    // The rounds are decided by a majority of the members present: all five are.
    client
        .append(round1.id(), &round1.attendance("members", 5))
        .await
        .unwrap();
    client
        .append(round1.id(), &round1.close_voting())
        .await
        .unwrap();
    let tally = round1.tally(&ballots);
    let entry = Entry::Tally(round1.signed(tally.clone()));
    client.append(round1.id(), &entry).await.unwrap();
    for (d, key) in round1
        .decryptions(&tally)
        .into_iter()
        .zip(&round1.trustee_keys)
    {
        let entry = Entry::PartialDecryption(round1.sign_as(key, d));
        client.append(round1.id(), &entry).await.unwrap();
    }
    let mut result = round1.result(&tally, &ballots);
    assert_eq!(result.outcome.contests[0].elected(), ["li-jianguo"]);
    result.outcome = exchange(&result.outcome, "li-jianguo", "wang-zhigang");
    let size = client.election(round1.id()).await.unwrap().size;
    let forged = Entry::Result(round1.signed(result));
    write_behind_the_board(&dir, round1.id(), size, vec![forged]).await;

    let round2 = Election::new(pingchang_round(2, Some(round1.hash)));
    let Err(ClientError::Refused { status, body }) =
        client.create_election(&round2.definition_entry()).await
    else {
        panic!("round 2 was not refused for round 1's forged result");
    };
    assert_eq!(status, 500);
    assert_eq!(body.code, "corrupt_store", "{}", body.message);
    assert!(
        body.message.contains(&format!("`{}`", round1.id()))
            && body.message.contains(&format!("entry {size} ")),
        "the refusal names neither round 1 nor its result: {}",
        body.message
    );
    assert!(
        client.election(round2.id()).await.is_err(),
        "round 2 is on the board"
    );
    drop(served);
    store.close().await;
    open_fails(&dir, round1.id(), size).await;
}
