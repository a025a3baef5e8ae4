#!/usr/bin/env bash
# Publication dates side by side on the htmldate evaluation set: Parallax (one thread) and
# htmldate (extensive and fast, one process), one after the other in one run, each scored with
# the origin's metric; htmldate's predictions are then scored again by Parallax's Rust scorer.
#
# Usage: bench/dates.sh [DATA_DIR]      (default: ../shared/data)
# Needs: cargo build --release -p parallax-cli; bench/setup-peers.sh (htmldate).
set -euo pipefail
DATA="${1:-../shared/data}"
VENV="${PARALLAX_BENCH_VENV:-/tmp/parallax-bench-venv}"
OUT="${PARALLAX_BENCH_OUT:-/tmp/parallax-dates-bench}"
BIN="${PARALLAX_BIN:-./target/release/parallax}"
mkdir -p "$OUT"

echo "== machine: $(nproc) cores; $(date -u +%FT%TZ)"
echo "== parallax (1 thread)"
"$BIN" eval dates --data "$DATA" -j 1 --json > "$OUT/parallax.json"
"$BIN" eval dates --data "$DATA" -j 1 | tee "$OUT/parallax.txt"
echo "== htmldate (1 process; URL passed, as Parallax gets it)"
"$VENV/bin/python" bench/dates_peer.py --data "$DATA" --output "$OUT/htmldate.json" | tee "$OUT/htmldate.txt"
echo "== htmldate without the URL (as the origin's comparison runs it)"
"$VENV/bin/python" bench/dates_peer.py --data "$DATA" --no-url --output "$OUT/htmldate-nourl.json" \
    | tee "$OUT/htmldate-nourl.txt"
echo "== htmldate's predictions, scored by parallax-eval"
for mode in extensive fast; do
    "$BIN" eval dates --data "$DATA" --predictions "$OUT/htmldate-$mode.json" | sed -n 1,3p
done
