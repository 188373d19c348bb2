//! The statement every ballot proof binds: the transcripts of `spec/protocol.md` §9.4.

use merlin::Transcript;

use super::cast::EncryptedContest;
use crate::credential::Credential;
use crate::elgamal::ElectionContext;
use crate::transcript::{transcript, TranscriptExt};

/// The prefix every proof of a ballot shares (`spec/protocol.md` §9.4): the domain
/// `ballot-proof`, the election, its key and the credential.
pub(super) fn ballot_transcript(context: &ElectionContext, credential: &Credential) -> Transcript {
    let mut t = transcript(b"ballot-proof");
    t.append_election(&context.election);
    t.append_point(b"election-key", context.key.point());
    t.append_point(b"credential", credential.point());
    t
}

/// The contest transcript (`spec/protocol.md` §9.4): the prefix, then the contest's index
/// and every selection's ciphertext.
pub(super) fn contest_transcript(base: &Transcript, contest: &EncryptedContest) -> Transcript {
    let mut t = base.clone();
    t.append_u64(b"contest", u64::from(contest.contest.0));
    t.append_u64(b"selections", contest.selections.len() as u64);
    for s in &contest.selections {
        t.append_point(b"selection-a", &s.ciphertext.a);
        t.append_point(b"selection-b", &s.ciphertext.b);
    }
    t
}

/// The contest transcript continued for the proof of selection `option` (§9.4).
pub(super) fn selection_transcript(contest: &Transcript, option: usize) -> Transcript {
    let mut t = contest.clone();
    t.append_message(b"proof", b"selection");
    t.append_u64(b"option", option as u64);
    t
}

/// The contest transcript continued for the contest's total proof (§9.4).
pub(super) fn total_transcript(contest: &Transcript) -> Transcript {
    let mut t = contest.clone();
    t.append_message(b"proof", b"total");
    t
}
