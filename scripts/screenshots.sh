#!/usr/bin/env bash
# Screenshots of the board's web pages for review: runs the browser test
# (tests/browser.rs: the demo election, driven in headless Chromium) with
# ZHIXUAN_SCREENSHOTS set, so that every page it checks is also saved — whole-page PNGs at
# a phone's width (412 px) and a desk's (1280 px), and the election and result pages
# printed on A4 as PDF, each PDF page also as a PNG when pdftoppm is installed.
#
# Usage: scripts/screenshots.sh [DIR]   (default: screenshots/, which git ignores)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(realpath -m "${1:-screenshots}")"
rm -rf "$dir"
mkdir -p "$dir"
ZHIXUAN_SCREENSHOTS="$dir" cargo test --test browser -- --nocapture
if command -v pdftoppm >/dev/null; then
  for pdf in "$dir"/*.pdf; do
    pdftoppm -png -r 60 "$pdf" "${pdf%.pdf}-a4"
  done
fi
ls -1 "$dir"
