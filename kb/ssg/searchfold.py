"""Python twin of the site search's Turkish analyzer (theme/assets/javascripts/lunr/min/lunr.tr.min.js).

The browser folds, stems and rewrites queries with the JavaScript file; this module does
the same in Python so that tests (and tools) can predict what the search will match.
tests/ssg/test_search.py runs both on the same words and queries and checks they agree:
change the two files together. The JavaScript file's header explains the rules.
"""
from __future__ import annotations

import re
import unicodedata

EXACT_BOOST = 10
STOPWORDS = frozenset("ne nedir nasil kadar kac mi mu midir mudur ve veya ile ya da de ki bir bu o icin gibi".split())
# kept whole (a stem is stemmed again by lunr, so the folded "icin" is listed too)
KEEP = frozenset({"ile", "ise", "için", "icin"})
VOWELS = "aeiou"
# what the query side splits on: anything but letters, digits, "." (45.000) and "%"
SPLIT = re.compile(r"(?:[^\w.%]|_)+")

# ending -> class: "c" only after a consonant (stem >= 2 letters), "v" only after a vowel
# (stem >= 3), "a" after anything (stem >= 3). The longest ending is tried first.
ENDINGS = {**{s: "c" for s in "i u a e in un".split()},
           **{s: "v" for s in "si su ni nu na ne yi yu ya ye yla yle nin nun nda nde ndan nden".split()},
           **{s: "a" for s in ("lar ler lari leri larin lerin larina lerine larini lerini larinda lerinde "
                               "larindan lerinden daki deki taki teki dir dur tir tur dan den tan ten "
                               "da de ta te").split()}}
LONGEST = max(map(len, ENDINGS))


def lower_tr(s: str) -> str:
    return s.replace("İ", "i").replace("I", "ı").lower().replace("\u0307", "")


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


_CLAUSE = re.compile(r"^([+-]?)((?:[a-z]+:)?)([^*~^]*)(.*)$", re.S)


def fold_query(q: str) -> str:
    """The query string lunr parses after the site's rewrite (see foldQuery in the JS file)."""
    raw = [c for c in re.split(r"\s+", q) if c]
    out: list[str] = []
    for idx, clause in enumerate(raw):
        presence, field, body, tail = _CLAUSE.match(clause).groups()
        words = [w for w in SPLIT.split(lower_tr(unicodedata.normalize("NFC", body))) if w]
        for j, word in enumerate(words):
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
    return " ".join(out) if out else q
