//! The one runner of an honest key ceremony among trustees in process, and a small
//! election on its key: ballot styles, ballots, decryption.
//!
//! The tally and election crates' tests include this file by path (see the crate
//! documentation), so it names nothing but `zhixuan_tally` and `rand`.

use zhixuan_tally::*;

/// A finished key ceremony: its trustees' dealings and shares, and the election key.
pub struct Setup {
    /// The election, the threshold and the trustees' communication keys.
    pub params: CeremonyParams,
    /// Each trustee's dealing, in trustee order.
    pub dealings: Vec<Dealing>,
    /// The election key, the trustees' verification keys, who qualified.
    pub result: CeremonyResult,
    /// Each trustee's share of the election key, in trustee order.
    pub shares: Vec<TrusteeShare>,
    /// Encrypts ballots under the election key.
    pub encryptor: Encryptor,
}

/// A stand-in election hash, 32 bytes `tag`: each test its own election.
pub fn election_hash(tag: u8) -> ElectionHash {
    ElectionHash([tag; 32])
}

/// `n` fresh communication keys.
fn fresh_keys(n: usize) -> Vec<SigningKey> {
    (0..n)
        .map(|_| SigningKey::generate(&mut rand::rng()))
        .collect()
}

/// The parameters and trustees of a `t`-of-`n` ceremony, before anyone deals.
pub fn trustees(election: ElectionHash, t: u32, n: usize) -> (CeremonyParams, Vec<Trustee>) {
    trustees_with_keys(election, t, &fresh_keys(n))
}

/// The parameters and trustees of a `t`-of-`keys.len()` ceremony with these communication
/// keys (a committee keeps its keys from one election to the next).
pub fn trustees_with_keys(
    election: ElectionHash,
    t: u32,
    keys: &[SigningKey],
) -> (CeremonyParams, Vec<Trustee>) {
    let mut rng = rand::rng();
    let params = CeremonyParams::new(
        election,
        t,
        keys.iter().map(|k| k.verifying_key().clone()).collect(),
    )
    .unwrap();
    let trustees = keys
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
    (params, trustees)
}

/// Runs an honest `t`-of-`n` ceremony among trustees with fresh keys.
pub fn ceremony(election: ElectionHash, t: u32, n: usize) -> Setup {
    ceremony_with_keys(election, t, &fresh_keys(n))
}

/// Runs an honest `t`-of-`keys.len()` ceremony among trustees with these communication
/// keys (those an election's definition names).
pub fn ceremony_with_keys(election: ElectionHash, t: u32, keys: &[SigningKey]) -> Setup {
    let mut rng = rand::rng();
    let (params, mut trustees) = trustees_with_keys(election, t, keys);
    let dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(&mut rng)).collect();
    for trustee in &mut trustees {
        for d in &dealings {
            assert_eq!(trustee.receive(d, &mut rng).unwrap(), None);
        }
    }
    let result = conclude(&params, &dealings, &[]).unwrap();
    let shares = trustees
        .iter()
        .map(|t| t.finish(&result).unwrap())
        .collect();
    let encryptor = Encryptor::new(ElectionContext {
        election,
        key: result.election_key.clone(),
    });
    Setup {
        params,
        dealings,
        result,
        shares,
        encryptor,
    }
}

/// Five candidates, choose up to two; then a rating, exactly one of three.
pub fn style() -> BallotStyle {
    BallotStyle::new(vec![
        StyledContest {
            contest: ContestIndex(0),
            spec: ContestSpec::up_to(5, 2),
        },
        StyledContest {
            contest: ContestIndex(1),
            spec: ContestSpec::exactly_one(3),
        },
    ])
    .unwrap()
}

/// Five options, up to two: the benchmark ballot.
pub fn five_choose_two() -> BallotStyle {
    BallotStyle::new(vec![StyledContest {
        contest: ContestIndex(0),
        spec: ContestSpec::up_to(5, 2),
    }])
    .unwrap()
}

/// Encrypts `choices` for a new credential: the prepared ballot, not yet cast or audited.
pub fn prepare(
    setup: &Setup,
    style: &BallotStyle,
    choices: &[Vec<u32>],
) -> (PreparedBallot, CredentialSecret) {
    let mut rng = rand::rng();
    let credential = CredentialSecret::generate(&mut rng);
    let prepared = setup
        .encryptor
        .encrypt_ballot(style, choices, &credential.public(), &mut rng)
        .unwrap();
    (prepared, credential)
}

/// Encrypts `choices` for a new credential and casts the ballot.
pub fn cast(
    setup: &Setup,
    style: &BallotStyle,
    choices: &[Vec<u32>],
) -> (Ballot, CredentialSecret) {
    let (prepared, credential) = prepare(setup, style, choices);
    let ballot = prepared.cast(&credential, &mut rand::rng()).unwrap();
    (ballot, credential)
}

/// Decrypts a tally with the given trustees (1-based indices).
pub fn decrypt(setup: &Setup, tally: &EncryptedTally, trustees: &[u32], bound: u64) -> Vec<u64> {
    let mut rng = rand::rng();
    let cts = tally.ciphertexts();
    let parts: Vec<VerifiedPartialDecryption> = trustees
        .iter()
        .map(|&i| {
            let share = &setup.shares[i as usize - 1];
            let key = setup.result.verification_key(TrusteeIndex(i)).unwrap();
            share
                .decrypt(&setup.params.election, &cts, &mut rng)
                .verify(&setup.params.election, key, &cts)
                .unwrap()
        })
        .collect();
    combine(setup.params.threshold, &cts, &parts, bound).unwrap()
}
