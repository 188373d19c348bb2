//! Election records for the verifier's tests, built in-process: every honest entry goes
//! through the board's admission rules as it is appended, with a timestamp inside the
//! example's own voting window, so the record is exactly what an honest board would export.
//! A test that tampers pushes entries the rules would refuse, or edits the finished log,
//! and re-signs the checkpoint as a dishonest board would.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use zhixuan_election::{decide, Counts, CredentialList, ElectionDefinition, GroupCounts};
use zhixuan_record::*;
use zhixuan_tally::{
    combine, conclude, Acknowledgement, AuditedBallot, Ballot, BallotStyle, CeremonyParams,
    CredentialSecret, Dealing, ElectionContext, Encryptor, TallyAccumulator, Trustee, TrusteeIndex,
    TrusteeShare, VerifiedPartialDecryption,
};
use zhixuan_verify::{verify_record, Options, Report, SavedCheckpoint};

pub fn demo_key(label: &str) -> zhixuan_tally::SigningKey {
    let mut bytes: [u8; 32] = Sha256::digest(format!("zhixuan-demo/{label}")).into();
    bytes[31] &= 0x0f;
    zhixuan_tally::SigningKey::from_bytes(bytes).unwrap()
}

pub fn example(name: &str) -> ElectionDefinition {
    let path = format!("{}/../../examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    ElectionDefinition::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub fn example_counts(name: &str) -> Counts {
    let path = format!(
        "{}/../../examples/{name}.counts.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub fn board_signer() -> CheckpointSigner {
    CheckpointSigner::new(
        "test.board".parse().unwrap(),
        SigningKey::from_bytes(&[7; 32]),
    )
}

/// An election being built, entry by entry.
pub struct Builder {
    pub definition: ElectionDefinition,
    pub state: ElectionState,
    pub entries: Vec<LogEntry>,
    pub organiser: zhixuan_tally::SigningKey,
    pub trustee_keys: Vec<zhixuan_tally::SigningKey>,
    pub shares: Vec<TrusteeShare>,
    pub encryptor: Option<Encryptor>,
    /// Every group's credentials, in definition order.
    pub credentials: Vec<Vec<CredentialSecret>>,
    /// Credentials that have voted or audited, per group.
    pub used: Vec<usize>,
    pub accumulators: Vec<TallyAccumulator>,
    pub tally: Option<PublishedTally>,
    pub partials: Vec<Vec<VerifiedPartialDecryption>>,
    pub earlier: Vec<EarlierElection>,
    pub earlier_outcomes: Vec<(ElectionDefinition, zhixuan_election::Outcome)>,
    pub time: OffsetDateTime,
}

impl Builder {
    /// The definition entry, signed by the demo organiser.
    pub fn new(definition: ElectionDefinition, earlier: &[&Finished]) -> Builder {
        let mut rng = rand::rng();
        let organiser = demo_key("organiser");
        let hash = definition.hash();
        let opens = definition.document().voting.opens;
        let time = opens - Duration::hours(1);
        let entry = LogEntry {
            index: 0,
            received_at: time,
            entry: Entry::Definition(Signed::sign(
                &organiser,
                &hash,
                definition.clone(),
                &mut rng,
            )),
        };
        let earlier_outcomes: Vec<_> = earlier
            .iter()
            .flat_map(|f| f.earlier_outcomes.iter().cloned().chain([f.outcome_pair()]))
            .collect();
        let appendix: Vec<EarlierElection> = earlier
            .iter()
            .flat_map(|f| f.earlier.iter().cloned().chain([f.appendix()]))
            .collect();
        let state = ElectionState::new(&entry, &earlier_outcomes).unwrap();
        let groups = &definition.document().groups;
        let credentials = groups
            .iter()
            .map(|g| {
                (0..g.eligible)
                    .map(|_| CredentialSecret::generate(&mut rng))
                    .collect()
            })
            .collect();
        let accumulators = groups
            .iter()
            .map(|g| TallyAccumulator::new(definition.ballot_style(&g.id).unwrap()))
            .collect();
        Builder {
            used: vec![0; groups.len()],
            state,
            entries: vec![entry],
            organiser,
            trustee_keys: (1..=5).map(|i| demo_key(&format!("trustee-{i}"))).collect(),
            shares: Vec::new(),
            encryptor: None,
            credentials,
            accumulators,
            tally: None,
            partials: Vec::new(),
            earlier: appendix,
            earlier_outcomes,
            time,
            definition,
        }
    }

    pub fn hash(&self) -> zhixuan_tally::ElectionHash {
        self.definition.hash()
    }

    /// Appends an entry the rules accept.
    pub fn apply(&mut self, entry: Entry) -> Applied {
        self.time += Duration::seconds(1);
        let prepared = self.state.prepare(entry).unwrap();
        let (applied, entry) = self.state.apply(prepared, self.time).unwrap();
        self.entries.push(LogEntry {
            index: self.entries.len() as u64,
            received_at: self.time,
            entry,
        });
        applied
    }

    /// Appends an entry without the rules, as a dishonest board would.
    pub fn push(&mut self, entry: Entry) {
        self.time += Duration::seconds(1);
        self.entries.push(LogEntry {
            index: self.entries.len() as u64,
            received_at: self.time,
            entry,
        });
    }

    pub fn organiser_signed<T>(&self, body: T) -> Signed<T>
    where
        T: Message,
    {
        Signed::sign(&self.organiser, &self.hash(), body, &mut rand::rng())
    }

    pub fn trustee_signed<T>(&self, trustee: u32, body: T) -> Signed<T>
    where
        T: Message,
    {
        let key = &self.trustee_keys[trustee as usize - 1];
        Signed::sign(key, &self.hash(), body, &mut rand::rng())
    }

    pub fn credential_list(&self, g: usize) -> Entry {
        let group = &self.definition.document().groups[g];
        let list = CredentialList::new(
            &self.definition,
            &group.id,
            self.credentials[g].iter().map(|s| s.public()).collect(),
        )
        .unwrap();
        Entry::CredentialList(self.organiser_signed(list))
    }

    /// Credential lists, a 3-of-5 ceremony and the opening of voting.
    pub fn setup(&mut self) {
        for g in 0..self.credentials.len() {
            let entry = self.credential_list(g);
            self.apply(entry);
        }
        let mut rng = rand::rng();
        let doc = self.definition.document();
        let params = CeremonyParams::new(
            self.hash(),
            doc.threshold,
            doc.trustees.iter().map(|t| t.key.clone()).collect(),
        )
        .unwrap();
        let mut trustees: Vec<Trustee> = self
            .trustee_keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                Trustee::new(
                    params.clone(),
                    TrusteeIndex(i as u32 + 1),
                    k.clone(),
                    &mut rng,
                )
                .unwrap()
            })
            .collect();
        let dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(&mut rng)).collect();
        for (i, d) in dealings.iter().enumerate() {
            let entry = Entry::Dealing(self.trustee_signed(i as u32 + 1, d.clone()));
            self.apply(entry);
        }
        for (j, t) in trustees.iter_mut().enumerate() {
            for d in &dealings {
                assert!(t.receive(d, &mut rng).unwrap().is_none());
                if d.dealer != t.index() {
                    let ack = Acknowledgement::new(d, t.index());
                    let entry = Entry::Acknowledgement(self.trustee_signed(j as u32 + 1, ack));
                    self.apply(entry);
                }
            }
        }
        let ceremony = conclude(&params, &dealings, &[]).unwrap();
        self.shares = trustees
            .iter()
            .map(|t| t.finish(&ceremony).unwrap())
            .collect();
        let open = OpenVoting {
            election_key: ceremony.election_key.clone(),
        };
        let entry = Entry::OpenVoting(self.organiser_signed(open));
        self.apply(entry);
        self.encryptor = Some(Encryptor::new(ElectionContext {
            election: self.hash(),
            key: ceremony.election_key,
        }));
        self.time = self.definition.document().voting.opens;
    }

    pub fn style(&self, g: usize) -> &BallotStyle {
        let id = &self.definition.document().groups[g].id;
        self.definition.ballot_style(id).unwrap()
    }

    /// Valid choices for group `g`: in each contest, the fewest marks allowed (at least
    /// one), on the first options.
    pub fn choices(&self, g: usize) -> Vec<Vec<u32>> {
        self.style(g)
            .contests()
            .iter()
            .map(|c| {
                let spec = &c.spec;
                let mut left = spec.min_total.max(1).min(spec.max_total);
                spec.option_limits
                    .iter()
                    .map(|&limit| {
                        let x = limit.min(left);
                        left -= x;
                        x
                    })
                    .collect()
            })
            .collect()
    }

    /// A ballot from the next unused credential of group `g`, with `choices`, encrypted
    /// but not yet cast or audited; and that credential.
    pub fn prepare(
        &mut self,
        g: usize,
        choices: &[Vec<u32>],
    ) -> (zhixuan_tally::PreparedBallot, CredentialSecret) {
        let secret = self.credentials[g][self.used[g]].clone();
        self.used[g] += 1;
        let style = self.style(g).clone();
        let prepared = self
            .encryptor
            .as_ref()
            .unwrap()
            .encrypt_ballot(&style, choices, &secret.public(), &mut rand::rng())
            .unwrap();
        (prepared, secret)
    }

    /// A cast ballot from the next unused credential of group `g`, with `choices`, and
    /// that credential.
    pub fn ballot(&mut self, g: usize, choices: &[Vec<u32>]) -> (Ballot, CredentialSecret) {
        let (prepared, secret) = self.prepare(g, choices);
        let ballot = prepared.cast(&secret, &mut rand::rng()).unwrap();
        (ballot, secret)
    }

    /// Casts an honest ballot, counted.
    pub fn cast(&mut self, g: usize, choices: &[Vec<u32>]) -> Ballot {
        let (ballot, _) = self.ballot(g, choices);
        self.count(g, ballot)
    }

    /// Casts an honest ballot of group `g` with `secret`, a credential that may have voted
    /// or audited before.
    pub fn cast_as(&mut self, g: usize, secret: &CredentialSecret, choices: &[Vec<u32>]) -> Ballot {
        let style = self.style(g).clone();
        let ballot = self
            .encryptor
            .as_ref()
            .unwrap()
            .encrypt_ballot(&style, choices, &secret.public(), &mut rand::rng())
            .unwrap()
            .cast(secret, &mut rand::rng())
            .unwrap();
        self.count(g, ballot)
    }

    /// Applies an honest ballot of group `g` and adds it to the group's tally. (Not for a
    /// ballot that replaces another: the tally would count both.)
    fn count(&mut self, g: usize, ballot: Ballot) -> Ballot {
        let verified = ballot
            .clone()
            .verify(self.encryptor.as_ref().unwrap().context(), self.style(g))
            .unwrap();
        self.accumulators[g].add(&verified, 1).unwrap();
        self.apply(Entry::Ballot(ballot.clone()));
        ballot
    }

    /// Casts many honest ballots in group `g` at once: encrypted and verified on all
    /// cores, then applied in order, as a board's group commit would.
    pub fn cast_many(&mut self, g: usize, choices: &[Vec<Vec<u32>>]) {
        use rayon::prelude::*;
        let style = self.style(g).clone();
        let start = self.used[g];
        self.used[g] += choices.len();
        let secrets = &self.credentials[g][start..start + choices.len()];
        let encryptor = self.encryptor.as_ref().unwrap();
        let ballots: Vec<Ballot> = choices
            .par_iter()
            .zip(secrets)
            .map(|(c, secret)| {
                encryptor
                    .encrypt_ballot(&style, c, &secret.public(), &mut rand::rng())
                    .unwrap()
                    .cast(secret, &mut rand::rng())
                    .unwrap()
            })
            .collect();
        let verified = zhixuan_tally::verify_ballots(
            encryptor.context(),
            ballots.iter().map(|b| (b.clone(), &style)).collect(),
        );
        for v in verified {
            self.accumulators[g].add(&v.unwrap(), 1).unwrap();
        }
        for prepared in self.state.prepare_ballots(ballots) {
            self.time += Duration::milliseconds(10);
            let at = self.time.replace_nanosecond(0).unwrap();
            let (_, entry) = self.state.apply(prepared.unwrap(), at).unwrap();
            self.entries.push(LogEntry {
                index: self.entries.len() as u64,
                received_at: at,
                entry,
            });
        }
    }

    /// Audits a ballot (opened, never counted). Also returns its contests with their
    /// proofs, which the audit does not publish, and the credential it was encrypted for:
    /// what a board colluding with the voter's device would hold.
    pub fn audit(
        &mut self,
        g: usize,
        choices: &[Vec<u32>],
    ) -> (
        AuditedBallot,
        Vec<zhixuan_tally::EncryptedContest>,
        CredentialSecret,
    ) {
        let (prepared, secret) = self.prepare(g, choices);
        let contests = prepared.contests().to_vec();
        let group = self.definition.document().groups[g].id.clone();
        let audited = prepared.audit(group);
        self.apply(Entry::AuditedBallot(audited.clone()));
        (audited, contests, secret)
    }

    /// Casts ballots whose sums are exactly the example's counts (all of them, or the
    /// first `limit` ballots of each group).
    pub fn cast_counts(&mut self, counts: &Counts, limit: Option<u64>) {
        for (g, group) in counts.groups.iter().enumerate() {
            let style = self.style(g).clone();
            let cast = limit.map_or(group.ballots_cast, |l| l.min(group.ballots_cast));
            for choices in ballots_for(&style, group).into_iter().take(cast as usize) {
                self.cast(g, &choices);
            }
        }
    }

    pub fn close(&mut self) {
        let entry = Entry::CloseVoting(self.organiser_signed(CloseVoting {}));
        self.time = self.definition.document().voting.closes;
        self.apply(entry);
    }

    pub fn honest_tally(&self) -> PublishedTally {
        PublishedTally {
            groups: self
                .definition
                .document()
                .groups
                .iter()
                .zip(&self.accumulators)
                .map(|(g, acc)| GroupTally {
                    group: g.id.clone(),
                    tally: acc.finish(),
                })
                .collect(),
        }
    }

    pub fn publish_tally(&mut self) {
        let tally = self.honest_tally();
        self.tally = Some(tally.clone());
        let entry = Entry::Tally(self.organiser_signed(tally));
        self.apply(entry);
    }

    /// Trustee `i`'s honest partial decryption of the tally.
    pub fn decryption(&self, i: u32) -> TrusteeDecryption {
        let tally = self.tally.as_ref().unwrap();
        TrusteeDecryption {
            trustee: TrusteeIndex(i),
            groups: tally
                .groups
                .iter()
                .map(|g| {
                    self.shares[i as usize - 1].decrypt(
                        &self.hash(),
                        &g.tally.ciphertexts(),
                        &mut rand::rng(),
                    )
                })
                .collect(),
        }
    }

    pub fn decrypt(&mut self, trustees: &[u32]) {
        for &i in trustees {
            let decryption = self.decryption(i);
            let entry = Entry::PartialDecryption(self.trustee_signed(i, decryption));
            self.apply(entry);
        }
    }

    /// The counts the trustees' decryptions give.
    pub fn counts(&self, trustees: &[u32]) -> Counts {
        let tally = self.tally.as_ref().unwrap();
        let ceremony = self.state.ceremony().unwrap();
        let threshold = self.definition.document().threshold;
        Counts {
            groups: tally
                .groups
                .iter()
                .enumerate()
                .map(|(g, gt)| {
                    let cts = gt.tally.ciphertexts();
                    let parts: Vec<_> = trustees
                        .iter()
                        .map(|&i| {
                            self.decryption(i).groups[g]
                                .clone()
                                .verify(
                                    &self.hash(),
                                    ceremony.verification_key(TrusteeIndex(i)).unwrap(),
                                    &cts,
                                )
                                .unwrap()
                        })
                        .collect();
                    let values =
                        combine(threshold, &cts, &parts, self.accumulators[g].bound()).unwrap();
                    GroupCounts::from_tally(gt.group.clone(), &gt.tally, values)
                })
                .collect(),
        }
    }

    pub fn honest_result(&self) -> PublishedResult {
        let counts = self.counts(&[1, 3, 5]);
        let earlier: Vec<_> = self
            .earlier_outcomes
            .iter()
            .map(|(_, o)| o.clone())
            .collect();
        let outcome = decide(&self.definition, &counts, &earlier).unwrap();
        PublishedResult { counts, outcome }
    }

    pub fn publish_result(&mut self) {
        let result = self.honest_result();
        let entry = Entry::Result(self.organiser_signed(result));
        self.apply(entry);
    }

    /// Tally, three decryptions and the result, after voting.
    pub fn conclude(&mut self) {
        self.close();
        self.publish_tally();
        self.decrypt(&[1, 3, 5]);
        self.publish_result();
    }

    pub fn finish(self) -> Finished {
        Finished {
            election_id: self.definition.election_id().to_owned(),
            outcome: self.state.outcome().cloned(),
            definition: self.definition,
            entries: self.entries,
            earlier: self.earlier,
            earlier_outcomes: self.earlier_outcomes,
        }
    }
}

