#!/usr/bin/python3
"""Builds parallax's sample corpus and its ground truth from the hand-written articles in sample_articles.py.

    /usr/bin/python3 tools/corpus/make_sample_corpus.py            # writes data/corpus/
    /usr/bin/python3 tools/corpus/make_sample_corpus.py --out DIR  # writes DIR/ instead

Outputs (deterministic: running it again gives byte-identical files):
  articles.jsonl   one JSON object per line: id, title, outlet, url, date, lang, text (body paragraphs
                   separated by a blank line, no title)
  txt/<id>.txt     the articles declared fmt="txt", in the scraped format: " date YYYY-MM URL", blank line,
                   title, blank line, share-button lines, body paragraphs (with photo credits between some),
                   a trailing lone number line
  truth.json       events and reused passages. Offsets are computed from how the texts were assembled, never
                   by searching; code-point offsets (end exclusive) and UTF-8 byte offsets into the article's
                   text as stored: the JSONL "text" field, or the WHOLE .txt file.
After writing, the files are read back and every truth span is checked to slice out the expected text.
Standard library only.
"""

import argparse
import collections
import json
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sample_articles  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO_ROOT, "data", "corpus")
TRUTH_VERSION = 1
MIN_BODY_CHARS, MAX_BODY_CHARS = 1200, 3500

# kind and edit of a reuse entry, by how the target took the passage.
REUSE_LABELS = {
    "copy": ("verbatim", "none"),
    "reordered": ("verbatim", "reordered"),
    "light": ("edited", "light"),
    "heavy": ("edited", "heavy"),
    "paraphrase": ("paraphrase", "heavy"),
    "dup": ("duplicate", "syndicated"),
}


# ----------------------------------------------------------------------------------------------------------------
# Shared text helpers (also used by make_reuse_bench.py and the tests)
# ----------------------------------------------------------------------------------------------------------------

def words(text):
    """Lower-cased word tokens (letters/digits runs): what 'source words kept in order' counts."""
    return re.findall(r"\w+", text.lower())


def lcs_len(a, b):
    """Length of the longest common subsequence of two token lists."""
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def kept_in_order(source, target):
    """Share of the source's words that the target keeps, in order (LCS of word tokens / source words)."""
    src = words(source)
    return lcs_len(src, words(target)) / len(src) if src else 1.0


def byte_offset(text, cp):
    """UTF-8 byte offset of code-point offset cp in text."""
    return len(text[:cp].encode("utf-8"))


def slugify(title, limit=80):
    folded = unicodedata.normalize("NFKD", title.replace("’", "'"))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


# ----------------------------------------------------------------------------------------------------------------
# Outlet typography: applied to an outlet's own paragraphs, its edited rewrites and its titles, never to text it
# copied verbatim (a copy keeps the source's typography, as real copies do).
# ----------------------------------------------------------------------------------------------------------------

NBSP, NNBSP = "\u00a0", "\u202f"


def apply_style(text, style):
    if style == "plain":
        return text
    if style == "curly_fr":
        return text.replace("'", "’")
    if style == "nbsp_fr":
        t = text.replace("'", "’")
        t = t.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")
        t = re.sub(r" ([:%])", NBSP + r"\1", t)
        t = re.sub(r" ([;?!])", NNBSP + r"\1", t)
        t = re.sub(r"(?<=\d) (?=\d{3}\b)", NNBSP, t)  # thousands separator
        return t
    if style == "curly_en":
        t = re.sub(r'"([^"]*)"', "“\\1”", text)
        t = re.sub(r"(^|(?<=[\s(]))'(?=\S)", "‘", t)
        return t.replace("'", "’")
    raise ValueError("unknown style " + style)


# ----------------------------------------------------------------------------------------------------------------
# Body mini-language (see sample_articles.py)
# ----------------------------------------------------------------------------------------------------------------

def parse_range(spec):
    if "-" in spec:
        a, b = spec.split("-")
        return int(a), int(b)
    return int(spec), int(spec)


