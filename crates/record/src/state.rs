//! The admission rules: an election's state, built by applying its entries in log order.
//!
//! Admission has two halves. [`ElectionState::prepare`] checks everything about an entry
//! that depends only on the election's fixed parameters — signatures, ballot proofs,
//! ceremony messages — and is where the CPU time goes; it takes `&self`, so a board runs it
//! for many requests at once and a verifier batches ballots with
//! [`ElectionState::prepare_ballots`]. [`ElectionState::apply`] then makes the checks that
//! depend on what came before (the phase, one ballot per credential, the tally against the
//! ballots, the decryptions against the tally, the result against both) and records the
//! entry. Only `prepare` builds the [`Prepared`] that `apply` takes, so nothing is applied
//! unchecked.
//!
//! A board that shares its log with other servers applies a group of entries before it
//! knows whether the store will take them; [`ElectionState::begin`] opens a journal so that
//! [`ElectionState::rollback`] can undo the group when another server appended first.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use time::OffsetDateTime;
use zhixuan_election::{
    check_round_chain, decide, ContestKind, Counts, ElectionDefinition, GroupCounts, MajorityOf,
    Outcome,
};
use zhixuan_tally::{
    combine, conclude_verified, verify_ballots, Ballot, BallotError, BallotHash, BallotStyle,
    CeremonyParams, CeremonyResult, Ciphertext, Complaint, Credential, ElectionContext, Encryptor,
    TallyAccumulator, TrusteeIndex, VerifiedAudit, VerifiedBallot, VerifiedDealing,
    VerifiedPartialDecryption,
};

use crate::entry::{Entry, GroupTally, LogEntry, PublishedTally};
use crate::kind::EntryKind;
use crate::rejection::{Phase, Rejection};
use crate::signed::{Message, Signed};

/// What ballots are checked against once voting opens; fixed from then on.
struct Voting {
    encryptor: Encryptor,
    ceremony: CeremonyResult,
}

/// An entry whose order-independent checks passed. A clone is as checked as the original,
/// so a board can keep one to apply again after a rollback.
#[derive(Clone)]
pub struct Prepared {
    entry: Entry,
    checked: Checked,
}

// Built and consumed once per entry; boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Checked {
    Nothing,
    Dealing(VerifiedDealing),
    Ballot {
        group: usize,
        ballot: VerifiedBallot,
    },
    Audit {
        audit: VerifiedAudit,
    },
}

impl Prepared {
    /// The entry.
    pub fn entry(&self) -> &Entry {
        &self.entry
    }
}

/// What applying an entry did, for the board's indices.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)]
pub enum Applied {
    /// A ballot was cast; `supersedes` is the leaf of the ballot it replaces, if any.
    Ballot {
        /// The ballot's hash.
        hash: BallotHash,
        /// Its credential.
        credential: Credential,
        /// The leaf of the ballot it replaces, if any.
        supersedes: Option<u64>,
    },
    /// A ballot was audited.
    Audit {
        /// The audited ballot's hash.
        hash: BallotHash,
    },
    /// Anything else.
    Other,
}

/// The state of one election after the entries applied so far.
pub struct ElectionState {
    definition: ElectionDefinition,
    earlier: Vec<Outcome>,
    params: CeremonyParams,
    phase: Phase,
    size: u64,
    lists: Vec<bool>,
    credential_group: HashMap<Credential, usize>,
    dealings: BTreeMap<TrusteeIndex, VerifiedDealing>,
    complaints: Vec<Complaint>,
    /// Every (dealer, recipient) pair a recipient has answered, by acknowledgement or
    /// complaint (`spec/board.md` §5).
    answered: BTreeSet<(TrusteeIndex, TrusteeIndex)>,
    voting: Option<Voting>,
    /// The leaf and hash of each credential's counted ballot.
    cast: HashMap<Credential, (u64, BallotHash)>,
    /// Each counted ballot's ciphertexts, only kept where a later ballot may replace it.
    replaceable: HashMap<Credential, Vec<Vec<Ciphertext>>>,
    ballot_hashes: HashSet<BallotHash>,
    /// For each ballot that superseded an earlier one, the earlier one's leaf: what its
    /// acknowledgement said, to say again to a resend (`spec/board.md` §5.7).
    superseded: HashMap<BallotHash, u64>,
    audited: HashSet<BallotHash>,
    tallies: Vec<TallyAccumulator>,
    tally: Option<PublishedTally>,
    decryptions: BTreeMap<TrusteeIndex, Vec<VerifiedPartialDecryption>>,
    result: Option<Outcome>,
    /// Each group's members present, in definition order, once declared
    /// (`spec/board.md` §5.6a).
    attendance: Vec<Option<u64>>,
    /// The stamp of the last entry applied: stamps never decrease along the log
    /// (`spec/log.md` §2), so that a window or a period is checked against an order no one
    /// can rewrite.
    last_stamp: OffsetDateTime,
    journal: Option<Journal>,
}

