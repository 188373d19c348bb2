//! A season on one board: many elections (Nanjing's 363) and their ballots posted over
//! loopback HTTP by concurrent clients, on SQLite and on PostgreSQL, beside one election
//! taking ballots alone in the same run. For each: intake (ballots per second, verified and
//! durable), the latency percentiles one voter sees, the board's restart time on the filled
//! store, the season's verification (`zhixuan-verify season`: every record fetched over HTTP
//! and verified, in parallel) and the peak memory of each phase. The ratio that matters is
//! the cost per ballot with many elections against one: it must not grow.
//!
//! Then, on PostgreSQL, the season's intake through several board servers sharing the one
//! database (`spec/board.md` §10), the clients spread over them.
//!
//! `cargo bench --bench season`. Settings, from the environment:
//!
//! - `ZHIXUAN_BENCH_ELECTIONS` (default 363) and `ZHIXUAN_BENCH_BALLOTS` (default 80000):
//!   the season; ballots spread evenly over its elections, one per voter;
//! - `ZHIXUAN_BENCH_SINGLE` (default 20000): ballots of the single election;
//! - `ZHIXUAN_BENCH_CLIENTS` (default 64): clients posting at once;
//! - `ZHIXUAN_BENCH_SERVERS` (default 2): board servers sharing PostgreSQL;
//! - `ZHIXUAN_BENCH_BACKENDS` (default `sqlite,postgres,shared`; `shared` is the season
//!   through several servers on PostgreSQL, routed by election and by client),
//!   `ZHIXUAN_TEST_POSTGRES_URL`.
//!
//! Peak memory is the process's `VmHWM`, reset before each phase through
//! `/proc/self/clear_refs` (Linux); the ballots generated up front are resident throughout
//! (about 5 KB each as request bodies), so each figure includes them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::{PostgresStore, SqliteStore, Store};
use zhixuan_record::client::BoardClient;
use zhixuan_record::{Ack, Entry};
use zhixuan_tally::TrackingCode;
use zhixuan_testkit::{board_signer, Schema, TempDir};

use common::season::{setting, Season};

/// A ballot as the clients send it.
struct Request {
    url_path: String,
    body: Vec<u8>,
    tracking_code: TrackingCode,
}

/// The requests of a season, the elections' ballots interleaved, as voters of many
/// communities vote at once.
fn requests(season: &Season) -> Vec<Request> {
    let longest = season
        .elections
        .iter()
        .map(|(_, b)| b.len())
        .max()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(season.ballots());
    for n in 0..longest {
        for (f, ballots) in &season.elections {
            if let Some(ballot) = ballots.get(n) {
                out.push(Request {
                    url_path: format!("/elections/{}/entries", f.id()),
                    body: serde_json::to_vec(&Entry::Ballot(ballot.clone())).unwrap(),
                    tracking_code: ballot.tracking_code(),
                });
            }
        }
    }
    out
}

/// Resets the peak resident set size, so that the next [`peak_mib`] is this phase's.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A figure of `/proc/self/status` (`VmHWM`, `VmRSS`), in MiB.
fn status_mib(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The peak resident set size since the last [`reset_peak`], in MiB.
fn peak_mib() -> f64 {
    status_mib("VmHWM:")
}

/// What one intake run measured.
struct Intake {
    ballots: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
    peak: f64,
}

impl Intake {
    fn per_second(&self) -> f64 {
        self.ballots as f64 / self.elapsed.as_secs_f64()
    }

    fn at(&mut self, q: f64) -> f64 {
        self.latencies.sort_unstable();
        let i = ((self.latencies.len() as f64 * q).ceil() as usize).saturating_sub(1);
        self.latencies[i.min(self.latencies.len() - 1)].as_secs_f64() * 1e3
    }
}

/// Sets every election up (definition, lists, dealings, acknowledgements, opening) over
/// HTTP, 16 at a time; not timed.
async fn set_up(url: &str, season: &Arc<Season>) {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let (season, next, client) = (Arc::clone(season), Arc::clone(&next), BoardClient::new(url));
        tasks.spawn(async move {
            while let Some((f, _)) = season.elections.get(next.fetch_add(1, Ordering::Relaxed)) {
                f.setup(&client).await;
            }
        });
    }
    while tasks.join_next().await.is_some() {}
}

/// How clients choose among several servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Routing {
    /// Each client keeps to one server, whatever the election (a plain load balancer).
    ByClient,
    /// Each election's ballots go to one server (a balancer routing on the election id).
    ByElection,
}

