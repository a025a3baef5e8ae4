#!/usr/bin/env python3
"""Near-duplicate peers (datasketch, rensa) on the news corpus: MinHash + banded LSH.

Every tool gets the same shingles and the same LSH banding, so the candidate pairs
can be compared with Parallax's own MinHash/LSH (which shingles exactly the same way):

    tokens   = re.findall(r"\\w+", text.lower())
    shingles = {" ".join(tokens[i:i+k]) for i in range(len(tokens) - k + 1)}
               # fewer than k tokens (but some): one shingle " ".join(tokens)
               # no tokens: no shingles

The corpus is read and JSON-parsed before timing starts. The timed run is one pass in
this process: for each article, tokenise + shingle, then sign (MinHash), then insert
into the LSH index; after all inserts, query every article's signature. Each phase is
timed separately (perf_counter around each step, summed), and the whole pass is timed
end to end.

Candidate pairs are the LSH collisions (a doc's query result minus itself), as
unordered pairs with id_a < id_b. For reference (not timed) the exact shingle Jaccard
of every candidate pair is computed and the pairs at or above --threshold counted.

Python is used here only to run the peer tools. Set them up with bench/setup-peers.sh
and run this with that venv's python.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import sys
import time
from importlib import metadata
from pathlib import Path

TOKEN_RE = re.compile(r"\w+")


def default_data_path() -> Path:
    """``../shared/data/news-corpus/articles.jsonl.gz`` next to the repository checkout."""
    return (
        Path(__file__).resolve().parent.parent.parent
        / "shared" / "data" / "news-corpus" / "articles.jsonl.gz"
    )


def load_articles(path: Path, limit: int | None) -> list[tuple[str, str]]:
    """(id, text) for the first `limit` articles (all if None), in file order."""
    with gzip.open(path, "rb") as f:
        raw = f.read().decode("utf-8", errors="replace")
    out: list[tuple[str, str]] = []
    # split("\n"), not splitlines(): texts may hold U+2028 and friends.
    for line in raw.split("\n"):
        if not line.strip():
            continue
        obj = json.loads(line)
        out.append((obj["id"], obj.get("text") or ""))
        if limit is not None and len(out) >= limit:
            break
    return out


def shingle(text: str, k: int) -> set[str]:
    tokens = TOKEN_RE.findall(text.lower())
    if not tokens:
        return set()
    if len(tokens) < k:
        return {" ".join(tokens)}
    return {" ".join(tokens[i:i + k]) for i in range(len(tokens) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def pairs_from_neighbours(ids: list[str], neighbours: list[list]) -> set[tuple[str, str]]:
    """Unordered pairs (id_a < id_b) from each doc's query result, self excluded."""
    pairs: set[tuple[str, str]] = set()
    for i, found in enumerate(neighbours):
        me = ids[i]
        for other in found:
            if other == me:
                continue
            pairs.add((me, other) if me < other else (other, me))
    return pairs


# --------------------------------------------------------------------------- tools


def run_datasketch(docs, args, timers):
    from datasketch import MinHash, MinHashLSH

    ids = [doc_id for doc_id, _ in docs]
    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.num_perm,
                     params=(args.bands, args.rows))
    sigs = []
    pc = time.perf_counter
    for doc_id, text in docs:
        t0 = pc()
        sh = shingle(text, args.shingle)
        t1 = pc()
        m = MinHash(num_perm=args.num_perm, seed=1)  # default hashfunc: sha1_hash32
        m.update_batch([s.encode("utf-8") for s in sh])
        t2 = pc()
        lsh.insert(doc_id, m)
        t3 = pc()
        timers["shingle"] += t1 - t0
        timers["sign"] += t2 - t1
        timers["lsh_insert"] += t3 - t2
        sigs.append(m)
    t0 = pc()
    neighbours = [lsh.query(m) for m in sigs]
    pairs = pairs_from_neighbours(ids, neighbours)
    timers["lsh_query"] += pc() - t0
    probe = MinHash(num_perm=args.num_perm, seed=1)
    details = {
        "minhash": f"MinHash(num_perm={args.num_perm}, seed=1), scheme={probe.scheme}, "
                   f"hashfunc={probe.hashfunc.__name__}; update_batch(shingle.encode('utf-8'))",
        "lsh": f"MinHashLSH(threshold={args.threshold}, num_perm={args.num_perm}, "
               f"params=({args.bands}, {args.rows})) (threshold unused when params given)",
        "keys": "article id strings",
    }
    return pairs, details


