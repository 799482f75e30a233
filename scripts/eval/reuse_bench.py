#!/usr/bin/python3
"""PAN text-alignment measures of parallax's passages on the generated reuse benchmark.

Generates the benchmark (tools/corpus/make_reuse_bench.py, fixed seed) into a
temporary folder, scores it with parallax_align_eval, prints the figures per
edit kind, and with --check fails (exit 1) when a kind is below its target:
plagdet >= 0.95 verbatim (none) and reordered, >= 0.90 light, >= 0.75 heavy,
>= 0.75 paraphrase; no detection on more than 25% of the unrelated pairs.
usage: /usr/bin/python3 scripts/eval/reuse_bench.py [--align-eval build/parallax_align_eval] [--seed 7] [--check]
"""
import json
import os
import subprocess
import sys
import tempfile

from common import ROOT, argument_parser

TARGETS = {"none": 0.95, "reordered": 0.95, "light": 0.90, "heavy": 0.75, "paraphrase": 0.75}


def main():
    parser = argument_parser(__doc__, parallax=False, eval_dir=False)
    parser.add_argument("--align-eval", default=os.path.join(ROOT, "build", "parallax_align_eval"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="fail when a kind misses its target")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "corpus", "make_reuse_bench.py"), "--out", tmp,
                        "--seed", str(args.seed), "--quiet"], check=True)
        out = subprocess.run([args.align_eval, os.path.join(tmp, "pairs.jsonl"), "--json"], check=True,
                             capture_output=True, text=True).stdout
    report = json.loads(out)
    failures = []
    for kind, s in sorted(report.items()):
        print(f"{kind:12s} pairs {s['pairs']:4d}  precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
              f"granularity {s['granularity']:.3f}  plagdet {s['plagdet']:.3f}")
        if kind in TARGETS and s["plagdet"] < TARGETS[kind]:
            failures.append(f"{kind}: plagdet {s['plagdet']:.3f} < {TARGETS[kind]}")
    unrelated = report.get("unrelated")
    if unrelated and unrelated["pairs_with_detections"] > 0.25 * unrelated["pairs"]:
        failures.append(f"unrelated: detections on {unrelated['pairs_with_detections']} of {unrelated['pairs']} pairs")
    if args.check and failures:
        print("below target: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
