#!/usr/bin/python3
"""Builds parallax's translation data set and its sentence-alignment ground truth from the hand-written articles
in translation_articles.py (English sources, their French and German translations, and non-translations).

    /usr/bin/python3 tools/corpus/make_translation_corpus.py            # writes data/translations/
    /usr/bin/python3 tools/corpus/make_translation_corpus.py --out DIR  # writes DIR/ instead
    /usr/bin/python3 tools/corpus/make_translation_corpus.py --show ID  # prints a translation's alignment

Outputs (deterministic: running it again gives byte-identical files):
  articles.jsonl   one JSON object per line: id, title, outlet, url, date, lang, text (body paragraphs separated by
                   a blank line, sentences of a paragraph by one space, no title); the fields of
                   data/corpus/articles.jsonl, so `parallax index data/translations` reads it
  truth.json       articles (role, translation_of, sentence and paragraph spans), sentence alignments (groups of
                   source and target sentences), the sentences each translation added or cut, the negatives
  pairs.jsonl      one (translation, source) pair per line in the format of tools/eval/align_eval.cc, one case per
                   alignment group; plus one line per non-translation (kind "negative", no cases)
Offsets are computed from how the texts were assembled, never by searching: code-point offsets (end exclusive)
and UTF-8 byte offsets into the article's text. After writing, the files are read back and every span is checked
to slice out exactly the sentences it names. Standard library only.
"""

import argparse
import collections
import datetime
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_sample_corpus as corpus  # noqa: E402
import translation_articles as ta  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO_ROOT, "data", "translations")
TRUTH_VERSION = 1
SOURCE_CHARS = (1800, 3200)       # English source bodies
OTHER_CHARS = (1200, 3800)        # translations and non-translations
SOURCE_PARAGRAPHS = (8, 14)
SENTENCES_PER_PARAGRAPH = (1, 3)  # sources
NBSP, NNBSP = "\u00a0", "\u202f"
SENTENCE_END = ".!?»\"”“’"


# ----------------------------------------------------------------------------------------------------------------
# Typography
# ----------------------------------------------------------------------------------------------------------------

def typeset(text, style):
    """The outlet's typography. "~" is an explicit no-break space in every style."""
    if style in ("plain", "curly_en", "nbsp_fr"):
        t = corpus.apply_style(text, style)
    elif style in ("fr_curly", "fr_straight"):
        t = text.replace("'", "’") if style == "fr_curly" else text
        t = t.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")
        t = re.sub(r" ([:;?!%])", NBSP + r"\1", t)
        t = re.sub(r"(?<=\d) (?=\d{3}\b)", NBSP, t)  # thousands separator
    elif style == "de":
        t = text
    else:
        raise ValueError("unknown style " + style)
    return t.replace("~", NBSP)


# ----------------------------------------------------------------------------------------------------------------
# Assembly
# ----------------------------------------------------------------------------------------------------------------

def assemble(paragraphs):
    """paragraphs: lists of sentence texts. Returns (text, sentences, paras): sentences as dicts text, start, end,
    para; paras as (start, end, first sentence, last sentence). Offsets are code points, taken while joining."""
    parts, sentences, paras, pos = [], [], [], 0
    for p, sents in enumerate(paragraphs):
        if p:
            parts.append("\n\n")
            pos += 2
        p_start, first = pos, len(sentences)
        for k, s in enumerate(sents):
            if k:
                parts.append(" ")
                pos += 1
            sentences.append(dict(text=s, start=pos, end=pos + len(s), para=p))
            parts.append(s)
            pos += len(s)
        paras.append(dict(start=p_start, end=pos, first=first, last=len(sentences) - 1))
    text = "".join(parts)
    assert len(text) == pos
    return text, sentences, paras


def check_sentence(aid, s):
    assert s and s == s.strip() and "\n" not in s and "  " not in s, "%s: sentence %r" % (aid, s)
    assert s[-1] in SENTENCE_END, "%s: sentence does not end a sentence: %r" % (aid, s)
    assert s[0].isupper() or s[0].isdigit() or s[0] in "«„\"“‘'", "%s: sentence start: %r" % (aid, s)
    assert "~" not in s, aid


