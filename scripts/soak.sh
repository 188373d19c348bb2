#!/usr/bin/env bash
# The long soak test (crates/board/tests/soak.rs), in release mode: by default 40 ballots a
# second for 300 s (12,000 voters) over loopback to a board on SQLite; prints the latency
# percentiles and the resident memory, and fails on any error or on memory growth.
#
#   scripts/soak.sh                 # 300 s at 40/s
#   scripts/soak.sh 600 60          # 600 s at 60/s
set -euo pipefail
cd "$(dirname "$0")/.."
export ZHIXUAN_SOAK_SECONDS="${1:-300}"
export ZHIXUAN_SOAK_RATE="${2:-40}"
cargo test --release -p zhixuan-board --test soak -- --ignored --nocapture soak_long
