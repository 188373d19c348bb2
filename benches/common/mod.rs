// Each benchmark uses part of this module.
#![allow(dead_code)]

//! The election every tally benchmark measures, built once per run: a 3-of-5 key ceremony
//! and one contest of 5 options, choose up to 2 — the reference ballot.

pub mod peer;
pub mod season;

use curve25519_dalek::ristretto::CompressedRistretto;
use rayon::prelude::*;
use zhixuan_tally::*;
use zhixuan_testkit::{ceremony, Setup};

pub const OPTIONS: usize = 5;
pub const MAX_CHOICES: u32 = 2;
pub const THRESHOLD: u32 = 3;
pub const TRUSTEES: usize = 5;
/// The trustees who decrypt.
pub const DECRYPTING: [u32; 3] = [1, 3, 5];

pub struct Election {
    pub params: CeremonyParams,
    pub result: CeremonyResult,
    pub shares: Vec<TrusteeShare>,
    pub encryptor: Encryptor,
    pub style: BallotStyle,
}

impl Election {
    /// Runs an honest 3-of-5 ceremony among fresh trustees.
    pub fn new() -> Self {
        let Setup {
            params,
            result,
            shares,
            encryptor,
            ..
        } = ceremony(ElectionHash([1; 32]), THRESHOLD, TRUSTEES);
        let style = BallotStyle::new(vec![StyledContest {
            contest: ContestIndex(0),
            spec: ContestSpec::up_to(OPTIONS, MAX_CHOICES),
        }])
        .expect("valid style");
        Election {
            params,
            result,
            shares,
            encryptor,
            style,
        }
    }

    pub fn context(&self) -> &ElectionContext {
        self.encryptor.context()
    }

    /// `n` ballots, generated on all cores.
    pub fn ballots(&self, n: usize) -> Vec<Ballot> {
        (0..n)
            .into_par_iter()
            .map(|i| {
                let mut rng = rand::rng();
                let cred = CredentialSecret::generate(&mut rng);
                self.encryptor
                    .encrypt_ballot(&self.style, &choices(i), &cred.public(), &mut rng)
                    .expect("valid choices")
                    .cast(&cred, &mut rng)
                    .expect("the credential it was encrypted for")
            })
            .collect()
    }

    /// Ballots parsed from their JSON wire form (on all cores of the current pool); parsing
    /// decompresses every point.
    pub fn parse(&self, wire: &[Vec<u8>]) -> Vec<Ballot> {
        wire.par_iter()
            .map(|w| serde_json::from_slice(w).expect("ballot"))
            .collect()
    }

    /// Batch-verifies ballots, every one of which must be valid.
    pub fn verify(&self, ballots: Vec<Ballot>) -> Vec<VerifiedBallot> {
        verify_ballots(
            self.context(),
            ballots.into_iter().map(|b| (b, &self.style)).collect(),
        )
        .into_iter()
        .map(|r| r.expect("valid ballot"))
        .collect()
    }

    /// What a verifier does with ballots off the wire.
    pub fn parse_and_verify(&self, wire: &[Vec<u8>]) -> Vec<VerifiedBallot> {
        self.verify(self.parse(wire))
    }

    /// The encrypted tally of verified ballots, and the bound on its counts.
    pub fn aggregate(&self, verified: &[VerifiedBallot]) -> (Vec<Ciphertext>, u64) {
        let mut acc = TallyAccumulator::new(&self.style);
        acc.add_all(verified, 1).expect("same style");
        let bound = acc.bound();
        (acc.finish().ciphertexts(), bound)
    }

    /// Decrypts a tally with trustees 1, 3 and 5, each partial decryption's proofs checked.
    pub fn decrypt(&self, cts: &[Ciphertext], bound: u64) -> Vec<u64> {
        let mut rng = rand::rng();
        let parts: Vec<VerifiedPartialDecryption> = DECRYPTING
            .iter()
            .map(|&i| {
                let key = self
                    .result
                    .verification_key(TrusteeIndex(i))
                    .expect("trustee");
                self.shares[i as usize - 1]
                    .decrypt(&self.params.election, cts, &mut rng)
                    .verify(&self.params.election, key, cts)
                    .expect("honest")
            })
            .collect();
        combine(THRESHOLD, cts, &parts, bound).expect("decrypts")
    }

    /// The whole work from counted ballots to counts.
    pub fn tally_and_decrypt(&self, verified: &[VerifiedBallot]) -> Vec<u64> {
        let (cts, bound) = self.aggregate(verified);
        self.decrypt(&cts, bound)
    }
}

/// The `i`-th voter's choices: options `i mod 5` and `(i / 5) mod 5` (one or two of them).
pub fn choices(i: usize) -> Vec<Vec<u32>> {
    vec![selected(i).iter().map(|&s| u32::from(s)).collect()]
}

pub fn selected(i: usize) -> [bool; OPTIONS] {
    let mut out = [false; OPTIONS];
    out[i % OPTIONS] = true;
    out[(i / OPTIONS) % OPTIONS] = true;
    out
}

/// Runs `f` on a pool of one thread, for per-core figures.
pub fn single_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool")
        .install(f)
}

/// The compressed points a ballot carries, in no particular order.
pub fn points(ballot: &Ballot) -> Vec<CompressedRistretto> {
    let proof = |p: &RangeProof| {
        p.branches
            .iter()
            .flat_map(|b| [*b.commitment_a.as_bytes(), *b.commitment_b.as_bytes()])
            .collect::<Vec<_>>()
    };
    let mut out = vec![
        *ballot.credential.point().as_bytes(),
        *ballot.signature.commitment.as_bytes(),
    ];
    for contest in &ballot.contests {
        for s in &contest.selections {
            out.extend([*s.ciphertext.a.as_bytes(), *s.ciphertext.b.as_bytes()]);
            out.extend(proof(&s.proof));
        }
        out.extend(proof(&contest.total_proof));
    }
    out.into_iter().map(CompressedRistretto).collect()
}
