"""The site search, in Turkish, typed into the real search box of the built site.

One headless Chromium tab on the built site (conftest: built_site, site_url, browser) is
reused for every query: the test clears the box with the keyboard, types the query with
page.keyboard.type and reads the result links mkdocs-material shows.

- Spelling variants (no Turkish letters, capitals, other inflections, brackets) give the
  very same result list, and that list contains the paragraph the words come from.
- Single words and short questions land on the expected paragraph: its link is among the
  first five results. The expected anchors were chosen by reading the content; where
  the sources say the same thing in two places (the engelli and the eski hükümlü lists
  of the same part) both places are accepted.
- The Python twin (kb/ssg/searchfold.py) and the JavaScript analyzer served by the site
  (assets/javascripts/lunr/min/lunr.tr.min.js) fold, stem and rewrite the same way, on
  tricky words, on queries and on every word of the search index.
- The search index has one entry per article, paragraph and point of the sources, at the
  node's page and anchor, and the analyzer keeps its promises (idempotent stem,
  numbers whole, derivational endings kept).

"Results" are the result links in the order mkdocs-material ranks them: pages sorted by
their best match, and inside a page its best match first, then the others (folded under
"Bu sayfada N tane daha"). A page heading that Material adds to group results without
the page itself matching (score 0) is not a result.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kb.ssg.searchfold import fold, fold_query, stem

ANALYZER = "assets/javascripts/lunr/min/lunr.tr.min.js"
ROOT = Path(__file__).resolve().parents[2]

# Counts the queries the page sends to mkdocs-material's search worker and the answers it
# gets back, so that the test reads the results of the last query typed, not of a
# previous keystroke. (Only observes; the worker and the page run unchanged.)
WATCH_WORKER = """(() => {
  const Base = window.Worker;
  const state = window.__kbSearch = {sent: 0, answered: 0, last: null};
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ev => { if (ev.data && ev.data.type === 3) state.answered++; });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) { state.sent++; state.last = message.data; }
      return super.postMessage(message, ...rest);
    }
  };
})();"""

SETTLED = """query => {
  const s = window.__kbSearch;
  const box = document.querySelector("input.md-search__input");
  if (box.value !== query || s.last !== query || s.answered < s.sent) { window.__kbFrames = 0; return false; }
  window.__kbFrames = (window.__kbFrames || 0) + 1;
  return window.__kbFrames > 3;   // the answer arrived; let the list render for a few frames
}"""

RESULTS = """() => [...document.querySelectorAll(".md-search-result__link")]
  .filter(a => parseFloat(a.querySelector("article").dataset.mdScore) > 0)
  .map(a => a.getAttribute("href"))"""


class SearchBox:
    def __init__(self, page, site_url: str):
        self.page = page
        self.site_url = site_url

    def results(self, query: str) -> list[str]:
        """Type `query` into the search box; the result links as site paths ('yonetmelik/#madde-5-ç')."""
        page = self.page
        box = page.locator("input.md-search__input")
        box.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.keyboard.type(query)
        # Playwright types letters that are not on a US keyboard (ş, ı, ğ …) without key
        # events; Material searches on keyup, which a real keyboard always sends.
        page.keyboard.press("End")
        page.wait_for_function(SETTLED, arg=query, polling="raf", timeout=15000)
        return [self._path(h) for h in page.evaluate(RESULTS)]

    def _path(self, href: str) -> str:
        parts = urlsplit(href)
        base = urlsplit(self.site_url).path
        path = unquote(parts.path)
        path = path[len(base):] if path.startswith(base) else path
        return path + (f"#{unquote(parts.fragment)}" if parts.fragment else "")


@pytest.fixture(scope="module")
def search(browser, site_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.add_init_script(WATCH_WORKER)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url, wait_until="load")
    yield SearchBox(page, site_url)
    ctx.close()
    assert not errors, f"script errors while searching: {errors}"


# --------------------------------------------------------------------- variants

R = "rehber/2020-1/"
Y = "yonetmelik/"
KIO = R + "kendi-isini-kurma/"
KI = R + "korumali-isyeri/"
MEG = R + "mesleki-egitim-ve-rehabilitasyon/"

VARIANTS = [
    (("isveren", "IŞVEREN", "işveren", "İşverenler", "işverenlere"), Y + "#madde-4-bent-6"),
    (("iskur", "İŞKUR", "ISKUR", "İşkur"), Y + "#madde-7-bent-1"),
    (("kocluk", "koçluk", "koçluğu", "KOÇLUĞU"), Y + "#madde-12-fikra-1"),
    (("kisisel veri", "kişisel veri", "KİŞİSEL VERİLER", "kişisel verilerin"), Y + "#madde-18-fikra-1"),
    (("kvkk", "KVKK", "(KVKK)"), Y + "#madde-21-fikra-1"),
    (("basvuru", "başvuru", "BAŞVURU", "başvurusu", "başvuruya"), Y + "#madde-8-fikra-1"),
    (("korumali isyeri", "korumalı işyeri", "KORUMALI İŞYERİ", "korumalı işyerleri"), KI + "#r4-B"),
    (("eski hukumlu", "eski hükümlü", "ESKİ HÜKÜMLÜ", "eski hükümlüler"), KIO + "#r4-A-a-ii"),
    (("sikayet", "şikayet", "şikâyet", "ŞİKÂYETLERİNİ"), Y + "#madde-28-fikra-1"),
]


@pytest.mark.parametrize("variants,paragraph", VARIANTS, ids=[v[0][0] for v in VARIANTS])
def test_spelling_variants_find_the_same_results(search, variants, paragraph):
    first = search.results(variants[0])
    assert paragraph in first, f"“{variants[0]}” does not find {paragraph}; results: {first[:15]}"
    for other in variants[1:]:
        found = search.results(other)
        assert found == first, (f"“{other}” finds other results than “{variants[0]}”:\n"
                                f"  {other}: {found[:8]}\n  {variants[0]}: {first[:8]}")


# --------------------------------------------------------------------- landing

LANDING = [
    ("iş koçu ne yapar", [Y + "#madde-4-bent-4", Y + "#madde-11-fikra-1", Y + "#madde-12-fikra-1"]),
    ("başvuru nasıl yapılır", [Y + "#madde-8-fikra-1"]),
    # the guide names two grants "kuruluş (sermayesi) desteği"; the question names neither
    ("kuruluş desteği ne kadar", [KIO + "#r4-A-b-i-l1-c", KI + "#r4-B-e-l1-1", KIO + "#r4-A-b-ii-p1"]),
    ("45.000", [KIO + "#r4-A-b-i-l1-c"]),
    ("korumali isyeri", [KI + "#r4-B", KI]),
    ("eski hukumlu", [KIO + "#r4-A-a-ii", KIO + "#r4-A-b-ii", KIO + "#r4-A-e-ii"]),
    ("vasi", [KIO + "#r4-A-a-i-l1-i", KIO + "#r4-A-a-ii-l1-i"]),
    ("icra dosyasi", [KIO + "#r4-A-a-i-l1-j", KIO + "#r4-A-a-ii-l1-j"]),
    ("KVKK", [Y + "#madde-21-fikra-1"]),
    ("(KVKK)", [Y + "#madde-21-fikra-1"]),
    ("randevu sistemi", [Y + "#madde-8-fikra-1"]),
    ("sikayet", [Y + "#madde-28", Y + "#madde-28-fikra-1"]),
    ("itiraz", [Y + "#madde-28", Y + "#madde-28-fikra-1"]),
    ("askıya alma", [Y + "#madde-22", Y + "#madde-22-fikra-1", Y + "#madde-23-fikra-1"]),
    ("veriler kaç yıl saklanır", [Y + "#madde-20-fikra-1"]),
    ("mucbir sebep", [Y + "#madde-27", Y + "#madde-27-fikra-1"]),
    ("yürürlük", [Y + "#madde-30", Y + "#madde-30-fikra-1"]),
    ("İŞ-İN", [Y + "#madde-4-bent-5", Y + "#madde-10-a"]),
    ("emekli olmamak", [KIO + "#r4-A-a-i-l1-d", KIO + "#r4-A-a-ii-l1-d"]),
    ("kira gideri", [KIO + "#r4-A-c-l1-m1"]),
    ("girişimcilik sertifikası", [KIO + "#r4-A-a-i-l1-g", KIO + "#r4-A-a-ii-l1-g",
                                  KIO + "#r4-A-e-i-l1-5", KIO + "#r4-A-e-ii-l1-5"]),
    ("işaret dili tercümanı", [MEG + "#r4-C-p23", MEG + "#r4-C-p11"]),
    ("son başvuru tarihi", [R + "#r5", R + "#r5-p1", R + "#ronsoz-rehber-p1"]),
    ("braille", [R + "destek-teknolojileri/#r4-D-l1-m3"]),
    ("18 yaşını tamamlamış", [KIO + "#r4-A-a-i-l1-c", KIO + "#r4-A-a-ii-l1-b"]),
    ("kimler başvurabilir", [KIO + "#r4-A-a"]),
    ("ücret desteği", [KI + "#r4-B-e-l1-2"]),
    ("veri sorumlusu", [Y + "#madde-17-fikra-1"]),
    ("bağkur", [KIO + "#r4-A-d-p14"]),
    ("ulaşım ücreti", [MEG + "#r4-C-p22", R + "ise-yerlestirme-ve-ise-uyum/#r4-E-p15"]),
    ("madde 12", [Y + "#madde-12", Y + "#madde-12-fikra-1"]),
    ("statü belgesi", [KI + "#r4-B-h-l1-2", KI + "#r4-B-d-p1"]),
    ("kişisel verilerin korunması kanunu", [Y + "#madde-3-bent-6"]),
    ("6698", [Y + "#madde-3-bent-6"]),
    ("özel istihdam bürosu", [Y + "#madde-6-bent-4"]),
    ("görme engelli kursiyer sayısı", [MEG + "#r4-C-p18"]),
    ("iş ve işçi bulmaya aracılık", [Y + "#madde-6-bent-1", Y + "#madde-3-bent-7"]),
]


def test_queries_land_on_the_expected_paragraph(search, built_site):
    # every expected place exists: a typo in this list must not pass unnoticed
    for _, expected in LANDING:
        for target in expected:
            page, _, anchor = target.partition("#")
            html = (built_site / page / "index.html").read_text(encoding="utf-8")
            assert not anchor or f'id="{anchor}"' in html, f"{target} does not exist on the site"
    failures = []
    for query, expected in LANDING:
        found = search.results(query)
        if not set(expected) & set(found[:5]):
            failures.append(f"“{query}”: expected one of {expected} among the first five, got {found[:5]}")
    assert not failures, f"{len(failures)} of {len(LANDING)} queries miss their paragraph:\n" + "\n".join(failures)


def test_a_query_that_matches_nothing_finds_nothing(search):
    assert search.results("zzqxjv") == []


# --------------------------------------------------------------------- twin

TRICKY = """işveren İŞVEREN İşverenlere işverenin IŞVEREN ISKUR İŞKUR İşkur İŞKUR’a koçluk koçluğu
KOÇLUĞU koçu koçlarının koçlarını başvuru başvurusu başvuruya başvurular başvurabilir kişisel veri
verilerin VERİLER destek desteği desteklenecektir destekli kuruluş kurulu kurulacak girişimcilik giriş
yaşını yaşında sertifikasına yönetmeliğe korumalı işyerinde işyerlerinin hükümlü hükümlüler engellilerin
ile İle ise işe İşe için İÇİN iş işin işine kapsamında tarafından madde maddesi icra dosyası vasi
yıldır saklanır 45.000 3.577,50 18 %40 5393 şikâyet şikayet ŞİKÂYETLERİNİ İŞ-İN İŞ-IN KVKK (KVKK) ı I İ i
aile ailesi ailesiyle kira kirası kiranın sağlık sağlığı raporları belgesine getir emekli olmamak
ağ dağı Çalışma ÇALIŞMA çalışmaları öğrenci ÖĞRENCİ üniversiteler ığdır constructor __proto__""".split()

QUERIES = ["iş* koçu* ne* yapar*", "İŞ-İN* İŞ-İN*", "kuruluş* desteği* NE* kadar*", "ne*", "45.000*",
           "+iş +koçu", "title:koçu*", "kvkk*", "constructor* tostring*", "-işveren* koçluk*",
           "veriler* kaç* yıl* saklanır*", "başvuru* nasıl* yapılır*", "KİŞİSEL* VERİLER*", "ı*",
           "şikâyet~1", "işveren^2"]

RUN_ANALYZER = """([source, words, queries]) => {
  // the analyzer file needs only these parts of lunr to load; fold, stem and foldQuery are
  // plain functions, and the pipeline function is called on token objects as lunr does
  const registered = {};
  const lunr = { Pipeline: { registerFunction(fn, label) { registered[label] = fn; } },
                 QueryParser: function () {} };
  (new Function("self", source))({ lunr });
  class Token { constructor(s) { this.str = s; } update(fn) { this.str = fn(this.str, {}); return this; } }
  return {
    fold: words.map(w => lunr.tr.fold(w)),
    stem: words.map(w => lunr.tr.stem(w)),
    pipeline: words.map(w => registered["stemmer-tr"](new Token(w)).str),
    query: queries.map(q => lunr.tr.foldQuery(q)),
  };
}"""


def _index_words(site: Path) -> list[str]:
    """Every distinct token of the search index, split and lower-cased as Material does."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    words: set[str] = set()
    for doc in index["docs"]:
        for field in ("title", "text"):
            plain = re.sub(r"<[^>]+>", " ", doc.get(field, ""))
            words.update(t for t in separator.split(plain) if t)
    return sorted(words)


