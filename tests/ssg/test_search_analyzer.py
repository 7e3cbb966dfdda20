"""The search analyzer's extra terms (issue 14, item 11): numbers in words and in digits,
compounds written together or apart, definitions, the exact phrase before the words far
apart. The rules are in theme/assets/javascripts/lunr/min/lunr.tr.min.js (the analyzer the
browser runs on the index and on queries) and its Python twin kb/ssg/searchfold.py; the word
tables are written once, in the JavaScript file, and read by the twin.

- Unit tests of the twin: which words make a number, which pairs make a compound, which
  entries are definitions.
- The twin and the served JavaScript give the same terms on every entry of the built index
  (both fields, as Material's worker indexes them) and the same rewritten queries.
- Ranking, through the real search box (test_search.py's SearchBox), with queries of each
  kind that are not the ones the issue quoted; the definitions and compounds are found in
  the content, so new ones are tested when they are written.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb.ssg import searchfold as sf
from test_search import ANALYZER, ROOT, search  # noqa: F401 (test_search.py's search box fixture, one per module)

R = "rehber/2020-1/"
Y = "yonetmelik/"
KIO = R + "kendi-isini-kurma/"
KI = R + "korumali-isyeri/"
MEG = R + "mesleki-egitim-ve-rehabilitasyon/"


# --------------------------------------------------------------------- numbers

@pytest.mark.parametrize("words,expected", [
    ("yüzde yetmiş beşi", [(1, 3, 75)]),          # "yüzde" is never a number; the ending on the last word
    ("yetmis bes", [(0, 2, 75)]),                  # typed without Turkish letters
    ("en az sekiz zihinsel", [(2, 3, 8)]),
    ("on beş gün", [(0, 2, 15)]),
    ("iki yüz elli bin", [(0, 4, 250000)]),
    ("kırk beş bin TL", [(0, 3, 45000)]),
    ("bir milyon", [(0, 2, 1000000)]),             # "bir" inside a number
    ("dördü", [(0, 1, 4)]), ("üçte ikisi", [(0, 1, 3), (1, 2, 2)]),
    ("beş altı kişi", [(0, 1, 5), (1, 2, 6)]),    # two numbers side by side (a range), not 11
    ("bir yıl", []),                               # the article
    ("ön", []), ("uç", []),                        # not "on", "üç"
    ("onu ona onların altında yüzden bina", []),  # pronoun, "under", "because", "building"
    ("bu yüzden iki", [(2, 3, 2)]),
    ("üçüncü beşinci onay onaylı", []),           # ordinals and other words are not numbers
])
def test_numbers_in_words(words, expected):
    assert sf.numbers(words.split()) == expected


@pytest.mark.parametrize("words,terms", [
    ("yüzde yetmiş beşi", {"75", "yuzde75"}),
    ("%75", {"yuz", "75", "yuzde75"}),            # "%75" is "yüzde 75"
    ("5.000 TL", {"5000", "5000tl"}),             # grouped digits also without dots
    ("on beş gün", {"15", "15gun"}),
])
def test_numbers_give_their_digits(words, terms):
    assert terms <= {t for _, t, _ in sf.extras(words.split())}


def test_a_number_in_words_and_in_digits_asks_for_the_same_term():
    # both directions: the index of "sekiz" has "8", the query "8" asks for "8" (and back)
    index = {t for ts in sf.index_terms("en az sekiz zihinsel engelli".split()) for t in ts}
    assert "8" in index and "8zihinsel" in index
    for query in ("en* az* 8* zihinsel*", "en* az* sekiz* zihinsel*"):
        asked = {t.split("^")[0] for t in sf.fold_query(query).split()}
        assert {"8", "8zihinsel"} <= asked, query


# --------------------------------------------------------------------- compounds

@pytest.mark.parametrize("apart,together", [
    ("iş birliği", "işbirliği"), ("iş gücü", "işgücü"), ("iş yeri", "işyeri"),
    ("iş yerlerinde", "işyerlerinde"), ("is birligi", "isbirligi"), ("kamu kurumu", "kamukurumu"),
])
def test_a_compound_written_apart_gives_the_term_of_the_word_written_together(apart, together):
    pairs = [t for _, t, kind in sf.extras(apart.split()) if kind == "pair"]
    assert pairs == [sf.stem(together)]


@pytest.mark.parametrize("words", ["proje türleri", "ve yine", "Kurumu nun", "kim ler"])
def test_no_pair_when_the_second_word_would_be_stripped_as_an_ending(words):
    # stem("projetürleri") is "proj": the pair would add the first word's stem again
    assert [t for _, t, kind in sf.extras(words.split()) if kind == "pair"] == []


def test_no_pair_across_a_stop_word():
    assert [t for _, t, kind in sf.extras("iş ve işçi".split()) if kind == "pair"] == []


# --------------------------------------------------------------------- definitions

SEP = r'[\s\-,:;!?=\[\]()"/’‘“”\'«»…]+|\.(?!\d)'


@pytest.mark.parametrize("text,words", [
    ("İş Koçu: Adayın bireysel değerlendirilmesi …", 2),
    ("İŞ-İN Eğitim Programı: Adayların …", 4),
    ("Aday: Programa başvuru yapan engelli bireyi,", 1),
    ("Bu Usul ve Esaslarda geçen;", 0),                          # no name and colon
    ("not: küçük harfle başlayan", 0),                           # a name starts with a capital
    ("Projeler; en az sekiz: …", 0),                             # not a name
    ("Bir iki üç dört beş altı: çok uzun bir ad", 0),           # more than four words
])
def test_definition_words(text, words):
    assert sf.definition_words(text, SEP) == words


def test_a_definition_counts_its_name_and_gives_its_term():
    terms = sf.entry_terms("Madde 4, 4. bent", "İş Koçu: Adayın bireysel değerlendirilmesi", SEP)["text"]
    assert terms[0].count("is") == sf.DEFINITION_WEIGHT and "0tanimiskoc" in terms[0]
    assert "0tanimiskoc" in sf.fold_query("iş* koçu* nedir*")


# --------------------------------------------------------------------- twin, on the whole index

RUN_INDEX = """([source, separator, entries, queries]) => {
  const registered = {};
  class Token {
    constructor(s, metadata) { this.str = s; this.metadata = metadata || {}; }
    toString() { return this.str; }
    update(fn) { this.str = fn(this.str, this.metadata); return this; }
  }
  const lunr = { Pipeline: { registerFunction(fn, label) { registered[label] = fn; } },
                 QueryParser: function () {}, Token };
  (new Function("self", source))({ lunr });
  const sep = new RegExp(separator);
  return {
    named: entries.map(([title, text]) => lunr.tr.namedWords(title, text, sep)),
    // the served pipeline function, on the words of each field as the worker hands them over
    // (the words that name the entry marked as the worker's tokenizer marks them)
    terms: entries.map(([title, text, titleWords, textWords]) => {
      const named = lunr.tr.namedWords(title, text, sep);
      const run = (words, n, kind) => {
        const tokens = words.map((w, i) => new Token(w, i < n ? { kbNamed: kind } : {}));
        return tokens.map((t, i) => [].concat(registered["stemmer-tr"](t, i, tokens)).map(String));
      };
      return { title: run(titleWords, named.title, "heading"), text: run(textWords, named.text, "defined") };
    }),
    queries: queries.map(q => lunr.tr.foldQuery(q)),
  };
}"""

QUERIES = ["yüzde* yetmiş* beşi*", "%40* oranında*", "on* beş* gün*", "iki* yüz* elli* bin* TL*", "isbirligi*",
           "iş* birliği*", "iş* yeri*", "ön* bin*", "yetmis* bes*", "danışmanlık* hizmeti* nedir*", "5.000* TL*",
           "+iş +gücü", "-aday* program*", "title:iş* title:koçu*", "bir* milyon* lira*", "üçte* ikisi*"]


def test_python_twin_agrees_with_the_served_analyzer_on_every_index_entry(browser, built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    sep = index["config"]["separator"]
    entries = [(d["title"], d["text"], sf.tokenize(d["title"], sep), sf.tokenize(d["text"], sep)) for d in index["docs"]]
    served = (built_site / ANALYZER).read_text(encoding="utf-8")
    page = browser.new_page()
    try:
        js = page.evaluate(RUN_INDEX, [served, sep, entries, QUERIES])
    finally:
        page.close()
    differences = []
    for (title, text, _, _), named, terms in zip(entries, js["named"], js["terms"]):
        if [named["title"], named["text"]] != list(sf.named_words(title, text, sep)):
            differences.append(f"named words of {title!r}: js {named}, python {sf.named_words(title, text, sep)}")
        py = sf.entry_terms(title, text, sep)
        for field in ("title", "text"):
            if terms[field] != py[field]:
                differences.append(f"{field} terms of {title!r}: js {terms[field][:6]}…, python {py[field][:6]}…")
    differences += [f"foldQuery({q!r}): js {j!r}, python {sf.fold_query(q)!r}"
                    for q, j in zip(QUERIES, js["queries"]) if j != sf.fold_query(q)]
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences[:20])
    # the index does hold each kind of extra term
    every = {t for e in entries for f in sf.entry_terms(e[0], e[1], sep).values() for ts in f for t in ts}
    assert {"75", "isbirlik", "isguc", "0tanimiskoc", "kurulusdestek"} <= every


def test_the_word_tables_are_read_from_the_javascript_file():
    source = (ROOT / "theme" / ANALYZER).read_text(encoding="utf-8")
    assert source.count("/*@kb-search-data*/") == 1 and source.count("/*@kb-search-data-end*/") == 1
    assert sf.DATA["numbers"]["yetmiş"] == 70 and "nedir" in sf.STOPWORDS


# --------------------------------------------------------------------- ranking in the browser

@pytest.fixture(scope="module")
def index_docs(built_site) -> list[dict]:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _definitions(index_docs) -> list[tuple[str, str]]:
    """(defined name, location) of every definition entry of the regulation's article 4."""
    out = []
    for d in index_docs:
        if d["location"].startswith(Y + "#madde-4-bent-"):
            n = sf.definition_words(d["text"], SEP)
            if n:
                out.append((d["text"].split(":", 1)[0], d["location"]))
    return out


