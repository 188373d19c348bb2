//! The floor under ballot verification: the curve work no verifier of our ballots can avoid.
//!
//! A ballot carries `N` points (38 for 5 options, choose up to 2: the credential, the
//! signature's commitment, and per selection its ciphertext and its proof's 4 commitments,
//! and the contest total proof's 6). Any verifier must decompress all of them, and a batch
//! verifier must at least put each into one multiscalar multiplication. So the floor per
//! ballot is
//!
//! - `floor/decompress_ballot`: decompressing the `N` points of one ballot, plus
//! - `floor/msm_ballots`: one variable-time multiscalar multiplication over the points of
//!   128 ballots (`128·N` points with full-size scalars; the size Zhixuan uses, past which
//!   a larger multiplication is no cheaper per point), divided by 128.
//!
//! Measured in the same run, on one core: `verify/from_json` (what the verifier does: parse
//! the JSON wire form, which decompresses every point, then batch-verify),
//! `verify/parse_json` (parsing alone) and `verify/from_parsed` (verification alone).
//! Each reports its throughput in ballots per second, so the verifier's cost per ballot
//! is a multiple of the floor read straight off the figures.
//!
//! `cargo bench --bench floor`; results are kept in `benches/README.md`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{points, single_thread, Election};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;

/// Ballots per multiscalar multiplication in Zhixuan's batch verification.
const CHUNK: usize = 128;
/// Ballots per verification run: eight chunks.
const BALLOTS: usize = 8 * CHUNK;

fn bench(c: &mut Criterion) {
    let e = Election::new();
    let ballots = e.ballots(BALLOTS);
    let wire: Vec<Vec<u8>> = ballots
        .iter()
        .map(|b| serde_json::to_vec(b).expect("json"))
        .collect();
    let compressed = points(&ballots[0]);
    let n = compressed.len();
    println!("points per ballot: {n}");

    let mut g = c.benchmark_group("floor");
    g.throughput(Throughput::Elements(1));
    g.bench_function("decompress_ballot", |b| {
        b.iter(|| {
            compressed
                .iter()
                .map(|p| p.decompress().expect("valid point"))
                .collect::<Vec<RistrettoPoint>>()
        })
    });
    let mut rng = rand::rng();
    let msm_points: Vec<RistrettoPoint> = ballots[..CHUNK]
        .iter()
        .flat_map(|b| {
            points(b)
                .into_iter()
                .map(|p| p.decompress().expect("valid"))
        })
        .collect();
    let msm_scalars: Vec<Scalar> = msm_points
        .iter()
        .map(|_| Scalar::random(&mut rng))
        .collect();
    g.throughput(Throughput::Elements(CHUNK as u64));
    g.bench_function("msm_ballots", |b| {
        b.iter(|| RistrettoPoint::vartime_multiscalar_mul(&msm_scalars, &msm_points))
    });
    g.finish();

    let mut g = c.benchmark_group("verify");
    g.sample_size(10);
    g.throughput(Throughput::Elements(BALLOTS as u64));
    g.bench_function("from_json", |b| {
        b.iter(|| single_thread(|| e.parse_and_verify(&wire)))
    });
    g.bench_function("parse_json", |b| {
        b.iter(|| single_thread(|| e.parse(&wire)))
    });
    g.bench_function("from_parsed", |b| {
        b.iter_batched(
            || ballots.clone(),
            |parsed| single_thread(|| e.verify(parsed)),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
