#!/usr/bin/python3
"""Translated coverage: finding a sentence's translation, and a translated article's passages.

1. WMT newstest2012 dev (../shared/eval/newstest2012-fr-en/dev.tsv, read by path): its 1,500 French sentences and
   their 1,500 English translations are indexed as one collection (`parallax index --dictionaries installed`, which fits the lexicon from
   the installed FreeDict dictionaries and refines it on these texts), then `parallax pairs --min-relation
   related --json --passages` lists the related pairs. P@1 fr->en: the share of French sentences whose listed
   `translation` partner of the highest `translation_margin` is their translation (a sentence with no such
   partner counts as a miss); en->fr the same way. Also P@1 over every listed partner in the other language,
   whatever its relation (ranked by `translation_margin`, then similarity). Precision and recall: of the listed
   translation pairs at the product's thresholds.
2. data/translations/pairs.jsonl (the project's own translated articles, ground truth from the assembly):
   PAN plagdet of the passages `parallax compare` reports, by parallax_align_eval.
3. search: data/translations/articles.jsonl indexed with a lexicon; each translation (its line as a .jsonl file)
   given to `parallax search --file`: the rank of its source among the results other than itself.

usage: /usr/bin/python3 scripts/eval/translations.py [--parallax build/parallax] [--eval-dir ../shared/eval]
       [--align-eval build/parallax_align_eval] [--check]
"""
import glob
import json
import os
import subprocess
import tempfile
import time

from common import ROOT, argument_parser, read_tsv

PLAGDET_TARGET = 0.85


def newstest(parallax, path):
    rows = read_tsv(path)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "sentences.jsonl")
        with open(corpus, "w", encoding="utf-8") as f:
            for r in rows:
                for lang in ("fr", "en"):
                    f.write(json.dumps({"id": f"{r['id']}-{lang}", "lang": lang, "text": r[f"text_{lang}"]},
                                       ensure_ascii=False) + "\n")
        db = os.path.join(tmp, "db")
        started = time.time()
        subprocess.run([parallax, "index", corpus, "--db", db, "--dictionaries", "installed"], check=True,
                       capture_output=True)
        indexed = time.time() - started
        out = subprocess.run([parallax, "pairs", "--db", db, "--json", "--passages", "--min-relation", "related"],
                             check=True, capture_output=True, text=True).stdout
    # sentence -> (score, partner), among translation pairs and among all
    best = {"translation": {"fr": {}, "en": {}}, "any": {"fr": {}, "en": {}}}
    listed = right = 0
    margins = []  # (translation_margin, right) of each listed translation pair
    for line in out.splitlines():
        p = json.loads(line)
        a, b = p["a"]["id"], p["b"]["id"]
        if a[-2:] == b[-2:]:
            continue
        kinds = ["any"]
        score = (p.get("translation_margin", 0), p["similarity"])
        if p["relation"] == "translation":
            kinds.append("translation")
            listed += 1
            right += a[:-3] == b[:-3]
            margins.append((score[0], a[:-3] == b[:-3]))
        for kind in kinds:
            for x, y in ((a, b), (b, a)):
                partners = best[kind][x[-2:]]
                if score > partners.get(x[:-3], ((-1, -1), None))[0]:
                    partners[x[:-3]] = (score, y[:-3])
    n = len(rows)
    p_at_1 = {kind: {lang: sum(1 for s, (_, y) in by_lang[lang].items() if s == y) / n for lang in by_lang}
              for kind, by_lang in best.items()}
    print(f"newstest2012 dev, {n} sentence pairs indexed as one collection ({indexed:.0f} s to index):")
    print(f"  P@1 fr->en {p_at_1['translation']['fr']:.3f}, en->fr {p_at_1['translation']['en']:.3f} "
          f"(character 3-5-gram TF-IDF: 0.618 / 0.615)")
    print(f"  P@1 over every listed pair, whatever its relation: fr->en {p_at_1['any']['fr']:.3f}, "
          f"en->fr {p_at_1['any']['en']:.3f}")
    print(f"  translation pairs listed: {listed}, precision {right / max(listed, 1):.3f}, recall {right / n:.3f}")
    # What a reader keeping only the pairs that stand out among their neighbours gets.
    for at in (1.0, 1.1, 1.2):
        kept = [ok for margin, ok in margins if margin >= at]
        print(f"    of them with translation_margin >= {at}: {len(kept)}, precision {sum(kept) / max(len(kept), 1):.3f}, "
              f"recall {sum(kept) / n:.3f}")


def translated_articles(align_eval, check=False):
    out = subprocess.run([align_eval, os.path.join(ROOT, "data", "translations", "pairs.jsonl"), "--json"],
                         check=True, capture_output=True, text=True).stdout
    report = json.loads(out)
    t, neg = report["translation"], report["negative"]
    print(f"data/translations: {t['pairs']} translations: precision {t['precision']:.3f}, recall {t['recall']:.3f}, "
          f"granularity {t['granularity']:.3f}, plagdet {t['plagdet']:.3f}; "
          f"{neg['pairs_with_detections']} of {neg['pairs']} non-translations with passages")
    if check and t["plagdet"] < PLAGDET_TARGET:
        raise SystemExit(f"plagdet {t['plagdet']:.3f} < {PLAGDET_TARGET}")


def translation_search(parallax):
    data = os.path.join(ROOT, "data", "translations")
    truth = json.load(open(os.path.join(data, "truth.json"), encoding="utf-8"))
    lines = {json.loads(line)["id"]: line for line in open(os.path.join(data, "articles.jsonl"), encoding="utf-8")}
    with tempfile.TemporaryDirectory() as work:
        db = os.path.join(work, "db")
        subprocess.run([parallax, "index", os.path.join(data, "articles.jsonl"), "--db", db, "--dictionaries",
                        "installed"], check=True, capture_output=True)
        ranks = []
        for article in truth["articles"]:
            if not article["translation_of"]:
                continue
            query = os.path.join(work, article["id"] + ".jsonl")
            with open(query, "w", encoding="utf-8") as f:
                f.write(lines[article["id"]])
            out = subprocess.run([parallax, "search", "--db", db, "--file", query, "--mode", "similar", "--json"],
                                 check=True, capture_output=True, text=True).stdout
            found = [r["id"] for r in json.loads(out)["results"] if r["id"] != article["id"]]
            ranks.append(found.index(article["translation_of"]) + 1 if article["translation_of"] in found else None)
    first = sum(1 for r in ranks if r == 1)
    print(f"search --file on data/translations: the source ranks first for {first} of {len(ranks)} translations "
          f"(ranks {ranks})")


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--align-eval", default=os.path.join(ROOT, "build", "parallax_align_eval"))
    parser.add_argument("--check", action="store_true",
                        help=f"data/translations only; fail below plagdet {PLAGDET_TARGET} (the ctest target)")
    args = parser.parse_args()
    if args.check and not glob.glob("/usr/share/dictd/freedict-*.index"):
        print("skipped: no FreeDict dictionary installed (apt-get install dict-freedict-fra-eng dict-freedict-eng-fra)")
        raise SystemExit(77)
    translated_articles(args.align_eval, args.check)
    if not args.check:
        translation_search(args.parallax)
        newstest(args.parallax, os.path.join(args.eval_dir, "newstest2012-fr-en", "dev.tsv"))


if __name__ == "__main__":
    main()
