//! Withdrawing an election before voting opens (`spec/board.md` §5.5a), through a real
//! board over HTTP: accepted in setup, after which every entry is refused with
//! `election_withdrawn`; refused with `withdrawal_after_opening` once voting has opened;
//! refused as `malformed` without a reason; and shown on the index and the election's page
//! as withdrawn, replaced by the corrected election, with a link to it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{router, Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_record::client::BoardClient;
use zhixuan_record::{Entry, Phase, Withdrawal};
use zhixuan_testkit::{board_signer, small_election, Election, TempDir};

async fn start(name: &str) -> (TempDir, Local, Router) {
    let dir = TempDir::new(name);
    let store = SqliteStore::open(&dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store, board_signer(5)).await.unwrap();
    let served = serve_local(board.clone(), Limits::default()).await.unwrap();
    (dir, served, router(board, Limits::default()))
}

async fn page(app: &Router, path: &str) -> String {
    let response = app
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn withdrawal(f: &Election, reason: &str, replaced_by: Option<&str>) -> Entry {
    Entry::Withdrawal(f.signed(Withdrawal {
        reason: reason.to_owned(),
        replaced_by: replaced_by.map(str::to_owned),
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_election_accepts_nothing_more_and_says_what_replaces_it() {
    let (_dir, served, app) = start("withdrawal").await;
    let client = BoardClient::new(&served.url);
    let f = Election::new(small_election("village-2026", 4));
    let id = f.id().to_owned();
    client.create_election(&f.definition_entry()).await.unwrap();
    for list in f.credential_lists() {
        client.append(&id, &list).await.unwrap();
    }
    client.append(&id, &f.dealing(1)).await.unwrap();

    // A withdrawal without a reason, or replaced by itself, is refused.
    for bad in [
        withdrawal(&f, "  ", None),
        withdrawal(&f, "typo", Some("village-2026")),
        withdrawal(&f, "typo", Some("Not An Id")),
    ] {
        let err = client.append(&id, &bad).await.unwrap_err();
        assert_eq!(err.code(), Some("malformed"), "{err}");
    }
    // One signed by someone else than the organiser is refused.
    let forged = Entry::Withdrawal(f.sign_as(
        &f.trustee_keys[0],
        Withdrawal {
            reason: "not mine to withdraw".into(),
            replaced_by: None,
        },
    ));
    assert_eq!(
        client.append(&id, &forged).await.unwrap_err().code(),
        Some("bad_signature")
    );

    // In setup, the organiser withdraws it.
    let reason = "候选人姓名有误 / a candidate's name is misspelt";
    let withdrawn = withdrawal(&f, reason, Some("village-2026-b"));
    let ack = client.append(&id, &withdrawn).await.unwrap();
    let info = client.election(&id).await.unwrap();
    assert_eq!(info.phase, Phase::Withdrawn);
    assert_eq!(info.size, ack.index + 1);

    // Every later entry is refused, whatever its kind; the same withdrawal sent again
    // too (its first copy is the one on the log), and nothing is appended.
    for later in [
        f.dealing(2),
        f.open_voting(),
        withdrawal(&f, "again", None),
        withdrawn.clone(),
        f.close_voting(),
    ] {
        let err = client.append(&id, &later).await.unwrap_err();
        assert_eq!(err.code(), Some("election_withdrawn"), "{err}");
    }
    assert_eq!(client.election(&id).await.unwrap().size, info.size);

    // The index says so, with a link to the election that replaces it.
    let index = page(&app, "/").await;
    assert!(index.contains("已撤回（投票前）"), "{index}");
    assert!(index.contains("href=\"/e/village-2026-b\""), "{index}");
    let overview = page(&app, "/e/village-2026").await;
    for expected in [
        "本次选举已在投票前撤回",
        "已撤回 — 由以下选举取代：",
        "href=\"/e/village-2026-b\"",
        "候选人姓名有误",
        "选民凭证（选票单）作废",
    ] {
        assert!(overview.contains(expected), "missing `{expected}`");
    }
    // A withdrawn election is no step of the lifecycle, and has no ballot to find.
    assert!(!overview.contains("aria-current=\"step\""));
    assert!(!overview.contains("/e/village-2026/track"), "{overview}");
    let english = page(&app, "/e/village-2026?lang=en").await;
    assert!(english.contains("Withdrawn — replaced by"), "{english}");
    assert!(english.contains("slips are void"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_election_cannot_be_withdrawn_once_voting_has_opened() {
    let (_dir, served, _app) = start("withdrawal-late").await;
    let client = BoardClient::new(&served.url);
    let f = Election::new(small_election("village-open", 4));
    let id = f.id().to_owned();
    client.create_election(&f.definition_entry()).await.unwrap();
    for entry in f.credential_lists() {
        client.append(&id, &entry).await.unwrap();
    }
    for i in 1..=f.trustee_keys.len() {
        client.append(&id, &f.dealing(i)).await.unwrap();
    }
    for entry in f.acknowledgements() {
        client.append(&id, &entry).await.unwrap();
    }
    client.append(&id, &f.open_voting()).await.unwrap();
    let err = client
        .append(&id, &withdrawal(&f, "too late", None))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("withdrawal_after_opening"), "{err}");
    assert_eq!(client.election(&id).await.unwrap().phase, Phase::Voting);
}
