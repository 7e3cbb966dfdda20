"""Python twin of the site search's Turkish analyzer (theme/assets/javascripts/lunr/min/lunr.tr.min.js).

mkdocs-material builds the search index in the browser: its search worker reads
search/search_index.json and runs the JavaScript analyzer on every word of every entry
(index time) and on every query (query time). This module does the same steps in Python so
that tests (and tools) can predict what the index holds and what a query asks for.

The word tables (stop words, endings, number words, weights) are written once, as JSON
between the `@kb-search-data` markers of the JavaScript file; this module reads them from
there. tests/ssg/test_search.py and test_search_analyzer.py run both analyzers on the same
words, on every entry of the index and on tricky queries, and check they agree: change the
two files together. The JavaScript file's header explains the rules.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ANALYZER = Path(__file__).resolve().parents[2] / "theme" / "assets" / "javascripts" / "lunr" / "min" / "lunr.tr.min.js"
_DATA_BLOCK = re.compile(r"/\*@kb-search-data\*/(.*?)/\*@kb-search-data-end\*/", re.S)


def _load_data() -> dict:
    match = _DATA_BLOCK.search(ANALYZER.read_text(encoding="utf-8"))
    if match is None:
        raise RuntimeError(f"{ANALYZER}: no /*@kb-search-data*/ … /*@kb-search-data-end*/ block")
    return json.loads(match.group(1))


DATA = _load_data()
EXACT_BOOST: int = DATA["exact_boost"]
PAIR_BOOST: int = DATA["pair_boost"]
DEFINITION_WEIGHT: int = DATA["definition_weight"]
DEFINITION_MAX_WORDS: int = DATA["definition_max_words"]
STOPWORDS = frozenset(DATA["stopwords"].split())
# kept whole (a stem is stemmed again by lunr, so the folded "icin" is listed too)
KEEP = frozenset(DATA["keep"].split())
VOWELS = "aeiou"
# what the query side splits on: anything but letters, digits, "." (45.000) and "%"
SPLIT = re.compile(r"(?:[^\w.%]|_)+")

# ending -> class: "c" only after a consonant (stem >= 2 letters), "v" only after a vowel
# (stem >= 3), "a" after anything (stem >= 3). The longest ending is tried first.
ENDINGS = {**{s: "c" for s in DATA["endings_after_consonant"].split()},
           **{s: "v" for s in DATA["endings_after_vowel"].split()},
           **{s: "a" for s in DATA["endings_after_any"].split()}}
LONGEST = max(map(len, ENDINGS))


def lower_tr(s: str) -> str:
    return s.replace("İ", "i").replace("I", "ı").lower().replace("\u0307", "")


@lru_cache(maxsize=200_000)
def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", lower_tr(s))
    s = re.sub("[\u0300-\u036f]", "", s)
    return s.replace("ı", "i")


def _strip_one(w: str) -> str | None:
    for n in range(min(LONGEST, len(w) - 1), 0, -1):
        cls = ENDINGS.get(w[-n:])
        if cls is None:
            continue
        rest = w[:-n]
        after_vowel = rest[-1] in VOWELS
        if cls == "c":
            ok = len(rest) >= 2 and not after_vowel
        elif cls == "v":
            ok = len(rest) >= 3 and after_vowel
        else:
            ok = len(rest) >= 3
        if ok:
            return rest
    return None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    w = fold(word)
    if w[:1].isascii() and w[:1].isdigit() or lower_tr(word) in KEEP:
        return w
    rest = _strip_one(w)
    while rest is not None:
        w = rest
        rest = _strip_one(w)
    if w.endswith("g"):
        w = w[:-1] + "k"
    return w


# ---------------------------------------------------------------------- numbers

# folded spelling -> (value, spelling, number word); "dörd" (dördü) is a spelling of dört
NUMBER: dict[str, tuple[int, str, str]] = {}
for _w, _v in DATA["numbers"].items():
    NUMBER[fold(_w)] = (_v, _w, _w)
    if _w in DATA["number_softened"]:
        _soft = DATA["number_softened"][_w]
        NUMBER[fold(_soft)] = (_v, _soft, _w)
NUMBER_ENDINGS = frozenset(["", *DATA["number_endings"].split()])
AMBIGUOUS = frozenset(DATA["number_ambiguous"].split())
NEVER_ALONE = frozenset(DATA["number_alone_never"].split())
PERCENT: str = DATA["percent_word"]
LONGEST_NUMBER = max(map(len, NUMBER))
GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")


@dataclass(frozen=True)
class NumberWord:
    value: int
    base: str      # the number word as Turkish spells it ("dört" for "dördü")
    ended: bool    # has an ending ("beşi")


@lru_cache(maxsize=200_000)
def number_word(word: str) -> NumberWord | None:
    """A number word ("beşi", "yetmis", "dördü"), or None. The word part is spelled as
    Turkish spells it or all in ASCII letters ("ön" is not "on", "uç" is not "üç")."""
    lw, f = lower_tr(word), fold(word)
    if lw == PERCENT or len(f) != len(lw):
        return None
    for n in range(min(len(f), LONGEST_NUMBER), 1, -1):
        hit = NUMBER.get(f[:n])
        if hit is None or f[n:] not in NUMBER_ENDINGS:
            continue
        part = lw[:n]
        if part != hit[1] and part != f[:n]:
            continue
        return NumberWord(hit[0], hit[2], n < len(f))
    return None


def numbers(words: list[str]) -> list[tuple[int, int, int]]:
    """The numbers written in words: (start, end exclusive, value) over the words. A number
    is a run of number words in which only the last has an ending and each word fits the
    number built so far (hundreds, tens, ones; bin / milyon multiply)."""
    out = []
    i = 0
    while i < len(words):
        first = number_word(words[i])
        if first is None:
            i += 1
            continue
        # total (thousands and up) + group (below 1000); slots: 4 hundreds, 2 tens, 1 ones
        total = group = slots = 0
        mult = float("inf")
        last, j = first, i

        def fits(v: int) -> bool:
            if v >= 1000:
                return v < mult and (group > 0 or total == 0)
            if v == 100:
                return slots & 6 == 0
            if v >= 10:
                return slots & 3 == 0
            return slots & 1 == 0

        def add(v: int) -> None:
            nonlocal total, group, slots, mult
            if v >= 1000:
                total += (group or 1) * v
                group, slots, mult = 0, 0, v
            elif v == 100:
                group, slots = (group or 1) * 100, 4
            else:
                group += v
                slots |= 2 if v >= 10 else 1

        add(first.value)
        while not last.ended and j + 1 < len(words):
            nxt = number_word(words[j + 1])
            if nxt is None or not fits(nxt.value):
                break
            add(nxt.value)
            last = nxt
            j += 1
        alone = j == i
        if not alone or not (first.base in NEVER_ALONE or first.ended and first.base in AMBIGUOUS):
            out.append((i, j + 1, total + group))
        i = j + 1
    return out


# ---------------------------------------------------------------------- extra terms

@dataclass(frozen=True)
class Unit:
    at: int        # the word it starts at
    text: str
    number: bool
    extra: bool    # its term is not the word's own stem


def canonical_number(w: str) -> str:
    return w.replace(".", "") if GROUPED.fullmatch(w) else w


def units(words: list[str]) -> list[Unit]:
    """The words as units: a number (its digits) or a word. "%40" is two, "yüzde" and "40"."""
    nums = {start: (end, value) for start, end, value in numbers(words)}
    out: list[Unit] = []
    i = 0
    while i < len(words):
        if i in nums:
            end, value = nums[i]
            out.append(Unit(i, str(value), True, True))
            i = end
            continue
        w = fold(words[i])
        pct = re.fullmatch(r"%([0-9][0-9.]*)", w)
        if pct:
            out += [Unit(i, PERCENT, False, True), Unit(i, canonical_number(pct.group(1)), True, True)]
        elif w[:1].isascii() and w[:1].isdigit():
            c = canonical_number(w)
            out.append(Unit(i, c, True, c != w))
        else:
            out.append(Unit(i, words[i], False, False))
        i += 1
    return out


def _is_stop(u: Unit) -> bool:
    return not u.number and fold(u.text) in STOPWORDS


def pair_term(a: Unit, b: Unit) -> str | None:
    """The stem of the two written together, or None when the second word would be stripped
    away as an ending (stem("proje" + "türleri") is "proj"): the stem keeps >= 2 of its letters."""
    if a.number:
        return a.text + ("_" + b.text if b.number else stem(b.text))
    first = fold(a.text)
    if b.number:
        return first + b.text
    joined = stem(first + fold(b.text))
    return joined if len(joined) >= len(first) + 2 and joined.startswith(first) else None


def extras(words: list[str]) -> list[tuple[int, str, str]]:
    """The extra terms of a run of words, in order: (word index, term, "number" | "pair")."""
    us = units(words)
    out = []
    for k, u in enumerate(us):
        if u.extra:
            out.append((u.at, u.text if u.number else stem(u.text), "number"))
        pair = pair_term(u, us[k + 1]) if k + 1 < len(us) and not _is_stop(u) and not _is_stop(us[k + 1]) else None
        if pair:
            out.append((u.at, pair, "pair"))
    return out


_DEFINITION = re.compile(r"([^:<>.;,()]{1,60}):\s")


def definition_words(text: str, separator: str) -> int:
    """An entry whose text opens with a short name and a colon ("İş Koçu: …") defines it:
    the number of words of the name (split as the index tokenizer splits), else 0."""
    m = _DEFINITION.match(text or "")
    if not m or not m.group(1)[:1].isupper():
        return 0
    n = len([w for w in re.split(separator, m.group(1)) if w])
    return n if n <= DEFINITION_MAX_WORDS else 0


def named_words(title: str, text: str, separator: str) -> tuple[int, int]:
    """(title words, text words) that name the entry's subject: a definition's name, or the
    whole title of a heading (an entry without text) of up to heading_max_words words."""
    if text:
        return 0, definition_words(text, separator)
    n = len([w for w in re.split(separator, title or "") if w])
    return (n if n <= DATA["heading_max_words"] else 0), 0


def definition_term(words: list[str]) -> str | None:
    """"0tanim" + the stem of the name's words (but stop words) written together."""
    joined = "".join(fold(w) for w in words if fold(w) not in STOPWORDS)
    return DATA["definition_prefix"] + stem(joined) if joined else None


