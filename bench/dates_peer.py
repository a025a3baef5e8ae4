#!/usr/bin/env python3
"""htmldate on its own evaluation set (the shared data's htmldate/ folder), extensive and fast.

For each labelled page: `htmldate.find_date(raw_bytes, url=url, original_date=True,
extensive_search=MODE)`; htmldate decodes the bytes itself. With --no-url the URL is
not passed (the origin's own comparison script passes only the HTML). Pages are read
and decompressed before timing starts; the timed part is the find_date calls only,
one process (one core), one pass per mode.

Scored with the origin's metric (one prediction per page, compared as a YYYY-MM-DD
string): correct date = TP, wrong date = FP, no date = FN, "no date" on a page labelled
without a date = TN (the origin's own script can never give a TN: it stores those labels
as NaN; the strict variant here counts it). Precision = TP/(TP+FP), recall = TP/(TP+FN),
accuracy = (TP+TN)/pages, F = 2TP/(2TP+FP+FN). `--output` writes `{page id: date or null}`
per mode, which `parallax eval dates --predictions FILE` scores with the Rust scorer.

Python is used here only to run the peer tool. Set it up with bench/setup-peers.sh
and run this with that venv's python.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import sys
import time
from importlib import metadata
from pathlib import Path


def default_data_dir() -> Path:
    """``../shared/data`` next to the repository checkout."""
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def load_pages(data_dir: Path, limit: int | None) -> list[tuple[str, str, str | None, bytes]]:
    """(id, url, gold date or None, raw HTML bytes), in label order."""
    root = data_dir / "htmldate"
    pages = []
    with gzip.open(root / "labels.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            label = json.loads(line)
            with gzip.open(root / label["html"], "rb") as page:
                pages.append((label["id"], label["url"], label["date"], page.read()))
            if limit is not None and len(pages) >= limit:
                break
    return pages


def score(pages, predictions) -> dict:
    """The origin's metric, plus the strict accuracy counting 'no date' right on date-less pages."""
    tp = fp = fn = tn = 0
    for (_, _, gold, _), predicted in zip(pages, predictions):
        if predicted is None:
            if gold is None:
                tn += 1
            fn += 1 if gold is not None else 0
        elif predicted == gold:
            tp += 1
        else:
            fp += 1
    n = len(pages)
    # Origin: a date-less page with no prediction is a false negative.
    o_fn = fn + tn
    return {
        "pages": n,
        "tp": tp,
        "fp": fp,
        "fn": o_fn,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + o_fn) if tp + o_fn else 0.0,
        "accuracy": tp / n if n else 0.0,
        "f1": 2 * tp / (2 * tp + fp + o_fn) if tp else 0.0,
        "strict_tn": tn,
        "strict_accuracy": (tp + tn) / n if n else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir(), help="folder holding htmldate/")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--mode", choices=["extensive", "fast", "both"], default="both")
    parser.add_argument("--no-url", action="store_true", help="do not pass the page URL")
    parser.add_argument("--output", type=Path, default=None,
                        help="write {id: date} per mode to OUTPUT with the mode in the name")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()

    from htmldate import find_date

    pages = load_pages(args.data, args.limit)
    modes = ["extensive", "fast"] if args.mode == "both" else [args.mode]
    results = []
    for mode in modes:
        extensive = mode == "extensive"
        predictions = []
        start = time.perf_counter()
        for _, url, _, raw in pages:
            try:
                found = find_date(raw, url=None if args.no_url else url, original_date=True,
                                  extensive_search=extensive)
            except Exception:  # a crash on one page counts as "no date"
                found = None
            predictions.append(found)
        seconds = time.perf_counter() - start
        report = score(pages, predictions)
        report.update({"system": f"htmldate {metadata.version('htmldate')} ({mode})",
                       "seconds": seconds, "pages_per_s": len(pages) / seconds if seconds else 0.0})
        results.append(report)
        if args.output is not None:
            path = args.output.with_name(f"{args.output.stem}-{mode}{args.output.suffix}")
            path.write_text(json.dumps({page[0]: p for page, p in zip(pages, predictions)}, indent=0))
        if not args.json:
            print(f"{report['system']}: {report['pages']} pages, P {report['precision']:.3f} "
                  f"R {report['recall']:.3f} F {report['f1']:.3f} accuracy {report['accuracy']:.3f} "
                  f"(strict {report['strict_accuracy']:.3f}); TP {report['tp']} FP {report['fp']} "
                  f"FN {report['fn']}; {report['pages_per_s']:.1f} pages/s ({report['seconds']:.1f} s, 1 process)")
    if args.json:
        json.dump({"schema": "parallax.bench-dates-peer/v1", "python": platform.python_version(),
                   "url_passed": not args.no_url, "results": results}, sys.stdout, indent=2)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
