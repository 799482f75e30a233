#!/usr/bin/python3
"""How often two articles of no common story look alike, across and within languages.

Draws random pairs of SemEval texts (../shared/eval, read by path) for several
pairs of languages, by the file's own language labels, adds them to the file's
713 rated pairs (so that the model is fitted on every text, as usual), runs
`parallax score --pairs FILE --json` once and reports, for each pair of
languages, the share of random pairs whose `similarity` reaches the same-event
threshold (0.21) and the related one (0.19), its 99th percentile and maximum.
Two random texts may now and then be of one story, so these shares bound the
false matches from above. Different scripts (Arabic-English) share almost
nothing but Latin acronyms, names and numbers: the case kShareableFloor is for.

usage: /usr/bin/python3 scripts/eval/cross_language.py [--parallax build/parallax]
       [--eval-dir ../shared/eval] [--pairs 3000] [--seed 1]
"""
import collections
import json
import os
import random
import subprocess
import tempfile

from common import argument_parser, read_tsv

GROUPS = ("ar-en", "de-en", "tr-en", "es-en", "pl-de", "en-en", "de-de", "es-es")
SAME_EVENT, RELATED = 0.21, 0.19


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--pairs", type=int, default=3000, help="random pairs per pair of languages")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = read_tsv(os.path.join(args.eval_dir, "semeval2022-task8-sample", "dev.tsv"))
    texts = collections.defaultdict(dict)  # language -> text -> one id it came with
    for r in rows:
        texts[r["lang1"]].setdefault(r["text_a"], r["id"] + "a")
        texts[r["lang2"]].setdefault(r["text_b"], r["id"] + "b")
    pools = {lang: sorted(t) for lang, t in texts.items()}
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "pairs.tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("id\ttext_a\ttext_b\n")
            for r in rows:
                f.write(f"rated-{r['id']}\t{r['text_a']}\t{r['text_b']}\n")
            for group in GROUPS:
                x, y = group.split("-")
                for i in range(args.pairs):
                    a, b = rng.choice(pools[x]), rng.choice(pools[y])
                    while b == a:
                        b = rng.choice(pools[y])
                    f.write(f"{group}-{i}\t{a}\t{b}\n")
        out = subprocess.run([args.parallax, "score", "--pairs", path, "--json"], check=True, capture_output=True,
                             text=True)
    scores = collections.defaultdict(list)
    for line in out.stdout.splitlines():
        row = json.loads(line)
        group = row["id"].rsplit("-", 1)[0]
        if group in GROUPS:
            scores[group].append(row["similarity"])
    report = {}
    for group in GROUPS:
        s = sorted(scores[group])
        report[group] = {
            "pairs": len(s),
            "texts": [len(pools[lang]) for lang in group.split("-")],
            "same_event_share": round(sum(x >= SAME_EVENT for x in s) / len(s), 4),
            "related_share": round(sum(x >= RELATED for x in s) / len(s), 4),
            "p99": round(s[int(0.99 * (len(s) - 1))], 3),
            "max": round(s[-1], 3),
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
