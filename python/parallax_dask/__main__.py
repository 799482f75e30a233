"""The command line: python3 -m parallax_dask {index,pairs} ..."""

import argparse
import json
import os
import sys

from .index import run_index
from .inputs import InputError
from .pairs import RELATIONS, run_pairs


def _client(args):
    from distributed import Client, LocalCluster
    if args.scheduler:
        return Client(args.scheduler), None
    workers = args.workers or 1
    # The engine runs OpenMP threads in each task: the cores are shared out.
    threads = max(1, (os.cpu_count() or 1) // workers)
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    return Client(cluster), cluster


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m parallax_dask", description=(
        "parallax on a Dask cluster: index a JSONL corpus as shards (each an ordinary parallax collection) "
        "and list its related pairs, with the results `parallax index` and `parallax pairs` give on one machine."))
    sub = parser.add_subparsers(dest="command", required=True)
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--out", required=True, help="folder of the sharded collection (shards.json, model.plx, shard-N/)")
    cluster = where.add_mutually_exclusive_group()
    cluster.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://host:8786)")
    cluster.add_argument("--workers", type=int, help="workers of a local cluster started for this run (default: 1)")
    index = sub.add_parser("index", parents=[where], help="index .jsonl files into shards")
    index.add_argument("inputs", nargs="+", metavar="INPUT", help=".jsonl files, one article a line")
    index.add_argument("--shards", type=int, default=0,
                       help="shards to write (default: one per 100,000 articles' worth of bytes, at least one a worker)")
    pairs = sub.add_parser("pairs", parents=[where], help=(
        "list the related pairs of a sharded collection (written with their passages to OUT/pairs.jsonl, "
        "which `parallax stories --shards OUT` and `parallax report --shards OUT` read)"))
    pairs.add_argument("--json", action="store_true", help="print one JSON object a pair, as `parallax pairs --json`")
    pairs.add_argument("--min-relation", default="related", choices=RELATIONS, help="weakest relation listed")
    pairs.add_argument("--neighbors", type=int, default=10, help="neighbours per article in the k-NN joins")
    pairs.add_argument("--passages", action="store_true", help="with --json, each pair's passages too")
    args = parser.parse_args(argv)
    if args.workers is not None and args.workers < 1:
        parser.error("--workers takes 1 or more")

    client, local = _client(args)
    try:
        if args.command == "index":
            shards = args.shards
            if shards < 1:
                size = sum(os.path.getsize(p) for p in args.inputs if os.path.isfile(p))
                shards = max(len(client.scheduler_info()["workers"]), -(-size // 300_000_000))
            manifest = run_index(client, args.inputs, args.out, shards)
            for where, why in manifest["skipped"]:
                print(f"parallax_dask: skipped {where}: {why}", file=sys.stderr)
            print(f"indexed {manifest['articles']} articles into {len(manifest['shards'])} shards in {args.out}"
                  + (f" ({manifest['duplicates']} repeated ids left out)" if manifest["duplicates"] else ""))
        else:
            found = run_pairs(client, args.out, min_relation=args.min_relation, neighbors=args.neighbors)
            if args.json:
                for pair in found:
                    if not args.passages:
                        del pair["passages"]
                    print(json.dumps(pair, ensure_ascii=False, separators=(",", ":")))
            else:
                for pair in found:
                    print(f"{pair['relation']:<11} {pair['similarity']:.4f}  {pair['a']['id']}  {pair['b']['id']}")
                print(f"{len(found)} pairs (also in {os.path.join(args.out, 'pairs.jsonl')})", file=sys.stderr)
    except (InputError, FileExistsError, FileNotFoundError, ValueError) as e:
        print(f"parallax_dask: {e}", file=sys.stderr)
        return 1
    finally:
        client.close()
        if local is not None:
            local.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