def check_typography(aid, lang, text):
    if lang == "fr":
        assert '"' not in text and "„" not in text, aid + ": French quotes are « »"
        assert "« " not in text and " »" not in text, aid + ": « » need no-break spaces inside"
        assert text.count("«") == text.count("»"), aid
        assert not re.search(r" [:;?!%]", text), aid + ": no-break space before : ; ? ! %"
    elif lang == "de":
        assert '"' not in text and "«" not in text and "'" not in text, aid + ": German quotes are „“"
        assert text.count("„") == text.count("“"), aid


def build():
    """Assembles every article and the alignments. Returns (articles, alignments)."""
    arts, by_id = [], {}
    for a in ta.ARTICLES:
        aid = a["id"]
        assert aid not in by_id, "duplicate id " + aid
        assert re.fullmatch(r"[a-z0-9]+-[a-z0-9]+-\d{4}", aid), "id format: " + aid
        outlet = ta.OUTLETS[a["outlet"]]
        assert outlet["lang"] == a["lang"], "%s: outlet language" % aid
        assert aid.endswith("-" + a["date"][5:7] + a["date"][8:10]), "%s: id ends with the date" % aid
        style = outlet["style"]
        title = typeset(a["title"], style)
        y, m, d = a["date"].split("-")
        url = outlet["url"].format(y=y, m=m, d=d, slug=corpus.slugify(title))
        if a["role"] == "translation":
            units = [[(typeset(t, style), list(ix)) for t, ix in para] for para in a["paragraphs"]]
            texts = [[t for t, _ in para] for para in units]
        else:
            units = None
            texts = [[typeset(t, style) for t in para] for para in a["paragraphs"]]
        for para in texts:
            assert para, aid + ": empty paragraph"
            for s in para:
                check_sentence(aid, s)
        text, sentences, paras = assemble(texts)
        assert text == "\n\n".join(" ".join(p) for p in texts)
        check_typography(aid, a["lang"], text)
        rec = dict(a, outlet_name=outlet["name"], title=title, url=url, text=text, sentences=sentences,
                   paras=paras, units=units)
        by_id[aid] = rec
        arts.append(rec)

    alignments = []
    for t in arts:
        if t["role"] != "translation":
            continue
        s = by_id[t["translation_of"]]  # KeyError: unknown source
        assert s["role"] == "source" and s["event"] == t["event"], t["id"]
        alignments.append(align(s, t))
    return arts, alignments


