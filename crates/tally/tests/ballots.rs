//! Ballots: honest ones verify, alone and in batches; every forgery is refused with an
//! error that names what failed and where.
#![allow(clippy::unwrap_used)]

// The one ceremony runner of the test kit (crates/testkit), included by path: this crate's
// own tests cannot depend on the kit, which depends on this crate. Each test uses part of it.
#[path = "../../testkit/src/ceremony.rs"]
#[allow(dead_code)]
mod common;

use common::*;
use zhixuan_tally::*;

fn verify(
    setup: &Setup,
    style: &BallotStyle,
    ballot: Ballot,
) -> Result<VerifiedBallot, BallotError> {
    ballot.verify(setup.encryptor.context(), style)
}

/// Re-signs a tampered ballot with `credential`, so that only the tampering is wrong.
fn resign(ballot: &mut Ballot, credential: &CredentialSecret) {
    // A credential is a Schnorr key: sign as the voter's device does (spec: "Ballot signature").
    ballot.signature = signing_key(credential).sign(
        b"ballot-signature",
        ballot.hash().as_bytes(),
        &mut rand::rng(),
    );
}

fn signing_key(credential: &CredentialSecret) -> SigningKey {
    SigningKey::from_bytes(*credential.to_bytes()).unwrap()
}

#[test]
fn honest_ballots_of_every_shape_verify() {
    let setup = ceremony(election_hash(1), 3, 5);
    let style = style();
    for choices in [
        vec![vec![0, 0, 0, 0, 0], vec![1, 0, 0]],
        vec![vec![1, 0, 0, 0, 0], vec![0, 1, 0]],
        vec![vec![0, 1, 0, 1, 0], vec![0, 0, 1]],
    ] {
        let (ballot, cred) = cast(&setup, &style, &choices);
        let hash = ballot.hash();
        let verified = verify(&setup, &style, ballot).unwrap();
        assert_eq!(verified.hash(), &hash);
        assert_eq!(verified.credential(), &cred.public());
    }
}

#[test]
fn yes_no_abstain_and_counts_above_one_verify() {
    let setup = ceremony(election_hash(2), 1, 1);
    let style = BallotStyle::new(vec![
        StyledContest {
            contest: ContestIndex(3),
            spec: ContestSpec::exactly_one(3),
        },
        StyledContest {
            contest: ContestIndex(4),
            spec: ContestSpec {
                option_limits: vec![3, 3],
                min_total: 2,
                max_total: 4,
            },
        },
    ])
    .unwrap();
    let (ballot, _) = cast(&setup, &style, &[vec![0, 0, 1], vec![3, 1]]);
    verify(&setup, &style, ballot).unwrap();
}

/// The prover handles the true branch apart from the others without branching on it, so
/// every count must work in every position of a range, at either end and in between, with
/// ranges that start above zero; the audit re-encrypts each count the plain way and must
/// find the same ciphertexts.
#[test]
fn every_count_in_every_position_of_a_range_verifies_and_opens_to_itself() {
    let setup = ceremony(election_hash(3), 1, 1);
    for (limit, min_total, max_total) in [(1, 0, 2), (1, 2, 2), (2, 1, 3), (4, 0, 8), (4, 3, 5)] {
        let style = BallotStyle::new(vec![StyledContest {
            contest: ContestIndex(0),
            spec: ContestSpec {
                option_limits: vec![limit, limit],
                min_total,
                max_total,
            },
        }])
        .unwrap();
        for a in 0..=limit {
            for b in (0..=limit).filter(|b| (min_total..=max_total).contains(&(a + b))) {
                let choices = vec![vec![a, b]];
                let (prepared, _) = prepare(&setup, &style, &choices);
                let audited = prepared.audit("g");
                let opened = audited.verify(&setup.encryptor, &style).unwrap();
                assert_eq!(opened.choices(), &choices[..], "limit {limit}, {a} + {b}");
            }
        }
    }
}

#[test]
fn a_ballot_for_another_election_is_refused() {
    let setup = ceremony(election_hash(3), 1, 1);
    let other = ceremony(election_hash(4), 1, 1);
    let style = five_choose_two();
    let (ballot, _) = cast(&setup, &style, &[vec![1, 0, 0, 0, 0]]);
    assert!(matches!(
        verify(&other, &style, ballot.clone()),
        Err(BallotError::WrongElection { .. })
    ));
    // Relabelled for the other election and re-signed: the proofs still name the first.
    let (_, cred) = cast(&setup, &style, &[vec![0; 5]]);
    let mut moved = ballot;
    moved.election = election_hash(4);
    moved.credential = cred.public();
    resign(&mut moved, &cred);
    assert_eq!(
        verify(&other, &style, moved).unwrap_err(),
        BallotError::ChallengeMismatch {
            part: BallotPart::Selection(ContestIndex(0), OptionIndex(0))
        }
    );
}

