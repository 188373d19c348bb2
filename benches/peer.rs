//! Zhixuan against a peer, `elastic-elgamal` 0.3.1, doing the same work in the same run:
//! a ballot of 5 options (choose up to 2) under a 3-of-5 key.
//!
//! - `encrypt_and_prove/{zhixuan,elastic_elgamal}`: one ballot.
//! - `verify_{1000,10000}/{zhixuan,elastic_elgamal}/{one_core,all_cores}`: ballots parsed
//!   from their JSON wire form and verified. Zhixuan verifies in batches; the peer has no
//!   batch verification, so it verifies one ballot after another (on all cores with rayon).
//! - `tally_10000/{zhixuan,elastic_elgamal}`: add up 10,000 verified ballots, decrypt the
//!   five sums with trustees 1, 3 and 5 (each share's proof checked), and read the counts.
//!
//! The peer's ballot is its `EncryptedChoice` in multi-choice mode (each option 0 or 1, one
//! ring proof) and, for "at most 2", its `RangeProof` (`0..3`) over an encryption of the number
//! of choices. Its public API cannot prove a range over the *sum* of the choice ciphertexts
//! (that needs the sum's randomness, which it keeps private), so its ballot lacks the proof
//! linking that encryption to the choices; and it has no voter signature. Both omissions make
//! the peer's work smaller than Zhixuan's, so the ratios understate Zhixuan's lead. The
//! peer's discrete-log table for the counts is built once, outside the timed loop.
//!
//! `cargo bench --bench peer`; results and ratios are kept in `benches/README.md`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{selected, single_thread, Election, DECRYPTING, OPTIONS, THRESHOLD, TRUSTEES};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use elastic_elgamal::app::{ChoiceParams, EncryptedChoice, MultiChoice};
use elastic_elgamal::group::Ristretto;
use elastic_elgamal::sharing::{ActiveParticipant, Dealer, Params, PublicKeySet};
use elastic_elgamal::{
    CandidateDecryption, Ciphertext, DiscreteLogTable, PreparedRange, PublicKey,
    RangeDecomposition, RangeProof,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use zhixuan_tally::{verify_ballots, Ballot, CredentialSecret, VerifiedBallot};

/// The peer's ballot: the choices with their 0-or-1 ring proof, and the number of choices
/// encrypted with its range proof.
#[derive(Serialize, Deserialize)]
struct PeerBallot {
    choice: EncryptedChoice<Ristretto, MultiChoice>,
    total: Ciphertext<Ristretto>,
    total_proof: RangeProof<Ristretto>,
}

struct Peer {
    key_set: PublicKeySet<Ristretto>,
    trustees: Vec<ActiveParticipant<Ristretto>>,
    choice: ChoiceParams<Ristretto, MultiChoice>,
    range: PreparedRange<Ristretto>,
}

impl Peer {
    /// A 3-of-5 key dealt by the peer's Feldman VSS (how its key is made is not measured).
    fn new() -> Self {
        let mut rng = rand08::thread_rng();
        let params = Params::new(TRUSTEES, THRESHOLD as usize);
        let dealer = Dealer::<Ristretto>::new(params, &mut rng);
        let (poly, proof) = dealer.public_info();
        let key_set = PublicKeySet::new(params, poly, proof).expect("honest dealer");
        let trustees = (0..TRUSTEES)
            .map(|i| {
                ActiveParticipant::new(key_set.clone(), i, dealer.secret_share_for_participant(i))
                    .expect("honest share")
            })
            .collect();
        let choice = ChoiceParams::multi(key_set.shared_key().clone(), OPTIONS);
        let range = RangeDecomposition::optimal(u64::from(common::MAX_CHOICES) + 1).into();
        Self {
            key_set,
            trustees,
            choice,
            range,
        }
    }

    fn key(&self) -> &PublicKey<Ristretto> {
        self.key_set.shared_key()
    }

    fn encrypt(&self, i: usize) -> PeerBallot {
        let mut rng = rand08::thread_rng();
        let flags = selected(i);
        let choice = EncryptedChoice::new(&self.choice, &flags, &mut rng);
        let count = flags.iter().filter(|&&f| f).count() as u64;
        let (total, total_proof) = self.key().encrypt_range(&self.range, count, &mut rng);
        PeerBallot {
            choice,
            total,
            total_proof,
        }
    }

    /// The ballot's choice ciphertexts, once both proofs verify.
    fn verify(&self, ballot: &PeerBallot) -> Vec<Ciphertext<Ristretto>> {
        let choices = ballot.choice.verify(&self.choice).expect("valid choice");
        self.key()
            .verify_range(&self.range, ballot.total, &ballot.total_proof)
            .expect("valid range");
        choices.to_vec()
    }

    fn parse_and_verify(&self, wire: &[Vec<u8>]) -> Vec<Vec<Ciphertext<Ristretto>>> {
        wire.par_iter()
            .map(|w| self.verify(&serde_json::from_slice(w).expect("peer ballot")))
            .collect()
    }

    fn tally_and_decrypt(
        &self,
        verified: &[Vec<Ciphertext<Ristretto>>],
        table: &DiscreteLogTable<Ristretto>,
    ) -> Vec<u64> {
        let mut rng = rand08::thread_rng();
        (0..OPTIONS)
            .map(|o| {
                let sum = verified
                    .iter()
                    .map(|b| b[o])
                    .reduce(|a, b| a + b)
                    .expect("ballots");
                let shares = DECRYPTING.iter().map(|&t| {
                    let index = t as usize - 1;
                    let (share, proof) = self.trustees[index].decrypt_share(sum, &mut rng);
                    let candidate =
                        CandidateDecryption::from_bytes(&share.to_bytes()).expect("a share");
                    let share = self
                        .key_set
                        .verify_share(candidate, sum, index, &proof)
                        .expect("honest share");
                    (index, share)
                });
                let combined = self
                    .key_set
                    .params()
                    .combine_shares(shares)
                    .expect("enough shares");
                combined.decrypt(sum, table).expect("count in table")
            })
            .collect()
    }
}

fn zhixuan_parse_and_verify(e: &Election, wire: &[Vec<u8>]) -> Vec<VerifiedBallot> {
    let ballots: Vec<_> = wire
        .par_iter()
        .map(|w| {
            (
                serde_json::from_slice::<Ballot>(w).expect("ballot"),
                &e.style,
            )
        })
        .collect();
    verify_ballots(e.context(), ballots)
        .into_iter()
        .map(|r| r.expect("valid ballot"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let e = Election::new();
    let peer = Peer::new();
    let n = 10_000;
    let ours: Vec<Vec<u8>> = e
        .ballots(n)
        .iter()
        .map(|b| serde_json::to_vec(b).expect("json"))
        .collect();
    let theirs: Vec<Vec<u8>> = (0..n)
        .into_par_iter()
        .map(|i| serde_json::to_vec(&peer.encrypt(i)).expect("json"))
        .collect();
    let mean = |w: &[Vec<u8>]| w.iter().map(Vec::len).sum::<usize>() / w.len();
    println!(
        "JSON ballot size: zhixuan {} bytes, elastic_elgamal {} bytes",
        mean(&ours),
        mean(&theirs)
    );

    let mut g = c.benchmark_group("encrypt_and_prove");
    g.bench_function("zhixuan", |b| {
        let mut rng = rand::rng();
        let cred = CredentialSecret::generate(&mut rng);
        b.iter(|| {
            e.encryptor
                .encrypt_ballot(&e.style, &common::choices(7), &cred, &mut rng)
        })
    });
    g.bench_function("elastic_elgamal", |b| b.iter(|| peer.encrypt(7)));
    g.finish();

    for n in [1_000usize, 10_000] {
        let mut g = c.benchmark_group(format!("verify_{n}"));
        g.sample_size(10);
        g.throughput(Throughput::Elements(n as u64));
        let (ours, theirs) = (&ours[..n], &theirs[..n]);
        g.bench_function("zhixuan/one_core", |b| {
            b.iter(|| single_thread(|| zhixuan_parse_and_verify(&e, ours)))
        });
        g.bench_function("elastic_elgamal/one_core", |b| {
            b.iter(|| single_thread(|| peer.parse_and_verify(theirs)))
        });
        g.bench_function("zhixuan/all_cores", |b| {
            b.iter(|| zhixuan_parse_and_verify(&e, ours))
        });
        g.bench_function("elastic_elgamal/all_cores", |b| {
            b.iter(|| peer.parse_and_verify(theirs))
        });
        g.finish();
    }

    let ours = zhixuan_parse_and_verify(&e, &ours);
    let theirs = peer.parse_and_verify(&theirs);
    let table = DiscreteLogTable::new(0..=n as u64);
    let expected = e.tally_and_decrypt(&ours);
    assert_eq!(expected, peer.tally_and_decrypt(&theirs, &table));
    let mut g = c.benchmark_group("tally_10000");
    g.sample_size(10);
    g.bench_function("zhixuan", |b| b.iter(|| e.tally_and_decrypt(&ours)));
    g.bench_function("elastic_elgamal", |b| {
        b.iter_batched(
            || (),
            |()| peer.tally_and_decrypt(&theirs, &table),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