/// What [`ElectionState::rollback`] needs to undo the entries applied since
/// [`ElectionState::begin`]: the small parts of the state as they were (cheap to copy),
/// and each change made to the large ones (the per-credential maps grow with the
/// electorate, so copying them for every group commit would cost more than the ballots).
struct Journal {
    phase: Phase,
    size: u64,
    lists: Vec<bool>,
    attendance: Vec<Option<u64>>,
    tallies: Vec<TallyAccumulator>,
    last_stamp: OffsetDateTime,
    changes: Vec<Change>,
}

/// One change to a large part of the state, with what it replaced.
// One per applied entry, kept only until the group's append; boxing would only add an
// allocation.
#[allow(clippy::large_enum_variant)]
enum Change {
    Credentials(Vec<Credential>),
    Dealing(TrusteeIndex),
    Complaint,
    Answer(TrusteeIndex, TrusteeIndex),
    Voting,
    Cast {
        credential: Credential,
        hash: BallotHash,
        previous: Option<(u64, BallotHash)>,
        /// Set when the revote policy keeps ciphertexts: what they replaced.
        replaced: Option<Option<Vec<Vec<Ciphertext>>>>,
    },
    Audit(BallotHash),
    Tally,
    Decryption(TrusteeIndex),
    Result,
}

fn organiser_signed<T: Message>(
    state: &ElectionState,
    signed: &Signed<T>,
) -> Result<(), Rejection> {
    let key = &state.definition.document().organiser;
    if signed.verify(key, &state.definition.hash()) {
        Ok(())
    } else {
        Err(Rejection::BadSignature {
            what: T::KIND,
            signer: "organiser".into(),
        })
    }
}

fn trustee_signed<T: Message>(
    state: &ElectionState,
    signed: &Signed<T>,
    trustee: TrusteeIndex,
) -> Result<(), Rejection> {
    let key = state.params.key_of(trustee).map_err(Rejection::Ceremony)?;
    if signed.verify(key, &state.definition.hash()) {
        Ok(())
    } else {
        Err(Rejection::BadSignature {
            what: T::KIND,
            signer: format!("trustee {trustee}"),
        })
    }
}

