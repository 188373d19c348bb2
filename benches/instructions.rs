//! Instruction counts, for ratios that do not move with the machine's load: each workload
//! of `benches/peer.rs` and `benches/floor.rs` run once under `valgrind --tool=callgrind`,
//! counting only the instructions inside the measured function.
//!
//! `cargo bench --bench instructions` (needs valgrind) prints, per ballot, the instructions
//! to encrypt-and-prove, to parse and verify from JSON (one core), and the floor's two
//! parts, with the ratios. `ZHIXUAN_INSTRUCTIONS_BALLOTS` (default 256) sets the number of
//! ballots each workload handles. Instructions are not time — the curve arithmetic runs
//! in AVX2 lanes in some places and not in others — so these figures complement the
//! criterion timings rather than replace them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::hint::black_box;
use std::process::Command;

use common::peer::Peer;
use common::{single_thread, Election};
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use zhixuan_tally::CredentialSecret;

/// Ballots per multiscalar multiplication in Zhixuan's batch verification.
const CHUNK: usize = 128;

const WORKLOADS: [&str; 6] = [
    "encrypt_zhixuan",
    "encrypt_elastic_elgamal",
    "verify_zhixuan",
    "verify_elastic_elgamal",
    "floor_decompress",
    "floor_msm",
];

fn ballots() -> usize {
    std::env::var("ZHIXUAN_INSTRUCTIONS_BALLOTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

#[inline(never)]
fn measured<T>(f: impl FnOnce() -> T) -> T {
    black_box(f())
}

/// Runs one workload; only what runs inside [`measured`] is counted.
fn run(workload: &str, n: usize) {
    match workload {
        "encrypt_zhixuan" => {
            let e = Election::new();
            let mut rng = rand::rng();
            let cred = CredentialSecret::generate(&mut rng);
            measured(|| {
                for i in 0..n {
                    let choices = common::choices(i);
                    black_box(
                        e.encryptor
                            .encrypt_ballot(&e.style, &choices, &cred.public(), &mut rng)
                            .and_then(|prepared| prepared.cast(&cred, &mut rng)),
                    )
                    .expect("valid");
                }
            });
        }
        "encrypt_elastic_elgamal" => {
            let peer = Peer::new();
            measured(|| (0..n).for_each(|i| drop(black_box(peer.encrypt(i)))));
        }
        "verify_zhixuan" => {
            let e = Election::new();
            let wire: Vec<Vec<u8>> = e
                .ballots(n)
                .iter()
                .map(|b| serde_json::to_vec(b).expect("json"))
                .collect();
            single_thread(|| measured(|| e.parse_and_verify(&wire)));
        }
        "verify_elastic_elgamal" => {
            let peer = Peer::new();
            let wire = peer.wire(n);
            single_thread(|| measured(|| peer.parse_and_verify(&wire)));
        }
        "floor_decompress" | "floor_msm" => {
            let e = Election::new();
            let points: Vec<CompressedRistretto> =
                e.ballots(n).iter().flat_map(common::points).collect();
            if workload == "floor_decompress" {
                measured(|| {
                    for p in &points {
                        black_box(p.decompress().expect("valid"));
                    }
                });
            } else {
                let points: Vec<RistrettoPoint> = points
                    .iter()
                    .map(|p| p.decompress().expect("valid"))
                    .collect();
                let mut rng = rand::rng();
                let scalars: Vec<Scalar> =
                    points.iter().map(|_| Scalar::random(&mut rng)).collect();
                let per_chunk = points.len() / n * CHUNK;
                measured(|| {
                    for (s, p) in scalars.chunks(per_chunk).zip(points.chunks(per_chunk)) {
                        black_box(RistrettoPoint::vartime_multiscalar_mul(s, p));
                    }
                });
            }
        }
        other => panic!("unknown workload {other}"),
    }
}

/// The instructions counted inside [`measured`] when `workload` runs under callgrind.
fn count(workload: &str, n: usize) -> u64 {
    let out = std::env::temp_dir().join(format!("zhixuan-callgrind-{workload}.out"));
    let status = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--toggle-collect=*instructions*measured*",
            &format!("--callgrind-out-file={}", out.display()),
            "-q",
        ])
        .arg(std::env::current_exe().expect("this program"))
        .args(["--workload", workload])
        .env("ZHIXUAN_INSTRUCTIONS_BALLOTS", n.to_string())
        .env("RAYON_NUM_THREADS", "1")
        .status()
        .expect("valgrind (Debian's package valgrind) runs");
    assert!(status.success(), "{workload} under callgrind: {status}");
    let text = std::fs::read_to_string(&out).expect("callgrind output");
    let _ = std::fs::remove_file(&out);
    text.lines()
        .find_map(|l| l.strip_prefix("totals: "))
        .or_else(|| text.lines().find_map(|l| l.strip_prefix("summary: ")))
        .and_then(|t| t.trim().parse().ok())
        .expect("a total in callgrind's output")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n = ballots();
    if let Some(i) = args.iter().position(|a| a == "--workload") {
        run(&args[i + 1], n);
        return;
    }
    println!("instructions per ballot, {n} ballots per workload (callgrind)");
    let per: Vec<(&str, f64)> = WORKLOADS
        .iter()
        .map(|&w| {
            let per_ballot = count(w, n) as f64 / n as f64;
            println!("  {w:<26} {per_ballot:>12.0}");
            (w, per_ballot)
        })
        .collect();
    let of = |name: &str| {
        per.iter()
            .find(|(w, _)| *w == name)
            .map(|(_, v)| *v)
            .unwrap()
    };
    let floor = of("floor_decompress") + of("floor_msm");
    println!(
        "  encrypt: elastic_elgamal / zhixuan = {:.2}",
        of("encrypt_elastic_elgamal") / of("encrypt_zhixuan")
    );
    println!(
        "  verify:  elastic_elgamal / zhixuan = {:.2}",
        of("verify_elastic_elgamal") / of("verify_zhixuan")
    );
    println!(
        "  verify:  zhixuan / floor = {:.2} (floor {floor:.0})",
        of("verify_zhixuan") / floor
    );
}
