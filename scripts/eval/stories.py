#!/usr/bin/python3
"""How well does `parallax stories` group articles into stories? BCubed against gold clusters.

For each dataset the script writes its articles to a temporary collection
(`parallax index CORPUS --db TMP`), runs `parallax stories --db TMP --json`
(default options) and compares the stories with the gold clusters. Articles in
no printed story (singletons) are each their own cluster. Measures (Bagga &
Baldwin 1998): for an article, BCubed precision is the share of its predicted
cluster that shares its gold cluster, recall the share of its gold cluster that
shares its predicted cluster; both are averaged over the articles, F1 is their
harmonic mean. Clusters are counted singletons included.

Datasets (--dataset data|meter|headlines|all):
  data       data/corpus, indexed as a folder; gold = truth.json `event`
             (null: a standalone article, its own cluster).
  meter      ../shared/eval/meter (dev split, read by path, never copied):
             every newspaper article and every PA file of index.tsv, once each.
             Gold story = domain/date/catchline of the path (a catchline
             recurring on another date is another story); date from the path
             (dd.mm.yy -> 19yy/20yy-mm-dd), outlet = the newspaper or "PA",
             text = the file. Product target: F1 >= 0.95. (Three PA files,
             bbc1com/bbc1dino/bbc1nl of showbiz/10.08.99, are in two stories,
             bbc and bbcstreet, with identical texts: no grouping gets both.)
  headlines  ../shared/eval/french-news-headlines-oneday: each distinct
             headline an article (text = headline, date 2020-01-10), gold =
             the aggregator's cluster id. SILVER labels: report only.

Reference baseline, computed here: scikit-learn TF-IDF of character 3-5-grams
(sublinear tf, l2) and scipy average-link agglomerative clustering on cosine
distance, cut at the similarity threshold (0.01 steps) that maximises F1 on the
dataset itself: an ORACLE threshold, so an upper bound for that method. It
ignores dates (no window).

--sweep also runs `stories` at each --links x --windows value on the same
collection (indexed once per dataset). --errors N lists the N largest merges
(a story holding several gold clusters) and splits (a gold cluster spread over
several stories or singletons) with a few article ids.

usage: /usr/bin/python3 scripts/eval/stories.py [--dataset data|meter|headlines|all] [--parallax build/parallax]
       [--eval-dir ../shared/eval] [--json] [--sweep [--links 0.10 0.14 ...] [--windows 1 3 7 30]]
       [--errors 5] [--no-baseline]
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from common import ROOT, argument_parser, read_tsv
from headlines_fr import read_headlines

DATASETS = ("data", "meter", "headlines")
SWEEP_LINKS = (0.10, 0.14, 0.17, 0.21, 0.25, 0.30)
SWEEP_WINDOWS = (1, 3, 7, 30)


# ---------------------------------------------------------------- measures

def bcubed(gold, predicted):
    """BCubed (precision, recall, F1) of `predicted` against `gold`, both dicts item -> cluster label.

    Every item of `gold` is scored; an item missing from `predicted` is a singleton
    (its own predicted cluster). An item of `predicted` that `gold` lacks is an error."""
    unknown = set(predicted) - set(gold)
    if unknown:
        raise ValueError(f"{len(unknown)} predicted items not in gold, e.g. {sorted(map(str, unknown))[:3]}")
    if not gold:
        raise ValueError("no items")
    singleton = object()
    pred = {item: predicted.get(item, (singleton, item)) for item in gold}
    pred_size = collections.Counter(pred.values())
    gold_size = collections.Counter(gold.values())
    both = collections.Counter((pred[item], gold[item]) for item in gold)
    # Each of the n items of a (predicted, gold) cell scores n/|predicted| and n/|gold|.
    precision = sum(n * n / pred_size[p] for (p, _), n in both.items()) / len(gold)
    recall = sum(n * n / gold_size[g] for (_, g), n in both.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def cluster_count(gold, predicted):
    """Clusters among the items of `gold`, singletons (items absent from `predicted`) included."""
    return len({predicted[item] for item in gold if item in predicted}) + sum(1 for item in gold if item not in predicted)


def errors(gold, predicted, limit, sample=3, parts=6):
    """The `limit` largest merges and splits, each with its `parts` largest parts and `sample` ids of each.

    merge: a predicted cluster holding articles of several gold clusters, weighed by
    the articles outside its largest gold cluster; split: a gold cluster spread over
    several predicted clusters (singletons each count), weighed by the articles
    outside its largest part."""
    members = collections.defaultdict(list)
    for item in sorted(gold, key=str):
        members[(predicted.get(item, ("singleton", item)), gold[item])].append(item)
    by_pred, by_gold = collections.defaultdict(dict), collections.defaultdict(dict)
    for (p, g), items in members.items():
        by_pred[p][g] = items
        by_gold[g][p] = items

    def name(story):
        return "singleton" if isinstance(story, tuple) else str(story)

    def listing(groups, key):
        ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), name(kv[0])))
        sizes = [len(v) for _, v in ordered]
        return sum(sizes), sum(sizes[1:]), [{key: name(k), "articles": len(v), "ids": v[:sample]}
                                            for k, v in ordered[:parts]]

    merges, splits = [], []
    for p, groups in by_pred.items():
        if len(groups) > 1:
            size, weight, top = listing(groups, "gold")
            merges.append({"story": name(p), "articles": size, "gold_clusters": len(groups), "weight": weight,
                           "gold": top})
    for g, groups in by_gold.items():
        if len(groups) > 1:
            size, weight, top = listing(groups, "story")
            splits.append({"gold": name(g), "articles": size, "parts": len(groups), "weight": weight,
                           "stories": top})
    merges.sort(key=lambda m: (-m["weight"], m["story"]))
    splits.sort(key=lambda s: (-s["weight"], s["gold"]))
    return {"merges": len(merges), "splits": len(splits), "largest_merges": merges[:limit],
            "largest_splits": splits[:limit]}


# ---------------------------------------------------------------- datasets

class Dataset:
    """name, what to index (a file or folder), gold (id -> cluster), texts (id -> text, for the baseline)."""

    def __init__(self, name, corpus, gold, texts, silver=False):
        self.name, self.corpus, self.gold, self.texts, self.silver = name, corpus, gold, texts, silver


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def load_data(corpus):
    truth = json.load(open(os.path.join(corpus, "truth.json"), encoding="utf-8"))
    gold = {a["id"]: a["event"] if a["event"] is not None else "standalone:" + a["id"] for a in truth["articles"]}
    texts = {}
    with open(os.path.join(corpus, "articles.jsonl"), encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            texts[record["id"]] = (record.get("title", "") + "\n\n" + record["text"]).strip()
    for a in truth["articles"]:
        if a["file"] != "articles.jsonl":
            texts[a["id"]] = read(os.path.join(corpus, a["file"]))
    missing = set(gold) - set(texts)
    if missing:
        raise SystemExit(f"data/corpus: no text for {sorted(missing)[:3]}")
    return Dataset("data", corpus, gold, texts)


METER_PATH = re.compile(r"^meter_corpus/(newspapers|PA)/rawtexts/([^/]+)/(\d\d)\.(\d\d)\.(\d\d)/([^/]+)/([^/]+?)(?:\.txt)?$")


def meter_article(path):
    """id, gold story, date and outlet of a METER file from its path (one PA file ends in .sub), e.g.
    meter_corpus/newspapers/rawtexts/courts/01.03.00/diver/diver396_guardian.txt ->
    id newspapers/courts/01.03.00/diver/diver396_guardian, story courts/01.03.00/diver,
    date 2000-03-01, outlet guardian (PA files: outlet PA)."""
    m = METER_PATH.match(path)
    if not m:
        raise ValueError(f"unexpected METER path {path}")
    kind, domain, day, month, year, catchline, name = m.groups()
    story = f"{domain}/{day}.{month}.{year}/{catchline}"
    date = f"{1900 + int(year) if int(year) >= 50 else 2000 + int(year)}-{month}-{day}"
    if kind == "PA":
        outlet = "PA"
    else:
        outlet = name.rsplit("_", 1)[1] if "_" in name else "unknown"
    return {"id": f"{kind}/{story}/{name}", "story": story, "date": date, "outlet": outlet}


def load_meter(eval_dir, tmp):
    meter = os.path.join(eval_dir, "meter")
    paths = []
    for row in read_tsv(os.path.join(meter, "index.tsv")):
        paths.append(row["newspaper_file"])
        paths += row["pa_source_files"].split(";")
    paths = list(dict.fromkeys(paths))  # each file once, in index order
    gold, texts, records = {}, {}, []
    for path in paths:
        a = meter_article(path)
        text = read(os.path.join(meter, path))
        gold[a["id"]], texts[a["id"]] = a["story"], text
        records.append({"id": a["id"], "outlet": a["outlet"], "date": a["date"], "text": text})
    corpus = os.path.join(tmp, "meter.jsonl")
    write_jsonl(corpus, records)
    return Dataset("meter", corpus, gold, texts)


def load_headlines(eval_dir, tmp):
    # Each distinct headline once (headlines_fr.py's reading): 183 rows repeat a headline.
    headlines = read_headlines(os.path.join(eval_dir, "french-news-headlines-oneday", "test_one_day.csv"))
    gold, texts, records = {}, {}, []
    for i, (headline, cluster) in enumerate(headlines):
        article = f"h{i:04d}"
        gold[article], texts[article] = cluster, headline
        records.append({"id": article, "date": "2020-01-10", "text": headline})
    corpus = os.path.join(tmp, "headlines.jsonl")
    write_jsonl(corpus, records)
    return Dataset("headlines", corpus, gold, texts, silver=True)


# ---------------------------------------------------------------- parallax

def run(command):
    start = time.time()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return result, time.time() - start


def read_stories(output):
    """article id -> story id, and the articles printed in more than one story."""
    predicted, repeated = {}, []
    for line in output.splitlines():
        if not line.strip():
            continue
        story = json.loads(line)
        for article in story["articles"]:
            if article["id"] in predicted:
                repeated.append(article["id"])
            else:
                predicted[article["id"]] = str(story["id"])
    return predicted, repeated


def stories_defaults(parallax):
    """The --link/--window/--min-size defaults that `stories --help` shows, if it does."""
    result = subprocess.run([parallax, "stories", "--help"], capture_output=True, text=True)
    defaults = {}
    for option in ("link", "window", "min-size"):
        m = re.search(rf"--{option}\s+arg\s+\(=([^)]+)\)", result.stdout)
        if m:
            defaults[option] = m.group(1)
    return defaults


def evaluate(gold, output):
    predicted, repeated = read_stories(output)
    unknown = sorted(set(predicted) - set(gold))
    if unknown:
        raise SystemExit(f"stories printed {len(unknown)} ids the dataset lacks, e.g. {unknown[:3]}")
    p, r, f1 = bcubed(gold, predicted)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
            "predicted_clusters": cluster_count(gold, predicted),
            "stories": len(set(predicted.values())), "in_stories": len(predicted),
            "repeated": len(repeated)}, predicted


# ---------------------------------------------------------------- baseline

def baseline(dataset):
    """Char 3-5-gram TF-IDF + average-link clustering on cosine distance, oracle threshold."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    start = time.time()
    ids = sorted(dataset.gold, key=str)
    matrix = TfidfVectorizer(analyzer="char", ngram_range=(3, 5), sublinear_tf=True).fit_transform(
        [dataset.texts[i] for i in ids])
    distance = cosine_distances(matrix)
    np.fill_diagonal(distance, 0.0)
    np.clip(distance, 0.0, 1.0, out=distance)
    tree = linkage(squareform(distance, checks=False), method="average")
    del distance
    best = None
    for step in range(1, 100):
        threshold = step / 100
        labels = fcluster(tree, 1.0 - threshold, criterion="distance")
        predicted = dict(zip(ids, labels.tolist()))
        p, r, f1 = bcubed(dataset.gold, predicted)
        if best is None or f1 > best["f1"]:
            best = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
                    "predicted_clusters": len(set(labels.tolist())), "oracle_threshold": threshold}
    best["seconds"] = round(time.time() - start, 1)
    return best