def parse_body(article):
    """Returns the article's items: dicts with type own | boiler | copy | edit | dup."""
    items, lines, i = [], article["body"].strip("\n").split("\n"), 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip():
            continue
        if line.startswith("@copy "):
            parts = line.split()
            a, b = parse_range(parts[2])
            mode = parts[3] if len(parts) > 3 else "copy"
            assert mode in ("copy", "reordered"), line
            items.append(dict(type="copy", src=parts[1], first=a, last=b, mode=mode))
        elif line.startswith("@edit "):
            _, mode, src, spec = line.split()
            assert mode in ("light", "heavy", "paraphrase"), line
            a, b = parse_range(spec)
            block = []
            while lines[i] != "@end":
                block.append(lines[i])
                i += 1
            i += 1
            paras = [p for p in "\n".join(block).split("\n\n") if p.strip()]
            assert all("\n" not in p for p in paras), "one line per paragraph: " + article["id"]
            items.append(dict(type="edit", src=src, first=a, last=b, mode=mode, paras=paras))
        elif line.startswith("@dup "):
            items.append(dict(type="dup", src=line.split()[1], mode="dup"))
        elif line.startswith("@boiler "):
            items.append(dict(type="boiler", text=line[len("@boiler "):]))
        elif line.startswith("@"):
            raise ValueError("unknown directive in %s: %s" % (article["id"], line))
        else:
            items.append(dict(type="own", text=line))
    return items


# ----------------------------------------------------------------------------------------------------------------
# Assembly
# ----------------------------------------------------------------------------------------------------------------

def build():
    """Assembles every article. Returns (articles, reuse): articles in declaration order, each with its stored
    text, body paragraphs and metadata; reuse entries with offsets and the texts they must slice out."""
    built, order, reuse = {}, [], []
    for art in sample_articles.ARTICLES:
        aid = art["id"]
        assert aid not in built, "duplicate id " + aid
        assert re.fullmatch(r"[a-z0-9]+-[a-z0-9]+-\d{4}", aid), "id format: " + aid
        outlet = sample_articles.OUTLETS[art["outlet"]]
        style = outlet["style"]
        title = apply_style(art["title"], style)
        y, m, d = art["date"].split("-")
        url = outlet["url"].format(y=y, m=m, d=d, slug=slugify(title))

        # Expand items into text blocks. Each block: text, is_body, and reuse info if reused.
        blocks = []
        for it in parse_body(art):
            if it["type"] == "own":
                blocks.append(dict(text=apply_style(it["text"], style), body=True, own=True))
            elif it["type"] == "boiler":
                assert art["fmt"] == "txt", "boilerplate lines only in .txt articles: " + aid
                blocks.append(dict(text=it["text"], body=False, own=False))
            else:
                src = built[it["src"]]  # KeyError: sources must be declared before their targets
                assert src["event"] == art["event"], "reuse across events: " + aid
                if it["type"] == "dup":
                    first, last = 0, len(src["paras"]) - 1
                else:
                    first, last = it["first"], it["last"]
                assert 0 <= first <= last < len(src["paras"]), "paragraph range: " + aid
                src_paras = src["paras"][first:last + 1]
                assert all(p["own"] for p in src_paras), "a reuse source must be the outlet's own text: " + aid
                src_text = "\n\n".join(p["text"] for p in src_paras)
                if it["type"] == "edit":
                    text = "\n\n".join(apply_style(p, style) for p in it["paras"])
                    assert text != src_text, "edited rewrite equals its source: " + aid
                else:
                    text = src_text
                blocks.append(dict(text=text, body=True, own=False,
                                   reuse=dict(src=src["id"], first=first, last=last, mode=it["mode"],
                                              src_text=src_text)))

        # Lay out the stored text and record every block's offsets.
        if art["fmt"] == "txt":
            prefix = " date %s-%s %s\n\n%s\n\n" % (y, m, url, title)
            if art["head"]:
                prefix += art["head"] + "\n\n"
        else:
            assert art["fmt"] == "jsonl" and not art["head"] and not art["tail"], aid
            prefix = ""
        pos, parts = len(prefix), [prefix]
        for k, b in enumerate(blocks):
            if k:
                parts.append("\n\n")
                pos += 2
            b["start"], b["end"] = pos, pos + len(b["text"])
            parts.append(b["text"])
            pos = b["end"]
        if art["tail"]:
            parts.append("\n\n" + art["tail"])
        if art["final_newline"]:
            parts.append("\n")
        stored = "".join(parts)

        # Body paragraphs, each with its offsets (a reused block of several paragraphs is split back).
        paras = []
        for b in blocks:
            if not b["body"]:
                continue
            off = b["start"]
            for p in b["text"].split("\n\n"):
                paras.append(dict(text=p, start=off, end=off + len(p), own=b["own"]))
                off += len(p) + 2
        body_text = "\n\n".join(p["text"] for p in paras)
        assert MIN_BODY_CHARS <= len(body_text) <= MAX_BODY_CHARS, \
            "%s: body of %d characters" % (aid, len(body_text))

        rec = dict(id=aid, event=art["event"], outlet_key=art["outlet"], outlet=outlet["name"],
                   date=art["date"], lang=art["lang"], title=title, url=url, fmt=art["fmt"],
                   file="txt/%s.txt" % aid if art["fmt"] == "txt" else "articles.jsonl",
                   stored=stored, paras=paras, blocks=blocks)
        built[aid] = rec
        order.append(rec)

        # Reuse entries of this target.
        reordered_firsts = []
        for b in blocks:
            r = b.get("reuse")
            if not r:
                continue
            src = built[r["src"]]
            s_start, s_end = src["paras"][r["first"]]["start"], src["paras"][r["last"]]["end"]
            assert src["stored"][s_start:s_end] == r["src_text"], "source span of " + aid
            kind, edit = REUSE_LABELS[r["mode"]]
            if r["mode"] == "reordered":
                reordered_firsts.append((r["src"], r["first"]))
            reuse.append(dict(
                source=src["id"], target=aid, kind=kind, edit=edit,
                source_start=s_start, source_end=s_end, target_start=b["start"], target_end=b["end"],
                source_byte_start=byte_offset(src["stored"], s_start),
                source_byte_end=byte_offset(src["stored"], s_end),
                target_byte_start=byte_offset(stored, b["start"]),
                target_byte_end=byte_offset(stored, b["end"]),
                _source_text=r["src_text"], _target_text=b["text"]))
        if reordered_firsts:
            by_src = collections.defaultdict(list)
            for s, f in reordered_firsts:
                by_src[s].append(f)
            for s, firsts in by_src.items():
                assert len(firsts) >= 2 and firsts != sorted(firsts), \
                    "%s: reordered paragraphs must come in another order than in %s" % (aid, s)
    return order, reuse


