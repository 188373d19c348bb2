//! Soak: voters arrive at a steady rate (open loop: each on time, whether or not earlier
//! ones were answered) and cast over loopback HTTP to a board on SQLite, for a bounded time.
//! Every ballot must be acknowledged, the board must count exactly those, the process's
//! resident memory must not grow past a bound once warmed up, and the latency one voter
//! sees is reported (p50, p99, max).
//!
//! `soak_short` runs in CI (a few hundred voters, about 15 s). `soak_long` is the long run,
//! ignored by default: `scripts/soak.sh` runs it in release mode, thousands of voters over
//! several minutes; `ZHIXUAN_SOAK_SECONDS` (default 300) and `ZHIXUAN_SOAK_RATE` (ballots
//! per second, default 40) set its size.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_record::client::BoardClient;
use zhixuan_record::Entry;
use zhixuan_testkit::{board_signer, small_election, Election, TempDir};

/// The process's resident memory, in KiB (`VmRSS` in `/proc/self/status`).
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/self/status")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Casts `rate` ballots a second for `seconds`; `growth_mib` bounds the memory grown from
/// the end of the first quarter to the end.
async fn soak(seconds: u64, rate: u64, growth_mib: u64) {
    let voters = seconds * rate;
    let dir = TempDir::new("zhixuan_soak");
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store, board_signer(8)).await.unwrap();
    let served = serve_local(board, Limits::default()).await.unwrap();
    let client = BoardClient::new(&served.url);
    let f = Arc::new(Election::new(small_election("soak", voters)));
    f.setup(&client).await;

    let started = Instant::now();
    let mut ticks = tokio::time::interval(Duration::from_nanos(1_000_000_000 / rate));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut casting = tokio::task::JoinSet::new();
    let mut warmed = None;
    for n in 0..voters as usize {
        ticks.tick().await;
        if n == voters as usize / 4 {
            warmed = Some(resident_kib());
        }
        let (f, client) = (Arc::clone(&f), client.clone());
        casting.spawn(async move {
            // The voter's own work (encrypting, proving) is not the board's latency.
            let ballot = tokio::task::spawn_blocking(move || f.ballot(n))
                .await
                .unwrap();
            let sent = Instant::now();
            let ack = client.append("soak", &Entry::Ballot(ballot)).await;
            (n, ack.map(|_| sent.elapsed()))
        });
    }
    let mut latencies = Vec::with_capacity(voters as usize);
    while let Some(done) = casting.join_next().await {
        let (n, answer) = done.unwrap();
        match answer {
            Ok(latency) => latencies.push(latency),
            Err(e) => panic!("voter {n}: {e}"),
        }
    }
    let elapsed = started.elapsed();
    let end = resident_kib();
    let warmed = warmed.unwrap();

    let info = client.election("soak").await.unwrap();
    assert_eq!(info.ballots, vec![("voters".to_owned(), voters)]);
    latencies.sort_unstable();
    eprintln!(
        "soak: {voters} ballots in {:.1} s ({:.0}/s asked {rate}/s); latency p50 {:?} p99 {:?} \
         max {:?}; resident memory {} MiB after a quarter, {} MiB at the end",
        elapsed.as_secs_f64(),
        voters as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies[latencies.len() - 1],
        warmed / 1024,
        end / 1024,
    );
    assert!(
        end.saturating_sub(warmed) <= growth_mib * 1024,
        "resident memory grew from {warmed} KiB to {end} KiB"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_short() {
    soak(15, 30, 64).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "minutes long: scripts/soak.sh"]
async fn soak_long() {
    let setting = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    soak(
        setting("ZHIXUAN_SOAK_SECONDS", 300),
        setting("ZHIXUAN_SOAK_RATE", 40),
        128,
    )
    .await;
}
