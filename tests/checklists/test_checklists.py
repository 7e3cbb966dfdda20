"""Printable checklists for the counter (kb/checklists/).

- catalog.json "checklists": one per project type that the guide gives a document list
  for, plus the Destekli İstihdam Programı; every line equals the content it cites.
- On screen: a real checkbox with a <label> for every line, inside fieldsets with
  legends; keyboard ticks; nothing stored; no request to another host; the QR code
  holds the page's absolute address.
- On paper: every checklist printed to PDF by Chromium (A4, print media) has at most
  two pages, holds every document line whole on one page, its deadlines and its address,
  and none of the site's header, navigation or footer; text is at least 10 pt; boxes
  print empty, and a box ticked on screen prints ticked.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import jsonschema
import pytest
import segno
from pypdf import PdfReader

from conftest import PUBLIC_URL
from kb.site.richtext import to_plain
from kb.common.turkish import format_date

ROOT = Path(__file__).resolve().parents[2]
# the issue: one checklist per project type that the guide gives a document list for
GUIDE_TYPES = ["kio-engelli", "kio-eski-hukumlu", "korumali-isyeri", "mesleki-egitim",
               "destek-teknolojileri", "ise-yerlestirme"]
PROGRAMME = "destekli-istihdam-programi"
PROGRAMME_CITES = {"yonetmelik:art_8__para_1", "yonetmelik:art_9__para_1", "yonetmelik:art_24__para_1"}
QUALIFIERS_TR = {"asli": "aslı", "onayli_ornek": "onaylı örneği", "noter_onayli": "noter onaylı",
                 "ornek": "örnek", "guncel": "güncel", "varsa": "varsa", "kosullu": "koşullu"}
PT_10 = 10 * 96 / 72  # 10 pt in CSS px


@pytest.fixture(scope="module")
def catalog(built_site):
    return json.loads((built_site / "data" / "catalog.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def checklists(catalog):
    return {c["id"]: c for c in catalog["checklists"]}


def squash(s: str) -> str:
    """Text compared across HTML and PDF: compatibility-normalised, without any whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def site_url() -> str:
    """The address the session's site is built for (SITE_URL; tests/conftest.py)."""
    return PUBLIC_URL


def guide(kb):
    return kb.guides()[-1]


def scope(kb, pt_id):
    part = kb.nodes[kb.project_types[pt_id].part_cite]
    return [n for n in part.walk() if pt_id in n.effective_project_types()]


# ------------------------------------------------------------------ catalog.json
def test_catalog_has_one_checklist_per_type_with_a_document_list_and_the_programme(kb, catalog, checklists):
    assert list(checklists) == [pt.id for pt in sorted(kb.project_types.values(), key=lambda p: p.order)
                                if pt.id in GUIDE_TYPES] + [PROGRAMME]
    with_lists = {t for n in kb.nodes.values() if n.role == "belgeler" and n.doc == guide(kb).id
                  for t in n.effective_project_types()}
    assert with_lists == set(GUIDE_TYPES), "the content's document lists no longer match the issue's types"
    for cl in catalog["checklists"]:
        assert cl["url"] == f"kontrol-listeleri/{cl['id']}/"
        assert cl["absolute_url"] == site_url() + cl["url"]
        assert cl["title"].startswith("Kontrol listesi: ")


def test_catalog_schema_for_checklists_is_precise(catalog):
    schema = json.loads((ROOT / "schemas" / "catalog.schema.json").read_text(encoding="utf-8"))
    v = jsonschema.Draft202012Validator(schema)
    v.validate(catalog)
    broken = []
    one = json.loads(json.dumps(catalog["checklists"][0]))
    for mutate in (lambda c: c.update(extra=1), lambda c: c["documents"][0].update(extra=1),
                   lambda c: c["documents"][0].update(qualifiers=["aslı"]), lambda c: c["conditions"][0].pop("cites"),
                   lambda c: c["documents"][0].update(cites=["not a cite"]), lambda c: c.pop("warnings"),
                   lambda c: c["deadlines"][0].update(value="18.12.2020"), lambda c: c.update(url="/abs")):
        c = json.loads(json.dumps(one))
        mutate(c)
        broken.append(list(v.iter_errors({**catalog, "checklists": [c]})))
    assert all(broken), "the schema accepts a malformed checklist"


