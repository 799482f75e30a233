#!/usr/bin/python3
"""parallax_dask against one machine: index and pairs over the same JSONL
corpus with `parallax` (one process) and with parallax_dask on a LocalCluster
of 1 and 2 workers; per-stage seconds, peak memory per worker, disk per
shard, and whether the pairs are the same. The figures behind the README's
sizing table.

    /usr/bin/python3 bench/dask_bench.py [--articles 100000] [--workers 1 2] [--jsonl FILE]

Without --jsonl the corpus is bench/reprint_bench.py's reprint-heavy one.
Run with PYTHONPATH=build/python after the build, on an idle machine.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def peak_mb_of_workers(client):
    def peak():
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0
    return max(client.run(peak).values())


def one_machine(cli, corpus, folder):
    """Seconds and peak MB of `parallax index` and `parallax pairs`, and the pair lines."""
    out = {}
    # parallax_dask lists every pair of a reprint group, as --all-pairs does.
    every_pair = ["--all-pairs"] if "--all-pairs" in subprocess.run([cli, "pairs", "--help"], capture_output=True,
                                                                     text=True).stdout else []
    for step, args in (("index", ["index", "--db", folder, corpus]),
                       ("pairs", ["pairs", "--db", folder, "--json", "--passages", *every_pair])):
        start = time.monotonic()
        run = subprocess.run(["/usr/bin/time", "-f", "%M", cli, *args], capture_output=True, text=True, check=True)
        out[step] = (time.monotonic() - start, int(run.stderr.strip().splitlines()[-1]) / 1024)
        if step == "pairs":
            out["lines"] = run.stdout.splitlines()
    return out


def distributed_run(corpus, folder, workers, shards):
    import distributed
    from parallax_dask import run_index, run_pairs
    os.environ["OMP_NUM_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=50)
    client = distributed.Client(cluster)
    try:
        index_times, pairs_times = {}, {}
        start = time.monotonic()
        manifest = run_index(client, [corpus], folder, shards, timings=index_times)
        index_seconds = time.monotonic() - start
        start = time.monotonic()
        run_pairs(client, folder, timings=pairs_times)
        pairs_seconds = time.monotonic() - start
        peak = peak_mb_of_workers(client)
    finally:
        client.close()
        cluster.close()
    for t in (index_times, pairs_times):
        t.pop("_last", None)
    disk = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file() and "shard-" in str(f))
    lines = (Path(folder) / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    return {"index": index_seconds, "pairs": pairs_seconds, "index_stages": index_times,
            "pairs_stages": pairs_times, "peak_mb": peak, "shards": len(manifest["shards"]),
            "disk_mb_per_shard": disk / len(manifest["shards"]) / 1e6, "lines": lines}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--shards-per-worker", type=int, default=2)
    parser.add_argument("--jsonl", help="a JSONL corpus instead of the generated one")
    parser.add_argument("--build", default=str(ROOT / "build"))
    args = parser.parse_args()
    cli = str(Path(args.build) / "parallax")
    work = tempfile.mkdtemp(prefix="parallax_dask_bench_")
    try:
        corpus = args.jsonl
        if corpus is None:
            from reprint_bench import make_corpus
            corpus = os.path.join(work, "corpus.jsonl")
            make_corpus(args.articles, 1, corpus)
        size_mb = os.path.getsize(corpus) / 1e6
        print(f"corpus: {corpus} ({size_mb:.0f} MB)")
        one = one_machine(cli, corpus, os.path.join(work, "one"))
        print(f"one machine: index {one['index'][0]:.1f} s (peak {one['index'][1]:.0f} MB), "
              f"pairs {one['pairs'][0]:.1f} s (peak {one['pairs'][1]:.0f} MB), {len(one['lines'])} pairs")
        for workers in args.workers:
            shards = workers * args.shards_per_worker
            r = distributed_run(corpus, os.path.join(work, f"dask{workers}"), workers, shards)
            same = "same pairs" if r["lines"] == one["lines"] else "PAIRS DIFFER"
            print(f"{workers} worker(s), {r['shards']} shards: index {r['index']:.1f} s {json.dumps(r['index_stages'])}; "
                  f"pairs {r['pairs']:.1f} s {json.dumps(r['pairs_stages'])}; peak {r['peak_mb']:.0f} MB a worker; "
                  f"{r['disk_mb_per_shard']:.0f} MB a shard on disk; {same}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
