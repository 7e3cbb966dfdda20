"""The amounts page (tutarlar/) shows what each value is (issue 17): the option a value is
for when the parameter varies within a period ("Tarım ve hayvancılık projeleri: 40.000 TL"),
each such value in its own row with its own citation; a multiple as text ("aylık brüt asgari
ücretin 15 katı"); and the value's own note (`aciklama` on a value), which the schema
accepted and the page never showed.

The real content has one multiple (eh_kurulus_destegi_ust_sinir) and no varying values or
value notes yet, so the rest is proved on a private copy with a second period (bench/run.py,
as an editor adds one) whose 2100/1 values vary by sector and carry notes, built once.
"""
from __future__ import annotations

import html
import importlib.util
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("kb_bench_run_amounts", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

CAP = "kio_kurulus_destegi_ust_sinir"
CAP_LABEL = "Kuruluş desteği üst sınırı (vergiler dahil)"
MULTIPLE = "eh_kurulus_destegi_ust_sinir"
TARIM_NOTE = "Tarım ve hayvancılık projeleri için."
WAGE_NOTE = "Resmî Gazete'den henüz doğrulanmadı."
ROW = re.compile(r"<tr\b([^>]*)>(.*?)</tr>", re.S)
TAG = re.compile(r"<[^>]+>")
READING_FLAG = re.compile(r'<br><span class="kb-flag kb-flag--okuma">.*?</span>', re.S)
VALUE_NOTE = re.compile(r'<br><span class="kb-meta kb-value-note[^"]*">.*?</span>(?=<br>|</td>)', re.S)


def rows_of(page: str, param_id: str) -> list[tuple[str, str]]:
    """(attributes, inner HTML) of a parameter's rows: its first row (id="param-…") and the rows
    after it that repeat its label."""
    rows = ROW.findall(page)
    start = next(i for i, (attrs, _) in enumerate(rows) if f'id="param-{param_id}"' in attrs)
    label = re.search(r'<th scope="row">(.*?)</th>', rows[start][1], re.S).group(1)
    out = [rows[start]]
    for attrs, inner in rows[start + 1:]:
        if 'id="param-' in attrs or f'<th scope="row">{label}</th>' not in inner:
            break
        out.append((attrs, inner))
    return out


def cells(inner: str) -> list[str]:
    return [html.unescape(TAG.sub("", c)).strip() for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", inner, re.S)]


def _dump(path: Path, data) -> None:
    data = json.loads(json.dumps(data))  # no shared objects: the content files never use YAML anchors
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


@pytest.fixture(scope="module")
def varying(tmp_path_factory) -> tuple[Path, str]:
    """A copy with period 2100/1 whose kuruluş desteği cap varies by sector (the tarım value with
    a note), whose minimum-wage value carries a note; built once. (root, tutarlar/ HTML)"""
    from kb.commands.build import build

    tmp = tmp_path_factory.mktemp("amounts")
    root, _ = bench.make_root(1, tmp, ["2100-1"])
    kio = root / "content" / "parametreler" / "kendi-isini-kurma.yaml"
    params = yaml.safe_load(kio.read_text(encoding="utf-8"))
    values = params[CAP]["degerler"]
    new = next(v for v in values if v["donem"] == "2100/1")
    values.remove(new)
    values.append({**new, "nitelik": {"sektor": "tarim-hayvancilik"}, "deger": 40000, "aciklama": TARIM_NOTE})
    values.append({**new, "nitelik": {"sektor": "diger"}, "deger": 45000})
    _dump(kio, params)
    genel = root / "content" / "parametreler" / "genel.yaml"
    params = yaml.safe_load(genel.read_text(encoding="utf-8"))
    params["brut_asgari_ucret"]["degerler"][-1]["aciklama"] = WAGE_NOTE
    _dump(genel, params)
    out = tmp / "site"
    build(root, quiet=True, out=out)
    return root, (out / "tutarlar" / "index.html").read_text(encoding="utf-8")


def test_a_value_that_varies_by_sector_shows_each_option_with_its_own_citation(varying):
    from kb.content.loader import load_knowledge_base

    root, page = varying
    kb = load_knowledge_base(root)
    options = kb.attributes["sektor"].options  # the labels come from content/nitelikler.yaml
    rows = rows_of(page, CAP)
    assert len(rows) == 3, rows  # 2020/1, then 2100/1 once per sector option
    shown = [cells(inner) for _, inner in rows]
    assert shown[0][:3] == [CAP_LABEL, "45.000 TL", "2020/1"]
    # (tags stripped: the note follows the value after a line break, labelled as the site's
    # own words with the value's citation: issue 15, item 1)
    assert shown[1][:3] == [CAP_LABEL, f"{options['tarim-hayvancilik']}: 40.000 TLSitenin notu — hukuki metin "
                            f"değildir: {TARIM_NOTE} (dayanak: Rehber 2100/1, 4-A-b-i, c) bendi)", "2100/1"]
    assert shown[2][:3] == [CAP_LABEL, f"{options['diger']}: 45.000 TL", "2100/1"]
    assert options == {"tarim-hayvancilik": "Tarım ve hayvancılık projeleri", "diger": "Diğer sektörlerdeki projeler"}
    # every row a header cell for the parameter, its own citation of its own period's text
    for (attrs, inner), period in zip(rows, ("2020-1", "2100-1", "2100-1")):
        assert '<th scope="row">' in inner
        cites = re.findall(r'<a class="kb-cite" href="([^"]+)"', inner)
        assert cites and all(f"rehber/{period}/" in c for c in cites), (period, cites)
    assert sum(f'id="param-{CAP}"' in a for a, _ in rows) == 1
    # the note is text in its own element, under the value it belongs to, and nowhere else
    assert (f'<br><span class="kb-meta kb-value-note kb-own"><strong class="kb-own__label">Sitenin notu — hukuki metin '
            f'değildir:</strong> {html.escape(TARIM_NOTE, quote=False)} (dayanak: <a class="kb-cite"') in rows[1][1]
    assert page.count(html.escape(TARIM_NOTE, quote=False)) == 1


def test_a_single_value_shows_its_note(varying):
    _, page = varying
    rows = rows_of(page, "brut_asgari_ucret")
    noted = [inner for _, inner in rows if "kb-value-note" in inner]
    assert len(noted) == 1 and cells(noted[0])[1].endswith(f"Not: {WAGE_NOTE}"), noted
    assert "kb-value-note" in rows[-1][1], "the note is on the value that has it (the last one)"


def test_a_multiple_shows_as_text_in_every_period(varying, built_site):
    _, page = varying
    for text in (page, (built_site / "tutarlar" / "index.html").read_text(encoding="utf-8")):
        # (without the source-note flag a value may carry: tests/site/test_amounts_flags.py)
        # (and without the value's own note: the real 2020/1 value has one, on its two wordings)
        values = [cells(VALUE_NOTE.sub("", READING_FLAG.sub("", inner)))[1] for _, inner in rows_of(text, MULTIPLE)]
        assert values and all(v == "aylık brüt asgari ücretin 15 katı" for v in values), values


def test_the_real_amounts_page_shows_no_notes_or_options_it_does_not_have(kb, built_site):
    """The real content: no varying value, and value notes only where the data has them (the
    2020/1 eski hükümlü cap, whose two wordings differ), each shown once; each section id and
    each parameter row id once."""
    page = (built_site / "tutarlar" / "index.html").read_text(encoding="utf-8")
    assert not any(v.attributes for p in kb.params.values() for v in p.values)
    noted = [(p.id, v.explanation) for p in kb.params.values() for v in p.values if v.explanation]
    assert [pid for pid, _ in noted] == [MULTIPLE], noted
    assert page.count("kb-value-note") == len(noted)
    for _, note in noted:
        assert page.count(html.escape(note).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")) == 1
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert {i.removeprefix("param-") for i in ids if i.startswith("param-")} == set(kb.params)
    sections = [i.removeprefix("grup-") for i in ids if i.startswith("grup-")]
    assert sections[-2:] == list(kb.param_groups), "the parameter groups come last, in their file's order"
