#!/usr/bin/env bash
# Near-duplicate detection side by side on the news corpus: Parallax, datasketch and rensa with
# the same word shingles, permutations and LSH banding, one process (one core) each, one after
# the other in one run. Compares the candidate pairs of each peer with Parallax's.
#
# Usage: bench/dedup.sh [DATA_DIR] [BANDS] [ROWS]      (defaults: ../shared/data 16 8)
# Needs: cargo build --release -p parallax-cli; bench/setup-peers.sh (datasketch, rensa).
set -euo pipefail
DATA="${1:-../shared/data}"
BANDS="${2:-16}"
ROWS="${3:-8}"
VENV="${PARALLAX_BENCH_VENV:-/tmp/parallax-bench-venv}"
OUT="${PARALLAX_BENCH_OUT:-/tmp/parallax-dedup-bench}"
mkdir -p "$OUT"
PARAMS=(--shingle 5 --num-perm 128 --bands "$BANDS" --rows "$ROWS" --threshold 0.8)

echo "== machine: $(nproc) cores; $(date -u +%FT%TZ)"
echo "== parallax (1 thread)"
./target/release/parallax bench dedup --data "$DATA" "${PARAMS[@]}" -j 1 \
    --candidates-out "$OUT/parallax.tsv" --json | tee "$OUT/parallax.json"
echo "== parallax (2 threads)"
./target/release/parallax bench dedup --data "$DATA" "${PARAMS[@]}" -j 2 --json | tee "$OUT/parallax-2.json"
for tool in datasketch rensa; do
    echo "== $tool"
    "$VENV/bin/python" bench/dedup_peers.py --data "$DATA/news-corpus/articles.jsonl.gz" --tool "$tool" \
        "${PARAMS[@]}" --candidates-out "$OUT/$tool.tsv" --json-out "$OUT/$tool.json" | tail -n 3
done
echo "== candidate pairs compared with parallax's"
for tool in datasketch rensa; do
    both=$(comm -12 <(sort "$OUT/parallax.tsv") <(sort "$OUT/$tool.tsv") | wc -l)
    echo "$tool: $(wc -l < "$OUT/$tool.tsv") pairs, parallax: $(wc -l < "$OUT/parallax.tsv") pairs, shared: $both"
done