impl ElectionState {
    /// Starts an election from its definition entry. `earlier` holds the definitions and
    /// published outcomes of the elections it names (an earlier round, an earlier year's
    /// evaluation); a later round's candidates must follow from them.
    pub fn new(
        entry: &LogEntry,
        earlier: &[(ElectionDefinition, Outcome)],
    ) -> Result<Self, Rejection> {
        let Entry::Definition(signed) = &entry.entry else {
            return Err(Rejection::NotADefinition);
        };
        if entry.index != 0 {
            return Err(Rejection::NotADefinition);
        }
        let definition = signed.body.clone();
        let doc = definition.document();
        let hash = definition.hash();
        if !signed.verify(&doc.organiser, &hash) {
            return Err(Rejection::BadSignature {
                what: EntryKind::Definition,
                signer: "organiser".into(),
            });
        }
        if doc.round.is_some() {
            check_round_chain(&definition, earlier).map_err(Rejection::RoundChain)?;
        }
        let params = CeremonyParams::new(
            hash,
            doc.threshold,
            doc.trustees.iter().map(|t| t.key.clone()).collect(),
        )
        .map_err(Rejection::Ceremony)?;
        let groups = doc.groups.len();
        let tallies = doc
            .groups
            .iter()
            .map(|g| {
                definition
                    .ballot_style(&g.id)
                    .map(TallyAccumulator::new)
                    .ok_or_else(|| {
                        Rejection::Malformed(format!("group `{}` has no ballot style", g.id))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            earlier: earlier.iter().map(|(_, o)| o.clone()).collect(),
            params,
            phase: Phase::Setup,
            size: 1,
            lists: vec![false; groups],
            credential_group: HashMap::new(),
            dealings: BTreeMap::new(),
            complaints: Vec::new(),
            answered: BTreeSet::new(),
            voting: None,
            cast: HashMap::new(),
            replaceable: HashMap::new(),
            ballot_hashes: HashSet::new(),
            superseded: HashMap::new(),
            audited: HashSet::new(),
            tallies,
            tally: None,
            decryptions: BTreeMap::new(),
            result: None,
            attendance: vec![None; groups],
            last_stamp: entry.received_at,
            journal: None,
            definition,
        })
    }

    /// Opens a journal: from now on every applied entry can be undone by
    /// [`Self::rollback`], until [`Self::commit`]. An open journal is replaced.
    pub fn begin(&mut self) {
        self.journal = Some(Journal {
            phase: self.phase,
            size: self.size,
            lists: self.lists.clone(),
            attendance: self.attendance.clone(),
            tallies: self.tallies.clone(),
            last_stamp: self.last_stamp,
            changes: Vec::new(),
        });
    }

    /// Keeps every entry applied since [`Self::begin`] and closes the journal.
    pub fn commit(&mut self) {
        self.journal = None;
    }

    /// Undoes every entry applied since [`Self::begin`], newest first, and closes the
    /// journal: the state is again what it was at `begin`. Without a journal, does nothing.
    pub fn rollback(&mut self) {
        let Some(journal) = self.journal.take() else {
            return;
        };
        for change in journal.changes.into_iter().rev() {
            match change {
                Change::Credentials(credentials) => {
                    for c in &credentials {
                        self.credential_group.remove(c);
                    }
                }
                Change::Dealing(dealer) => {
                    self.dealings.remove(&dealer);
                }
                Change::Complaint => {
                    self.complaints.pop();
                }
                Change::Answer(dealer, recipient) => {
                    self.answered.remove(&(dealer, recipient));
                }
                Change::Voting => self.voting = None,
                Change::Cast {
                    credential,
                    hash,
                    previous,
                    replaced,
                } => {
                    self.ballot_hashes.remove(&hash);
                    self.superseded.remove(&hash);
                    if let Some(replaced) = replaced {
                        match replaced {
                            Some(old) => self.replaceable.insert(credential.clone(), old),
                            None => self.replaceable.remove(&credential),
                        };
                    }
                    match previous {
                        Some(old) => self.cast.insert(credential, old),
                        None => self.cast.remove(&credential),
                    };
                }
                Change::Audit(hash) => {
                    self.audited.remove(&hash);
                }
                Change::Tally => self.tally = None,
                Change::Decryption(trustee) => {
                    self.decryptions.remove(&trustee);
                }
                Change::Result => self.result = None,
            }
        }
        self.phase = journal.phase;
        self.size = journal.size;
        self.lists = journal.lists;
        self.attendance = journal.attendance;
        self.tallies = journal.tallies;
        self.last_stamp = journal.last_stamp;
    }

    fn record(&mut self, change: Change) {
        if let Some(journal) = &mut self.journal {
            journal.changes.push(change);
        }
    }

    /// The election's definition.
    pub fn definition(&self) -> &ElectionDefinition {
        &self.definition
    }

    /// The current phase.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// How many entries have been applied (the definition included).
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The stamp of the last entry applied: the earliest stamp the next entry may carry.
    pub fn last_stamp(&self) -> OffsetDateTime {
        self.last_stamp
    }

    /// The (dealer, recipient) pairs still to be answered before voting can open: every
    /// trustee that dealt answers every other dealing (`spec/board.md` §5).
    pub fn awaited_answers(&self) -> Vec<(TrusteeIndex, TrusteeIndex)> {
        let dealers = self.dealings.keys();
        dealers
            .clone()
            .flat_map(|&i| dealers.clone().map(move |&j| (i, j)))
            .filter(|&(i, j)| i != j && !self.answered.contains(&(i, j)))
            .collect()
    }

    /// The ceremony's result, once voting has opened.
    pub fn ceremony(&self) -> Option<&CeremonyResult> {
        self.voting.as_ref().map(|v| &v.ceremony)
    }

    /// The election context (hash and key), once voting has opened.
    pub fn context(&self) -> Option<&ElectionContext> {
        self.voting.as_ref().map(|v| v.encryptor.context())
    }

    /// Ballots counted so far, per group in definition order.
    pub fn ballots_per_group(&self) -> Vec<u64> {
        self.tallies.iter().map(TallyAccumulator::ballots).collect()
    }

    /// The trustees who have published a dealing so far, in index order.
    pub fn dealers(&self) -> Vec<TrusteeIndex> {
        self.dealings.keys().copied().collect()
    }

    /// How many complaints the key ceremony has drawn so far.
    pub fn complaints(&self) -> usize {
        self.complaints.len()
    }

    /// The index of the ballot counted for `credential`: its last one where a later ballot
    /// replaces an earlier one.
    pub fn counted(&self, credential: &Credential) -> Option<u64> {
        self.cast.get(credential).map(|(index, _)| *index)
    }

    /// For the ballot with this hash, the leaf of the earlier ballot of its credential it
    /// superseded when it was cast, if it did: its acknowledgement's `supersedes`.
    pub fn supersedes(&self, hash: &BallotHash) -> Option<u64> {
        self.superseded.get(hash).copied()
    }

    /// The published tally, once there is one.
    pub fn tally(&self) -> Option<&PublishedTally> {
        self.tally.as_ref()
    }

    /// The published outcome, once there is one.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.result.as_ref()
    }

    /// The encrypted tally the counted ballots sum to, per group in definition order: what
    /// the organiser publishes once voting has closed.
    pub fn encrypted_tally(&self) -> PublishedTally {
        PublishedTally {
            groups: self
                .group_ids()
                .into_iter()
                .zip(&self.tallies)
                .map(|(group, acc)| GroupTally {
                    group,
                    tally: acc.finish(),
                })
                .collect(),
        }
    }

    /// The trustees whose partial decryptions have been accepted, in index order.
    pub fn decrypted_by(&self) -> Vec<TrusteeIndex> {
        self.decryptions.keys().copied().collect()
    }

    /// The result the accepted partial decryptions give: the combined counts and the
    /// outcome the definition's rules give for them. What the organiser publishes once
    /// enough trustees have decrypted.
    pub fn result(&self) -> Result<crate::entry::PublishedResult, Rejection> {
        let counts = self.decrypted_counts()?;
        self.check_attendance(&counts)?;
        let outcome =
            decide(&self.definition, &counts, &self.earlier).map_err(Rejection::Decide)?;
        Ok(crate::entry::PublishedResult { counts, outcome })
    }

    /// Which group a credential votes in, and that group's ballot style.
    pub fn group_of(&self, credential: &Credential) -> Option<(usize, &BallotStyle)> {
        let g = *self.credential_group.get(credential)?;
        let id = &self.definition.document().groups.get(g)?.id;
        Some((g, self.definition.ballot_style(id)?))
    }

    fn voting(&self, kind: EntryKind) -> Result<&Voting, Rejection> {
        match (&self.voting, self.phase) {
            (Some(v), Phase::Voting) => Ok(v),
            _ => Err(Rejection::WrongPhase {
                kind,
                phase: self.phase,
            }),
        }
    }

    /// board.md §5: after a withdrawal every entry is refused, before any other rule.
    fn check_not_withdrawn(&self, kind: EntryKind) -> Result<(), Rejection> {
        if self.phase == Phase::Withdrawn {
            Err(Rejection::ElectionWithdrawn { kind })
        } else {
            Ok(())
        }
    }

    fn expect_phase(&self, kind: EntryKind, phase: Phase) -> Result<(), Rejection> {
        if self.phase == phase {
            Ok(())
        } else {
            Err(Rejection::WrongPhase {
                kind,
                phase: self.phase,
            })
        }
    }

    /// The order-independent checks of one entry.
    pub fn prepare(&self, entry: Entry) -> Result<Prepared, Rejection> {
        let kind = entry.kind();
        self.check_not_withdrawn(kind)?;
        let checked = match &entry {
            Entry::Definition(_) => return Err(Rejection::DefinitionExists),
            Entry::CredentialList(s) => {
                organiser_signed(self, s)?;
                s.body
                    .validate(&self.definition)
                    .map_err(Rejection::CredentialList)?;
                Checked::Nothing
            }
            Entry::Dealing(s) => {
                trustee_signed(self, s, s.body.dealer)?;
                let dealing = s.body.clone().verified(&self.params);
                Checked::Dealing(dealing.map_err(Rejection::Ceremony)?)
            }
            Entry::Complaint(s) => {
                trustee_signed(self, s, s.body.recipient)?;
                Checked::Nothing
            }
            Entry::Acknowledgement(s) => {
                trustee_signed(self, s, s.body.recipient)?;
                Checked::Nothing
            }
            Entry::OpenVoting(s) => {
                organiser_signed(self, s)?;
                Checked::Nothing
            }
            Entry::CloseVoting(s) => {
                organiser_signed(self, s)?;
                Checked::Nothing
            }
            Entry::Tally(s) => {
                organiser_signed(self, s)?;
                Checked::Nothing
            }
            Entry::Result(s) => {
                organiser_signed(self, s)?;
                Checked::Nothing
            }
            Entry::Attendance(s) => {
                organiser_signed(self, s)?;
                Checked::Nothing
            }
            Entry::Withdrawal(s) => {
                organiser_signed(self, s)?;
                if let Some(problem) = s.body.problem(self.definition.election_id()) {
                    return Err(Rejection::Malformed(problem.to_string()));
                }
                Checked::Nothing
            }
            Entry::PartialDecryption(s) => {
                trustee_signed(self, s, s.body.trustee)?;
                Checked::Nothing
            }
            Entry::Ballot(b) => {
                let voting = self.voting(kind)?;
                let (group, style) = self
                    .group_of(&b.credential)
                    .ok_or(Rejection::UnknownCredential)?;
                let ballot = b
                    .clone()
                    .verify(voting.encryptor.context(), style)
                    .map_err(Rejection::Ballot)?;
                Checked::Ballot { group, ballot }
            }
            Entry::AuditedBallot(a) => {
                let voting = self.voting(kind)?;
                // protocol.md §11: an audit names its voter group, not a credential.
                let style = self.definition.ballot_style(&a.group).ok_or_else(|| {
                    Rejection::UnknownGroup {
                        group: a.group.clone(),
                    }
                })?;
                let audit = a
                    .verify(&voting.encryptor, style)
                    .map_err(Rejection::Ballot)?;
                Checked::Audit { audit }
            }
        };
        Ok(Prepared { entry, checked })
    }

    /// [`Self::prepare`] for many ballots at once: batch verification on all cores.
    pub fn prepare_ballots(&self, ballots: Vec<Ballot>) -> Vec<Result<Prepared, Rejection>> {
        self.prepare_ballots_by(ballots, verify_ballots)
    }

    /// [`Self::prepare_ballots`] for ballots of a log the board's own signed checkpoint
    /// covers (`spec/board.md` §10.1): the credential and the shape are checked, the proofs
    /// and signatures not again ([`VerifiedBallot::vouched`]).
    pub fn prepare_vouched_ballots(
        &self,
        ballots: Vec<Ballot>,
    ) -> Vec<Result<Prepared, Rejection>> {
        self.prepare_ballots_by(ballots, |context, batch| {
            batch
                .into_iter()
                .map(|(ballot, style)| VerifiedBallot::vouched(ballot, context, style))
                .collect()
        })
    }

    fn prepare_ballots_by(
        &self,
        ballots: Vec<Ballot>,
        verify: impl FnOnce(
            &ElectionContext,
            Vec<(Ballot, &BallotStyle)>,
        ) -> Vec<Result<VerifiedBallot, BallotError>>,
    ) -> Vec<Result<Prepared, Rejection>> {
        let Ok(voting) = self.voting(EntryKind::Ballot) else {
            let phase = self.phase;
            return ballots
                .iter()
                .map(|_| {
                    Err(Rejection::WrongPhase {
                        kind: EntryKind::Ballot,
                        phase,
                    })
                })
                .collect();
        };
        let mut slots: Vec<Option<Rejection>> = Vec::with_capacity(ballots.len());
        let mut batch = Vec::with_capacity(ballots.len());
        let mut groups = Vec::with_capacity(ballots.len());
        for b in ballots {
            match self.group_of(&b.credential) {
                Some((g, style)) => {
                    slots.push(None);
                    groups.push(g);
                    batch.push((b, style));
                }
                None => slots.push(Some(Rejection::UnknownCredential)),
            }
        }
        let mut verified = verify(voting.encryptor.context(), batch)
            .into_iter()
            .zip(groups);
        slots
            .into_iter()
            .map(|slot| match slot {
                Some(rejection) => Err(rejection),
                None => match verified.next() {
                    Some((Ok(ballot), group)) => Ok(Prepared {
                        entry: Entry::Ballot(ballot.ballot().clone()),
                        checked: Checked::Ballot { group, ballot },
                    }),
                    Some((Err(e), _)) => Err(Rejection::Ballot(e)),
                    None => Err(Rejection::Malformed(
                        "batch verification lost a ballot".into(),
                    )),
                },
            })
            .collect()
    }

    /// The order-dependent checks, then the update. On refusal nothing changes. Returns
    /// what was applied and the entry itself, for the log.
    pub fn apply(
        &mut self,
        prepared: Prepared,
        received_at: OffsetDateTime,
    ) -> Result<(Applied, Entry), Rejection> {
        let Prepared { entry, checked } = prepared;
        let kind = entry.kind();
        // spec/board.md §1: a stamp no earlier than the entry before it.
        if received_at < self.last_stamp {
            return Err(Rejection::StampOrder {
                at: self.local(received_at),
                previous: self.local(self.last_stamp),
            });
        }
        self.check_not_withdrawn(kind)?;
        let applied = match (&entry, checked) {
            (Entry::CredentialList(s), _) => {
                self.expect_phase(kind, Phase::Setup)?;
                let list = &s.body;
                let g = self
                    .definition
                    .document()
                    .groups
                    .iter()
                    .position(|g| g.id == list.group)
                    .ok_or_else(|| {
                        Rejection::Malformed(format!("unknown group `{}`", list.group))
                    })?;
                if self.lists[g] {
                    return Err(Rejection::DuplicateCredentialList {
                        group: list.group.clone(),
                    });
                }
                if let Some(c) = list
                    .credentials
                    .iter()
                    .find(|c| self.credential_group.contains_key(*c))
                {
                    return Err(Rejection::CredentialInTwoGroups {
                        credential: c.to_string(),
                    });
                }
                self.lists[g] = true;
                for c in &list.credentials {
                    self.credential_group.insert(c.clone(), g);
                }
                if self.journal.is_some() {
                    self.record(Change::Credentials(list.credentials.clone()));
                }
                Applied::Other
            }
            (Entry::Dealing(_), Checked::Dealing(dealing)) => {
                self.expect_phase(kind, Phase::Setup)?;
                let dealer = dealing.dealing().dealer;
                if self.dealings.contains_key(&dealer) {
                    return Err(Rejection::DuplicateDealing(dealer));
                }
                self.dealings.insert(dealer, dealing);
                self.record(Change::Dealing(dealer));
                Applied::Other
            }
            (Entry::Complaint(s), _) => {
                self.expect_phase(kind, Phase::Setup)?;
                let c = &s.body;
                if self
                    .complaints
                    .iter()
                    .any(|k| k.dealer == c.dealer && k.recipient == c.recipient)
                {
                    return Err(Rejection::DuplicateComplaint {
                        dealer: c.dealer,
                        recipient: c.recipient,
                    });
                }
                self.check_unanswered(c.dealer, c.recipient)?;
                let dealing = self.dealings.get(&c.dealer).ok_or_else(|| {
                    Rejection::Malformed(format!(
                        "trustee {} has published no dealing to complain about",
                        c.dealer
                    ))
                })?;
                c.verify(&self.params, dealing.dealing())
                    .map_err(Rejection::Ceremony)?;
                self.complaints.push(c.clone());
                self.record(Change::Complaint);
                self.answer(c.dealer, c.recipient);
                Applied::Other
            }
            (Entry::Acknowledgement(s), _) => {
                self.expect_phase(kind, Phase::Setup)?;
                let a = &s.body;
                self.check_unanswered(a.dealer, a.recipient)?;
                let dealing = self.dealings.get(&a.dealer).ok_or_else(|| {
                    Rejection::Malformed(format!(
                        "trustee {} has published no dealing to acknowledge",
                        a.dealer
                    ))
                })?;
                // board.md §5: the acknowledgement accepts the dealing its trustee checked,
                // which must be the one on this board.
                if dealing.dealing().hash() != a.dealing {
                    return Err(Rejection::AcknowledgementMismatch { dealer: a.dealer });
                }
                self.answer(a.dealer, a.recipient);
                Applied::Other
            }
            (Entry::OpenVoting(s), _) => {
                self.expect_phase(kind, Phase::Setup)?;
                self.check_not_passed(received_at)?;
                if let Some(missing) = self.lists.iter().position(|l| !l) {
                    return Err(Rejection::MissingCredentialList {
                        group: self.definition.document().groups[missing].id.clone(),
                    });
                }
                // board.md §5: every trustee that dealt has answered every other dealing, so
                // that no dealing was published too late to be complained about.
                if let Some(&(dealer, recipient)) = self.awaited_answers().first() {
                    return Err(Rejection::UnansweredDealing { dealer, recipient });
                }
                // Each dealing was verified when it was admitted (`prepare`).
                let ceremony =
                    conclude_verified(&self.params, self.dealings.values(), &self.complaints)
                        .map_err(Rejection::Ceremony)?;
                if ceremony.qualified.len() < self.params.threshold as usize {
                    return Err(Rejection::TooFewDealers {
                        qualified: ceremony.qualified.len(),
                        threshold: self.params.threshold,
                    });
                }
                if ceremony.election_key != s.body.election_key {
                    return Err(Rejection::WrongElectionKey);
                }
                let encryptor = Encryptor::new(ElectionContext {
                    election: self.definition.hash(),
                    key: ceremony.election_key.clone(),
                });
                self.voting = Some(Voting {
                    encryptor,
                    ceremony,
                });
                self.phase = Phase::Voting;
                self.record(Change::Voting);
                Applied::Other
            }
            (Entry::Ballot(_), Checked::Ballot { group, ballot }) => {
                self.voting(kind)?;
                self.check_window(received_at)?;
                self.cast_ballot(group, ballot, self.size)?
            }
            (Entry::AuditedBallot(_), Checked::Audit { audit, .. }) => {
                self.voting(kind)?;
                self.check_window(received_at)?;
                let hash = *audit.hash();
                if self.ballot_hashes.contains(&hash) || !self.audited.insert(hash) {
                    return Err(Rejection::DuplicateBallot {
                        tracking_code: zhixuan_tally::TrackingCode::from_hash(&hash).to_string(),
                    });
                }
                self.record(Change::Audit(hash));
                Applied::Audit { hash }
            }
            (Entry::Attendance(s), _) => {
                // board.md §5.6a: before voting closes, once per group, no more present
                // than the group has credentials.
                if !matches!(self.phase, Phase::Setup | Phase::Voting) {
                    return Err(Rejection::WrongPhase {
                        kind,
                        phase: self.phase,
                    });
                }
                let declared = &s.body;
                let groups = &self.definition.document().groups;
                let g = groups
                    .iter()
                    .position(|g| g.id == declared.group)
                    .ok_or_else(|| Rejection::UnknownGroup {
                        group: declared.group.clone(),
                    })?;
                if self.attendance[g].is_some() {
                    return Err(Rejection::DuplicateAttendance {
                        group: declared.group.clone(),
                    });
                }
                if declared.present > groups[g].eligible {
                    return Err(Rejection::AttendanceAboveEligible {
                        group: declared.group.clone(),
                        present: declared.present,
                        eligible: groups[g].eligible,
                    });
                }
                self.attendance[g] = Some(declared.present);
                Applied::Other
            }
            (Entry::Withdrawal(_), _) => {
                // board.md §5.5a: only before voting opens; then nothing more.
                if self.phase != Phase::Setup {
                    return Err(Rejection::WithdrawalAfterOpening { phase: self.phase });
                }
                self.phase = Phase::Withdrawn;
                Applied::Other
            }
            (Entry::CloseVoting(_), _) => {
                self.voting(kind)?;
                self.phase = Phase::Closed;
                Applied::Other
            }
            (Entry::Tally(s), _) => {
                self.expect_phase(kind, Phase::Closed)?;
                self.check_tally(&s.body)?;
                self.tally = Some(s.body.clone());
                self.phase = Phase::Tallied;
                self.record(Change::Tally);
                Applied::Other
            }
            (Entry::PartialDecryption(s), _) => {
                self.expect_phase(kind, Phase::Tallied)?;
                let trustee = s.body.trustee;
                if self.decryptions.contains_key(&trustee) {
                    return Err(Rejection::DuplicateDecryption(trustee));
                }
                let verified = self.check_decryption(s.body.clone())?;
                self.decryptions.insert(trustee, verified);
                self.record(Change::Decryption(trustee));
                Applied::Other
            }
            (Entry::Result(s), _) => {
                self.expect_phase(kind, Phase::Tallied)?;
                let counts = self.decrypted_counts()?;
                self.check_attendance(&counts)?;
                if counts != s.body.counts {
                    return Err(Rejection::CountsMismatch);
                }
                let outcome =
                    decide(&self.definition, &counts, &self.earlier).map_err(Rejection::Decide)?;
                if outcome != s.body.outcome {
                    return Err(Rejection::OutcomeMismatch);
                }
                self.result = Some(outcome);
                self.phase = Phase::Decided;
                self.record(Change::Result);
                Applied::Other
            }
            (Entry::Definition(_), _) => return Err(Rejection::DefinitionExists),
            (Entry::Ballot(_) | Entry::AuditedBallot(_) | Entry::Dealing(_), _) => {
                return Err(Rejection::Malformed(format!(
                    "{} was applied without being verified",
                    kind.as_str()
                )))
            }
        };
        self.size += 1;
        self.last_stamp = received_at;
        Ok((applied, entry))
    }

    /// A recipient answers each dealing once, and never its own.
    fn check_unanswered(
        &self,
        dealer: TrusteeIndex,
        recipient: TrusteeIndex,
    ) -> Result<(), Rejection> {
        if dealer == recipient {
            return Err(Rejection::Malformed(format!(
                "trustee {dealer} cannot answer its own dealing"
            )));
        }
        if self.answered.contains(&(dealer, recipient)) {
            return Err(Rejection::DealingAlreadyAnswered { dealer, recipient });
        }
        Ok(())
    }

    fn answer(&mut self, dealer: TrusteeIndex, recipient: TrusteeIndex) {
        self.answered.insert((dealer, recipient));
        self.record(Change::Answer(dealer, recipient));
    }

    /// A time as a refusal states it: in the election's own zone, the offset its definition
    /// writes the voting window in, so that a refusal reads like the notice. The board
    /// stamps in UTC, which a voter would have to convert.
    fn local(&self, t: OffsetDateTime) -> String {
        let t = t.to_offset(self.definition.document().voting.opens.offset());
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| t.unix_timestamp().to_string())
    }

