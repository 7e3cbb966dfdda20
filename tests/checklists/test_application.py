"""The checklists show how and where applications are made in the period they follow
(issue 17: "the checklists do not show a changed application channel").

The channel and the place are data of the guide period (the `basvuru` block of its entry
in content/kaynaklar.yaml, kb/content/application.py), not template text:

- for 2020/1 every guide checklist shows "elden ya da posta ile" and section 5's own words
  for the place, quoted, with a link to section 5's paragraph (and prints them);
- a new period whose section 5 says something else shows that period's channel and
  place, citing its own section 5; left as copied from the previous period, `check`
  refuses it.
"""
from __future__ import annotations

import html
import importlib.util
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import check_verdict
from kb.content.application import CHANNELS
from kb.site.richtext import to_plain

ROOT = Path(__file__).resolve().parents[2]
GUIDE_TYPES = ["kio-engelli", "kio-eski-hukumlu", "korumali-isyeri", "mesleki-egitim",
               "destek-teknolojileri", "ise-yerlestirme"]
PROGRAMME = "destekli-istihdam-programi"
SEC5 = "sec_5__para_1"
PLACE_2020 = ("Türkiye İş Kurumunun her ilde kurulu bulunan Çalışma ve İş Kurumu İl Müdürlüklerine "
              "veya Hizmet Merkezlerine")
APP_DIV = re.compile(r'<div class="kb-cl-application"><dt>(?P<dt>[^<]+)</dt><dd>(?P<dd>.*?)</dd></div>')
HREF = re.compile(r'<a class="kb-cite" href="([^"]+)"')


def application_rows(page: Path) -> dict[str, str]:
    """{"Başvuru yolu": dd HTML, "Başvuru yeri": dd HTML} of a built checklist page."""
    text = page.read_text(encoding="utf-8")
    return {m["dt"]: m["dd"] for m in APP_DIV.finditer(text)}


