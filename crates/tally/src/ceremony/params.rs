//! The ceremony's public parameters: the election, the threshold and the trustees' keys.

use serde::{Deserialize, Serialize};

use crate::encoding::ElectionHash;
use crate::error::CeremonyError;
use crate::ids::TrusteeIndex;
use crate::schnorr::VerifyingKey;

/// The ceremony's public parameters, from the election definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CeremonyParams {
    pub election: ElectionHash,
    pub threshold: u32,
    /// Trustee `i`'s communication key is `trustees[i − 1]`.
    pub trustees: Vec<VerifyingKey>,
}

impl CeremonyParams {
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

    pub fn indices(&self) -> impl Iterator<Item = TrusteeIndex> {
        (1..=self.trustees.len() as u32).map(TrusteeIndex)
    }

    pub fn key_of(&self, index: TrusteeIndex) -> Result<&VerifyingKey, CeremonyError> {
        (index.0 as usize)
            .checked_sub(1)
            .and_then(|i| self.trustees.get(i))
            .ok_or(CeremonyError::UnknownTrustee(index))
    }
}