def test_every_definition_of_article_4_comes_first_for_its_name(search, index_docs):
    definitions = _definitions(index_docs)
    assert len(definitions) >= 7, definitions
    failures = []
    for name, location in definitions:
        for query in (name, f"{name.lower()} nedir", f"{name} ne demek"):
            found = search.results(query)
            if found[:1] != [location]:
                failures.append(f"“{query}”: expected {location} first, got {found[:3]}")
    assert not failures, "\n".join(failures)


NUMBERS = [
    # digits in the query, words in the text, and back
    ("en az 8 zihinsel engelli", [KI + "#r4-B-b-p2"]),           # "en az sekiz zihinsel"
    ("yüzde yetmiş beş", [KI + "#r4-B-b-p2"]),                    # "yüzde yetmiş beşi"
    ("%75 engelli çalışan", [KI + "#r4-B-b-p2"]),
    ("yüzde kırk sermaye", [KI + "#r4-B-h-l1-11"]),               # "%40’ını"
    ("günlük kırk TL", [MEG + "#r4-C-p32"]),                      # "günlük 40 TL"
    ("beş bin TL", [KIO + "#r4-A-b-i-l1-a"]),                     # "5.000 TL"
    ("kırk beş bin TL", [KIO + "#r4-A-b-i-l1-c", KIO + "#r4-A-e-i-l1-7"]),  # "45.000 TL"
]

