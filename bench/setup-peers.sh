#!/usr/bin/env bash
# Creates a throwaway Python virtual environment holding the peer extraction tools
# that bench/ measures against (Python is used only to run peer tools).
#
# Usage: bench/setup-peers.sh
# The venv location can be overridden with PARALLAX_BENCH_VENV.
set -euo pipefail

VENV="${PARALLAX_BENCH_VENV:-/tmp/parallax-bench-venv}"
PYTHON="${PYTHON:-python3}"

# Pinned peer versions: bump deliberately, and record the version with any published numbers.
TRAFILATURA_VERSION="2.3.1"

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "trafilatura==${TRAFILATURA_VERSION}"
"$VENV/bin/python" -c 'import trafilatura; print("trafilatura", trafilatura.__version__)'
echo "venv ready: $VENV"
echo "run: $VENV/bin/python bench/trafilatura_extract.py --help"