#[test]
fn a_ballot_copied_under_another_credential_is_refused() {
    let setup = ceremony(election_hash(5), 2, 3);
    let style = five_choose_two();
    let (ballot, _) = cast(&setup, &style, &[vec![0, 1, 0, 0, 1]]);
    let (_, thief) = cast(&setup, &style, &[vec![0; 5]]);
    let mut copy = ballot;
    copy.credential = thief.public();
    resign(&mut copy, &thief);
    assert_eq!(
        verify(&setup, &style, copy).unwrap_err(),
        BallotError::ChallengeMismatch {
            part: BallotPart::Selection(ContestIndex(0), OptionIndex(0))
        }
    );
}

#[test]
fn a_proof_moved_to_another_contest_or_option_is_refused() {
    let setup = ceremony(election_hash(6), 1, 1);
    let style = BallotStyle::new(vec![
        StyledContest {
            contest: ContestIndex(0),
            spec: ContestSpec::exactly_one(2),
        },
        StyledContest {
            contest: ContestIndex(1),
            spec: ContestSpec::exactly_one(2),
        },
    ])
    .unwrap();
    let (ballot, cred) = cast(&setup, &style, &[vec![1, 0], vec![0, 1]]);
    // Swap the two contests' contents, keeping their indices in order.
    let mut swapped = ballot.clone();
    let (c0, c1) = (swapped.contests[0].clone(), swapped.contests[1].clone());
    swapped.contests[0].selections = c1.selections;
    swapped.contests[0].total_proof = c1.total_proof;
    swapped.contests[1].selections = c0.selections;
    swapped.contests[1].total_proof = c0.total_proof;
    resign(&mut swapped, &cred);
    assert!(matches!(
        verify(&setup, &style, swapped).unwrap_err(),
        BallotError::ChallengeMismatch { .. }
    ));
    // Swap the two options of one contest, with their proofs.
    let mut options = ballot;
    options.contests[0].selections.swap(0, 1);
    resign(&mut options, &cred);
    assert_eq!(
        verify(&setup, &style, options).unwrap_err(),
        BallotError::ChallengeMismatch {
            part: BallotPart::Selection(ContestIndex(0), OptionIndex(0))
        }
    );
}

#[test]
fn a_tampered_challenge_or_response_is_refused() {
    let setup = ceremony(election_hash(7), 1, 1);
    let style = five_choose_two();
    let (ballot, cred) = cast(&setup, &style, &[vec![1, 1, 0, 0, 0]]);
    let mut challenge = ballot.clone();
    challenge.contests[0].selections[2].proof.branches[1].challenge +=
        curve25519_dalek::Scalar::ONE;
    resign(&mut challenge, &cred);
    assert_eq!(
        verify(&setup, &style, challenge).unwrap_err(),
        BallotError::ChallengeMismatch {
            part: BallotPart::Selection(ContestIndex(0), OptionIndex(2))
        }
    );
    let mut response = ballot;
    response.contests[0].total_proof.branches[0].response += curve25519_dalek::Scalar::ONE;
    resign(&mut response, &cred);
    assert_eq!(
        verify(&setup, &style, response).unwrap_err(),
        BallotError::ProofEquation {
            part: BallotPart::ContestTotal(ContestIndex(0))
        }
    );
}

#[test]
fn a_signature_that_does_not_match_is_refused() {
    let setup = ceremony(election_hash(8), 1, 1);
    let style = five_choose_two();
    let (ballot, _) = cast(&setup, &style, &[vec![1, 0, 0, 0, 0]]);
    let (other, _) = cast(&setup, &style, &[vec![1, 0, 0, 0, 0]]);
    let mut forged = ballot;
    forged.signature = other.signature;
    assert_eq!(
        verify(&setup, &style, forged).unwrap_err(),
        BallotError::ProofEquation {
            part: BallotPart::Signature
        }
    );
}

/// The attack of issue 14: a board that swallows an audit attaches the voter's credential
/// and a signature the voter made over another ballot. The hash is the audit's, which no
/// credential ever signed, so the signature fails.
#[test]
fn an_audited_ballot_cannot_be_turned_into_a_cast_one() {
    let setup = ceremony(election_hash(15), 1, 1);
    let style = five_choose_two();
    let mut rng = rand::rng();
    let (prepared, voter) = prepare(&setup, &style, &[vec![0, 1, 0, 0, 0]]);
    // The strongest board: it even holds the proofs, which an audit does not publish.
    let contests = prepared.contests().to_vec();
    let audited = prepared.audit("g");
    let real = setup
        .encryptor
        .encrypt_ballot(&style, &[vec![1, 0, 0, 0, 0]], &voter.public(), &mut rng)
        .unwrap()
        .cast(&voter, &mut rng)
        .unwrap();
    let converted = Ballot {
        election: audited.election,
        credential: voter.public(),
        contests,
        signature: real.signature.clone(),
    };
    assert_eq!(converted.hash(), audited.hash());
    assert_eq!(
        verify(&setup, &style, converted).unwrap_err(),
        BallotError::ProofEquation {
            part: BallotPart::Signature
        }
    );
}

