//! The ceremony's result, computed by anyone from its published messages.

use std::collections::BTreeMap;

use curve25519_dalek::ristretto::RistrettoPoint;
use serde::{Deserialize, Serialize};

use super::answer::{Complaint, ComplaintVerdict};
use super::dealing::{committed_share, Dealing};
use super::params::CeremonyParams;
use crate::elgamal::ElectionKey;
use crate::encoding::Point;
use crate::error::CeremonyError;
use crate::ids::TrusteeIndex;

/// The ceremony's outcome, computable by anyone from its public messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CeremonyResult {
    /// Dealers whose polynomials make up the key.
    pub qualified: Vec<TrusteeIndex>,
    /// Dealers with a valid complaint against them.
    pub disqualified: Vec<TrusteeIndex>,
    /// Trustees who published no dealing.
    pub absent: Vec<TrusteeIndex>,
    /// Complaints that turned out unfounded, as (recipient, dealer).
    pub unfounded_complaints: Vec<(TrusteeIndex, TrusteeIndex)>,
    pub election_key: ElectionKey,
    /// Trustee `i`'s verification key is `verification_keys[i − 1]`.
    pub verification_keys: Vec<Point>,
}

impl CeremonyResult {
    pub fn verification_key(&self, trustee: TrusteeIndex) -> Result<&Point, CeremonyError> {
        (trustee.0 as usize)
            .checked_sub(1)
            .and_then(|i| self.verification_keys.get(i))
            .ok_or(CeremonyError::UnknownTrustee(trustee))
    }
}

/// Computes the ceremony's result from every dealing and complaint published. Fails if any
/// message is invalid: a board must not have accepted it, and a verifier must say so.
pub fn conclude(
    params: &CeremonyParams,
    dealings: &[Dealing],
    complaints: &[Complaint],
) -> Result<CeremonyResult, CeremonyError> {
    params.validate()?;
    let mut by_dealer: BTreeMap<TrusteeIndex, &Dealing> = BTreeMap::new();
    for d in dealings {
        d.verify(params)?;
        if by_dealer.insert(d.dealer, d).is_some() {
            return Err(CeremonyError::DuplicateDealing { dealer: d.dealer });
        }
    }
    let mut disqualified = Vec::new();
    let mut unfounded_complaints = Vec::new();
    for c in complaints {
        let dealing = by_dealer.get(&c.dealer).ok_or(CeremonyError::Complaint {
            dealer: c.dealer,
            recipient: c.recipient,
            problem: "the dealer published no dealing",
        })?;
        match c.verify(params, dealing)? {
            ComplaintVerdict::DealerAtFault => disqualified.push(c.dealer),
            ComplaintVerdict::Unfounded => unfounded_complaints.push((c.recipient, c.dealer)),
        }
    }
    disqualified.sort();
    disqualified.dedup();
    let absent: Vec<TrusteeIndex> = params
        .indices()
        .filter(|i| !by_dealer.contains_key(i))
        .collect();
    let qualified: Vec<TrusteeIndex> = by_dealer
        .keys()
        .copied()
        .filter(|i| !disqualified.contains(i))
        .collect();
    if qualified.is_empty() {
        return Err(CeremonyError::NoQualifiedDealer);
    }
    let key_point: RistrettoPoint = qualified
        .iter()
        .filter_map(|i| by_dealer.get(i))
        .map(|d| d.commitments[0].point())
        .sum();
    let election_key = ElectionKey::try_from(Point::from_point(key_point))
        .map_err(|_| CeremonyError::NoQualifiedDealer)?;
    let verification_keys = params
        .indices()
        .map(|j| {
            let sum: RistrettoPoint = qualified
                .iter()
                .filter_map(|i| by_dealer.get(i))
                .map(|d| committed_share(&d.commitments, j))
                .sum();
            Point::from_point(sum)
        })
        .collect();
    Ok(CeremonyResult {
        qualified,
        disqualified,
        absent,
        unfounded_complaints,
        election_key,
        verification_keys,
    })
}