/// Posts every request from `clients` clients to the servers at `urls`.
async fn post(
    urls: &[String],
    requests: &Arc<Vec<Request>>,
    clients: usize,
    routing: Routing,
) -> Intake {
    reset_peak();
    let next = Arc::new(AtomicUsize::new(0));
    let http = reqwest::Client::new();
    let started = Instant::now();
    let mut posting = tokio::task::JoinSet::new();
    for c in 0..clients {
        let (http, requests, next) = (http.clone(), Arc::clone(requests), Arc::clone(&next));
        let urls = urls.to_vec();
        posting.spawn(async move {
            let mut latencies = Vec::new();
            while let Some(request) = requests.get(next.fetch_add(1, Ordering::Relaxed)) {
                let server = match routing {
                    Routing::ByClient => c % urls.len(),
                    Routing::ByElection => {
                        let h = request.url_path.bytes().fold(0usize, |h, b| {
                            h.wrapping_mul(31).wrapping_add(usize::from(b))
                        });
                        h % urls.len()
                    }
                };
                let sent = Instant::now();
                let response = http
                    .post(format!("{}{}", urls[server], request.url_path))
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
            latencies
        });
    }
    let mut latencies = Vec::with_capacity(requests.len());
    while let Some(done) = posting.join_next().await {
        latencies.extend(done.unwrap());
    }
    Intake {
        ballots: requests.len(),
        elapsed: started.elapsed(),
        latencies,
        peak: peak_mib(),
    }
}

/// A run to measure: its name, its elections and their requests.
type Run<'a> = (&'a str, &'a Arc<Season>, &'a Arc<Vec<Request>>);

/// Everything measured of one season (or single election) on one store.
struct Figures {
    intake: Intake,
    restart: Duration,
    restart_peak: f64,
    verify: Duration,
    verify_peak: f64,
}

async fn measure<S: Store>(
    store: S,
    season: &Arc<Season>,
    requests: &Arc<Vec<Request>>,
    clients: usize,
) -> Figures {
    let board = Board::open(store.clone(), board_signer(1)).await.unwrap();
    let served = serve_local(board, Limits::default()).await.unwrap();
    set_up(&served.url, season).await;
    let intake = post(
        std::slice::from_ref(&served.url),
        requests,
        clients,
        Routing::ByClient,
    )
    .await;
    served.stop().await.unwrap();

    reset_peak();
    let t = Instant::now();
    let board = Board::open(store.clone(), board_signer(1)).await.unwrap();
    let restart = t.elapsed();
    let restart_peak = peak_mib();
    let served = serve_local(board, Limits::default()).await.unwrap();

    let dir = TempDir::new("zhixuan_season_records");
    let (url, folder) = (served.url.clone(), dir.path().to_owned());
    reset_peak();
    let t = Instant::now();
    let report = tokio::task::spawn_blocking(move || {
        zhixuan_verify::verify_season_board(&url, &folder, &zhixuan_verify::Options::default())
            .unwrap()
    })
    .await
    .unwrap();
    let verify = t.elapsed();
    let verify_peak = peak_mib();
    assert!(
        report.passed(),
        "{}",
        report.render(zhixuan_verify::Lang::En)
    );
    assert_eq!(report.ballots() as usize, requests.len());
    served.stop().await.unwrap();
    Figures {
        intake,
        restart,
        restart_peak,
        verify,
        verify_peak,
    }
}

fn print(backend: &str, what: &str, f: &mut Figures) -> f64 {
    let per_ballot = 1e6 / f.intake.per_second();
    println!(
        "{backend:<11} {what:<22} {:>6.0} ballots/s ({per_ballot:>5.0} µs each)  p50 {:>6.1} ms  p99 {:>6.1} ms  peak {:>5.0} MiB | restart {:>5.2} s, peak {:>5.0} MiB | verify {:>6.1} s ({:>4.0} µs/ballot), peak {:>5.0} MiB",
        f.intake.per_second(),
        f.intake.at(0.50),
        f.intake.at(0.99),
        f.intake.peak,
        f.restart.as_secs_f64(),
        f.restart_peak,
        f.verify.as_secs_f64(),
        f.verify.as_secs_f64() * 1e6 / f.intake.ballots as f64,
        f.verify_peak,
    );
    per_ballot
}

