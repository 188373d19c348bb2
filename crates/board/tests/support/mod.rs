//! What the board's HTTP tests (and the intake benchmark) share: a small election whose
//! every message can be built locally, and a board served on a loopback port.
//!
//! The election is one voter group answering one competitive contest: five candidates,
//! two seats, so each ballot chooses up to two of five options. Three trustees hold the
//! key, any two decrypt. Keys are derived from labels, so a definition built twice is the
//! same definition.
// Each test binary uses its own part of this module.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use sha2::{Digest, Sha256};
use sqlx::Connection;
use time::{Duration, OffsetDateTime};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::{PostgresStore, Store};
use zhixuan_election::{
    decide, Counts, CredentialList, DefinitionDocument, ElectionDefinition, GroupCounts, Outcome,
};
use zhixuan_record::client::BoardClient;
use zhixuan_record::{
    CheckpointSigner, CloseVoting, Entry, GroupTally, Message, OpenVoting, PublishedResult,
    PublishedTally, Signed, TrusteeDecryption,
};
use zhixuan_tally::{
    combine, conclude, Acknowledgement, AuditedBallot, Ballot, CeremonyParams, CeremonyResult,
    CredentialSecret, Dealing, ElectionContext, ElectionHash, EncryptedContest, Encryptor,
    PreparedBallot, SigningKey, TallyAccumulator, Trustee, TrusteeIndex, TrusteeShare,
};

/// A board's conversion of an audit into a cast ballot (issue 14): the audit's election and
/// `contests` (with proofs) under `credential`, with `signature` attached.
pub fn converted(
    audited: &AuditedBallot,
    contests: Vec<EncryptedContest>,
    credential: &CredentialSecret,
    signature: zhixuan_tally::Signature,
) -> Ballot {
    Ballot {
        election: audited.election,
        credential: credential.public(),
        contests,
        signature,
    }
}

/// `Sign_x("ballot-signature", hash)` with a voter's credential: what only the voter can
/// make, here to play a voter who signs an audited ballot's hash after all.
pub fn voter_signature(
    credential: &CredentialSecret,
    hash: &zhixuan_tally::BallotHash,
) -> zhixuan_tally::Signature {
    SigningKey::from_bytes(*credential.to_bytes())
        .unwrap()
        .sign(b"ballot-signature", hash.as_bytes(), &mut rand::rng())
}

/// A key derived from a label (the examples' demonstration keys are made the same way).
pub fn demo_key(label: &str) -> SigningKey {
    let mut bytes: [u8; 32] = Sha256::digest(format!("zhixuan-demo/{label}")).into();
    bytes[31] &= 0x0f;
    SigningKey::from_bytes(bytes).unwrap()
}

/// The board's checkpoint signer in these tests.
pub fn signer(seed: u8) -> CheckpointSigner {
    CheckpointSigner::new(
        "test.board".parse().unwrap(),
        zhixuan_record::SigningKey::from_bytes(&[seed; 32]),
    )
}

/// A name no other test (or concurrent test run) uses: lowercase, digits and `_`.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A directory of its own, removed afterwards.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> TempDir {
        let dir = std::env::temp_dir().join(unique(prefix));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A board served on a loopback port until dropped.
pub struct Served {
    pub addr: SocketAddr,
    pub url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Served {
    pub fn client(&self) -> BoardClient {
        BoardClient::new(&self.url)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `board` with `limits` on a fresh loopback port.
pub async fn serve<S: Store>(board: Arc<Board<S>>, limits: Limits) -> Served {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        zhixuan_board::server::http::serve(listener, board, limits, std::future::pending())
            .await
            .unwrap();
    });
    Served {
        addr,
        url: format!("http://{addr}"),
        task,
    }
}

/// The candidates of the contest, in ballot order.
pub const CANDIDATES: [&str; 5] = ["an-li", "bai-xue", "cao-yang", "du-juan", "fang-hua"];

fn person(id: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "name": {"zh": id, "en": id}})
}

