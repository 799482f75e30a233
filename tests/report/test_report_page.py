"""Real-browser tests of the self-contained HTML report page.

The page (engine/src/report/page/report.{html,css,js}) is rendered by
`parallax report --out FILE.html` and `parallax compare A B --out FILE.html`,
then opened from a file:// URL in headless Chromium through selenium.
Every expected value comes from the JSON report the same binary writes.

Run with Debian's interpreter (the packages are Debian's):

    apt-get install -y chromium chromium-driver python3-selenium python3-pytest
    /usr/bin/python3 -m pytest tests/report/test_report_page.py -v

The binary is $PARALLAX_BINARY, by default build/parallax in the repository.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("PARALLAX_BINARY", str(REPO / "build" / "parallax")))
CORPUS = REPO / "data" / "corpus"
SCREENSHOT = REPO / "build" / "report-screenshot.png"
CHROMEDRIVER = "/usr/bin/chromedriver"
PACKAGES = "chromium chromium-driver python3-selenium"

HOSTILE_ID = "hostile-copy"
HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_BITS = [HOSTILE_SCRIPT, "</textarea>", '"><img src=x onerror="window.__pwned=2">']
COPIED_FROM = "ev1-afp-0311"

ISLAND_RE = re.compile(
    r'<script type="application/json" id="parallax-data">(.*?)</script>', re.S)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def run(*args, cwd=None):
    proc = subprocess.run([str(BINARY), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, (
        f"parallax {' '.join(map(str, args))} failed ({proc.returncode}):\n"
        f"{proc.stdout}\n{proc.stderr}")
    return proc


def island(html_path):
    """The JSON data island of a rendered page, parsed."""
    html = Path(html_path).read_text(encoding="utf-8")
    found = ISLAND_RE.search(html)  # the island comes before the page script
    assert found, "the page holds no #parallax-data island"
    raw = found.group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw, \
        "the data island must write < > & as \\u003c \\u003e \\u0026"
    return json.loads(raw)


def cell_text(pairs, characters):
    return f"{pairs} {'pair' if pairs == 1 else 'pairs'} · {characters:,} chars"


def expected_marks(text, passages, side):
    """(passage index, kind, marked text) in page order for one side: passages
    by start; a passage overlapping an earlier one on this side is marked only
    after it (and not at all when wholly covered)."""
    n = len(text)  # Python str length and slicing count code points
    spans = []
    for i, p in enumerate(passages):
        s = max(0, min(n, p[side + "_start"]))
        e = max(s, min(n, p[side + "_end"]))
        spans.append((s, e, i, p["kind"]))
    spans.sort(key=lambda t: (t[0], t[1], t[2]))
    out, cursor = [], 0
    for s, e, i, kind in spans:
        s = max(s, cursor)
        if s >= e:
            continue
        out.append((i, kind, text[s:e]))
        cursor = e
    return out


def load(driver, html_path):
    driver.get(Path(html_path).resolve().as_uri())
    state = driver.execute_script("return document.body.getAttribute('data-ready')")
    assert state == "true", f"the page did not render (data-ready={state!r}): " + \
        str(driver.execute_script(
            "var e = document.getElementById('render-error'); return e && e.textContent"))


def open_view(driver, a, b):
    views = driver.find_elements(
        "css selector", f'details.pair-view[data-a="{a}"][data-b="{b}"]')
    assert len(views) == 1, f"no side-by-side view for {a} / {b}"
    view = views[0]
    driver.execute_script("arguments[0].open = true; arguments[0].scrollIntoView();", view)
    # the view is rendered on the toggle event, which fires asynchronously
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, 10).until(
        lambda d: view.find_elements("css selector", ".text[data-side='b']"))
    return view


def marks_of(driver, view, side):
    return driver.execute_script(
        """return Array.from(arguments[0].querySelectorAll('.text[data-side="' + arguments[1] + '"] mark'))
             .map(function (m) { return [Number(m.dataset.passage), m.className, m.textContent]; });""",
        view, side)


def viewable(report, pair):
    texts = report["texts"]
    return (pair["relation"] in ("reuse", "translation", "duplicate")
            and pair["a"]["id"] in texts and pair["b"]["id"] in texts)


# --------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def binary():
    if not BINARY.is_file():
        pytest.skip(f"{BINARY} is not built (build the project, or set PARALLAX_BINARY)")
    proc = subprocess.run([str(BINARY), "report", "--help"], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"{BINARY} has no `report` command yet: {proc.stderr.strip()[:200]}")
    return BINARY


@pytest.fixture(scope="module")
def driver():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as err:
        pytest.fail(f"selenium is missing ({err}): apt-get install -y {PACKAGES}, "
                    "and run the tests with /usr/bin/python3")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(chromium) or not os.path.exists(CHROMEDRIVER):
        pytest.fail(f"headless Chromium is missing ({chromium}, {CHROMEDRIVER}): "
                    f"apt-get install -y {PACKAGES}")
    profile = tempfile.mkdtemp(prefix="parallax-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def hostile_text():
    source = None
    with open(CORPUS / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record["id"] == COPIED_FROM:
                source = record
    assert source, f"{COPIED_FROM} not in {CORPUS / 'articles.jsonl'}"
    paragraphs = [p for p in source["text"].split("\n\n") if p.strip()]
    assert len(paragraphs) >= 4
    copied = paragraphs[1:4]
    return "\n\n".join([
        "Notre correspondant signale un texte piégé : " + HOSTILE_SCRIPT +
        " puis </textarea> et encore \"><img src=x onerror=\"window.__pwned=2\"> "
        "— avec des accents (é, à, ç), un emoji 🚢 et une espace\u00a0insécable.",
        *copied,
        "Hostile Times ajoute ce paragraphe à lui, sans rapport avec la dépêche : "
        "la météo de la semaine sera clémente sur la côte.",
    ]), copied


@pytest.fixture(scope="module")
def collection(binary, hostile_text, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    text, copied = hostile_text
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps({
        "id": HOSTILE_ID, "title": "Grève au port </title><script>window.__pwned=3</script>",
        "outlet": "Hostile Times", "date": "2024-03-20", "lang": "fr", "text": text,
    }, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp / "db"
    run("index", CORPUS, hostile, "--db", db)
    run("report", "--db", db, "--out", db / "report.html")
    run("report", "--db", db, "--out", db / "report.json")
    report = json.loads((db / "report.json").read_text(encoding="utf-8"))
    return {"html": db / "report.html", "json": report, "copied": copied}


@pytest.fixture
def page(driver, collection):
    load(driver, collection["html"])
    return driver


def hostile_pair(report):
    """The reuse pair of the hostile article with the article it copied
    (or, failing that, any viewable pair of the hostile article)."""
    candidates = [p for p in report["pairs"]
                  if HOSTILE_ID in (p["a"]["id"], p["b"]["id"]) and viewable(report, p)]
    assert candidates, f"{HOSTILE_ID} forms no reuse pair shown side by side in the report"
    for p in candidates:
        if COPIED_FROM in (p["a"]["id"], p["b"]["id"]):
            return p
    return candidates[0]


# --------------------------------------------------------------------------
# tests: the collection page
# --------------------------------------------------------------------------

def test_report_json_follows_schema(collection):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "engine/src/report/report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(collection["json"], schema)


def test_page_carries_the_report_data(collection):
    data = island(collection["html"])
    assert data == collection["json"], "the HTML data island differs from `report --out FILE.json`"
    assert data["kind"] == "collection"


def test_page_is_self_contained(page):
    csp = page.execute_script(
        """var m = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
           return m && m.getAttribute('content');""")
    assert csp and "default-src 'none'" in csp, f"CSP meta missing or weak: {csp!r}"
    assert page.execute_script("return document.characterSet") == "UTF-8"
    links = page.execute_script(
        """var out = [];
           document.querySelectorAll('*').forEach(function (e) {
             ['src', 'href', 'xlink:href', 'action', 'srcset', 'poster', 'data'].forEach(function (a) {
               var v = e.getAttribute(a);
               if (v !== null) out.push([e.tagName, a, v]);
             });
           });
           return out;""")
    for tag, attr, value in links:
        v = value.strip().lower()
        assert not (v.startswith("http") or v.startswith("//")), f"<{tag} {attr}={value!r}> loads from the network"
    assert page.find_elements("css selector", "script[src], link[rel~=stylesheet], iframe, object, embed") == []
    loads = page.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert loads == [], f"the page loaded resources: {loads}"
    errors = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], f"browser errors: {errors}"


def test_overview(page, collection):
    o = collection["json"]["overview"]
    stats = page.find_element("id", "overview-stats").text
    assert f"{o['articles']:,}" in stats and f"{o['outlets']:,}" in stats
    for relation, count in o["relations"].items():
        li = page.find_element("css selector", f'#overview-relations li[data-relation="{relation}"]')
        assert li.text.split()[-1] == f"{count:,}"
    left_out = page.find_elements("id", "pairs-left-out")
    if o["pairs_shown"] < o["pairs"]:
        assert left_out and f"{o['pairs_shown']:,} pairs shown of {o['pairs']:,}" in left_out[0].text
        assert "--max-pairs" in left_out[0].text
    else:
        assert left_out == []


def test_stories_match_the_report(page, collection):
    stories = collection["json"]["stories"]
    shown = page.execute_script(
        """return Array.from(document.querySelectorAll('article.story')).map(function (s) {
             return {id: s.dataset.story,
                     label: Array.from(s.querySelectorAll('.labels .label')).map(function (l) { return l.textContent; }),
                     title: s.querySelector('.story-title').textContent,
                     dots: Array.from(s.querySelectorAll('svg.timeline circle.dot')).map(function (c) { return c.dataset.article; }),
                     links: Array.from(s.querySelectorAll('svg.timeline line.link')).map(function (l) {
                       return [l.dataset.a, l.dataset.b, l.dataset.source, l.hasAttribute('marker-end')]; }),
                     undated: Array.from(s.querySelectorAll('svg.timeline text')).some(function (t) { return t.textContent === 'undated'; })};
           });""")
    assert len(shown) == len(stories)
    if not stories:
        assert "no stories" in page.find_element("id", "stories").text.lower()
    for got, story in zip(shown, stories):
        assert got["id"] == story["id"]
        assert got["label"] == story["label"]
        assert got["title"] == (story["title"] or story["id"])
        assert sorted(got["dots"]) == sorted(a["id"] for a in story["articles"])
        expected_links = sorted([r["a"], r["b"], r["source"] or "", r["source"] is not None]
                                for r in story["reuse"])
        assert sorted(got["links"]) == expected_links
        assert got["undated"] == any(not a.get("date") for a in story["articles"])


def test_matrix_cells_match_outlet_reuse(page, collection):
    cells = collection["json"]["outlet_reuse"]
    assert cells, "the test collection should have reuse between outlets"
    filled = page.execute_script(
        "return document.querySelectorAll('#reuse-matrix td.cell:not(.empty-cell)').length")
    assert filled == len(cells)
    for c in cells:
        got = page.execute_script(
            """var source = arguments[0], target = arguments[1];
               return Array.from(document.querySelectorAll('#reuse-matrix td.cell')).filter(function (td) {
                 return td.dataset.source === source && td.dataset.target === target;
               }).map(function (td) { return td.textContent; });""", c["source"], c["target"])
        assert got == [cell_text(c["pairs"], c["characters"])], (c, got)


def test_side_by_side_marks_match_passages(page, collection):
    report = collection["json"]
    texts = report["texts"]
    pair = hostile_pair(report)
    view = open_view(page, pair["a"]["id"], pair["b"]["id"])
    for side in ("a", "b"):
        text = texts[pair[side]["id"]]
        got = marks_of(page, view, side)
        want = [[i, kind, t] for i, kind, t in expected_marks(text, pair["passages"], side)]
        assert [[i, cls.split()[0], t] for i, cls, t in got] == want, f"side {side}"
    # the copied paragraphs are marked on the hostile side
    hostile_side = "a" if pair["a"]["id"] == HOSTILE_ID else "b"
    marked = "".join(t for _, _, t in marks_of(page, view, hostile_side))
    for paragraph in collection["copied"]:
        assert paragraph[:80] in marked


def test_every_side_by_side_view(page, collection):
    """All views at once: marks equal the code-point slices of both texts."""
    report = collection["json"]
    pairs = [p for p in report["pairs"] if viewable(report, p)]
    n_views = page.execute_script("return document.querySelectorAll('details.pair-view').length")
    assert n_views == len(pairs)
    for pair in pairs:
        view = open_view(page, pair["a"]["id"], pair["b"]["id"])
        for side in ("a", "b"):
            got = marks_of(page, view, side)
            want = expected_marks(report["texts"][pair[side]["id"]], pair["passages"], side)
            assert [(i, c.split()[0], t) for i, c, t in got] == want, \
                (pair["a"]["id"], pair["b"]["id"], side)
            # the whole text is shown, unchanged
            shown = page.execute_script(
                "return arguments[0].querySelector('.text[data-side=\"' + arguments[1] + '\"]').textContent",
                view, side)
            assert shown == report["texts"][pair[side]["id"]]


def test_hostile_text_is_inert(page, collection):
    report = collection["json"]
    pair = hostile_pair(report)
    view = open_view(page, pair["a"]["id"], pair["b"]["id"])
    hostile_side = "a" if pair["a"]["id"] == HOSTILE_ID else "b"
    shown = page.execute_script(
        "return arguments[0].querySelector('.text[data-side=\"' + arguments[1] + '\"]').innerText",
        view, hostile_side)
    for bit in HOSTILE_BITS:
        assert bit in shown, f"{bit!r} is not shown as text"
    assert HOSTILE_SCRIPT in page.find_element("tag name", "body").text  # visible text
    assert page.execute_script("return typeof window.__pwned") == "undefined"
    assert page.find_elements("css selector", ".text img, .text script, .text textarea") == []
    assert page.find_elements("css selector", "img") == []
    scripts = page.execute_script("return document.scripts.length")
    assert scripts == 2, "only the data island and the page script may be scripts"


FIRST_LINE_SHOWN = """
    var m = arguments[0], rects = m.getClientRects(), r = rects.length ? rects[0] : m.getBoundingClientRect();
    var p = m.closest('.text').getBoundingClientRect();
    var top = Math.max(0, p.top), bottom = Math.min(window.innerHeight, p.bottom);
    return r.height > 0 && r.top >= top - 1 && r.bottom <= bottom + 1;"""


def test_clicking_a_mark_shows_its_partner(page, collection):
    report = collection["json"]
    pair = hostile_pair(report)
    page.set_window_size(1400, 560)  # short panes, so a passage can be scrolled out of sight
    try:
        view = open_view(page, pair["a"]["id"], pair["b"]["id"])
        for side, other in (("a", "b"), ("b", "a")):
            mark = view.find_elements("css selector", f'.text[data-side="{side}"] mark')[-1]
            index = mark.get_attribute("data-passage")
            partner = view.find_element(
                "css selector", f'.text[data-side="{other}"] mark[data-passage="{index}"]')
            # hide the partner's first line (scroll its pane to the far end
            # from it), clear earlier focus, bring the clicked mark in view
            page.execute_script(
                """var pane = arguments[1].closest('.text');
                   var at = arguments[1].getClientRects()[0].top - pane.getBoundingClientRect().top + pane.scrollTop;
                   pane.scrollTop = at > pane.scrollHeight / 2 ? 0 : pane.scrollHeight;
                   document.querySelectorAll('mark.focus').forEach(function (m) { m.classList.remove('focus'); });
                   arguments[0].scrollIntoView({block: 'center'});""", mark, partner)
            assert not page.execute_script(FIRST_LINE_SHOWN, partner), \
                f"could not scroll passage {index} out of sight on side {other} to test the jump"
            assert "focus" not in partner.get_attribute("class").split()
            mark.click()
            assert "focus" in partner.get_attribute("class").split()
            assert page.execute_script(FIRST_LINE_SHOWN, partner), \
                f"the partner of passage {index} on side {other} was not scrolled into view"
    finally:
        page.set_window_size(1400, 1000)


def test_pairs_table_sorts_and_filters(page, collection):
    from selenium.webdriver.support.ui import Select
    report = collection["json"]
    pairs = report["pairs"]
    rows = page.find_elements("css selector", "#pairs-table tbody tr")
    assert len(rows) == len(pairs)

    def similarities():
        return page.execute_script(
            """return Array.from(document.querySelectorAll('#pairs-table tbody tr'))
                 .map(function (tr) { return Number(tr.dataset.similarity); });""")

    header = page.find_element("css selector", '#pairs-table th[data-key="similarity"]')
    header.click()
    first = header.get_attribute("aria-sort")
    assert first in ("ascending", "descending")
    got = similarities()
    assert got == sorted((p["similarity"] for p in pairs), reverse=(first == "descending"))
    header.click()
    assert header.get_attribute("aria-sort") != first
    assert similarities() == sorted((p["similarity"] for p in pairs), reverse=(first != "descending"))

    box = page.find_element("id", "pair-filter")
    box.send_keys(HOSTILE_ID)
    visible = [r for r in page.find_elements("css selector", "#pairs-table tbody tr") if r.is_displayed()]
    want = [p for p in pairs if HOSTILE_ID in (p["a"]["id"], p["b"]["id"])]
    assert 0 < len(want) < len(pairs)
    assert len(visible) == len(want)
    assert all(HOSTILE_ID in r.text for r in visible)
    box.clear()
    page.execute_script("arguments[0].dispatchEvent(new Event('input'))", box)

    relation = "reuse" if any(p["relation"] == "reuse" for p in pairs) else pairs[0]["relation"]
    Select(page.find_element("id", "relation-filter")).select_by_value(relation)
    visible = [r for r in page.find_elements("css selector", "#pairs-table tbody tr") if r.is_displayed()]
    assert len(visible) == sum(p["relation"] == relation for p in pairs)
    assert {r.get_attribute("data-relation") for r in visible} == {relation}


def test_translations_are_shown_like_reuse(binary, driver, collection, tmp_path):
    """A translation pair is counted, filtered, drawn on its story's timeline
    and shown side by side like a reuse pair, its `translated` passages in a
    colour of their own. The page shows what its data says, so the data of the
    collection's report is rewritten: a viewable pair made a translation."""
    from selenium.webdriver.support.ui import Select
    data = island(collection["html"])
    shown = [p for p in data["pairs"] if viewable(data, p)]
    pair = next((p for p in shown if p["source"]), shown[0])  # with a source: an arrow on its timeline
    ids = {pair["a"]["id"], pair["b"]["id"]}
    data["overview"]["relations"][pair["relation"]] -= 1
    data["overview"]["relations"]["translation"] = 1
    pair["relation"] = "translation"
    for p in pair["passages"]:
        p["kind"] = "translated"
    drawn = set()  # "ordered" (an arrow in the relation's colour), "unordered" (grey, dashed)
    for story in data["stories"]:
        for item in story["reuse"]:
            if {item["a"], item["b"]} == ids:
                item["relation"] = "translation"
                drawn.add("ordered" if item["source"] else "unordered")
    html = Path(collection["html"]).read_text(encoding="utf-8")
    found = ISLAND_RE.search(html)
    raw = json.dumps(data, ensure_ascii=False)
    raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    out = tmp_path / "translation.html"
    out.write_text(html[:found.start(1)] + raw + html[found.end(1):], encoding="utf-8")
    assert island(out) == data
    load(driver, out)

    li = driver.find_element("css selector", '#overview-relations li[data-relation="translation"]')
    assert li.text.split()[-1] == "1"
    relations = [li.get_attribute("data-relation")
                 for li in driver.find_elements("css selector", "#overview-relations li")]
    assert relations == ["duplicate", "translation", "reuse", "same-event", "related"]

    Select(driver.find_element("id", "relation-filter")).select_by_value("translation")
    visible = [r for r in driver.find_elements("css selector", "#pairs-table tbody tr") if r.is_displayed()]
    assert len(visible) == 1 and visible[0].get_attribute("data-relation") == "translation"
    assert visible[0].find_elements("css selector", "a.view-link"), "a translation is viewable side by side"

    def colour(selector, prop):
        return driver.execute_script(
            "var e = document.querySelector(arguments[0]); return e && getComputedStyle(e)[arguments[1]];",
            selector, prop)

    badge = colour("#pairs-table .badge.rel-translation", "backgroundColor")
    assert badge == "rgb(122, 63, 176)"
    assert badge not in {colour(f"#overview-relations .badge.rel-{r}", "backgroundColor")
                         for r in ("duplicate", "reuse", "same-event", "related")}

    assert len(driver.find_elements("css selector", "svg.timeline line.link.rel-translation")) == len(drawn)
    if "ordered" in drawn:
        line = "svg.timeline line.link.rel-translation:not(.unordered)"
        assert colour(line, "stroke") == "rgb(122, 63, 176)"
        assert driver.find_element("css selector", line).get_attribute("marker-end").endswith("-translation)")
    assert driver.find_elements("css selector", ".timeline-legend .line-key.rel-translation")

    view = open_view(driver, pair["a"]["id"], pair["b"]["id"])
    for side in ("a", "b"):
        got = marks_of(driver, view, side)
        want = expected_marks(data["texts"][pair[side]["id"]], pair["passages"], side)
        assert got and [(i, c.split()[0], t) for i, c, t in got] == want
    assert colour(".pair-view .text mark.translated", "backgroundColor") == "rgb(200, 239, 212)"
    legend = driver.find_elements("css selector", ".legend.kinds mark.translated")
    assert legend and legend[0].text == "translated"
    assert "translated passage" in view.text
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_screenshot(page, collection):
    pair = hostile_pair(collection["json"])
    open_view(page, pair["a"]["id"], pair["b"]["id"])
    page.execute_script("window.scrollTo(0, 0)")
    height = page.execute_script("return document.documentElement.scrollHeight")
    page.set_window_size(1400, max(1000, min(height, 6000)))
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    try:
        assert page.save_screenshot(str(SCREENSHOT))
    finally:
        page.set_window_size(1400, 1000)
    assert SCREENSHOT.stat().st_size > 10000


