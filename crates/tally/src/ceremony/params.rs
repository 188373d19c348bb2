//! The ceremony's public parameters: the election, the threshold and the trustees' keys.

use serde::{Deserialize, Serialize};

use crate::encoding::ElectionHash;
use crate::error::CeremonyError;
use crate::ids::TrusteeIndex;
use crate::schnorr::VerifyingKey;

/// The ceremony's public parameters, from the election definition (`spec/protocol.md`
/// §12.1): `n` trustees, trustee `i` (from 1) with the communication key `Cᵢ = cᵢG`, and the
/// threshold `t`, `1 ≤ t ≤ n`: any `t` trustees can decrypt, and `t − 1` learn nothing of
/// the key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CeremonyParams {
    /// The election hash every message of the ceremony is bound to.
    pub election: ElectionHash,
    /// The threshold `t`.
    pub threshold: u32,
    /// Trustee `i`'s communication key is `trustees[i − 1]`.
    pub trustees: Vec<VerifyingKey>,
}

impl CeremonyParams {
    /// Parameters that [validate](Self::validate).
    pub fn new(
        election: ElectionHash,
        threshold: u32,
        trustees: Vec<VerifyingKey>,
    ) -> Result<Self, CeremonyError> {
        let params = Self {
            election,
            threshold,
            trustees,
        };
        params.validate()?;
        Ok(params)
    }

    /// `1 ≤ t ≤ n` (`spec/protocol.md` §12.1).
    pub fn validate(&self) -> Result<(), CeremonyError> {
        let n = self.trustees.len();
        if self.threshold == 0 || self.threshold as usize > n {
            return Err(CeremonyError::BadThreshold {
                threshold: self.threshold,
                trustees: n,
            });
        }
        Ok(())
    }

    /// The trustees' indices, `1 … n`.
    pub fn indices(&self) -> impl Iterator<Item = TrusteeIndex> {
        (1..=self.trustees.len() as u32).map(TrusteeIndex)
    }

    /// Trustee `index`'s communication key, or [`CeremonyError::UnknownTrustee`].
    pub fn key_of(&self, index: TrusteeIndex) -> Result<&VerifyingKey, CeremonyError> {
        (index.0 as usize)
            .checked_sub(1)
            .and_then(|i| self.trustees.get(i))
            .ok_or(CeremonyError::UnknownTrustee(index))
    }
}
