//! Faults a board meets in an election, over HTTP:
//!
//! - a database that can no longer be written (a read-only file, as after a disk error
//!   remounts it): a ballot is refused with 503 `storage_unwritable`, unacknowledged and not
//!   stored, while every read keeps working; once the database is writable again, the same
//!   ballot is taken;
//! - a trustee who publishes a wrong partial decryption and then stays away: the board
//!   refuses it with 422 `invalid_decryption` naming that trustee, and the other trustees —
//!   as many as the threshold — decrypt; the record holds theirs only and passes the
//!   verifier.
//!
//! A full disk is `SQLITE_FULL`, reported exactly as a read-only file is (the board's
//! `crates/board/tests/store.rs` and `store::sqlite`'s unit tests produce it with
//! `max_page_count`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt;

use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_record::client::BoardClient;
use zhixuan_record::Entry;
use zhixuan_tally::Ballot;
use zhixuan_testkit::{board_signer, small_election, Election, TempDir};
use zhixuan_verify::{verify_record, Options};

/// What a reader sees of an election: its checkpoint, its log and its record.
async fn reads(client: &BoardClient, id: &str) -> (String, String, u64) {
    let checkpoint = client.checkpoint(id).await.unwrap();
    let record = client.record(id).await.unwrap();
    let page = client.entries(id, 0, 1000).await.unwrap();
    (checkpoint, record, page.entries.len() as u64)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unwritable_database_refuses_ballots_and_serves_reads() {
    let dir = TempDir::new("zhixuan_unwritable");
    let path = dir.path().join("board.db");
    let f = Election::new(small_election("unwritable", 8));
    let id = f.id().to_owned();
    let cast: Vec<Ballot> = (0..4).map(|n| f.ballot(n)).collect();
    {
        let store = SqliteStore::open(&path).await.unwrap();
        let served = serve_local(
            Board::open(store.clone(), board_signer(5)).await.unwrap(),
            Limits::default(),
        )
        .await
        .unwrap();
        f.setup(&BoardClient::new(&served.url)).await;
        for ballot in &cast {
            BoardClient::new(&served.url)
                .append(&id, &Entry::Ballot(ballot.clone()))
                .await
                .unwrap();
        }
        drop(served);
        // Every connection closed, so that the next open is the only one on the file.
        store.close().await;
    }

    // The file becomes read-only. Permission bits do not bind root, so a process that can
    // still open it for writing opens it read-only instead (see `crates/board/tests/store.rs`).
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let privileged = std::fs::OpenOptions::new().write(true).open(&path).is_ok();
    let store = if privileged {
        SqliteStore::open_read_only(&path).await.unwrap()
    } else {
        SqliteStore::open(&path).await.unwrap()
    };
    let served = serve_local(
        Board::open(store.clone(), board_signer(5)).await.unwrap(),
        Limits::default(),
    )
    .await
    .unwrap();
    let client = BoardClient::new(&served.url);
    let before = reads(&client, &id).await;

    let late = f.ballot(4);
    let refused = client
        .append(&id, &Entry::Ballot(late.clone()))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some("storage_unwritable"), "{refused}");
    assert!(
        refused.to_string().contains("nothing was stored"),
        "{refused}"
    );
    assert!(matches!(
        refused,
        zhixuan_record::client::ClientError::Refused { status: 503, .. }
    ));
    // Reads keep working, and show nothing of the refused ballot.
    assert_eq!(reads(&client, &id).await, before);
    for ballot in &cast {
        client.tracking(&id, &ballot.tracking_code()).await.unwrap();
    }
    let missing = client
        .tracking(&id, &late.tracking_code())
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("tracking_code_not_found"), "{missing}");

    // Writable again: the ballot that was refused is taken, after the ones before it.
    drop(served);
    store.close().await;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = SqliteStore::open(&path).await.unwrap();
    let served = serve_local(
        Board::open(store, board_signer(5)).await.unwrap(),
        Limits::default(),
    )
    .await
    .unwrap();
    let ack = BoardClient::new(&served.url)
        .append(&id, &Entry::Ballot(late))
        .await
        .unwrap();
    assert_eq!(ack.index, before.2, "the refused ballot left a trace");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_partial_decryption_is_refused_and_the_others_decrypt() {
    let dir = TempDir::new("zhixuan_bad_trustee");
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let served = serve_local(
        Board::open(store, board_signer(6)).await.unwrap(),
        Limits::default(),
    )
    .await
    .unwrap();
    let client = BoardClient::new(&served.url);
    let f = Election::new(small_election("bad-trustee", 6));
    let id = f.id().to_owned();
    f.setup(&client).await;
    let cast: Vec<Ballot> = (0..6).map(|n| f.ballot(n)).collect();
    for ballot in &cast {
        client
            .append(&id, &Entry::Ballot(ballot.clone()))
            .await
            .unwrap();
    }
    client.append(&id, &f.close_voting()).await.unwrap();
    let tally = f.tally(&cast);
    client
        .append(&id, &Entry::Tally(f.signed(tally.clone())))
        .await
        .unwrap();

    // Trustee 1 publishes a decryption share of its own whose value is trustee 2's,
    // properly signed: the share is a valid point, its proof is for another value.
    let honest = f.decryptions_by(&tally, &[2, 3]);
    let mut wrong = f.decryptions_by(&tally, &[1]).remove(0);
    wrong.groups[0].shares[0].share = honest[0].groups[0].shares[0].share;
    let entry = Entry::PartialDecryption(f.sign_as(&f.trustee_keys[0], wrong));
    let size = client.election(&id).await.unwrap().size;
    let refused = client.append(&id, &entry).await.unwrap_err();
    assert_eq!(refused.code(), Some("invalid_decryption"), "{refused}");
    assert!(
        refused.to_string().contains("trustee 1"),
        "the refusal does not name the trustee: {refused}"
    );
    assert_eq!(client.election(&id).await.unwrap().size, size);

    // Trustee 1 stays away; trustees 2 and 3 are the threshold.
    for (d, key) in honest.into_iter().zip(&f.trustee_keys[1..]) {
        client
            .append(&id, &Entry::PartialDecryption(f.sign_as(key, d)))
            .await
            .unwrap();
    }
    let result = f.result_by(&tally, &cast, &[2, 3]);
    client
        .append(&id, &Entry::Result(f.signed(result)))
        .await
        .unwrap();

    let record = client.record(&id).await.unwrap();
    let mut reader = zhixuan_record::RecordReader::new(record.as_bytes()).unwrap();
    let mut decrypted_by = Vec::new();
    while let Some(entry) = reader.next_entry() {
        if let Entry::PartialDecryption(d) = entry.unwrap().entry {
            decrypted_by.push(d.body.trustee.0);
        }
    }
    assert_eq!(decrypted_by, vec![2, 3]);
    let report = verify_record(record.as_bytes(), &Options::default()).unwrap();
    assert!(
        report.passed(),
        "{}",
        report.render(zhixuan_verify::Lang::En)
    );
}
