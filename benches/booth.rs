//! The booth's prover in a browser beside the Rust prover: encrypting and proving the
//! reference ballot (one contest, 5 options, choose up to 2) with the booth's JavaScript
//! (the committed bundle, `crates/board/src/server/web/booth/booth.js`) in headless
//! Chromium, at full speed and with the CPU throttled 4× (DevTools
//! `Emulation.setCPUThrottlingRate`, as a slow phone), and with `zhixuan-tally`'s
//! `Encryptor::encrypt_ballot`, in the same run. The target is ≤ 150 ms throttled.
//!
//! `cargo bench --bench booth` (needs `chromium` and `chromium-driver`); results are kept
//! in `benches/README.md`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use serde_json::{json, Value};
use zhixuan_testkit::browser::Driver;
use zhixuan_testkit::{small_election, Election, TempDir};

/// Ballots timed per figure; the median is reported.
const RUNS: usize = 30;

fn median(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let election = Election::new(small_election("bench-booth", 1));
    let choices = [vec![0, 1, 0, 1, 0]];
    for _ in 0..5 {
        election.prepare(0, &choices);
    }
    let rust = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(election.prepare(0, &choices));
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    );

    let Some(driver) = Driver::start().await else {
        panic!("the booth's bench needs chromium and chromedriver (apt-get install chromium chromium-driver)");
    };
    let dir = TempDir::new("zhixuan_bench_booth");
    let bundle = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/board/src/server/web/booth/booth.js");
    let page = dir.path().join("bench.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><meta charset=utf-8><script src=\"file://{}\"></script>",
            bundle.display()
        ),
    )
    .unwrap();
    let browser = driver.browser(&dir.path().join("profile"), 1280, 900).await;
    browser.open(&format!("file://{}", page.display())).await;
    let mut js = Vec::new();
    for rate in [1, 4] {
        browser
            .cdp("Emulation.setCPUThrottlingRate", json!({ "rate": rate }))
            .await;
        let got: Value = browser
            .script(&format!("return zhixuanBooth.bench({RUNS}, 3)"))
            .await;
        js.push(got["median"].as_f64().unwrap());
    }
    browser.close().await;
    drop(driver);

    println!("reference ballot (5 options, choose up to 2), median of {RUNS}:");
    println!("  Rust prover (zhixuan-tally)         {rust:8.2} ms");
    println!(
        "  booth in Chromium, full speed       {:8.2} ms  ({:.0}× Rust)",
        js[0],
        js[0] / rust
    );
    println!(
        "  booth in Chromium, CPU throttled 4× {:8.2} ms  ({:.0}× Rust; target ≤ 150 ms: {})",
        js[1],
        js[1] / rust,
        if js[1] <= 150.0 { "met" } else { "NOT met" }
    );
}
