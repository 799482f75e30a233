#!/usr/bin/python3
"""Checks `parallax pairs` against the ground truth of the sample corpus (data/corpus).

Indexes data/corpus into a temporary collection, lists every pair parallax can
score (all neighbours, no similarity floor), and reports:
  - same event: ROC-AUC of `similarity` for same-event vs other pairs, and the
    precision/recall of the pairs parallax labels same-event or stronger;
  - reuse: recall of the truth's reuse pairs among pairs labelled reuse,
    translation or duplicate, and precision against every pair that shares reused text
    (two copies of one wire story share text too).
usage: /usr/bin/python3 scripts/eval/sample_corpus.py [--parallax build/parallax] [--index-type Flat]
"""
import itertools
import json
import os
import subprocess
import sys
import tempfile

from sklearn.metrics import roc_auc_score

from common import ROOT, argument_parser


def main():
    parser = argument_parser(__doc__, eval_dir=False)
    parser.add_argument("--corpus", default=os.path.join(ROOT, "data", "corpus"))
    parser.add_argument("--index-type", default="Flat", help="the collection's article index (FAISS factory)")
    args = parser.parse_args()
    truth = json.load(open(os.path.join(args.corpus, "truth.json"), encoding="utf-8"))
    event = {a["id"]: a["event"] for a in truth["articles"]}
    ids = sorted(event)
    reuse_pairs = {frozenset((r["source"], r["target"])) for r in truth["reuse"]}
    # Copies of the same source share text with each other too.
    copies = {}
    for r in truth["reuse"]:
        copies.setdefault(r["source"], set()).add(r["target"])
    sharing = set(reuse_pairs)
    for targets in copies.values():
        sharing |= {frozenset(p) for p in itertools.combinations(sorted(targets), 2)}

    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "db")
        subprocess.run([args.parallax, "index", args.corpus, "--db", db, "--index-type", args.index_type], check=True,
                       capture_output=True)
        # Every pair scored (--all-pairs): a reprint group's grouped listing
        # stands for pairs it does not print, which this evaluation counts.
        out = subprocess.run([args.parallax, "pairs", "--db", db, "--json", "--all-pairs", "--neighbors",
                              str(len(ids)), "--related", "0"], check=True,
                             capture_output=True, text=True).stdout
        labelled = subprocess.run([args.parallax, "pairs", "--db", db, "--json", "--all-pairs"], check=True,
                                  capture_output=True, text=True).stdout
    sim = {}
    for line in out.splitlines():
        row = json.loads(line)
        sim[frozenset((row["a"]["id"], row["b"]["id"]))] = row["similarity"]
    relation = {}
    for line in labelled.splitlines():
        row = json.loads(line)
        relation[frozenset((row["a"]["id"], row["b"]["id"]))] = row["relation"]

    all_pairs = [frozenset(p) for p in itertools.combinations(ids, 2)]
    same = {p for p in all_pairs if len({event[i] for i in p}) == 1 and event[next(iter(p))] is not None}
    y = [p in same for p in all_pairs]
    s = [sim.get(p, 0.0) for p in all_pairs]
    predicted_event = {p for p, r in relation.items() if r in ("duplicate", "translation", "reuse", "same-event")}
    predicted_reuse = {p for p, r in relation.items() if r in ("duplicate", "translation", "reuse")}
    tp = len(predicted_event & same)
    report = {
        "articles": len(ids),
        "same_event": {
            "truth_pairs": len(same),
            "auc": round(roc_auc_score(y, s), 3),
            "precision": round(tp / max(1, len(predicted_event)), 3),
            "recall": round(tp / max(1, len(same)), 3),
        },
        "reuse": {
            "truth_pairs": len(reuse_pairs),
            "recall": round(len(predicted_reuse & reuse_pairs) / max(1, len(reuse_pairs)), 3),
            "precision": round(len(predicted_reuse & sharing) / max(1, len(predicted_reuse)), 3),
            "missed": sorted(" / ".join(sorted(p)) for p in reuse_pairs - predicted_reuse),
            "unexpected": sorted(" / ".join(sorted(p)) for p in predicted_reuse - sharing),
        },
    }
    # Where the same-event threshold sits best on this corpus.
    best = max(((2 * sum(1 for p in all_pairs if sim.get(p, 0) >= t and p in same) /
                 (sum(1 for p in all_pairs if sim.get(p, 0) >= t) + len(same)), t)
                for t in [x / 100 for x in range(1, 60)]))
    report["same_event"]["best_f1_threshold"] = {"f1": round(best[0], 3), "threshold": best[1]}
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