@pytest.mark.parametrize("pt_id", GUIDE_TYPES)
def test_guide_checklist_lines_are_the_content(kb, checklists, pt_id):
    cl = checklists[pt_id]
    g = guide(kb)
    assert cl["project_type"] == pt_id and cl["source"] == g.id and cl["period"] == g.period
    nodes = scope(kb, pt_id)

    # documents: the type's document list, item by item, numbered and qualified as in the guide
    doc_list = next(n for n in nodes if n.kind == "list" and n.role == "belgeler")
    assert cl["documents"] == [{"number": i.no, "text": to_plain(kb, i, i.text).strip(), "cites": [i.cite],
                                "qualifiers": i.qualifiers} for i in doc_list.children]
    assert [d["number"] for d in cl["documents"]] == [str(k) for k in range(1, len(doc_list.children) + 1)]

    # who may apply, then every other condition of the type (sartlar lists item by item, paragraphs)
    who = cl["who_may_apply"]
    assert who and len(who["cites"]) == 1 and who["cites"][0] in {n.cite for n in nodes}
    who_node = kb.nodes[who["cites"][0]]
    assert who["text"] == to_plain(kb, who_node, who_node.text).strip()
    expected = []
    for n in nodes:
        if n.role == "sartlar" and n.cite != who_node.cite:
            expected += [(c.cite, c) for c in n.children] if n.kind == "list" else [(n.cite, n)]
    assert [c["cites"][0] for c in cl["conditions"]] == [c for c, _ in expected]
    for line, (_, node) in zip(cl["conditions"], expected):
        assert line["text"] == to_plain(kb, node, node.text).strip()
        assert line["number"] == ((node.no or None) if node.kind in ("point", "item") else None)
        assert line["group"]

    # warnings: the type's uyari nodes and the guide's general ones (sections 5-6)
    general = [n.cite for r in g.roots for n in r.walk() if n.role == "uyari" and not n.effective_project_types()]
    assert general, "the guide has no general warnings any more"
    own = [n.cite for n in nodes if n.role == "uyari"]
    got = [w["cites"][0] for w in cl["warnings"]]
    assert sorted(got) == sorted(own + general) and len(got) == len(set(got))
    for w in cl["warnings"]:
        node = kb.nodes[w["cites"][0]]
        assert node.role == "uyari" and w["text"] == to_plain(kb, node, node.text).strip()

    # deadlines: the parameters for the guide's period, with the point that states them
    for pid in ("son_basvuru_tarihi", "eksik_tamamlama_son_tarihi"):
        value = kb.params[pid].value_for(g.period)
        assert {"param": pid, "label": kb.params[pid].label, "value": value.value, "cites": [value.cite]} in cl["deadlines"]


def test_who_may_apply_is_the_guides_own_statement(kb, checklists):
    """Under the guide's "Kimler …?" heading where it has one, else its "… sunabileceklerdir" paragraph."""
    who = {k: v["who_may_apply"]["cites"][0].split(":")[1] for k, v in checklists.items() if k in GUIDE_TYPES}
    assert who["kio-engelli"] == "sec_4__sub_A__sub_a__sub_i__para_1"
    assert who["kio-eski-hukumlu"] == "sec_4__sub_A__sub_a__sub_ii__para_1"
    assert who["korumali-isyeri"] == "sec_4__sub_B__sub_d__para_1"
    for t in ("mesleki-egitim", "destek-teknolojileri", "ise-yerlestirme"):
        assert "sunabilecekler" in checklists[t]["who_may_apply"]["text"]