/// A definition of the small election with `voters` voters, voting open from an hour ago
/// for two hours.
pub fn definition(election_id: &str, voters: u64) -> DefinitionDocument {
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let trustees: Vec<serde_json::Value> = (1..=3)
        .map(|i| {
            serde_json::json!({
                "id": format!("trustee-{i}"),
                "name": {"zh": format!("监票人{i}"), "en": format!("Trustee {i}")},
                "key": demo_key(&format!("trustee-{i}")).verifying_key().to_string(),
            })
        })
        .collect();
    let document = serde_json::json!({
        "version": 1,
        "election_id": election_id,
        "title": {"zh": "委员差额选举", "en": "Competitive election of two committee members"},
        "organiser": demo_key("organiser").verifying_key().to_string(),
        "trustees": trustees,
        "threshold": 2,
        "voting": {
            "opens": (now - Duration::hours(1)).format(&time::format_description::well_known::Rfc3339).unwrap(),
            "closes": (now + Duration::hours(1)).format(&time::format_description::well_known::Rfc3339).unwrap(),
        },
        "revote": "single",
        "groups": [{
            "id": "voters",
            "name": {"zh": "选民", "en": "Voters"},
            "eligible": voters,
            "contests": ["committee"],
        }],
        "contests": [{
            "id": "committee",
            "title": {"zh": "委员", "en": "Committee members"},
            "kind": {"competitive": {
                "candidates": CANDIDATES.iter().map(|c| person(c)).collect::<Vec<_>>(),
                "seats": 2,
                "majority_more_than": "1/2",
            }},
        }],
    });
    serde::Deserialize::deserialize(&document).unwrap()
}

