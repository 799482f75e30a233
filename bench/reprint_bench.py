#!/usr/bin/python3
"""`index` and `pairs` on a corpus full of reprints, against a scikit-learn baseline, in one run.

The corpus (deterministic from --seed) is what wire copy makes of news: a few thousand wire stories, each carried
by 5 to 300 outlets (a Zipf law) verbatim, trimmed (paragraphs cut from the end) or lightly edited (one word in 15
replaced, a sentence dropped), plus articles that mix the sentences of several wire stories, and the remaining
articles written on their own. Text is French- or English-like pseudo-text (the generator of pipeline_bench in
spirit: real function words, pseudo-words drawn with a Zipf law), ~2,700 characters an article. The truth is the
wire story each reprint comes from.

Prints, for parallax (`index`, then `pairs --json`) and for the obvious alternative (scikit-learn TF-IDF over
words, brute-force cosine 10-NN over all articles, one thread): wall time, CPU time, peak memory, pairs per
second, and how many reprints are found paired with their wire story (or a sibling reprint).

    /usr/bin/python3 bench/reprint_bench.py --articles 20000 [--build build] [--seed 1] [--skip-sklearn]
"""
import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FUNCTION = {
    "fr": "le la les de des du un une et en à au aux pour par sur dans avec que qui ne pas plus il elle ils a est "
          "sont été ce cette ces son sa ses leur".split(),
    "en": "the of and to in a is that for on with as was by at from it be are this have has an will were said "
          "their its they which who not but".split(),
}
SYLLABLES = {
    "fr": "ba be bi bo bu da de di do du fa fe fi fo la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro "
          "ru sa se si so su ta te ti to tu vé cé lé mé ré".split(),
    "en": "ka ke ki ko ku ga ge gi go gu ha he hi ho hu ja je jo ju pa pe pi po pu wa we wi wo wu ya ye yo "
          "ster ton ly ing er".split(),
}


class Language:
    def __init__(self, lang, rng, words=6000):
        self.lang = lang
        self.words = ["".join(rng.choice(SYLLABLES[lang]) for _ in range(rng.randint(1, 4))) for _ in range(words)]
        self.weights = [1.0 / (rank + 1) for rank in range(words)]

    def sentence(self, rng):
        n = rng.randint(10, 28)
        content = rng.choices(self.words, weights=self.weights, k=n)
        words = [w if rng.random() > 0.35 else rng.choice(FUNCTION[self.lang]) for w in content]
        return words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice([".", ".", ".", "?", "!"])


def paragraphs(lang, rng, sentences=22):
    s = [lang.sentence(rng) for _ in range(sentences)]
    return [" ".join(s[i:i + 4]) for i in range(0, len(s), 4)]


def edit(paras, lang, rng):
    out = []
    for p in paras:
        sentences = p.split(". ")
        if len(sentences) > 2 and rng.random() < 0.3:
            sentences.pop(rng.randrange(len(sentences)))
        words = ". ".join(sentences).split(" ")
        for i in range(len(words)):
            if rng.random() < 1 / 15:
                words[i] = rng.choice(lang.words[:500])
        out.append(" ".join(words))
    return out


