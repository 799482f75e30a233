"""Reading a JSONL corpus in shards: contiguous byte ranges of the input
files, cut at line starts, so that the shards in order hold the records in
the order `parallax index` reads them."""

import json
import math
import os


class InputError(Exception):
    """An input that cannot be sharded (missing, not JSONL)."""


def plan_shards(paths, shards):
    """The parts of each shard: lists of (path, begin, end) byte ranges
    covering the files in order, about the same number of bytes a shard."""
    sizes = []
    for path in paths:
        if not os.path.isfile(path):
            raise InputError(f"{path}: no such file (give .jsonl files)")
        if not path.endswith(".jsonl"):
            raise InputError(f"{path}: parallax_dask reads .jsonl files (one JSON record a line)")
        sizes.append(os.path.getsize(path))
    total = sum(sizes)
    if total == 0:
        raise InputError("the inputs are empty")
    shards = max(1, min(shards, total))
    target = math.ceil(total / shards)
    plan = [[] for _ in range(shards)]
    start = 0  # of the current file, in the concatenation of all
    for path, size in zip(paths, sizes):
        at = 0
        while at < size:
            shard = min((start + at) // target, shards - 1)
            end = min(size, (shard + 1) * target - start) if shard < shards - 1 else size
            plan[shard].append((path, at, end))
            at = end
        start += size
    return plan


def read_part(path, begin, end):
    """The records of the lines that start in [begin, end) of the file, and
    notes (where, why) for the lines that are not records."""
    records, notes = [], []
    with open(path, "rb") as f:
        if begin > 0:
            f.seek(begin - 1)
            f.readline()  # the rest of the line that began before `begin`
        while True:
            at = f.tell()
            if at >= end:
                break
            line = f.readline()
            if not line:
                break
            if not line.strip(b" \t\r\n"):
                continue
            where = f"{path} (line at byte {at})"
            try:
                value = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as e:
                notes.append((where, f"not valid UTF-8 at byte {at + e.start}"))
                continue
            except ValueError:
                notes.append((where, "invalid JSON"))
                continue
            if not isinstance(value, dict):
                notes.append((where, "not a JSON object"))
                continue
            records.append(value)
    return records, notes


def read_shard(parts):
    """All records of a shard's parts, and their notes."""
    records, notes = [], []
    for path, begin, end in parts:
        r, n = read_part(path, begin, end)
        records.extend(r)
        notes.extend(n)
    return records, notes
