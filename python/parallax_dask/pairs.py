"""`pairs` on a Dask cluster, over the shards `index` wrote.

The candidates are those `parallax pairs` finds on one collection, found
shard against shard and joined:
  1. k nearest by dense vectors: each pair of shards joined exactly, each
     article's k best kept over all of them (and, across languages, its k
     best in each other language by the sketches that estimate ArticleCosine);
  2. shared text: fingerprint postings shuffled by fingerprint key, the pairs
     under each key listed there, then counted per pair where they are scored;
  3. each pair of shards scores its candidates where both collections are
     read (the engine's ScoreCandidate, as `parallax pairs` scores them).
"""

import json
import os

import numpy as np

from parallax import shards as steps

from .index import load_manifest
from .progress import wait_for

# The weakest relation listed may be any but "unrelated" (strongest first, as
# the engine ranks them).
RELATIONS = ["duplicate", "translation", "reuse", "same-event", "related"]
PAIRS_FILE = "pairs.jsonl"
_ROW = np.uint64(0xFFFFFFFF)


def _features(path, offset, neighbors):
    return steps.features(path, offset, neighbors=neighbors)


def _best(keys, others, scores, k):
    """The order that sorts (key, other, score) triples by key, then best
    score, then lower other (as the engine's joins break ties), and which of
    them, in that order, are among the k best of their key."""
    order = np.lexsort((others, -scores, keys))
    keys = keys[order]
    starts = np.r_[0, np.flatnonzero(np.diff(keys)) + 1]
    rank = np.arange(len(keys)) - np.repeat(starts, np.diff(np.r_[starts, len(keys)]))
    return order, rank < k


def _join(fi, fj, oi, oj, same, k_self, k):
    """One pair of shards joined: for each side, its rows' best in the other
    side, as (row, other, other's language, score) within languages and
    (row * L + other's language, other, score) across languages."""
    n_languages = len(fi["sketches"])
    out = {"i": {"self": [], "across": []}, "j": {"self": [], "across": []}}

    def add_self(side, rows, labels, scores, other_offset, other_language):
        k_ = labels.shape[1]
        rows = np.repeat(rows, k_)
        labels, scores = labels.ravel(), scores.ravel()
        found = labels >= 0
        others = labels[found]
        out[side]["self"].append((rows[found], others + other_offset, other_language[others], scores[found]))

    rows_i = np.arange(len(fi["language"]), dtype=np.int64) + oi
    rows_j = np.arange(len(fj["language"]), dtype=np.int64) + oj
    if same:
        scores, labels = steps.exact_self_join(fi["vectors"], k_self)
        add_self("i", rows_i, labels, scores, oi, fi["language"])
    elif len(rows_i) and len(rows_j):
        xs, xl, ys, yl = steps.exact_join(fi["vectors"], fj["vectors"], k_self)
        add_self("i", rows_i, xl, xs, oj, fj["language"])
        add_self("j", rows_j, yl, ys, oi, fi["language"])

    def add_across(side, rows, target, labels, scores, other_rows):
        k_ = labels.shape[1]
        keys = np.repeat(rows * n_languages + target, k_)
        labels, scores = labels.ravel(), scores.ravel()
        found = labels >= 0
        out[side]["across"].append((keys[found], other_rows[labels[found]], scores[found]))

    def sketched(f, of_language, for_language, offset):
        rows, matrix = f["sketches"][for_language]
        mine = f["language"][rows] == of_language
        return rows[mine] + offset, np.ascontiguousarray(matrix[mine])

    for x in range(n_languages):
        for y in range(n_languages):
            if x == y or (same and x > y):
                continue
            # i's articles of language x against j's of language y.
            x_rows, x_sketch = sketched(fi, x, y, oi)
            y_rows, y_sketch = sketched(fj, y, x, oj)
            if len(x_rows) == 0 or len(y_rows) == 0:
                continue
            xs, xl, ys, yl = steps.exact_join(x_sketch, y_sketch, k)
            add_across("i", x_rows, y, xl, xs, y_rows)
            add_across("j" if not same else "i", y_rows, x, yl, ys, x_rows)
    return out


def _concat(pieces, dtypes):
    """The pieces' columns, each joined (empty ones of `dtypes` when none)."""
    if not pieces:
        return [np.empty(0, dtype=t) for t in dtypes]
    return [np.concatenate([p[c] for p in pieces]) for c in range(len(dtypes))]