def validate(articles, reuse):
    """Corpus-level promises of the README: sizes, events, outlets, light edits."""
    by_event = collections.defaultdict(list)
    for a in articles:
        by_event[a["event"]].append(a)
    assert set(k for k in by_event if k) == set(sample_articles.EVENTS), "events declared vs used"
    for ev, arts in by_event.items():
        if ev is None:
            continue
        assert 5 <= len(arts) <= 8, "%s has %d articles" % (ev, len(arts))
        outlets = [a["outlet"] for a in arts]
        assert len(set(outlets)) == len(outlets), "%s: one article per outlet" % ev
        assert len(set(a["date"] for a in arts)) >= 2, "%s: several days" % ev
    for r in reuse:
        if r["edit"] == "light":
            ratio = kept_in_order(r["_source_text"], r["_target_text"])
            assert ratio >= 0.8, "light edit %s -> %s keeps only %.2f" % (r["source"], r["target"], ratio)
        if r["kind"] in ("verbatim", "duplicate"):
            assert r["_source_text"] == r["_target_text"]


# ----------------------------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------------------------

def dumps(obj):
    return json.dumps(obj, ensure_ascii=False)


def truth_document(articles, reuse):
    lines = ['{', '  "version": %d,' % TRUTH_VERSION, '  "articles": [']
    arts = [dumps(dict(id=a["id"], event=a["event"], file=a["file"], outlet=a["outlet"], date=a["date"],
                       lang=a["lang"])) for a in articles]
    lines.append(",\n".join("    " + s for s in arts))
    lines.append('  ],')
    lines.append('  "events": {')
    evs = []
    for ev in sample_articles.EVENTS:
        evs.append('    %s: %s' % (dumps(ev), dumps([a["id"] for a in articles if a["event"] == ev])))
    lines.append(",\n".join(evs))
    lines.append('  },')
    lines.append('  "event_descriptions": {')
    lines.append(",\n".join('    %s: %s' % (dumps(k), dumps(v)) for k, v in sample_articles.EVENTS.items()))
    lines.append('  },')
    lines.append('  "reuse": [')
    keys = ["source", "target", "kind", "edit", "source_start", "source_end", "target_start", "target_end",
            "source_byte_start", "source_byte_end", "target_byte_start", "target_byte_end"]
    lines.append(",\n".join("    " + dumps({k: r[k] for k in keys}) for r in reuse))
    lines.append('  ]')
    lines.append('}')
    return "\n".join(lines) + "\n"


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_corpus(out, articles, reuse):
    txt_dir = os.path.join(out, "txt")
    os.makedirs(txt_dir, exist_ok=True)
    wanted = {a["id"] + ".txt" for a in articles if a["fmt"] == "txt"}
    for name in sorted(os.listdir(txt_dir)):  # drop .txt files of articles that no longer exist
        if name.endswith(".txt") and name not in wanted:
            os.remove(os.path.join(txt_dir, name))
    jsonl = []
    for a in articles:
        if a["fmt"] == "txt":
            write_text(os.path.join(out, a["file"]), a["stored"])
        else:
            jsonl.append(dumps(dict(id=a["id"], title=a["title"], outlet=a["outlet"], url=a["url"],
                                    date=a["date"], lang=a["lang"], text=a["stored"])) + "\n")
    write_text(os.path.join(out, "articles.jsonl"), "".join(jsonl))
    write_text(os.path.join(out, "truth.json"), truth_document(articles, reuse))


