"""Unit tests of stories.py's BCubed measure and METER path parsing (small cases worked out by hand).

/usr/bin/python3 -m unittest discover -s scripts/eval -p 'test_*.py'
"""
import json
import unittest

from stories import bcubed, cluster_count, errors, meter_article, read_stories


class BCubedTest(unittest.TestCase):
    def assertScores(self, got, precision, recall, f1):
        for name, g, want in zip(("precision", "recall", "f1"), got, (precision, recall, f1)):
            self.assertAlmostEqual(g, want, places=12, msg=name)

    def test_identical_clusterings_score_one(self):
        gold = {"a": 1, "b": 1, "c": 2}
        self.assertScores(bcubed(gold, {"a": "x", "b": "x", "c": "y"}), 1, 1, 1)

    def test_merging_two_gold_clusters_lowers_precision(self):
        # gold {a,b} {c}, predicted {a,b,c}: precision a 2/3, b 2/3, c 1/3 -> 5/9; recall 1.
        gold = {"a": "G1", "b": "G1", "c": "G2"}
        self.assertScores(bcubed(gold, {"a": 0, "b": 0, "c": 0}), 5 / 9, 1, 5 / 7)

    def test_splitting_a_gold_cluster_lowers_recall(self):
        # gold {a,b,c,d}, predicted {a,b,c} {d}: recall 3/4 x3 and 1/4 -> 5/8; precision 1.
        gold = {"a": "G", "b": "G", "c": "G", "d": "G"}
        self.assertScores(bcubed(gold, {"a": 1, "b": 1, "c": 1, "d": 2}), 1, 5 / 8, 10 / 13)

    def test_missing_items_are_singletons(self):
        # Same split as above with d left out of the prediction, as `stories` leaves singletons out.
        gold = {"a": "G", "b": "G", "c": "G", "d": "G"}
        self.assertScores(bcubed(gold, {"a": 1, "b": 1, "c": 1}), 1, 5 / 8, 10 / 13)
        # Nothing predicted: every item alone. Recall 1/2 each.
        self.assertScores(bcubed({"a": 1, "b": 1, "c": 2, "d": 2}, {}), 1, 1 / 2, 2 / 3)

    def test_singletons_never_share_a_cluster_with_a_named_one(self):
        # b's story is labelled "a", like the item a, which is a singleton: still two clusters.
        self.assertScores(bcubed({"a": 1, "b": 1}, {"b": "a"}), 1, 1 / 2, 2 / 3)

    def test_merge_and_split_together(self):
        # gold {a,b,c,d} {e}; predicted {a,b} {c,d,e}.
        # precision: a 1, b 1, c 2/3, d 2/3, e 1/3 -> 11/15; recall: a, b, c, d 1/2, e 1 -> 3/5; F1 0.66.
        gold = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 2}
        predicted = {"a": "p", "b": "p", "c": "q", "d": "q", "e": "q"}
        self.assertScores(bcubed(gold, predicted), 11 / 15, 3 / 5, 33 / 50)
        # Swapping the roles swaps precision and recall.
        self.assertScores(bcubed(predicted, gold), 3 / 5, 11 / 15, 33 / 50)

    def test_labels_are_only_names(self):
        gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
        one = bcubed(gold, {"a": 1, "b": 1, "c": 2, "d": 2, "e": 2})
        other = bcubed(gold, {"a": "z", "b": "z", "c": 7, "d": 7, "e": 7})
        self.assertScores(other, *one)

    def test_unknown_predicted_item_is_an_error(self):
        with self.assertRaises(ValueError):
            bcubed({"a": 1}, {"a": 1, "b": 1})
        with self.assertRaises(ValueError):
            bcubed({}, {})

    def test_cluster_count_counts_singletons(self):
        self.assertEqual(cluster_count({"a": 1, "b": 1, "c": 2, "d": 3}, {"a": "s", "b": "s"}), 3)


class ErrorsTest(unittest.TestCase):
    def test_merge_and_split_are_listed(self):
        gold = {"a": "G1", "b": "G1", "c": "G2", "d": "G3", "e": "G3"}
        found = errors(gold, {"a": 7, "b": 7, "c": 7, "d": 8}, limit=5)
        self.assertEqual(found["merges"], 1)
        self.assertEqual(found["largest_merges"][0]["story"], "7")
        self.assertEqual([g["gold"] for g in found["largest_merges"][0]["gold"]], ["G1", "G2"])
        self.assertEqual(found["splits"], 1)  # G3: d in story 8, e alone
        self.assertEqual([p["story"] for p in found["largest_splits"][0]["stories"]], ["8", "singleton"])
        self.assertEqual(found["largest_splits"][0]["parts"], 2)


class ReadingTest(unittest.TestCase):
    def test_meter_paths(self):
        self.assertEqual(meter_article("meter_corpus/newspapers/rawtexts/courts/01.03.00/diver/diver396_guardian.txt"),
                         {"id": "newspapers/courts/01.03.00/diver/diver396_guardian", "story": "courts/01.03.00/diver",
                          "date": "2000-03-01", "outlet": "guardian"})
        self.assertEqual(meter_article("meter_corpus/PA/rawtexts/courts/12.07.99/arm/arm1.txt"),
                         {"id": "PA/courts/12.07.99/arm/arm1", "story": "courts/12.07.99/arm",
                          "date": "1999-07-12", "outlet": "PA"})
        self.assertEqual(meter_article("meter_corpus/PA/rawtexts/courts/26.01.00/pinochet/pinochet1mp.sub")["id"],
                         "PA/courts/26.01.00/pinochet/pinochet1mp.sub")
        with self.assertRaises(ValueError):
            meter_article("meter_corpus/PA/courts/arm1.txt")

    def test_read_stories(self):
        lines = [json.dumps({"id": 1, "articles": [{"id": "a"}, {"id": "b"}]}),
                 "", json.dumps({"id": 2, "articles": [{"id": "c"}, {"id": "a"}]})]
        predicted, repeated = read_stories("\n".join(lines))
        self.assertEqual(predicted, {"a": "1", "b": "1", "c": "2"})
        self.assertEqual(repeated, ["a"])


if __name__ == "__main__":
    unittest.main()
