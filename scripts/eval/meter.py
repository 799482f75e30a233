#!/usr/bin/python3
"""METER: was a newspaper article derived from the Press Association (PA) copy?

For each newspaper article of ../shared/eval/meter/index.tsv, parallax compares
it with the concatenated PA sources of its story (`parallax score`, model
fitted on these texts, labels never read by parallax). The score is the share
of the newspaper's vocabulary found in the PA copy (`containment_a`; or, with
--feature, the share of its text inside reused passages `reuse_a`, or the
`similarity`):
  - ROC-AUC of derived (wholly WD + partially PD) vs non-derived (ND);
  - 3-way macro-F1 with two thresholds on the score (ND < t1 <= PD < t2 <= WD)
    chosen on this dev split (the held-out split is scored elsewhere).
usage: /usr/bin/python3 scripts/eval/meter.py [--parallax build/parallax] [--eval-dir ../shared/eval]
       [--feature containment_a|reuse_a|similarity]
"""
import json
import os
import subprocess
import sys
import tempfile

from sklearn.metrics import f1_score, roc_auc_score

from common import argument_parser, read_tsv


def escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def classify(score, t1, t2):
    return "WD" if score >= t2 else "PD" if score >= t1 else "ND"


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--feature", default="containment_a", choices=["containment_a", "reuse_a", "similarity"])
    args = parser.parse_args()
    meter = os.path.join(args.eval_dir, "meter")
    rows = read_tsv(os.path.join(meter, "index.tsv"))
    with tempfile.TemporaryDirectory() as tmp:
        tsv = os.path.join(tmp, "meter.tsv")
        with open(tsv, "w", encoding="utf-8") as out:
            out.write("id\ttext_a\ttext_b\n")
            for i, row in enumerate(rows):
                sources = "\n\n".join(read(os.path.join(meter, p)) for p in row["pa_source_files"].split(";"))
                out.write(f"{i}\t{escape(read(os.path.join(meter, row['newspaper_file'])))}\t{escape(sources)}\n")
        result = subprocess.run([args.parallax, "score", "--pairs", tsv, "--json"], check=True,
                                capture_output=True, text=True)
    scores = {}
    for line in result.stdout.splitlines():
        r = json.loads(line)
        scores[int(r["id"])] = r[args.feature]
    labels = [row["label"] for row in rows]
    s = [scores[i] for i in range(len(rows))]
    auc = roc_auc_score([label != "ND" for label in labels], s)
    grid = sorted(set(round(x, 3) for x in s))
    best = (0.0, 0.0, 0.0)
    for a in range(len(grid)):
        for b in range(a, len(grid), 2):
            t1, t2 = grid[a], grid[b]
            f1 = f1_score(labels, [classify(x, t1, t2) for x in s], average="macro")
            if f1 > best[0]:
                best = (f1, t1, t2)
    json.dump({"articles": len(rows), "feature": args.feature, "auc_derived": round(auc, 3),
               "macro_f1": round(best[0], 3), "t1": best[1], "t2": best[2]}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