PHRASES = [
    # the exact phrase before the same words far apart ("kuruluş işlemleri desteği")
    ("kuruluş desteği", KIO + "#r4-A-b-i-l1-c"),
    ("kuruluş desteği kaç TL", KIO + "#r4-A-b-i-l1-c"),
    ("işletme giderleri desteği", KI + "#r4-B-e-l1-3"),
    ("kuruluş sermayesi desteği", KI + "#r4-B-e-l1-1"),
    ("kuruluş işlemleri desteği", KIO + "#r4-A-b-i-l1-a"),
]


@pytest.mark.parametrize("query,expected", NUMBERS, ids=[q for q, _ in NUMBERS])
def test_numbers_in_words_and_digits_find_each_other(search, query, expected):
    found = search.results(query)
    assert set(expected) & set(found[:3]), f"“{query}”: expected one of {expected} in the first three, got {found[:5]}"


@pytest.mark.parametrize("query,expected", PHRASES, ids=[q for q, _ in PHRASES])
def test_the_exact_phrase_comes_first(search, query, expected):
    found = search.results(query)
    assert found[:1] == [expected], f"“{query}”: expected {expected} first, got {found[:3]}"


def _leaders(found: list[str]) -> list[str]:
    """The best paragraph of each page, pages in order: what the result list shows under
    each page's title, before its "Bu sayfada N tane daha" toggle (a page's own entry, its
    title, counts only when nothing on the page matched)."""
    pages: dict[str, list[str]] = {}
    for loc in found:
        pages.setdefault(loc.split("#")[0], []).append(loc)
    return [next((loc for loc in locs if "#" in loc), locs[0]) for locs in pages.values()]


