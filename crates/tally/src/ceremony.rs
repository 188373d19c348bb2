//! The supervision committee's threshold key ceremony (`spec/protocol.md` §12): a Pedersen
//! distributed key generation with Feldman commitments, run through public messages.

mod answer;
mod conclude;
mod dealing;
mod params;
mod trustee;

pub use answer::{Acknowledgement, Complaint, ComplaintVerdict};
pub use conclude::{conclude, conclude_verified, CeremonyResult};
pub use dealing::{Dealing, EncryptedShare, VerifiedDealing, DEALING_HASH_DOMAIN};
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