def make_corpus(n, seed, path):
    """Writes the corpus as JSONL; returns {article id: wire story id} for the reprints."""
    rng = random.Random(seed)
    languages = {lang: Language(lang, random.Random(seed * 7 + i)) for i, lang in enumerate(("fr", "en"))}
    outlets = [f"outlet{i:03d}" for i in range(400)]
    truth, records = {}, []
    stories = max(1, n // 40)
    # Zipf over [5, 300] outlets a story.
    carriers = [min(300, max(5, int(5 / (rng.random() ** 0.9 + 1e-3)))) for _ in range(stories)]
    scale = min(1.0, 0.6 * n / sum(carriers))
    for s in range(stories):
        lang = languages[rng.choice(("fr", "en"))]
        wire = paragraphs(lang, rng)
        day = rng.randint(1, 28)
        wire_id = f"wire{s:05d}"
        records.append({"id": wire_id, "outlet": "wire", "date": f"2024-03-{day:02d}", "lang": lang.lang,
                        "title": wire[0].split(".")[0], "text": "\n\n".join(wire), "_paras": wire, "_lang": lang})
        for r in range(max(1, int(carriers[s] * scale))):
            kind = rng.random()
            body = wire if kind < 0.4 else wire[:rng.randint(2, len(wire))] if kind < 0.7 else edit(wire, lang, rng)
            rid = f"{wire_id}-r{r:03d}"
            truth[rid] = wire_id
            records.append({"id": rid, "outlet": rng.choice(outlets), "date": f"2024-03-{min(28, day + rng.randint(0, 2)):02d}",
                            "lang": lang.lang, "title": body[0].split(".")[0], "text": "\n\n".join(body)})
    wires = [r for r in records if r["id"].startswith("wire") and "-" not in r["id"]]
    while len(records) < n:
        lang = languages[rng.choice(("fr", "en"))]
        if rng.random() < 0.3:  # a roundup of several wire stories' paragraphs
            picks = [w for w in rng.sample(wires, min(3, len(wires))) if w["_lang"] is lang] or [wires[0]]
            body = [rng.choice(w["_paras"]) for w in picks] + paragraphs(lang, rng, 8)
        else:
            body = paragraphs(lang, rng)
        records.append({"id": f"own{len(records):06d}", "outlet": rng.choice(outlets),
                        "date": f"2024-03-{rng.randint(1, 28):02d}", "lang": lang.lang,
                        "title": body[0].split(".")[0], "text": "\n\n".join(body)})
    rng.shuffle(records)
    with open(path, "w", encoding="utf-8") as out:
        for r in records[:n]:
            out.write(json.dumps({k: v for k, v in r.items() if not k.startswith("_")}, ensure_ascii=False) + "\n")
    kept = {r["id"] for r in records[:n]}
    return {a: w for a, w in truth.items() if a in kept and w in kept}


def timed(command):
    """Runs a command; returns (wall s, cpu s, peak MB, stdout)."""
    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        sys.exit(f"reprint_bench: {' '.join(command)} failed:\n{run.stderr[-2000:]}")
    peak_kb = int(run.stderr.strip().splitlines()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, peak_kb / 1024, run.stdout


SKLEARN = r"""
import json, sys
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neighbors import NearestNeighbors
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
x = TfidfVectorizer(sublinear_tf=True).fit_transform(d["text"] for d in docs)
nn = NearestNeighbors(n_neighbors=11, metric="cosine", algorithm="brute", n_jobs=1).fit(x)
dist, idx = nn.kneighbors(x)
for i, (ds, js) in enumerate(zip(dist, idx)):
    for d, j in zip(ds, js):
        if j != i and 1 - d >= 0.5:
            print(docs[i]["id"], docs[j]["id"], sep="\t")
"""


def recall(pairs, truth):
    """Reprints paired with their wire story or with a reprint of the same story. With reprint groups (the
    default of `pairs`), a reprint confirmed as a copy is listed with its group's source, the earliest copy
    (marked "duplicate_of"): that pair counts like any other, the pairs with its sibling copies are not listed."""
    story = dict(truth)
    story.update({w: w for w in truth.values()})
    found = set()
    for a, b in pairs:
        if a in truth and story.get(b) == truth[a]:
            found.add(a)
        if b in truth and story.get(a) == truth[b]:
            found.add(b)
    return len(found) / max(1, len(truth))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build", default=str(Path(__file__).resolve().parents[1] / "build"))
    parser.add_argument("--skip-sklearn", action="store_true")
    args = parser.parse_args()
    binary = str(Path(args.build) / "parallax")
    with tempfile.TemporaryDirectory() as work:
        corpus = os.path.join(work, "corpus.jsonl")
        truth = make_corpus(args.articles, args.seed, corpus)
        size = os.path.getsize(corpus)
        print(f"reprint corpus: {args.articles:,} articles, {size / args.articles:,.0f} bytes each, "
              f"{len(truth):,} reprints of {len(set(truth.values())):,} wire stories (seed {args.seed})")
        db = os.path.join(work, "db")
        rows = []
        wall, cpu, peak, _ = timed([binary, "index", corpus, "--db", db])
        rows.append(("parallax index", wall, cpu, peak, args.articles / wall, "articles/s", ""))
        wall, cpu, peak, out = timed([binary, "pairs", "--db", db, "--json"])
        listed = [json.loads(line) for line in out.splitlines()]
        pairs = [(p["a"]["id"], p["b"]["id"]) for p in listed]
        grouped = sum(1 for p in listed if "duplicate_of" in p)
        rows.append(("parallax pairs", wall, cpu, peak, len(pairs) / wall, "pairs/s",
                     f"{len(pairs):,} pairs ({grouped:,} of a reprint and its group's source); "
                     f"reprints found {recall(pairs, truth):.3f}"))
        if not args.skip_sklearn:
            script = os.path.join(work, "baseline.py")
            Path(script).write_text(SKLEARN)
            env_threads = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
            os.environ.update(env_threads)
            wall, cpu, peak, out = timed(["/usr/bin/python3", script, corpus])
            pairs = [tuple(l.split("\t")) for l in out.splitlines()]
            rows.append(("scikit-learn TF-IDF + brute 10-NN", wall, cpu, peak, args.articles / wall, "articles/s",
                         f"{len(pairs):,} pairs at cosine >= 0.5; reprints found {recall(pairs, truth):.3f}"))
        print(f"\n  {'run':36} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'rate':>18}  notes")
        for name, wall, cpu, peak, rate, unit, notes in rows:
            print(f"  {name:36} {wall:8.1f} {cpu:8.1f} {peak:8.0f} {rate:10,.0f} {unit:<8}  {notes}")
        print(f"\n  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
