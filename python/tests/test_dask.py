"""parallax_dask on a LocalCluster started inside the tests: the sharded
pipeline lists exactly what `parallax index` + `parallax pairs --json` list,
and a worker killed mid-task changes nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="python3-distributed is not installed (scripts/setup.sh installs it)")
import parallax  # noqa: E402
from parallax_dask import load_manifest, run_index, run_pairs  # noqa: E402
from parallax_dask.inputs import plan_shards, read_shard  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "corpus" / "articles.jsonl"
CLI = ROOT / "build" / "parallax"
sys.path.insert(0, str(ROOT / "bench"))
from reprint_bench import make_corpus  # noqa: E402


def local_cluster(workers):
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=50)
    return cluster, distributed.Client(cluster)


@pytest.fixture(scope="module")
def client():
    cluster, client = local_cluster(2)
    yield client
    client.close()
    cluster.close()


def cli(*args):
    return subprocess.run([str(CLI), *map(str, args)], check=True, capture_output=True, text=True).stdout


def one_machine_pairs(corpus, folder, *options):
    if not folder.exists():
        cli("index", "--db", folder, corpus)
    return cli("pairs", "--db", folder, "--json", "--passages", "--all-pairs", *options).splitlines()


def sharded_pairs(client, corpus, folder, shards):
    manifest = run_index(client, [str(corpus)], str(folder), shards)
    run_pairs(client, str(folder))
    return manifest, (folder / "pairs.jsonl").read_text(encoding="utf-8").splitlines()


def test_shards_cover_the_input_once_in_order(tmp_path):
    corpus = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": "x" * (i % 7)}) for i in range(101)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for shards in (1, 2, 3, 10, 64):
        plan = plan_shards([str(corpus)], shards)
        ids = [r["id"] for parts in plan for r in read_shard(parts)[0]]
        assert ids == [f"a{i}" for i in range(101)], shards


def test_bad_lines_are_noted_not_lost(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b'{"id": "a", "text": "One."}\nnot json\n\xff\xfe\n[1]\n{"id": "b", "text": "Two."}\n')
    records, notes = read_shard(plan_shards([str(corpus)], 1)[0])
    assert [r["id"] for r in records] == ["a", "b"]
    assert [why for _, why in notes] == ["invalid JSON", "not valid UTF-8 at byte 37", "not a JSON object"]


def test_sample_corpus_equals_one_machine(client, tmp_path):
    expected = one_machine_pairs(SAMPLE, tmp_path / "one")
    manifest, got = sharded_pairs(client, SAMPLE, tmp_path / "sharded", shards=3)
    assert len(manifest["shards"]) == 3
    assert manifest["articles"] == len(parallax.Collection.open(tmp_path / "one"))
    assert len(expected) > 20
    assert got == expected
    # The model is the one `parallax index` fits, byte for byte.
    one_model = next((tmp_path / "one").glob("model.*.plx")).read_bytes()
    assert (tmp_path / "sharded" / "model.plx").read_bytes() == one_model


def test_an_id_repeated_in_a_later_shard_is_left_out_as_one_machine_does(client, tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    corpus = tmp_path / "repeated.jsonl"
    corpus.write_text("\n".join(lines + [json.dumps(dict(first, text="Another text under a used id."))]) + "\n",
                      encoding="utf-8")
    expected = one_machine_pairs(corpus, tmp_path / "one")
    manifest, got = sharded_pairs(client, corpus, tmp_path / "sharded", shards=3)
    assert manifest["duplicates"] == 1
    assert manifest["articles"] == len(lines)
    assert got == expected


def test_each_shard_is_an_ordinary_collection(client, tmp_path):
    manifest, _ = sharded_pairs(client, SAMPLE, tmp_path / "sharded", shards=2)
    shard = load_manifest(str(tmp_path / "sharded"))["shards"][1]
    first = parallax.Collection.open(shard["path"]).article(0)
    out = subprocess.run([str(CLI), "search", "--db", shard["path"], "--json", "--text", first["title"]],
                         check=True, capture_output=True, text=True).stdout
    assert json.loads(out)["results"][0]["id"] == first["id"], out
    assert manifest["shards"][1]["offset"] == manifest["shards"][0]["articles"]


def test_generated_corpus_equals_one_machine(client, tmp_path):
    # 4,000 articles of two languages, about 9 MB: more than the tokenizer's
    # 8 MB training budget, so the sample is every second sentence, taken
    # across shard boundaries.
    corpus = tmp_path / "reprints.jsonl"
    make_corpus(4000, 3, str(corpus))
    assert corpus.stat().st_size > 8_000_000
    expected = one_machine_pairs(corpus, tmp_path / "one")
    _, got = sharded_pairs(client, corpus, tmp_path / "sharded", shards=4)
    assert len(expected) > 1000
    assert got == expected


def test_stories_and_report_read_the_shards(client, tmp_path):
    sharded_pairs(client, SAMPLE, tmp_path / "sharded", shards=3)
    one_machine_pairs(SAMPLE, tmp_path / "one")
    for options in ([], ["--window", "1"], ["--min-size", "1"]):
        expected = cli("stories", "--db", tmp_path / "one", "--json", "--all-pairs", *options)
        assert len(expected.splitlines()) >= 5
        assert cli("stories", "--shards", tmp_path / "sharded", "--json", *options) == expected
    cli("report", "--db", tmp_path / "one", "--all-pairs", "--out", tmp_path / "one.json")
    cli("report", "--shards", tmp_path / "sharded", "--out", tmp_path / "sharded.json")
    one = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    sharded = json.loads((tmp_path / "sharded.json").read_text(encoding="utf-8"))
    assert one["overview"]["pairs"] > 20 and one["stories"]
    assert sharded == one
    cli("report", "--shards", tmp_path / "sharded", "--out", tmp_path / "sharded.html")
    page = (tmp_path / "sharded.html").read_text(encoding="utf-8")
    assert "parallax report: sharded" in page and "Norvalia" in page


def test_worker_killed_mid_task_is_retried(tmp_path):
    marker = tmp_path / "killed"
    os.environ["PARALLAX_DASK_TEST_KILL_ONCE"] = str(marker)
    try:
        cluster, client = local_cluster(2)
    finally:
        del os.environ["PARALLAX_DASK_TEST_KILL_ONCE"]
    try:
        _, got = sharded_pairs(client, SAMPLE, tmp_path / "sharded", shards=2)
    finally:
        client.close()
        cluster.close()
    assert marker.exists(), "no worker was killed: the test proved nothing"
    assert got == one_machine_pairs(SAMPLE, tmp_path / "one")
    assert not [p for p in os.listdir(tmp_path / "sharded") if ".tmp-" in p]


def test_command_line(tmp_path):
    env = dict(os.environ)
    out = tmp_path / "sharded"
    index = subprocess.run([sys.executable, "-m", "parallax_dask", "index", str(SAMPLE), "--out", str(out),
                            "--workers", "1", "--shards", "2"], capture_output=True, text=True, env=env)
    assert index.returncode == 0, index.stderr
    assert "indexed 38 articles into 2 shards" in index.stdout
    pairs = subprocess.run([sys.executable, "-m", "parallax_dask", "pairs", "--out", str(out), "--workers", "1",
                            "--json"], capture_output=True, text=True, env=env)
    assert pairs.returncode == 0, pairs.stderr
    one_machine_pairs(SAMPLE, tmp_path / "one")
    assert pairs.stdout.splitlines() == cli("pairs", "--db", tmp_path / "one", "--json", "--all-pairs").splitlines()
    again = subprocess.run([sys.executable, "-m", "parallax_dask", "index", str(SAMPLE), "--out", str(out),
                            "--workers", "1"], capture_output=True, text=True, env=env)
    assert again.returncode == 1
    assert "already holds a sharded collection" in again.stderr
    for bad, message in ((tmp_path / "missing.jsonl", "no such file"), (ROOT / "README.md", "reads .jsonl files")):
        run = subprocess.run([sys.executable, "-m", "parallax_dask", "index", str(bad), "--out", str(tmp_path / "x"),
                              "--workers", "1"], capture_output=True, text=True, env=env)
        assert run.returncode == 1 and message in run.stderr, run.stderr
        assert not (tmp_path / "x").exists()
    none = subprocess.run([sys.executable, "-m", "parallax_dask", "pairs", "--out", str(tmp_path / "empty"),
                           "--workers", "1"], capture_output=True, text=True, env=env)
    assert none.returncode == 1 and "run `python3 -m parallax_dask index` first" in none.stderr, none.stderr
