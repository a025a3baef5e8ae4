#!/usr/bin/env python3
"""Throughput of trafilatura (the Python peer tool) on Parallax's evaluation data sets.

Loads every page of one data set into memory, then times
``trafilatura.extract(html, url=url, include_comments=False)`` over all pages in this
process, and again on a multiprocessing pool of N worker processes. Prints one JSON
object (pages, seconds and pages/s for 1 and N processes, plus the exact settings),
and optionally writes the predictions as JSON (page id -> text) so that F1 can be
scored by Parallax's own Rust scorer (crate ``parallax-eval``, ``load_predictions``).

Python is used here only to run the peer tool; all scoring happens in Rust.
Set the tool up with ``bench/setup-peers.sh`` and run this with that venv's python.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import platform
import sys
import time
from pathlib import Path

import trafilatura

# Exactly what is passed to trafilatura.extract besides the HTML. Everything else is
# trafilatura's default (output_format="txt", favor_precision/favor_recall False,
# include_tables True, include_formatting/include_links/include_images False,
# deduplicate False); url is the page's URL from the data set, or None.
EXTRACT_KWARGS = {"include_comments": False}

DATASETS = ("article-extraction", "wcxb")

# Filled in the parent before the pool forks, so workers share it without pickling.
_PAGES: list[tuple[str, str | None, str]] = []


def default_data_dir() -> Path:
    """``../shared/data`` next to the repository checkout."""
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def read_gz_text(path: Path) -> str:
    # Same decoding as the Rust loader: UTF-8 with invalid bytes replaced.
    with gzip.open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def load_pages(data_dir: Path, dataset: str) -> list[tuple[str, str | None, str]]:
    """Returns (id, url, html) for every page, sorted by id."""
    if dataset == "article-extraction":
        root = data_dir / "article-extraction"
        truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        items = [(page_id, entry.get("url")) for page_id, entry in truth.items()]
    elif dataset == "wcxb":
        root = data_dir / "wcxb-dev"
        # split("\n"), not splitlines(): the texts hold U+2028 and friends, which
        # splitlines() would treat as line ends inside JSON strings.
        lines = read_gz_text(root / "ground-truth.jsonl.gz").split("\n")
        entries = [json.loads(line) for line in lines if line.strip()]
        items = [(entry["file_id"], entry.get("url")) for entry in entries]
    else:
        raise ValueError(f"unknown data set `{dataset}`")
    items.sort()
    return [(page_id, url, read_gz_text(root / "html" / f"{page_id}.html.gz")) for page_id, url in items]


def extract_page(index: int) -> str:
    _page_id, url, html = _PAGES[index]
    return trafilatura.extract(html, url=url, **EXTRACT_KWARGS) or ""


def warm_up() -> None:
    # First calls pay for lazy imports and caches; keep that out of the timings.
    if _PAGES:
        extract_page(0)


def time_single(passes: int) -> tuple[float, list[str]]:
    warm_up()
    outputs: list[str] = []
    started = time.perf_counter()
    for _ in range(passes):
        outputs = [extract_page(index) for index in range(len(_PAGES))]
    return time.perf_counter() - started, outputs


def time_pool(processes: int, passes: int) -> tuple[float, float, list[str]]:
    """Returns (seconds of the timed passes, pool start-up seconds, outputs)."""
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with context.Pool(processes=processes, initializer=warm_up) as pool:
        # Make sure every worker has started and warmed up before timing.
        pool.map(time.sleep, [0.01] * processes, chunksize=1)
        startup = time.perf_counter() - started
        chunksize = max(1, len(_PAGES) // (processes * 8))
        outputs: list[str] = []
        started = time.perf_counter()
        for _ in range(passes):
            outputs = pool.map(extract_page, range(len(_PAGES)), chunksize=chunksize)
        elapsed = time.perf_counter() - started
    return elapsed, startup, outputs


def measurement(processes: int, pages: int, passes: int, seconds: float) -> dict:
    return {
        "processes": processes,
        "pages": pages * passes,
        "seconds": round(seconds, 4),
        "pages_per_second": round(pages * passes / seconds, 2) if seconds > 0 else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=default_data_dir(),
                        help="folder holding article-extraction/ and wcxb-dev/ (default: ../shared/data)")
    parser.add_argument("--dataset", choices=DATASETS, default="article-extraction")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="worker processes of the parallel run (default: CPU count)")
    parser.add_argument("--passes", type=int, default=1, help="timed passes over all pages per mode")
    parser.add_argument("--output", type=Path,
                        help="write predictions here as JSON: {page id: extracted text}")
    args = parser.parse_args()
    if args.processes < 1 or args.passes < 1:
        parser.error("--processes and --passes must be at least 1")

    global _PAGES
    load_started = time.perf_counter()
    _PAGES = load_pages(args.data_dir, args.dataset)
    load_seconds = time.perf_counter() - load_started
    if not _PAGES:
        print(f"error: no pages found for `{args.dataset}` in `{args.data_dir}`", file=sys.stderr)
        return 1

    single_seconds, single_outputs = time_single(args.passes)
    pool_seconds, pool_startup, pool_outputs = time_pool(args.processes, args.passes)

    if args.output:
        predictions = {page_id: text for (page_id, _, _), text in zip(_PAGES, single_outputs)}
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(predictions, ensure_ascii=False), encoding="utf-8")

    pages = len(_PAGES)
    report = {
        "tool": "trafilatura",
        "version": trafilatura.__version__,
        "call": "trafilatura.extract(html, url=url, include_comments=False)",
        "settings": {"url": "page url from the data set", **EXTRACT_KWARGS},
        "dataset": args.dataset,
        "pages": pages,
        "html_bytes": sum(len(html.encode("utf-8")) for _, _, html in _PAGES),
        "passes": args.passes,
        "load_seconds": round(load_seconds, 3),
        "single": measurement(1, pages, args.passes, single_seconds),
        "parallel": {**measurement(args.processes, pages, args.passes, pool_seconds),
                     "pool_startup_seconds": round(pool_startup, 3)},
        "outputs_identical": single_outputs == pool_outputs,
        "empty_outputs": sum(1 for text in single_outputs if not text),
        "predictions": str(args.output) if args.output else None,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
