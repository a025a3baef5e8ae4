"""Compares a fresh fit of a logistic model's weights file (`header`, then `name value` lines,
as `parallax train matcher|stories` write them) with the bundled one, to a tolerance.

Usage: python3 scripts/compare_weights.py FRESH BUNDLED [--tolerance T]
Exit status 1 when the names differ or a weight differs by more than T (default 1e-6).
"""

import argparse
import sys


def read(path):
    lines = open(path).read().split("\n")
    return lines[0], {k: float(v) for k, v in (line.split(" ") for line in lines[1:] if line)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fresh")
    parser.add_argument("bundled")
    parser.add_argument("--tolerance", type=float, default=1e-6)
    args = parser.parse_args()
    fresh_header, fresh = read(args.fresh)
    bundled_header, bundled = read(args.bundled)
    if fresh_header != bundled_header or fresh.keys() != bundled.keys():
        sys.exit(f"{args.bundled}: not the same model as the fresh fit {args.fresh}")
    worst = max(abs(fresh[k] - bundled[k]) for k in bundled)
    print(f"{args.bundled}: largest difference from a fresh fit {worst:.2e} (at most {args.tolerance:g})")
    if worst > args.tolerance:
        sys.exit(f"{args.bundled} differs from a fresh fit")


if __name__ == "__main__":
    main()
