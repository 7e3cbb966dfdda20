"""The real content against its sources: counts, structure, parameters, fidelity.

Expected structure is read from the source files in ../shared/seeds/ wherever that is
practical (article numbers, headings, list items, terms, document lists), so a sloppy
transcription fails here even if the YAML is internally consistent. A few numbers from
the issue are also written out, as a second, independent check.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.content.loader import MARKUP_RE
from kb.content.model import TURKISH_LETTERS
from kb.site.richtext import URL_RE, to_plain

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
GUIDE = "rehber-2020-1"
needs_sources = pytest.mark.skipif(not SEEDS.is_dir(), reason="source files (../shared/seeds) not present")


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def source_lines(kb) -> dict[str, list[str]]:
    if not SEEDS.is_dir():
        pytest.skip("source files (../shared/seeds) not present")
    return {d.id: (SEEDS / d.file).read_text(encoding="utf-8").splitlines() for d in kb.docs.values()}


def norm(s: str) -> str:
    """Compare text, not layout: collapse all whitespace (incl. U+00A0), drop ** emphasis."""
    return re.sub(r"\s+", " ", s.replace("**", "")).strip()


@pytest.fixture(scope="module")
def source_text(source_lines) -> dict[str, str]:
    return {doc: norm("\n".join(lines)) for doc, lines in source_lines.items()}


def all_texts(kb):
    """(node, field, text) for every piece of markup text in the knowledge base."""
    for node in kb.nodes.values():
        for field, text in (("baslik", node.title), ("metin", node.text), ("metin", node.closing)):
            if text:
                yield node, field, text


def as_in_source(kb, node, field: str, text: str) -> str:
    """The text as the source file has it: parameters rendered, recorded corrections undone."""
    out = to_plain(kb, node, text)
    for c in node.corrections:
        if c.field == field:
            out = out.replace(to_plain(kb, node, c.corrected), c.original)
    return norm(out)


def param_uses(kb) -> dict[str, set[str]]:
    uses: dict[str, set[str]] = {}
    for node, _field, text in all_texts(kb):
        for m in MARKUP_RE.finditer(text):
            if m.group(1) == "p":
                uses.setdefault(m.group(2).strip(), set()).add(node.cite)
    return uses


# ----------------------------------------------------------------- regulation source parsing

ITEM_RE = re.compile(r"^(?P<dash>-\s*)?(?:(?P<letter>[a-zçğıöşü])\)\s*)?(?P<text>.*)$")
FURNITURE_PREFIXES = ("-", "[", "...", "Meclisin")


def _is_heading(line: str) -> bool:
    return (not line.startswith(FURNITURE_PREFIXES) and line[-1] not in ".,;:)"
            and not re.match(r"[a-zçğıöşü]\)", line))


def regulation_from_source(lines: list[str]) -> list[dict]:
    """Articles of the regulation as the OCR text prints them: number, heading above, list lines."""
    articles: list[dict] = []
    pending = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        m = re.match(r"Madde (\d+)-\s*(.*)$", line)
        if m:
            articles.append({"no": int(m.group(1)), "heading": pending, "items": []})
            pending = None
            continue
        if _is_heading(line):
            pending = line
            continue
        if articles and (line.startswith("- ") or re.match(r"[a-zçğıöşü]\) ", line)):
            im = ITEM_RE.match(line)
            articles[-1]["items"].append((bool(im.group("dash")), im.group("letter"), im.group("text")))
    return articles


@pytest.fixture(scope="module")
def reg_source(source_lines):
    return regulation_from_source(source_lines["yonetmelik"])


def points_of(kb, article_no: int):
    return [n for n in kb.node(f"yonetmelik:art_{article_no}").walk() if n.kind == "point"]


# ------------------------------------------------------------------------------ regulation


def test_regulation_has_31_articles_numbered_1_to_31(kb):
    assert [a.no for a in kb.articles()] == [str(i) for i in range(1, 32)]
    assert [a.id for a in kb.articles()] == [f"art_{i}" for i in range(1, 32)]


@needs_sources
def test_article_numbers_match_source(kb, reg_source):
    assert [a["no"] for a in reg_source] == list(range(1, 32))  # the parser itself is sane
    assert [int(a.no) for a in kb.articles()] == [a["no"] for a in reg_source]


def test_regulation_headings_first_and_last(kb):
    headings = []
    for a in kb.articles():
        if not headings or headings[-1] != a.heading_group:
            headings.append(a.heading_group)
    assert headings[:4] == ["Amaç", "Kapsam", "Dayanak", "Tanımlar"]
    assert headings[-1] == "Yürütme"
    assert kb.node("yonetmelik:art_31").heading_group == "Yürütme"


@needs_sources
def test_every_article_sits_under_the_heading_printed_above_it(kb, reg_source):
    current = None
    expected = {}
    for a in reg_source:
        current = a["heading"] or current  # articles without own heading share the previous one
        expected[a["no"]] = current
    assert {int(a.no): a.heading_group for a in kb.articles()} == expected
    # headings that start a group in the source start a group in the content
    starts = {a["no"] for a in reg_source if a["heading"]}
    group_starts = set()
    previous = None
    for a in kb.articles():
        if a.heading_group != previous:
            group_starts.add(int(a.no))
        previous = a.heading_group
    assert group_starts == starts


def test_madde_5_points_in_turkish_order_with_g_to_ğ_correction(kb):
    points = points_of(kb, 5)
    assert [p.no for p in points] == ["a", "b", "c", "ç", "d", "e", "f", "g", "ğ", "h"]
    assert [p.id for p in points][-3:] == ["art_5__point_g", "art_5__point_ğ", "art_5__point_h"]
    ğ = kb.node("yonetmelik:art_5__point_ğ")
    assert any(c.field == "harf" and c.original == "g)" and c.corrected == "ğ)" and c.why for c in ğ.corrections)
    assert not any(c.field == "harf" for c in kb.node("yonetmelik:art_5__point_g").corrections)


@pytest.mark.parametrize("article", [10, 22])
def test_madde_10_and_22_points(kb, article):
    assert [p.no for p in points_of(kb, article)] == ["a", "b", "c", "ç", "d"]


@needs_sources
@pytest.mark.parametrize("article", [5, 10, 22])
def test_lettered_lists_have_as_many_points_as_the_source(kb, reg_source, article):
    src = next(a for a in reg_source if a["no"] == article)
    points = points_of(kb, article)
    assert len(points) == len(src["items"])
    assert [p.no for p in points] == TURKISH_LETTERS[: len(points)]
    # the letters the source does print are kept, except the recorded g -> ğ
    printed = [letter for _dash, letter, _text in src["items"]]
    if article == 5:
        assert printed == [None] * 7 + ["g", "g", "h"]
    for p, letter in zip(points, printed):
        if letter is not None and letter != p.no:
            assert any(c.field == "harf" and c.original == f"{letter})" for c in p.corrections), p.cite


@needs_sources
@pytest.mark.parametrize("article", [
    5,
    10,
    22,
])
def test_every_change_to_a_point_marker_is_recorded(kb, reg_source, article):
    """A source line '- text' (letter lost) or '- b) text' (extra bullet) needs a recorded correction."""
    src = next(a for a in reg_source if a["no"] == article)
    points = points_of(kb, article)
    unrecorded = []
    for p, (dash, letter, _text) in zip(points, src["items"]):
        originals = {c.original for c in p.corrections if c.field in ("harf", "yapi", "no")}
        if letter is None and "-" not in originals:
            unrecorded.append((p.cite, "-"))
        if dash and letter and f"- {letter})" not in originals:
            unrecorded.append((p.cite, f"- {letter})"))
    assert unrecorded == []


def test_madde_4_defines_the_seven_terms(kb):
    items = [n for n in kb.node("yonetmelik:art_4").walk() if n.kind == "item"]
    assert len(items) == 7
    assert [n.term for n in items] == ["Belediye", "Program", "Aday", "İş Koçu", "İŞ-İN Eğitim Programı",
                                       "İşveren", "Danışmanlık hizmeti"]
    assert set(kb.terms) == {n.term for n in items}
    for n in items:
        assert kb.terms[n.term] is n
        assert n.text.startswith(n.term + ":"), n.cite


@needs_sources
def test_madde_4_terms_match_source(kb, reg_source):
    src = next(a for a in reg_source if a["no"] == 4)
    source_terms = [text.split(":", 1)[0] for _dash, _letter, text in src["items"]]
    assert len(source_terms) == 7
    assert list(kb.terms) == source_terms


# --------------------------------------------------------------------------------- guide

# where each project type's document list is in the guide source:
# (its part's heading, the heading of the document list after it, the line that ends the list)
DOCUMENT_LISTS = {
    "kio-engelli": (r"\d+\. A\) KENDİ İŞİNİ KURMA", r"\d+\. i\) Engelliler$", r"\d+\. ii\) Eski hükümlüler$"),
    "kio-eski-hukumlu": (r"\d+\. A\) KENDİ İŞİNİ KURMA", r"\d+\. ii\) Eski hükümlüler$", r"\d+\. B\) "),
    "korumali-isyeri": (r"\d+\. B\) KORUMALI", r"\d+\. h\) Başvuru İçin Gerekli Belgeler$", r"\d+\. C\) "),
    "mesleki-egitim": (r"\d+\. C\) ENGELLİLERE", r"\d+\. A\) Başvuru İçin Gerekli Belgeler$", r"\d+\. D\) "),
    "destek-teknolojileri": (r"\d+\. D\) ENGELLİNİN", r"\d+\. a\) Başvuru İçin Gerekli Belgeler$", r"\d+\. E\) "),
    "ise-yerlestirme": (r"\d+\. E\) ENGELLİNİN", r"\d+\. a\) Başvuru İçin Gerekli Belgeler$", r"5\) BAŞVURU YERİ"),
}
EXPECTED_DOCUMENTS = {"kio-engelli": 13, "kio-eski-hukumlu": 11, "korumali-isyeri": 14,
                      "mesleki-egitim": 12, "destek-teknolojileri": 8, "ise-yerlestirme": 8}


def source_document_numbers(lines: list[str], part: str, start: str, end: str) -> list[int]:
    """Numbers of the 'N- ' lines between the document list's heading and the end line."""
    def find(pattern, after):
        return next(k for k in range(after, len(lines)) if re.match(pattern, lines[k].strip()))

    i = find(start, find(part, 0))
    j = find(end, i + 1)
    return [int(m.group(1)) for line in lines[i:j] if (m := re.match(r"(\d+)- ", line.strip()))]


