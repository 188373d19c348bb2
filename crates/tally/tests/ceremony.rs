//! The key ceremony and threshold decryption: honest runs decrypt exactly with every
//! t-subset; a wrong share is caught by a complaint anyone can check; a wrong partial
//! decryption is named; too few trustees cannot decrypt.
#![allow(clippy::unwrap_used)]

// The one ceremony runner of the test kit (crates/testkit), included by path: this crate's
// own tests cannot depend on the kit, which depends on this crate. Each test uses part of it.
#[path = "../../testkit/src/ceremony.rs"]
#[allow(dead_code)]
mod common;

use common::*;
use curve25519_dalek::Scalar;
use zhixuan_tally::*;

fn subsets(n: u32, k: usize) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    fn go(start: u32, n: u32, k: usize, current: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
        if current.len() == k {
            out.push(current.clone());
            return;
        }
        for i in start..=n {
            current.push(i);
            go(i + 1, n, k, current, out);
            current.pop();
        }
    }
    go(1, n, k, &mut current, &mut out);
    out
}

fn tally_of(setup: &Setup, style: &BallotStyle, ballots: &[Vec<Vec<u32>>]) -> TallyAccumulator {
    let mut acc = TallyAccumulator::new(style);
    for choices in ballots {
        let (b, _) = cast(setup, style, choices);
        let v = b.verify(setup.encryptor.context(), style).unwrap();
        acc.add(&v, 1).unwrap();
    }
    acc
}

#[test]
fn every_three_of_five_subset_decrypts_the_exact_counts() {
    let setup = ceremony(election_hash(20), 3, 5);
    assert_eq!(setup.result.qualified.len(), 5);
    assert!(setup.result.absent.is_empty() && setup.result.disqualified.is_empty());
    let style = style();
    let ballots = vec![
        vec![vec![1, 1, 0, 0, 0], vec![1, 0, 0]],
        vec![vec![0, 1, 0, 0, 1], vec![1, 0, 0]],
        vec![vec![0, 1, 0, 0, 0], vec![0, 0, 1]],
        vec![vec![0, 0, 0, 0, 0], vec![0, 1, 0]],
    ];
    let acc = tally_of(&setup, &style, &ballots);
    let tally = acc.finish();
    assert_eq!(tally.ballots, 4);
    let expected = vec![1, 3, 0, 0, 1, 2, 1, 1];
    let sets = subsets(5, 3);
    assert_eq!(sets.len(), 10);
    for set in sets {
        assert_eq!(
            decrypt(&setup, &tally, &set, acc.bound()),
            expected,
            "trustees {set:?}"
        );
    }
    // More than t trustees also decrypt the same counts.
    assert_eq!(
        decrypt(&setup, &tally, &[1, 2, 3, 4, 5], acc.bound()),
        expected
    );
}

#[test]
fn the_keys_follow_from_the_published_commitments() {
    let setup = ceremony(election_hash(21), 2, 3);
    for share in &setup.shares {
        assert_eq!(
            &share.verification_key(),
            setup.result.verification_key(share.index()).unwrap()
        );
    }
    assert!(setup.result.verification_key(TrusteeIndex(4)).is_err());
    assert!(setup.result.verification_key(TrusteeIndex(0)).is_err());
}

#[test]
fn too_few_trustees_cannot_decrypt() {
    let setup = ceremony(election_hash(22), 3, 5);
    let style = five_choose_two();
    let tally = tally_of(&setup, &style, &[vec![vec![1, 0, 0, 0, 0]]]).finish();
    let cts = tally.ciphertexts();
    let parts: Vec<_> = [1u32, 4]
        .iter()
        .map(|&i| {
            setup.shares[i as usize - 1]
                .decrypt(&setup.params.election, &cts, &mut rand::rng())
                .verify(
                    &setup.params.election,
                    setup.result.verification_key(TrusteeIndex(i)).unwrap(),
                    &cts,
                )
                .unwrap()
        })
        .collect();
    assert_eq!(
        combine(3, &cts, &parts, 10).unwrap_err(),
        DecryptionError::TooFewTrustees { have: 2, need: 3 }
    );
    let twice = vec![parts[0].clone(), parts[0].clone(), parts[1].clone()];
    assert_eq!(
        combine(3, &cts, &twice, 10).unwrap_err(),
        DecryptionError::DuplicateTrustee(TrusteeIndex(1))
    );
}