def test_programme_checklist_only_says_what_the_regulation_says(kb, checklists):
    cl = checklists[PROGRAMME]
    assert cl["project_type"] is None and cl["source"] == "yonetmelik" and cl["period"] is None
    assert cl["documents"] == [] and "belge" in cl["documents_note"]
    # the note is the site's own text the page shows (one source), with its citation
    note = kb.own_texts["kontrol_listesi_program_belgeler"]
    assert cl["documents_note"] == " ".join(note.text.split()) and cl["documents_note_cites"] == note.cites
    assert cl["deadlines"] == [] and cl["warnings"] == []
    assert cl["who_may_apply"]["cites"] == [kb.terms["Aday"].cite]
    by_cite: dict[str, list[str]] = {}
    for line in cl["conditions"]:
        assert len(line["cites"]) == 1 and line["number"] is None
        by_cite.setdefault(line["cites"][0], []).append(line["text"])
    assert set(by_cite) == PROGRAMME_CITES
    for cite, texts in by_cite.items():
        node = kb.nodes[cite]
        assert " ".join(texts) == to_plain(kb, node, node.text).strip()
    # Madde 8: appointment and coming in person or with family/legal representative, as two lines
    art8 = by_cite["yonetmelik:art_8__para_1"]
    assert len(art8) == 2 and any("randevu" in t for t in art8) and any("bizzat" in t for t in art8)


# ------------------------------------------------------------------ on screen
def _qr_matrix_from_svg(svg_path_d: str, size: int) -> list[list[int]]:
    """Rebuild the module matrix from segno's SVG path (absolute M, relative m, h runs)."""
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for cmd, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", svg_path_d):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x, y = x + float(a), y + float(b)
        else:
            for i in range(int(float(a))):
                grid[int(y - 0.5)][int(x) + i] = 1
            x += float(a)
    return grid


@pytest.mark.parametrize("cid", GUIDE_TYPES + [PROGRAMME])
def test_checklist_page_on_screen(open_page, checklists, cid):
    cl = checklists[cid]
    op = open_page(cl["url"], width=1280)
    page = op.page
    boxes = page.locator("article input[type=checkbox]")
    expected = 1 + len(cl["conditions"]) + len(cl["documents"])
    assert boxes.count() == expected
    info = page.evaluate("""() => Array.from(document.querySelectorAll('article input[type=checkbox]')).map(b => {
        const label = document.querySelector('label[for="' + b.id + '"]');
        const fs = b.closest('fieldset'); const lg = fs && fs.querySelector(':scope > legend');
        const desc = document.getElementById(b.getAttribute('aria-describedby'));
        return {id: b.id, label: label ? label.innerText : '', legend: lg ? lg.innerText : '',
                desc: desc ? desc.innerText : '', checked: b.checked, autocomplete: b.getAttribute('autocomplete')}; })""")
    assert len({b["id"] for b in info}) == expected
    lines = [cl["who_may_apply"]] + cl["conditions"] + cl["documents"]
    for b, line in zip(info, lines):
        assert squash(line["text"]) in squash(b["label"]), (b["id"], b["label"])
        assert b["legend"].strip(), f"{b['id']} is not in a fieldset with a legend"
        assert b["desc"].startswith("Kaynak:"), f"{b['id']} does not name its source"
        assert not b["checked"] and b["autocomplete"] is None  # not valid HTML on a checkbox
    for b, line in zip(info[1 + len(cl["conditions"]):], cl["documents"]):
        assert b["label"].lstrip().startswith(line["number"] + "-")
        for q in line["qualifiers"]:
            assert QUALIFIERS_TR[q] in b["label"]

    # keyboard: Space ticks the focused box; the clear button unticks all; nothing is stored
    first = boxes.nth(0)
    first.focus()
    page.keyboard.press("Space")
    assert first.is_checked()
    boxes.nth(expected - 1).focus()
    page.keyboard.press("Space")
    assert boxes.nth(expected - 1).is_checked()
    assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0
    page.get_by_role("button", name="İşaretleri temizle").click()
    assert page.evaluate("() => document.querySelectorAll('article input:checked').length") == 0
    assert page.locator(".kb-cl").get_by_role("status").inner_text() != ""  # (the offline notice is one too)
    first.check()
    page.reload(wait_until="load")
    assert page.evaluate("() => document.querySelectorAll('article input:checked').length") == 0
    assert page.get_by_role("button", name="Yazdır").is_visible()

    # the address as text and as a QR code holding exactly that address
    assert cl["absolute_url"] in page.locator(".kb-cl-url").inner_text()
    d = page.locator(".kb-cl-qr svg path").get_attribute("d")
    qr = segno.make(cl["absolute_url"], error="m", micro=False)
    border = 4
    size = qr.symbol_size(scale=1, border=border)[0]
    grid = _qr_matrix_from_svg(d, size)
    assert [row[border:size - border] for row in grid[border:size - border]] == [list(r) for r in qr.matrix]

    origin = op.requests[0].split("/", 3)[:3]
    assert all(r.split("/", 3)[:3] == origin for r in op.requests), "a request left the site"
    assert not [m for m in op.console if m.startswith("error")], op.console


