//! Crash consistency: the real `zhixuan-board` binary, with voters casting concurrently,
//! is killed with SIGKILL at random moments, several times, and restarted on the same
//! database. After every restart:
//!
//! - every ballot the board acknowledged is still in the log at the index it was
//!   acknowledged with (its leaf hash there is the acknowledged one, and an inclusion proof
//!   ties it to the board's newest signed checkpoint);
//! - every checkpoint saved before (from acknowledgements and from the board itself) is
//!   consistent with the newest one — the log only grew;
//! - nothing half-written is visible: the log reads back whole, entry by entry, each at its
//!   own index, and as many as the checkpoint signs.
//!
//! Voters who got no answer send the same ballot again to the restarted board; it either
//! takes it or says it already has it, and then it must be in the log. At the end the
//! election is counted and its exported record passes the verifier, holding the board to
//! every checkpoint saved along the way.
//!
//! The same runs on SQLite, on PostgreSQL, and on two servers sharing one PostgreSQL
//! schema of which one at a time is killed while the other keeps taking ballots.
//! The test kit's `Schema` says what happens when PostgreSQL is unreachable.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::RngExt;
use zhixuan_board::PostgresStore;
use zhixuan_record::client::{BoardClient, ClientError};
use zhixuan_record::{
    check_consistency, verify_inclusion, Ack, CheckpointVerifier, Consistency, Entry,
    SignedCheckpoint,
};
use zhixuan_tally::Ballot;
use zhixuan_testkit::{small_election, Election, Schema, TempDir};
use zhixuan_verify::{verify_record, Options, SavedCheckpoint};

/// Voters in each run, casting through this many concurrent clients.
const VOTERS: usize = 480;
const CLIENTS: usize = 12;
/// How many times a board is killed.
const KILLS: usize = 6;

/// The `zhixuan-board` binary of this build. Cargo gives a binary's path
/// (`CARGO_BIN_EXE_…`) to the tests of its own package only, and this suite is another
/// package: the binary is in the profile directory above this test's executable, where
/// `cargo test --workspace` builds it (the board's own tests run it too).
fn board_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile = exe.parent().and_then(Path::parent).unwrap();
    let binary = profile.join(format!("zhixuan-board{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "{} is missing: run `cargo build -p zhixuan-board` first, or the whole workspace's tests",
        binary.display()
    );
    binary
}

/// A `zhixuan-board` process on a loopback port of its own.
struct BoardProcess {
    child: Child,
    url: String,
}

impl BoardProcess {
    /// Starts the board on `database` with the key at `key`, its output going to `log`,
    /// and waits until it answers.
    async fn start(database: &str, key: &Path, log: &Path) -> BoardProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let output = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .unwrap();
        let child = Command::new(board_binary())
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--database")
            .arg(database)
            .arg("--key")
            .arg(key)
            // Every voter here comes from one loopback address.
            .arg("--rate-limit")
            .arg("0")
            .env("RUST_LOG", "warn")
            .stdout(output.try_clone().unwrap())
            .stderr(output)
            .spawn()
            .unwrap();
        let board = BoardProcess {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while board.client().elections().await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the board did not come up; its output is in {}",
                log.display()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        board
    }

    fn client(&self) -> BoardClient {
        BoardClient::new(&self.url)
    }

    /// SIGKILL: no shutdown, no flushing, whatever the board was doing.
    fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for BoardProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One deployment under test: how to reach its database, and how many servers share it.
struct Deployment {
    database: String,
    servers: usize,
    dir: TempDir,
}

impl Deployment {
    fn key(&self) -> PathBuf {
        self.dir.path().join("board.key")
    }

    fn log(&self, server: usize) -> PathBuf {
        self.dir.path().join(format!("board-{server}.log"))
    }

