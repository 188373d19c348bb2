//! The tally crate's costs, for a 5-option ballot (choose up to 2) under a 3-of-5 key:
//! encrypt-and-prove; verify one ballot alone (the baseline); verify 1,000 and 10,000 in a
//! batch, on one core and on all cores, and from JSON text (parsing decompresses every
//! point); aggregate 10,000 and decrypt with 3 of 5 trustees.
//!
//! `cargo bench --bench tally`; the per-ballot figure for a batch is its time divided by
//! the batch size. Ballots are generated once per run (about 15 s for 10,000).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use zhixuan_tally::*;

struct Election {
    params: CeremonyParams,
    result: CeremonyResult,
    shares: Vec<TrusteeShare>,
    encryptor: Encryptor,
    style: BallotStyle,
}

fn election() -> Election {
    let mut rng = rand::rng();
    let keys: Vec<SigningKey> = (0..5).map(|_| SigningKey::generate(&mut rng)).collect();
    let params = CeremonyParams::new(
        ElectionHash([1; 32]),
        3,
        keys.iter().map(|k| k.verifying_key().clone()).collect(),
    )
    .expect("3-of-5 is a valid ceremony");
    let mut trustees: Vec<Trustee> = keys
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            Trustee::new(params.clone(), TrusteeIndex(i as u32 + 1), k, &mut rng)
                .expect("listed trustee")
        })
        .collect();
    let dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(&mut rng)).collect();
    for t in &mut trustees {
        for d in &dealings {
            t.receive(d, &mut rng).expect("honest dealing");
        }
    }
    let result = conclude(&params, &dealings, &[]).expect("honest ceremony");
    let shares = trustees
        .iter()
        .map(|t| t.finish(&result).expect("honest share"))
        .collect();
    let encryptor = Encryptor::new(ElectionContext {
        election: params.election,
        key: result.election_key.clone(),
    });
    let style = BallotStyle::new(vec![StyledContest {
        contest: ContestIndex(0),
        spec: ContestSpec::up_to(5, 2),
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

fn choices(i: usize) -> Vec<Vec<u32>> {
    vec![(0..5)
        .map(|o| u32::from(o == i % 5 || o == (i / 5) % 5))
        .collect()]
}

fn ballots(e: &Election, n: usize) -> Vec<Ballot> {
    use rayon::prelude::*;
    (0..n)
        .into_par_iter()
        .map(|i| {
            let mut rng = rand::rng();
            let cred = CredentialSecret::generate(&mut rng);
            e.encryptor
                .encrypt_ballot(&e.style, &choices(i), &cred, &mut rng)
                .expect("valid choices")
                .0
        })
        .collect()
}

fn single_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool")
        .install(f)
}

fn bench(c: &mut Criterion) {
    let e = election();
    let all = ballots(&e, 10_000);
    let context = e.encryptor.context();

    let mut g = c.benchmark_group("ballot");
    g.bench_function("encrypt_and_prove", |b| {
        let mut rng = rand::rng();
        let cred = CredentialSecret::generate(&mut rng);
        b.iter(|| {
            e.encryptor
                .encrypt_ballot(&e.style, &choices(7), &cred, &mut rng)
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

    let verified: Vec<VerifiedBallot> =
        verify_ballots(context, all.iter().map(|b| (b.clone(), &e.style)).collect())
            .into_iter()
            .map(|r| r.expect("valid"))
            .collect();
    let mut g = c.benchmark_group("tally");
    g.sample_size(10);
    g.bench_function("aggregate_10000", |b| {
        b.iter(|| {
            let mut acc = TallyAccumulator::new(&e.style);
            acc.add_all(&verified, 1).expect("same style");
            acc.finish()
        })
    });
    let mut acc = TallyAccumulator::new(&e.style);
    acc.add_all(&verified, 1).expect("same style");
    let tally = acc.finish();
    let cts = tally.ciphertexts();
    g.bench_function("decrypt_3_of_5_10000", |b| {
        b.iter(|| {
            let mut rng = rand::rng();
            let parts: Vec<VerifiedPartialDecryption> = [1u32, 3, 5]
                .iter()
                .map(|&i| {
                    let key = e.result.verification_key(TrusteeIndex(i)).expect("trustee");
                    e.shares[i as usize - 1]
                        .decrypt(&e.params.election, &cts, &mut rng)
                        .verify(&e.params.election, key, &cts)
                        .expect("honest")
                })
                .collect();
            combine(3, &cts, &parts, acc.bound()).expect("decrypts")
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
