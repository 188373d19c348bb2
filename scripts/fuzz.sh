#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 60), from its committed
# seeds in fuzz/corpus/TARGET/seed-* (inputs found along the way are kept there, untracked)
# and the reference election in fuzz/seeds/ (`zhixuan demo --voters 8`'s record).
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
#
#   scripts/fuzz.sh            # every target, 60 s each
#   scripts/fuzz.sh 300 record # one target, 5 minutes
#
# A crash stops the run with libFuzzer's report; the input is in fuzz/artifacts/TARGET/.
# Reproduce with `cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-…`, then add
# it to the normal test suite as a regression test.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

# Records and board bodies are larger than libFuzzer's default 4 KiB inputs.
max_len() {
    case "$1" in
        record) echo 262144 ;;
        http_body | ballot) echo 65536 ;;
        *) echo 16384 ;;
    esac
}

cargo +nightly fuzz build -O
# The whole reference record seeds the record target too (kept once, in seeds/).
cp seeds/election.record.jsonl corpus/record/reference.jsonl
for target in "${targets[@]}"; do
    echo "== $target: ${seconds} s"
    cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 \
        -print_final_stats=1
done