def index_terms(words: list[str], named: int = 0, defined: int = 0) -> list[list[str]]:
    """The terms the index gets for each word of a field: its stem, then the extra terms that
    start at it; the first `named` words count DEFINITION_WEIGHT times, and a definition's
    name (`defined` words) gives its definition term."""
    at: list[list[str]] = [[] for _ in words]
    for i, term, _ in extras(words):
        at[i].append(term)
    term = definition_term(words[:defined]) if defined else None
    if term:
        at[0].append(term)
    out = []
    for i, w in enumerate(words):
        terms = [stem(w), *at[i]]
        out.append(terms * (DEFINITION_WEIGHT if i < named else 1))
    return out


def entry_terms(title: str, text: str, separator: str) -> dict[str, list[list[str]]]:
    """Both fields of an index entry as the browser indexes them: the words (split as
    Material's tokenizer splits the text between tags, lower-cased) and their terms."""
    named_title, named_text = named_words(title, text, separator)
    out = {}
    for field, value, named, defined in (("title", title, named_title, 0), ("text", text, named_text, named_text)):
        words = tokenize(value, separator)
        out[field] = index_terms(words, min(named, len(words)), min(defined, len(words)))
    return out


def tokenize(value: str, separator: str) -> list[str]:
    """Material's tokenizer in short: the text between tags, split, lower-cased as
    JavaScript does ("İ" -> "i̇")."""
    return [w.lower() for part in re.split(r"<[^>]*>", value or "") for w in re.split(separator, part) if w]


