"""The search index leaves out the original (damaged) texts of the corrections log (issue 15,
item 3): the sources page (kaynaklar/) lists every correction with its original text, e.g. the
scan's "[Handwritten signatures and initials in blue ink]" and the scraped "ADVERSTISEMENT";
the page still shows them (a correction is recorded with original, corrected text and reason),
but a search for them finds nothing. The rest of the page (place, kind, corrected text,
reason) stays searchable.
"""
from __future__ import annotations

import html
import json
import re

import pytest

NOISE = ("Handwritten", "ADVERSTISEMENT")
EXCLUDED_CELL = re.compile(r"<td data-search-exclude>(.*?)</td>", re.S)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def index(built_site) -> list[dict]:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.fixture(scope="module")
def sources(built_site) -> str:
    return (built_site / "kaynaklar" / "index.html").read_text(encoding="utf-8")


def test_no_entry_holds_the_scan_noise(index, sources):
    for word in NOISE:
        hits = [d["location"] for d in index if word.lower() in (d["title"] + d["text"]).lower()]
        assert hits == [], f"{word!r} is in the search index: {hits}"
        assert word in sources, f"{word!r} is no longer shown on the sources page"


def test_every_original_is_left_out_unless_the_page_says_it_elsewhere(kb, index, sources):
    originals = [html.unescape(TAG.sub("", c)).strip() for c in EXCLUDED_CELL.findall(sources)]
    corrections = [c for _, _, c in kb.all_corrections()]
    assert len(originals) == len(corrections) and all(originals)
    # the page's text without the original-text cells: what may be found
    rest = html.unescape(TAG.sub(" ", EXCLUDED_CELL.sub("", sources)))
    indexed = " ".join(html.unescape(TAG.sub(" ", d["text"])) for d in index if d["location"].startswith("kaynaklar/"))
    leaked = [o for o in originals if o in indexed and o not in rest]
    assert leaked == []


def test_the_page_stays_searchable_for_its_corrections(kb, index):
    texts = " ".join(d["text"] for d in index if d["location"].startswith("kaynaklar/"))
    reasons = [c.why for _, _, c in kb.all_corrections() if c.field == "yapi" and c.original in
               ("[Handwritten signatures and initials in blue ink]", "ADVERSTISEMENT")]
    assert reasons and all(html.escape(r, quote=False)[:40] in texts for r in reasons)
    assert "Düzeltilmiş" in texts  # the table's header, with its rows
