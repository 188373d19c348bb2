//! Voter credentials.
//!
//! A credential is a secret scalar `x` handed to one voter (on a printed slip); its public
//! part `P = xG` goes on the election's credential list for the voter's group. Every cast
//! ballot is signed with the credential, and every ballot proof binds `P`, so a ballot can
//! be counted only under the credential that made it, and only once per credential. A ballot
//! the voter audits is never signed (`spec/protocol.md` §9.5, §11).

use core::fmt;

use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};

use crate::encoding::{Encode, Encoder, Point};
use crate::error::EncodingError;
use crate::schnorr::{Signature, SigningKey, VerifyingKey};

/// A voter's secret credential. Zeroized on drop; `Debug` prints only the public part.
#[derive(Clone)]
pub struct CredentialSecret(SigningKey);

impl CredentialSecret {
    /// A new credential, `x` drawn uniformly from `rng`.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        Self(SigningKey::generate(rng))
    }

    /// Restores a credential from its 32-byte canonical scalar; zero is refused
    /// (`spec/protocol.md` §2.3).
    pub fn from_bytes(bytes: [u8; 32]) -> Result<Self, EncodingError> {
        SigningKey::from_bytes(bytes).map(Self)
    }

    /// Restores a credential from its 64 lowercase hexadecimal digits.
    pub fn from_hex(text: &str) -> Result<Self, EncodingError> {
        SigningKey::from_hex(text).map(Self)
    }

    /// The secret's bytes, for the voter's slip; zeroized on drop.
    pub fn to_bytes(&self) -> zeroize::Zeroizing<[u8; 32]> {
        self.0.to_bytes()
    }

    /// The public credential `P = xG`.
    pub fn public(&self) -> Credential {
        Credential(self.0.verifying_key().clone())
    }

    pub(crate) fn sign<R: CryptoRng + ?Sized>(
        &self,
        domain: &'static [u8],
        message: &[u8],
        rng: &mut R,
    ) -> Signature {
        self.0.sign(domain, message, rng)
    }
}

impl fmt::Debug for CredentialSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialSecret")
            .field("public", self.0.verifying_key())
            .finish_non_exhaustive()
    }
}

/// A public credential, as it appears on a credential list and in a ballot.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Credential(pub VerifyingKey);

impl Credential {
    /// The point `P`.
    pub fn point(&self) -> &Point {
        self.0.point()
    }

    /// `P` as the key that checks the ballot signature.
    pub fn key(&self) -> &VerifyingKey {
        &self.0
    }
}

impl Encode for Credential {
    fn encode(&self, enc: &mut Encoder) {
        self.0.encode(enc);
    }
}

impl fmt::Display for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}
