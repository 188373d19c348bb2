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

use common::peer::Peer;
use common::{single_thread, Election};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use elastic_elgamal::DiscreteLogTable;
use zhixuan_tally::CredentialSecret;

fn bench(c: &mut Criterion) {
    let e = Election::new();
    let peer = Peer::new();
    let n = 10_000;
    let ours: Vec<Vec<u8>> = e
        .ballots(n)
        .iter()
        .map(|b| serde_json::to_vec(b).expect("json"))
        .collect();
    let theirs = peer.wire(n);
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
                .encrypt_ballot(&e.style, &common::choices(7), &cred.public(), &mut rng)
                .and_then(|prepared| prepared.cast(&cred, &mut rng))
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
            b.iter(|| single_thread(|| e.parse_and_verify(ours)))
        });
        g.bench_function("elastic_elgamal/one_core", |b| {
            b.iter(|| single_thread(|| peer.parse_and_verify(theirs)))
        });
        g.bench_function("zhixuan/all_cores", |b| b.iter(|| e.parse_and_verify(ours)));
        g.bench_function("elastic_elgamal/all_cores", |b| {
            b.iter(|| peer.parse_and_verify(theirs))
        });
        g.finish();
    }

    let ours = e.parse_and_verify(&ours);
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