def align(src, tgt):
    """The alignment groups of one translation, from its units' annotations."""
    tid = tgt["id"]
    flat = [ix for para in tgt["units"] for _, ix in para]  # per target sentence, in order
    assert len(flat) == len(tgt["sentences"])
    n_src = len(src["sentences"])
    groups, added = [], []
    for k, ix in enumerate(flat):
        if not ix:
            added.append(k)
            continue
        assert ix == list(range(ix[0], ix[0] + len(ix))) and 0 <= ix[0] and ix[-1] < n_src, \
            "%s: sentence %d names %s: consecutive source sentences expected" % (tid, k, ix)
        assert len({src["sentences"][i]["para"] for i in ix}) == 1, \
            "%s: sentence %d merges source sentences of different paragraphs" % (tid, k)
        last = groups[-1] if groups else None
        if last and last["src"] == ix and last["tgt"][-1] == k - 1:
            assert len(ix) == 1, "%s: sentence %d: a split source sentence must be one sentence" % (tid, k)
            assert tgt["sentences"][k]["para"] == tgt["sentences"][k - 1]["para"], \
                "%s: sentence %d: the parts of a split stay in one paragraph" % (tid, k)
            last["tgt"].append(k)
        else:
            groups.append(dict(src=list(ix), tgt=[k]))
    used = [i for g in groups for i in g["src"]]
    assert len(used) == len(set(used)), "%s: a source sentence is aligned twice: %s" % (tid, sorted(used))
    cut = sorted(set(range(n_src)) - set(used))
    cut_paras = sorted({src["sentences"][i]["para"] for i in cut})
    for p in cut_paras:
        para = src["paras"][p]
        assert all(i in cut for i in range(para["first"], para["last"] + 1)), \
            "%s: only whole source paragraphs are cut (paragraph %d)" % (tid, p)
    out_groups = []
    for g in groups:
        kind = "merge" if len(g["src"]) > 1 else "split" if len(g["tgt"]) > 1 else "one_to_one"
        ss, se = src["sentences"][g["src"][0]]["start"], src["sentences"][g["src"][-1]]["end"]
        ts, te = tgt["sentences"][g["tgt"][0]]["start"], tgt["sentences"][g["tgt"][-1]]["end"]
        out_groups.append(dict(
            source_sentences=g["src"], target_sentences=g["tgt"], type=kind,
            source_start=ss, source_end=se, target_start=ts, target_end=te,
            source_byte_start=corpus.byte_offset(src["text"], ss), source_byte_end=corpus.byte_offset(src["text"], se),
            target_byte_start=corpus.byte_offset(tgt["text"], ts), target_byte_end=corpus.byte_offset(tgt["text"], te)))
    firsts = [g["src"][0] for g in groups]
    # Source paragraphs in the order the translation gives them (each at its first aligned sentence).
    para_order = []
    for g in groups:
        p = src["sentences"][g["src"][0]]["para"]
        if p not in para_order:
            para_order.append(p)
    edits = dict(cut_paragraphs=cut_paras, merges=sum(g["type"] == "merge" for g in out_groups),
                 splits=sum(g["type"] == "split" for g in out_groups), added=len(added),
                 reordered=firsts != sorted(firsts), source_paragraph_order=para_order)

    def spans(article, indices):
        out = []
        for i in indices:
            s = article["sentences"][i]
            out.append(dict(sentence=i, start=s["start"], end=s["end"],
                            byte_start=corpus.byte_offset(article["text"], s["start"]),
                            byte_end=corpus.byte_offset(article["text"], s["end"])))
        return out

    return dict(source=src["id"], target=tid, source_lang=src["lang"], target_lang=tgt["lang"], edits=edits,
                groups=out_groups, added=spans(tgt, added), cut=spans(src, cut))


def next_day(date):
    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=1)).isoformat()


def validate(arts, alignments):
    """The data set's promises (data/README.md)."""
    by_id = {a["id"]: a for a in arts}
    sources = [a for a in arts if a["role"] == "source"]
    assert len(sources) >= 4 and len({a["event"] for a in sources}) == len(sources), "4+ sources, one per event"
    assert set(a["event"] for a in sources) == set(ta.EVENTS), "events declared vs used"
    for a in sources:
        assert a["lang"] == "en", a["id"]
        assert SOURCE_CHARS[0] <= len(a["text"]) <= SOURCE_CHARS[1], "%s: %d characters" % (a["id"], len(a["text"]))
        assert SOURCE_PARAGRAPHS[0] <= len(a["paras"]) <= SOURCE_PARAGRAPHS[1], "%s: paragraphs" % a["id"]
        for p in a["paras"]:
            n = p["last"] - p["first"] + 1
            assert SENTENCES_PER_PARAGRAPH[0] <= n <= SENTENCES_PER_PARAGRAPH[1], "%s: paragraph size" % a["id"]
    for a in arts:
        if a["role"] != "source":
            assert OTHER_CHARS[0] <= len(a["text"]) <= OTHER_CHARS[1], "%s: %d characters" % (a["id"], len(a["text"]))
    by_lang = collections.defaultdict(list)
    for al in alignments:
        t, s, e = by_id[al["target"]], by_id[al["source"]], al["edits"]
        assert t["date"] == next_day(s["date"]), "%s: published the day after its source" % t["id"]
        assert t["outlet"] != s["outlet"]
        assert e["cut_paragraphs"] and e["added"] >= 1, "%s: a cut paragraph and an added sentence" % t["id"]
        if t["lang"] == "fr":
            assert e["merges"] >= 1, "%s: a merge" % t["id"]
        by_lang[t["lang"]].append(al)
    fr, de = by_lang["fr"], by_lang["de"]
    assert sorted(al["source"] for al in fr) == sorted(a["id"] for a in sources), "one French translation per source"
    assert len({al["source"] for al in de}) >= 2, "German translations of 2+ sources"
    assert sum(al["edits"]["splits"] >= 1 for al in fr) >= 2, "splits in 2+ French translations"
    assert any(al["edits"]["reordered"] for al in fr), "paragraphs reordered in a French translation"
    negatives = [a for a in arts if a["role"] == "negative"]
    same = [a for a in negatives if a["relation"] == "same_event"]
    unrelated = [a for a in negatives if a["relation"] == "unrelated"]
    assert len(same) >= 3 and all(a["lang"] in ("fr", "de") for a in same), "3+ same-event non-translations"
    for a in same:
        src = by_id[a["about"]]
        assert src["role"] == "source" and src["event"] == a["event"], a["id"]
    assert any(a["lang"] == "fr" for a in unrelated), "a French article on an unrelated event"
    for a in unrelated:
        assert a["event"] is None and by_id[a["paired_with"]]["role"] == "source", a["id"]


