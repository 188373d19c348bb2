//! One trustee's side of the ceremony: dealing, receiving shares, and its final share.

mod saved;

use core::fmt;
use std::collections::BTreeMap;

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::scalar::Scalar;
use rand_core::CryptoRng;
use zeroize::{Zeroize, Zeroizing};

use super::answer::{complaint_transcript, Complaint};
use super::conclude::CeremonyResult;
use super::dealing::{
    committed_share, ephemeral_message, knowledge_message, share_mask, Dealing, EncryptedShare,
    EPHEMERAL_DOMAIN, KNOWLEDGE_DOMAIN,
};
use super::params::CeremonyParams;
use crate::decryption::TrusteeShare;
use crate::encoding::Point;
use crate::error::CeremonyError;
use crate::ids::TrusteeIndex;
use crate::proofs::dleq::DleqProof;
use crate::schnorr::SigningKey;

/// One trustee's side of the key ceremony: its polynomial and the shares it has received
/// (`spec/protocol.md` §12). Zeroized on drop; `Debug` prints only its index.
///
/// The ceremony is a Pedersen distributed key generation with Feldman commitments, run
/// entirely through public messages; each trustee, in turn:
///
/// 1. **deals** ([`Self::dealing`]): publishes its [`Dealing`], with a share of its secret
///    encrypted to every other trustee;
/// 2. **receives** every other dealing ([`Self::receive`]): unmasks its share and checks it
///    against the dealer's commitments, then publishes an
///    [`Acknowledgement`](crate::Acknowledgement), or a [`Complaint`] that anyone can judge;
/// 3. **finishes** ([`Self::finish`]) once anyone has computed the result from the
///    published messages ([`conclude`](crate::conclude)): its secret share is the sum of
///    the qualified dealers' shares to it.
///
/// Any `t` trustees can then decrypt; `t − 1` learn nothing of the key (see
/// `proofs/trust-model.md`, including the known bias of Pedersen's DKG and why it does not
/// weaken ElGamal encryption). Between the steps its secrets are kept with [`Self::save`]
/// and [`Self::restore`].
pub struct Trustee {
    params: CeremonyParams,
    index: TrusteeIndex,
    key: SigningKey,
    polynomial: Zeroizing<Vec<Scalar>>,
    received: BTreeMap<TrusteeIndex, Zeroizing<Scalar>>,
}

impl fmt::Debug for Trustee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trustee")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

/// `f(at)` by Horner's rule: the share `sᵢⱼ = fᵢ(j)` (`spec/protocol.md` §12.2).
fn evaluate(polynomial: &[Scalar], at: TrusteeIndex) -> Zeroizing<Scalar> {
    let x = at.scalar();
    let mut acc = Zeroizing::new(Scalar::ZERO);
    for coefficient in polynomial.iter().rev() {
        *acc = *acc * x + coefficient;
    }
    acc
}

impl Trustee {
    /// Starts trustee `index`'s part, with the communication key the definition lists for it.
    pub fn new<R: CryptoRng + ?Sized>(
        params: CeremonyParams,
        index: TrusteeIndex,
        key: SigningKey,
        rng: &mut R,
    ) -> Result<Self, CeremonyError> {
        params.validate()?;
        if params.key_of(index)? != key.verifying_key() {
            return Err(CeremonyError::UnknownTrustee(index));
        }
        let polynomial: Zeroizing<Vec<Scalar>> =
            Zeroizing::new((0..params.threshold).map(|_| Scalar::random(rng)).collect());
        let mut received = BTreeMap::new();
        received.insert(index, evaluate(&polynomial, index));
        Ok(Self {
            params,
            index,
            key,
            polynomial,
            received,
        })
    }

    /// This trustee's index `i`.
    pub fn index(&self) -> TrusteeIndex {
        self.index
    }

