"""How easy a Turkish text is to read: Ateşman's readability formula.

Source: Ateşman, E. (1997). Türkçede okunabilirliğin ölçülmesi. Dil Dergisi, 58, 71–74.
The formula adapts Flesch's Reading Ease to Turkish:

    Okunabilirlik = 198.825 − 40.175 × (hece sayısı / kelime sayısı)
                            − 2.610 × (kelime sayısı / cümle sayısı)

and reads its result in five bands: 90–100 çok kolay, 70–89 kolay, 50–69 orta güçlükte,
30–49 zor, 1–29 çok zor (a score above 100 is read as çok kolay, below 1 as çok zor; a
score between two bands, e.g. 89.5, belongs to the lower one).

The paper gives the formula, not a tokenizer; the counting rules used here:
- a word is a run of letters (a suffix after an apostrophe stays with it: "İŞKUR'a") or a
  number ("45.000", "3.577,50", "18.12.2020"); a hyphen or a slash separates words;
- a syllable is a vowel: a e ı i o ö u ü and the circumflexed â î û (Turkish has no
  diphthongs, every syllable has exactly one vowel);
- a word with letters but no vowel ("TL", "KVKK") is read letter by letter: one syllable
  per letter; a number counts the syllables of how it is read ("45.000", kırk beş bin: 3);
- a sentence ends at . ! ? or … followed by a space or the end of the text, and at the end
  of every block given (a paragraph, a list item, a heading), so an unpunctuated heading
  or list item is a sentence of its own.

`python -m kb.common.readability FILE.html …` prints the score of the main content of
built pages (see `html_blocks`).
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Iterable

from kb.common.turkish import number_words

VOWELS = frozenset("aeıioöuüâîûAEIİOÖUÜÂÎÛ")
BANDS = ((90, "çok kolay"), (70, "kolay"), (50, "orta güçlükte"), (30, "zor"))
EASY_BANDS = ("çok kolay", "kolay")

_NUMBER = r"\d+(?:[.,]\d+)*"
_LETTERS = r"[^\W\d_]+"
_SUFFIX = r"(?:['’][^\W\d_]+)?"
WORD_RE = re.compile(rf"{_NUMBER}{_SUFFIX}|{_LETTERS}(?:['’]{_LETTERS})*")
SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of one block of text (those with at least one word)."""
    return [s.strip() for s in SENTENCE_END_RE.split(text.strip()) if words(s)]


def _number_syllables(digits: str) -> int:
    if _THOUSANDS_RE.fullmatch(digits):
        whole, _, frac = digits.partition(",")
        parts = [whole.replace(".", "")] + ([frac] if frac else [])
    else:
        parts = re.split(r"[.,]", digits)
    total = 0
    for part in parts:
        n = int(part)
        spoken = number_words(n) if n < 10 ** 9 else " ".join(number_words(int(d)) for d in part)
        total += sum(1 for ch in spoken if ch in VOWELS)
    return total


def syllables(word: str) -> int:
    """Syllables of one word (see the module's counting rules)."""
    m = re.match(_NUMBER, word)
    if m:
        rest = word[m.end():]
        return _number_syllables(m.group(0)) + sum(1 for ch in rest if ch in VOWELS)
    count = sum(1 for ch in word if ch in VOWELS)
    if count:
        return count
    return sum(1 for ch in word if ch.isalpha())


def band(score: float) -> str:
    for floor, name in BANDS:
        if score >= floor:
            return name
    return "çok zor"


@dataclass(frozen=True)
class Readability:
    words: int
    syllables: int
    sentences: int

    @property
    def score(self) -> float:
        if not self.words or not self.sentences:
            return 0.0
        return 198.825 - 40.175 * (self.syllables / self.words) - 2.610 * (self.words / self.sentences)

    @property
    def band(self) -> str:
        return band(self.score)

    @property
    def easy(self) -> bool:
        return self.band in EASY_BANDS

    def __str__(self) -> str:
        return (f"{self.score:.1f} ({self.band}; {self.words} kelime, {self.syllables} hece, "
                f"{self.sentences} cümle)")


def measure(blocks: Iterable[str] | str) -> Readability:
    """Ateşman's score of a text given as blocks (each ends a sentence) or as one string."""
    if isinstance(blocks, str):
        blocks = [blocks]
    n_words = n_syllables = n_sentences = 0
    for block in blocks:
        for sentence in sentences(block):
            ws = words(sentence)
            n_sentences += 1
            n_words += len(ws)
            n_syllables += sum(syllables(w) for w in ws)
    return Readability(n_words, n_syllables, n_sentences)


# ------------------------------------------------------------------ built pages

BLOCK_TAGS = frozenset("p li h1 h2 h3 h4 h5 h6 dt dd td th caption figcaption blockquote pre div section "
                       "aside footer header ul ol dl table tr details summary".split())
SKIP_TAGS = frozenset({"svg", "script", "style", "template", "button", "input", "select", "textarea"})
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())


class _MainText(HTMLParser):
    def __init__(self, skip_classes: frozenset[str]):
        super().__init__(convert_charrefs=True)
        self.skip_classes = skip_classes
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, starts a skipped subtree, is the article)
        self.depth = 0  # > 0: inside <article>
        self.skipping = 0
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        starts_article = tag == "article" and "md-content__inner" in classes
        skip = self.depth > 0 and (tag in SKIP_TAGS or bool(classes & self.skip_classes) or "hidden" in a)
        self.stack.append((tag, skip, starts_article))
        if starts_article:
            self.depth += 1
        if skip:
            self.skipping += 1
        if self.depth and not self.skipping and tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        while self.stack:
            open_tag, skip, article = self.stack.pop()
            if skip:
                self.skipping -= 1
            if article:
                self._flush()
                self.depth -= 1
            if self.depth and not self.skipping and open_tag in BLOCK_TAGS:
                self._flush()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.depth and not self.skipping:
            self.current.append(data)


def html_blocks(page_html: str, skip_classes: Iterable[str] = ("headerlink", "kb-er__src")) -> list[str]:
    """The text of a built page's main content (Material's <article class="md-content__inner">),
    one string per block (paragraph, list item, heading, cell); permalinks (¶), the easy-read
    pages' citation lines and elements with `skip_classes` left out."""
    parser = _MainText(frozenset(skip_classes))
    parser.feed(page_html)
    parser.close()
    parser._flush()
    return parser.blocks


def main(argv: list[str]) -> int:
    from pathlib import Path

    if not argv:
        print("kullanım: python -m kb.common.readability SAYFA.html …", file=sys.stderr)
        return 2
    for arg in argv:
        print(f"{arg}: {measure(html_blocks(Path(arg).read_text(encoding='utf-8')))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