# ----------------------------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------------------------

def dumps(obj):
    return json.dumps(obj, ensure_ascii=False)


GROUP_KEYS = ["source_sentences", "target_sentences", "type", "source_start", "source_end", "target_start",
              "target_end", "source_byte_start", "source_byte_end", "target_byte_start", "target_byte_end"]


def truth_document(arts, alignments):
    lines = ['{', '  "version": %d,' % TRUTH_VERSION, '  "articles": [']
    rows = []
    for a in arts:
        rows.append(dumps(dict(
            id=a["id"], event=a["event"], role=a["role"], outlet=a["outlet_name"], date=a["date"], lang=a["lang"],
            translation_of=a["translation_of"], about=a["about"],
            paragraphs=[[p["start"], p["end"]] for p in a["paras"]],
            sentences=[[s["start"], s["end"]] for s in a["sentences"]])))
    lines.append(",\n".join("    " + r for r in rows))
    lines.append('  ],')
    lines.append('  "events": {')
    lines.append(",\n".join('    %s: %s' % (dumps(k), dumps(v)) for k, v in ta.EVENTS.items()))
    lines.append('  },')
    lines.append('  "alignments": [')
    blocks = []
    for al in alignments:
        head = dumps(dict(source=al["source"], target=al["target"], source_lang=al["source_lang"],
                          target_lang=al["target_lang"], edits=al["edits"]))[:-1]
        groups = ",\n".join("      " + dumps({k: g[k] for k in GROUP_KEYS}) for g in al["groups"])
        blocks.append("    %s, \"groups\": [\n%s\n    ]}" % (head, groups))
    lines.append(",\n".join(blocks))
    lines.append('  ],')
    lines.append('  "unaligned": [')
    lines.append(",\n".join("    " + dumps(dict(source=al["source"], target=al["target"],
                                                added_target_sentences=al["added"],
                                                cut_source_sentences=al["cut"],
                                                cut_source_paragraphs=al["edits"]["cut_paragraphs"]))
                            for al in alignments))
    lines.append('  ],')
    lines.append('  "negatives": [')
    lines.append(",\n".join("    " + dumps(dict(article=a["id"], source=a["paired_with"], relation=a["relation"]))
                            for a in arts if a["role"] == "negative"))
    lines.append('  ]')
    lines.append('}')
    return "\n".join(lines) + "\n"


def pair_lines(arts, alignments):
    by_id = {a["id"]: a for a in arts}
    out = []
    for al in alignments:
        t, s = by_id[al["target"]], by_id[al["source"]]
        cases = [dict(target_start=g["target_start"], target_end=g["target_end"],
                      source_start=g["source_start"], source_end=g["source_end"]) for g in al["groups"]]
        out.append(dict(id=t["id"], kind="translation", target_article=t["id"], source_article=s["id"],
                        target_lang=t["lang"], source_lang=s["lang"], target=t["text"], source=s["text"],
                        cases=cases))
    for a in arts:
        if a["role"] == "negative":
            s = by_id[a["paired_with"]]
            out.append(dict(id=a["id"], kind="negative", relation=a["relation"], target_article=a["id"],
                            source_article=s["id"], target_lang=a["lang"], source_lang=s["lang"], target=a["text"],
                            source=s["text"], cases=[]))
    return out