def _compounds(index_docs) -> dict[str, tuple[set[str], set[str]]]:
    """Compounds the sources write both ways: pair term -> (locations written apart,
    locations written as one word)."""
    apart: dict[str, set[str]] = {}
    together: dict[str, set[str]] = {}
    for d in index_docs:
        if not d.get("boost"):
            continue  # the sources' own entries: plain text (Material's pages glue words at tags)
        for field in ("title", "text"):
            words = sf.tokenize(d[field], SEP)
            units = sf.units(words)
            for a, b in zip(units, units[1:]):
                if not (a.number or b.number or sf._is_stop(a) or sf._is_stop(b)):
                    term = sf.pair_term(a, b)
                    if term:
                        apart.setdefault(term, set()).add(d["location"])
            for w in words:
                together.setdefault(sf.stem(w), set()).add(d["location"])
    return {t: (apart[t], together[t]) for t in apart if t in together}


def test_compounds_are_found_written_together_or_apart(search, index_docs):
    compounds = _compounds(index_docs)
    assert {"isbirlik", "isguc"} <= set(compounds), sorted(compounds)
    failures = []
    for term in sorted(compounds):
        apart_at, together_at = compounds[term]
        written_apart = next(a for d in index_docs if d["location"] in apart_at
                             for a in [_apart_form(d["title"] + " , " + d["text"], term)] if a)
        for query, other in ((written_apart, together_at), (written_apart.replace(" ", ""), apart_at)):
            found = _leaders(search.results(query))
            if not set(found[:5]) & other:
                failures.append(f"“{query}” finds none of {sorted(other)[:3]} on its first five pages: {found[:5]}")
    assert not failures, "\n".join(failures)


def _apart_form(text: str, term: str) -> str | None:
    words = sf.tokenize(text, SEP)
    for a, b in zip(words, words[1:]):
        if [t for _, t, kind in sf.extras([a, b]) if kind == "pair"] == [term]:
            return f"{a} {b}"
    return None


def test_a_compound_typed_without_turkish_letters(search):
    # the content has "iş birliği" (Madde 26) and "işbirliğine" (the guide): both, either way
    for query in ("is birligi", "isbirligi", "İŞBİRLİĞİ"):
        found = _leaders(search.results(query))
        assert {Y + "#madde-26", KIO + "#r4-A-e-i-l1-6"} <= set(found[:3]), (query, found[:5])


def test_iş_yeri_finds_işyeri(search, built_site):
    found = search.results("iş yeri")
    assert found, "“iş yeri” finds nothing"
    page, _, anchor = found[0].partition("#")
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    assert re.search(r"[İi]şyer", html), f"the first result of “iş yeri” ({found[0]}) has no “işyeri”"
