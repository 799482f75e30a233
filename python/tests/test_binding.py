"""The Python module (`import parallax`) against the CLI: the same collection
gives the same answers (pairs, search, compare, stories, score), errors raise
parallax.Error subclasses with the engine's message, vectors are numpy
float32, and engine calls release the GIL.

Run: PYTHONPATH=build/python /usr/bin/python3 -m pytest -q python/tests
(PARALLAX_BINARY names the CLI to compare with; default build/parallax.)
"""
import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import parallax

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("PARALLAX_BINARY", ROOT / "build" / "parallax"))
CORPUS = ROOT / "data" / "corpus" / "articles.jsonl"


def run(*args):
    done = subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, f"parallax {' '.join(map(str, args))} failed:\n{done.stderr}"
    return done.stdout


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """data/corpus/articles.jsonl indexed through the binding, from dict records."""
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: build first (scripts/setup.sh)")
    path = tmp_path_factory.mktemp("binding") / "db"
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    collection = parallax.Collection.create(path)
    result = collection.index(records)
    assert result["added"] == len(records)
    assert result["skipped"] == [] and result["duplicates"] == []
    collection.save()
    return path


@pytest.fixture(scope="module")
def collection(db):
    return parallax.Collection.open(db)


def test_index_from_records_equals_index_from_the_file(db, tmp_path):
    """index(records) and index_jsonl(path) store the same articles."""
    other = parallax.Collection.create(tmp_path / "db")
    assert other.index_jsonl(CORPUS)["added"] == 38
    other.save()
    first = parallax.Collection.open(db)
    assert len(other) == len(first) == 38
    assert [other.article(i) for i in range(38)] == [first.article(i) for i in range(38)]
    # Indexing them again adds nothing: all are stored.
    again = other.index_jsonl(CORPUS)
    assert again["added"] == 0 and len(again["duplicates"]) == 38


def test_pairs_equal_the_cli(db, collection):
    cli = json_lines(run("pairs", "--db", db, "--json"))
    assert cli, "data/corpus has related pairs"
    assert collection.pairs() == cli
    # Options reach the engine as the CLI's flags do.
    assert collection.pairs(passages=True, min_relation="same-event") == json_lines(
        run("pairs", "--db", db, "--json", "--passages", "--min-relation", "same-event"))
    assert collection.pairs(min_relation="translation") == json_lines(
        run("pairs", "--db", db, "--json", "--min-relation", "translation"))
    assert collection.pairs(neighbors=3, same_event=0.3) == json_lines(
        run("pairs", "--db", db, "--json", "--neighbors", "3", "--same-event", "0.3"))
    every = collection.pairs(all_pairs=True)
    assert every == json_lines(run("pairs", "--db", db, "--json", "--all-pairs"))
    assert len(every) > len(cli) and any("duplicate_of" in p for p in cli)


def test_search_finds_a_known_article(db, collection, tmp_path):
    article = collection.article("ev1-afp-0311")
    assert article["outlet"] == "Agence Franche Presse"
    # Its headline and text, searched as a whole article ("more like this"): itself first.
    query = article["title"] + "\n" + article["text"]
    similar = collection.search(query, k=3)
    assert similar["mode"] == "similar"
    assert similar["results"][0]["id"] == "ev1-afp-0311"
    keywords = collection.search("dockers automatisation", k=5)
    assert keywords["mode"] == "keywords"
    assert "ev1-afp-0311" in [r["id"] for r in keywords["results"]]
    # The same answers as `parallax search --json`.
    for query in ["dockers automatisation", '"Port-Mérac"', article["text"], query]:
        assert collection.search(query, k=5) == json.loads(run("search", "--db", db, "--text", query, "-k", "5", "--json"))
    # An article file: a .jsonl of one line is that article, as the CLI reads it.
    path = tmp_path / "query.jsonl"
    path.write_text(json.dumps(article) + "\n", encoding="utf-8")
    by_file = collection.search(file=path, k=5)
    assert by_file == json.loads(run("search", "--db", db, "--file", str(path), "-k", "5", "--json"))
    assert by_file["results"][0]["id"] == "ev1-afp-0311"
    assert by_file["results"][0]["relation"] == "duplicate"
    assert by_file["results"][0]["score"] > 0.99