#[test]
fn a_wrong_partial_decryption_is_named() {
    let setup = ceremony(election_hash(23), 3, 5);
    let style = five_choose_two();
    let tally = tally_of(&setup, &style, &[vec![vec![0, 0, 1, 1, 0]]]).finish();
    let cts = tally.ciphertexts();
    let election = setup.params.election;
    let mut partial = setup.shares[1].decrypt(&election, &cts, &mut rand::rng());
    // Trustee 2 publishes trustee 3's share for position 3.
    let other = setup.shares[2].decrypt(&election, &cts, &mut rand::rng());
    partial.shares[3] = other.shares[3].clone();
    let key = setup.result.verification_key(TrusteeIndex(2)).unwrap();
    assert_eq!(
        partial.clone().verify(&election, key, &cts).unwrap_err(),
        DecryptionError::Proof {
            trustee: TrusteeIndex(2),
            position: 3
        }
    );
    // Shares checked against another trustee's key do not pass either.
    let key3 = setup.result.verification_key(TrusteeIndex(3)).unwrap();
    let honest = setup.shares[1].decrypt(&election, &cts, &mut rand::rng());
    assert!(honest.verify(&election, key3, &cts).is_err());
    // Nor in another election.
    let honest = setup.shares[1].decrypt(&election, &cts, &mut rand::rng());
    assert!(honest.verify(&election_hash(99), key, &cts).is_err());
    // A missing share is a length mismatch, not a panic.
    partial.shares.pop();
    assert!(matches!(
        partial.verify(&election, key, &cts).unwrap_err(),
        DecryptionError::LenMismatch { .. }
    ));
}

#[test]
fn a_wrong_share_draws_a_complaint_that_disqualifies_the_dealer() {
    let mut rng = rand::rng();
    let election = election_hash(24);
    let (params, mut trustees) = trustees(election, 3, 5);
    let mut dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(&mut rng)).collect();
    // Trustee 4 sends trustee 2 a wrong share; its dealing is otherwise well formed.
    let share = dealings[3]
        .shares
        .iter_mut()
        .find(|s| s.recipient == TrusteeIndex(2))
        .unwrap();
    share.masked_share += Scalar::ONE;
    dealings[3].verify(&params).unwrap();

    let mut complaints = Vec::new();
    for trustee in &mut trustees {
        for d in &dealings {
            if let Some(c) = trustee.receive(d, &mut rng).unwrap() {
                complaints.push(c);
            }
        }
    }
    assert_eq!(complaints.len(), 1);
    let complaint = &complaints[0];
    assert_eq!(
        (complaint.dealer, complaint.recipient),
        (TrusteeIndex(4), TrusteeIndex(2))
    );
    // Anyone can check the complaint from public data.
    let json = serde_json::to_string(complaint).unwrap();
    let parsed: Complaint = serde_json::from_str(&json).unwrap();
    assert_eq!(
        parsed.verify(&params, &dealings[3]).unwrap(),
        ComplaintVerdict::DealerAtFault
    );

    let result = conclude(&params, &dealings, &complaints).unwrap();
    assert_eq!(result.disqualified, vec![TrusteeIndex(4)]);
    assert_eq!(
        result.qualified,
        vec![
            TrusteeIndex(1),
            TrusteeIndex(2),
            TrusteeIndex(3),
            TrusteeIndex(5)
        ]
    );

    // The ceremony still yields a working key: every trustee, the dealer too, holds a share.
    let shares: Vec<TrusteeShare> = trustees
        .iter()
        .map(|t| t.finish(&result).unwrap())
        .collect();
    let setup = Setup {
        params: params.clone(),
        dealings: dealings.clone(),
        encryptor: Encryptor::new(ElectionContext {
            election,
            key: result.election_key.clone(),
        }),
        result,
        shares,
    };
    let style = five_choose_two();
    let acc = tally_of(
        &setup,
        &style,
        &[vec![vec![0, 1, 0, 0, 1]], vec![vec![0, 1, 0, 0, 0]]],
    );
    assert_eq!(
        decrypt(&setup, &acc.finish(), &[2, 4, 5], acc.bound()),
        vec![0, 2, 0, 0, 1]
    );

    // A forged complaint against an honest dealer: the revealed secret is not the complainer's.
    let mut forged = complaint.clone();
    forged.dealer = TrusteeIndex(1);
    assert!(matches!(
        forged.verify(&params, &dealings[0]).unwrap_err(),
        CeremonyError::Complaint { .. }
    ));
}

