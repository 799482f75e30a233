#!/usr/bin/python3
"""Feasibility prototype for issue 22: finding a sentence's translation without a pretrained encoder.

Each French sentence is expanded with the English translations of its words from Debian's FreeDict dictionaries
(and kept as is: names, numbers and cognates match by themselves), each English sentence the same way into French;
both expansions are scored by word + character 3-5-gram TF-IDF cosine, summed, and ranked by the bitext miners'
margin (similarity over the mean of each side's k nearest). The lexicon is then refined from the collection
itself: IBM Model 1 EM, both directions, over the pairs that are mutual nearest with a clear margin, a few rounds.

Prints P@1 fr->en and en->fr after each round on ../shared/eval/newstest2012-fr-en/dev.tsv (1,500 pairs).
Needs dict-freedict-fra-eng and dict-freedict-eng-fra (apt), python3-sklearn.

    /usr/bin/python3 scripts/eval/translation_prototype.py [--pairs PATH] [--rounds 4]
"""
import argparse
import collections
import csv
import gzip
import re
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

DICTD = Path("/usr/share/dictd")
BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def tokens(text):
    return re.findall(r"\w+", text.lower())


def freedict(name):
    """headword -> translations (one or two words each) of a dictd FreeDict database."""
    data = gzip.open(DICTD / f"freedict-{name}.dict.dz").read()

    def number(code):
        value = 0
        for ch in code:
            value = value * 64 + BASE64.index(ch)
        return value

    entries = collections.defaultdict(list)
    for line in open(DICTD / f"freedict-{name}.index", encoding="utf-8"):
        head, offset, length = line.rstrip("\n").split("\t")
        if head.startswith("00"):
            continue
        body = data[number(offset):number(offset) + number(length)].decode("utf-8")
        for sense in body.split("\n")[1:]:
            sense = sense.strip()
            if not sense or sense[0] in '/<"':
                continue
            for t in re.split(r"[,;]", re.sub(r"\(.*?\)|<.*?>|\[.*?\]", "", sense)):
                t = t.strip().lower()
                if t and len(t.split()) <= 2:
                    entries[head.lower()].append(t)
    return entries


def seed_lexicons():
    """French word -> English words, and the reverse, from both dictionaries."""
    fr_en, en_fr = collections.defaultdict(set), collections.defaultdict(set)
    for f, translations in freedict("fra-eng").items():
        for e in translations:
            fr_en[f].update(e.split())
    for e, translations in freedict("eng-fra").items():
        if len(e.split()) == 1:
            for f in translations:
                for w in f.split():
                    fr_en[w].add(e)
    for f, es in fr_en.items():
        for e in es:
            en_fr[e].add(f)
    return fr_en, en_fr


def expand(text, lexicon):
    out = []
    for w in tokens(text):
        out.append(w)
        out.extend(sorted(lexicon.get(w, ())))
    return " ".join(out)


def similarity(a, b):
    """Word + character 3-5-gram TF-IDF cosine, one vectoriser over both sides."""
    total = 0
    for kwargs in ({"analyzer": "word", "token_pattern": r"\w+"}, {"analyzer": "char_wb", "ngram_range": (3, 5)}):
        v = TfidfVectorizer(sublinear_tf=True, **kwargs).fit(a + b)
        total = total + (v.transform(a) @ v.transform(b).T).toarray()
    return total


def margin(s, k=4):
    near_a = np.sort(s, 1)[:, -k:].mean(1)
    near_b = np.sort(s, 0)[-k:, :].mean(0)
    return s / ((near_a[:, None] + near_b[None, :]) / 2 + 1e-9)


def ibm1(source, target, iterations=5, keep=3, share=0.15):
    """IBM Model 1 t(target word | source word) by EM; each source word keeps its best translations."""
    t = {(f, e): 1.0 for f_s, e_s in zip(source, target) for f in f_s for e in e_s}
    for _ in range(iterations):
        count, total = collections.defaultdict(float), collections.defaultdict(float)
        for f_s, e_s in zip(source, target):
            for f in set(f_s):
                z = sum(t[(f, e)] for e in e_s)
                for e in e_s:
                    c = t[(f, e)] / z
                    count[(f, e)] += c
                    total[e] += c
        t = {(f, e): c / total[e] for (f, e), c in count.items()}
    best = collections.defaultdict(list)
    for (f, e), p in t.items():
        if e != "NULL":
            best[f].append((p, e))
    learned = {}
    for f, candidates in best.items():
        candidates.sort(reverse=True)
        mass = sum(p for p, _ in candidates)
        learned[f] = {e for p, e in candidates[:keep] if p / mass > share}
    return learned


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", default=str(Path(__file__).resolve().parents[3] / "shared/eval/newstest2012-fr-en/dev.tsv"))
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    with open(args.pairs, encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    fr, en = [r[1] for r in rows], [r[2] for r in rows]
    seed_fr_en, seed_en_fr = seed_lexicons()
    fr_en, en_fr = seed_fr_en, seed_en_fr
    truth = np.arange(len(fr))
    for round_ in range(args.rounds):
        s = similarity([expand(x, fr_en) for x in fr], en) + similarity(fr, [expand(x, en_fr) for x in en])
        m = margin(s)
        print(f"round {round_}: P@1 fr->en {np.mean(m.argmax(1) == truth):.3f}, en->fr {np.mean(m.argmax(0) == truth):.3f}"
              f" (without the margin {np.mean(s.argmax(1) == truth):.3f}, {np.mean(s.argmax(0) == truth):.3f})")
        best_en, best_fr = m.argmax(1), m.argmax(0)
        confident = [(i, best_en[i]) for i in range(len(fr)) if best_fr[best_en[i]] == i and m[i, best_en[i]] > 1.1]
        print(f"  {len(confident)} confident pairs ({sum(i == j for i, j in confident)} right) refine the lexicon")
        f_words = [tokens(fr[i]) for i, _ in confident]
        e_words = [tokens(en[j]) for _, j in confident]
        learned_fr_en = ibm1(f_words, [e + ["NULL"] for e in e_words])
        learned_en_fr = ibm1(e_words, [f + ["NULL"] for f in f_words])
        fr_en = {w: seed_fr_en.get(w, set()) | learned_fr_en.get(w, set()) for w in set(seed_fr_en) | set(learned_fr_en)}
        en_fr = {w: seed_en_fr.get(w, set()) | learned_en_fr.get(w, set()) for w in set(seed_en_fr) | set(learned_en_fr)}


if __name__ == "__main__":
    main()