def test_compare_stories_and_score_equal_the_cli(db, collection, tmp_path):
    ids = [p["a"]["id"] for p in collection.pairs()[:1]] + [p["b"]["id"] for p in collection.pairs()[:1]]
    assert collection.compare(*ids) == json.loads(run("compare", "--db", db, *ids, "--json"))
    assert collection.stories() == json_lines(run("stories", "--db", db, "--json"))
    assert collection.stories(window=1, min_size=3) == json_lines(
        run("stories", "--db", db, "--json", "--window", "1", "--min-size", "3"))

    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Dockers strike\n\nThe dockers went on strike on Monday against automation.\n", encoding="utf-8")
    b.write_text("Dockers walk out\n\nOn Monday the dockers went on strike against automation.\n", encoding="utf-8")
    assert parallax.compare(a, b) == json.loads(run("compare", a, b, "--json"))
    by_text = parallax.compare(a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8"))
    assert by_text["a"]["id"] == "a" and by_text["similarity"] == parallax.compare(a, b)["similarity"]

    rows = [("p1", "The dockers went on strike on Monday.", "On Monday the dockers went on strike."),
            ("p2", "The central bank raised its rates.", "A storm hit the coast overnight.")]
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("id\ttext_a\ttext_b\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    assert parallax.score(rows) == json_lines(run("score", "--pairs", tsv, "--json"))
    as_dicts = [{"id": i, "text_a": x, "text_b": y} for i, x, y in rows]
    assert collection.score(as_dicts) == json_lines(run("score", "--pairs", tsv, "--db", db, "--json"))


def test_report(collection, tmp_path):
    summary = collection.report(tmp_path / "report.json")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert summary["stories"] == len(report["stories"])
    assert report["schema_version"] >= 1
    with pytest.raises(parallax.InvalidArgumentError):
        collection.report(tmp_path / "report.pdf")


def test_vectors_are_float32_of_the_model_dim(collection):
    assert collection.dim == 128
    v = collection.vector(0)
    assert isinstance(v, np.ndarray) and v.dtype == np.float32 and v.shape == (128,)
    assert np.isclose(np.linalg.norm(v), 1.0, atol=1e-4)
    all_vectors = collection.vectors()
    assert all_vectors.dtype == np.float32 and all_vectors.shape == (len(collection), 128)
    assert np.array_equal(all_vectors[5], collection.vector(5))
    assert np.array_equal(collection.vector("ev1-afp-0311"), all_vectors[collection.find("ev1-afp-0311")])


def test_articles_by_row_and_id(collection):
    first = collection.article(0)
    assert set(first) == {"id", "title", "outlet", "url", "date", "lang", "text"}
    assert collection.article(first["id"]) == first
    assert collection.article(-1) == collection.article(len(collection) - 1)
    assert first["id"] in collection and "no-such-id" not in collection
    assert collection.find("no-such-id") is None
    with pytest.raises(IndexError):
        collection.article(len(collection))
    with pytest.raises(KeyError):
        collection.article("no-such-id")


def test_open_a_missing_folder_raises_not_found(tmp_path):
    missing = tmp_path / "nothing-here"
    with pytest.raises(parallax.NotFoundError) as error:
        parallax.Collection.open(missing)
    assert str(missing) in str(error.value)
    assert isinstance(error.value, parallax.Error) and error.value.code == "not_found"
    # The CLI says the same.
    done = subprocess.run([str(BINARY), "pairs", "--db", str(missing)], capture_output=True, text=True)
    assert done.returncode == 1 and str(error.value) in done.stderr


def test_a_damaged_file_raises_corruption(db, tmp_path):
    copy = tmp_path / "db"
    shutil.copytree(db, copy)
    damaged = next(p for p in copy.iterdir() if p.name.startswith("articles.") and p.suffix == ".plx")
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(parallax.CorruptionError) as error:
        parallax.Collection.open(copy)
    assert damaged.name in str(error.value)
    done = subprocess.run([str(BINARY), "pairs", "--db", str(copy)], capture_output=True, text=True)
    assert done.returncode == 1 and str(error.value) in done.stderr


def test_bad_arguments_raise_invalid_argument(collection, tmp_path):
    with pytest.raises(parallax.InvalidArgumentError, match="min_relation must be duplicate, translation, reuse"):
        collection.pairs(min_relation="cousins")
    with pytest.raises(ValueError):  # InvalidArgumentError is a ValueError too
        collection.search("dockers", k=0)
    with pytest.raises(parallax.InvalidArgumentError, match="records\\[1\\]: missing field 'text'"):
        parallax.Collection.create(tmp_path / "new").index([{"id": "a", "text": "A text."}, {"id": "b"}], strict=True)
    skipped = parallax.Collection.create(tmp_path / "other").index([{"id": "a", "text": "Dockers strike."}, {"id": "b"}])
    assert skipped["added"] == 1 and skipped["skipped"] == [{"where": "records[1]", "reason": "missing field 'text'"}]
    undated = parallax.Collection.create(tmp_path / "dated").index([{"id": "a", "text": "Dockers strike.", "date": "someday"}])
    assert undated["added"] == 1 and undated["undated"][0]["where"] == "records[0]"
    with pytest.raises(parallax.InvalidArgumentError, match="already holds a collection"):
        parallax.Collection.create(collection.path)


def test_a_bad_article_file_says_why(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Dockers strike at the port.\n", encoding="utf-8")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(parallax.InvalidArgumentError, match="folder.txt: a directory, not a file"):
        parallax.compare(folder, good)
    bad_record = tmp_path / "bad.jsonl"
    bad_record.write_text('{"id": "a"}\n', encoding="utf-8")
    with pytest.raises(parallax.InvalidArgumentError, match=r"holds no article that could be read \(.*bad.jsonl:1: missing field 'text'\)"):
        parallax.compare(bad_record, good)
    two = tmp_path / "two.jsonl"
    two.write_text('{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}\n', encoding="utf-8")
    with pytest.raises(parallax.InvalidArgumentError, match="holds 2 articles; give a file of one"):
        parallax.compare(two, good)


def test_error_classes():
    assert issubclass(parallax.IOError, OSError) and issubclass(parallax.IOError, parallax.Error)
    assert issubclass(parallax.NotFoundError, parallax.Error)
    assert issubclass(parallax.CorruptionError, parallax.Error)
    assert issubclass(parallax.UnavailableError, parallax.Error)
    assert issubclass(parallax.Error, Exception)


def test_a_second_writer_is_unavailable(db, tmp_path):
    """save() takes the writer lock: a collection saved by another writer since it was opened is refused."""
    copy = tmp_path / "db"
    shutil.copytree(db, copy)
    first = parallax.Collection.open(copy)
    second = parallax.Collection.open(copy)
    first.index([{"id": "extra-1", "text": "Dockers strike\n\nThe dockers went on strike on Monday."}])
    first.save()
    second.index([{"id": "extra-2", "text": "Storm\n\nA storm hit the coast overnight."}])
    with pytest.raises(parallax.UnavailableError):
        second.save()
    assert len(parallax.Collection.open(copy)) == 39


def test_pairs_release_the_gil(collection):
    """Two threads run pairs() at once, and Python code runs meanwhile."""
    expected = collection.pairs()
    start = time.perf_counter()
    collection.pairs()
    one_call = time.perf_counter() - start

    results = [None, None]

    def work(i):
        results[i] = [collection.pairs() for _ in range(3)]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    ticks = []
    while any(t.is_alive() for t in threads):
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive()
    assert results[0] == results[1] == [expected] * 3
    # Holding the GIL through a call would stall this thread for the whole call.
    if one_call > 0.1 and len(ticks) > 2:
        longest_gap = max(b - a for a, b in zip(ticks, ticks[1:]))
        assert longest_gap < one_call * 0.8, (longest_gap, one_call)
