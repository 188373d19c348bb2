//! Fiat–Shamir transcripts (merlin). Every transcript starts with the protocol label, then
//! a domain label naming the proof, then the whole statement; the labels used by each
//! proof are listed in its doc comment and in `spec/protocol.md`.

use curve25519_dalek::scalar::Scalar;
use merlin::Transcript;

use crate::encoding::{Commitment, ElectionHash, Point};

/// The merlin protocol label of every transcript in version 1 of the protocol.
pub const PROTOCOL_LABEL: &[u8] = b"zhixuan-v1";

pub(crate) trait TranscriptExt {
    fn append_point(&mut self, label: &'static [u8], point: &Point);
    /// A proof's commitment, by its encoding as a point's.
    fn append_commitment(&mut self, label: &'static [u8], commitment: &Commitment);
    fn append_election(&mut self, election: &ElectionHash);
    /// A challenge scalar from 64 transcript bytes, reduced wide so it is uniform mod ℓ
    /// (`spec/protocol.md` §5.2).
    fn challenge_scalar(&mut self, label: &'static [u8]) -> Scalar;
}

impl TranscriptExt for Transcript {
    fn append_point(&mut self, label: &'static [u8], point: &Point) {
        self.append_message(label, point.as_bytes());
    }

    fn append_commitment(&mut self, label: &'static [u8], commitment: &Commitment) {
        self.append_message(label, commitment.as_bytes());
    }

    fn append_election(&mut self, election: &ElectionHash) {
        self.append_message(b"election", election.as_bytes());
    }

    fn challenge_scalar(&mut self, label: &'static [u8]) -> Scalar {
        let mut bytes = [0u8; 64];
        self.challenge_bytes(label, &mut bytes);
        Scalar::from_bytes_mod_order_wide(&bytes)
    }
}

/// A new transcript for one proof system: protocol label, then `dom-sep` = `domain`
/// (`spec/protocol.md` §5.2).
pub(crate) fn transcript(domain: &'static [u8]) -> Transcript {
    let mut t = Transcript::new(PROTOCOL_LABEL);
    t.append_message(b"dom-sep", domain);
    t
}
