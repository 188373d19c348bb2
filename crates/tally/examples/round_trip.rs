//! A whole election in one process, through the tally library alone: a 3-of-5 key ceremony
//! among the supervision committee, voters casting encrypted ballots (one of them auditing
//! instead), batch verification, the encrypted tally, decryption by three trustees, and the
//! counts. `cargo run --release -p zhixuan-tally --example round_trip [VOTERS]`.

use std::time::Instant;

use rand::RngExt;
use zhixuan_tally::*;

const CANDIDATES: [&str; 5] = [
    "张明 Zhang Ming",
    "李华 Li Hua",
    "王芳 Wang Fang",
    "赵强 Zhao Qiang",
    "陈静 Chen Jing",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let voters: usize = std::env::args()
        .nth(1)
        .map(|v| v.parse())
        .transpose()?
        .unwrap_or(500);
    let mut rng = rand::rng();
    let election = ElectionHash(tagged_hash("zhixuan-v1/example", "差额选举 example"));
    println!(
        "差额选举 · competitive election: choose up to 2 of {} candidates, {voters} voters",
        CANDIDATES.len()
    );

    let started = Instant::now();
    let keys: Vec<SigningKey> = (0..5).map(|_| SigningKey::generate(&mut rng)).collect();
    let params = CeremonyParams::new(
        election,
        3,
        keys.iter().map(|k| k.verifying_key().clone()).collect(),
    )?;
    let mut trustees = keys
        .into_iter()
        .enumerate()
        .map(|(i, k)| Trustee::new(params.clone(), TrusteeIndex(i as u32 + 1), k, &mut rng))
        .collect::<Result<Vec<_>, _>>()?;
    let dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(&mut rng)).collect();
    let mut complaints = Vec::new();
    for t in &mut trustees {
        for d in &dealings {
            complaints.extend(t.receive(d, &mut rng)?);
        }
    }
    let result = conclude(&params, &dealings, &complaints)?;
    let shares = trustees
        .iter()
        .map(|t| t.finish(&result))
        .collect::<Result<Vec<_>, _>>()?;
    println!(
        "监督委员会 key ceremony: 3 of 5 trustees, {} complaints, election key {}",
        complaints.len(),
        result.election_key.point()
    );

    let encryptor = Encryptor::new(ElectionContext {
        election,
        key: result.election_key.clone(),
    });
    let style = BallotStyle::new(vec![StyledContest {
        contest: ContestIndex(0),
        spec: ContestSpec::up_to(5, 2),
    }])?;
    let mut expected = [0u64; 5];
    let mut cast = Vec::with_capacity(voters);
    let mut audited = None;
    for v in 0..voters {
        let credential = CredentialSecret::generate(&mut rng);
        let first = rng.random_range(0..5);
        let second = rng.random_range(0..6);
        let choice: Vec<u32> = (0..5)
            .map(|o| u32::from(o == first || o == second))
            .collect();
        let prepared = encryptor.encrypt_ballot(
            &style,
            std::slice::from_ref(&choice),
            &credential.public(),
            &mut rng,
        )?;
        // The device shows the tracking code, then the voter casts or audits.
        if v == 0 {
            audited = Some(prepared.audit("example"));
            continue;
        }
        for (e, c) in expected.iter_mut().zip(&choice) {
            *e += u64::from(*c);
        }
        cast.push(prepared.cast(&credential, &mut rng)?);
    }
    if let Some(a) = &audited {
        let shown = a.verify(&encryptor, &style)?;
        println!(
            "Benaloh audit of ballot {}: it held {:?}; it will not be counted",
            a.tracking_code(),
            shown.choices()
        );
    }
    println!(
        "{} ballots cast; first tracking code {}",
        cast.len(),
        cast[0].tracking_code()
    );

    let t = Instant::now();
    let results = verify_ballots(
        encryptor.context(),
        cast.into_iter().map(|b| (b, &style)).collect(),
    );
    let verified: Vec<VerifiedBallot> = results.into_iter().collect::<Result<_, _>>()?;
    println!("verified {} ballots in {:.0?}", verified.len(), t.elapsed());

    let mut acc = TallyAccumulator::new(&style);
    acc.add_all(&verified, 1)?;
    let tally = acc.finish();
    let cts = tally.ciphertexts();
    let parts = [1u32, 3, 4]
        .iter()
        .map(|&i| {
            let key = result.verification_key(TrusteeIndex(i))?;
            Ok(shares[i as usize - 1]
                .decrypt(&election, &cts, &mut rng)
                .verify(&election, key, &cts)?)
        })
        .collect::<Result<Vec<_>, Box<dyn std::error::Error>>>()?;
    let counts = combine(3, &cts, &parts, acc.bound())?;
    println!("decrypted by trustees 1, 3, 4:");
    for (name, count) in CANDIDATES.iter().zip(&counts) {
        println!("  {name:<18} {count:>6}");
    }
    assert_eq!(
        counts, expected,
        "the decrypted counts are the sum of the votes"
    );
    println!(
        "counts equal the sum of the cast votes ✓  (total {:.1?})",
        started.elapsed()
    );
    Ok(())
}