def document_items(kb, project_type: str):
    lists = [n for n in kb.nodes.values()
             if n.kind == "list" and n.role == "belgeler" and project_type in n.effective_project_types()]
    return lists, [item for lst in lists for item in lst.children]


@pytest.mark.parametrize("project_type", sorted(EXPECTED_DOCUMENTS))
def test_document_list_counts(kb, project_type):
    lists, items = document_items(kb, project_type)
    assert len(lists) == 1, [lst.cite for lst in lists]
    assert len(items) == EXPECTED_DOCUMENTS[project_type]
    assert [i.no for i in items] == [str(k) for k in range(1, len(items) + 1)]
    assert all(i.kind == "point" and i.label == f"{i.no}-" for i in items)


@needs_sources
@pytest.mark.parametrize("project_type", sorted(DOCUMENT_LISTS))
def test_document_list_counts_match_source(kb, source_lines, project_type):
    numbers = source_document_numbers(source_lines[GUIDE], *DOCUMENT_LISTS[project_type])
    assert numbers == list(range(1, len(numbers) + 1)), numbers  # the source numbers them 1..N
    _lists, items = document_items(kb, project_type)
    assert len(items) == len(numbers)


def test_every_project_type_with_a_part_has_its_document_list(kb):
    with_part = {pt.id for pt in kb.project_types.values() if pt.part_cite}
    assert with_part == set(EXPECTED_DOCUMENTS)