    fn check_window(&self, at: OffsetDateTime) -> Result<(), Rejection> {
        let window = &self.definition.document().voting;
        if window.contains(at) {
            return Ok(());
        }
        Err(Rejection::OutsideWindow {
            at: self.local(at),
            opens: self.local(window.opens),
            closes: self.local(window.closes),
        })
    }

    /// board.md §5.5 rule 2a: voting opens only while its window has not closed, so that
    /// no election shows "voting open" while every ballot would be refused.
    fn check_not_passed(&self, at: OffsetDateTime) -> Result<(), Rejection> {
        let closes = self.definition.document().voting.closes;
        if at < closes {
            return Ok(());
        }
        Err(Rejection::VotingWindowPassed {
            at: self.local(at),
            closes: self.local(closes),
        })
    }

    fn cast_ballot(
        &mut self,
        group: usize,
        ballot: VerifiedBallot,
        index: u64,
    ) -> Result<Applied, Rejection> {
        let hash = *ballot.hash();
        if self.audited.contains(&hash) {
            return Err(Rejection::AuditedBallotCast);
        }
        if self.ballot_hashes.contains(&hash) {
            return Err(Rejection::DuplicateBallot {
                tracking_code: ballot.tracking_code().to_string(),
            });
        }
        let credential = ballot.credential().clone();
        let last_counts =
            self.definition.document().revote == zhixuan_election::RevotePolicy::LastCounts;
        let supersedes = match self.cast.get(&credential) {
            Some(_) if !last_counts => return Err(Rejection::AlreadyVoted),
            Some(&(old_index, _)) => {
                if let Some(old) = self.replaceable.get(&credential) {
                    self.tallies[group].remove(old).map_err(Rejection::Ballot)?;
                }
                Some(old_index)
            }
            None => None,
        };
        self.tallies[group]
            .add(&ballot, 1)
            .map_err(Rejection::Ballot)?;
        let replaced = last_counts.then(|| {
            let cts = ballot
                .ballot()
                .contests
                .iter()
                .map(|c| c.selections.iter().map(|s| s.ciphertext).collect())
                .collect();
            self.replaceable.insert(credential.clone(), cts)
        });
        self.ballot_hashes.insert(hash);
        if let Some(old_index) = supersedes {
            self.superseded.insert(hash, old_index);
        }
        let previous = self.cast.insert(credential.clone(), (index, hash));
        if self.journal.is_some() {
            self.record(Change::Cast {
                credential: credential.clone(),
                hash,
                previous,
                replaced,
            });
        }
        Ok(Applied::Ballot {
            hash,
            credential,
            supersedes,
        })
    }