def test_python_twin_agrees_with_the_served_analyzer(browser, built_site):
    served = (built_site / ANALYZER).read_text(encoding="utf-8")
    source = (ROOT / "theme" / ANALYZER).read_text(encoding="utf-8")
    import rjsmin

    # served minified (kb/ssg/hooks.py); the behaviour below is the served file's
    assert served == rjsmin.jsmin(source, keep_bang_comments=True), "the site does not serve theme/" + ANALYZER
    # Material lower-cases tokens with JavaScript before the pipeline ("İ" -> "i̇")
    words = list(dict.fromkeys(w for w in TRICKY + _index_words(built_site) for w in (w, w.lower())))
    page = browser.new_page()  # about:blank: no site CSP, nothing else loaded
    try:
        js = page.evaluate(RUN_ANALYZER, [served, words, QUERIES])
    finally:
        page.close()
    py_words = {"fold": [fold(w) for w in words], "stem": [stem(w) for w in words]}
    py_words["pipeline"] = py_words["stem"]
    differences = [f"{kind}({w!r}): js {js[kind][i]!r}, python {py_words[kind][i]!r}"
                   for kind in ("fold", "stem", "pipeline") for i, w in enumerate(words)
                   if js[kind][i] != py_words[kind][i]]
    differences += [f"foldQuery({q!r}): js {j!r}, python {fold_query(q)!r}"
                    for q, j in zip(QUERIES, js["query"]) if j != fold_query(q)]
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences[:30])
    assert len(words) > 1000, "the index words were not collected"


