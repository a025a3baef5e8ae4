#!/usr/bin/env bash
# The batch engine against the streaming and in-memory commands, at growing corpus sizes.
# Usage: bench/batch.sh [DATA_DIR] [WORK_DIR]
# Needs a release build with the engine: cargo build --release -p parallax-cli --features batch
# Writes bench/runs/batch-<date>.tsv: corpus, command, wall seconds, peak RSS (MB), and checks
# that `batch --dedup-only` prints exactly what `dedup` prints at every size.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
work=${2:-$(mktemp -d)}
parallax=./target/release/parallax
mkdir -p bench/runs "$work"
out=bench/runs/batch-$(date +%Y-%m-%d).tsv
printf 'corpus\tcommand\twall_s\tpeak_rss_mb\n' > "$out"

"$parallax" bench corpus --data "$data" --copies 1 --limit 1000 --out "$work/news-1k.jsonl.gz" -q
"$parallax" bench corpus --data "$data" --copies 1 --out "$work/news-25k.jsonl.gz" -q
"$parallax" bench corpus --data "$data" --copies 10 --out "$work/news-250k.jsonl.gz" -q

measure() { # corpus label command…
  local corpus=$1 label=$2; shift 2
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" > "$work/$label.out" 2> "$work/$label.err" || true
  read -r wall rss < <(tail -1 "$work/time")
  printf '%s\t%s\t%s\t%d\n' "$corpus" "$label" "$wall" "$((rss / 1024))" | tee -a "$out"
}

for size in 1k 25k 250k; do
  corpus="$work/news-$size.jsonl.gz"
  measure "$size" dedup "$parallax" dedup --json "$corpus"
  rm -rf "$work/tables"
  measure "$size" batch-dedup "$parallax" batch --dedup-only --json --out "$work/tables" "$corpus" -q
  cmp "$work/dedup.out" "$work/batch-dedup.out"
  rm -rf "$work/tables"
  measure "$size" batch-articles "$parallax" batch --articles-only --out "$work/tables" "$corpus" -q
  rm -rf "$work/tables"
done
echo "identical dedup output at every size; figures in $out"