# --------------------------------------------------------------------------
# tests: other pages
# --------------------------------------------------------------------------

SHARED = ("Les pompiers de la Vérane ont évacué samedi soir quelque 1 200 habitants du quartier "
          "des Tanneries, où l'eau a atteint 1,80 mètre en moins de trois heures ; « nous n'avions "
          "jamais vu ça », a confié une riveraine à l'aube, tandis que la préfecture ouvrait deux "
          "gymnases pour accueillir les sinistrés et promettait un bilan complet dimanche matin.")


def test_compare_page(binary, driver, tmp_path):
    a = tmp_path / "crue-a.txt"
    b = tmp_path / "crue-b.txt"
    a.write_text("La Vérane sort de son lit à Castelroux\n\n"
                 "La nuit a été longue sur les berges de la rivière, sous une pluie qui n'a pas cessé.\n\n"
                 + SHARED + "\n\nLe maire a demandé l'état de catastrophe naturelle dès lundi.\n",
                 encoding="utf-8")
    b.write_text("Castelroux : le quartier des Tanneries sous l'eau\n\n"
                 "Le club de rugby a prêté son club-house aux bénévoles de la Croix-Rouge.\n\n"
                 + SHARED + "\n\nLes assureurs appellent les sinistrés à photographier les dégâts.\n",
                 encoding="utf-8")
    out = tmp_path / "pair.html"
    run("compare", a, b, "--out", out)
    data = island(out)
    assert data["kind"] == "pair" and len(data["pairs"]) == 1
    pair = data["pairs"][0]
    assert pair["passages"], "the shared paragraph should be a passage"
    cli = json.loads(run("compare", a, b, "--json").stdout)
    assert [(p["a_start"], p["a_end"], p["b_start"], p["b_end"], p["kind"]) for p in pair["passages"]] == \
        [(p["a_start"], p["a_end"], p["b_start"], p["b_end"], p["kind"]) for p in cli["passages"]]

    load(driver, out)
    assert driver.find_elements("css selector", "body.kind-pair")
    figures = driver.find_element("id", "pair-figures").text
    assert f"{pair['similarity']:.3f}" in figures
    views = driver.find_elements("css selector", "details.pair-view")
    assert len(views) == 1 and views[0].get_attribute("open") is not None
    view = views[0]
    for side in ("a", "b"):
        text = data["texts"][pair[side]["id"]]
        got = marks_of(driver, view, side)
        want = expected_marks(text, pair["passages"], side)
        assert got and [(i, c.split()[0], t) for i, c, t in got] == want
    marked = "".join(t for _, _, t in marks_of(driver, view, "b"))
    assert SHARED[:60] in marked
    assert driver.find_elements("css selector", ".legend.kinds mark.verbatim")
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_empty_report(binary, driver, tmp_path):
    articles = tmp_path / "two.jsonl"
    articles.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "solo-1", "outlet": "Gazette de Vernouillet", "date": "2024-03-01", "lang": "fr",
         "text": "Le conseil municipal de Vernouillet a voté mardi le budget de la piscine. "
                 "Les travaux commenceront en juin et dureront huit mois selon le maire."},
        {"id": "solo-2", "outlet": "Ardmore Post", "date": "2024-03-02", "lang": "en",
         "text": "The chess club of Ardmore celebrated its hundredth anniversary with a "
                 "tournament attended by forty players from three counties."},
    ]) + "\n", encoding="utf-8")
    db = tmp_path / "db"
    run("index", articles, "--db", db)
    out = tmp_path / "empty.html"
    run("report", "--db", db, "--out", out)
    data = island(out)
    assert data["stories"] == [] and data["pairs"] == []
    load(driver, out)
    assert "no stories" in driver.find_element("id", "stories").text.lower()
    assert "no related pairs" in driver.find_element("id", "pairs").text.lower()
    assert driver.find_elements("css selector", "details.pair-view") == []
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
