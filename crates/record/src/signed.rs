//! Messages signed by the organiser or a trustee.
//!
//! Every organiser action (publishing the definition, a credential list, opening and
//! closing voting, the tally, the result) and every trustee message (dealing, complaint,
//! partial decryption) is a [`Signed`] body. The signature is a Schnorr signature
//! (`zhixuan_tally::SigningKey`, domain `board-message`) over
//! `tagged_hash("zhixuan-v1/board-message", election ‖ kind ‖ body)`: the election's
//! definition hash, the entry kind as a string, and the body's canonical encoding. So a
//! message cannot be replayed in another election or as another kind of entry.

use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use zhixuan_tally::{
    tagged_hash, ElectionHash, Encode, Encoder, Signature, SigningKey, VerifyingKey,
};

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

fn message<T: Encode>(election: &ElectionHash, kind: &str, body: &T) -> [u8; 32] {
    tagged_hash(
        MESSAGE_HASH_DOMAIN,
        &Statement {
            election,
            kind,
            body,
        },
    )
}

impl<T: Encode> Signed<T> {
    /// Signs `body` as an entry of `kind` in `election`.
    pub fn sign<R: CryptoRng + ?Sized>(
        key: &SigningKey,
        election: &ElectionHash,
        kind: &str,
        body: T,
        rng: &mut R,
    ) -> Self {
        let signature = key.sign(MESSAGE_DOMAIN, &message(election, kind, &body), rng);
        Self { body, signature }
    }

    /// Whether `key` signed this body as an entry of `kind` in `election`.
    pub fn verify(&self, key: &VerifyingKey, election: &ElectionHash, kind: &str) -> bool {
        key.verify(
            MESSAGE_DOMAIN,
            &message(election, kind, &self.body),
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
