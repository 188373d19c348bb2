#!/usr/bin/env bash
# The verifier at scale: whole records of 10,000 and 100,000 ballots (one group electing 2
# of 5, a 3-of-5 ceremony, tally, three decryptions and the result), each verified end to
# end by `zhixuan-verify record` on all cores. Prints wall time, CPU time and peak memory.
#
#   benches/scale.sh               # 10000 and 100000
#   benches/scale.sh 20000 50000   # other sizes
#
# Records are generated once (about 1.3 ms of encryption per ballot, on both cores) and
# cached in target/records/, which is not committed; delete a file to regenerate it.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)

cargo build --release -q -p zhixuan-verify --bin zhixuan-verify --example synthetic_record
mkdir -p target/records
printf '%-9s %-10s %-10s %-10s %-12s %s\n' ballots record wall cpu peak_rss verdict
for n in "${sizes[@]}"; do
  record="target/records/synthetic-$n.jsonl"
  if [ ! -s "$record" ]; then
    target/release/examples/synthetic_record "$n" "$record" >/dev/null || { rm -f "$record"; exit 1; }
  fi
  stats=$(mktemp)
  status=0
  /usr/bin/time -f '%e %U %S %M' -o "$stats" \
    target/release/zhixuan-verify record "$record" --lang en >/dev/null || status=$?
  read -r wall user sys rss_kib <"$stats"
  rm -f "$stats"
  verdict=$([ "$status" -eq 0 ] && echo verifies || echo "exit $status")
  printf '%-9s %-10s %-10s %-10s %-12s %s\n' "$n" "$(du -h "$record" | cut -f1)" "${wall}s" \
    "$(awk "BEGIN{print $user + $sys}")s" "$((rss_kib / 1024)) MiB" "$verdict"
done
