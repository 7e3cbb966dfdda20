"""A new form is one data file (issue 17: nothing outside data).

A copy of the project gets one more definition, forms/gorus-talebi.yaml, and nothing else
(no schema file: the schemas are derived on every run, never committed). Run as an editor
runs them, from the copy: `check` accepts it, `validate gorus-talebi FILE.json` uses its
derived schema (exit 0 valid, 1 invalid with every error listed, 2 unusable), and `build`
publishes its page, its schema at schemas/forms/gorus-talebi.schema.json (embedded in the
page, listed in data/catalog.json) — and writes nothing into the copy's sources.
The copy is built once for the module (about as long as one build).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORM_ID = "gorus-talebi"
# what a project copy needs to run generator.py; generated or local folders are left out
SKIP = {"build", "tests", "bench", "node_modules", "test-results"}

DEFINITION = """\
# A form added by tests/forms/test_forms_new_form.py: this file only.
form: gorus-talebi
baslik: Görüş talebi
kisa_aciklama: Kuruluş desteği için bir ön görüş isteyin.
sira: 9
donem: "2020/1"
resmi_degil: Bu form İŞKUR'un resmî bir formu değildir.
dayanak: ["yonetmelik:art_28__para_1"]
bolumler:
  - kimlik: kisi
    baslik: Başvuran
    alanlar:
      - kimlik: ad_soyad
        tur: metin
        etiket: Adınız ve soyadınız
        zorunlu: true
        en_fazla_karakter: 80
        kaynak: ["yonetmelik:art_28__para_1"]
        hatalar:
          required: Adınızı ve soyadınızı yazın
      - kimlik: eposta
        tur: eposta
        etiket: E-posta adresi
        zorunlu: true
        kaynak: ["yonetmelik:art_28__para_1"]
  - kimlik: talep
    baslik: Talep
    alanlar:
      - kimlik: tutar
        tur: tutar
        etiket: Talep edilen kuruluş desteği (TL)
        zorunlu: true
        kaynak: ["rehber-2020-1:sec_4__sub_A__sub_b__sub_i__list_1__point_c"]
        ust_sinirlar:
          - carpanlar: [{parametre: kio_kurulus_destegi_ust_sinir}]
"""


def generator(project: Path, *args) -> subprocess.CompletedProcess:
    """`python generator.py ARGS…` run from the copy: its kb/, forms/, content/ …"""
    return subprocess.run([sys.executable, str(project / "generator.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=project, timeout=600)


def sources(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for p in sorted(project.rglob("*")) if p.is_file()
            and p.relative_to(project).parts[0] not in ("build", "node_modules") and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("new-form") / "project"
    root.mkdir()
    for entry in sorted(ROOT.iterdir()):
        if entry.name in SKIP or entry.name.startswith("."):
            continue
        if entry.is_dir():
            shutil.copytree(entry, root / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(entry, root / entry.name)
    (root / "node_modules").symlink_to(ROOT / "node_modules")  # browser libraries, read only
    (root / "forms" / f"{FORM_ID}.yaml").write_text(DEFINITION, encoding="utf-8")
    assert not (root / "schemas" / "forms").exists()  # the one data file is all there is
    return root


@pytest.fixture(scope="module")
def cap(project) -> float:
    """The cap the schema must take from the parameter (its 2020/1 value), read from content/."""
    from kb.content.loader import load_knowledge_base

    return load_knowledge_base(project).params["kio_kurulus_destegi_ust_sinir"].value_for("2020/1").value


def test_check_accepts_the_new_form(project):
    run = generator(project, "check")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("İçerik geçerli:")
    count = len(list((project / "forms").glob("*.yaml")))
    assert f" {count} form," in run.stdout, run.stdout


def test_validate_uses_the_derived_schema(project, tmp_path, cap):
    valid = tmp_path / "gecerli.json"
    valid.write_text(json.dumps({"form": FORM_ID, "kisi": {"ad_soyad": "Ayşe Yılmaz", "eposta": "ayse@example.org"},
                                 "talep": {"tutar": cap}}, ensure_ascii=False), encoding="utf-8")
    run = generator(project, "validate", FORM_ID, valid)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{valid}: geçerli — “Görüş talebi” formunun şemasına uyuyor." in run.stdout

    invalid = tmp_path / "gecersiz.json"
    invalid.write_text(json.dumps({"form": FORM_ID, "kisi": {"eposta": "ayse@"}, "talep": {"tutar": cap + 0.01}}),
                       encoding="utf-8")
    run = generator(project, "validate", FORM_ID, invalid)
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stdout.strip().splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{invalid}:/kisi/ad_soyad", f"{invalid}:/kisi/eposta", f"{invalid}:/talep/tutar"], lines
    assert lines[0].endswith("Adınızı ve soyadınızı yazın")  # the definition's own message
    assert "en fazla" in lines[2] and f"{cap:,.0f}".replace(",", ".") in lines[2], lines[2]
    assert "3 hata bulundu." in run.stderr

    broken = tmp_path / "bozuk.json"
    broken.write_text('{"form": "gorus-talebi",', encoding="utf-8")
    run = generator(project, "validate", FORM_ID, broken)
    assert run.returncode == 2 and "geçerli bir JSON değil" in run.stderr, run.stdout + run.stderr
    run = generator(project, "validate", "gorus", valid)
    assert run.returncode == 2 and "adında bir form yok" in run.stderr and FORM_ID in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_build_publishes_the_page_and_the_schema(project, cap):
    before = sources(project)
    run = generator(project, "build", "--quiet")
    assert run.returncode == 0, run.stdout + run.stderr
    site = project / "build" / "site"
    published = site / "schemas" / "forms" / f"{FORM_ID}.schema.json"
    schema = json.loads(published.read_text(encoding="utf-8"))
    assert schema["$id"].endswith(f"/schemas/forms/{FORM_ID}.schema.json")
    assert schema["properties"]["form"]["const"] == FORM_ID
    assert schema["properties"]["talep"]["properties"]["tutar"]["maximum"] == cap
    # every form's schema is published, the new one among them
    assert sorted(p.name for p in (site / "schemas" / "forms").iterdir()) == sorted(
        f"{p.stem}.schema.json" for p in (project / "forms").glob("*.yaml"))

    page = (site / "formlar" / FORM_ID / "index.html").read_text(encoding="utf-8")
    assert "Görüş talebi" in page
    embedded = re.search(r'<script type="application/json" id="kbf-sema">(.*?)</script>', page, re.S).group(1)
    assert json.loads(embedded) == schema
    assert f"schemas/forms/{FORM_ID}.schema.json" in (site / "formlar" / "index.html").read_text(encoding="utf-8")

    catalog = json.loads((site / "data" / "catalog.json").read_text(encoding="utf-8"))
    entry = next(f for f in catalog["forms"] if f["id"] == FORM_ID)
    assert entry["schema_url"] == f"schemas/forms/{FORM_ID}.schema.json" and entry["schema_id"] == schema["$id"]
    # the build derived everything in memory: no schema (nor anything else) written into the sources
    assert sources(project) == before
    assert not (project / "schemas" / "forms").exists()