def read_back(out):
    """Stored texts as a reader sees them: id -> text (JSONL text field, or the whole .txt file)."""
    texts = {}
    with open(os.path.join(out, "articles.jsonl"), encoding="utf-8", newline="") as f:
        for line in f:
            obj = json.loads(line)
            texts[obj["id"]] = obj["text"]
    txt_dir = os.path.join(out, "txt")
    for name in sorted(os.listdir(txt_dir)):
        with open(os.path.join(txt_dir, name), encoding="utf-8", newline="") as f:
            texts[name[:-len(".txt")]] = f.read()
    return texts


def check_written(out, articles, reuse):
    """Re-reads the written files and asserts that every truth span slices out the expected text."""
    texts = read_back(out)
    with open(os.path.join(out, "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    assert truth["version"] == TRUTH_VERSION
    assert [a["id"] for a in truth["articles"]] == [a["id"] for a in articles]
    assert set(texts) == {a["id"] for a in articles}, "files vs articles"
    for a in articles:
        assert texts[a["id"]] == a["stored"], "stored text of " + a["id"]
    assert len(truth["reuse"]) == len(reuse)
    for t, r in zip(truth["reuse"], reuse):
        for side in ("source", "target"):
            text = texts[t[side]]
            s, e = t[side + "_start"], t[side + "_end"]
            want = r["_%s_text" % side]
            assert 0 <= s < e <= len(text) and text[s:e] == want, "%s span of %s" % (side, t)
            raw = text.encode("utf-8")
            assert raw[t[side + "_byte_start"]:t[side + "_byte_end"]] == want.encode("utf-8"), \
                "%s byte span of %s" % (side, t)
        if t["kind"] in ("verbatim", "duplicate"):
            assert texts[t["source"]][t["source_start"]:t["source_end"]] == \
                texts[t["target"]][t["target_start"]:t["target_end"]]


def statistics(articles, reuse):
    c = collections.Counter
    out = ["articles: %d" % len(articles),
           "per event: " + ", ".join("%s=%d" % (k or "none", v) for k, v in
                                     sorted(c(a["event"] or "" for a in articles).items())),
           "per language: " + ", ".join("%s=%d" % kv for kv in sorted(c(a["lang"] for a in articles).items())),
           "per format: " + ", ".join("%s=%d" % kv for kv in sorted(c(a["fmt"] for a in articles).items())),
           "per outlet: " + ", ".join("%s=%d" % kv for kv in sorted(c(a["outlet"] for a in articles).items())),
           "reuse entries: %d" % len(reuse),
           "reuse per kind/edit: " + ", ".join("%s/%s=%d" % (k[0], k[1], v) for k, v in
                                               sorted(c((r["kind"], r["edit"]) for r in reuse).items())),
           "body characters: min %d, max %d" % (min(len("\n\n".join(p["text"] for p in a["paras"]))
                                                    for a in articles),
                                                max(len("\n\n".join(p["text"] for p in a["paras"]))
                                                    for a in articles))]
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: data/corpus of the repository)")
    ap.add_argument("--quiet", action="store_true", help="do not print the statistics")
    args = ap.parse_args(argv)
    articles, reuse = build()
    validate(articles, reuse)
    write_corpus(args.out, articles, reuse)
    check_written(args.out, articles, reuse)
    if not args.quiet:
        print("wrote %s" % args.out, file=sys.stderr)
        print(statistics(articles, reuse), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
