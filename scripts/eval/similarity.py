#!/usr/bin/python3
"""Scores parallax's `similarity` on the public sentence/article pair dev sets.

Runs `parallax score --pairs FILE --json` (unsupervised: the model is fitted on
the file's own texts, labels are never read by parallax), then compares two of
its scores, `similarity` (TF-IDF cosine) and `word_similarity` (words matched
by spelling; null for texts too long to spell, which are left out of its
figure and counted), with the labels here:
  STS-B   Spearman correlation with the 0..5 gold scores (x100)
  MRPC    F1 of "paraphrase" at the best threshold on this dev file, and accuracy
  SemEval Pearson correlation with the Overall score (1 = same story .. 4 =
          unrelated, so the sign is flipped)
The dev files live in ../shared/eval (never copied into the repository).

usage: /usr/bin/python3 scripts/eval/similarity.py [--parallax build/parallax]
       [--eval-dir ../shared/eval] [--only sts,mrpc,semeval]
"""
import json
import os
import subprocess
import sys
import time

from scipy.stats import pearsonr, spearmanr

from common import argument_parser, read_tsv


FEATURES = ("similarity", "word_similarity")


def run_score(parallax, path):
    start = time.time()
    out = subprocess.run([parallax, "score", "--pairs", path, "--json"], check=True, capture_output=True, text=True)
    scores = {feature: {} for feature in FEATURES}
    for line in out.stdout.splitlines():
        row = json.loads(line)
        for feature in FEATURES:
            if row[feature] is not None:
                scores[feature][row["id"]] = row[feature]
    return scores, time.time() - start


def scored(rows, scores):
    """The rows that have a score (word_similarity is null for long texts)."""
    return [r for r in rows if r["id"] in scores]


def best_f1(scores, labels):
    pairs = sorted(zip(scores, labels), reverse=True)
    positives = sum(labels)
    best = (0.0, 0.0, 0.0)
    tp = 0
    for i, (s, y) in enumerate(pairs, 1):
        tp += y
        precision, recall = tp / i, tp / positives
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        if f1 > best[0]:
            accuracy = (tp + (len(pairs) - i) - (positives - tp)) / len(pairs)
            best = (f1, s, accuracy)
    return best


def sts_measure(scores, rows):
    rho = spearmanr(scores, [float(r["score"]) for r in rows]).correlation
    return {"spearman": round(100 * rho, 1)}


def mrpc_measure(scores, rows):
    f1, threshold, accuracy = best_f1(scores, [int(r["label"]) for r in rows])
    return {"f1": round(f1, 3), "accuracy": round(accuracy, 3), "threshold": threshold}


def semeval_measure(scores, rows):
    # Overall: 1 = same story .. 4 = unrelated, so the sign is flipped.
    return {"pearson": round(pearsonr(scores, [-float(r["score"]) for r in rows])[0], 3)}


DATASETS = {  # name: (file under --eval-dir, measure)
    "sts": (os.path.join("stsbenchmark", "dev.tsv"), sts_measure),
    "mrpc": (os.path.join("mrpc", "dev.tsv"), mrpc_measure),
    "semeval": (os.path.join("semeval2022-task8-sample", "dev.tsv"), semeval_measure),
}


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--only", default="sts,mrpc,semeval")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    results = {}
    for name, (relative, measure) in DATASETS.items():
        if name not in wanted:
            continue
        path = os.path.join(args.eval_dir, relative)
        rows = read_tsv(path)
        scores, seconds = run_score(args.parallax, path)
        results[name] = {"pairs": len(rows), "seconds": round(seconds, 1)}
        for feature in FEATURES:
            got = scored(rows, scores[feature])
            figures = measure([scores[feature][r["id"]] for r in got], got)
            results[name][feature] = dict(figures, scored=len(got))
    json.dump(results, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