# ----------------------------------------------------------------------------- parameters


def test_every_parameter_has_a_value_with_a_citation_that_resolves(kb):
    assert kb.params
    for pid, p in kb.params.items():
        assert p.values, pid
        for v in p.values:
            if p.external:
                assert v.external_cite.strip(), pid
                assert not v.cite, pid
            else:
                assert v.cite, pid
                for cite in [v.cite, *v.other_cites]:
                    assert kb.node(cite) is not None, (pid, cite)


def test_parameter_citations_are_exactly_the_places_that_state_the_value(kb):
    """Cited nodes use the parameter, and every node using it is cited (kaynak or diger_kaynaklar)."""
    uses = param_uses(kb)
    for pid, p in kb.params.items():
        if p.external:
            continue
        cited = {c for v in p.values for c in [v.cite, *v.other_cites]}
        assert cited == uses.get(pid, set()), pid


def test_every_parameter_reference_resolves_for_its_documents_period(kb):
    seen = 0
    for node, _field, text in all_texts(kb):
        period = kb.docs[node.doc].period
        stripped = MARKUP_RE.sub("", text)
        assert "{" not in stripped and "}" not in stripped, node.cite
        for m in MARKUP_RE.finditer(text):
            kind, target = m.group(1), m.group(2).strip()
            seen += 1
            if kind == "p":
                assert target in kb.params, (node.cite, target)
                assert kb.params[target].value_for(period) is not None, (node.cite, target)
                assert to_plain(kb, node, m.group(0)).strip(), (node.cite, m.group(0))
            elif kind == "ref":
                assert kb.node(target) is not None, (node.cite, target)
            else:
                assert target in kb.docs[node.doc].footnotes, (node.cite, target)
    assert seen > 50  # the content does use markup


