//! The supervision committee's threshold key ceremony: a Pedersen distributed key
//! generation with Feldman commitments, run entirely through public messages.
//!
//! # Construction
//!
//! `n` trustees, threshold `t`; trustee `i` (1-based) has a communication key
//! `Cᵢ = cᵢG` published in the election definition.
//!
//! 1. **Dealing.** Trustee `i` picks a random polynomial `fᵢ(z) = aᵢ₀ + aᵢ₁z + … + aᵢ,ₜ₋₁zᵗ⁻¹`
//!    and publishes a [`Dealing`]: the Feldman commitments `Aᵢₖ = aᵢₖG`; a Schnorr proof of
//!    knowledge of `aᵢ₀` (a signature under `Aᵢ₀`, domain `dealer-knowledge`, over the
//!    canonical encoding of election hash, dealer index and commitments); and for every other
//!    trustee `j` the share `sᵢⱼ = fᵢ(j)` encrypted to `Cⱼ`: a random `e`, `E = eG`,
//!    `D = eCⱼ`, and `sᵢⱼ + μ` where the mask `μ` is the `mask` challenge of a transcript
//!    with `dom-sep` = `share-mask`, `election`, `dealer`, `recipient` (u64), `ephemeral` =
//!    `E`, `shared-secret` = `D`. Each encrypted share carries a Schnorr proof of knowledge
//!    of `e` (a signature under `E`, domain `share-ephemeral`, over election hash, dealer
//!    and recipient), so that no dealer can use an ephemeral point whose
//!    discrete logarithm it does not know (`spec/protocol.md` §12.2, `proofs/ceremony.md` §4).
//! 2. **Checking.** Trustee `j` computes `D = cⱼE`, unmasks `sᵢⱼ`, and checks
//!    `sᵢⱼG = Σₖ jᵏ·Aᵢₖ`. If that fails it publishes a [`Complaint`]: `D` with a
//!    Chaum–Pedersen proof that `log_G Cⱼ = log_E D` (transcript `share-complaint`, binding
//!    election, dealer and recipient). Anyone can then unmask the share and see whether it
//!    matches the commitments: if it does not, the dealer is disqualified; if it does, the
//!    complaint is unfounded and the dealer stays.
//! 3. **Result** (computable by anyone from the messages, see [`conclude`]): the qualified
//!    dealers `Q` are those who dealt and drew no valid complaint. The election key is
//!    `K = Σ_{i∈Q} Aᵢ₀`; trustee `j`'s secret share is `xⱼ = Σ_{i∈Q} sᵢⱼ` and its
//!    verification key `Xⱼ = xⱼG = Σ_{i∈Q} Σₖ jᵏ·Aᵢₖ`.
//!
//! Any `t` trustees can decrypt; `t − 1` learn nothing of the key (see
//! `proofs/trust-model.md`, including the known bias of Pedersen's DKG and why it does not
//! weaken ElGamal encryption).

mod answer;
mod conclude;
mod dealing;
mod params;
mod trustee;

pub use answer::{Acknowledgement, Complaint, ComplaintVerdict};
pub use conclude::{conclude, CeremonyResult};
pub use dealing::{Dealing, EncryptedShare, DEALING_HASH_DOMAIN};
pub use params::CeremonyParams;
pub use trustee::Trustee;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::answer::complaint_transcript;
    use super::*;
    use crate::encoding::{ElectionHash, Point};
    use crate::ids::TrusteeIndex;
    use crate::proofs::dleq::DleqProof;
    use crate::schnorr::SigningKey;

    /// A trustee who complains about a share that is in fact correct: anyone can see the
    /// complaint is unfounded, and the dealer stays qualified.
    #[test]
    fn an_unfounded_complaint_leaves_the_dealer_qualified() {
        let mut rng = rand::rng();
        let keys: Vec<SigningKey> = (0..3).map(|_| SigningKey::generate(&mut rng)).collect();
        let params = CeremonyParams::new(
            ElectionHash([3; 32]),
            2,
            keys.iter().map(|k| k.verifying_key().clone()).collect(),
        )
        .unwrap();
        let trustees: Vec<Trustee> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                Trustee::new(
                    params.clone(),
                    TrusteeIndex(i as u32 + 1),
                    k.clone(),
                    &mut rng,
                )
                .unwrap()
            })
            .collect();
        let dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(&mut rng)).collect();
        // Trustee 2 builds a complaint against trustee 1's honest share, as `receive` would.
        let complainer = &keys[1];
        let share = dealings[0].share_for(TrusteeIndex(2)).unwrap();
        let shared = Point::from_point(share.ephemeral.point() * complainer.secret());
        let mut t = complaint_transcript(&params.election, TrusteeIndex(1), TrusteeIndex(2));
        let proof = DleqProof::prove(
            &mut t,
            complainer.secret(),
            &share.ephemeral,
            complainer.verifying_key().point(),
            &shared,
            &mut rng,
        );
        let complaint = Complaint {
            dealer: TrusteeIndex(1),
            recipient: TrusteeIndex(2),
            shared_secret: shared,
            proof,
        };
        assert_eq!(
            complaint.verify(&params, &dealings[0]).unwrap(),
            ComplaintVerdict::Unfounded
        );
        let result = conclude(&params, &dealings, &[complaint]).unwrap();
        assert_eq!(
            result.qualified,
            vec![TrusteeIndex(1), TrusteeIndex(2), TrusteeIndex(3)]
        );
        assert_eq!(
            result.unfounded_complaints,
            vec![(TrusteeIndex(2), TrusteeIndex(1))]
        );
    }
}
