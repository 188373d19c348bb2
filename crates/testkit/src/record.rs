//! Election records built in process: an [`Election`]'s entries, each admitted by the
//! board's admission rules ([`ElectionState`]) as it is appended, with a timestamp inside
//! the definition's own voting window, so that the record is exactly what an honest
//! board would export. A test that tampers pushes entries the rules would refuse
//! ([`Record::push`]), or edits the finished log and re-signs the checkpoint as a
//! dishonest board would ([`Finished::bytes`]).

use time::{Duration, OffsetDateTime};
use zhixuan_election::{Counts, ElectionDefinition, Outcome};
use zhixuan_record::{
    Applied, Checkpoint, EarlierElection, ElectionState, Entry, GroupTally, LogEntry, MerkleTree,
    Origin, PublishedResult, PublishedTally, RecordFooter, RecordHeader, RecordWriter,
    TrusteeDecryption, RECORD_FORMAT, RECORD_VERSION,
};
use zhixuan_tally::{
    AuditedBallot, Ballot, BallotStyle, CredentialSecret, EncryptedContest, PreparedBallot,
    TallyAccumulator,
};

use crate::choices::{ballots_for, fewest_marks};
use crate::election::Election;
use crate::examples::{example, example_counts};
use crate::keys::board_signer;

/// The seed of the board whose checkpoints sign the records built here
/// ([`board_signer`]`(RECORD_BOARD)`).
pub const RECORD_BOARD: u8 = 7;

/// The trustees who decrypt a record's tally: three of the examples' five, and not the
/// first three, so that the counts are combined from a subset with gaps.
const DECRYPTING: [usize; 3] = [1, 3, 5];

/// An election's record being built, entry by entry.
pub struct Record {
    /// The election whose entries these are.
    pub election: Election,
    /// The admission rules' state after the entries applied so far.
    pub state: ElectionState,
    /// The log so far.
    pub entries: Vec<LogEntry>,
    /// How many of each group's credentials have voted or audited; the next ballot of
    /// group `g` is from its voter `used[g]`.
    pub used: Vec<usize>,
    /// The counted ballots of each group.
    pub accumulators: Vec<TallyAccumulator>,
    /// The tally, once published.
    pub tally: Option<PublishedTally>,
    /// The earlier elections this one depends on, as the record's header carries them.
    pub earlier: Vec<EarlierElection>,
    /// The earlier elections' definitions and outcomes, as the admission rules take them.
    pub earlier_outcomes: Vec<(ElectionDefinition, Outcome)>,
    /// The time the last entry was received at.
    pub time: OffsetDateTime,
}