def _value(kb, pid):
    return kb.params[pid].value_for("2020/1").value


@needs_sources
def test_kurulus_destegi_cap_is_45000_tl(kb, source_text):
    p = kb.params["kio_kurulus_destegi_ust_sinir"]
    assert (p.unit, _value(kb, p.id)) == ("TL", 45000)
    cited = kb.node(p.values[0].cite)
    assert "en fazla 45.000 TL" in to_plain(kb, cited, cited.text)
    assert "en fazla 45.000 TL" in source_text[GUIDE]
    assert kb.docs[GUIDE].period == "2020/1"


@needs_sources
def test_sixty_percent_rates_are_parameters(kb, source_text):
    sixty = [p for p in kb.params.values() if p.unit == "yuzde" and _value(kb, p.id) == 60]
    assert {p.id for p in sixty} >= {"kio_isletme_gideri_destegi_orani", "kio_kira_destegi_orani",
                                     "ki_sermaye_hibe_orani", "ki_isletme_gideri_destek_orani"}
    # as many 60 % parameters as the source prints "% 60" / "%60"
    assert len(sixty) == len(re.findall(r"%\s?60\b", source_text[GUIDE]))
    for p in sixty:
        node = kb.node(p.values[0].cite)
        assert "%60" in to_plain(kb, node, node.text), p.id


@needs_sources
def test_daily_training_hours_by_disability_group(kb, source_text):
    m = re.search(r"görme veya işitme engelliler için (\d+), zihinsel engelliler için (\d+) ve karma engel "
                  r"grubu ile diğer engelliler için (\d+) saat", source_text[GUIDE])
    assert m, "sentence on daily training hours not found in the source"
    pids = ["me_gunluk_saat_gorme_isitme", "me_gunluk_saat_zihinsel", "me_gunluk_saat_karma_diger"]
    assert [_value(kb, pid) for pid in pids] == [int(x) for x in m.groups()] == [6, 5, 8]
    assert all(kb.params[pid].unit == "saat" for pid in pids)


@needs_sources
def test_deadlines_are_date_parameters(kb, source_text):
    assert kb.docs[GUIDE].meta["son_basvuru_parametresi"] == "son_basvuru_tarihi"
    deadline, completion = kb.params["son_basvuru_tarihi"], kb.params["eksik_tamamlama_son_tarihi"]
    assert (deadline.unit, _value(kb, deadline.id)) == ("tarih", "2020-12-18")
    assert (completion.unit, _value(kb, completion.id)) == ("tarih", "2020-12-31")
    # every place the source states the deadline is one of the parameter's citations
    v = deadline.values[0]
    assert len([v.cite, *v.other_cites]) == source_text[GUIDE].count("18 Aralık 2020")
    assert source_text[GUIDE].count("31 Aralık 2020") == 1