    fn group_ids(&self) -> Vec<String> {
        self.definition
            .document()
            .groups
            .iter()
            .map(|g| g.id.clone())
            .collect()
    }

    fn check_tally(&self, published: &PublishedTally) -> Result<(), Rejection> {
        let expected = self.group_ids();
        let found: Vec<String> = published.groups.iter().map(|g| g.group.clone()).collect();
        if expected != found {
            return Err(Rejection::TallyGroups { expected, found });
        }
        for (GroupTally { group, tally }, acc) in published.groups.iter().zip(&self.tallies) {
            if &acc.finish() != tally {
                return Err(Rejection::TallyMismatch {
                    group: group.clone(),
                });
            }
        }
        Ok(())
    }

    fn check_decryption(
        &self,
        decryption: crate::entry::TrusteeDecryption,
    ) -> Result<Vec<VerifiedPartialDecryption>, Rejection> {
        let (Some(tally), Some(voting)) = (&self.tally, &self.voting) else {
            return Err(Rejection::WrongPhase {
                kind: EntryKind::PartialDecryption,
                phase: self.phase,
            });
        };
        let trustee = decryption.trustee;
        let key = voting
            .ceremony
            .verification_key(trustee)
            .map_err(Rejection::Ceremony)?;
        if decryption.groups.len() != tally.groups.len() {
            return Err(Rejection::Malformed(format!(
                "trustee {trustee} decrypted {} groups; the tally has {}",
                decryption.groups.len(),
                tally.groups.len()
            )));
        }
        let election = self.definition.hash();
        decryption
            .groups
            .into_iter()
            .zip(&tally.groups)
            .map(|(partial, g)| {
                if partial.trustee != trustee {
                    return Err(Rejection::Malformed(format!(
                        "trustee {trustee} signed a decryption by trustee {}",
                        partial.trustee
                    )));
                }
                partial
                    .verify(&election, key, &g.tally.ciphertexts())
                    .map_err(Rejection::Decryption)
            })
            .collect()
    }