#[test]
fn a_ballot_of_the_wrong_shape_is_refused() {
    let setup = ceremony(election_hash(9), 1, 1);
    let style = style();
    let (ballot, _) = cast(&setup, &style, &[vec![0; 5], vec![1, 0, 0]]);
    let mut short = ballot.clone();
    short.contests.pop();
    assert_eq!(
        verify(&setup, &style, short).unwrap_err(),
        BallotError::LenMismatch {
            collection: "contests",
            expected: 2,
            actual: 1
        }
    );
    let mut branches = ballot;
    branches.contests[1].selections[0].proof.branches.pop();
    assert_eq!(
        verify(&setup, &style, branches).unwrap_err(),
        BallotError::ProofShape {
            part: BallotPart::Selection(ContestIndex(1), OptionIndex(0)),
            expected: 2,
            actual: 1
        }
    );
}

#[test]
fn non_canonical_encodings_are_refused_when_parsed() {
    let setup = ceremony(election_hash(10), 1, 1);
    let (ballot, _) = cast(&setup, &five_choose_two(), &[vec![0; 5]]);
    let json = serde_json::to_string(&ballot).unwrap();
    assert_eq!(serde_json::from_str::<Ballot>(&json).unwrap(), ballot);
    // A borrowed parsed value lends its strings as the text does; owned input (a reader,
    // an owned value) cannot show that no hex digit was escaped, and is refused
    // (spec/protocol.md §2.5; tests/json_text.rs).
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        <Ballot as serde::Deserialize>::deserialize(&value).unwrap(),
        ballot
    );
    assert!(serde_json::from_reader::<_, Ballot>(json.as_bytes()).is_err());
    let extra = json.replacen("\"signature\":{", "\"signature\":{\"extra\":1,", 1);
    assert!(serde_json::from_str::<Ballot>(&extra).is_err());

    let a = ballot.contests[0].selections[0].ciphertext.a.to_string();
    // 2^255 − 18 is the field's −1 + p: not a canonical field element, so not a point.
    let non_canonical = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
    let err = serde_json::from_str::<Ballot>(&json.replacen(&a, non_canonical, 1)).unwrap_err();
    assert!(
        err.to_string()
            .contains("not a canonical Ristretto255 point"),
        "{err}"
    );

    let upper = format!(
        "{}{}",
        &a[..63],
        &a[63..]
            .to_uppercase()
            .replace(|c: char| c.is_ascii_digit(), "F")
    );
    let err = serde_json::from_str::<Ballot>(&json.replacen(&a, &upper, 1)).unwrap_err();
    assert!(err.to_string().contains("lowercase hexadecimal"), "{err}");

    let z = hex::encode(
        ballot.contests[0].selections[0].proof.branches[0]
            .response
            .as_bytes(),
    );
    // ℓ itself, unreduced.
    let ell = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
    let err = serde_json::from_str::<Ballot>(&json.replacen(&z, ell, 1)).unwrap_err();
    assert!(err.to_string().contains("not a canonical scalar"), "{err}");

    let unknown = json.replacen("\"election\"", "\"extra\":1,\"election\"", 1);
    assert!(serde_json::from_str::<Ballot>(&unknown).is_err());
}