#[test]
fn an_absent_trustee_leaves_a_working_key() {
    let mut rng = rand::rng();
    let election = election_hash(25);
    let (params, mut trustees) = trustees(election, 3, 5);
    // Trustee 5 never deals.
    let dealings: Vec<Dealing> = trustees[..4].iter().map(|t| t.dealing(&mut rng)).collect();
    for t in &mut trustees {
        for d in &dealings {
            assert!(t.receive(d, &mut rng).unwrap().is_none());
        }
    }
    let result = conclude(&params, &dealings, &[]).unwrap();
    assert_eq!(result.absent, vec![TrusteeIndex(5)]);
    let shares: Vec<TrusteeShare> = trustees
        .iter()
        .map(|t| t.finish(&result).unwrap())
        .collect();
    let setup = Setup {
        encryptor: Encryptor::new(ElectionContext {
            election,
            key: result.election_key.clone(),
        }),
        params,
        dealings,
        result,
        shares,
    };
    let style = five_choose_two();
    let acc = tally_of(&setup, &style, &[vec![vec![1, 0, 0, 0, 1]]]);
    assert_eq!(
        decrypt(&setup, &acc.finish(), &[1, 3, 5], acc.bound()),
        vec![1, 0, 0, 0, 1]
    );
}

#[test]
fn malformed_dealings_and_parameters_are_refused() {
    let mut rng = rand::rng();
    let keys: Vec<SigningKey> = (0..3).map(|_| SigningKey::generate(&mut rng)).collect();
    let vks: Vec<VerifyingKey> = keys.iter().map(|k| k.verifying_key().clone()).collect();
    assert_eq!(
        CeremonyParams::new(election_hash(26), 4, vks.clone()).unwrap_err(),
        CeremonyError::BadThreshold {
            threshold: 4,
            trustees: 3
        }
    );
    assert!(CeremonyParams::new(election_hash(26), 0, vks.clone()).is_err());
    let params = CeremonyParams::new(election_hash(26), 2, vks).unwrap();
    // A trustee with a key that is not the one listed for its index.
    let stranger = SigningKey::generate(&mut rng);
    assert_eq!(
        Trustee::new(params.clone(), TrusteeIndex(1), stranger, &mut rng).unwrap_err(),
        CeremonyError::UnknownTrustee(TrusteeIndex(1))
    );
    let trustee = Trustee::new(params.clone(), TrusteeIndex(1), keys[0].clone(), &mut rng).unwrap();
    let good = trustee.dealing(&mut rng);
    good.verify(&params).unwrap();

    let mut extra = good.clone();
    extra.commitments.push(extra.commitments[0]);
    assert!(matches!(
        extra.verify(&params).unwrap_err(),
        CeremonyError::LenMismatch { .. }
    ));

    let mut swapped = good.clone();
    swapped.commitments.swap(0, 1);
    assert_eq!(
        swapped.verify(&params).unwrap_err(),
        CeremonyError::KnowledgeProof {
            trustee: TrusteeIndex(1)
        }
    );

    let mut missing = good.clone();
    missing.shares.pop();
    assert!(matches!(
        missing.verify(&params).unwrap_err(),
        CeremonyError::ShareRecipients { .. }
    ));

    // Another election's parameters: the proof of knowledge is bound to the election.
    let other = CeremonyParams {
        election: election_hash(27),
        ..params.clone()
    };
    assert!(matches!(
        good.verify(&other).unwrap_err(),
        CeremonyError::KnowledgeProof { .. }
    ));

    assert_eq!(
        conclude(&params, &[good.clone(), good], &[]).unwrap_err(),
        CeremonyError::DuplicateDealing {
            dealer: TrusteeIndex(1)
        }
    );
}

