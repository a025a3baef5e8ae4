#!/usr/bin/env bash
# Extraction throughput, Parallax and trafilatura side by side in one run, on the same pages
# held in memory and the same core counts (1 and all). Also scores trafilatura's output with
# Parallax's scorer so both F1 figures come from one implementation of each metric.
#
# Usage: bench/extraction.sh [DATA_DIR] [PASSES]
# Needs bench/setup-peers.sh first (a throwaway venv with trafilatura).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
PASSES="${2:-3}"
VENV="${PARALLAX_BENCH_VENV:-/tmp/parallax-bench-venv}"
[ -x "$VENV/bin/python" ] || bench/setup-peers.sh
cargo build --release --locked -q -p parallax-cli
OUT="target/bench"
mkdir -p "$OUT"
stamp=$(date -u +%Y-%m-%dT%H:%MZ)
for dataset in article-extraction wcxb; do
  echo "== $dataset ($stamp, $(nproc) cores)"
  ./target/release/parallax bench extraction -q --data "$DATA" --dataset "$dataset" --passes "$PASSES" --json > "$OUT/parallax-$dataset.json"
  "$VENV/bin/python" bench/trafilatura_extract.py --data-dir "$DATA" --dataset "$dataset" --passes "$PASSES" \
    --output "$OUT/trafilatura-$dataset-predictions.json" > "$OUT/trafilatura-$dataset.json"
  python3 - "$OUT/parallax-$dataset.json" "$OUT/trafilatura-$dataset.json" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
peer = json.load(open(sys.argv[2]))
def peer_rate(mode):
    for key in (mode, f"{mode}_process", f"{mode}_processes"):
        if key in peer:
            return peer[key]["pages_per_second"]
    raise KeyError(mode)
single, parallel = peer_rate("single"), peer_rate("parallel")
print(f"  parallax     1 core: {ours['single_thread_pages_per_second']:8.1f} pages/s   {ours['parallel_threads']} cores: {ours['parallel_pages_per_second']:8.1f} pages/s")
print(f"  trafilatura  1 core: {single:8.1f} pages/s   {ours['parallel_threads']} cores: {parallel:8.1f} pages/s")
print(f"  ratio        1 core: {ours['single_thread_pages_per_second']/single:8.1f}x          {ours['parallel_threads']} cores: {ours['parallel_pages_per_second']/parallel:8.1f}x")
PY
  ./target/release/parallax eval predictions --data "$DATA" --dataset "$dataset" --name "trafilatura 2.3.1" \
    "$OUT/trafilatura-$dataset-predictions.json" | sed 's/^/  /'
done
