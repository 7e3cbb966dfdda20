"""Python twin of the site search's Turkish analyzer (theme/assets/javascripts/lunr/min/lunr.tr.min.js).

Used by tests to predict what the browser will match; keep the two in step.
"""
from __future__ import annotations

import re
import unicodedata

STEM = 5


def fold(s: str) -> str:
    s = s.replace("İ", "i").replace("I", "ı").lower()
    s = unicodedata.normalize("NFD", s)
    s = re.sub("[\u0300-\u036f]", "", s)
    return s.replace("ı", "i")


def stem(word: str) -> str:
    w = fold(word)
    if w[:1].isdigit():
        return w
    return w[:STEM] if len(w) > STEM else w