/// A board verifies each dealing when it admits it and concludes from the verified ones: the
/// same result as concluding from the published dealings, and a dealing verified for another
/// ceremony is refused even where every one of its proofs also holds there.
#[test]
fn a_dealing_verified_for_other_parameters_does_not_conclude() {
    let setup = ceremony(election_hash(28), 2, 3);
    let verified: Vec<VerifiedDealing> = setup
        .dealings
        .iter()
        .map(|d| d.clone().verified(&setup.params).unwrap())
        .collect();
    assert_eq!(
        conclude_verified(&setup.params, &verified, &[]).unwrap(),
        setup.result
    );

    // The same election and threshold with another third trustee: trustee 1's dealing
    // passes every check there too, since its shares' encryption is checked only by their
    // recipients.
    let mut keys = setup.params.trustees.clone();
    keys[2] = SigningKey::generate(&mut rand::rng())
        .verifying_key()
        .clone();
    let other = CeremonyParams::new(setup.params.election, 2, keys).unwrap();
    let elsewhere = setup.dealings[0].clone().verified(&other).unwrap();
    assert_eq!(
        conclude_verified(&setup.params, &[elsewhere, verified[1].clone()], &[]).unwrap_err(),
        CeremonyError::DealingParams {
            dealer: TrusteeIndex(1)
        }
    );
}

#[test]
fn discrete_logs_into_the_millions() {
    let table = DiscreteLog::new(5_000_000);
    for m in [0u64, 1, 2, 2235, 2236, 4_999_999, 5_000_000] {
        let p = curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT * Scalar::from(m);
        assert_eq!(table.solve(&p), Some(m), "m = {m}");
    }
    let beyond =
        curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT * Scalar::from(5_000_001u64);
    assert_eq!(table.solve(&beyond), None);
    let small = DiscreteLog::new(0);
    assert_eq!(
        small.solve(&curve25519_dalek::RistrettoPoint::default()),
        Some(0)
    );
}

#[test]
fn a_board_that_substitutes_a_trustees_own_dealing_is_caught_by_that_trustee() {
    let mut rng = rand::rng();
    let keys: Vec<SigningKey> = (0..3).map(|_| SigningKey::generate(&mut rng)).collect();
    let params = CeremonyParams::new(
        election_hash(28),
        2,
        keys.iter().map(|k| k.verifying_key().clone()).collect(),
    )
    .unwrap();
    let mut honest =
        Trustee::new(params.clone(), TrusteeIndex(1), keys[0].clone(), &mut rng).unwrap();
    // The board publishes a dealing under trustee 1's index made by someone else who holds
    // trustee 1's key (the dealing is well formed; only its author is wrong).
    let forger = Trustee::new(params.clone(), TrusteeIndex(1), keys[0].clone(), &mut rng).unwrap();
    let forged = forger.dealing(&mut rng);
    assert_eq!(
        honest.receive(&forged, &mut rng).unwrap_err(),
        CeremonyError::NotOwnDealing {
            trustee: TrusteeIndex(1)
        }
    );
    let own = honest.dealing(&mut rng);
    assert_eq!(honest.receive(&own, &mut rng).unwrap(), None);
}

/// A trustee's state saved after dealing and restored for each later step (as the
/// `zhixuan trustee` commands do between runs) finishes the ceremony exactly as if it had
/// stayed in memory; a state for another election or another trustee, or a damaged one, is
/// refused.
#[test]
fn a_saved_trustee_state_restores_and_refuses_what_is_not_its_own() {
    let mut rng = rand::rng();
    let election = election_hash(30);
    let keys: Vec<SigningKey> = (0..3).map(|_| SigningKey::generate(&mut rng)).collect();
    let (params, mut trustees) = trustees_with_keys(election, 2, &keys);
    let dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(&mut rng)).collect();

    // Trustee 1 is saved right after dealing and restored before checking its shares.
    let saved = trustees[0].save();
    let mut restored = Trustee::restore(params.clone(), keys[0].clone(), &saved).unwrap();
    assert_eq!(restored.index(), TrusteeIndex(1));
    assert_eq!(
        restored.dealing(&mut rng).commitments,
        dealings[0].commitments
    );
    assert_eq!(
        restored.received_from().collect::<Vec<_>>(),
        vec![TrusteeIndex(1)]
    );
    for d in &dealings {
        assert_eq!(restored.receive(d, &mut rng).unwrap(), None);
    }
    for t in &mut trustees[1..] {
        for d in &dealings {
            assert_eq!(t.receive(d, &mut rng).unwrap(), None);
        }
    }
    // Saved again with every share, restored once more, it finishes with the right share.
    let saved = restored.save();
    let again = Trustee::restore(params.clone(), keys[0].clone(), &saved).unwrap();
    assert_eq!(again.received_from().count(), 3);
    let result = conclude(&params, &dealings, &[]).unwrap();
    let share = again.finish(&result).unwrap();
    assert_eq!(
        share.verification_key(),
        *result.verification_key(TrusteeIndex(1)).unwrap()
    );

    // Another trustee's key, another election, damaged or truncated bytes: refused.
    let refused = |params: CeremonyParams, key: &SigningKey, bytes: &[u8]| {
        matches!(
            Trustee::restore(params, key.clone(), bytes),
            Err(CeremonyError::SavedState(_))
        )
    };
    assert!(refused(params.clone(), &keys[1], &saved));
    let other = CeremonyParams::new(election_hash(31), 2, params.trustees.clone()).unwrap();
    assert!(refused(other, &keys[0], &saved));
    assert!(refused(params.clone(), &keys[0], &saved[..saved.len() - 1]));
    let mut trailing = saved.to_vec();
    trailing.push(0);
    assert!(refused(params.clone(), &keys[0], &trailing));
    // A changed coefficient no longer gives the saved own share.
    let mut damaged = saved.to_vec();
    damaged[16 + 32 + 16] ^= 1;
    assert!(refused(params.clone(), &keys[0], &damaged));
    let mut magic = saved.to_vec();
    magic[0] = b'Z';
    assert!(refused(params, &keys[0], &magic));
}

