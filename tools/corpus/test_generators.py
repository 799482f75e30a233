#!/usr/bin/python3
"""Tests of the sample-corpus, reuse-benchmark and translation-data generators.

    /usr/bin/python3 -m unittest discover -s tools/corpus -p 'test_*.py'
"""

import filecmp
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_sample_corpus as corpus  # noqa: E402
import make_reuse_bench as bench  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
COMMITTED = os.path.join(REPO, "data", "corpus")
COMMITTED_TRANSLATIONS = os.path.join(REPO, "data", "translations")
PYTHON = sys.executable or "/usr/bin/python3"


def run(script, *args):
    subprocess.run([PYTHON, os.path.join(HERE, script), *args, "--quiet"], check=True)


def tree_files(root):
    out = []
    for d, _, files in os.walk(root):
        out += [os.path.relpath(os.path.join(d, f), root) for f in files]
    return sorted(out)


def same_tree(a, b):
    fa, fb = tree_files(a), tree_files(b)
    return fa == fb and all(filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False) for f in fa)


class CorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out1 = os.path.join(cls.tmp.name, "c1")
        cls.out2 = os.path.join(cls.tmp.name, "c2")
        run("make_sample_corpus.py", "--out", cls.out1)
        run("make_sample_corpus.py", "--out", cls.out2)
        cls.texts = corpus.read_back(cls.out1)
        with open(os.path.join(cls.out1, "truth.json"), encoding="utf-8") as f:
            cls.truth = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_deterministic(self):
        self.assertTrue(same_tree(self.out1, self.out2), "two runs differ")

    def test_committed_files_are_fresh(self):
        self.assertTrue(os.path.isdir(COMMITTED), "data/corpus is missing")
        self.assertTrue(same_tree(self.out1, COMMITTED),
                        "data/corpus differs from a fresh generation: edit tools/corpus/sample_articles.py and run "
                        "/usr/bin/python3 tools/corpus/make_sample_corpus.py, never edit the files by hand")

    def test_articles_and_events(self):
        arts = self.truth["articles"]
        self.assertGreaterEqual(len(arts), 44)
        self.assertEqual({a["id"] for a in arts}, set(self.texts))
        for a in arts:
            path = os.path.join(self.out1, a["file"])
            self.assertTrue(os.path.isfile(path), a["file"])
        for ev, ids in self.truth["events"].items():
            self.assertTrue(5 <= len(ids) <= 8, ev)
            self.assertEqual(ids, [a["id"] for a in arts if a["event"] == ev])
        standalone = [a for a in arts if a["event"] is None]
        self.assertGreaterEqual(len(standalone), 5)
        langs = [a["lang"] for a in arts]
        self.assertTrue(0.5 <= langs.count("fr") / len(langs) <= 0.7)
        self.assertGreaterEqual(len({a["outlet"] for a in arts}), 8)
        txt = [a for a in arts if a["file"].startswith("txt/")]
        self.assertTrue(5 <= len(txt) <= 6)
        for a in txt:
            text = self.texts[a["id"]]
            self.assertRegex(text, r"^ date \d{4}-\d{2} https?://\S+\n\n[^\n]+\n\n")
            self.assertIn("Share on ", text.replace("Partager sur", "Share on "))

    def test_jsonl_fields(self):
        with open(os.path.join(self.out1, "articles.jsonl"), encoding="utf-8") as f:
            for line in f:
                obj = json.loads(line)
                self.assertEqual(list(obj), ["id", "title", "outlet", "url", "date", "lang", "text"])
                self.assertRegex(obj["date"], r"^\d{4}-\d{2}-\d{2}$")
                self.assertNotIn("\n\n\n", obj["text"])
                self.assertFalse(obj["text"].startswith(obj["title"]))

    def test_truth_spans(self):
        kinds = set()
        for r in self.truth["reuse"]:
            kinds.add((r["kind"], r["edit"]))
            src, tgt = self.texts[r["source"]], self.texts[r["target"]]
            a = src[r["source_start"]:r["source_end"]]
            b = tgt[r["target_start"]:r["target_end"]]
            self.assertTrue(a and b, r)
            self.assertEqual(a, a.strip())
            self.assertEqual(b, b.strip())
            # byte offsets slice out the same text as the code-point offsets
            self.assertEqual(src.encode()[r["source_byte_start"]:r["source_byte_end"]].decode(), a)
            self.assertEqual(tgt.encode()[r["target_byte_start"]:r["target_byte_end"]].decode(), b)
            self.assertEqual(r["source_byte_start"], len(src[:r["source_start"]].encode()))
            if r["kind"] in ("verbatim", "duplicate"):
                self.assertEqual(a, b, r)
            else:
                self.assertNotEqual(a, b, r)
            if r["edit"] == "light":
                self.assertGreaterEqual(corpus.kept_in_order(a, b), 0.8, r)
            if r["kind"] == "duplicate":
                self.assertEqual(a, corpus.read_back(self.out1)[r["source"]][r["source_start"]:r["source_end"]])
        for want in [("verbatim", "none"), ("edited", "light"), ("edited", "heavy"), ("verbatim", "reordered"),
                     ("duplicate", "syndicated"), ("paraphrase", "heavy")]:
            self.assertIn(want, kinds)

    def test_reordered_entries_change_order(self):
        groups = {}
        for r in self.truth["reuse"]:
            if r["edit"] == "reordered":
                groups.setdefault((r["source"], r["target"]), []).append(r)
        self.assertTrue(groups)
        for rs in groups.values():
            self.assertGreaterEqual(len(rs), 2)
            order = [r["source_start"] for r in sorted(rs, key=lambda r: r["target_start"])]
            self.assertNotEqual(order, sorted(order))


class TranslationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out1 = os.path.join(cls.tmp.name, "t1")
        cls.out2 = os.path.join(cls.tmp.name, "t2")
        run("make_translation_corpus.py", "--out", cls.out1)
        run("make_translation_corpus.py", "--out", cls.out2)
        with open(os.path.join(cls.out1, "articles.jsonl"), encoding="utf-8") as f:
            cls.articles = [json.loads(line) for line in f]
        cls.texts = {a["id"]: a["text"] for a in cls.articles}
        with open(os.path.join(cls.out1, "truth.json"), encoding="utf-8") as f:
            cls.truth = json.load(f)
        with open(os.path.join(cls.out1, "pairs.jsonl"), encoding="utf-8") as f:
            cls.pairs = [json.loads(line) for line in f]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_deterministic(self):
        self.assertTrue(same_tree(self.out1, self.out2), "two runs differ")

    def test_committed_files_are_fresh(self):
        self.assertTrue(os.path.isdir(COMMITTED_TRANSLATIONS), "data/translations is missing")
        self.assertTrue(same_tree(self.out1, COMMITTED_TRANSLATIONS),
                        "data/translations differs from a fresh generation: edit "
                        "tools/corpus/translation_articles.py and run /usr/bin/python3 "
                        "tools/corpus/make_translation_corpus.py, never edit the files by hand")

    def test_articles(self):
        for a in self.articles:
            self.assertEqual(list(a), ["id", "title", "outlet", "url", "date", "lang", "text"])
            self.assertRegex(a["date"], r"^\d{4}-\d{2}-\d{2}$")
            self.assertIn(a["lang"], ("en", "fr", "de"))
            self.assertNotIn("\n\n\n", a["text"])
        roles = [a["role"] for a in self.truth["articles"]]
        self.assertGreaterEqual(roles.count("source"), 4)
        self.assertGreaterEqual(roles.count("translation"), 6)
        self.assertGreaterEqual(roles.count("negative"), 4)
        for a in self.truth["articles"]:
            text = self.texts[a["id"]]
            self.assertEqual("\n\n".join(text[s:e] for s, e in a["paragraphs"]), text)
            if a["role"] == "source":
                self.assertTrue(1800 <= len(text) <= 3200, a["id"])
                self.assertTrue(8 <= len(a["paragraphs"]) <= 14, a["id"])
            if a["lang"] == "fr":
                self.assertNotIn("« ", text)
                self.assertNotIn(" »", text)

    def test_alignment_spans(self):
        langs = {a["id"]: a["lang"] for a in self.truth["articles"]}
        sentences = {a["id"]: a["sentences"] for a in self.truth["articles"]}
        for al in self.truth["alignments"]:
            src, tgt = self.texts[al["source"]], self.texts[al["target"]]
            self.assertEqual((langs[al["source"]], langs[al["target"]]), (al["source_lang"], al["target_lang"]))
            for g in al["groups"]:
                for side, text, ids in (("source", src, al["source"]), ("target", tgt, al["target"])):
                    idx = g[side + "_sentences"]
                    self.assertEqual(idx, list(range(idx[0], idx[-1] + 1)))
                    spans = sentences[ids]
                    self.assertEqual((g[side + "_start"], g[side + "_end"]), (spans[idx[0]][0], spans[idx[-1]][1]))
                    piece = text[g[side + "_start"]:g[side + "_end"]]
                    self.assertEqual(piece, " ".join(text[s:e] for s, e in (spans[i] for i in idx)))
                    self.assertNotIn("\n", piece)
                    raw = text.encode()[g[side + "_byte_start"]:g[side + "_byte_end"]]
                    self.assertEqual(raw.decode(), piece)
                    self.assertEqual(g[side + "_byte_start"], len(text[:g[side + "_start"]].encode()))

    def test_edits(self):
        by_lang = {}
        for al in self.truth["alignments"]:
            e = al["edits"]
            by_lang.setdefault(al["target_lang"], []).append(e)
            self.assertTrue(e["cut_paragraphs"] and e["added"] >= 1, al["target"])
            types = [g["type"] for g in al["groups"]]
            self.assertEqual((types.count("merge"), types.count("split")), (e["merges"], e["splits"]))
        fr = by_lang["fr"]
        self.assertTrue(all(e["merges"] >= 1 for e in fr))
        self.assertGreaterEqual(sum(e["splits"] >= 1 for e in fr), 2)
        self.assertTrue(any(e["reordered"] for e in fr))
        self.assertGreaterEqual(len(by_lang["de"]), 2)

    def test_pairs(self):
        groups = {al["target"]: al["groups"] for al in self.truth["alignments"]}
        kinds = [p["kind"] for p in self.pairs]
        self.assertEqual(kinds.count("translation"), len(groups))
        self.assertEqual(kinds.count("negative"), len(self.truth["negatives"]))
        for p in self.pairs:
            self.assertEqual(p["target"], self.texts[p["target_article"]])
            self.assertEqual(p["source"], self.texts[p["source_article"]])
            if p["kind"] == "negative":
                self.assertEqual(p["cases"], [])
                continue
            self.assertEqual(len(p["cases"]), len(groups[p["target_article"]]))
            for c, g in zip(p["cases"], groups[p["target_article"]]):
                for k in ("source_start", "source_end", "target_start", "target_end"):
                    self.assertEqual(c[k], g[k])


