#!/usr/bin/env bash
# The workspace's structural properties (ARCHITECTURE.md), checked in CI:
#  1. the committee's verifier links no server stack: `cargo tree -p zhixuan-verify -e normal`
#     holds no axum, hyper, sqlx or maud, and the verifier builds alone;
#  2. no dependency cycle among the workspace's crates, dev-dependencies included;
#  3. `zhixuan` without its default `demo` feature builds, and links no server (no board,
#     axum, sqlx or maud; reqwest's HTTP client, with its own tower layers, stays).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "structure: $*" >&2; exit 1; }

server='^(axum|hyper|sqlx|maud)( |$)'
if cargo tree -p zhixuan-verify -e normal --prefix none --format '{p}' | grep -E "$server"; then
  fail "zhixuan-verify links a server stack (above)"
fi
cargo build -p zhixuan-verify

cargo metadata --format-version 1 --no-deps | python3 -c '
import json, sys
meta = json.load(sys.stdin)
members = {p["name"] for p in meta["packages"]}
edges = {p["name"]: sorted({d["name"] for d in p["dependencies"] if d["name"] in members and d["name"] != p["name"]})
         for p in meta["packages"]}
state = {}
def visit(name, path):
    if state.get(name) == "done":
        return
    if state.get(name) == "open":
        sys.exit("structure: dependency cycle: " + " -> ".join(path[path.index(name):] + [name]))
    state[name] = "open"
    for dep in edges[name]:
        visit(dep, path + [name])
    state[name] = "done"
for name in sorted(edges):
    visit(name, [])
for name in sorted(edges):
    print("  " + name + " -> " + (", ".join(edges[name]) or "-"))
'

if cargo tree -p zhixuan-cli --no-default-features -e normal --prefix none --format '{p}' \
  | grep -E '^(axum|sqlx|maud|zhixuan-board)( |$)'; then
  fail "zhixuan-cli --no-default-features links a server (above)"
fi
cargo build -p zhixuan-cli --no-default-features
echo "structure: ok"