def plain(dd: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", dd))


# ------------------------------------------------------------------ period 2020/1
def test_catalog_states_the_periods_channel_and_place(built_site, kb):
    catalog = json.loads((built_site / "data" / "catalog.json").read_text(encoding="utf-8"))
    lists = {c["id"]: c for c in catalog["checklists"]}
    raw = yaml.safe_load((ROOT / "content" / "kaynaklar.yaml").read_text(encoding="utf-8"))["rehber-2020-1"]["basvuru"]
    cite = f"rehber-2020-1:{SEC5}"
    node = kb.nodes[cite]
    for cid in GUIDE_TYPES:
        app = lists[cid]["application"]
        assert app == {"channels": [{"id": "elden", "label": "elden"}, {"id": "posta", "label": "posta ile"}],
                       "channels_text": "elden ya da posta ile", "place": PLACE_2020,
                       "cites": [cite], "place_cites": [cite]}, cid
        assert [c["id"] for c in app["channels"]] == raw["yollar"]
        # nothing invented: the place is section 5's own words
        assert app["place"] in " ".join(to_plain(kb, node, node.text).split())
    assert lists[PROGRAMME]["application"] is None


@pytest.mark.parametrize("cid", GUIDE_TYPES)
def test_checklist_page_shows_channel_and_place_with_the_citation(built_site, kb, cid):
    rows = application_rows(built_site / "kontrol-listeleri" / cid / "index.html")
    assert list(rows) == ["Başvuru yolu", "Başvuru yeri"]
    anchor = kb.nodes[f"rehber-2020-1:{SEC5}"].anchor
    assert plain(rows["Başvuru yolu"]).startswith("elden ya da posta ile (Rehber 2020/1, 5, paragraf 1)")
    assert plain(rows["Başvuru yeri"]) == f"“{PLACE_2020}” (Rehber 2020/1, 5, paragraf 1)"
    for dd in rows.values():
        assert HREF.findall(dd) == [f"../../rehber/2020-1/#{anchor}"]


def test_programme_checklist_has_no_guide_channel(built_site):
    assert application_rows(built_site / "kontrol-listeleri" / PROGRAMME / "index.html") == {}


# ------------------------------------------------------------------ a new period, as an editor adds it
_spec = importlib.util.spec_from_file_location("kb_bench_run_app", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

NEW = "2100-1"
NEW_ID = f"rehber-{NEW}"
# what the new period's section 5 says instead (a test text: "online only, on İŞKUR's site")
OLD_CHANNEL = "elden verilecek veya posta ile gönderilecektir"
NEW_CHANNEL = "internet üzerinden çevrimiçi olarak gönderilecektir"
NEW_PLACE = "Türkiye İş Kurumunun e-Şube sistemine"


@pytest.fixture(scope="module")
def new_period_root(tmp_path_factory) -> Path:
    """The real content plus period 2100/1 (a copy of 2020/1, as bench/run.py adds one) whose
    section 5 now says: online, to İŞKUR's e-Şube; kaynaklar.yaml still as copied."""
    root, _ = bench.make_root(1, tmp_path_factory.mktemp("app-period"), [NEW])
    for other in ("forms", "rules"):  # content and checklists only: forms and rule sets have their own tests
        (root / other).unlink()
    sec5 = root / "content" / "rehber" / NEW / "11-bolum-5.yaml"
    text = sec5.read_text(encoding="utf-8")
    for old, new in ((OLD_CHANNEL.replace(" ", r"\s+"), NEW_CHANNEL),
                     (PLACE_2020.replace(" ", r"\s+") + r"\s+", NEW_PLACE + " ")):
        text, n = re.subn(old, new, text)
        assert n == 1, old
    sec5.write_text(text, encoding="utf-8")
    return root


def _set_application(root: Path, block: dict) -> None:
    sources = root / "content" / "kaynaklar.yaml"
    data = bench.read_yaml(sources)
    data[NEW_ID]["basvuru"] = block
    bench.write_yaml(sources, data)


def test_a_period_copied_with_the_old_channel_is_refused(new_period_root):
    """The copied entry says elden/posta, the new section 5 no longer does: check says so."""
    _set_application(new_period_root, {"yollar": ["elden", "posta"], "yer": PLACE_2020, "kaynak": f"{NEW_ID}:{SEC5}"})
    verdict = check_verdict(new_period_root)
    assert "content/kaynaklar.yaml:" in verdict
    assert f"'elden' (elden) yolu '{NEW_ID}:{SEC5}' düğümünde geçmiyor" in verdict, verdict
    # (posta is not reported: the paragraph still says "postaya verilme tarihleri")
    assert f"'yer' metni '{NEW_ID}:{SEC5}' düğümünde harfi harfine geçmiyor" in verdict, verdict


def test_the_new_periods_channel_changes_what_the_checklists_show(new_period_root, tmp_path_factory):
    from kb.commands.build import build

    _set_application(new_period_root, {"yollar": ["cevrimici"], "yer": NEW_PLACE, "kaynak": f"{NEW_ID}:{SEC5}"})
    assert check_verdict(new_period_root).startswith("İçerik geçerli"), check_verdict(new_period_root)
    out = tmp_path_factory.mktemp("app-site")
    build(new_period_root, quiet=True, out=out)
    catalog = json.loads((out / "data" / "catalog.json").read_text(encoding="utf-8"))
    for cl in catalog["checklists"]:
        if cl["id"] == PROGRAMME:
            continue
        assert cl["period"] == "2100/1"
        assert cl["application"]["channels"] == [{"id": "cevrimici", "label": CHANNELS["cevrimici"].label}]
        rows = application_rows(out / "kontrol-listeleri" / cl["id"] / "index.html")
        assert plain(rows["Başvuru yolu"]).startswith("çevrimiçi (internet üzerinden) (Rehber 2100/1, 5, paragraf 1)")
        assert "posta" not in plain(rows["Başvuru yolu"]) and "elden" not in plain(rows["Başvuru yolu"])
        assert plain(rows["Başvuru yeri"]) == f"“{NEW_PLACE}” (Rehber 2100/1, 5, paragraf 1)"
        for dd in rows.values():
            assert HREF.findall(dd) == ["../../rehber/2100-1/#r5-p1"]