/// A finished log, ready to export.
#[derive(Clone)]
pub struct Finished {
    pub election_id: String,
    pub definition: ElectionDefinition,
    pub outcome: Option<zhixuan_election::Outcome>,
    pub entries: Vec<LogEntry>,
    pub earlier: Vec<EarlierElection>,
    pub earlier_outcomes: Vec<(ElectionDefinition, zhixuan_election::Outcome)>,
}

impl Finished {
    pub fn tree(&self) -> MerkleTree {
        let mut tree = MerkleTree::new();
        for e in &self.entries {
            tree.push(e.leaf_hash());
        }
        tree
    }

    /// The board's signed checkpoint of the first `size` entries.
    pub fn checkpoint(&self, size: u64) -> String {
        let root = self.tree().root_at(size).unwrap();
        let origin = Origin::for_election(&self.election_id).unwrap();
        board_signer()
            .sign(Checkpoint::new(origin, size, root).unwrap())
            .to_string()
    }

    pub fn header(&self) -> RecordHeader {
        RecordHeader {
            format: RECORD_FORMAT.into(),
            version: RECORD_VERSION,
            election_id: self.election_id.clone(),
            board_key: board_signer().verifier().to_string(),
            entries: self.entries.len() as u64,
            earlier: self.earlier.clone(),
        }
    }

