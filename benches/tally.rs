//! The tally crate's costs, for a 5-option ballot (choose up to 2) under a 3-of-5 key:
//! encrypt-and-prove; verify one ballot alone (the baseline); verify 1,000 and 10,000 in a
//! batch, on one core and on all cores, and from JSON text (parsing decompresses every
//! point); aggregate 10,000 and decrypt with 3 of 5 trustees.
//!
//! `cargo bench --bench tally`; the per-ballot figure for a batch is its time divided by
//! the batch size. Ballots are generated once per run (about 15 s for 10,000).

mod common;

use common::{choices, single_thread, Election};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use zhixuan_tally::*;

fn bench(c: &mut Criterion) {
    let e = Election::new();
    let all = e.ballots(10_000);
    let context = e.context();

    let mut g = c.benchmark_group("ballot");
    g.bench_function("encrypt_and_prove", |b| {
        let mut rng = rand::rng();
        let cred = CredentialSecret::generate(&mut rng);
        b.iter(|| {
            e.encryptor
                .encrypt_ballot(&e.style, &choices(7), &cred.public(), &mut rng)
                .and_then(|prepared| prepared.cast(&cred, &mut rng))
        })
    });
    g.bench_function("verify_one", |b| {
        b.iter_batched(
            || all[0].clone(),
            |ballot| ballot.verify(context, &e.style).expect("valid"),
            BatchSize::SmallInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("batch_verify");
    g.sample_size(10);
    for n in [1_000usize, 10_000] {
        g.throughput(Throughput::Elements(n as u64));
        let input = || {
            all[..n]
                .iter()
                .map(|b| (b.clone(), &e.style))
                .collect::<Vec<_>>()
        };
        g.bench_function(format!("{n}/one_core"), |b| {
            b.iter_batched(
                input,
                |batch| single_thread(|| verify_ballots(context, batch)),
                BatchSize::LargeInput,
            )
        });
        g.bench_function(format!("{n}/all_cores"), |b| {
            b.iter_batched(
                input,
                |batch| verify_ballots(context, batch),
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();

    let verified = e.verify(all.clone());
    let mut g = c.benchmark_group("tally");
    g.sample_size(10);
    g.bench_function("aggregate_10000", |b| b.iter(|| e.aggregate(&verified)));
    let (cts, bound) = e.aggregate(&verified);
    g.bench_function("decrypt_3_of_5_10000", |b| {
        b.iter(|| e.decrypt(&cts, bound))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