/// The same season on `backend`, then one election alone, with the ratio of their costs
/// per ballot.
async fn compare<S: Store, F: std::future::Future<Output = Option<(S, Option<Schema>)>>>(
    backend: &str,
    open: impl Fn() -> F,
    runs: [Run<'_>; 2],
    clients: usize,
) {
    let mut costs = Vec::new();
    for (what, season, requests) in runs {
        let Some((store, _schema)) = open().await else {
            return;
        };
        let mut figures = measure(store.clone(), season, requests, clients).await;
        costs.push(print(backend, what, &mut figures));
        drop(store);
    }
    println!(
        "{backend:<11} cost per ballot, season ÷ one election: {:.2}",
        costs[0] / costs[1]
    );
}

async fn postgres() -> Option<(PostgresStore, Option<Schema>)> {
    let schema = Schema::new().await?;
    let store = PostgresStore::connect_in_schema(&schema.url, &schema.name)
        .await
        .unwrap();
    Some((store, Some(schema)))
}

/// The season through `servers` board servers sharing one PostgreSQL schema.
async fn shared(
    servers: usize,
    season: &Arc<Season>,
    requests: &Arc<Vec<Request>>,
    clients: usize,
    routing: Routing,
) {
    let Some((first, Some(schema))) = postgres().await else {
        return;
    };
    let mut served: Vec<Local> = Vec::new();
    for n in 0..servers {
        let store = if n == 0 {
            first.clone()
        } else {
            PostgresStore::connect_in_schema(&schema.url, &schema.name)
                .await
                .unwrap()
        };
        let board = Board::open(store, board_signer(1)).await.unwrap();
        served.push(serve_local(board, Limits::default()).await.unwrap());
    }
    set_up(&served[0].url, season).await;
    let urls: Vec<String> = served.iter().map(|s| s.url.clone()).collect();
    let mut intake = post(&urls, requests, clients, routing).await;
    let how = match routing {
        Routing::ByClient => "by client",
        Routing::ByElection => "by election",
    };
    println!(
        "PostgreSQL  season, {servers} servers, {how:<11} {:>6.0} ballots/s ({:>5.0} µs each)  p50 {:>6.1} ms  p99 {:>6.1} ms  peak {:>5.0} MiB (all servers, one process)",
        intake.per_second(),
        1e6 / intake.per_second(),
        intake.at(0.50),
        intake.at(0.99),
        intake.peak,
    );
    for s in served {
        s.stop().await.unwrap();
    }
}

fn main() {
    let elections = setting("ZHIXUAN_BENCH_ELECTIONS", 363);
    let ballots = setting("ZHIXUAN_BENCH_BALLOTS", 80_000);
    let single = setting("ZHIXUAN_BENCH_SINGLE", 20_000);
    let clients = setting("ZHIXUAN_BENCH_CLIENTS", 64);
    let servers = setting("ZHIXUAN_BENCH_SERVERS", 2).max(1);
    let backends = std::env::var("ZHIXUAN_BENCH_BACKENDS")
        .unwrap_or_else(|_| "sqlite,postgres,shared".to_owned());
    let generating = Instant::now();
    let mut season = Season::generate("season", elections, ballots);
    let mut alone = Season::generate("alone", 1, single);
    let (season_requests, alone_requests) =
        (Arc::new(requests(&season)), Arc::new(requests(&alone)));
    let counts = (season.ballots(), alone.ballots());
    // Only the request bodies stay resident through the runs, not the parsed ballots.
    for (_, ballots) in season
        .elections
        .iter_mut()
        .chain(alone.elections.iter_mut())
    {
        *ballots = Vec::new();
    }
    let (season, alone) = (Arc::new(season), Arc::new(alone));
    reset_peak();
    println!(
        "season: {elections} elections, {} ballots; one election: {} ballots (5 options, choose up to 2); \
         over loopback HTTP, {clients} clients; generated in {:.1} s; {} cores; \
         resident before the runs (the request bodies): {:.0} MiB",
        counts.0,
        counts.1,
        generating.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        status_mib("VmRSS:"),
    );
    let runs = [
        ("season", &season, &season_requests),
        ("one election", &alone, &alone_requests),
    ];
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        for backend in backends.split(',') {
            match backend.trim() {
                "sqlite" => {
                    let dirs = std::sync::Mutex::new(Vec::new());
                    let open = || async {
                        let dir = TempDir::new("zhixuan_season");
                        let store = SqliteStore::open(dir.path().join("board.db"))
                            .await
                            .unwrap();
                        dirs.lock().unwrap().push(dir);
                        Some((store, None))
                    };
                    compare("SQLite", open, runs, clients).await;
                }
                "postgres" => compare("PostgreSQL", postgres, runs, clients).await,
                "shared" => {
                    for routing in [Routing::ByElection, Routing::ByClient] {
                        shared(servers, &season, &season_requests, clients, routing).await;
                    }
                }
                other => println!("{other}: not a backend (sqlite, postgres, shared)"),
            }
        }
    });
}