class BenchTest(unittest.TestCase):
    N = 12

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dirs = {}
        for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
            d = os.path.join(cls.tmp.name, name)
            run("make_reuse_bench.py", "--out", d, "--pairs-per-kind", str(cls.N), "--seed", seed)
            cls.dirs[name] = d
        with open(os.path.join(cls.dirs["a"], "pairs.jsonl"), encoding="utf-8") as f:
            cls.pairs = [json.loads(line) for line in f]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def read(self, name):
        with open(os.path.join(self.dirs[name], "pairs.jsonl"), "rb") as f:
            return f.read()

    def test_deterministic(self):
        self.assertEqual(self.read("a"), self.read("b"))
        self.assertNotEqual(self.read("a"), self.read("c"))

    def test_kinds_and_counts(self):
        counts = {}
        for p in self.pairs:
            counts[p["kind"]] = counts.get(p["kind"], 0) + 1
        self.assertEqual(counts, {k: self.N for k in bench.KINDS})
        self.assertEqual(len({p["id"] for p in self.pairs}), len(self.pairs))

    def test_spans(self):
        for p in self.pairs:
            bench.check_pair(p)  # bounds, paragraph boundaries, verbatim equality, light >= 80%
            for c in p["cases"]:
                a = p["source"][c["source_start"]:c["source_end"]]
                b = p["target"][c["target_start"]:c["target_end"]]
                if p["kind"] in ("none", "reordered"):
                    self.assertEqual(a, b, p["id"])
                elif p["kind"] == "light":
                    self.assertGreaterEqual(corpus.kept_in_order(a, b), 0.8, p["id"])
                else:
                    self.assertNotEqual(a, b, p["id"])
            if p["kind"] == "unrelated":
                self.assertEqual(p["cases"], [])
            if p["kind"] == "reordered":
                self.assertTrue(2 <= len(p["cases"]) <= 3)

    def test_heavy_edits_are_heavier_than_light(self):
        def mean_rate(kind):
            rates = [bench.edit_rate(p["source"][c["source_start"]:c["source_end"]],
                                     p["target"][c["target_start"]:c["target_end"]])
                     for p in self.pairs if p["kind"] == kind for c in p["cases"]]
            return sum(rates) / len(rates)
        self.assertLess(mean_rate("light"), 0.15)
        self.assertGreater(mean_rate("heavy"), 0.2)
        self.assertGreater(mean_rate("heavy"), mean_rate("light"))

    def test_unrelated_pairs_share_no_family(self):
        docs = {d["id"]: d for d in bench.load_documents()}
        for p in self.pairs:
            self.assertNotEqual(docs[p["source_article"]]["family"], docs[p["filler_article"]]["family"], p["id"])

    def test_help(self):
        out = subprocess.run([PYTHON, os.path.join(HERE, "make_reuse_bench.py"), "--help"], check=True,
                             capture_output=True, text=True).stdout
        self.assertIn("--pairs-per-kind", out)


if __name__ == "__main__":
    unittest.main()