def run_rensa(docs, args, timers):
    from rensa import RMinHash, RMinHashLSH

    ids = [doc_id for doc_id, _ in docs]
    if args.num_perm % args.bands != 0 or args.num_perm // args.bands != args.rows:
        raise SystemExit(
            f"rensa derives rows = num_perm / num_bands; --bands {args.bands} --rows {args.rows} "
            f"does not match --num-perm {args.num_perm}"
        )
    lsh = RMinHashLSH(args.threshold, args.num_perm, args.bands)
    pc = time.perf_counter
    if args.rensa_api == "object":
        sigs = []
        for index, (_doc_id, text) in enumerate(docs):
            t0 = pc()
            sh = list(shingle(text, args.shingle))
            t1 = pc()
            m = RMinHash(args.num_perm, 42)
            m.update(sh)
            t2 = pc()
            lsh.insert(index, m)
            t3 = pc()
            timers["shingle"] += t1 - t0
            timers["sign"] += t2 - t1
            timers["lsh_insert"] += t3 - t2
            sigs.append(m)
        t0 = pc()
        neighbours = [[ids[j] for j in lsh.query(m)] for m in sigs]
    else:  # batch: rensa's bulk API, in chunks to bound memory
        sigs = []
        chunk = args.rensa_chunk
        for start in range(0, len(docs), chunk):
            part = docs[start:start + chunk]
            t0 = pc()
            token_sets = [list(shingle(text, args.shingle)) for _doc_id, text in part]
            t1 = pc()
            ms = RMinHash.from_token_sets(token_sets, args.num_perm, 42)
            t2 = pc()
            lsh.insert_many(ms, start)
            t3 = pc()
            timers["shingle"] += t1 - t0
            timers["sign"] += t2 - t1
            timers["lsh_insert"] += t3 - t2
            sigs.extend(ms)
        t0 = pc()
        neighbours = [[ids[j] for j in found] for found in lsh.query_all(sigs)]
    pairs = pairs_from_neighbours(ids, neighbours)
    timers["lsh_query"] += pc() - t0
    details = {
        "minhash": (f"RMinHash({args.num_perm}, seed=42).update(list(shingles))"
                    if args.rensa_api == "object" else
                    f"RMinHash.from_token_sets(chunks of {args.rensa_chunk}, {args.num_perm}, seed=42)"),
        "lsh": f"RMinHashLSH(threshold={args.threshold}, num_perm={args.num_perm}, "
               f"num_bands={args.bands}) -> rows {args.num_perm // args.bands}"
               + ("; insert + query" if args.rensa_api == "object" else "; insert_many + query_all"),
        "keys": "article index (usize), mapped back to ids",
        "rensa_api": args.rensa_api,
        "RAYON_NUM_THREADS": os.environ.get("RAYON_NUM_THREADS"),
    }
    return pairs, details


TOOLS = {"datasketch": run_datasketch, "rensa": run_rensa}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=default_data_path())
    ap.add_argument("--tool", choices=sorted(TOOLS), required=True)
    ap.add_argument("--shingle", type=int, default=5, help="words per shingle (k)")
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--bands", type=int, default=8)
    ap.add_argument("--rows", type=int, default=16)
    ap.add_argument("--threshold", type=float, default=0.8,
                    help="LSH threshold where a tool needs one (rensa); also the exact-Jaccard "
                         "reference cut-off")
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--rensa-api", choices=("object", "batch"), default="object",
                    help="rensa only: one RMinHash per doc (object) or from_token_sets + "
                         "insert_many + query_all (batch)")
    ap.add_argument("--rensa-chunk", type=int, default=1000, help="docs per batch call")
    ap.add_argument("--candidates-out", type=Path, default=None,
                    help="write sorted 'id_a<TAB>id_b' lines")
    ap.add_argument("--jaccard-out", type=Path, default=None,
                    help="write sorted 'id_a<TAB>id_b<TAB>exact Jaccard' lines (6 decimals)")
    ap.add_argument("--json-out", type=Path, default=None)
    args = ap.parse_args()
    if args.bands * args.rows > args.num_perm:
        ap.error("bands * rows must not exceed num-perm")

    docs = load_articles(args.data, args.limit)

    timers = {"shingle": 0.0, "sign": 0.0, "lsh_insert": 0.0, "lsh_query": 0.0}
    t_start = time.perf_counter()
    pairs, details = TOOLS[args.tool](docs, args, timers)
    end_to_end = time.perf_counter() - t_start

    # Reference, not timed: exact shingle Jaccard of every candidate pair.
    texts = dict(docs)
    needed = sorted({doc_id for pair in pairs for doc_id in pair})
    sets = {doc_id: shingle(texts[doc_id], args.shingle) for doc_id in needed}
    sorted_pairs = sorted(pairs)
    sims = [jaccard(sets[a], sets[b]) for a, b in sorted_pairs]
    at_threshold = sum(1 for s in sims if s >= args.threshold)
    buckets = {">=0.9": 0, "0.8-0.9": 0, "0.5-0.8": 0, "<0.5": 0}
    for s in sims:
        if s >= 0.9:
            buckets[">=0.9"] += 1
        elif s >= 0.8:
            buckets["0.8-0.9"] += 1
        elif s >= 0.5:
            buckets["0.5-0.8"] += 1
        else:
            buckets["<0.5"] += 1

    if args.candidates_out:
        with open(args.candidates_out, "w", encoding="utf-8") as f:
            for a, b in sorted_pairs:
                f.write(f"{a}\t{b}\n")

    if args.jaccard_out:
        with open(args.jaccard_out, "w", encoding="utf-8") as f:
            for (a, b), sim in zip(sorted_pairs, sims):
                f.write(f"{a}\t{b}\t{sim:.6f}\n")

    report = {
        "tool": args.tool,
        "version": metadata.version(args.tool),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "params": {
            "shingle_words": args.shingle,
            "shingling": 'tokens = re.findall(r"\\w+", text.lower()); word k-gram set',
            "num_perm": args.num_perm,
            "bands": args.bands,
            "rows": args.rows,
            "threshold": args.threshold,
            "limit": args.limit,
            **details,
        },
        "docs": len(docs),
        "seconds": {
            "end_to_end": round(end_to_end, 3),
            **{name: round(value, 3) for name, value in timers.items()},
        },
        "docs_per_s": round(len(docs) / end_to_end, 1) if end_to_end > 0 else None,
        "candidate_pairs": len(pairs),
        "candidates_exact_jaccard_at_or_above_threshold": at_threshold,
        "candidates_exact_jaccard_histogram": buckets,
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
