"""Form definitions (forms/*.yaml) and the JSON Schemas derived from them.

`check` must accept the real definitions and reject broken ones with file:line messages.
The schemas are derived on every run and published by the build (schemas/forms/<id>.schema.json
in the site), never committed: `check` rejects a file left under schemas/forms/. Caps come
from the parameters, never typed in a definition.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from kb.forms.model import schema_text
from kb.forms.validation import validate_data
from kb.site.sitemap import site_url
from conftest import form_problems, line_of, run_generator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "forms"
FORM_IDS = ["on-basvuru", "talep-sikayet", "kvkk-basvuru", "isveren-danismanlik", "kio-butce-engelli",
            "kio-butce-eski-hukumlu"]


def test_all_forms_load(forms):
    assert list(forms) == FORM_IDS


def test_no_schema_is_committed():
    assert not (ROOT / "schemas" / "forms").exists()


def test_published_schemas_are_the_derived_ones(forms, built_site):
    base = site_url(ROOT)
    for f in forms.values():
        assert f.schema_url == f"schemas/forms/{f.id}.schema.json"
        published = (built_site / f.schema_url).read_text(encoding="utf-8")
        assert published == schema_text(f.schema) == f.schema_file_text
        schema = json.loads(published)
        assert schema == f.schema
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"{base}schemas/forms/{f.id}.schema.json"
        assert schema["properties"]["form"]["const"] == f.id


def test_caps_come_from_parameters(kb, forms):
    p = kb.params
    engelli = forms["kio-butce-engelli"].schema["properties"]
    row = lambda sec: engelli[sec]["properties"]["kalemler"]["items"]  # noqa: E731
    assert row("kurulus_destegi")["properties"]["talep_edilen"]["maximum"] == p["kio_kurulus_destegi_ust_sinir"].value_for("2020/1").value
    assert row("kurulus_islemleri")["properties"]["talep_edilen"]["maximum"] == p["kio_kurulus_islemleri_destegi_ust_sinir"].value_for("2020/1").value
    assert row("isletme_giderleri")["properties"]["talep_edilen"]["maximum"] == p["kio_isletme_gideri_destegi_ust_sinir"].value_for("2020/1").value
    # rent: capped only outside farming projects (the guide can be read two ways for those)
    engelli_rules = forms["kio-butce-engelli"].schema["allOf"]
    assert len(engelli_rules) == 1
    rent = engelli_rules[0]
    assert rent["if"]["properties"]["proje"]["properties"]["tarim_hayvancilik"] == {"enum": [False]}
    row_rule = rent["then"]["properties"]["isletme_giderleri"]["properties"]["kalemler"]["items"]["allOf"][0]
    assert row_rule["if"]["properties"]["gider_turu"] == {"enum": ["kira"]}
    assert row_rule["then"]["properties"]["talep_edilen"]["maximum"] == p["kio_kira_destegi_ust_sinir"].value_for("2020/1").value
    assert "allOf" not in row("isletme_giderleri")
    access = row("kurulus_destegi")["allOf"][0]["then"]["properties"]["talep_edilen"]["maximum"]
    assert access == p["kio_kurulus_destegi_ust_sinir"].value_for("2020/1").value * \
        p["kio_erisilebilirlik_insaat_orani_ust_sinir"].value_for("2020/1").value / 100
    # eski hükümlüler: one cap per minimum-wage year, multiple x wage of that year
    rules = forms["kio-butce-eski-hukumlu"].schema["allOf"]
    multiple = p["eh_kurulus_destegi_ust_sinir"].value_for("2020/1").value
    caps = {r["if"]["properties"]["proje"]["properties"]["asgari_ucret_yili"]["enum"][0]:
            r["then"]["properties"]["kurulus_destegi"]["properties"]["kalemler"]["items"]["properties"]["talep_edilen"]["maximum"]
            for r in rules}
    assert caps == {v.period: round(multiple * v.value, 2) for v in p["brut_asgari_ucret"].values}


def test_no_amount_is_typed_in_a_definition(kb):
    amounts = {str(v.value) for prm in kb.params.values() if prm.unit.startswith("TL") for v in prm.values
               if isinstance(v.value, (int, float)) and v.value >= 100}
    for file in (ROOT / "forms").glob("*.yaml"):
        # site limits (text length, number of rows) are not amounts
        text = "\n".join(line for line in file.read_text(encoding="utf-8").splitlines()
                         if not re.match(r"\s*en_fazla_(karakter|satir):", line))
        for a in amounts:
            digits = a.removesuffix(".0")
            grouped = f"{int(float(a)):,}".replace(",", ".")
            assert not re.search(rf"(?<![\d.]){re.escape(digits)}(?![\d])", text), f"{file.name}: {a} typed"
            assert grouped not in text, f"{file.name}: {grouped} typed"


def test_every_field_and_option_cites_a_node(kb, forms):
    for f in forms.values():
        assert f.basis
        for field in f.all_fields():
            assert field.cites, f"{f.id}: {field.pointer} has no citation"
            assert all(c in kb.nodes for c in field.cites)
            for o in field.options:
                assert all(c in kb.nodes for c in o.get("kaynak", []))


def test_special_category_data_is_minimal(forms):
    """Madde 18: no diagnosis, rate or report content; at most whether a report exists, optional."""
    f = forms["on-basvuru"]
    report = [x for x in f.all_fields() if "rapor" in x.id]
    assert [(x.id, x.type, x.required) for x in report] == [("saglik_kurulu_raporu", "evet_hayir", False)]
    for form in forms.values():
        for x in form.all_fields():
            assert not re.search(r"tan[ıi]|teşhis|hastal|engel_orani|oran[ıi]", x.id + " " + x.label.lower()), (form.id, x.id)


def test_examples_give_the_expected_errors(forms):
    expected = json.loads((EXAMPLES / "beklenen.json").read_text(encoding="utf-8"))
    seen = set()
    for file in sorted(EXAMPLES.glob("*/*.json")):
        rel = file.relative_to(EXAMPLES).as_posix()
        form = forms[file.parent.name]
        errors = validate_data(form, json.loads(file.read_text(encoding="utf-8")))
        got = sorted([e["pointer"], e["keyword"]] for e in errors)
        if file.name.startswith("gecerli"):
            assert got == [], f"{rel}: {errors}"
        else:
            assert got == sorted(expected[rel]), rel
            assert all(e["message"] and "{" not in e["message"] for e in errors)
        seen.add(file.parent.name)
    assert seen == set(FORM_IDS)
    for form_id in FORM_IDS:
        names = [p.name for p in (EXAMPLES / form_id).glob("*.json")]
        assert any(n.startswith("gecerli") for n in names) and any(n.startswith("gecersiz") for n in names)


# ------------------------------------------------------------------ broken definitions
def test_unknown_field_type_is_reported_with_line(content_copy):
    f = content_copy / "forms" / "kvkk-basvuru.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("tur: tckn", "tur: tc_kimlik", 1), encoding="utf-8")
    line = line_of(f, "tur: tc_kimlik")
    problems = form_problems(content_copy)
    assert any(p.startswith(f"forms/kvkk-basvuru.yaml:{line}:") and "bilinmeyen alan türü: 'tc_kimlik'" in p
               and "tckn" in p for p in problems), problems


def test_dangling_citation_is_reported_with_suggestion(content_copy):
    f = content_copy / "forms" / "talep-sikayet.yaml"
    text = f.read_text(encoding="utf-8").replace('"yonetmelik:art_28__para_1"', '"yonetmelik:art_28__para_9"', 1)
    f.write_text(text, encoding="utf-8")
    line = line_of(f, "art_28__para_9")
    problems = form_problems(content_copy)
    assert any(p.startswith(f"forms/talep-sikayet.yaml:{line}:") and "atıf bulunamadı: 'yonetmelik:art_28__para_9'" in p
               and "bunu mu demek istediniz" in p for p in problems), problems


@pytest.mark.parametrize("name", ["kio-butce-engelli.schema.json", "eski/notlar.json"])
def test_a_file_left_under_schemas_forms_is_reported(content_copy, name):
    """A copy there would be published in place of the derived schema: check says to delete it."""
    f = content_copy / "schemas" / "forms" / name
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text("{}\n", encoding="utf-8")
    problems = form_problems(content_copy)
    assert problems == [f"schemas/forms/{name}: form şemaları depoda tutulmaz: her form şeması forms/ altındaki "
                        "tanımından türetilir (`generator.py check` denetler, `generator.py build` "
                        "build/site/schemas/forms/ altına yazar); bu dosya türetilen şemanın yerine yayımlanırdı — "
                        "dosyayı silin; şemayı değiştirmek için form tanımını (forms/<kimlik>.yaml) düzenleyin"]
    run = run_generator("check", "--root", content_copy)
    assert run.returncode == 1 and f"schemas/forms/{name}: form şemaları depoda tutulmaz" in run.stderr, run.stderr


def test_a_changed_definition_changes_the_schema_with_no_other_step(content_copy):
    from kb.content.loader import load_knowledge_base
    from kb.forms.loader import load_forms

    f = content_copy / "forms" / "on-basvuru.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("en_fazla_karakter: 500", "en_fazla_karakter: 600", 1),
                 encoding="utf-8")
    form = {x.id: x for x in load_forms(content_copy, load_knowledge_base(content_copy))}["on-basvuru"]
    assert form.schema["properties"]["randevu"]["properties"]["uygun_zamanlar"]["maxLength"] == 600
    assert '"maxLength": 600' in form.schema_file_text  # what the build publishes and validate uses


def test_bad_references_are_reported(content_copy):
    f = content_copy / "forms" / "kio-butce-engelli.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace("parametre: kio_kira_destegi_ust_sinir", "parametre: kio_kira_ust_sinir", 1)
    text = text.replace("{p:kio_kurulus_destegi_ust_sinir}", "{p:kio_kurulus_ust_sinir}", 1)
    f.write_text(text, encoding="utf-8")
    problems = "\n".join(form_problems(content_copy))
    assert f"forms/kio-butce-engelli.yaml:{line_of(f, 'kio_kira_ust_sinir')}:" in problems
    assert "parametre bulunamadı: 'kio_kira_ust_sinir'" in problems and "kio_kira_destegi_ust_sinir" in problems
    assert "parametre bulunamadı: 'kio_kurulus_ust_sinir'" in problems


def test_bad_condition_is_reported(content_copy):
    f = content_copy / "forms" / "on-basvuru.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("alan: basvuru/sekil", "alan: basvuru/sekli", 1), encoding="utf-8")
    line = line_of(f, "alan: basvuru/sekli")
    problems = form_problems(content_copy)
    assert any(p.startswith(f"forms/on-basvuru.yaml:{line}:") and "koşuldaki alan bulunamadı" in p
               and "basvuru/sekil" in p for p in problems), problems


def test_check_command_reports_formform_problems(content_copy):
    f = content_copy / "forms" / "isveren-danismanlik.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("tur: coklu_secim", "tur: checkbox", 1), encoding="utf-8")
    run = run_generator("check", "--root", content_copy)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    line = line_of(f, "tur: checkbox")
    assert f"forms/isveren-danismanlik.yaml:{line}:" in run.stderr and "bilinmeyen alan türü: 'checkbox'" in run.stderr
