#!/usr/bin/python3
"""French headlines: do two headlines of one story score above two of different stories?

../shared/eval/french-news-headlines-oneday/test_one_day.csv holds 5,064 French
headlines of one day with the aggregator's story clusters (SILVER labels: its
own clustering, with weather-report templates among the big clusters). This
script builds headline pairs from it (seeded, so every run scores the same
pairs): every pair of distinct headlines within a cluster, at most
--per-cluster of them per cluster so that the big template clusters do not
decide, and --negatives times as many pairs of headlines from different
clusters that share a word of five letters or more. `parallax score --pairs`
scores them (model fitted on these headlines; the clusters are never read by
parallax), once with the installed thesauri and once with --thesaurus none,
and the script reports for `similarity` and `word_similarity`:
  - ROC-AUC of same-story vs different-story pairs;
  - average precision (the area under the precision-recall curve).
It is the project's only French sentence-level measure; the labels being
silver, compare figures with each other rather than with a target.
usage: /usr/bin/python3 scripts/eval/headlines_fr.py [--parallax build/parallax] [--eval-dir ../shared/eval]
       [--per-cluster 30] [--negatives 5] [--seed 7]
"""
import csv
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile

from sklearn.metrics import average_precision_score, roc_auc_score

from common import argument_parser


def read_headlines(path):
    """(headline, cluster) of each row, each distinct headline once."""
    seen = set()
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            headline, cluster = row[0].strip(), row[2]
            key = " ".join(headline.lower().split())
            if headline and key not in seen:
                seen.add(key)
                out.append((headline, cluster))
    return out


def build_pairs(headlines, per_cluster, negatives, seed):
    rng = random.Random(seed)
    clusters = {}
    for i, (_, cluster) in enumerate(headlines):
        clusters.setdefault(cluster, []).append(i)
    positives = []
    for members in clusters.values():
        pairs = list(itertools.combinations(members, 2))
        rng.shuffle(pairs)
        positives += pairs[:per_cluster]
    # Negatives that share a word of five letters or more ("Macron", "retraites"):
    # random pairs of headlines are too easy to tell apart (AUC 0.99).
    by_word = {}
    for i, (headline, _) in enumerate(headlines):
        for word in set(re.findall(r"\w{5,}", headline.lower())):
            by_word.setdefault(word, []).append(i)
    shared = sorted(w for w, members in by_word.items() if len(members) > 1)
    wanted = negatives * len(positives)
    negative = set()
    for _ in range(100 * wanted):  # bounded: a small file may not have that many
        if len(negative) == wanted:
            break
        members = by_word[rng.choice(shared)]
        a, b = rng.choice(members), rng.choice(members)
        if headlines[a][1] != headlines[b][1]:
            negative.add((min(a, b), max(a, b)))
    return [(a, b, 1) for a, b in positives] + [(a, b, 0) for a, b in sorted(negative)]


def score(parallax, tsv, thesaurus):
    command = [parallax, "score", "--pairs", tsv, "--json"] + (["--thesaurus", "none"] if not thesaurus else [])
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return {row["id"]: row for row in map(json.loads, out.splitlines())}


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--per-cluster", type=int, default=30)
    parser.add_argument("--negatives", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    headlines = read_headlines(os.path.join(args.eval_dir, "french-news-headlines-oneday", "test_one_day.csv"))
    pairs = build_pairs(headlines, args.per_cluster, args.negatives, args.seed)
    labels = [y for _, _, y in pairs]
    report = {"headlines": len(headlines), "pairs": len(pairs), "same_story_pairs": sum(labels)}
    with tempfile.TemporaryDirectory() as tmp:
        tsv = os.path.join(tmp, "headlines.tsv")
        with open(tsv, "w", encoding="utf-8") as out:
            out.write("id\ttext_a\ttext_b\n")
            for i, (a, b, _) in enumerate(pairs):
                out.write(f"{i}\t{headlines[a][0]}\t{headlines[b][0]}\n")
        with_thesaurus, without = score(args.parallax, tsv, True), score(args.parallax, tsv, False)

    def measure(rows, feature):
        s = [rows[str(i)][feature] or 0.0 for i in range(len(pairs))]  # null: not spelled
        return {"auc": round(roc_auc_score(labels, s), 3),
                "average_precision": round(average_precision_score(labels, s), 3)}

    # The thesaurus only touches word_similarity.
    report["similarity"] = measure(with_thesaurus, "similarity")
    report["word_similarity_thesaurus"] = measure(with_thesaurus, "word_similarity")
    report["word_similarity_no_thesaurus"] = measure(without, "word_similarity")
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