# legal and document references, dates of publication, phone numbers: figures that are
# not amounts, rates, durations or deadlines and are allowed as typed text
ALLOWED_FIGURES = [
    r"\d{4} sayılı",                        # law numbers: 4857 sayılı İş Kanunu
    r"\d{2}[./]\d{2}[./]\d{4} tarih(li)?",  # dates of laws / Resmî Gazete
    r"\d{5} sayılı Resmi Gazete",           # Resmî Gazete issue numbers
    r"\d{1,3}\. madde",                     # 101. maddesi, 30. maddesi, 8. maddesi
    r"\d{1,3} inci madde",                  # 75 inci maddesi
    r"\(20\d\d/\d\.?( Dönem)?\)",           # (2020/1 Dönem), (2015/1), (2021/1. Dönem)
    r"4\. [Ss]eviye",                       # 4. Seviye meslek modülleri
    r"4/B \(Bağkur\)",                      # social security category
    r"EK-1/[AB]",                           # annex names
    r"\d{4} yılında yürürlüğe",             # 2005 yılında yürürlüğe giren 5378 sayılı Kanun
    r"444 75 87",                           # phone number
    r"Alo 170",                             # phone number
    r"\.\.\./\.\.\./20\.\.\.",              # the blank effective date of the regulation
]
NUMBER_WORDS = ("bir|iki|üç|dört|beş|altı|yedi|sekiz|dokuz|on|yirmi|otuz|kırk|elli|altmış|yetmiş|"
                "seksen|doksan|yüz|bin")
# a number word followed by a unit, 'yüzde N', a % sign, TL
FIGURE_WORDS = re.compile(rf"(?<!\w)(?:(?:{NUMBER_WORDS})\s+)+(?:yıl|ay|gün|hafta|saat|kişi|kat|TL)\w*"
                          rf"|yüzde\s+\w+|%|\bTL\b|üçte|yarısı", re.I)
# number words that are not figures: "bir kişi" (one person = anyone) in 'bir kişi sadece {p:…} proje'
ALLOWED_WORD_FIGURES = {("rehber-2020-1:sec_6__para_7", "bir kişi")}


def test_no_figure_is_typed_where_a_parameter_belongs(kb):
    allowed = re.compile("|".join(f"(?:{a})" for a in ALLOWED_FIGURES))
    typed = []
    for node, _field, text in all_texts(kb):
        # parameters (shown as ⟨p⟩, so 'yüzde {p:…|yazi}' is not 'yüzde' + a typed word) and URLs
        plain = URL_RE.sub(" ", MARKUP_RE.sub("⟨p⟩", text))
        plain = allowed.sub(" ", plain)
        for m in re.finditer(r"\S*\d\S*", plain):
            typed.append((node.cite, plain[max(0, m.start() - 30): m.end() + 30]))
        for m in FIGURE_WORDS.finditer(plain):
            if (node.cite, m.group(0)) not in ALLOWED_WORD_FIGURES:
                typed.append((node.cite, plain[max(0, m.start() - 30): m.end() + 30]))
    assert typed == []


def test_figure_scan_would_catch_a_typed_amount():
    """The scan above is not vacuous: a typed amount or rate in text is found."""
    allowed = re.compile("|".join(f"(?:{a})" for a in ALLOWED_FIGURES))
    for text in ("en fazla 45.000 TL.", "giderlerin % 60’ını", "en az üç yıl", "4857 sayılı Kanun ile 15 katı"):
        plain = allowed.sub(" ", text)
        assert re.search(r"\d", plain) or FIGURE_WORDS.search(plain), text


# ------------------------------------------------------------------------------- fidelity


@needs_sources
@pytest.mark.parametrize("doc_id", ["yonetmelik", GUIDE])
def test_every_text_appears_in_the_source(kb, source_text, doc_id):
    """Rendered with parameters, corrections undone, each text is a verbatim piece of the source."""
    missing = []
    for node, field, text in all_texts(kb):
        if node.doc == doc_id:
            shown = as_in_source(kb, node, field, text)
            if shown not in source_text[doc_id]:
                missing.append((node.cite, field, shown[:200]))
    for a in kb.articles() if doc_id == "yonetmelik" else []:
        if a.heading_group not in source_text[doc_id]:
            missing.append((a.cite, "heading", a.heading_group))
    assert missing == []


