#!/usr/bin/env python3
"""Builds eval/reuse/pairs.jsonl: text pairs of four reuse grades, for `parallax similar`.

- verbatim: a sentence of the demo corpus against its whole paragraph (a copy-pasted passage
  inside other text), and against itself with quotes, dashes and spacing changed.
- light-revision: a demo sentence with deterministic light edits (a reporting verb swapped, a
  few words dropped or replaced, numbers respelled), the way copy desks touch agency copy.
- heavy-revision: demo articles 000 and 003 (003 is an AI rewrite of 000), the sentence pairs
  that state one gold fact in eval/claims/demo.json.
- independent: BASIL dev statements of one gold fact by two independently written outlets
  (eval/claims/basil-dev.json), leaving out pairs that share a run of 5 words (a common quote).

Deterministic; run from the repository root: python3 eval/reuse/make_pairs.py
"""
import json, re

demo = json.load(open("eval/claims/demo.json"))["events"][0]
basil = json.load(open("eval/claims/basil-dev.json"))["events"]

def words(t):
    return re.findall(r"\w+", t.lower())

def shares_run(a, b, n=5):
    wa, wb = words(a), words(b)
    grams = {tuple(wa[i:i + n]) for i in range(len(wa) - n + 1)}
    return any(tuple(wb[i:i + n]) in grams for i in range(len(wb) - n + 1))

pairs = []
# Heavy revision: 000 vs 003 statements of one fact.
for fact in demo["facts"]:
    a = [s["text"] for s in fact["statements"] if s["article"] == "000"]
    b = [s["text"] for s in fact["statements"] if s["article"] == "003"]
    if a and b and a[0] != b[0]:
        pairs.append({"grade": "heavy-revision", "a": a[0], "b": b[0], "origin": f"demo {fact['id']} 000/003"})

# Independent: BASIL outlets not in one same_source group.
for event in basil:
    groups = [set(g) for g in event.get("same_source", [])]
    same = lambda x, y: any(x in g and y in g for g in groups)
    for fact in event["facts"]:
        st = fact["statements"]
        for i in range(len(st)):
            for j in range(i + 1, len(st)):
                x, y = st[i], st[j]
                if x["article"] == y["article"] or same(x["article"], y["article"]):
                    continue
                if shares_run(x["text"], y["text"]) or len(words(x["text"])) < 6 or len(words(y["text"])) < 6:
                    continue
                pairs.append({"grade": "independent", "a": x["text"], "b": y["text"],
                              "origin": f"basil {event['event'][:8]} {fact['id']} {x['article']}/{y['article']}"})
                break
            else:
                continue
            break

# Verbatim and light revision from demo statements of article 001 (long enough ones).
sources = [s["text"] for f in demo["facts"] for s in f["statements"] if s["article"] == "001" and len(words(s["text"])) >= 8]
text001 = open([p for p in __import__("glob").glob("examples/kim-putin/001_*.txt")][0]).read()
paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text001) if p.strip()]
SWAPS = [("said", "stated"), ("will", "would"), ("likely", "probably"), ("said", "told reporters"),
         ("meet", "hold talks with"), ("Russia", "Moscow"), ("weapons", "arms"), ("also", "further")]
def light(t, k):
    out = t
    for a, b in SWAPS[k % len(SWAPS):] + SWAPS[:k % len(SWAPS)]:
        if re.search(rf"\b{a}\b", out):
            out = re.sub(rf"\b{a}\b", b, out, count=1)
            break
    ws = out.split(" ")
    # Drop one word in every twelve (not the first).
    ws = [w for i, w in enumerate(ws) if i == 0 or (i + k) % 12 != 0]
    out = " ".join(ws)
    out = out.replace(" United States ", " U.S. ").replace(" percent", "%")
    return out
seen = set()
for k, s in enumerate(sources):
    if s in seen:
        continue
    seen.add(s)
    para = next((p for p in paragraphs if s in p and len(p) > len(s) + 40), None)
    if para:
        pairs.append({"grade": "verbatim", "a": s, "b": para, "origin": "demo 001 statement in its paragraph"})
    else:
        v = s.replace("“", '"').replace("”", '"').replace("’", "'").replace("—", "-").replace(" ", "  ", 1)
        pairs.append({"grade": "verbatim", "a": s, "b": v, "origin": "demo 001 statement, punctuation respelled"})
    l = light(s, k)
    if l != s:
        pairs.append({"grade": "light-revision", "a": s, "b": l, "origin": "demo 001 statement, light edits"})

with open("eval/reuse/pairs.jsonl", "w") as out:
    for i, p in enumerate(pairs):
        p = {"id": f"r{i + 1}", **p}
        out.write(json.dumps(p, ensure_ascii=False) + "\n")
from collections import Counter
print(Counter(p["grade"] for p in pairs))