def write_files(out, arts, alignments):
    os.makedirs(out, exist_ok=True)
    jsonl = "".join(dumps(dict(id=a["id"], title=a["title"], outlet=a["outlet_name"], url=a["url"], date=a["date"],
                               lang=a["lang"], text=a["text"])) + "\n" for a in arts)
    corpus.write_text(os.path.join(out, "articles.jsonl"), jsonl)
    corpus.write_text(os.path.join(out, "truth.json"), truth_document(arts, alignments))
    corpus.write_text(os.path.join(out, "pairs.jsonl"),
                      "".join(dumps(p) + "\n" for p in pair_lines(arts, alignments)))


def check_written(out, arts, alignments):
    """Re-reads the files and checks every span against the sentences it names (texts from the module)."""
    with open(os.path.join(out, "articles.jsonl"), encoding="utf-8", newline="") as f:
        stored = [json.loads(line) for line in f]
    with open(os.path.join(out, "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    with open(os.path.join(out, "pairs.jsonl"), encoding="utf-8", newline="") as f:
        pairs = [json.loads(line) for line in f]
    texts = {o["id"]: o["text"] for o in stored}
    assert [o["id"] for o in stored] == [a["id"] for a in arts] == [a["id"] for a in truth["articles"]]
    sents = {}  # id -> sentence texts as written in the module (typeset), never taken from the offsets
    for a in arts:
        paras = [[u for u, _ in p] for p in a["paragraphs"]] if a["role"] == "translation" else a["paragraphs"]
        style = ta.OUTLETS[a["outlet"]]["style"]
        sents[a["id"]] = [typeset(s, style) for p in paras for s in p]
    for o in stored:
        assert list(o) == ["id", "title", "outlet", "url", "date", "lang", "text"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", o["date"]) and o["lang"] in ("en", "fr", "de")
    assert truth["version"] == TRUTH_VERSION

    def span_ok(text, start, end, bstart, bend, want):
        assert 0 <= start < end <= len(text) and text[start:end] == want, (start, end, want)
        raw = text.encode("utf-8")
        assert bstart == len(text[:start].encode("utf-8")) and bend == len(text[:end].encode("utf-8"))
        assert raw[bstart:bend].decode("utf-8") == want

    for ta_ in truth["articles"]:
        text, ss = texts[ta_["id"]], sents[ta_["id"]]
        assert len(ta_["sentences"]) == len(ss)
        for (s, e), want in zip(ta_["sentences"], ss):
            assert text[s:e] == want, ta_["id"]
        assert "\n\n".join(text[s:e] for s, e in ta_["paragraphs"]) == text
        for s, e in ta_["paragraphs"]:
            assert "\n" not in text[s:e]
    n_groups = 0
    for al, t in zip(alignments, truth["alignments"]):
        assert (t["source"], t["target"]) == (al["source"], al["target"])
        src, tgt = texts[t["source"]], texts[t["target"]]
        covered_src, covered_tgt = [], []
        for g in t["groups"]:
            n_groups += 1
            want_s = " ".join(sents[t["source"]][i] for i in g["source_sentences"])
            want_t = " ".join(sents[t["target"]][k] for k in g["target_sentences"])
            span_ok(src, g["source_start"], g["source_end"], g["source_byte_start"], g["source_byte_end"], want_s)
            span_ok(tgt, g["target_start"], g["target_end"], g["target_byte_start"], g["target_byte_end"], want_t)
            assert g["type"] == ("merge" if len(g["source_sentences"]) > 1 else
                                 "split" if len(g["target_sentences"]) > 1 else "one_to_one")
            covered_src += g["source_sentences"]
            covered_tgt += g["target_sentences"]
        u = [x for x in truth["unaligned"] if (x["source"], x["target"]) == (t["source"], t["target"])]
        assert len(u) == 1
        u = u[0]
        for x in u["added_target_sentences"]:
            span_ok(tgt, x["start"], x["end"], x["byte_start"], x["byte_end"], sents[t["target"]][x["sentence"]])
        for x in u["cut_source_sentences"]:
            span_ok(src, x["start"], x["end"], x["byte_start"], x["byte_end"], sents[t["source"]][x["sentence"]])
        # every sentence is either aligned exactly once or listed as added / cut
        assert sorted(covered_tgt + [x["sentence"] for x in u["added_target_sentences"]]) == \
            list(range(len(sents[t["target"]])))
        assert sorted(covered_src + [x["sentence"] for x in u["cut_source_sentences"]]) == \
            list(range(len(sents[t["source"]])))
        assert covered_tgt == sorted(covered_tgt)
    roles = {a["id"]: a["role"] for a in truth["articles"]}
    assert len(pairs) == len(alignments) + sum(r == "negative" for r in roles.values())
    assert len({p["id"] for p in pairs}) == len(pairs)
    for p in pairs:
        assert p["target"] == texts[p["target_article"]] and p["source"] == texts[p["source_article"]]
        if p["kind"] == "translation":
            t = [x for x in truth["alignments"] if x["target"] == p["target_article"]][0]
            assert t["source"] == p["source_article"]
            assert p["cases"] == [{k: g[k] for k in ("target_start", "target_end", "source_start", "source_end")}
                                  for g in t["groups"]]
        else:
            assert p["kind"] == "negative" and p["cases"] == [] and roles[p["target_article"]] == "negative"
    return n_groups


def statistics(arts, alignments):
    c = collections.Counter
    groups = [g for al in alignments for g in al["groups"]]
    lines = ["articles: %d (%s)" % (len(arts), ", ".join("%s=%d" % kv for kv in sorted(c(a["role"] for a in arts)
                                                                                        .items()))),
             "per language: " + ", ".join("%s=%d" % kv for kv in sorted(c(a["lang"] for a in arts).items())),
             "translation pairs: %d, negative pairs: %d" % (len(alignments),
                                                            sum(a["role"] == "negative" for a in arts)),
             "alignment groups: %d (%s)" % (len(groups), ", ".join("%s=%d" % kv for kv in
                                                                    sorted(c(g["type"] for g in groups).items()))),
             "added sentences: %d, cut paragraphs: %d, reordered translations: %d" % (
                 sum(al["edits"]["added"] for al in alignments),
                 sum(len(al["edits"]["cut_paragraphs"]) for al in alignments),
                 sum(al["edits"]["reordered"] for al in alignments)),
             "body characters: " + ", ".join("%s %d" % (a["id"], len(a["text"])) for a in arts)]
    return "\n".join(lines)


def show(arts, alignments, tid):
    """Prints a translation's alignment, group by group, for review."""
    by_id = {a["id"]: a for a in arts}
    al = [x for x in alignments if x["target"] == tid]
    if not al:
        raise SystemExit("no translation " + tid)
    al = al[0]
    src, tgt = by_id[al["source"]], by_id[al["target"]]
    print(al["edits"])
    for g in al["groups"]:
        print("== %s src %s tgt %s" % (g["type"], g["source_sentences"], g["target_sentences"]))
        print("  EN: " + src["text"][g["source_start"]:g["source_end"]])
        print("  %s: %s" % (tgt["lang"].upper(), tgt["text"][g["target_start"]:g["target_end"]]))
    for x in al["added"]:
        print("== added tgt %d: %s" % (x["sentence"], tgt["text"][x["start"]:x["end"]]))
    for x in al["cut"]:
        print("== cut src %d: %s" % (x["sentence"], src["text"][x["start"]:x["end"]]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: data/translations of the repository)")
    ap.add_argument("--quiet", action="store_true", help="do not print the statistics")
    ap.add_argument("--show", metavar="ID", help="print the alignment of translation ID and write nothing")
    args = ap.parse_args(argv)
    arts, alignments = build()
    validate(arts, alignments)
    if args.show:
        show(arts, alignments, args.show)
        return 0
    write_files(args.out, arts, alignments)
    check_written(args.out, arts, alignments)
    if not args.quiet:
        print("wrote %s" % args.out, file=sys.stderr)
        print(statistics(arts, alignments), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