def walk_source(kb, doc_id: str, src: str) -> tuple[list, list[str]]:
    """Find each text of a document in the source, in document order.

    Returns the texts not found after the previous one, and the source text between the
    found ones (what the content left out)."""
    pos = 0
    last_heading = None
    out_of_order, gaps = [], []
    for root in kb.docs[doc_id].roots:
        for n in root.walk():
            pieces = []
            if n.kind == "article" and n.heading_group != last_heading:
                pieces.append(norm(n.heading_group))
                last_heading = n.heading_group
            for field, text in (("baslik", n.title), ("metin", n.text), ("metin", n.closing)):
                if text:
                    pieces.append(as_in_source(kb, n, field, text))
            for piece in pieces:
                i = src.find(piece, pos)
                if i < 0:
                    out_of_order.append((n.cite, piece[:80]))
                else:
                    gaps.append(src[pos:i])
                    pos = i + len(piece)
    gaps.append(src[pos:])
    return out_of_order, gaps


@needs_sources
@pytest.mark.parametrize("doc_id", ["yonetmelik", GUIDE])
def test_texts_appear_in_source_order(kb, source_text, doc_id):
    """Walking the content in document order finds each text after the previous one."""
    out_of_order, _gaps = walk_source(kb, doc_id, source_text[doc_id])
    assert out_of_order == []


# what may stand between two texts of the content: numbering and bullets as printed
MARKERS = re.compile(r"Madde \d+-|(?:\d+\. )?[A-Za-zçğıöşü]{1,3}\)|\d+[-)]|[-–]")


@needs_sources
@pytest.mark.parametrize("doc_id", ["yonetmelik", GUIDE])
def test_nothing_in_the_source_is_left_out(kb, source_text, doc_id):
    """Between the texts the source has only numbering, bullets and recorded removals."""
    from kb.common.turkish import upper_tr

    removed = sorted({norm(c.original) for doc, _n, c in kb.all_corrections()
                      if doc == doc_id and c.field == "yapi" and norm(c.original)}, key=len, reverse=True)
    meta = kb.docs[doc_id]
    title_block = upper_tr(" ".join([meta.issuer, *meta.meta.get("birimler", []), meta.title]))
    _out, gaps = walk_source(kb, doc_id, source_text[doc_id])
    left_out = []
    for gap in gaps:
        rest = gap.replace(title_block, " ")
        for r in removed:
            rest = rest.replace(r, " ")
        rest = MARKERS.sub(" ", rest).strip()
        if rest:
            left_out.append(rest[:200])
    assert left_out == []


@needs_sources
def test_fidelity_check_catches_a_transcription_slip(kb, source_text):
    node = kb.node("yonetmelik:art_22__point_b")
    assert as_in_source(kb, node, "metin", node.text) in source_text["yonetmelik"]
    slipped = node.text.replace("süresinde", "süresi içinde")
    assert as_in_source(kb, node, "metin", slipped) not in source_text["yonetmelik"]
    cap = kb.node("rehber-2020-1:sec_4__sub_A__sub_b__sub_i__list_1__point_c")
    assert as_in_source(kb, cap, "metin", cap.text.replace("{p:kio_kurulus_destegi_ust_sinir}", "40.000 TL")) \
        not in source_text[GUIDE]


@needs_sources
def test_recorded_corrections_quote_the_source(kb, source_text):
    """'ozgun' of a text or heading correction is what the source file really says."""
    wrong = [(n.cite if n else doc, c.original) for doc, n, c in kb.all_corrections()
             if c.field in ("metin", "baslik") and norm(c.original) not in source_text[doc]]
    assert wrong == []


SCAN_NOTES = ["ADVERSTISEMENT", "Handwritten", "signatures", "blue ink", "Meclisin", "onandı", "•"]


def test_scan_notes_appear_in_no_text(kb):
    found = [(node.cite, note) for node, _f, text in all_texts(kb) for note in SCAN_NOTES if note in text]
    found += [(a.cite, note) for a in kb.articles() for note in SCAN_NOTES if note in a.heading_group]
    assert found == []


@needs_sources
@pytest.mark.parametrize("doc_id,note", [
    (GUIDE, "ADVERSTISEMENT"),
    ("yonetmelik", "Handwritten signatures"),
    ("yonetmelik", "Meclisin...15.04.2026...gün ve"),
])
def test_every_removed_scan_note_is_recorded(kb, source_lines, doc_id, note):
    in_source = sum(line.count(note) for line in source_lines[doc_id])
    recorded = sum(1 for doc, _n, c in kb.all_corrections() if doc == doc_id and note in c.original)
    assert in_source > 0
    assert recorded == in_source
