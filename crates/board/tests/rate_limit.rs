//! Writes are limited per client address (`spec/board.md` §7): past its burst, an address's
//! write is answered 429 `rate_limited` with a `Retry-After` header, nothing is stored, reads
//! still work, another address still writes, and after the wait the same write is taken.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::time::Duration;

use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::rate::WriteRate;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_record::{Entry, ErrorBody};
use zhixuan_testkit::{board_signer, small_election, Election, TempDir};

/// Writes one address may make at once in this test.
const BURST: u32 = 16;

fn client_from(address: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(address))
        .build()
        .unwrap()
}

/// A JSON body posted to `url` from `client`.
async fn post(client: &reqwest::Client, url: &str, body: String) -> reqwest::Response {
    client
        .post(url)
        .body(body)
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_past_the_rate_are_refused_with_429_and_change_nothing() {
    let dir = TempDir::new("zhixuan_rate");
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store, board_signer(4)).await.unwrap();
    let limits = Limits {
        writes: Some(WriteRate {
            per_second: NonZeroU32::MIN,
            burst: NonZeroU32::new(BURST).unwrap(),
        }),
        ..Limits::default()
    };
    let served = serve_local(board, limits).await.unwrap();
    let f = Election::new(small_election("rate", 40));
    // The setup comes from 127.0.0.2, so that the voters' address starts with a full bucket.
    let organiser = zhixuan_record::client::BoardClient::with_http(
        &served.url,
        client_from(Ipv4Addr::new(127, 0, 0, 2)),
    );
    f.setup(&organiser).await;

    let voter = client_from(Ipv4Addr::LOCALHOST);
    let url = format!("{}/elections/{}/entries", served.url, f.id());
    let checkpoint_url = format!("{}/elections/{}/checkpoint", served.url, f.id());
    let body = |n: usize| serde_json::to_string(&Entry::Ballot(f.ballot(n))).unwrap();
    let mut taken = 0;
    let started = std::time::Instant::now();
    let refused = loop {
        let response = post(&voter, &url, body(taken)).await;
        if response.status() == 429 {
            break response;
        }
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        taken += 1;
        assert!(taken <= 40, "no write was ever limited");
    };
    // The burst, and at most the tokens that refilled (1 per second) while it was sent.
    let refilled = started.elapsed().as_secs() as usize + 1;
    assert!(
        (BURST as usize..=BURST as usize + refilled).contains(&taken),
        "limited after {taken} writes"
    );
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "Retry-After: {wait}");
    let error: ErrorBody = refused.json().await.unwrap();
    assert_eq!(error.code, "rate_limited");
    assert!(
        error.message.contains("nothing was stored"),
        "{}",
        error.message
    );

    // Nothing was stored, and reads are not limited.
    let before = voter
        .get(&checkpoint_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for _ in 0..3 * BURST {
        let read = voter.get(&checkpoint_url).send().await.unwrap();
        assert_eq!(read.status(), 200);
        assert_eq!(read.text().await.unwrap(), before);
    }
    let info = organiser.election(f.id()).await.unwrap();
    assert_eq!(info.ballots, vec![("voters".to_owned(), taken as u64)]);

    // Another address has a bucket of its own.
    let neighbour = client_from(Ipv4Addr::new(127, 0, 0, 3));
    let response = post(&neighbour, &url, body(30)).await;
    assert_eq!(response.status(), 200);

    // After the wait, the refused ballot is taken.
    tokio::time::sleep(Duration::from_secs(wait)).await;
    let response = post(&voter, &url, body(taken)).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}