@pytest.mark.parametrize("word,expected", [
    ("İŞVEREN", "isveren"), ("işverenlere", "isveren"), ("koçluğu", "kocluk"), ("koçluk", "kocluk"),
    ("başvurusu", "basvur"), ("başvuru", "basvur"), ("verilerin", "ver"), ("veri", "ver"),
    ("45.000", "45.000"), ("İŞKUR", "iskur"), ("ISKUR", "iskur"), ("desteği", "destek"),
    ("işe", "is"), ("ise", "ise"), ("ile", "ile"), ("yaşını", "yas"), ("dosyası", "dosy"), ("dosya", "dosy"),
])
def test_stem_conflates_inflections(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize("a,b", [("destek", "destekli"), ("kuruluş", "kurulu"), ("girişimcilik", "giriş"),
                                 ("iş", "işveren"), ("ise", "işe"), ("il", "ile")])
def test_stem_keeps_different_words_apart(a, b):
    assert stem(a) != stem(b)


def test_stem_is_idempotent_on_every_index_word(built_site):
    # lunr runs the search pipeline again on exact query terms the site already stemmed
    bad = [w for w in _index_words(built_site) + TRICKY if stem(stem(w)) != stem(w)]
    assert not bad, f"stem(stem(w)) != stem(w) for {bad[:20]}"


def _own_terms(query: str) -> str:
    """The rewritten query without the extra terms (test_search_analyzer.py: numbers, pairs,
    definitions), which come after the words' own terms."""
    return " ".join(t for t in fold_query(query).split() if not re.search(r"\^(30|40)$", t))


def test_query_rewrite():
    assert _own_terms("iş* koçu* ne* yapar*") == "is^10 koc^10 yapar^10 yapar*"
    assert _own_terms("kuruluş* desteği* ne* kadar*") == "kurulus^10 destek^10"
    assert fold_query("ne*") == "ne^10 ne*"          # a lone question word is still searched
    assert _own_terms("İŞ-İN* İŞ-İN*") == "is^10 in^10 in*"
    assert _own_terms("(kvkk)*") == "kvkk^10 kvkk*"
    assert _own_terms("+iş +koçu") == "+is +koc"      # a quoted phrase stays required
    # then the extra terms: the pair of two neighbouring words without a stop word between
    # them (weighted more), and the definitions the words may name
    assert fold_query("iş* koçu* ne* yapar*").startswith("is^10 koc^10 yapar^10 yapar* iskoc^30 ")
    assert "0tanimiskoc^40" in fold_query("+iş +koçu").split()
    assert "kurulusdestek^30" in fold_query("kuruluş* desteği* ne* kadar*").split()


# --------------------------------------------------------------------- the index

class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "id" and v:
                self.ids.add(v)


def test_index_has_one_entry_per_node_at_its_anchor(built_site):
    from kb.content.loader import load_knowledge_base
    from kb.site.sitemap import derive_site

    kb = load_knowledge_base(ROOT)
    sm = derive_site(kb)
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["tr"] and index["config"]["pipeline"] == ["stemmer"]
    assert "45.000" in re.split(index["config"]["separator"], "tutar 45.000 TL."), "the separator splits amounts"
    by_location = {}
    for doc in index["docs"]:
        by_location.setdefault(doc["location"], []).append(doc)
    missing, doubled, boosted = [], [], []
    for root in [r for d in kb.docs.values() for r in d.roots]:
        for node in root.walk():
            if node.kind == "list" and not node.text:
                continue  # an untitled list has no text of its own: its items are the entries
            loc = sm.url(node.cite)
            docs = by_location.get(loc, [])
            if not docs:
                missing.append(loc)
            elif len(docs) > 1:
                doubled.append(loc)
            elif docs[0].get("boost", 1) <= 1:
                boosted.append(loc)
    assert not missing, f"{len(missing)} nodes without a search entry: {missing[:10]}"
    assert not doubled, f"nodes with more than one entry: {doubled[:10]}"
    assert not boosted, f"source entries not preferred over pages that quote them: {boosted[:10]}"
    # every entry of the source pages points at an anchor that exists on its page
    pages = {loc.split("#")[0] for loc in by_location if loc.split("#")[0] in set(sm.node_page.values())}
    for page in pages:
        parser = _Ids()
        parser.feed((built_site / page / "index.html").read_text(encoding="utf-8"))
        dangling = [loc for loc in by_location if loc.startswith(page + "#") and loc.split("#", 1)[1] not in parser.ids]
        assert not dangling, f"search entries pointing nowhere on {page}: {dangling[:10]}"
