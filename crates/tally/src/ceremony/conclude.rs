//! The ceremony's result, computed by anyone from its published messages.

use std::collections::BTreeMap;

use curve25519_dalek::ristretto::RistrettoPoint;
use serde::{Deserialize, Serialize};

use super::answer::{Complaint, ComplaintVerdict};
use super::dealing::{committed_share, Dealing, VerifiedDealing};
use super::params::CeremonyParams;
use crate::elgamal::ElectionKey;
use crate::encoding::Point;
use crate::error::CeremonyError;
use crate::ids::TrusteeIndex;

/// The ceremony's outcome, computable by anyone from its public messages with
/// [`conclude`] (`spec/protocol.md` §12.6).
///
/// With `Q` the qualified dealers, the election key and trustee `j`'s verification key are
///
/// ```text
/// K  = Σ_{i∈Q} Aᵢ₀
/// Xⱼ = Σ_{i∈Q} Σ_{k=0}^{t−1} jᵏ·Aᵢₖ
/// ```
///
/// Trustee `j`'s secret share `xⱼ = Σ_{i∈Q} sᵢⱼ` satisfies `xⱼ·G = Xⱼ`, and any `t` of the
/// `xⱼ` determine the secret `x = Σ_{i∈Q} aᵢ₀` with `K = xG`.
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
    /// The election key `K = Σ_{i∈Q} Aᵢ₀`.
    pub election_key: ElectionKey,
    /// Trustee `i`'s verification key is `verification_keys[i − 1]`.
    pub verification_keys: Vec<Point>,
}

impl CeremonyResult {
    /// Trustee `trustee`'s verification key `Xⱼ`, or [`CeremonyError::UnknownTrustee`].
    pub fn verification_key(&self, trustee: TrusteeIndex) -> Result<&Point, CeremonyError> {
        (trustee.0 as usize)
            .checked_sub(1)
            .and_then(|i| self.verification_keys.get(i))
            .ok_or(CeremonyError::UnknownTrustee(trustee))
    }
}

/// Computes the ceremony's result from every dealing and complaint published. Fails if any
/// message is invalid: a board must not have accepted it, and a verifier must say so.
///
/// In order (`spec/protocol.md` §12.6): the parameters are valid; every dealing passes
/// [`Dealing::verify`], then no dealer dealt twice; every complaint names a dealer that
/// dealt and passes [`Complaint::verify`]. The dealers with a dealer-at-fault verdict are
/// disqualified, the trustees without a dealing absent, and the other dealers qualified
/// (`Q`, which must not be empty); then `K` and every `Xⱼ` as on [`CeremonyResult`].
pub fn conclude(
    params: &CeremonyParams,
    dealings: &[Dealing],
    complaints: &[Complaint],
) -> Result<CeremonyResult, CeremonyError> {
    // spec/protocol.md §12.6 steps 1–2.
    params.validate()?;
    let verified = dealings
        .iter()
        .map(|d| d.clone().verified(params))
        .collect::<Result<Vec<_>, _>>()?;
    conclude_verified(params, &verified, complaints)
}

/// [`conclude`] from dealings each verified already ([`Dealing::verified`]) against these
/// same parameters; a dealing verified against others fails with
/// [`CeremonyError::DealingParams`].
pub fn conclude_verified<'a>(
    params: &CeremonyParams,
    dealings: impl IntoIterator<Item = &'a VerifiedDealing>,
    complaints: &[Complaint],
) -> Result<CeremonyResult, CeremonyError> {
    // spec/protocol.md §12.6 steps 1–3.
    params.validate()?;
    let mut by_dealer: BTreeMap<TrusteeIndex, &Dealing> = BTreeMap::new();
    for verified in dealings {
        let d = verified.dealing();
        if !verified.verified_for(params) {
            return Err(CeremonyError::DealingParams { dealer: d.dealer });
        }
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
    // spec/protocol.md §12.6 steps 4–5.
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
    // spec/protocol.md §12.6 step 6: K = Σ_{i∈Q} Aᵢ₀, never the identity.
    let key_point: RistrettoPoint = qualified
        .iter()
        .filter_map(|i| by_dealer.get(i))
        .map(|d| d.commitments[0].point())
        .sum();
    let election_key = ElectionKey::try_from(Point::from_point(key_point))
        .map_err(|_| CeremonyError::NoQualifiedDealer)?;
    // spec/protocol.md §12.6 step 7: Xⱼ = Σ_{i∈Q} Σₖ jᵏ·Aᵢₖ for every trustee j.
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