# ---------------------------------------------------------------------- queries

_CLAUSE = re.compile(r"^([+-]?)((?:[a-z]+:)?)([^*~^]*)(.*)$", re.S)


def fold_query(q: str) -> str:
    """The query string lunr parses after the site's rewrite (see foldQuery in the JS file)."""
    raw = [c for c in re.split(r"\s+", q) if c]
    out: list[str] = []
    extra: list[str] = []
    run: list[str] = []
    run_field = ""

    def flush() -> None:
        terms = [f"{run_field}{term}^{PAIR_BOOST if kind == 'pair' else EXACT_BOOST}" for _, term, kind in extras(run)]
        # the defined names the words may be: every stretch of up to DEFINITION_MAX_WORDS words
        words = [w for w in run if fold(w) not in STOPWORDS]
        for i in range(len(words)):
            for n in range(1, min(DEFINITION_MAX_WORDS, len(words) - i) + 1):
                terms.append(f"{run_field}{definition_term(words[i:i + n])}^{DATA['definition_boost']}")
        for t in terms:
            if t not in extra:
                extra.append(t)
        run.clear()

    for idx, clause in enumerate(raw):
        presence, field, body, tail = _CLAUSE.match(clause).groups()
        words = [w for w in SPLIT.split(lower_tr(unicodedata.normalize("NFC", body))) if w]
        plain = presence != "-" and tail in ("", "*")
        if not plain or field != run_field:
            flush()
        run_field = field
        for j, word in enumerate(words):
            if plain:
                run.append(word)
            if presence != "+" and fold(word) in STOPWORDS and len(raw) > 1:
                continue
            s = stem(word)
            typing = idx == len(raw) - 1 and j == len(words) - 1
            if not tail.startswith("*"):
                terms = [presence + field + s + tail]
            elif not typing:
                terms = [presence + field + s + f"^{EXACT_BOOST}"]
            elif presence:
                terms = [presence + field + s + tail]
            else:
                terms = [field + s + f"^{EXACT_BOOST}", field + s + tail]
            for t in terms:
                if t not in out:
                    out.append(t)
        if not plain:
            flush()
    flush()
    out += [t for t in extra if t not in out]
    return " ".join(out) if out else q