def test_index_and_counter_page_link_every_checklist(open_page, checklists):
    page = open_page("kontrol-listeleri/").page
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('article a')).map(a => a.href)")
    for cl in checklists.values():
        assert any(h.endswith("/" + cl["url"]) for h in hrefs), cl["url"]
    assert "Diğer projeler" in page.locator("article").inner_text()
    counter = open_page("gise-personeli/").page
    hrefs = counter.evaluate("() => Array.from(document.querySelectorAll('article a')).map(a => a.href)")
    assert any(h.endswith("/kontrol-listeleri/") for h in hrefs)
    assert any(h.endswith("/kontrol-listeleri/" + PROGRAMME + "/") for h in hrefs)
    nav = counter.locator("nav.md-nav--primary").inner_text()
    assert "Kontrol listeleri" in nav


# ------------------------------------------------------------------ on paper
def _print(page, path: Path) -> PdfReader:
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4")
    return PdfReader(str(path))


@pytest.mark.parametrize("cid", GUIDE_TYPES + [PROGRAMME])
def test_checklist_prints_on_at_most_two_a4_pages(open_page, checklists, kb, tmp_path, cid):
    cl = checklists[cid]
    page = open_page(cl["url"], width=1280).page
    pdf = _print(page, tmp_path / f"{cid}.pdf")
    assert 1 <= len(pdf.pages) <= 2, f"{cid}: {len(pdf.pages)} pages"
    for p in pdf.pages:
        w, h = float(p.mediabox.width), float(p.mediabox.height)
        assert abs(w - 595.28) < 2 and abs(h - 841.89) < 2, (w, h)  # A4 portrait
    texts = [squash(p.extract_text()) for p in pdf.pages]
    whole = "".join(texts)

    assert squash(cl["title"]) in whole
    assert squash(cl["absolute_url"]) in whole
    for d in cl["deadlines"]:
        assert squash(format_date(d["value"])) in whole
    # how and where to apply in the period, in the head on the first sheet (tests/checklists/test_application.py)
    if cl["application"]:
        a = cl["application"]
        assert squash(f"Başvuru yolu: {a['channels_text']}; Başvuru yeri: “{a['place']}”") in texts[0], cid
    # every line and every warning is printed, each whole on one page (no break splits one)
    for line in [cl["who_may_apply"]] + cl["conditions"] + cl["documents"]:
        head = (line["number"] + "-") if line in cl["documents"] else ""
        needle = squash(head + line["text"])
        assert sum(needle in t for t in texts) == 1, f"{cid}: not printed whole on one page: {line['text'][:60]}"
    for w in cl["warnings"]:
        assert sum(squash(w["text"]) in t for t in texts) == 1, f"{cid}: warning split or missing: {w['text'][:60]}"
    for field in ("Tarih", "İmza", "Gişe personeli" if cl["project_type"] else "Personel"):
        assert squash(field) in whole
    # no site furniture: header title, navigation, search, footer
    for furniture in ("Destekli İstihdam Bilgi Tabanı", "Adaylar ve aileler", "Tutarlar ve oranlar",
                      "Material for MkDocs", "Önceki", "Sonraki", "Yazdır", "İşaretleri temizle"):
        assert squash(furniture) not in whole, f"{cid}: printed {furniture!r}"


