//! Messages signed by the organiser or a trustee.
//!
//! Every organiser action (publishing the definition, a credential list, opening and
//! closing voting, attendance, a withdrawal, the tally, the result) and every trustee message (dealing, complaint,
//! partial decryption) is a [`Signed`] body. The signature is a Schnorr signature
//! (`zhixuan_tally::SigningKey`, domain `board-message`) over
//! `tagged_hash("zhixuan-v1/board-message", election ‖ kind ‖ body)`: the election's
//! definition hash, the entry kind as a string, and the body's canonical encoding. So a
//! message cannot be replayed in another election or as another kind of entry.

use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use zhixuan_election::{CredentialList, ElectionDefinition};
use zhixuan_tally::{
    tagged_hash, Acknowledgement, Complaint, Dealing, ElectionHash, Encode, Encoder, Signature,
    SigningKey, VerifyingKey,
};

use crate::entry::{
    Attendance, CloseVoting, OpenVoting, PublishedResult, PublishedTally, TrusteeDecryption,
    Withdrawal,
};
use crate::kind::EntryKind;

/// The signature domain of board messages.
pub const MESSAGE_DOMAIN: &[u8] = b"board-message";
/// The hash domain of board messages.
pub const MESSAGE_HASH_DOMAIN: &str = "zhixuan-v1/board-message";

/// A body and its signer's signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signed<T> {
    /// What is signed.
    pub body: T,
    /// The signature over the election, the kind and the body.
    pub signature: Signature,
}

/// A body the board publishes signed, and the one entry kind it is signed as: so a message
/// cannot be signed, or verified, as another kind (`spec/board.md` §3).
pub trait Message: Encode {
    /// The kind of entry this body is published in.
    const KIND: EntryKind;
}

macro_rules! messages {
    ($($body:ty => $kind:ident,)*) => {
        $(impl Message for $body {
            const KIND: EntryKind = EntryKind::$kind;
        })*
    };
}

messages! {
    ElectionDefinition => Definition,
    CredentialList => CredentialList,
    Dealing => Dealing,
    Complaint => Complaint,
    Acknowledgement => Acknowledgement,
    OpenVoting => OpenVoting,
    CloseVoting => CloseVoting,
    PublishedTally => Tally,
    TrusteeDecryption => PartialDecryption,
    PublishedResult => Result,
    Attendance => Attendance,
    Withdrawal => Withdrawal,
}

struct Statement<'a, T> {
    election: &'a ElectionHash,
    kind: &'a str,
    body: &'a T,
}

impl<T: Encode> Encode for Statement<'_, T> {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(self.election).str(self.kind).value(self.body);
    }
}

/// `m = tagged_hash("zhixuan-v1/board-message", E_h ‖ str(kind) ‖ enc(body))`
/// (`spec/board.md` §3).
fn message<T: Message>(election: &ElectionHash, body: &T) -> [u8; 32] {
    tagged_hash(
        MESSAGE_HASH_DOMAIN,
        &Statement {
            election,
            kind: T::KIND.as_str(),
            body,
        },
    )
}

impl<T: Message> Signed<T> {
    /// Signs `body` as an entry of its kind in `election`.
    pub fn sign<R: CryptoRng + ?Sized>(
        key: &SigningKey,
        election: &ElectionHash,
        body: T,
        rng: &mut R,
    ) -> Self {
        let signature = key.sign(MESSAGE_DOMAIN, &message(election, &body), rng);
        Self { body, signature }
    }

    /// Whether `key` signed this body as an entry of its kind in `election`.
    pub fn verify(&self, key: &VerifyingKey, election: &ElectionHash) -> bool {
        key.verify(
            MESSAGE_DOMAIN,
            &message(election, &self.body),
            &self.signature,
        )
        .is_ok()
    }
}

impl<T: Encode> Encode for Signed<T> {
    fn encode(&self, enc: &mut Encoder) {
        enc.value(&self.body).value(&self.signature);
    }
}
