#!/usr/bin/env bash
# Screenshots of the board's web pages for review: runs the browser tests
# (tests/browser.rs: the demo election, driven in headless Chromium; tests/booth.rs: the
# voting booth, every screen at 360 px and 1280 px in both languages) with
# ZHIXUAN_SCREENSHOTS set, so that every page they check is also saved — whole-page PNGs at
# a phone's width and a desk's (1280 px), and the election and result pages printed on A4
# as PDF, each PDF page also as a PNG when pdftoppm is installed.
#
# Usage: scripts/screenshots.sh [DIR]   (default: screenshots/, which git ignores)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(realpath -m "${1:-screenshots}")"
rm -rf "$dir"
mkdir -p "$dir"
ZHIXUAN_SCREENSHOTS="$dir" cargo test --test browser --test booth -- --nocapture
if command -v pdftoppm >/dev/null; then
  for pdf in "$dir"/*.pdf; do
    pdftoppm -png -r 60 "$pdf" "${pdf%.pdf}-a4"
  done
fi
ls -1 "$dir"