    /// This trustee's dealing: commitments, proof of knowledge, encrypted shares (see
    /// [`Dealing`]).
    pub fn dealing<R: CryptoRng + ?Sized>(&self, rng: &mut R) -> Dealing {
        // spec/protocol.md §12.2: Aᵢₖ = aᵢₖG; §12.3: the proof of knowledge of aᵢ₀.
        let commitments: Vec<Point> = self
            .polynomial
            .iter()
            .map(|a| Point::from_point(RISTRETTO_BASEPOINT_TABLE * a))
            .collect();
        let message = knowledge_message(&self.params.election, self.index, &commitments);
        let proof =
            SigningKey::from_scalar(self.polynomial[0]).sign(KNOWLEDGE_DOMAIN, &message, rng);
        let shares = self
            .params
            .trustees
            .iter()
            .zip(self.params.indices())
            .filter(|(_, j)| *j != self.index)
            .map(|(recipient_key, j)| {
                // spec/protocol.md §12.2: E = eG, D = e·Cⱼ, masked_share = sᵢⱼ + μ.
                // A signing key zeroizes its secret on drop: `e` is never left behind.
                let e = SigningKey::generate(rng);
                let ephemeral = *e.verifying_key().point();
                let shared = Point::from_point(recipient_key.point().point() * e.secret());
                let mask = share_mask(&self.params.election, self.index, j, &ephemeral, &shared);
                let message = ephemeral_message(&self.params.election, self.index, j);
                EncryptedShare {
                    recipient: j,
                    ephemeral,
                    masked_share: *evaluate(&self.polynomial, j) + *mask,
                    proof: e.sign(EPHEMERAL_DOMAIN, &message, rng),
                }
            })
            .collect();
        Dealing {
            dealer: self.index,
            commitments,
            proof,
            shares,
        }
    }

    /// Opens the share another trustee dealt to this one. `Ok(None)`: the share matches its
    /// commitments and is kept. `Ok(Some(complaint))`: it does not; publish the complaint.
    pub fn receive<R: CryptoRng + ?Sized>(
        &mut self,
        dealing: &Dealing,
        rng: &mut R,
    ) -> Result<Option<Complaint>, CeremonyError> {
        dealing.verify(&self.params)?;
        if dealing.dealer == self.index {
            // A board that published another dealing under this trustee's name is caught
            // here, before the trustee relies on a key it did not help make.
            let mine: Vec<Point> = self
                .polynomial
                .iter()
                .map(|a| Point::from_point(RISTRETTO_BASEPOINT_TABLE * a))
                .collect();
            if mine != dealing.commitments {
                return Err(CeremonyError::NotOwnDealing {
                    trustee: self.index,
                });
            }
            return Ok(None);
        }
        let share = dealing
            .share_for(self.index)
            .ok_or(CeremonyError::UnknownTrustee(self.index))?;
        // spec/protocol.md §12.4: D = cⱼ·E, sᵢⱼ = masked_share − μ, and
        // sᵢⱼ·G = Σₖ jᵏ·Aᵢₖ, else a complaint (§12.5) proving log_G Cⱼ = log_E D.
        let shared = Point::from_point(share.ephemeral.point() * self.key.secret());
        let mask = share_mask(
            &self.params.election,
            dealing.dealer,
            self.index,
            &share.ephemeral,
            &shared,
        );
        let value = Zeroizing::new(share.masked_share - *mask);
        if RISTRETTO_BASEPOINT_TABLE * &*value == committed_share(&dealing.commitments, self.index)
        {
            self.received.insert(dealing.dealer, value);
            return Ok(None);
        }
        let mut t = complaint_transcript(&self.params.election, dealing.dealer, self.index);
        let proof = DleqProof::prove(
            &mut t,
            self.key.secret(),
            &share.ephemeral,
            self.key.verifying_key().point(),
            &shared,
            rng,
        );
        Ok(Some(Complaint {
            dealer: dealing.dealer,
            recipient: self.index,
            shared_secret: shared,
            proof,
        }))
    }

    /// This trustee's decryption share, once the ceremony's result is known: `xⱼ = Σ_{i∈Q}
    /// sᵢⱼ`, checked against the result's verification key, `xⱼ·G = Xⱼ` (`spec/protocol.md`
    /// §12.6).
    pub fn finish(&self, result: &CeremonyResult) -> Result<TrusteeShare, CeremonyError> {
        // spec/protocol.md §12.6: xⱼ = Σ_{i∈Q} sᵢⱼ, and a trustee checks xⱼ·G = Xⱼ.
        let mut secret = Zeroizing::new(Scalar::ZERO);
        for dealer in &result.qualified {
            let share = self.received.get(dealer).ok_or(CeremonyError::BadShare {
                dealer: *dealer,
                recipient: self.index,
            })?;
            *secret += **share;
        }
        let share = TrusteeShare::new(self.index, *secret);
        let expected = result.verification_key(self.index)?;
        if share.verification_key() != *expected {
            return Err(CeremonyError::BadShare {
                dealer: self.index,
                recipient: self.index,
            });
        }
        Ok(share)
    }

    /// The dealers whose shares this trustee has received and checked (itself included).
    pub fn received_from(&self) -> impl Iterator<Item = TrusteeIndex> + '_ {
        self.received.keys().copied()
    }
}

impl Drop for Trustee {
    fn drop(&mut self) {
        for value in self.received.values_mut() {
            value.zeroize();
        }
    }
}