def test_a_focused_links_tooltip_is_not_printed(open_page, checklists):
    """A clerk who tabbed to a link (or clicked one) and then prints: Material's tooltip for the
    link's title is on screen, and must not be printed over the list below it."""
    page = open_page(checklists["kio-engelli"]["url"], width=1280).page
    page.focus("article a.kb-param[title]")
    page.wait_for_selector(".md-tooltip2", state="attached", timeout=5000)
    assert page.evaluate("() => [...document.querySelectorAll('.md-tooltip2')].some(t => getComputedStyle(t).display !== 'none')")
    page.emulate_media(media="print")
    assert page.evaluate("() => [...document.querySelectorAll('.md-tooltip2')].map(t => getComputedStyle(t).display)") \
        == ["none"] * page.locator(".md-tooltip2").count()


def test_print_text_size_and_boxes(open_page, checklists):
    page = open_page(checklists["mesleki-egitim"]["url"], width=1280).page
    boxes = page.locator("article input.kb-cl-input")
    boxes.nth(1).check()
    page.emulate_media(media="print")
    small = page.evaluate("""min => {
        const out = [];
        const root = document.querySelector('article');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.textContent.trim()) continue;
            const el = n.parentElement;
            if (!el.getClientRects().length) continue;  // not printed
            const size = parseFloat(getComputedStyle(el).fontSize);
            if (size < min - 0.01) out.push(el.tagName + '.' + el.className + ': ' + size + 'px ' + n.textContent.trim().slice(0, 30));
        }
        return out; }""", PT_10)
    assert small == [], small
    style = page.evaluate("""() => Array.from(document.querySelectorAll('article .kb-cl-label')).slice(0, 3).map(l => {
        const b = getComputedStyle(l, '::before'), a = getComputedStyle(l, '::after');
        const input = document.getElementById(l.htmlFor);
        return {border: parseFloat(b.borderTopWidth), bcolor: b.borderTopColor, w: parseFloat(b.width),
                tick: parseFloat(a.opacity), tickBorder: parseFloat(a.borderLeftWidth), checked: input.checked,
                inputOpacity: parseFloat(getComputedStyle(input).opacity)}; })""")
    for s in style:
        assert s["border"] > 0 and s["w"] > 10 and s["bcolor"] in ("rgb(0, 0, 0)", "rgb(11, 12, 12)"), s
        assert s["inputOpacity"] == 0  # only the drawn box prints, never a second native one
        assert s["tick"] == (1 if s["checked"] else 0) and s["tickBorder"] > 0, s
    assert [s["checked"] for s in style] == [False, True, False]
    # and what is drawn differs: the ticked line, the same line empty, and without its box
    item = page.locator("article .kb-cl-item").nth(1)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    ticked = item.screenshot()
    boxes.nth(1).uncheck()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    empty = item.screenshot()
    page.add_style_tag(content=".md-typeset .kb-cl-label::before { border-color: transparent !important; }")
    boxless = item.screenshot()
    assert ticked != empty, "a ticked box prints like an empty one"
    assert empty != boxless, "the empty box is not drawn"