/// Round `n` of the Pingchang example with five voters, voting open now, following the
/// round whose definition hash is `follows`.
pub fn pingchang_round(n: u32, follows: Option<ElectionHash>) -> DefinitionDocument {
    let path = format!(
        "{}/../../examples/pingchang-round{n}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut doc: DefinitionDocument =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    doc.voting.opens = now - Duration::hours(1);
    doc.voting.closes = now + Duration::hours(1);
    doc.groups[0].eligible = 5;
    let link = doc.round.as_mut().unwrap().follows.as_mut();
    if let (Some(link), Some(hash)) = (link, follows) {
        link.definition_hash = hash;
    }
    doc
}

/// Choices for a ballot of the small election: `n` picks one or two candidates.
pub fn choices(n: usize) -> Vec<Vec<u32>> {
    let first = n % 5;
    let second = (n / 5 + first + 1) % 5;
    let mut options = vec![0; 5];
    options[first] = 1;
    if n % 3 != 0 {
        options[second] = 1;
    }
    vec![options]
}

/// An election whose every message is built locally: its definition, voters, trustees
/// and their finished key ceremony.
pub struct Fixture {
    pub definition: ElectionDefinition,
    pub hash: ElectionHash,
    pub organiser: SigningKey,
    pub trustee_keys: Vec<SigningKey>,
    pub dealings: Vec<Dealing>,
    pub ceremony: CeremonyResult,
    pub shares: Vec<TrusteeShare>,
    /// Every voter's credential secret, group by group in definition order.
    pub voters: Vec<(String, CredentialSecret)>,
    pub encryptor: Encryptor,
    /// The outcomes of the earlier elections this one names.
    pub earlier: Vec<Outcome>,
}

impl Fixture {
    /// Generates voters for every group and runs the key ceremony among the definition's
    /// trustees, whose keys must be `demo_key("trustee-{i}")`.
    pub fn new(document: DefinitionDocument) -> Fixture {
        let mut rng = rand::rng();
        let definition = ElectionDefinition::from_document(document).unwrap();
        let voters: Vec<(String, CredentialSecret)> = definition
            .document()
            .groups
            .iter()
            .flat_map(|g| {
                (0..g.eligible)
                    .map(|_| (g.id.clone(), CredentialSecret::generate(&mut rand::rng())))
            })
            .collect();
        Fixture::with_voters(definition, voters, &mut rng)
    }

    /// Like [`Fixture::new`], with the given voters (so that two elections can share them).
    pub fn with_voters(
        definition: ElectionDefinition,
        voters: Vec<(String, CredentialSecret)>,
        rng: &mut impl rand::CryptoRng,
    ) -> Fixture {
        let hash = definition.hash();
        let doc = definition.document();
        let trustee_keys: Vec<SigningKey> = (1..=doc.trustees.len())
            .map(|i| demo_key(&format!("trustee-{i}")))
            .collect();
        let params = CeremonyParams::new(
            hash,
            doc.threshold,
            trustee_keys
                .iter()
                .map(|k| k.verifying_key().clone())
                .collect(),
        )
        .unwrap();
        let mut trustees: Vec<Trustee> = trustee_keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                Trustee::new(params.clone(), TrusteeIndex(i as u32 + 1), k.clone(), rng).unwrap()
            })
            .collect();
        let dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(rng)).collect();
        for t in &mut trustees {
            for d in &dealings {
                assert!(t.receive(d, rng).unwrap().is_none());
            }
        }
        let ceremony = conclude(&params, &dealings, &[]).unwrap();
        let shares = trustees
            .iter()
            .map(|t| t.finish(&ceremony).unwrap())
            .collect();
        let encryptor = Encryptor::new(ElectionContext {
            election: hash,
            key: ceremony.election_key.clone(),
        });
        Fixture {
            definition,
            hash,
            organiser: demo_key("organiser"),
            trustee_keys,
            dealings,
            ceremony,
            shares,
            voters,
            encryptor,
            earlier: Vec::new(),
        }
    }

    pub fn id(&self) -> &str {
        self.definition.election_id()
    }

    /// `body` signed by `key` as an entry of `kind` in this election.
    pub fn sign_as<T: Message>(&self, key: &SigningKey, body: T) -> Signed<T> {
        Signed::sign(key, &self.hash, body, &mut rand::rng())
    }

    /// `body` signed by the organiser.
    pub fn signed<T: Message>(&self, body: T) -> Signed<T> {
        self.sign_as(&self.organiser, body)
    }

    pub fn definition_entry(&self) -> Signed<ElectionDefinition> {
        self.signed(self.definition.clone())
    }

    /// The credential list of one group, signed by `key`.
    pub fn credential_list_signed_by(&self, group: &str, key: &SigningKey) -> Entry {
        let list = CredentialList::new(
            &self.definition,
            group,
            self.voters
                .iter()
                .filter(|(g, _)| g == group)
                .map(|(_, s)| s.public())
                .collect(),
        )
        .unwrap();
        Entry::CredentialList(self.sign_as(key, list))
    }

    pub fn credential_lists(&self) -> Vec<Entry> {
        self.definition
            .document()
            .groups
            .iter()
            .map(|g| self.credential_list_signed_by(&g.id, &self.organiser))
            .collect()
    }

    /// Trustee `i`'s dealing (from 1), signed by `key`.
    pub fn dealing_signed_by(&self, i: usize, key: &SigningKey) -> Entry {
        Entry::Dealing(self.sign_as(key, self.dealings[i - 1].clone()))
    }

    pub fn dealing(&self, i: usize) -> Entry {
        self.dealing_signed_by(i, &self.trustee_keys[i - 1])
    }

    /// Every trustee's acknowledgement of every other trustee's dealing: the answers
    /// voting waits for (`spec/board.md` §5).
    pub fn acknowledgements(&self) -> Vec<Entry> {
        let n = self.trustee_keys.len();
        (1..=n)
            .flat_map(|i| (1..=n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| self.acknowledgement(i, j))
            .collect()
    }

    /// Trustee `j`'s acknowledgement of trustee `i`'s dealing (both from 1).
    pub fn acknowledgement(&self, i: usize, j: usize) -> Entry {
        let ack = Acknowledgement::new(&self.dealings[i - 1], TrusteeIndex(j as u32));
        Entry::Acknowledgement(self.sign_as(&self.trustee_keys[j - 1], ack))
    }

    pub fn open_voting(&self) -> Entry {
        Entry::OpenVoting(self.signed(OpenVoting {
            election_key: self.ceremony.election_key.clone(),
        }))
    }

    pub fn close_voting(&self) -> Entry {
        Entry::CloseVoting(self.signed(CloseVoting {}))
    }

    /// Voter `n`'s ballot with `choices`, encrypted but not yet cast or audited.
    pub fn prepare(&self, n: usize, choices: &[Vec<u32>]) -> PreparedBallot {
        let (group, secret) = &self.voters[n];
        let style = self.definition.ballot_style(group).unwrap();
        self.encryptor
            .encrypt_ballot(style, choices, &secret.public(), &mut rand::rng())
            .unwrap()
    }

    /// Voter `n`'s ballot with `choices`, cast.
    pub fn ballot_with(&self, n: usize, choices: &[Vec<u32>]) -> Ballot {
        let secret = &self.voters[n].1;
        self.prepare(n, choices)
            .cast(secret, &mut rand::rng())
            .unwrap()
    }

    /// Voter `n` audits a ballot with `choices`; also returns its contests with their
    /// proofs, which the audit does not publish (what a board colluding with the device
    /// would hold).
    pub fn audit_with(
        &self,
        n: usize,
        choices: &[Vec<u32>],
    ) -> (AuditedBallot, Vec<EncryptedContest>) {
        let prepared = self.prepare(n, choices);
        let contests = prepared.contests().to_vec();
        (prepared.audit(&self.voters[n].0), contests)
    }

    /// Voter `n`'s ballot with [`choices`]`(n)`.
    pub fn ballot(&self, n: usize) -> Ballot {
        self.ballot_with(n, &choices(n))
    }

    /// The encrypted tally of `ballots`, each from a distinct voter.
    pub fn tally(&self, ballots: &[Ballot]) -> PublishedTally {
        let groups = self
            .definition
            .document()
            .groups
            .iter()
            .map(|g| {
                let style = self.definition.ballot_style(&g.id).unwrap();
                let mut acc = TallyAccumulator::new(style);
                for b in ballots {
                    if self.group_of(b) == g.id {
                        let verified = b.clone().verify(self.encryptor.context(), style).unwrap();
                        acc.add(&verified, 1).unwrap();
                    }
                }
                GroupTally {
                    group: g.id.clone(),
                    tally: acc.finish(),
                }
            })
            .collect();
        PublishedTally { groups }
    }

    fn group_of(&self, ballot: &Ballot) -> String {
        self.voters
            .iter()
            .find(|(_, s)| s.public() == ballot.credential)
            .map(|(g, _)| g.clone())
            .unwrap()
    }

    /// The partial decryptions of `tally` by the first `threshold` trustees.
    pub fn decryptions(&self, tally: &PublishedTally) -> Vec<TrusteeDecryption> {
        self.decryptions_by(tally, &self.first_trustees())
    }

    /// The trustees (from 1) who decrypt unless a test says otherwise: the first `threshold`.
    fn first_trustees(&self) -> Vec<usize> {
        (1..=self.definition.document().threshold as usize).collect()
    }

    /// The partial decryptions of `tally` by `trustees` (from 1).
    pub fn decryptions_by(
        &self,
        tally: &PublishedTally,
        trustees: &[usize],
    ) -> Vec<TrusteeDecryption> {
        trustees
            .iter()
            .map(|&i| {
                let share = &self.shares[i - 1];
                TrusteeDecryption {
                    trustee: share.index(),
                    groups: tally
                        .groups
                        .iter()
                        .map(|g| {
                            share.decrypt(&self.hash, &g.tally.ciphertexts(), &mut rand::rng())
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// The counts the decryptions give, and the outcome the rules give for them.
    pub fn result(&self, tally: &PublishedTally, ballots: &[Ballot]) -> PublishedResult {
        self.result_by(tally, ballots, &self.first_trustees())
    }

    /// [`Fixture::result`], from the decryptions of `trustees` (from 1).
    pub fn result_by(
        &self,
        tally: &PublishedTally,
        ballots: &[Ballot],
        trustees: &[usize],
    ) -> PublishedResult {
        let decryptions = self.decryptions_by(tally, trustees);
        let threshold = self.definition.document().threshold;
        let groups = tally
            .groups
            .iter()
            .enumerate()
            .map(|(g, gt)| {
                let cts = gt.tally.ciphertexts();
                let parts: Vec<_> = decryptions
                    .iter()
                    .map(|d| {
                        let trustee = d.trustee;
                        d.groups[g]
                            .clone()
                            .verify(
                                &self.hash,
                                self.ceremony.verification_key(trustee).unwrap(),
                                &cts,
                            )
                            .unwrap()
                    })
                    .collect();
                let style = self.definition.ballot_style(&gt.group).unwrap();
                let mut bound = TallyAccumulator::new(style);
                for b in ballots.iter().filter(|b| self.group_of(b) == gt.group) {
                    bound
                        .add(
                            &b.clone().verify(self.encryptor.context(), style).unwrap(),
                            1,
                        )
                        .unwrap();
                }
                let values = combine(threshold, &cts, &parts, bound.bound()).unwrap();
                GroupCounts::from_tally(gt.group.clone(), &gt.tally, values)
            })
            .collect();
        let counts = Counts { groups };
        let outcome = decide(&self.definition, &counts, &self.earlier).unwrap();
        PublishedResult { counts, outcome }
    }

    /// Publishes the definition, the credential lists and the dealings, and opens voting.
    pub async fn setup(&self, client: &BoardClient) {
        client
            .create_election(&self.definition_entry())
            .await
            .unwrap();
        for list in self.credential_lists() {
            client.append(self.id(), &list).await.unwrap();
        }
        for i in 1..=self.trustee_keys.len() {
            client.append(self.id(), &self.dealing(i)).await.unwrap();
        }
        for ack in self.acknowledgements() {
            client.append(self.id(), &ack).await.unwrap();
        }
        client.append(self.id(), &self.open_voting()).await.unwrap();
    }

    /// Closes voting, publishes the tally of `ballots` (those the board counted), the
    /// decryptions and the result, and returns the outcome.
    pub async fn finish(&self, client: &BoardClient, ballots: &[Ballot]) -> Outcome {
        client
            .append(self.id(), &self.close_voting())
            .await
            .unwrap();
        let tally = self.tally(ballots);
        client
            .append(self.id(), &Entry::Tally(self.signed(tally.clone())))
            .await
            .unwrap();
        for (d, key) in self.decryptions(&tally).into_iter().zip(&self.trustee_keys) {
            let entry = Entry::PartialDecryption(self.sign_as(key, d));
            client.append(self.id(), &entry).await.unwrap();
        }
        let result = self.result(&tally, ballots);
        let outcome = result.outcome.clone();
        client
            .append(self.id(), &Entry::Result(self.signed(result)))
            .await
            .unwrap();
        outcome
    }
}

/// A schema of its own in the PostgreSQL test database, dropped afterwards.
///
/// PostgreSQL is the server at `ZHIXUAN_TEST_POSTGRES_URL`, by default
/// `postgres://postgres@127.0.0.1:5432/test`. When the server is unreachable a test fails if
/// `CI=true` — CI has the server, so its absence there is a broken pipeline — and otherwise
/// prints a notice and passes, so that the suite still runs on a machine without PostgreSQL.
pub struct Schema {
    pub url: String,
    pub name: String,
}

impl Schema {
    /// `None` when the server is unreachable outside CI (see the module documentation).
    pub async fn new() -> Option<Schema> {
        let url = std::env::var("ZHIXUAN_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        let reachable = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            sqlx::PgConnection::connect(&url),
        )
        .await;
        match reachable {
            Ok(Ok(conn)) => {
                let _ = conn.close().await;
                Some(Schema {
                    url,
                    name: unique("zhixuan_shared"),
                })
            }
            failure => {
                let why = match failure {
                    Ok(Err(error)) => error.to_string(),
                    _ => "timed out".to_owned(),
                };
                if std::env::var("CI").as_deref() == Ok("true") {
                    panic!("PostgreSQL is unreachable in CI: {why}");
                }
                eprintln!("notice: PostgreSQL is unreachable ({why}); skipping this test");
                None
            }
        }
    }

    /// The URL a `zhixuan-board` process is given to keep its tables in this schema
    /// (created, with the tables, by [`Schema::store`] first).
    pub fn board_url(&self) -> String {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        format!(
            "{}{separator}options=-c%20search_path%3D{}",
            self.url, self.name
        )
    }

    pub async fn store(&self) -> PostgresStore {
        PostgresStore::connect_in_schema(&self.url, &self.name)
            .await
            .unwrap()
    }
}

impl Drop for Schema {
    /// Drops the schema from a thread of its own: `Drop` cannot await, and runs inside the
    /// test's runtime (also while a failed test unwinds).
    fn drop(&mut self) {
        let url = self.url.clone();
        let name = self.name.clone();
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
                sqlx::raw_sql(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                conn.close().await.unwrap();
            });
        });
        if cleanup.join().is_err() {
            eprintln!("warning: could not drop the test schema {}", self.name);
        }
    }
}
