//! A whole honest election whose every message is built locally: its definition, voters,
//! trustees and their finished key ceremony, and from them each signed entry of its log —
//! definition, credential lists, dealings, acknowledgements, open, ballots and audits,
//! close, tally, partial decryptions, result. A test sends the entries to a board, or
//! replays them into a record ([`Record`](crate::Record)); to play a dishonest party it
//! signs a body with another key ([`Election::sign_as`]) or edits one before signing.

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use zhixuan_election::{
    decide, ContestKind, Counts, CredentialList, DefinitionDocument, ElectionDefinition,
    GroupCounts, MajorityOf, Outcome,
};
use zhixuan_record::client::BoardClient;
use zhixuan_record::{
    Attendance, CloseVoting, Entry, GroupTally, Message, OpenVoting, PublishedResult,
    PublishedTally, Signed, TrusteeDecryption, Withdrawal,
};
use zhixuan_tally::{
    combine, Acknowledgement, AuditedBallot, Ballot, BallotHash, CeremonyResult, CredentialSecret,
    Dealing, ElectionHash, EncryptedContest, Encryptor, PreparedBallot, Signature, SigningKey,
    TallyAccumulator, TrusteeShare,
};

use crate::ceremony::ceremony_with_keys;
use crate::choices::small_choices;
use crate::keys::demo_key;

/// The candidates of the small election's contest, in ballot order.
const CANDIDATES: [&str; 5] = ["an-li", "bai-xue", "cao-yang", "du-juan", "fang-hua"];

fn person(id: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "name": {"zh": id, "en": id}})
}

