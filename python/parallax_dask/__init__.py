"""parallax on a Dask cluster: `index` and `pairs` over a corpus split into
shards, each shard an ordinary parallax collection, with the same results as
`parallax index` and `parallax pairs` on one machine.

    python3 -m parallax_dask index articles.jsonl --out news.shards --workers 2
    python3 -m parallax_dask pairs --out news.shards --json
"""

from .index import run_index, load_manifest
from .pairs import run_pairs

__all__ = ["run_index", "run_pairs", "load_manifest"]
