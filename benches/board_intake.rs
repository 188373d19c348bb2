//! The board's ballot intake, end to end: ballots (5 options, choose up to 2) posted over
//! loopback HTTP by concurrent clients to a board that verifies each one and acknowledges
//! it only once it is durable (SQLite in WAL mode with `synchronous=FULL`; PostgreSQL with
//! `synchronous_commit = on`), with a signed checkpoint and an inclusion proof.
//!
//! `cargo bench --bench board_intake`. Ballots are generated and written out as request
//! bodies before the clock starts, so that what is timed is the board's work (and the
//! clients' HTTP); the setup (definition, credential list, key ceremony, opening) is not
//! timed either. Each acknowledgement is read back and must name its ballot's tracking
//! code. Prints ballots per second and the latency percentiles one voter sees. Settings,
//! from the environment:
//!
//! - `ZHIXUAN_BENCH_BALLOTS` (default 10000): ballots per run, one per voter;
//! - `ZHIXUAN_BENCH_CLIENTS` (default 64): clients posting at once;
//! - `ZHIXUAN_BENCH_BACKENDS` (default `sqlite,postgres`);
//! - `ZHIXUAN_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`): the
//!   PostgreSQL run uses a schema of its own there, dropped afterwards, and is skipped with
//!   a notice if the server is unreachable.
//!
//! All clients post from one loopback address to the library's router, whose
//! `Limits::default()` sets no write rate per address. To drive a `zhixuan-board` process
//! this way, start it with `--rate-limit 0`: its default (50 writes per second per address,
//! `spec/board.md` §7) would answer most of these ballots 429.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::{PostgresStore, SqliteStore, Store};
use zhixuan_record::client::BoardClient;
use zhixuan_record::{Ack, Entry};
use zhixuan_tally::TrackingCode;
use zhixuan_testkit::{board_signer, small_choices, small_election, Election, Schema, TempDir};

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Run {
    ballots: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Run {
    fn report(&mut self, backend: &str, clients: usize) {
        self.latencies.sort_unstable();
        let at = |q: f64| {
            let i = ((self.latencies.len() as f64 * q).ceil() as usize).saturating_sub(1);
            self.latencies[i.min(self.latencies.len() - 1)].as_secs_f64() * 1e3
        };
        println!(
            "{backend:<11} {:>7.0} ballots/s   p50 {:>7.1} ms   p99 {:>7.1} ms   ({} ballots, {clients} clients, {:.2} s)",
            self.ballots as f64 / self.elapsed.as_secs_f64(),
            at(0.50),
            at(0.99),
            self.ballots,
            self.elapsed.as_secs_f64(),
        );
    }
}

/// A ballot as the clients send it: the request body, and the tracking code its
/// acknowledgement must carry.
struct Request {
    body: Vec<u8>,
    tracking_code: TrackingCode,
}

/// Serves a board on `store`, sets the election up, and times `requests` posted by
/// `clients` concurrent clients.
async fn run<S: Store>(
    store: S,
    f: &Election,
    requests: &Arc<Vec<Request>>,
    clients: usize,
) -> Run {
    let board = Board::open(store, board_signer(1)).await.unwrap();
    let served = serve_local(board, Limits::default()).await.unwrap();
    let client = BoardClient::new(&served.url);
    f.setup(&client).await;
    let before = client.election(f.id()).await.unwrap().size;

    let next = Arc::new(AtomicUsize::new(0));
    let url = format!("{}/elections/{}/entries", served.url, f.id());
    let http = reqwest::Client::new();
    let started = Instant::now();
    let mut posting = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let (http, requests, next, url) = (
            http.clone(),
            Arc::clone(requests),
            Arc::clone(&next),
            url.clone(),
        );
        posting.spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some(request) = requests.get(n) else {
                    return latencies;
                };
                let sent = Instant::now();
                let response = http
                    .post(&url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(request.body.clone())
                    .send()
                    .await
                    .unwrap();
                assert!(response.status().is_success(), "{}", response.status());
                let ack: Ack = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
                assert_eq!(ack.tracking_code, Some(request.tracking_code));
                latencies.push(sent.elapsed());
            }
        });
    }
    let mut latencies = Vec::with_capacity(requests.len());
    while let Some(done) = posting.join_next().await {
        latencies.extend(done.unwrap());
    }
    let elapsed = started.elapsed();
    let after = client.election(f.id()).await.unwrap().size;
    assert_eq!(
        after - before,
        requests.len() as u64,
        "every ballot is on the log"
    );
    Run {
        ballots: requests.len(),
        elapsed,
        latencies,
    }
}

fn main() {
    let ballots = setting("ZHIXUAN_BENCH_BALLOTS", 10_000);
    let clients = setting("ZHIXUAN_BENCH_CLIENTS", 64);
    let backends =
        std::env::var("ZHIXUAN_BENCH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".to_owned());

    let generating = Instant::now();
    let f = Election::new(small_election("intake-bench", ballots as u64));
    let requests: Arc<Vec<Request>> = Arc::new(
        (0..ballots)
            .into_par_iter()
            .map(|n| {
                let ballot = f.ballot_with(n, &small_choices(n));
                Request {
                    tracking_code: ballot.tracking_code(),
                    body: serde_json::to_vec(&Entry::Ballot(ballot)).unwrap(),
                }
            })
            .collect(),
    );
    println!(
        "board intake: {ballots} ballots (5 options, choose up to 2) over loopback HTTP, \
         generated in {:.1} s; {} cores",
        generating.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        for backend in backends.split(',') {
            match backend.trim() {
                "sqlite" => {
                    let dir = TempDir::new("zhixuan_bench");
                    let store = SqliteStore::open(dir.path().join("board.db"))
                        .await
                        .unwrap();
                    run(store.clone(), &f, &requests, clients)
                        .await
                        .report("SQLite", clients);
                    store.close().await;
                }
                "postgres" => {
                    if let Some(schema) = Schema::new().await {
                        let store = PostgresStore::connect_in_schema(&schema.url, &schema.name)
                            .await
                            .unwrap();
                        run(store.clone(), &f, &requests, clients)
                            .await
                            .report("PostgreSQL", clients);
                        store.close().await;
                    }
                }
                other => println!("{other}: not a backend (sqlite, postgres)"),
            }
        }
    });
}