/// The trustees of one committee, with the same communication keys, for each election.
fn committee(t: u32, n: usize, elections: &[ElectionHash]) -> Vec<(CeremonyParams, Vec<Trustee>)> {
    let keys: Vec<SigningKey> = (0..n)
        .map(|_| SigningKey::generate(&mut rand::rng()))
        .collect();
    elections
        .iter()
        .map(|&election| trustees_with_keys(election, t, &keys))
        .collect()
}

fn share_to(dealing: &Dealing, recipient: u32) -> &EncryptedShare {
    dealing
        .shares
        .iter()
        .find(|s| s.recipient == TrusteeIndex(recipient))
        .unwrap()
}

/// The attacked trustee's software and anyone's check refuse the malicious dealing, so no
/// complaint is ever made about it and no Diffie–Hellman value is revealed.
fn assert_refused(
    params: &CeremonyParams,
    trustees: &mut [Trustee],
    dealings: &[Dealing],
    bad: &Dealing,
) {
    let mut rng = rand::rng();
    let expected = CeremonyError::EphemeralProof {
        dealer: bad.dealer,
        recipient: bad.shares[0].recipient,
    };
    assert_eq!(bad.verify(params).unwrap_err(), expected);
    for trustee in trustees.iter_mut().filter(|t| t.index() != bad.dealer) {
        assert_eq!(trustee.receive(bad, &mut rng).unwrap_err(), expected);
    }
    let mut all = dealings.to_vec();
    all.push(bad.clone());
    assert_eq!(conclude(params, &all, &[]).unwrap_err(), expected);
}

/// The outside review's attack (issue 14): the last dealer copies an honest dealer's
/// ephemeral point `E` into its own share for each honest recipient, so that the
/// recipient's complaint would reveal `c_j·E` and with it the honest dealer's share. Each
/// share must now prove knowledge of its ephemeral secret, bound to election, dealer and
/// recipient: a copied `E`, with or without the honest dealer's own proof, is refused.
#[test]
fn a_dealing_that_copies_another_dealers_ephemeral_point_is_refused() {
    let mut rng = rand::rng();
    let mut elections = committee(2, 3, &[election_hash(40)]);
    let (params, mut trustees) = elections.remove(0);
    let honest: Vec<Dealing> = trustees[..2].iter().map(|t| t.dealing(&mut rng)).collect();
    let mut bad = trustees[2].dealing(&mut rng);
    // Trustee 3's share to trustee 1 reuses trustee 2's share to 1, and to 2 trustee 1's.
    for share in &mut bad.shares {
        let victim = if share.recipient == TrusteeIndex(1) {
            &honest[1]
        } else {
            &honest[0]
        };
        let copied = share_to(victim, share.recipient.0);
        share.ephemeral = copied.ephemeral;
        share.masked_share = Scalar::from(7u64);
    }
    // Its own proofs now speak of another point.
    assert_refused(&params, &mut trustees, &honest, &bad);
    // Copying the honest dealer's proof as well: it is bound to the other dealer.
    for share in &mut bad.shares {
        let victim = if share.recipient == TrusteeIndex(1) {
            &honest[1]
        } else {
            &honest[0]
        };
        share.proof = share_to(victim, share.recipient.0).proof.clone();
    }
    assert_refused(&params, &mut trustees, &honest, &bad);
}

