"""The amounts page (tutarlar/) flags the values whose reading the source itself puts in doubt
(issue 15, item 3): a value whose cited node, or a node among its other citations
(diger_kaynaklar), carries a source note (content/duzeltmeler/*.yaml, kaynak_notlari) of kind
belirsizlik or tutarsizlik shows "Kaynakta belirsizlik / tutarsızlık — açıklamaya bakın" in
its row, as text, linking to that note where the node's page shows it (an <aside> with the
note's own id). The expected flags are derived here from the knowledge base, independently of
kb/site/pages.py; the three values the issue names are checked by name.
"""
from __future__ import annotations

import html
import posixpath
import re

import pytest

from kb.content.model import SourceNote

ROW = re.compile(r"<tr\b([^>]*)>(.*?)</tr>", re.S)
FLAG = re.compile(r'<span class="kb-flag kb-flag--okuma">([^<]*?) — <a href="([^"]+)">açıklamaya bakın</a></span>')
WORDS = {"belirsizlik": "Kaynakta belirsizlik", "tutarsizlik": "Kaynakta tutarsızlık"}
# the examples: the eski hükümlü cap ("15 kat", a stray "6" in the source), the korumalı
# işyeri cash contribution ("%40": of the support or of the capital?), the idari gider ("35 TL/kişi")
EXAMPLES = ("eh_kurulus_destegi_ust_sinir", "ki_nakit_katki_orani", "iy_idari_gider_engelli_basina")
PLAIN = "kio_kurulus_destegi_ust_sinir"  # 45.000 TL: its paragraph carries no source note


@pytest.fixture(scope="module")
def page(built_site) -> str:
    return (built_site / "tutarlar" / "index.html").read_text(encoding="utf-8")


def value_rows(page: str, kb) -> dict[str, list[str]]:
    """Each parameter's rows (inner HTML), one per value in the order of its `degerler`."""
    rows = ROW.findall(page)
    out = {}
    for pid, p in kb.params.items():
        start = next(i for i, (attrs, _) in enumerate(rows) if f'id="param-{pid}"' in attrs)
        out[pid] = [inner for _, inner in rows[start:start + len(p.values)]]
    return out


def expected_kinds(kb, v) -> list[str]:
    cites = [v.cite, *v.other_cites] if v.cite else []
    return [n.kind for c in cites for n in kb.nodes[c].notes if n.kind in ("belirsizlik", "tutarsizlik")]


def test_rows_whose_cited_node_has_a_note_are_flagged_and_no_others(kb, page):
    rows = value_rows(page, kb)
    flagged = []
    for pid, p in kb.params.items():
        for v, inner in zip(p.values, rows[pid]):
            shown = [words for words, _ in FLAG.findall(inner)]
            assert shown == [WORDS[k] for k in expected_kinds(kb, v)], (pid, v.period, shown)
            assert inner.count("kb-flag--okuma") == len(shown), (pid, inner)
            if shown:
                flagged.append(pid)
    for pid in EXAMPLES:
        assert pid in flagged, f"{pid} is not flagged"
    assert PLAIN not in flagged and rows[PLAIN] and "kb-flag--okuma" not in "".join(rows[PLAIN])
    assert len(set(flagged)) < len(kb.params), "every row flagged: the flag says nothing"
    # the page explains the mark once, in its introduction
    assert page.count("not o paragrafın tamamı içindir") == 1


def test_each_flag_links_to_the_note_it_names(kb, page, built_site):
    hrefs = FLAG.findall(page)
    assert hrefs
    for words, href in hrefs:
        path, _, anchor = href.partition("#")
        target = built_site / posixpath.normpath(posixpath.join("tutarlar", path)) / "index.html"
        assert target.is_file(), href
        doc = target.read_text(encoding="utf-8")
        m = re.search(rf'<aside id="{re.escape(anchor)}" class="kb-note kb-note--(\w+)"[^>]*><p><strong>([^<]*):', doc)
        assert m, f"{href}: no source note with that id"
        assert m.group(2) == words, (href, m.group(2), words)  # the flag's words are the note's label


def test_the_flag_follows_the_data_not_the_parameter(kb, sm):
    """A note added to a plain value's paragraph flags it; a blank (bosluk) does not."""
    from kb.site.pages import reading_flags

    v = kb.params[PLAIN].values[0]
    node = kb.nodes[v.cite]
    assert reading_flags(kb, sm, v) == []
    saved = list(node.notes)
    try:
        node.notes.append(SourceNote("bosluk", "…"))
        assert reading_flags(kb, sm, v) == []
        node.notes.append(SourceNote("belirsizlik", "…"))
        flags = reading_flags(kb, sm, v)
        assert [(f["kind"], f["cite"]) for f in flags] == [("belirsizlik", v.cite)]
        assert flags[0]["url"] == f"{sm.node_page[v.cite]}#kn-{node.anchor}-{len(node.notes)}"
    finally:
        node.notes[:] = saved


def test_the_flag_is_text_inside_the_value_cell(kb, page):
    inner = value_rows(page, kb)["ki_nakit_katki_orani"][0]
    value_cell = re.findall(r"<td\b[^>]*>(.*?)</td>", inner, re.S)[0]
    text = html.unescape(re.sub(r"<[^>]+>", "", value_cell))
    assert "Kaynakta belirsizlik — açıklamaya bakın" in text
