"""`check` on a guide period's application channel and place (the `basvuru` block of
content/kaynaklar.yaml, kb/content/application.py).

Each test breaks a private copy of the content in one place and proves `check` names
content/kaynaklar.yaml with the line and column, says in Turkish what is wrong and how
to fix it, and reports nothing else.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import check_verdict, line_of
from kb.content.application import CHANNELS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = "content/kaynaklar.yaml"
TURKISH = re.compile(r"[çğıöşüÇĞİÖŞÜ]|\b(yazın|ekleyin|silin|kopyalayın|bunu mu demek istediniz)\b")
PLACE = "Türkiye İş Kurumunun her ilde kurulu bulunan Çalışma ve İş Kurumu İl Müdürlüklerine veya Hizmet Merkezlerine"


def edit(root: Path, old: str, new: str) -> None:
    path = root / SOURCES
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {SOURCES}; has the content changed?"
    path.write_text(text.replace(old, new), encoding="utf-8")


def only_problem(root: Path, line: int, col: int, *fragments: str) -> str:
    verdict = check_verdict(root)
    lines = verdict.splitlines()
    assert len(lines) == 1 and not verdict.startswith("İçerik geçerli"), verdict
    p = lines[0]
    assert p.startswith(f"{SOURCES}:{line}:{col}: "), p
    assert " — " in p and TURKISH.search(p.split(" — ", 1)[1]), f"no Turkish fix hint: {p}"
    for f in fragments:
        assert f in p, (f, p)
    return p


def test_the_project_states_the_channel_and_place_of_its_period():
    data = yaml.safe_load((ROOT / SOURCES).read_text(encoding="utf-8"))
    assert data["rehber-2020-1"]["basvuru"] == {"yollar": ["elden", "posta"], "yer": PLACE,
                                                "kaynak": "rehber-2020-1:sec_5__para_1"}


def test_the_channel_ids_are_defined_once():
    """The schemas list exactly the channels that have a Turkish label (kb/content/application.py)."""
    content = json.loads((ROOT / "schemas/content/kaynaklar.schema.json").read_text(encoding="utf-8"))
    assert content["$defs"]["basvuru_yolu"]["enum"] == list(CHANNELS)
    catalog = json.loads((ROOT / "schemas/catalog.schema.json").read_text(encoding="utf-8"))
    app = catalog["properties"]["checklists"]["items"]["properties"]["application"]["oneOf"][1]
    assert app["properties"]["channels"]["items"]["properties"]["id"]["enum"] == list(CHANNELS)


def test_unknown_channel(content_copy):
    edit(content_copy, "yollar: [elden, posta]", "yollar: [elden, internet]")
    line = line_of(content_copy / SOURCES, "yollar: [elden, internet]")
    only_problem(content_copy, line, 21, "'internet' geçerli bir seçenek değil",
                 "şunlardan birini yazın: elden, posta, kargo, e-posta, kep, cevrimici")


def test_no_channel(content_copy):
    edit(content_copy, "yollar: [elden, posta]", "yollar: []")
    only_problem(content_copy, line_of(content_copy / SOURCES, "yollar: []"), 13, "liste boş", "en az 1 öğe yazın")


def test_missing_channels_and_missing_block(content_copy):
    edit(content_copy, "    yollar: [elden, posta]\n", "")
    only_problem(content_copy, line_of(content_copy / SOURCES, "yer: \"Türkiye"), 5, "zorunlu alan eksik: 'yollar'")
    text = (content_copy / SOURCES).read_text(encoding="utf-8")
    block = re.search(r"  basvuru:\n(    .*\n)+", text).group()
    (content_copy / SOURCES).write_text(text.replace(block, ""), encoding="utf-8")
    only_problem(content_copy, line_of(content_copy / SOURCES, "baslik: Engelli ve Eski"), 3,
                 "zorunlu alan eksik: 'basvuru'", "'basvuru' alanını ekleyin")


def test_channel_the_cited_paragraph_does_not_name(content_copy):
    """Section 5 of 2020/1 says "elden … veya posta ile": an online channel is not in it."""
    edit(content_copy, "yollar: [elden, posta]", "yollar: [elden, cevrimici]")
    line = line_of(content_copy / SOURCES, "yollar: [elden, cevrimici]")
    only_problem(content_copy, line, 21, "'cevrimici' (çevrimiçi (internet üzerinden)) yolu 'rehber-2020-1:sec_5__para_1' "
                 "düğümünde geçmiyor", "yalnızca o düğümün söylediği yolları yazın")


def test_place_in_own_words(content_copy):
    """The place is a quote: "İŞKUR il müdürlüğü" is not what section 5 writes."""
    edit(content_copy, f'yer: "{PLACE}"', 'yer: "İŞKUR il müdürlüğü"')
    only_problem(content_copy, line_of(content_copy / SOURCES, 'yer: "İŞKUR'), 10,
                 "'yer' metni 'rehber-2020-1:sec_5__para_1' düğümünde harfi harfine geçmiyor: 'İŞKUR il müdürlüğü'",
                 "kendi sözlerinizle yazmayın")


def test_citation_that_does_not_resolve(content_copy):
    edit(content_copy, 'kaynak: "rehber-2020-1:sec_5__para_1"', 'kaynak: "rehber-2020-1:sec_5__para_2"')
    only_problem(content_copy, line_of(content_copy / SOURCES, "sec_5__para_2"), 13,
                 "atıf bulunamadı: 'rehber-2020-1:sec_5__para_2'", "bunu mu demek istediniz: rehber-2020-1:sec_5__para_1")


def test_citation_into_another_document(content_copy):
    """A period's channel is cited from that period's own guide (a copied entry still citing the old one fails)."""
    edit(content_copy, '    kaynak: "rehber-2020-1:sec_5__para_1"', '    kaynak: "yonetmelik:art_8__para_1"')
    only_problem(content_copy, line_of(content_copy / SOURCES, '"yonetmelik:art_8__para_1"'), 13,
                 "başvuru bilgisi başka bir belgeye atıf yapıyor: 'yonetmelik:art_8__para_1'",
                 "2020/1 döneminin kendi rehberindeki düğümü yazın")


def test_place_from_another_node_of_the_guide(content_copy):
    """`yer_kaynak`: the place quoted from another node, which must hold it word for word."""
    edit(content_copy, f'yer: "{PLACE}"', 'yer: "Çalışma ve İş Kurumu İl Müdürlüklerine"\n'
         '    yer_kaynak: "rehber-2020-1:sec_6__para_1"')
    only_problem(content_copy, line_of(content_copy / SOURCES, 'yer: "Çalışma'), 10,
                 "'yer' metni 'rehber-2020-1:sec_6__para_1' düğümünde harfi harfine geçmiyor")


def test_cli_rejects_an_unknown_channel(content_copy):
    edit(content_copy, "yollar: [elden, posta]", "yollar: [elden, faks]")
    r = subprocess.run([sys.executable, str(ROOT / "generator.py"), "check", "--root", str(content_copy)],
                       capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 1 and r.stdout == "" and "Traceback" not in r.stderr
    line = line_of(content_copy / SOURCES, "yollar: [elden, faks]")
    assert f"{SOURCES}:{line}:21: 'faks' geçerli bir seçenek değil — şunlardan birini yazın: elden, posta" in r.stderr