    /// The record file, its checkpoint signed over the entries as they are now.
    pub fn bytes(&self) -> Vec<u8> {
        self.bytes_with(&self.header(), &self.checkpoint(self.entries.len() as u64))
    }

    pub fn bytes_with(&self, header: &RecordHeader, checkpoint: &str) -> Vec<u8> {
        let mut writer = RecordWriter::new(Vec::new(), header).unwrap();
        for e in &self.entries {
            writer.entry(e).unwrap();
        }
        writer
            .finish(&RecordFooter {
                checkpoint: checkpoint.to_owned(),
            })
            .unwrap()
    }

    pub fn verify(&self) -> Report {
        verify_bytes(&self.bytes(), &[])
    }

    fn outcome_pair(&self) -> (ElectionDefinition, zhixuan_election::Outcome) {
        (self.definition.clone(), self.outcome.clone().unwrap())
    }

    /// This election as an earlier election of a later one.
    fn appendix(&self) -> EarlierElection {
        let tree = self.tree();
        let size = tree.len();
        let last = size - 1;
        EarlierElection {
            definition: self.entries[0].clone(),
            definition_proof: tree.inclusion_proof(0, size).unwrap(),
            result: self.entries[last as usize].clone(),
            result_proof: tree.inclusion_proof(last, size).unwrap(),
            checkpoint: self.checkpoint(size),
        }
    }
}

