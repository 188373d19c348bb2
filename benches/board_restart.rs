//! The board's restart on a season's store: how long `Board::open` takes on a store of
//! many elections and their ballots, before and after the board has signed checkpoints of
//! them (`spec/board.md` §5.2), beside the replay as it was before checkpoints vouched for
//! anything (every entry parsed one after another, every ballot's proofs verified again).
//!
//! `cargo bench --bench board_restart`. The store is filled straight through the `Store`
//! trait with the test kit's honest entries (definition, credential list, dealings,
//! acknowledgements, opening, ballots) — filling is not timed. Then, in the same run:
//!
//! 1. **before**: the replay as `Board::open` did it before this bench was written — the
//!    rows read page by page, parsed one by one, each election replayed with every ballot's
//!    proofs verified (in batches on all cores);
//! 2. **first start**: `Board::open` with no checkpoint stored: rows parsed on all cores,
//!    every ballot verified; the board signs and stores a checkpoint of each log;
//! 3. **restart**: `Board::open` again, the logs held to those checkpoints and the ballots
//!    they cover not verified again.
//!
//! Settings, from the environment:
//!
//! - `ZHIXUAN_BENCH_ELECTIONS` (default 363): elections in the store;
//! - `ZHIXUAN_BENCH_BALLOTS` (default 50000): ballots, spread evenly over them;
//! - `ZHIXUAN_BENCH_BACKENDS` (default `sqlite,postgres`);
//! - `ZHIXUAN_TEST_POSTGRES_URL`: as for `board_intake`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use zhixuan_board::server::Board;
use zhixuan_board::{PostgresStore, SqliteStore, Store};
use zhixuan_record::{LogEntry, Replay};
use zhixuan_testkit::{board_signer, Schema, TempDir};

use common::season::{fill, setting, Season};

/// CPU time this process has used (user and system), from `/proc/self/stat` (Linux; its
/// clock ticks are 1/100 s): on a shared machine, what a restart would take on free cores.
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// The replay as it was before checkpoints: read, parse one by one, verify everything.
async fn replay_as_before<S: Store>(store: &S) -> usize {
    let mut ballots = 0;
    for summary in store.elections().await.unwrap() {
        let rows = store.entries(&summary.id, 0, u64::MAX).await.unwrap();
        let log: Vec<(LogEntry, _)> = rows
            .iter()
            .map(|r| {
                (
                    serde_json::from_str(&r.entry.json).unwrap(),
                    r.entry.leaf_hash,
                )
            })
            .collect();
        let mut entries = log.into_iter();
        let (first, leaf) = entries.next().unwrap();
        let mut replay = Replay::start(&first, leaf, &[]).unwrap();
        let mut stop = |v: zhixuan_record::Verdict| v.result.map(drop);
        for (entry, leaf) in entries {
            replay.push(entry, leaf, &mut stop).unwrap();
        }
        let (state, _) = replay.finish(&mut stop).unwrap();
        ballots += state.ballots_per_group().iter().sum::<u64>() as usize;
    }
    ballots
}

async fn measure<S: Store>(backend: &str, store: S, season: &Season) {
    let filling = Instant::now();
    fill(&store, season).await;
    let filled = filling.elapsed();
    let (t, c) = (Instant::now(), cpu());
    let ballots = replay_as_before(&store).await;
    let (before, before_cpu) = (t.elapsed(), cpu() - c);
    assert_eq!(ballots, season.ballots());
    let (t, c) = (Instant::now(), cpu());
    let board = Board::open(store.clone(), board_signer(1)).await.unwrap();
    let (first, first_cpu) = (t.elapsed(), cpu() - c);
    drop(board);
    let (t, c) = (Instant::now(), cpu());
    let board = Board::open(store.clone(), board_signer(1)).await.unwrap();
    let (restart, restart_cpu) = (t.elapsed(), cpu() - c);
    // Listing the logs (`GET /elections`, the index page): one query now, beside the query
    // per log that told procedures from elections before.
    let t = Instant::now();
    assert_eq!(
        board.elections().await.unwrap().len(),
        season.elections.len()
    );
    let listed = t.elapsed();
    let t = Instant::now();
    for summary in store.elections().await.unwrap() {
        store.entries(&summary.id, 0, 1).await.unwrap();
    }
    let per_log = t.elapsed();
    drop(board);
    let s = |d: Duration| d.as_secs_f64();
    println!(
        "{backend:<11} filled in {:.1} s; before {:.2} s; first start {:.2} s ({:.2}× faster); \
         restart {:.2} s ({:.2}× faster than before; {:.0} µs per ballot)",
        s(filled),
        s(before),
        s(first),
        s(before) / s(first),
        s(restart),
        s(before) / s(restart),
        s(restart) * 1e6 / ballots as f64,
    );
    println!(
        "{backend:<11} CPU time: before {:.2} s, first start {:.2} s, restart {:.2} s \
         ({:.2}× less than before)",
        s(before_cpu),
        s(first_cpu),
        s(restart_cpu),
        s(before_cpu) / s(restart_cpu),
    );
    println!(
        "{backend:<11} listing {} logs: {:.1} ms; the query per log it replaced: {:.1} ms more",
        season.elections.len(),
        s(listed) * 1e3,
        s(per_log) * 1e3,
    );
}

fn main() {
    let elections = setting("ZHIXUAN_BENCH_ELECTIONS", 363);
    let ballots = setting("ZHIXUAN_BENCH_BALLOTS", 50_000);
    let backends =
        std::env::var("ZHIXUAN_BENCH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".to_owned());
    let generating = Instant::now();
    let season = Season::generate("restart", elections, ballots);
    println!(
        "board restart: {elections} elections, {} ballots (5 options, choose up to 2), \
         generated in {:.1} s; {} cores",
        season.ballots(),
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
                    let dir = TempDir::new("zhixuan_restart");
                    let store = SqliteStore::open(dir.path().join("board.db"))
                        .await
                        .unwrap();
                    measure("SQLite", store.clone(), &season).await;
                    store.close().await;
                }
                "postgres" => {
                    if let Some(schema) = Schema::new().await {
                        let store = PostgresStore::connect_in_schema(&schema.url, &schema.name)
                            .await
                            .unwrap();
                        measure("PostgreSQL", store.clone(), &season).await;
                        store.close().await;
                    }
                }
                other => println!("{other}: not a backend (sqlite, postgres)"),
            }
        }
    });
}
