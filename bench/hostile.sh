#!/usr/bin/env bash
# Time and peak memory of `parallax ingest` on hostile and heavy inputs (issue 21), one input at a
# time into a fresh database, then all of them mixed into a folder with the demo corpus.
#
#   bash bench/hostile.sh [OUT_DIR]     (default target/hostile; needs GNU time: /usr/bin/time)
#
# Prints a Markdown table: input, size, wall time, peak RSS, and the peak RSS above the run on a
# one-line input (the process's own baseline) as a multiple of the input size (for inputs of
# 1 MB and more; below that the baseline's own variation dominates).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/hostile}
binary=${PARALLAX_BIN:-target/release/parallax}
[ -x "$binary" ] || cargo build --release --locked -q -p parallax-cli
[ -x /usr/bin/time ] || { echo "needs GNU time (Debian package \`time\`)" >&2; exit 2; }
rm -rf "$out" && mkdir -p "$out/inputs"
python3 - "$out/inputs" <<'PY'
import json, random, sys
out = sys.argv[1]
random.seed(21)
def write(name, text):
    with open(f"{out}/{name}", "w") as f:
        f.write(text)
words = ["storm", "Maine", "hit", "Tuesday", "the", "of", "Boston", "said", "January", "on", "in",
         "June 3", "2024", "and", "people", "five", "miles"]
n = 100_000
write("deep.html", "<html><body>" + "<div>" * n + "<p>A storm hit Maine on Tuesday.</p>" + "</div>" * n + "</body></html>")
write("nostop.txt", "Title line\n\n" + " ".join(random.choice(words) for _ in range(700_000)))
page = lambda title, body: f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
def record(uri, html, length=None):
    block = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(html.encode())}\r\n\r\n{html}"
    length = length or str(len(block.encode()))
    return (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-09-05T10:00:00Z\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n{block}\r\n\r\n")
write("huge-length.warc",
      record("https://example.com/one", page("Ferry sails at dawn", "The ferry to the island will sail at dawn, the harbour master said on Monday. " * 20))
      + record("https://example.com/bad", page("Bad", "A record whose length is a lie."), "1000000000000000")
      + record("https://example.com/three", page("Bridge reopens", "The old bridge over the river reopened to traffic on Friday after repairs, the city said. " * 20)))
write("attributes.html", "<html><body><div " + " ".join(f'a{i}="v"' for i in range(200_000)) + ">x</div><p>A storm hit Maine on Tuesday.</p></body></html>")
write("bare-tags.html", "<html><body>" + "<b><p>x</b>y</p>" * 200_000 + "</body></html>")
write("siblings.html", "<html><body>" + "<div>storm news here</div>" * 200_000 + "</body></html>")
write("lines.txt", "Title\n\n" + "a b c.\n" * 500_000)
write("sentences.txt", "Title\n\n" + " ".join("He said it was bad." for _ in range(200_000)))
write("paragraphs.txt", "Title\n\n" + "\n\n".join("Kim Jong Un met Vladimir Putin in Vladivostok on Tuesday, officials said." for _ in range(50_000)))
write("numbers.txt", "Title\n\n" + " ".join(f"{random.randint(0, 10**6)} {random.choice(['miles', 'km', 'people', 'dollars', '%', 'million'])}" for _ in range(300_000)))
write("one-record.jsonl", json.dumps({"id": "big", "title": "T", "text": " ".join(random.choice(words) for _ in range(600_000))}) + "\n")
write("tiny.txt", "Council votes\n\nThe council voted on Monday.\n")
PY
measure() { # name input...
  local name=$1; shift
  local db="$out/$name.db"
  rm -f "$db"*
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$binary" ingest --no-model -q --db "$db" "$@" \
    >/dev/null 2>"$out/$name.stderr" || true
  read -r seconds kilobytes < <(tail -n 1 "$out/$name.time")
  echo "$seconds $kilobytes"
}
read -r _ baseline < <(measure baseline "$out/inputs/tiny.txt")
echo "| input | size | wall s | peak RSS MB | (RSS − baseline) / size |"
echo "| --- | --- | --- | --- | --- |"
for input in "$out"/inputs/*; do
  name=$(basename "$input")
  [ "$name" = tiny.txt ] && continue
  bytes=$(stat -c %s "$input")
  read -r seconds kilobytes < <(measure "$name" "$input")
  awk -v n="$name" -v b="$bytes" -v s="$seconds" -v k="$kilobytes" -v base="$baseline" 'BEGIN {
    ratio = b < 1e6 ? "–" : sprintf("%.1f×", (k - base) * 1024 / b)
    printf "| %s | %.2f MB | %.2f | %.0f | %s |\n", n, b / 1e6, s, k / 1024, ratio }'
done
mkdir -p "$out/mixed"
cp examples/kim-putin/* "$out/inputs/deep.html" "$out/inputs/nostop.txt" "$out/inputs/huge-length.warc" "$out/mixed/"
read -r seconds kilobytes < <(measure mixed "$out/mixed")
echo
echo "Demo corpus + deep.html + nostop.txt + huge-length.warc in one folder: ${seconds} s, $((kilobytes / 1024)) MB peak; stderr:"
sed 's/^/    /' "$out/mixed.stderr"
echo "baseline (a one-line text): $((baseline / 1024)) MB"