    async fn start(&self, server: usize) -> BoardProcess {
        BoardProcess::start(&self.database, &self.key(), &self.log(server)).await
    }
}

/// What the test holds the board to: the acknowledgements and the checkpoints it saw.
#[derive(Default)]
struct Witness {
    acked: BTreeMap<usize, Ack>,
    checkpoints: Vec<SignedCheckpoint>,
    /// Requests a kill cut off (no answer).
    interrupted: usize,
}

/// Casts the ballots of `queue` through [`CLIENTS`] clients spread over `boards` until the
/// queue is empty or every client has failed; returns each voter's answer.
/// `answered` counts the answers as they come.
async fn cast(
    boards: &[BoardClient],
    id: &str,
    ballots: &Arc<Vec<Ballot>>,
    queue: &Arc<Mutex<VecDeque<usize>>>,
    answered: &Arc<AtomicUsize>,
) -> tokio::task::JoinSet<Vec<(usize, Result<Ack, ClientError>)>> {
    let mut clients = tokio::task::JoinSet::new();
    for c in 0..CLIENTS {
        let board = boards[c % boards.len()].clone();
        let (id, ballots, queue) = (id.to_owned(), Arc::clone(ballots), Arc::clone(queue));
        let answered = Arc::clone(answered);
        clients.spawn(async move {
            let mut answers = Vec::new();
            loop {
                let Some(n) = queue.lock().unwrap().pop_front() else {
                    return answers;
                };
                let answer = board.append(&id, &Entry::Ballot(ballots[n].clone())).await;
                answered.fetch_add(1, Ordering::Relaxed);
                let unreachable = matches!(answer, Err(ClientError::Unreachable { .. }));
                answers.push((n, answer));
                // A client whose server is gone stops; the others take the rest.
                if unreachable {
                    return answers;
                }
            }
        });
    }
    clients
}

/// Sorts the answers: acknowledgements are witnessed, and a voter without one goes back
/// in `retry`. A refusal other than "send it again" is a failure.
fn sort_answers(
    answers: Vec<(usize, Result<Ack, ClientError>)>,
    witness: &mut Witness,
    verifier: &CheckpointVerifier,
    retry: &mut BTreeSet<usize>,
) {
    for (n, answer) in answers {
        match answer {
            // A ballot stored before a crash but never answered is answered when it is sent
            // again, with its first acknowledgement (`spec/board.md` §5.7).
            Ok(ack) => {
                let checkpoint: SignedCheckpoint = ack.checkpoint.parse().unwrap();
                let size = checkpoint.verify(verifier).unwrap().size();
                assert!(
                    ack.index < size,
                    "voter {n}: acknowledged past its checkpoint"
                );
                witness.checkpoints.push(checkpoint);
                assert!(
                    witness.acked.insert(n, ack).is_none(),
                    "voter {n} acked twice"
                );
                retry.remove(&n);
            }
            // The server died under the request, or was already gone.
            Err(ClientError::Unreachable { .. }) => {
                witness.interrupted += 1;
                retry.insert(n);
            }
            // The other server held the write lock: "nothing was stored, send it again".
            Err(e) if e.code() == Some("busy") => {
                retry.insert(n);
            }
            Err(e) => panic!("voter {n}: {e}"),
        }
    }
}

/// Holds the board at `client` to everything witnessed so far, and returns its newest
/// checkpoint.
async fn check_log(
    client: &BoardClient,
    id: &str,
    verifier: &CheckpointVerifier,
    witness: &Witness,
) -> SignedCheckpoint {
    let newest: SignedCheckpoint = client.checkpoint(id).await.unwrap().parse().unwrap();
    let verified = newest.verify(verifier).unwrap();
    let (size, root) = (verified.size(), *verified.root());

    // The log reads back whole: every index once, in order, each entry well formed.
    let mut from = 0;
    while from < size {
        let page = client.entries(id, from, 1000).await.unwrap();
        assert!(!page.entries.is_empty(), "the log ends at {from} of {size}");
        for entry in &page.entries {
            assert_eq!(entry.index, from, "entry out of place");
            from += 1;
        }
    }
    assert_eq!(from, size);

    for (n, ack) in &witness.acked {
        let proof = client.inclusion(id, ack.index, Some(size)).await.unwrap();
        assert_eq!(
            proof.leaf_hash, ack.leaf_hash,
            "voter {n}'s acknowledged ballot is no longer at index {}",
            ack.index
        );
        verify_inclusion(&ack.leaf_hash, ack.index, size, &proof.proof, &root).unwrap();
    }
    for saved in &witness.checkpoints {
        let from = saved.verify(verifier).unwrap().size();
        let proof = client.consistency(id, from, Some(size)).await.unwrap();
        assert_eq!(
            check_consistency(verifier, saved, &newest, &proof.proof).unwrap(),
            Consistency::Consistent,
            "a checkpoint of size {from} is not a prefix of the log after the restart"
        );
    }
    newest
}

/// The ballots in the log, by tracking code order of appearance.
async fn ballots_in_log(client: &BoardClient, id: &str) -> Vec<Ballot> {
    let mut out = Vec::new();
    let mut from = 0;
    loop {
        let page = client.entries(id, from, 1000).await.unwrap();
        for entry in page.entries {
            if let Entry::Ballot(ballot) = entry.entry {
                out.push(ballot);
            }
        }
        match page.next {
            Some(next) => from = next,
            None => return out,
        }
    }
}

/// The whole run: set up on the first server, then [`KILLS`] rounds of casting and a
/// SIGKILL of one server at a random moment, each followed by a restart and the checks of
/// [`check_log`]; then the count and the verifier.
async fn crash_and_recover(deployment: Deployment) {
    let f = Election::new(small_election("crash", VOTERS as u64));
    let id = f.id().to_owned();
    let mut boards = Vec::new();
    for server in 0..deployment.servers {
        boards.push(deployment.start(server).await);
    }
    f.setup(&boards[0].client()).await;
    let board_key = boards[0].client().board_key().await.unwrap();
    let verifier: CheckpointVerifier = board_key.parse().unwrap();

    let ballots: Arc<Vec<Ballot>> = Arc::new((0..VOTERS).map(|n| f.ballot(n)).collect());
    let mut witness = Witness::default();
    let mut retry: BTreeSet<usize> = BTreeSet::new();
    let mut fresh: VecDeque<usize> = (0..VOTERS).collect();
    let mut rng = rand::rng();
    for round in 0..KILLS {
        // Voters without an answer go first, then a share of new ones.
        let mut turn: VecDeque<usize> = std::mem::take(&mut retry).into_iter().collect();
        let share = fresh.len() / (KILLS - round);
        turn.extend(fresh.drain(..share));
        // The kill comes after a random number of answers, and a random moment more, so
        // that it falls while ballots are being written, never on an idle board.
        let kill_after = rng.random_range(1..turn.len() - 2 * CLIENTS);
        let queue = Arc::new(Mutex::new(turn));
        let clients: Vec<BoardClient> = boards.iter().map(BoardProcess::client).collect();
        let answered = Arc::new(AtomicUsize::new(0));
        let mut casting = cast(&clients, &id, &ballots, &queue, &answered).await;
        let waiting = Instant::now();
        while answered.load(Ordering::Relaxed) < kill_after {
            assert!(
                waiting.elapsed() < Duration::from_secs(120),
                "round {round}: {} of {kill_after} answers in two minutes",
                answered.load(Ordering::Relaxed)
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        tokio::time::sleep(Duration::from_micros(rng.random_range(0..20_000))).await;
        let victim = rng.random_range(0..boards.len());
        boards[victim].kill();

        while let Some(answers) = casting.join_next().await {
            sort_answers(answers.unwrap(), &mut witness, &verifier, &mut retry);
        }
        retry.extend(queue.lock().unwrap().drain(..));
        boards[victim] = deployment.start(victim).await;
        for board in &boards {
            let newest = check_log(&board.client(), &id, &verifier, &witness).await;
            witness.checkpoints.push(newest);
        }
    }

    // Everyone left votes, on a board that stays up this time.
    let queue = Arc::new(Mutex::new(
        retry.iter().copied().chain(fresh.drain(..)).collect(),
    ));
    retry.clear();
    let clients: Vec<BoardClient> = boards.iter().map(BoardProcess::client).collect();
    let mut casting = cast(&clients, &id, &ballots, &queue, &Arc::default()).await;
    while let Some(answers) = casting.join_next().await {
        sort_answers(answers.unwrap(), &mut witness, &verifier, &mut retry);
    }
    assert!(
        retry.is_empty(),
        "voters {retry:?} got no answer from a running board"
    );
    let client = boards[0].client();
    check_log(&client, &id, &verifier, &witness).await;

    // Every voter's ballot is in the log exactly once, acknowledged or not.
    let counted = ballots_in_log(&client, &id).await;
    let codes: BTreeSet<_> = counted.iter().map(Ballot::tracking_code).collect();
    assert_eq!(codes.len(), counted.len(), "a ballot is in the log twice");
    assert_eq!(
        codes,
        ballots.iter().map(Ballot::tracking_code).collect(),
        "the log's ballots are not the voters' ballots"
    );

    f.finish(&client, &counted).await;
    let record = client.record(&id).await.unwrap();
    let options = Options {
        checkpoints: witness
            .checkpoints
            .iter()
            .enumerate()
            .map(|(n, c)| SavedCheckpoint {
                source: format!("checkpoint {n}"),
                text: c.to_string(),
            })
            .collect(),
        board_key: Some(board_key),
        progress: false,
    };
    let report = verify_record(record.as_bytes(), &options).unwrap();
    assert!(
        report.passed(),
        "the record fails the verifier:\n{}",
        report.render(zhixuan_verify::Lang::En)
    );
    // The kills cut requests off (else this test tested nothing).
    assert!(
        witness.interrupted >= KILLS,
        "{} requests cut off",
        witness.interrupted
    );
    eprintln!(
        "{} server(s), {KILLS} kills: {} requests cut off, {} acknowledged, {} checkpoints \
         held to",
        deployment.servers,
        witness.interrupted,
        witness.acked.len(),
        witness.checkpoints.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_board_survives_sigkill() {
    let dir = TempDir::new("zhixuan_crash");
    let database = format!("sqlite:{}", dir.path().join("board.db").display());
    crash_and_recover(Deployment {
        database,
        servers: 1,
        dir,
    })
    .await;
}

/// [`crash_and_recover`] with `servers` servers sharing a PostgreSQL schema of their own.
async fn on_postgres(servers: usize) {
    let Some(schema) = Schema::new().await else {
        return;
    };
    // Creates the schema and its tables; the board processes find them there.
    PostgresStore::connect_in_schema(&schema.url, &schema.name)
        .await
        .unwrap()
        .close()
        .await;
    crash_and_recover(Deployment {
        database: schema.board_url(),
        servers,
        dir: TempDir::new("zhixuan_crash_pg"),
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_board_survives_sigkill() {
    on_postgres(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_postgres_servers_survive_one_killed() {
    on_postgres(2).await;
}