# ---------------------------------------------------------------- report

def row(cells, widths):
    return "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def print_report(report):
    name = report["dataset"] + (" (silver labels)" if report.get("silver") else "")
    print(f"## {name}: {report['articles']} articles, {report['gold_clusters']} gold clusters")
    widths = (28, 6, 6, 6, 9, 6, 8, 8)
    print(row(("run", "P", "R", "F1", "clusters", "gold", "index s", "run s"), widths))
    d = report["default"]
    print(row(("parallax stories (defaults)", f"{d['precision']:.3f}", f"{d['recall']:.3f}", f"{d['f1']:.3f}",
               d["predicted_clusters"], report["gold_clusters"], f"{report['index_seconds']:.1f}",
               f"{d['seconds']:.1f}"), widths))
    if "baseline" in report:
        b = report["baseline"]
        print(row((f"baseline, oracle t={b['oracle_threshold']:.2f}", f"{b['precision']:.3f}", f"{b['recall']:.3f}",
                   f"{b['f1']:.3f}", b["predicted_clusters"], report["gold_clusters"], "", f"{b['seconds']:.1f}"),
                  widths))
    if d["repeated"]:
        print(f"warning: {d['repeated']} articles printed in more than one story (first one kept)")
    if "sweep" in report:
        print()
        print("sweep: " + ", ".join(f"--{k} default {v}" for k, v in report.get("stories_defaults", {}).items()))
        widths = (6, 6, 6, 6, 6, 9, 6)
        print(row(("link", "window", "P", "R", "F1", "clusters", "run s"), widths))
        for s in report["sweep"]:
            print(row((f"{s['link']:.2f}", s["window"], f"{s['precision']:.3f}", f"{s['recall']:.3f}",
                       f"{s['f1']:.3f}", s["predicted_clusters"], f"{s['seconds']:.1f}"), widths))
    e = report.get("errors")
    if e:
        print()
        print(f"{e['merges']} stories merge gold clusters, {e['splits']} gold clusters are split")
        for m in e["largest_merges"]:
            more = m["gold_clusters"] - len(m["gold"])
            print(f"  merge: story {m['story']} ({m['articles']} articles, {m['gold_clusters']} gold): " + "; ".join(
                f"{g['gold']} x{g['articles']} ({', '.join(map(str, g['ids']))})" for g in m["gold"])
                  + (f"; {more} more" if more else ""))
        for s in e["largest_splits"]:
            more = s["parts"] - len(s["stories"])
            print(f"  split: {s['gold']} ({s['articles']} articles, {s['parts']} parts): " + "; ".join(
                f"{p['story']} x{p['articles']} ({', '.join(map(str, p['ids']))})" for p in s["stories"])
                  + (f"; {more} more" if more else ""))
    print()


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--dataset", default="all", choices=DATASETS + ("all",))
    parser.add_argument("--corpus", default=os.path.join(ROOT, "data", "corpus"), help="the data dataset's folder")
    parser.add_argument("--json", action="store_true", help="one JSON line per dataset instead of tables")
    parser.add_argument("--sweep", action="store_true", help="also run stories at each --links x --windows value")
    parser.add_argument("--links", type=float, nargs="+", default=list(SWEEP_LINKS))
    parser.add_argument("--windows", type=int, nargs="+", default=list(SWEEP_WINDOWS))
    parser.add_argument("--errors", type=int, default=5, help="largest merges and splits to list (0: none)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the TF-IDF + average-link baseline")
    args = parser.parse_args()
    names = DATASETS if args.dataset == "all" else (args.dataset,)
    defaults = stories_defaults(args.parallax) if args.sweep else {}
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            if name == "data":
                dataset = load_data(args.corpus)
            elif name == "meter":
                dataset = load_meter(args.eval_dir, tmp)
            else:
                dataset = load_headlines(args.eval_dir, tmp)
            db = os.path.join(tmp, "db")
            indexed, index_seconds = run([args.parallax, "index", dataset.corpus, "--db", db])
            held = re.search(r"the collection holds (\d+) articles", indexed.stderr)
            if held and int(held.group(1)) != len(dataset.gold):
                print(f"warning: {name}: the collection holds {held.group(1)} articles, the dataset "
                      f"{len(dataset.gold)}", file=sys.stderr)
            result, seconds = run([args.parallax, "stories", "--db", db, "--json"])
            scores, predicted = evaluate(dataset.gold, result.stdout)
            scores["seconds"] = round(seconds, 2)
            report = {"dataset": name, "articles": len(dataset.gold),
                      "gold_clusters": len(set(dataset.gold.values())), "index_seconds": round(index_seconds, 2),
                      "default": scores}
            if dataset.silver:
                report["silver"] = True
            if args.errors:
                report["errors"] = errors(dataset.gold, predicted, args.errors)
            if args.sweep:
                report["stories_defaults"] = defaults
                report["sweep"] = []
                for link in args.links:
                    for window in args.windows:
                        result, seconds = run([args.parallax, "stories", "--db", db, "--json", "--link", str(link),
                                               "--window", str(window)])
                        scores, _ = evaluate(dataset.gold, result.stdout)
                        report["sweep"].append({"link": link, "window": window, **scores,
                                                "seconds": round(seconds, 2)})
        if not args.no_baseline:
            report["baseline"] = baseline(dataset)
        if args.json:
            print(json.dumps(report, ensure_ascii=False), flush=True)
        else:
            print_report(report)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
