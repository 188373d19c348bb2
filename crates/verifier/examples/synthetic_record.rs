//! Writes an honest record of N voters for measuring the verifier at scale: one group of N
//! members electing 2 of 5 candidates (Nanjing's committee election, narrowed), a 3-of-5
//! ceremony, the tally, three decryptions and the result.
//!
//! ```text
//! cargo run --release -p zhixuan-verify --example synthetic_record -- 100000 target/records/100k.jsonl
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rand::RngExt;
use zhixuan_election::ElectionDefinition;
use zhixuan_testkit::{example_path, Record};

fn definition(voters: u64) -> ElectionDefinition {
    let text = std::fs::read_to_string(example_path("nanjing-assembly.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["election_id"] = format!("synthetic-{voters}").into();
    let mut contest = doc["contests"][1].clone();
    let competitive = &mut contest["kind"]["competitive"];
    competitive["candidates"]
        .as_array_mut()
        .unwrap()
        .truncate(5);
    competitive["seats"] = 2.into();
    doc["contests"] = serde_json::json!([contest]);
    let mut group = doc["groups"][0].clone();
    group["eligible"] = voters.into();
    group["contests"] = serde_json::json!(["committee-election"]);
    doc["groups"] = serde_json::json!([group]);
    ElectionDefinition::from_json(&doc.to_string()).unwrap()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let voters: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let out = args
        .next()
        .unwrap_or_else(|| format!("target/records/synthetic-{voters}.jsonl"));
    let mut b = Record::new(definition(voters), &[]);
    b.setup();
    let mut rng = rand::rng();
    let mut left = voters;
    while left > 0 {
        let n = left.min(4096);
        let choices: Vec<Vec<Vec<u32>>> = (0..n)
            .map(|_| {
                let first = rng.random_range(0..5);
                let second = rng.random_range(0..5);
                vec![(0..5)
                    .map(|o| u32::from(o == first || o == second))
                    .collect()]
            })
            .collect();
        b.cast_many(0, &choices);
        left -= n;
        eprintln!("{} of {voters} ballots", voters - left);
    }
    b.conclude();
    let finished = b.finish();
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(&out, finished.bytes()).unwrap();
    eprintln!("wrote {out}");
}
