//! The one replay of a log through the admission rules (`spec/board.md` §5,
//! `spec/verification.md` step 1).
//!
//! Three parties replay an election's log: the board when it starts (it does not trust its
//! own store), a trustee or organiser before acting on what the board serves, and the
//! supervision committee's verifier. They differ only in what a refusal means — the board
//! and the command stop, the verifier reports it and goes on — so the loop is here once and
//! each of them says what to do with each [`Verdict`].
//!
//! Consecutive ballots are verified as one batch on all cores (`spec/protocol.md` §10), then
//! applied in log order, so the result is exactly that of applying them one by one.

use std::borrow::BorrowMut;
use std::time::{Duration, Instant};

use time::OffsetDateTime;
use zhixuan_election::{ElectionDefinition, Outcome};
use zhixuan_tally::{Ballot, TrackingCode};

use crate::entry::{Entry, LogEntry};
use crate::kind::EntryKind;
use crate::log::merkle::{Hash, MerkleTree};
use crate::rejection::Rejection;
use crate::state::{Applied, ElectionState};

/// How many consecutive ballots are verified as one batch: large enough to keep every core
/// busy, small enough that a log of any size replays in bounded memory.
pub const REPLAY_BATCH: usize = 1024;

/// What the admission rules said of one entry of the log.
#[derive(Debug)]
pub struct Verdict {
    /// The entry's leaf index.
    pub index: u64,
    /// The entry's kind.
    pub kind: EntryKind,
    /// The tracking code of a ballot or an audited ballot.
    pub tracking_code: Option<TrackingCode>,
    /// The time spent checking it (a batch's time is shared among its ballots).
    pub spent: Duration,
    /// What applying it did, or why it was refused.
    pub result: Result<Applied, Rejection>,
}

/// A log being replayed: the election's state after the entries admitted so far, and the
/// Merkle tree of every entry pushed. The replay owns them ([`Replay::start`]) or goes on
/// with a state and tree held elsewhere ([`Replay::resume`], a board catching up under its
/// locks).
pub struct Replay<S = ElectionState, T = MerkleTree> {
    state: S,
    tree: T,
    /// Consecutive ballots pushed and not yet verified, with their received times.
    pending: Vec<(u64, OffsetDateTime, Ballot)>,
    /// Ballots at indices below this one are vouched for by the board's own signed
    /// checkpoint ([`Replay::vouched_below`]).
    vouched: u64,
}

impl Replay {
    /// Starts from entry 0, the definition, for an election that follows the `earlier`
    /// elections (with their outcomes, already checked by the caller).
    pub fn start(
        first: &LogEntry,
        leaf: Hash,
        earlier: &[(ElectionDefinition, Outcome)],
    ) -> Result<Self, Rejection> {
        let state = ElectionState::new(first, earlier)?;
        let mut tree = MerkleTree::new();
        tree.push(leaf);
        Ok(Replay {
            state,
            tree,
            pending: Vec::new(),
            vouched: 0,
        })
    }
}

impl<'a> Replay<&'a mut ElectionState, &'a mut MerkleTree> {
    /// Goes on from a state and tree built earlier.
    pub fn resume(state: &'a mut ElectionState, tree: &'a mut MerkleTree) -> Self {
        Replay {
            state,
            tree,
            pending: Vec::new(),
            vouched: 0,
        }
    }
}

impl<S: BorrowMut<ElectionState>, T: BorrowMut<MerkleTree>> Replay<S, T> {
    /// Takes the ballots at indices below `size` as vouched for by a checkpoint the board
    /// itself signed over them (`spec/board.md` §10.1): their proofs and signatures are not
    /// verified again; everything else of the admission rules still applies to them. Only a
    /// board replaying its own store may say so, once it has held the stored leaves to that
    /// checkpoint; the command and the verifier never do.
    pub fn vouched_below(mut self, size: u64) -> Self {
        self.vouched = size;
        self
    }

    /// The leaf index the next entry must have.
    pub fn next_index(&self) -> u64 {
        self.tree.borrow().len()
    }

    /// The state. Ballots still pending are not in it until [`Self::flush`] or
    /// [`Self::finish`].
    pub fn state(&self) -> &ElectionState {
        self.state.borrow()
    }

    /// Pushes the next entry, with its leaf hash (the caller may have it stored). `on` hears
    /// the verdict of every entry that was decided — a ballot's once its batch is verified,
    /// any other entry at once, after the ballots before it — and may stop the replay by
    /// returning an error. A refused entry changes nothing but the tree.
    pub fn push<E>(
        &mut self,
        entry: LogEntry,
        leaf: Hash,
        on: &mut impl FnMut(Verdict) -> Result<(), E>,
    ) -> Result<(), E> {
        self.tree.borrow_mut().push(leaf);
        let LogEntry {
            index,
            received_at,
            entry,
        } = entry;
        if let Entry::Ballot(ballot) = entry {
            self.pending.push((index, received_at, ballot));
            if self.pending.len() >= REPLAY_BATCH {
                self.flush(on)?;
            }
            return Ok(());
        }
        self.flush(on)?;
        let t = Instant::now();
        let kind = entry.kind();
        let tracking_code = match &entry {
            Entry::AuditedBallot(a) => Some(a.tracking_code()),
            _ => None,
        };
        let state = self.state.borrow_mut();
        let result = state
            .prepare(entry)
            .and_then(|prepared| state.apply(prepared, received_at))
            .map(|(applied, _)| applied);
        on(Verdict {
            index,
            kind,
            tracking_code,
            spent: t.elapsed(),
            result,
        })
    }

    /// Verifies and applies the ballots pushed and not yet decided.
    pub fn flush<E>(&mut self, on: &mut impl FnMut(Verdict) -> Result<(), E>) -> Result<(), E> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let t = Instant::now();
        let pending = std::mem::take(&mut self.pending);
        let mut meta = Vec::with_capacity(pending.len());
        let mut vouched = Vec::new();
        let mut ballots = Vec::with_capacity(pending.len());
        for (index, received_at, ballot) in pending {
            meta.push((index, received_at, ballot.tracking_code()));
            // Pending ballots are consecutive, so the vouched ones come first.
            if index < self.vouched {
                vouched.push(ballot);
            } else {
                ballots.push(ballot);
            }
        }
        let state = self.state.borrow_mut();
        let mut prepared = state.prepare_vouched_ballots(vouched);
        prepared.extend(state.prepare_ballots(ballots));
        let mut verdicts = Vec::with_capacity(meta.len());
        for ((index, received_at, code), prepared) in meta.into_iter().zip(prepared) {
            let result = prepared
                .and_then(|p| state.apply(p, received_at))
                .map(|(applied, _)| applied);
            verdicts.push((index, code, result));
        }
        let spent = t.elapsed() / u32::try_from(verdicts.len()).unwrap_or(u32::MAX);
        for (index, code, result) in verdicts {
            on(Verdict {
                index,
                kind: EntryKind::Ballot,
                tracking_code: Some(code),
                spent,
                result,
            })?;
        }
        Ok(())
    }

    /// Ends the replay, deciding the ballots still pending: the state and the tree.
    pub fn finish<E>(mut self, on: &mut impl FnMut(Verdict) -> Result<(), E>) -> Result<(S, T), E> {
        self.flush(on)?;
        Ok((self.state, self.tree))
    }
}
