//! Encrypted ballots: encryption with proofs, verification (one at a time or in batches),
//! and Benaloh cast-or-audit.

mod audit;
mod cast;
mod content;
mod encrypt;
mod statement;
mod verify;

pub use audit::{
    AuditedBallot, BallotOpening, ContestCiphertexts, SelectionOpening, VerifiedAudit,
};
pub use cast::{Ballot, EncryptedContest, EncryptedSelection};
pub use encrypt::PreparedBallot;
pub use verify::{verify_ballots, VerifiedBallot};

/// Signature domain for ballots.
const SIGNATURE_DOMAIN: &[u8] = b"ballot-signature";

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use curve25519_dalek::scalar::Scalar;

    use super::*;
    use crate::credential::CredentialSecret;
    use crate::elgamal::{ElectionContext, Encryptor};
    use crate::encoding::{Commitment, ElectionHash, Point};
    use crate::error::{BallotError, BallotPart};
    use crate::ids::{ContestIndex, OptionIndex};
    use crate::proofs::range::RangeProof;
    use crate::style::{BallotStyle, ContestSpec, StyledContest};
    use crate::SigningKey;

    fn setup() -> (Encryptor, BallotStyle, CredentialSecret) {
        let mut rng = rand::rng();
        let key = SigningKey::generate(&mut rng);
        let context = ElectionContext {
            election: ElectionHash([7; 32]),
            key: crate::ElectionKey::try_from(*key.verifying_key().point()).unwrap(),
        };
        let style = BallotStyle::new(vec![StyledContest {
            contest: ContestIndex(0),
            spec: ContestSpec::up_to(5, 2),
        }])
        .unwrap();
        (
            Encryptor::new(context),
            style,
            CredentialSecret::generate(&mut rng),
        )
    }

    /// A cheating voter's device proves whatever it encrypted; the proofs must not verify.
    fn cheat(choices: Vec<u32>) -> BallotError {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let ballot = enc
            .encrypt_unchecked(&style, &[choices], &cred.public(), &mut rng)
            .cast(&cred, &mut rng)
            .unwrap();
        ballot.verify(enc.context(), &style).unwrap_err()
    }

    #[test]
    fn a_two_in_a_yes_no_selection_is_rejected() {
        assert_eq!(
            cheat(vec![0, 2, 0, 0, 0]),
            BallotError::ChallengeMismatch {
                part: BallotPart::Selection(ContestIndex(0), OptionIndex(1))
            }
        );
    }

    #[test]
    fn a_contest_over_its_limit_is_rejected() {
        assert_eq!(
            cheat(vec![1, 1, 1, 0, 0]),
            BallotError::ChallengeMismatch {
                part: BallotPart::ContestTotal(ContestIndex(0))
            }
        );
    }

    #[test]
    fn a_contest_under_its_minimum_is_rejected() {
        let (enc, _, cred) = setup();
        let style = BallotStyle::new(vec![StyledContest {
            contest: ContestIndex(0),
            spec: ContestSpec::exactly_one(3),
        }])
        .unwrap();
        let mut rng = rand::rng();
        let ballot = enc
            .encrypt_unchecked(&style, &[vec![0, 0, 0]], &cred.public(), &mut rng)
            .cast(&cred, &mut rng)
            .unwrap();
        assert_eq!(
            ballot.verify(enc.context(), &style).unwrap_err(),
            BallotError::ChallengeMismatch {
                part: BallotPart::ContestTotal(ContestIndex(0))
            }
        );
    }

    #[test]
    fn the_encryptor_refuses_choices_outside_the_style() {
        let (enc, style, cred) = setup();
        let err = enc
            .encrypt_ballot(
                &style,
                &[vec![1, 1, 1, 0, 0]],
                &cred.public(),
                &mut rand::rng(),
            )
            .unwrap_err();
        assert_eq!(
            err,
            BallotError::ChoiceOutOfRange {
                part: BallotPart::ContestTotal(ContestIndex(0)),
                value: 3,
                min: 0,
                max: 2
            }
        );
    }

    /// A forged branch with a consistent challenge sum fails the equations, and the failing
    /// part is named.
    #[test]
    fn a_commitment_that_breaks_the_equations_is_located() {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let mut ballot = enc
            .encrypt_ballot(&style, &[vec![1, 0, 0, 0, 1]], &cred.public(), &mut rng)
            .unwrap()
            .cast(&cred, &mut rng)
            .unwrap();
        // Moving value between two branches' responses keeps Σc but breaks both equations.
        let branches = &mut ballot.contests[0].selections[3].proof.branches;
        branches[0].response += Scalar::ONE;
        branches[1].response -= Scalar::ONE;
        // Re-sign so that only the proof is wrong.
        ballot.signature = cred.sign(SIGNATURE_DOMAIN, ballot.hash().as_bytes(), &mut rand::rng());
        assert_eq!(
            ballot.verify(enc.context(), &style).unwrap_err(),
            BallotError::ProofEquation {
                part: BallotPart::Selection(ContestIndex(0), OptionIndex(3))
            }
        );
    }

    #[test]
    fn the_identity_as_ciphertext_is_rejected() {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let mut ballot = enc
            .encrypt_ballot(&style, &[vec![0, 0, 0, 0, 0]], &cred.public(), &mut rng)
            .unwrap()
            .cast(&cred, &mut rng)
            .unwrap();
        ballot.contests[0].selections[2].ciphertext.a = Point::from_point(Default::default());
        assert_eq!(
            ballot.verify(enc.context(), &style).unwrap_err(),
            BallotError::IdentityCiphertext {
                part: BallotPart::Selection(ContestIndex(0), OptionIndex(2))
            }
        );
    }

    #[test]
    fn only_the_credential_the_ballot_was_encrypted_for_can_cast_it() {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let prepared = enc
            .encrypt_ballot(&style, &[vec![1, 0, 0, 0, 0]], &cred.public(), &mut rng)
            .unwrap();
        let other = CredentialSecret::generate(&mut rng);
        assert_eq!(
            prepared.cast(&other, &mut rng).unwrap_err(),
            BallotError::CredentialMismatch
        );
    }

    /// The tracking code shown before the choice is the code of the ballot cast and of the
    /// ballot audited; the hash covers neither the credential nor the proofs.
    #[test]
    fn cast_and_audit_keep_the_tracking_code_shown_before_the_choice() {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let choices = [vec![0, 1, 0, 1, 0]];
        let prepared = enc
            .encrypt_ballot(&style, &choices, &cred.public(), &mut rng)
            .unwrap();
        let shown = prepared.tracking_code();
        let ballot = prepared.cast(&cred, &mut rng).unwrap();
        assert_eq!(ballot.tracking_code(), shown);

        let prepared = enc
            .encrypt_ballot(&style, &choices, &cred.public(), &mut rng)
            .unwrap();
        let shown = prepared.tracking_code();
        let audited = prepared.audit("g");
        assert_eq!(audited.tracking_code(), shown);
        assert_eq!(audited.group, "g");
        let verified = audited.verify(&enc, &style).unwrap();
        assert_eq!(verified.choices(), &choices);
        assert_eq!(verified.hash(), &audited.hash());

        // Another credential's proofs or signature leave the hash alone.
        let mut other = ballot.clone();
        other.credential = CredentialSecret::generate(&mut rng).public();
        other.contests[0].total_proof = RangeProof {
            branches: Vec::new(),
        };
        assert_eq!(other.hash(), ballot.hash());
        other.contests[0].selections[0].ciphertext = ballot.contests[0].selections[1].ciphertext;
        assert_ne!(other.hash(), ballot.hash());
    }

    /// An opening whose values re-encrypt correctly but break the style is refused: the
    /// audit shows content the voter could not have chosen.
    #[test]
    fn an_audit_opening_outside_the_style_is_refused() {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let over = enc
            .encrypt_unchecked(&style, &[vec![1, 1, 1, 0, 0]], &cred.public(), &mut rng)
            .audit("g");
        assert_eq!(
            over.verify(&enc, &style).unwrap_err(),
            BallotError::ChoiceOutOfRange {
                part: BallotPart::ContestTotal(ContestIndex(0)),
                value: 3,
                min: 0,
                max: 2
            }
        );
        let two = enc
            .encrypt_unchecked(&style, &[vec![0, 0, 2, 0, 0]], &cred.public(), &mut rng)
            .audit("g");
        assert_eq!(
            two.verify(&enc, &style).unwrap_err(),
            BallotError::ChoiceOutOfRange {
                part: BallotPart::Selection(ContestIndex(0), OptionIndex(2)),
                value: 2,
                min: 0,
                max: 1
            }
        );
        let mut wrong = enc
            .encrypt_ballot(&style, &[vec![0, 0, 1, 0, 0]], &cred.public(), &mut rng)
            .unwrap()
            .audit("g");
        wrong.opening.contests[0][2].value = 0;
        assert_eq!(
            wrong.verify(&enc, &style).unwrap_err(),
            BallotError::OpeningMismatch {
                part: BallotPart::Selection(ContestIndex(0), OptionIndex(2))
            }
        );
    }

    /// `spec/protocol.md` §2.2, §7.1, §7.2 step 4, §9.6 step 5: a proof's commitment is read
    /// as bytes and decoded when the proof is checked. One that is no point's encoding fails
    /// there — even in a proof whose challenges still sum, as a cheating prover can arrange
    /// since the challenge is over bytes — alone and in a batch; and so does a signature
    /// whose `R` is no point.
    #[test]
    fn a_commitment_that_is_no_point_fails_its_proof() {
        let (enc, style, cred) = setup();
        let mut rng = rand::rng();
        let ballot = enc
            .encrypt_ballot(&style, &[vec![0, 1, 0, 1, 0]], &cred.public(), &mut rng)
            .unwrap()
            .cast(&cred, &mut rng)
            .unwrap();
        // 2^255 − 18 is not a canonical field element, so no point encodes as it.
        let no_point: Commitment = serde_json::from_str(
            "\"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f\"",
        )
        .unwrap();
        assert!(no_point.decode().is_err());

        let mut bad = ballot.clone();
        let contest = &mut bad.contests[0];
        contest.selections[1].proof.branches[1].commitment_a = no_point;
        // The first branch's challenge takes up the difference, so that only the
        // commitment's encoding is wrong.
        let base = statement::ballot_transcript(enc.context(), &bad.credential);
        let mut t =
            statement::selection_transcript(&statement::contest_transcript(&base, contest), 1);
        let branches = &mut contest.selections[1].proof.branches;
        let c = crate::proofs::range::challenge(&mut t, 0, 1, branches);
        branches[0].challenge = c - branches[1].challenge;
        let expected = BallotError::CommitmentEncoding {
            part: BallotPart::Selection(ContestIndex(0), OptionIndex(1)),
        };
        assert_eq!(
            bad.clone().verify(enc.context(), &style).unwrap_err(),
            expected
        );
        let batch = verify_ballots(enc.context(), vec![(bad, &style), (ballot.clone(), &style)]);
        assert_eq!(batch[0].as_ref().unwrap_err(), &expected);
        assert!(batch[1].is_ok());

        let mut unsigned = ballot.clone();
        unsigned.signature.commitment = no_point;
        assert_eq!(
            unsigned.clone().verify(enc.context(), &style).unwrap_err(),
            BallotError::CommitmentEncoding {
                part: BallotPart::Signature
            }
        );
        assert!(cred
            .public()
            .key()
            .verify(
                SIGNATURE_DOMAIN,
                unsigned.hash().as_bytes(),
                &unsigned.signature
            )
            .is_err());
        assert!(ballot.verify(enc.context(), &style).is_ok());
    }
}