#[test]
fn the_batch_verifier_names_the_bad_ballots_among_thousands() {
    let setup = ceremony(election_hash(11), 3, 5);
    let style = five_choose_two();
    let template: Vec<(Ballot, CredentialSecret)> = (0..40)
        .map(|i| {
            let choices = vec![(0..5).map(|o| u32::from((i + o) % 4 == 0)).collect()];
            let (b, c) = cast(&setup, &style, &choices);
            (b, c)
        })
        .collect();
    // Thousands of ballots, cheaply: the same valid ballots repeated (verification does not
    // care about duplicates; the board and verifier refuse them by credential).
    let mut ballots: Vec<Ballot> = (0..2000).map(|i| template[i % 40].0.clone()).collect();
    let bad = [17usize, 1033, 1999];
    ballots[17].contests[0].selections[1].proof.branches[0].response +=
        curve25519_dalek::Scalar::ONE;
    ballots[17].contests[0].selections[1].proof.branches[1].response -=
        curve25519_dalek::Scalar::ONE;
    resign(&mut ballots[17], &template[17].1);
    ballots[1033].signature = template[0].0.signature.clone();
    ballots[1999].election = election_hash(99);
    let results = verify_ballots(
        setup.encryptor.context(),
        ballots.into_iter().map(|b| (b, &style)).collect(),
    );
    assert_eq!(results.len(), 2000);
    let failed: Vec<usize> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_err())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(failed, bad);
    assert_eq!(
        results[17].as_ref().unwrap_err(),
        &BallotError::ProofEquation {
            part: BallotPart::Selection(ContestIndex(0), OptionIndex(1))
        }
    );
    assert_eq!(
        results[1033].as_ref().unwrap_err(),
        &BallotError::ProofEquation {
            part: BallotPart::Signature
        }
    );
    assert!(matches!(
        results[1999].as_ref().unwrap_err(),
        BallotError::WrongElection { .. }
    ));
}

#[test]
fn an_audited_ballot_shows_what_it_held_and_a_false_opening_is_caught() {
    let setup = ceremony(election_hash(12), 2, 3);
    let style = style();
    let choices = vec![vec![0, 1, 0, 0, 1], vec![0, 0, 1]];
    let (prepared, cred) = prepare(&setup, &style, &choices);
    let shown = *prepared.hash();
    let audited = prepared.audit("g");
    let json = serde_json::to_string(&audited).unwrap();
    let parsed: AuditedBallot = serde_json::from_str(&json).unwrap();
    let verified = parsed.verify(&setup.encryptor, &style).unwrap();
    assert_eq!(verified.choices(), &choices[..]);
    assert_eq!(verified.hash(), &shown);

    // Published without the credential, any proof (each names the credential) or signature.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["contests", "election", "group", "opening"]);
    assert_eq!(
        value["contests"][0]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["ciphertexts", "contest"]
    );
    let credential = serde_json::to_value(cred.public()).unwrap();
    assert!(!json.contains(credential.as_str().unwrap()));

    let mut lie = audited;
    lie.opening.contests[0][1].value = 0;
    lie.opening.contests[0][0].value = 1;
    assert_eq!(
        lie.verify(&setup.encryptor, &style).unwrap_err(),
        BallotError::OpeningMismatch {
            part: BallotPart::Selection(ContestIndex(0), OptionIndex(0))
        }
    );
}

#[test]
fn tracking_codes_are_short_stable_and_forgiving_to_type() {
    let setup = ceremony(election_hash(13), 1, 1);
    let (ballot, _) = cast(&setup, &five_choose_two(), &[vec![0; 5]]);
    let code = ballot.tracking_code();
    let text = code.to_string();
    assert_eq!(text.len(), 19);
    assert_eq!(text.matches('-').count(), 3);
    assert!(code.matches(&ballot.hash()));
    assert_eq!(text.parse::<TrackingCode>().unwrap(), code);
    let sloppy = text
        .to_lowercase()
        .replace('-', " ")
        .replace('0', "o")
        .replace('1', "l");
    assert_eq!(sloppy.parse::<TrackingCode>().unwrap(), code);
    assert_eq!(
        "ABCD-EFGH".parse::<TrackingCode>().unwrap_err(),
        TrackingCodeError::Length(8)
    );
    assert_eq!(
        "ABCD-EFGH-JKMN-PQRU".parse::<TrackingCode>().unwrap_err(),
        TrackingCodeError::Character('U')
    );
    // A different ballot has a different code.
    let (other, _) = cast(&setup, &five_choose_two(), &[vec![0; 5]]);
    assert_ne!(other.tracking_code(), code);
}

#[test]
fn secrets_print_nothing_secret() {
    let setup = ceremony(election_hash(14), 2, 3);
    let (prepared, cred) = prepare(&setup, &five_choose_two(), &[vec![0, 0, 1, 0, 0]]);
    let cred_hex = hex::encode(*cred.to_bytes());
    assert!(!format!("{cred:?}").contains(&cred_hex));
    let prepared_debug = format!("{prepared:?}");
    let opening = prepared.audit("g").opening;
    assert_eq!(format!("{opening:?}"), "BallotOpening(..)");
    for selection in opening.contests.iter().flatten() {
        let nonce = serde_json::to_value(selection).unwrap()["nonce"].clone();
        assert!(!prepared_debug.contains(nonce.as_str().unwrap()));
    }
    let share = &setup.shares[0];
    let share_json = serde_json::to_value(share).unwrap();
    let secret = share_json["secret"].as_str().unwrap().to_owned();
    assert!(!format!("{share:?}").contains(&secret));
}
