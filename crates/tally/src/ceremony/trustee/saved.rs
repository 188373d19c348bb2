//! A trustee's secret state saved between the steps of the ceremony, and restored.

use std::collections::BTreeMap;

use curve25519_dalek::scalar::Scalar;
use zeroize::Zeroizing;

use super::{evaluate, Trustee};
use crate::ceremony::params::CeremonyParams;
use crate::error::CeremonyError;
use crate::ids::TrusteeIndex;
use crate::schnorr::SigningKey;

/// The first bytes of a saved trustee state (format version 1).
const SAVED_MAGIC: &[u8; 16] = b"zhixuan-trustee1";

/// Reads a big-endian u64 and a 32-byte array from the front of a byte slice.
struct SavedReader<'a> {
    rest: &'a [u8],
}

impl<'a> SavedReader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CeremonyError> {
        if self.rest.len() < n {
            return Err(CeremonyError::SavedState("it ends early"));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn u64(&mut self) -> Result<u64, CeremonyError> {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(self.take(8)?);
        Ok(u64::from_be_bytes(bytes))
    }

    fn index(&mut self) -> Result<TrusteeIndex, CeremonyError> {
        u32::try_from(self.u64()?)
            .map(TrusteeIndex)
            .map_err(|_| CeremonyError::SavedState("a trustee index is out of range"))
    }

    fn scalar(&mut self) -> Result<Zeroizing<Scalar>, CeremonyError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        bytes.copy_from_slice(self.take(32)?);
        Option::<Scalar>::from(Scalar::from_canonical_bytes(*bytes))
            .map(Zeroizing::new)
            .ok_or(CeremonyError::SavedState(
                "a secret value is not a canonical scalar",
            ))
    }
}

impl Trustee {
    /// This trustee's secret state (its polynomial and the shares it has received), to be
    /// kept between the steps of the ceremony in a file only its owner can read. The
    /// buffer is allocated once at its final size and zeroized on drop, so no copy of the
    /// secrets is left behind in freed memory.
    ///
    /// Layout: `zhixuan-trustee1`, the election hash, then as big-endian u64 the index,
    /// the number of coefficients and each coefficient (32 bytes), the number of received
    /// shares and each as dealer index and share (32 bytes). The communication key is not
    /// included: it lives in its own key file and is supplied to [`Self::restore`].
    pub fn save(&self) -> Zeroizing<Vec<u8>> {
        let size = SAVED_MAGIC.len()
            + 32
            + 8
            + 8
            + 32 * self.polynomial.len()
            + 8
            + 40 * self.received.len();
        let mut out = Zeroizing::new(Vec::with_capacity(size));
        out.extend_from_slice(SAVED_MAGIC);
        out.extend_from_slice(self.params.election.as_bytes());
        out.extend_from_slice(&u64::from(self.index.0).to_be_bytes());
        out.extend_from_slice(&(self.polynomial.len() as u64).to_be_bytes());
        for coefficient in self.polynomial.iter() {
            out.extend_from_slice(coefficient.as_bytes());
        }
        out.extend_from_slice(&(self.received.len() as u64).to_be_bytes());
        for (dealer, share) in &self.received {
            out.extend_from_slice(&u64::from(dealer.0).to_be_bytes());
            out.extend_from_slice(share.as_bytes());
        }
        out
    }

    /// Restores a state written by [`Self::save`] for this election and key. Refuses a state
    /// saved for another election or another trustee, one whose polynomial does not fit the
    /// threshold, and one whose own share does not follow from its polynomial.
    pub fn restore(
        params: CeremonyParams,
        key: SigningKey,
        saved: &[u8],
    ) -> Result<Self, CeremonyError> {
        params.validate()?;
        let mut r = SavedReader { rest: saved };
        if r.take(SAVED_MAGIC.len())? != SAVED_MAGIC {
            return Err(CeremonyError::SavedState("it is not a saved trustee state"));
        }
        if r.take(32)? != params.election.as_bytes() {
            return Err(CeremonyError::SavedState(
                "it was saved for another election",
            ));
        }
        let index = r.index()?;
        if params.key_of(index)? != key.verifying_key() {
            return Err(CeremonyError::SavedState(
                "it was saved by another trustee than this key's",
            ));
        }
        let coefficients = r.u64()?;
        if coefficients != u64::from(params.threshold) {
            return Err(CeremonyError::SavedState(
                "its polynomial does not have the threshold's degree",
            ));
        }
        let mut polynomial = Zeroizing::new(Vec::with_capacity(params.threshold as usize));
        for _ in 0..coefficients {
            polynomial.push(*r.scalar()?);
        }
        let count = r.u64()?;
        if count > params.trustees.len() as u64 {
            return Err(CeremonyError::SavedState(
                "it holds more shares than there are trustees",
            ));
        }
        let mut received = BTreeMap::new();
        for _ in 0..count {
            let dealer = r.index()?;
            params.key_of(dealer)?;
            let share = r.scalar()?;
            if received.insert(dealer, share).is_some() {
                return Err(CeremonyError::SavedState(
                    "it holds two shares from one dealer",
                ));
            }
        }
        if !r.rest.is_empty() {
            return Err(CeremonyError::SavedState("it has trailing bytes"));
        }
        let own = evaluate(&polynomial, index);
        if !received.get(&index).is_some_and(|s| **s == *own) {
            return Err(CeremonyError::SavedState(
                "its own share does not follow from its polynomial",
            ));
        }
        Ok(Self {
            params,
            index,
            key,
            polynomial,
            received,
        })
    }
}