/// The small election of the board's tests, with `voters` voters: one voter group
/// answering one competitive contest, five candidates for two seats (so each ballot
/// chooses up to two of five options); three trustees, any two of whom decrypt; keys
/// [`demo_key`]s; voting open from an hour ago for two hours.
pub fn small_election(election_id: &str, voters: u64) -> DefinitionDocument {
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
            "opens": (now - Duration::hours(1)).format(&Rfc3339).unwrap(),
            "closes": (now + Duration::hours(1)).format(&Rfc3339).unwrap(),
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

/// An election whose every message is built locally. Its trustees' keys are
/// `demo_key("trustee-{i}")` and its organiser's `demo_key("organiser")`, as the
/// definition must name them.
pub struct Election {
    /// What is asked, of whom, and by which rules.
    pub definition: ElectionDefinition,
    /// The definition's hash, which every signed entry names.
    pub hash: ElectionHash,
    /// The organiser's key.
    pub organiser: SigningKey,
    /// Trustee `i`'s key at `i - 1`.
    pub trustee_keys: Vec<SigningKey>,
    /// Trustee `i`'s dealing at `i - 1`.
    pub dealings: Vec<Dealing>,
    /// The finished ceremony: the election key and the trustees' verification keys.
    pub ceremony: CeremonyResult,
    /// Trustee `i`'s share of the election key at `i - 1`.
    pub shares: Vec<TrusteeShare>,
    /// Every voter's group and credential secret, group by group in definition order.
    pub voters: Vec<(String, CredentialSecret)>,
    /// Encrypts ballots under the election key.
    pub encryptor: Encryptor,
    /// The outcomes of the earlier elections this one names.
    pub earlier: Vec<Outcome>,
}

impl Election {
    /// The election of `document`: see [`Election::of`].
    pub fn new(document: DefinitionDocument) -> Election {
        Election::of(ElectionDefinition::from_document(document).unwrap())
    }

    /// Generates credentials for every group's eligible voters and runs the key ceremony
    /// among the definition's trustees.
    pub fn of(definition: ElectionDefinition) -> Election {
        let voters = definition
            .document()
            .groups
            .iter()
            .flat_map(|g| {
                (0..g.eligible)
                    .map(|_| (g.id.clone(), CredentialSecret::generate(&mut rand::rng())))
            })
            .collect();
        Election::with_voters(definition, voters)
    }

    /// Like [`Election::of`], with the given voters (so that two elections can share them).
    pub fn with_voters(
        definition: ElectionDefinition,
        voters: Vec<(String, CredentialSecret)>,
    ) -> Election {
        let hash = definition.hash();
        let doc = definition.document();
        let trustee_keys: Vec<SigningKey> = (1..=doc.trustees.len())
            .map(|i| demo_key(&format!("trustee-{i}")))
            .collect();
        let setup = ceremony_with_keys(hash, doc.threshold, &trustee_keys);
        assert!(
            doc.trustees
                .iter()
                .zip(&setup.params.trustees)
                .all(|(named, key)| &named.key == key),
            "the definition's trustees must hold demo_key(\"trustee-{{i}}\")"
        );
        Election {
            definition,
            hash,
            organiser: demo_key("organiser"),
            trustee_keys,
            dealings: setup.dealings,
            ceremony: setup.result,
            shares: setup.shares,
            voters,
            encryptor: setup.encryptor,
            earlier: Vec::new(),
        }
    }

    /// The election's id.
    pub fn id(&self) -> &str {
        self.definition.election_id()
    }

    /// `body` signed by `key` as an entry of its kind in this election.
    pub fn sign_as<T: Message>(&self, key: &SigningKey, body: T) -> Signed<T> {
        Signed::sign(key, &self.hash, body, &mut rand::rng())
    }

    /// `body` signed by the organiser.
    pub fn signed<T: Message>(&self, body: T) -> Signed<T> {
        self.sign_as(&self.organiser, body)
    }

    /// `body` signed by trustee `i` (from 1).
    pub fn trustee_signed<T: Message>(&self, i: usize, body: T) -> Signed<T> {
        self.sign_as(&self.trustee_keys[i - 1], body)
    }

    /// The definition, signed by the organiser: what creates the election on a board.
    pub fn definition_entry(&self) -> Signed<ElectionDefinition> {
        self.signed(self.definition.clone())
    }

    /// The index in [`Election::voters`] of the `k`-th voter (from 0) of group `g`, in
    /// definition order.
    pub fn voter(&self, g: usize, k: usize) -> usize {
        let groups = &self.definition.document().groups;
        assert!(
            (k as u64) < groups[g].eligible,
            "group {g} has no voter {k}"
        );
        let before: u64 = groups[..g].iter().map(|group| group.eligible).sum();
        before as usize + k
    }

    /// The credential list of `group`, signed by `key`.
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

    /// Every group's credential list, in definition order.
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

    /// Trustee `i`'s dealing (from 1), signed by that trustee.
    pub fn dealing(&self, i: usize) -> Entry {
        self.dealing_signed_by(i, &self.trustee_keys[i - 1])
    }

    /// Every trustee's acknowledgement of every other trustee's dealing, dealing by
    /// dealing: the answers voting waits for (`spec/board.md` §5).
    pub fn acknowledgements(&self) -> Vec<Entry> {
        let n = self.trustee_keys.len();
        (1..=n)
            .flat_map(|i| (1..=n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| self.acknowledgement(i, j))
            .collect()
    }

    /// Trustee `j`'s acknowledgement of trustee `i`'s dealing (both from 1).
    fn acknowledgement(&self, i: usize, j: usize) -> Entry {
        let ack =
            Acknowledgement::new(&self.dealings[i - 1], zhixuan_tally::TrusteeIndex(j as u32));
        Entry::Acknowledgement(self.trustee_signed(j, ack))
    }

    /// The organiser opens voting under the ceremony's election key.
    pub fn open_voting(&self) -> Entry {
        Entry::OpenVoting(self.signed(OpenVoting {
            election_key: self.ceremony.election_key.clone(),
        }))
    }

    /// The organiser declares `present` members of `group` at the meeting.
    pub fn attendance(&self, group: &str, present: u64) -> Entry {
        Entry::Attendance(self.signed(Attendance {
            group: group.to_owned(),
            present,
        }))
    }

    /// The groups whose attendance the rules need (they answer a contest decided by a
    /// majority of those present), each with as many present as it cast `ballots`: the
    /// honest meeting where everyone present votes.
    pub fn needed_attendance(&self, ballots: &[Ballot]) -> Vec<(String, u64)> {
        let doc = self.definition.document();
        doc.groups
            .iter()
            .filter(|g| {
                doc.contests.iter().any(|c| {
                    g.contests.contains(&c.id)
                        && matches!(&c.kind, ContestKind::Competitive(k) if k.majority_of == MajorityOf::Present)
                })
            })
            .map(|g| {
                let cast = ballots.iter().filter(|b| self.group_of(b) == g.id).count();
                (g.id.clone(), cast as u64)
            })
            .collect()
    }

    /// The organiser withdraws the election (before voting opens, if the board is to take
    /// it), giving `reason` and the election that replaces it, if any.
    pub fn withdrawal(&self, reason: &str, replaced_by: Option<&str>) -> Entry {
        Entry::Withdrawal(self.signed(Withdrawal {
            reason: reason.to_owned(),
            replaced_by: replaced_by.map(str::to_owned),
        }))
    }

    /// The organiser closes voting.
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

    /// Voter `n`'s ballot of the small election, with [`small_choices`]`(n)`.
    pub fn ballot(&self, n: usize) -> Ballot {
        self.ballot_with(n, &small_choices(n))
    }

    /// The encrypted tally of `ballots`, each from a distinct voter.
    pub fn tally(&self, ballots: &[Ballot]) -> PublishedTally {
        let groups = self
            .definition
            .document()
            .groups
            .iter()
            .map(|g| GroupTally {
                group: g.id.clone(),
                tally: self.accumulate(&g.id, ballots).finish(),
            })
            .collect();
        PublishedTally { groups }
    }

    /// The ballots of `group` among `ballots`, verified and added up.
    fn accumulate(&self, group: &str, ballots: &[Ballot]) -> TallyAccumulator {
        let style = self.definition.ballot_style(group).unwrap();
        let mut acc = TallyAccumulator::new(style);
        for b in ballots.iter().filter(|b| self.group_of(b) == group) {
            let verified = b.clone().verify(self.encryptor.context(), style).unwrap();
            acc.add(&verified, 1).unwrap();
        }
        acc
    }

    fn group_of(&self, ballot: &Ballot) -> &str {
        self.voters
            .iter()
            .find(|(_, s)| s.public() == ballot.credential)
            .map(|(g, _)| g.as_str())
            .unwrap()
    }

    /// The trustees (from 1) who decrypt unless a test says otherwise: the first
    /// `threshold`.
    fn first_trustees(&self) -> Vec<usize> {
        (1..=self.definition.document().threshold as usize).collect()
    }

    /// Trustee `i`'s (from 1) partial decryption of `tally`.
    pub fn decryption(&self, tally: &PublishedTally, i: usize) -> TrusteeDecryption {
        let share = &self.shares[i - 1];
        TrusteeDecryption {
            trustee: share.index(),
            groups: tally
                .groups
                .iter()
                .map(|g| share.decrypt(&self.hash, &g.tally.ciphertexts(), &mut rand::rng()))
                .collect(),
        }
    }

    /// The partial decryptions of `tally` by the first `threshold` trustees.
    pub fn decryptions(&self, tally: &PublishedTally) -> Vec<TrusteeDecryption> {
        self.decryptions_by(tally, &self.first_trustees())
    }

    /// The partial decryptions of `tally` by `trustees` (from 1).
    pub fn decryptions_by(
        &self,
        tally: &PublishedTally,
        trustees: &[usize],
    ) -> Vec<TrusteeDecryption> {
        trustees
            .iter()
            .map(|&i| self.decryption(tally, i))
            .collect()
    }

    /// The counts that `trustees`' (from 1) decryptions of `tally` give, group `g`'s
    /// counts at most `bounds[g]` (the bound of its accumulated ballots).
    pub(crate) fn counts(
        &self,
        tally: &PublishedTally,
        trustees: &[usize],
        bounds: &[u64],
    ) -> Counts {
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
                        let key = self.ceremony.verification_key(d.trustee).unwrap();
                        d.groups[g].clone().verify(&self.hash, key, &cts).unwrap()
                    })
                    .collect();
                let values = combine(threshold, &cts, &parts, bounds[g]).unwrap();
                GroupCounts::from_tally(gt.group.clone(), &gt.tally, values)
            })
            .collect();
        Counts { groups }
    }

    /// `counts`, and the outcome the rules give for them.
    pub(crate) fn decide(&self, counts: Counts) -> PublishedResult {
        let outcome = decide(&self.definition, &counts, &self.earlier).unwrap();
        PublishedResult { counts, outcome }
    }

    /// The counts the decryptions of `tally` give, and the outcome the rules give for them.
    pub fn result(&self, tally: &PublishedTally, ballots: &[Ballot]) -> PublishedResult {
        self.result_by(tally, ballots, &self.first_trustees())
    }

    /// [`Election::result`], from the decryptions of `trustees` (from 1).
    pub fn result_by(
        &self,
        tally: &PublishedTally,
        ballots: &[Ballot],
        trustees: &[usize],
    ) -> PublishedResult {
        let bounds: Vec<u64> = tally
            .groups
            .iter()
            .map(|gt| self.accumulate(&gt.group, ballots).bound())
            .collect();
        let mut counts = self.counts(tally, trustees, &bounds);
        for (group, present) in self.needed_attendance(ballots) {
            if let Some(g) = counts.groups.iter_mut().find(|g| g.group == group) {
                g.present = Some(present);
            }
        }
        self.decide(counts)
    }

    /// Publishes the definition, the credential lists, the dealings and the
    /// acknowledgements, and opens voting.
    pub async fn setup(&self, client: &BoardClient) {
        self.setup_until_open(client).await;
        client.append(self.id(), &self.open_voting()).await.unwrap();
    }

    /// [`Election::setup`] without opening voting: everything voting waits for.
    pub async fn setup_until_open(&self, client: &BoardClient) {
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
    }

    /// Closes voting, publishes the tally of `ballots` (those the board counted), the
    /// decryptions and the result, and returns the outcome.
    pub async fn finish(&self, client: &BoardClient, ballots: &[Ballot]) -> Outcome {
        for (group, present) in self.needed_attendance(ballots) {
            client
                .append(self.id(), &self.attendance(&group, present))
                .await
                .unwrap();
        }
        client
            .append(self.id(), &self.close_voting())
            .await
            .unwrap();
        let tally = self.tally(ballots);
        client
            .append(self.id(), &Entry::Tally(self.signed(tally.clone())))
            .await
            .unwrap();
        for (i, d) in self
            .first_trustees()
            .into_iter()
            .zip(self.decryptions(&tally))
        {
            let entry = Entry::PartialDecryption(self.trustee_signed(i, d));
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

/// A ballot a dishonest board makes of an audit (issue 14): the audit's election and
/// `contests` (with proofs) under `credential`, with `signature` attached.
pub fn audit_as_ballot(
    audited: &AuditedBallot,
    contests: Vec<EncryptedContest>,
    credential: &CredentialSecret,
    signature: Signature,
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
pub fn voter_signature(credential: &CredentialSecret, hash: &BallotHash) -> Signature {
    SigningKey::from_bytes(*credential.to_bytes())
        .unwrap()
        .sign(b"ballot-signature", hash.as_bytes(), &mut rand::rng())
}