    /// board.md §5.11 rule 4a: no group cast more ballots than it declared present, and
    /// every group answering a contest decided by a majority of those present declared
    /// its attendance.
    fn check_attendance(&self, counts: &Counts) -> Result<(), Rejection> {
        for group in &counts.groups {
            if let Some(present) = group.present.filter(|&p| p < group.ballots_cast) {
                return Err(Rejection::AttendanceBelowBallots {
                    group: group.group.clone(),
                    present,
                    cast: group.ballots_cast,
                });
            }
        }
        let doc = self.definition.document();
        for contest in &doc.contests {
            let ContestKind::Competitive(rule) = &contest.kind else {
                continue;
            };
            if rule.majority_of != MajorityOf::Present {
                continue;
            }
            for (g, group) in doc.groups.iter().enumerate() {
                if group.contests.contains(&contest.id) && self.attendance[g].is_none() {
                    return Err(Rejection::AttendanceMissing {
                        group: group.id.clone(),
                        contest: contest.id.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    fn decrypted_counts(&self) -> Result<Counts, Rejection> {
        let Some(tally) = &self.tally else {
            return Err(Rejection::WrongPhase {
                kind: EntryKind::Result,
                phase: self.phase,
            });
        };
        let threshold = self.params.threshold;
        let mut groups = Vec::with_capacity(tally.groups.len());
        for (g, (published, acc)) in tally.groups.iter().zip(&self.tallies).enumerate() {
            let parts: Vec<VerifiedPartialDecryption> = self
                .decryptions
                .values()
                .filter_map(|d| d.get(g).cloned())
                .collect();
            let cts = published.tally.ciphertexts();
            let values =
                combine(threshold, &cts, &parts, acc.bound()).map_err(Rejection::Decryption)?;
            let mut counts =
                GroupCounts::from_tally(published.group.clone(), &published.tally, values);
            counts.present = self.attendance.get(g).copied().flatten();
            groups.push(counts);
        }
        Ok(Counts { groups })
    }
}