impl Record {
    /// The definition entry, signed by the organiser, an hour before voting opens; the
    /// election depends on the `earlier` ones (and those they depend on).
    pub fn new(definition: ElectionDefinition, earlier: &[&Finished]) -> Record {
        let mut election = Election::of(definition);
        let time = election.definition.document().voting.opens - Duration::hours(1);
        let entry = LogEntry {
            index: 0,
            received_at: time,
            entry: Entry::Definition(election.definition_entry()),
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
        election.earlier = earlier_outcomes.iter().map(|(_, o)| o.clone()).collect();
        let groups = &election.definition.document().groups;
        let accumulators = groups
            .iter()
            .map(|g| TallyAccumulator::new(election.definition.ballot_style(&g.id).unwrap()))
            .collect();
        Record {
            used: vec![0; groups.len()],
            state,
            entries: vec![entry],
            accumulators,
            tally: None,
            earlier: appendix,
            earlier_outcomes,
            time,
            election,
        }
    }

    /// A small honest election of `examples/{name}.json`, voting open: the first
    /// `per_group` ballots of each group whose sums are the example's counts.
    pub fn from_example(name: &str, per_group: u64) -> Record {
        let mut r = Record::new(example(name), &[]);
        r.setup();
        r.cast_counts(&example_counts(name), Some(per_group));
        r
    }

    /// The election's definition.
    pub fn definition(&self) -> &ElectionDefinition {
        &self.election.definition
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

    /// Group `g`'s credential list.
    pub fn credential_list(&self, g: usize) -> Entry {
        let group = &self.definition().document().groups[g].id;
        self.election
            .credential_list_signed_by(group, &self.election.organiser)
    }

    /// The credential lists, the ceremony (dealings and acknowledgements) and the opening
    /// of voting; then the time is the opening of the voting window.
    pub fn setup(&mut self) {
        let mut setup = self.election.credential_lists();
        setup.extend((1..=self.election.trustee_keys.len()).map(|i| self.election.dealing(i)));
        setup.extend(self.election.acknowledgements());
        setup.push(self.election.open_voting());
        for entry in setup {
            self.apply(entry);
        }
        self.time = self.definition().document().voting.opens;
    }

    /// The ballot style of group `g`.
    pub fn style(&self, g: usize) -> &BallotStyle {
        let id = &self.definition().document().groups[g].id;
        self.definition().ballot_style(id).unwrap()
    }

    /// Valid choices for group `g` ([`fewest_marks`]).
    pub fn choices(&self, g: usize) -> Vec<Vec<u32>> {
        fewest_marks(self.style(g))
    }

    /// Group `g`'s voter `k`'s credential.
    pub fn credential(&self, g: usize, k: usize) -> &CredentialSecret {
        &self.election.voters[self.election.voter(g, k)].1
    }

    /// Group `g`'s voter `k`'s credential, to change before its list is published.
    pub fn credential_mut(&mut self, g: usize, k: usize) -> &mut CredentialSecret {
        let n = self.election.voter(g, k);
        &mut self.election.voters[n].1
    }

    /// A ballot from the next unused credential of group `g`, with `choices`, encrypted
    /// but not yet cast or audited; and that credential.
    pub fn prepare(
        &mut self,
        g: usize,
        choices: &[Vec<u32>],
    ) -> (PreparedBallot, CredentialSecret) {
        let n = self.election.voter(g, self.used[g]);
        self.used[g] += 1;
        (
            self.election.prepare(n, choices),
            self.election.voters[n].1.clone(),
        )
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
        let ballot = self
            .election
            .encryptor
            .encrypt_ballot(self.style(g), choices, &secret.public(), &mut rand::rng())
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
            .verify(self.election.encryptor.context(), self.style(g))
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
        let first = self.election.voter(g, self.used[g]);
        self.used[g] += choices.len();
        let secrets = &self.election.voters[first..first + choices.len()];
        let encryptor = &self.election.encryptor;
        let ballots: Vec<Ballot> = choices
            .par_iter()
            .zip(secrets)
            .map(|(c, (_, secret))| {
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
    ) -> (AuditedBallot, Vec<EncryptedContest>, CredentialSecret) {
        let (prepared, secret) = self.prepare(g, choices);
        let contests = prepared.contests().to_vec();
        let group = self.definition().document().groups[g].id.clone();
        let audited = prepared.audit(group);
        self.apply(Entry::AuditedBallot(audited.clone()));
        (audited, contests, secret)
    }

    /// Casts ballots whose sums are exactly `counts` (all of them, or the first `limit`
    /// ballots of each group), after publishing each group's attendance where the counts
    /// give one.
    pub fn cast_counts(&mut self, counts: &Counts, limit: Option<u64>) {
        for group in &counts.groups {
            if let Some(present) = group.present {
                let entry = self.election.attendance(&group.group, present);
                self.apply(entry);
            }
        }
        for (g, group) in counts.groups.iter().enumerate() {
            let cast = limit.map_or(group.ballots_cast, |l| l.min(group.ballots_cast));
            for choices in ballots_for(self.style(g), group)
                .into_iter()
                .take(cast as usize)
            {
                self.cast(g, &choices);
            }
        }
    }

    /// Closes voting at the end of the voting window.
    pub fn close(&mut self) {
        let entry = self.election.close_voting();
        self.time = self.definition().document().voting.closes;
        self.apply(entry);
    }

    /// The tally of the counted ballots.
    pub fn honest_tally(&self) -> PublishedTally {
        PublishedTally {
            groups: self
                .definition()
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

    /// Publishes the tally of the counted ballots.
    pub fn publish_tally(&mut self) {
        let tally = self.honest_tally();
        self.tally = Some(tally.clone());
        let entry = Entry::Tally(self.election.signed(tally));
        self.apply(entry);
    }

    /// Trustee `i`'s (from 1) honest partial decryption of the published tally.
    pub fn decryption(&self, i: usize) -> TrusteeDecryption {
        self.election.decryption(self.tally.as_ref().unwrap(), i)
    }

    /// Publishes the partial decryptions of `trustees` (from 1).
    pub fn decrypt(&mut self, trustees: &[usize]) {
        for &i in trustees {
            let decryption = self.decryption(i);
            let entry = Entry::PartialDecryption(self.election.trustee_signed(i, decryption));
            self.apply(entry);
        }
    }

    /// The counts the decryptions of `trustees` (from 1) give, with each group's
    /// attendance as the log holds it.
    fn counts(&self, trustees: &[usize]) -> Counts {
        let bounds: Vec<u64> = self.accumulators.iter().map(|acc| acc.bound()).collect();
        let mut counts = self
            .election
            .counts(self.tally.as_ref().unwrap(), trustees, &bounds);
        for group in &mut counts.groups {
            group.present = self.entries.iter().rev().find_map(|e| match &e.entry {
                Entry::Attendance(s) if s.body.group == group.group => Some(s.body.present),
                _ => None,
            });
        }
        counts
    }

    /// The counts of trustees 1, 3 and 5's decryptions, and the outcome the rules give.
    pub fn honest_result(&self) -> PublishedResult {
        self.election.decide(self.counts(&DECRYPTING))
    }

    /// Publishes the honest result.
    fn publish_result(&mut self) {
        let result = self.honest_result();
        let entry = Entry::Result(self.election.signed(result));
        self.apply(entry);
    }

    /// Close, the tally, trustees 1, 3 and 5's decryptions and the result, after voting.
    pub fn conclude(&mut self) {
        self.close();
        self.publish_tally();
        self.decrypt(&DECRYPTING);
        self.publish_result();
    }

    /// The log as it stands, to export.
    pub fn finish(self) -> Finished {
        Finished {
            election_id: self.election.id().to_owned(),
            outcome: self.state.outcome().cloned(),
            definition: self.election.definition,
            entries: self.entries,
            earlier: self.earlier,
            earlier_outcomes: self.earlier_outcomes,
        }
    }
}

/// A finished log, ready to export: the record file a board signed
/// ([`board_signer`]`(RECORD_BOARD)`).
#[derive(Clone)]
pub struct Finished {
    /// The election's id.
    pub election_id: String,
    /// The election's definition.
    pub definition: ElectionDefinition,
    /// The outcome the result published, if one was.
    pub outcome: Option<Outcome>,
    /// The log.
    pub entries: Vec<LogEntry>,
    /// The earlier elections the record's header carries.
    pub earlier: Vec<EarlierElection>,
    /// The earlier elections' definitions and outcomes.
    pub earlier_outcomes: Vec<(ElectionDefinition, Outcome)>,
}

impl Finished {
    /// The Merkle tree of the log.
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
        board_signer(RECORD_BOARD)
            .sign(Checkpoint::new(origin, size, root).unwrap())
            .to_string()
    }

    /// The record file's header: the board's key, the size, the earlier elections.
    pub fn header(&self) -> RecordHeader {
        RecordHeader {
            format: RECORD_FORMAT.into(),
            version: RECORD_VERSION,
            election_id: self.election_id.clone(),
            board_key: board_signer(RECORD_BOARD).verifier().to_string(),
            entries: self.entries.len() as u64,
            earlier: self.earlier.clone(),
        }
    }

    /// The record file, its checkpoint signed over the entries as they are now.
    pub fn bytes(&self) -> Vec<u8> {
        self.bytes_with(&self.header(), &self.checkpoint(self.entries.len() as u64))
    }

    /// The record file with `header` and the checkpoint `checkpoint`, whatever they say.
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

    fn outcome_pair(&self) -> (ElectionDefinition, Outcome) {
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
