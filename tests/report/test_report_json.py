"""The JSON report of data/corpus: valid under its schema, consistent with the
other commands' output, and equal to the golden summary kept in
tests/report/golden/ (stories, relation counts, outlet matrix).

Run: /usr/bin/python3 -m pytest tests/report/test_report_json.py
After a deliberate change of results, rewrite the golden file with
PARALLAX_UPDATE_GOLDEN=1 and review its diff.
"""
import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("PARALLAX_BINARY", ROOT / "build" / "parallax"))
SCHEMA = ROOT / "engine" / "src" / "report" / "report.schema.json"
GOLDEN = ROOT / "tests" / "report" / "golden" / "data_corpus_summary.json"


def run(*args):
    done = subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, f"parallax {' '.join(map(str, args))} failed:\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: build first (scripts/setup.sh)")
    db = tmp_path_factory.mktemp("report") / "db"
    run("index", ROOT / "data" / "corpus", "--db", db)
    return db


@pytest.fixture(scope="module")
def report(collection):
    out = collection.parent / "report.json"
    run("report", "--db", collection, "--out", out)
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report):
    return {
        "relations": report["overview"]["relations"],
        "stories": [{"id": s["id"], "articles": [a["id"] for a in s["articles"]], "label": s["label"]}
                    for s in report["stories"]],
        "outlet_reuse": report["outlet_reuse"],
    }


def test_report_is_valid_under_its_schema(report):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)


def test_schema_rejects_a_report_missing_a_field(report):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = dict(report)
    del broken["stories"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_pairs_and_stories_are_those_the_commands_print(collection, report):
    pairs = [json.loads(line) for line in run("pairs", "--db", collection, "--json", "--passages").splitlines()]
    assert report["pairs"] == pairs
    stories = [json.loads(line) for line in run("stories", "--db", collection, "--json").splitlines()]
    assert report["stories"] == stories


def test_passage_offsets_slice_the_same_text_in_code_points_and_bytes(report):
    texts = report["texts"]
    checked = 0
    for pair in report["pairs"]:
        if pair["a"]["id"] not in texts or pair["b"]["id"] not in texts:
            continue
        a, b = texts[pair["a"]["id"]], texts[pair["b"]["id"]]
        for p in pair["passages"]:
            assert a[p["a_start"]:p["a_end"]] == a.encode()[p["a_byte_start"]:p["a_byte_end"]].decode()
            assert b[p["b_start"]:p["b_end"]] == b.encode()[p["b_byte_start"]:p["b_byte_end"]].decode()
            checked += 1
    assert checked > 0


def test_golden_summary_of_data_corpus(report):
    got = summary(report)
    if os.environ.get("PARALLAX_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got == expected, "the report of data/corpus changed: review, then PARALLAX_UPDATE_GOLDEN=1"


def test_markdown_and_html_are_written_too(collection, tmp_path):
    md = tmp_path / "r.md"
    html = tmp_path / "r.html"
    run("report", "--db", collection, "--out", md)
    run("report", "--db", collection, "--out", html)
    assert md.read_text(encoding="utf-8").startswith("# parallax report")
    assert "Content-Security-Policy" in html.read_text(encoding="utf-8")


def test_unknown_extension_is_a_usage_error(collection, tmp_path):
    done = subprocess.run([str(BINARY), "report", "--db", str(collection), "--out", str(tmp_path / "r.pdf")],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert ".html" in done.stderr
    assert not (tmp_path / "r.pdf").exists()
