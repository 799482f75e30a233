"""`index` on a Dask cluster: one model fitted over every shard, then each
shard written as an ordinary parallax collection.

The model is what `parallax index` would fit on the whole corpus: its
tokenizer trains on the same sample of sentences (every stride-th of the
corpus, the stride computed from the sizes the shards report), and its word
weights come from document counts summed over the shards (a tree reduce).
"""

import json
import os
import shutil
import uuid

import parallax
from parallax import shards as steps

from .inputs import plan_shards, read_shard
from .progress import wait_for

MANIFEST = "shards.json"
MODEL = "model.plx"


def _id(record):
    """The article id a record gives, as the engine spells it (5 and "5" are one id)."""
    value = record.get("id")
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _drop_ids(read, ids):
    records, notes = read
    return [r for r in records if _id(r) not in ids], notes


def _record_ids(read):
    return [_id(r) for r in read[0]]


def _sentences(read):
    return steps.training_sentences(read[0])


def _sentence_sizes(sentences):
    return len(sentences), sum(len(s.encode("utf-8")) for s in sentences)


def _sample(sentences, first, stride):
    """The sentences of global numbers first, first + 1, ... that are sampled."""
    skip = (-first) % stride
    return [s for s in sentences[skip::stride] if steps.usable_for_training(s)]


def _train(parts, vocab_size):
    sample = [s for part in parts for s in part]
    return steps.train_tokenizer(sample, vocab_size=vocab_size)


def _count(read, tokenizer):
    return steps.count_documents(read[0], tokenizer)


def _merge(tokenizer, *parts):
    return steps.merge_counts(tokenizer, list(parts))


def _fit(tokenizer, counts, path, background):
    steps.fit_model(tokenizer, counts, path, background=background)
    return path


def _write_shard(read, folder, model_path):
    """Writes the shard's collection into a fresh folder, then renames it into
    place: a task killed halfway leaves only a temporary folder, and its retry
    starts over."""
    _maybe_die_for_test(folder)
    temporary = f"{folder}.tmp-{uuid.uuid4().hex}"
    collection = parallax.Collection.create(temporary, model=model_path)
    added = collection.index(read[0])
    collection.save()
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.rename(temporary, folder)
    return {"articles": len(collection), "skipped": added["skipped"] + [list(n) for n in read[1]],
            "duplicates": added["duplicates"]}


def _maybe_die_for_test(folder):
    # Tests set this to a marker file: the first task to get here kills its
    # worker process, as a machine lost mid-task would, and Dask must retry.
    marker = os.environ.get("PARALLAX_DASK_TEST_KILL_ONCE")
    if marker and folder.endswith("shard-00000"):
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.close(fd)
        os._exit(1)


def _tree_reduce(client, tokenizer, futures, fan_in=8):
    while len(futures) > 1:
        futures = [client.submit(_merge, tokenizer, *futures[i:i + fan_in], pure=False)
                   for i in range(0, len(futures), fan_in)]
    return futures[0]


def run_index(client, inputs, out, shards, vocab_size=8000, background=True, timings=None):
    """Indexes the JSONL `inputs` into `shards` collections under folder `out`
    and writes its manifest (shards.json). Returns the manifest. `timings`
    (a dict) gets each stage's seconds."""
    if os.path.exists(os.path.join(out, MANIFEST)):
        raise FileExistsError(f"{out} already holds a sharded collection: choose a new folder")
    plan = [parts for parts in plan_shards(inputs, shards) if parts]  # checks the inputs first
    os.makedirs(out, exist_ok=True)

    reads = [client.submit(read_shard, parts, pure=False) for parts in plan]
    # An id read again in a later shard is left out there, as `parallax index`
    # leaves out an id repeated in its input.
    seen, repeated = set(), []
    for ids in wait_for(client, [client.submit(_record_ids, r) for r in reads], "reading", timings):
        later = {i for i in ids if i in seen}
        repeated.append(later)
        seen.update(i for i in ids if i is not None)
    reads = [client.submit(_drop_ids, r, ids) if ids else r for r, ids in zip(reads, repeated)]

    sentences = [client.submit(_sentences, r) for r in reads]
    sizes = wait_for(client, [client.submit(_sentence_sizes, s) for s in sentences], "sampling sentences", timings)
    stride = steps.training_stride(sum(b for _, b in sizes))
    firsts, first = [], 0
    for count, _ in sizes:
        firsts.append(first)
        first += count
    samples = [client.submit(_sample, s, f, stride) for s, f in zip(sentences, firsts)]
    tokenizer = client.submit(_train, samples, vocab_size)
    wait_for(client, [tokenizer], "training the tokenizer", timings)
    del sentences, samples

    counts = [client.submit(_count, r, tokenizer) for r in reads]
    total = _tree_reduce(client, tokenizer, counts)
    model_path = os.path.abspath(os.path.join(out, MODEL))
    fitted = client.submit(_fit, tokenizer, total, model_path, background)
    wait_for(client, [fitted], "counting words", timings)

    folders = [os.path.abspath(os.path.join(out, f"shard-{k:05d}")) for k in range(len(reads))]
    written = wait_for(client, [client.submit(_write_shard, r, f, model_path, pure=False)
                                for r, f in zip(reads, folders)], "writing shards", timings)
    manifest = {"version": 1, "model": MODEL, "shards": []}
    offset = 0
    for folder, result in zip(folders, written):
        manifest["shards"].append({"path": os.path.basename(folder), "offset": offset,
                                   "articles": result["articles"]})
        offset += result["articles"]
    manifest["articles"] = offset
    manifest["skipped"] = [s for result in written for s in result["skipped"]]
    manifest["duplicates"] = sum(len(r) for r in repeated) + sum(len(w["duplicates"]) for w in written)
    for name in os.listdir(out):  # left by tasks killed halfway and retried
        if ".tmp-" in name and name.startswith("shard-"):
            shutil.rmtree(os.path.join(out, name), ignore_errors=True)
    temporary = os.path.join(out, MANIFEST + ".tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    os.replace(temporary, os.path.join(out, MANIFEST))
    return manifest


def load_manifest(out):
    path = os.path.join(out, MANIFEST)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{out} holds no sharded collection ({MANIFEST}): run `python3 -m parallax_dask index` first")
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    for shard in manifest["shards"]:
        shard["path"] = os.path.abspath(os.path.join(out, shard["path"]))
    return manifest