def _neighbour_candidates(fi, oi, joins, sides, k_self, k, shard_of):
    """Shard i's candidates by vectors, as FindPairs keeps them: each article's
    k_self best over the whole corpus, within a language or with an article
    of no known language, and its k best in each other language, from the
    floor up; as candidate keys (lo << 32 | hi) << 1 grouped by the pair of
    shards that scores them."""
    self_pieces = [j[s]["self"] for j, s in zip(joins, sides)]
    across_pieces = [j[s]["across"] for j, s in zip(joins, sides)]
    rows, others, other_language, scores = _concat([p for ps in self_pieces for p in ps],
                                                   (np.int64, np.int64, np.int32, np.float32))
    order, best = _best(rows, others, scores, k_self)
    rows, others, other_language, scores = rows[order], others[order], other_language[order], scores[order]
    language = fi["language"][rows - oi] if len(rows) else np.empty(0, dtype=np.int32)
    across_languages = (language >= 0) & (other_language >= 0) & (language != other_language)
    keep = best & (others != rows) & ~across_languages & (scores >= fi["floor"])
    a, b = rows[keep], others[keep]

    keys, others, scores = _concat([p for ps in across_pieces for p in ps], (np.int64, np.int64, np.float32))
    if len(keys):
        n_languages = len(fi["sketches"])
        order, best = _best(keys, others, scores, k)
        keys, others, scores = keys[order], others[order], scores[order]
        keep = best & (scores >= fi["floor"])
        a = np.concatenate([a, keys[keep] // n_languages])
        b = np.concatenate([b, others[keep]])
    return _route(np.minimum(a, b).astype(np.uint64), np.maximum(a, b).astype(np.uint64), 0, shard_of)


def _route(lo, hi, flag, shard_of):
    """Candidate keys of pairs (lo, hi), by the pair of shards they fall in."""
    keys = ((lo << np.uint64(32)) | hi) << np.uint64(1) | np.uint64(flag)
    si, sj = shard_of(lo), shard_of(hi)
    routed = {}
    for pair in set(zip(si.tolist(), sj.tolist())):
        routed[pair] = keys[(si == pair[0]) & (sj == pair[1])]
    return routed


def _split_postings(fi, parts):
    postings = fi["postings"]
    part = (postings >> np.uint64(32)) % np.uint64(parts)
    return [postings[part == p] for p in range(parts)]


def _text_entries(p, shard_of, neighbors, *splits):
    """The pair entries under the fingerprint keys of part p, routed to the
    pairs of shards that count and score them."""
    postings = np.sort(np.concatenate([s[p] for s in splits]))
    entries = steps.fingerprint_pair_entries(postings, neighbors=neighbors)
    lo, hi = entries >> np.uint64(32), entries & _ROW
    si, sj = shard_of(lo), shard_of(hi)
    return {pair: entries[(si == pair[0]) & (sj == pair[1])] for pair in set(zip(si.tolist(), sj.tolist()))}


def _score(shard_a, shard_b, pair, neighbour_parts, entry_parts, min_relation, neighbors):
    """The candidates of one pair of shards, merged and scored."""
    keys = [p[pair] for p in neighbour_parts if pair in p]
    entries = [p[pair] for p in entry_parts if pair in p]
    if entries:
        shared, times = np.unique(np.concatenate(entries), return_counts=True)
        text = shared[times >= steps.min_shared_fingerprints]
        keys.append(text << np.uint64(1) | np.uint64(1))
    if not keys:
        return []
    keys = np.unique(np.concatenate(keys))
    pairs = keys >> np.uint64(1)
    last = np.r_[pairs[1:] != pairs[:-1], True]  # a pair's flagged key sorts last
    pairs, shares_text = pairs[last], (keys[last] & np.uint64(1)).astype(bool)
    lo = (pairs >> np.uint64(32)).astype(np.int64) - shard_a["offset"]
    hi = (pairs & _ROW).astype(np.int64) - shard_b["offset"]
    scored = steps.score(shard_a["path"], lo, shard_b["path"], hi, shares_text, min_relation=min_relation,
                         neighbors=neighbors, passages=True)
    return [(a + shard_a["offset"], b + shard_b["offset"], strength, similarity, pair_json)
            for a, b, strength, similarity, pair_json in scored]


def run_pairs(client, out, min_relation="related", neighbors=10, timings=None):
    """The related pairs of the sharded collection in `out`, strongest first,
    as `parallax pairs --json --passages` lists them; also written to
    out/pairs.jsonl, which `parallax stories|report --shards OUT` read.
    `timings` (a dict) gets each stage's seconds."""
    if min_relation not in RELATIONS:
        raise ValueError(f"min_relation must be one of {', '.join(RELATIONS)}")
    manifest = load_manifest(out)
    shards = [s for s in manifest["shards"] if s["articles"] > 0]
    total = sum(s["articles"] for s in shards)
    results = []
    if total >= 2:
        starts = np.array([s["offset"] for s in shards], dtype=np.int64)

        def shard_of(rows):
            return np.searchsorted(starts, rows.astype(np.int64), side="right") - 1

        features = [client.submit(_features, s["path"], s["offset"], neighbors) for s in shards]
        k_self = min(total, neighbors + 1)
        joins, sides = [[] for _ in shards], [[] for _ in shards]
        for i in range(len(shards)):
            for j in range(i, len(shards)):
                join = client.submit(_join, features[i], features[j], shards[i]["offset"], shards[j]["offset"],
                                     i == j, k_self, neighbors)
                joins[i].append(join)
                sides[i].append("i")
                if i != j:
                    joins[j].append(join)
                    sides[j].append("j")
        neighbour_parts = [client.submit(_neighbour_candidates, features[i], shards[i]["offset"], joins[i], sides[i],
                                         k_self, neighbors, shard_of) for i in range(len(shards))]
        parts = len(shards)
        splits = [client.submit(_split_postings, f, parts) for f in features]
        entry_parts = [client.submit(_text_entries, p, shard_of, neighbors, *splits) for p in range(parts)]
        scored = []
        for i in range(len(shards)):
            for j in range(i, len(shards)):
                scored.append(client.submit(_score, shards[i], shards[j], (i, j), neighbour_parts, entry_parts,
                                            min_relation, neighbors))
        wait_for(client, features, "reading shards", timings, gather=False)
        wait_for(client, neighbour_parts, "k-NN joins", timings, gather=False)
        wait_for(client, entry_parts, "fingerprints", timings, gather=False)
        for part in wait_for(client, scored, "scoring", timings):
            results.extend(part)
    # Strongest relation first, then the higher similarity, then the rows.
    results.sort(key=lambda r: (r[2], -r[3], r[0], r[1]))
    lines = [json.dumps(r[4], ensure_ascii=False, separators=(",", ":")) for r in results]
    temporary = os.path.join(out, PAIRS_FILE + ".tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")
    os.replace(temporary, os.path.join(out, PAIRS_FILE))
    return [r[4] for r in results]