/// The same attack across elections of one committee, which keeps its communication keys:
/// an ephemeral point and its proof copied from election A's dealing into election B.
#[test]
fn an_ephemeral_point_copied_from_another_election_is_refused() {
    let mut rng = rand::rng();
    let mut elections = committee(2, 3, &[election_hash(41), election_hash(42)]);
    let (params_b, mut trustees_b) = elections.pop().unwrap();
    let (_, trustees_a) = elections.pop().unwrap();
    let in_a = trustees_a[0].dealing(&mut rng);
    let honest_b: Vec<Dealing> = trustees_b[..2]
        .iter()
        .map(|t| t.dealing(&mut rng))
        .collect();
    // Trustee 3 of election B lifts trustee 1's shares of election A: the same recipient
    // keys, so the same Diffie–Hellman values would unmask them.
    let mut bad = trustees_b[2].dealing(&mut rng);
    let lifted = share_to(&in_a, 2).clone();
    let share = bad
        .shares
        .iter_mut()
        .find(|s| s.recipient == TrusteeIndex(2))
        .unwrap();
    share.ephemeral = lifted.ephemeral;
    share.proof = lifted.proof;
    let expected = CeremonyError::EphemeralProof {
        dealer: TrusteeIndex(3),
        recipient: TrusteeIndex(2),
    };
    assert_eq!(bad.verify(&params_b).unwrap_err(), expected);
    assert_eq!(trustees_b[1].receive(&bad, &mut rng).unwrap_err(), expected);
    let mut all = honest_b.clone();
    all.push(bad);
    assert_eq!(conclude(&params_b, &all, &[]).unwrap_err(), expected);
}

/// Refusing a repeated point is not enough: `E' = k·E` would reveal `k·D`. The dealer
/// knows `k` but not `log E`, so it cannot prove knowledge of `log E'`.
#[test]
fn a_multiple_of_another_dealers_ephemeral_point_is_refused() {
    let mut rng = rand::rng();
    let mut elections = committee(2, 3, &[election_hash(43)]);
    let (params, mut trustees) = elections.remove(0);
    let honest: Vec<Dealing> = trustees[..2].iter().map(|t| t.dealing(&mut rng)).collect();
    let k = Scalar::from(5u64);
    let mut bad = trustees[2].dealing(&mut rng);
    let target = share_to(&honest[1], 1).clone();
    let share = &mut bad.shares[0];
    assert_eq!(share.recipient, TrusteeIndex(1));
    share.ephemeral = Point::from_point(target.ephemeral.point() * k);
    // The best the dealer can do: scale the honest proof too (s' = k·s, R' = k·R).
    share.proof = Signature {
        commitment: Point::from_point(target.proof.commitment.decode().unwrap() * k).into(),
        response: target.proof.response * k,
    };
    assert_refused(&params, &mut trustees, &honest, &bad);
}

/// The proof binds the recipient: two of an honest dealing's shares with their proofs
/// swapped are refused, as is an honest share moved under another dealer's name.
#[test]
fn an_ephemeral_proof_is_bound_to_its_dealer_and_recipient() {
    let mut rng = rand::rng();
    let mut elections = committee(2, 3, &[election_hash(44)]);
    let (params, trustees) = elections.remove(0);
    let mut dealing = trustees[0].dealing(&mut rng);
    dealing.verify(&params).unwrap();
    let (first, second) = (dealing.shares[0].clone(), dealing.shares[1].clone());
    dealing.shares[0].ephemeral = second.ephemeral;
    dealing.shares[0].proof = second.proof;
    dealing.shares[1].ephemeral = first.ephemeral;
    dealing.shares[1].proof = first.proof;
    assert_eq!(
        dealing.verify(&params).unwrap_err(),
        CeremonyError::EphemeralProof {
            dealer: TrusteeIndex(1),
            recipient: TrusteeIndex(2)
        }
    );
}