pub fn verify_bytes(bytes: &[u8], saved: &[String]) -> Report {
    let options = Options {
        checkpoints: saved
            .iter()
            .enumerate()
            .map(|(i, text)| SavedCheckpoint {
                source: format!("saved-{i}"),
                text: text.clone(),
            })
            .collect(),
        ..Options::default()
    };
    verify_record(bytes, &options).unwrap()
}

/// Ballots whose sums are exactly `counts`, each within the style's limits: every ballot
/// takes the options with the most votes still to give, as many as the remaining ballots
/// need (and never more than an option's remaining votes, or fewer than it must take so
/// the rest can still absorb its remainder).
pub fn ballots_for(style: &BallotStyle, counts: &GroupCounts) -> Vec<Vec<Vec<u32>>> {
    let n = counts.ballots_cast;
    let mut remaining: Vec<Vec<u64>> = counts.questions.iter().map(|q| q.options.clone()).collect();
    let mut ballots = Vec::with_capacity(n as usize);
    for b in 0..n {
        let left = n - b;
        let mut ballot = Vec::new();
        for (c, contest) in style.contests().iter().enumerate() {
            let spec = &contest.spec;
            let rem = &mut remaining[c];
            let mut choice = vec![0u32; rem.len()];
            // What each option must take now so that the later ballots can hold the rest.
            for (o, r) in rem.iter().enumerate() {
                let limit = u64::from(spec.option_limits[o]);
                choice[o] = r.saturating_sub(limit * (left - 1)) as u32;
            }
            let total: u64 = rem.iter().sum();
            let forced: u64 = choice.iter().map(|&x| u64::from(x)).sum();
            let target = total
                .div_ceil(left)
                .max(forced)
                .max(u64::from(spec.min_total))
                .min(u64::from(spec.max_total));
            let mut given = forced;
            while given < target {
                let best = (0..rem.len())
                    .filter(|&o| u64::from(choice[o]) < rem[o] && choice[o] < spec.option_limits[o])
                    .max_by_key(|&o| (rem[o] - u64::from(choice[o]), std::cmp::Reverse(o)));
                let Some(o) = best else { break };
                choice[o] += 1;
                given += 1;
            }
            for (r, &x) in rem.iter_mut().zip(&choice) {
                *r -= u64::from(x);
            }
            ballot.push(choice);
        }
        ballots.push(ballot);
    }
    assert!(
        remaining.iter().flatten().all(|&r| r == 0),
        "the counts of group {} cannot be split into ballots",
        counts.group
    );
    ballots
}

/// A small honest election: the example with `per_group` ballots from each group (their
/// choices taken from the example's counts), one audited ballot, and the result.
pub fn small(name: &str, per_group: u64) -> Builder {
    let mut b = Builder::new(example(name), &[]);
    b.setup();
    b.cast_counts(&example_counts(name), Some(per_group));
    b
}
