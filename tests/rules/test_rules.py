"""Rules as data (kb/rules/, rules/*.yaml): vectors, loader checks, CLI, catalog.

The vectors (tests/rules/vectors.yaml) hold amounts computed by hand from the guide;
here the Python engine must reproduce every one of them. tests/rules/test_rules_browser.py
checks that the browser engine gives exactly the Python results.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from conftest import served_asset
from jsonschema import Draft202012Validator

from kb.common.problems import BuildError
from kb.rules.evaluation import answer_problems, evaluate_compiled
from kb.rules.loader import evaluate, load_rulesets
from kb.rules.wording import amount_text, format_tl, reading_lines
from conftest import line_of, run_generator

ROOT = Path(__file__).resolve().parents[2]
VECTORS = yaml.safe_load((ROOT / "tests" / "rules" / "vectors.yaml").read_text(encoding="utf-8"))["vektorler"]
TOL = 0.001  # expected amounts are in kuruş; the engine computes in binary floating point


@pytest.fixture(scope="module")
def sets(kb):
    return load_rulesets(ROOT, kb)


def _key(combo: dict) -> str:
    return "|".join(f"{a}={o}" for a, o in combo.items())


def check_vector(vec: dict, result: dict) -> list[str]:
    """Differences between a vector's expectations and a result (empty list: all as expected)."""
    errors = []
    by_id = {r["id"]: r for r in result["sonuclar"]}
    for rid, exp in vec["beklenen"].items():
        res = by_id.get(rid)
        if res is None:
            errors.append(f"{rid}: no such rule")
            continue
        if res["durum"] != exp["durum"]:
            errors.append(f"{rid}: durum {res['durum']} != {exp['durum']}")
        if "deger" in exp:
            got = [d.get("deger") for d in res["degerler"]]
            if not got or any(g is None or abs(g - exp["deger"]) > TOL for g in got):
                errors.append(f"{rid}: deger {got} != {exp['deger']}")
        if "degerler" in exp:
            got = {_key(d["okuma"]): d.get("deger") for d in res["degerler"]}
            if set(got) != set(exp["degerler"]) or any(
                    got[k] is None or abs(got[k] - v) > TOL for k, v in exp["degerler"].items()):
                errors.append(f"{rid}: degerler {got} != {exp['degerler']}")
        if "eksik" in exp and res["eksik"] != exp["eksik"]:
            errors.append(f"{rid}: eksik {res['eksik']} != {exp['eksik']}")
    if "basarili" in vec and result["basarili"] != vec["basarili"]:
        errors.append(f"basarili {result['basarili']} != {vec['basarili']} (basarisiz: {result['basarisiz']})")
    return errors


def test_there_are_enough_vectors_with_unique_ids():
    assert len(VECTORS) >= 80
    ids = [v["id"] for v in VECTORS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("vec", VECTORS, ids=[v["id"] for v in VECTORS])
def test_vector(vec, sets):
    rs = sets[vec["kural_kumesi"]]
    assert answer_problems(rs.compiled, vec["yanitlar"]) == []  # the vector itself is a valid answers file
    result = evaluate_compiled(rs.compiled, vec["yanitlar"])
    assert check_vector(vec, result) == []


def test_every_cap_and_rate_is_tested_on_both_sides_of_its_limit(sets):
    """Each budget line and each condition built on a parameter has a passing and a failing vector."""
    seen: dict[tuple[str, str], set[str]] = {}
    for vec in VECTORS:
        for rid, exp in vec["beklenen"].items():
            seen.setdefault((vec["kural_kumesi"], rid), set()).add(exp["durum"])
    missing = []
    for rs in sets.values():
        for rule in rs.rules:
            if rule["tur"] == "hesap" or (rule["tur"] in ("kosul", "desteklenmez") and not rule["parametreler"]):
                continue
            statuses = seen.get((rs.id, rule["id"]), set())
            if rule["tur"] == "kalem" or rule["tur"] == "kosul":
                if "karsilaniyor" not in statuses or not statuses & {"karsilanmiyor", "belirsiz"}:
                    missing.append(f"{rs.id}/{rule['id']}: {sorted(statuses)}")
    assert missing == []


def test_every_rule_set_rule_is_exercised(sets):
    covered = {(v["kural_kumesi"], rid) for v in VECTORS for rid in v["beklenen"]}
    for rs in sets.values():
        assert any(rs.id == k for k, _ in covered), rs.id
    # every rule that computes an amount is checked by at least one vector
    untested = [f"{rs.id}/{r['id']}" for rs in sets.values() for r in rs.rules
                if r["tur"] in ("kalem", "hesap") and (rs.id, r["id"]) not in covered]
    assert untested == []


def test_results_match_the_published_schema(sets):
    schema = json.loads((ROOT / "schemas" / "rules" / "result.schema.json").read_text(encoding="utf-8"))
    v = Draft202012Validator(schema)
    for vec in VECTORS[:40]:
        result = evaluate_compiled(sets[vec["kural_kumesi"]].compiled, vec["yanitlar"])
        assert list(v.iter_errors(result)) == []


def test_public_api_evaluate_by_id():
    result = evaluate("kio-engelli-butce", {"kurulus_destegi_talebi": 45000})
    kd = next(r for r in result["sonuclar"] if r["id"] == "kurulus_destegi")
    assert kd["durum"] == "karsilaniyor" and kd["degerler"][0]["deger"] == 45000
    assert kd["kaynaklar"] == ["rehber-2020-1:sec_4__sub_A__sub_b__sub_i__list_1__point_c",
                               "rehber-2020-1:sec_4__sub_A__sub_e__sub_i__list_1__point_7"]


def test_ambiguous_eski_hukumlu_cap_gives_both_readings_and_both_cites(sets):
    rs = sets["kio-eski-hukumlu-butce"]
    rule = next(r for r in rs.rules if r["id"] == "kurulus_destegi")
    assert rule["kaynaklar"] == ["rehber-2020-1:sec_4__sub_A__sub_b__sub_ii__para_1",
                                 "rehber-2020-1:sec_4__sub_A__sub_e__sub_ii__list_1__point_7"]
    assert {p["donem"] for p in rule["parametreler"] if p["id"] == "brut_asgari_ucret"} == {"2020", "2021"}
    res = next(r for r in evaluate_compiled(rs.compiled, {"kurulus_destegi_talebi": 50000})["sonuclar"]
               if r["id"] == "kurulus_destegi")
    assert res["durum"] == "belirsiz"
    lines = reading_lines(rs.compiled, rule, res)
    assert lines == ["2020 yılı brüt asgari ücreti (2.943 TL): 44.145 TL, talep sınırı aşıyor",
                     "2021 yılı brüt asgari ücreti (3.577,50 TL): 53.662,50 TL, talep sınırın içinde"]
    assert amount_text(rs.compiled, rule, res) == "En fazla: okumaya göre değişir — talep: 50.000 TL"


def test_compiled_rules_hold_only_resolved_values(sets):
    """No parameter reference, macro or stray figure survives compilation."""
    allowed_literals = {0, 100, 12}  # nil, percent (yuzde) and year->month conversions made by the compiler
    param_values = set()
    for rs in sets.values():
        for rule in rs.rules:
            for v in rule.get("varyantlar", []):
                param_values |= set(_numbers(v["mantik"]))
    text = json.dumps([rs.compiled for rs in sets.values()], ensure_ascii=False)
    assert '"param"' not in text and '"yuzde"' not in text and '"secenek"' not in text
    from kb.content.loader import load_knowledge_base as _l

    kbase = _l(ROOT)
    values = {v.value for p in kbase.params.values() for v in p.values if isinstance(v.value, (int, float))}
    values |= {v * 12 for v in values} | {2, 3}  # years as months; numerator/denominator of 2/3
    assert param_values - values - allowed_literals == set()


def _numbers(logic):
    if isinstance(logic, bool):
        return
    if isinstance(logic, (int, float)):
        yield logic
    elif isinstance(logic, list):
        for x in logic:
            yield from _numbers(x)
    elif isinstance(logic, dict):
        for x in logic.values():
            yield from _numbers(x)


def test_compilation_is_deterministic(kb):
    a = {k: json.dumps(v.compiled, sort_keys=True) for k, v in load_rulesets(ROOT, kb).items()}
    b = {k: json.dumps(v.compiled, sort_keys=True) for k, v in load_rulesets(ROOT, kb).items()}
    assert a == b and len(a) == 14


def test_format_tl_rounds_to_kurus():
    assert format_tl(45000) == "45.000 TL"
    assert format_tl(3577.5) == "3.577,50 TL"
    assert format_tl(0) == "0 TL"
    assert format_tl(19129.499999999996) == "19.129,50 TL"
    assert format_tl(1234567.891) == "1.234.567,89 TL"


# ----------------------------------------------------------------------- check: file:line
def _break(copy: Path, rel: str, old: str, new: str) -> None:
    f = copy / rel
    text = f.read_text(encoding="utf-8")
    assert old in text
    f.write_text(text.replace(old, new, 1), encoding="utf-8")


def _check_problems(root: Path) -> list[str]:
    from kb.commands.check import run_check

    with pytest.raises(BuildError) as exc:
        run_check(root)
    return [str(p) for p in exc.value.problems.sorted()]


def test_check_reports_a_rule_citing_a_missing_node_with_file_and_line(content_copy):
    rel = "rules/kio-engelli-butce.yaml"
    _break(content_copy, rel, '["rehber:sec_4__sub_A__sub_b__sub_i__list_1__point_a"]',
           '["rehber:sec_4__sub_A__sub_b__sub_i__list_1__point_z"]')
    line = line_of(content_copy / rel, "point_z")
    problems = _check_problems(content_copy)
    # a rule's cite is written once, period-free, and resolved in every period the set serves
    assert any(p.startswith(f"{rel}:{line}:") and "atıf 2020/1 döneminin rehberinde bulunamadı: "
               "'rehber:sec_4__sub_A__sub_b__sub_i__list_1__point_z' (rehber-2020-1:sec_4__sub_A__sub_b__sub_i__list_1__point_z)"
               in p and "bunu mu demek istediniz" in p for p in problems), problems


def test_check_rejects_a_rule_set_or_a_cite_bound_to_one_period(content_copy):
    """Issue 17: a rule set serves every period; binding it (or one cite) to a period is refused."""
    rel = "rules/kio-engelli-butce.yaml"
    _break(content_copy, rel, '["rehber:sec_4__sub_A__sub_b__sub_i__list_1__point_a"]',
           '["rehber-2020-1:sec_4__sub_A__sub_b__sub_i__list_1__point_a"]')
    line = line_of(content_copy / rel, "rehber-2020-1:sec_4__sub_A__sub_b__sub_i__list_1__point_a")
    problems = _check_problems(content_copy)
    assert any(p.startswith(f"{rel}:{line}:") and "atıf bir rehber dönemine bağlı" in p
               and "dönemsiz yazın: rehber:sec_4__sub_A__sub_b__sub_i__list_1__point_a" in p for p in problems), problems
    _break(content_copy, rel, "belge: rehber\n", "belge: rehber-2020-1\n")
    line = line_of(content_copy / rel, "belge: rehber-2020-1")
    problems = _check_problems(content_copy)
    assert any(p.startswith(f"{rel}:{line}:") and "tek bir rehber dönemine bağlanmış" in p and "'belge: rehber'" in p
               for p in problems), problems


def test_check_reports_a_rule_using_a_missing_parameter_with_file_and_line(content_copy):
    rel = "rules/kio-engelli-butce.yaml"
    _break(content_copy, rel, "mantik: {param: kio_kurulus_islemleri_destegi_ust_sinir}",
           "mantik: {param: kio_kurulus_islemleri_ust_siniri}")
    line = line_of(content_copy / rel, "kio_kurulus_islemleri_ust_siniri")
    problems = _check_problems(content_copy)
    assert any(p.startswith(f"{rel}:{line}:") and "parametre bulunamadı: 'kio_kurulus_islemleri_ust_siniri'" in p
               for p in problems), problems


def test_check_rejects_a_typed_figure_and_an_unperioded_parameter(content_copy):
    rel = "rules/kio-eski-hukumlu-butce.yaml"
    _break(content_copy, rel, "mantik: {param: eh_kurulus_destegi_ust_sinir}",
           'mantik: {"*": [{param: brut_asgari_ucret}, {param: eh_kurulus_destegi_ust_sinir}]}')
    _break(content_copy, "rules/kio-engelli-butce.yaml", "mantik: {param: kio_kurulus_destegi_ust_sinir}",
           "mantik: 45000")
    problems = _check_problems(content_copy)
    assert any(p.startswith(f"{rel}:") and "'brut_asgari_ucret' parametresinin 2020/1 dönemi için değeri yok" in p
               for p in problems), problems
    assert any(p.startswith("rules/kio-engelli-butce.yaml:") and "sayı doğrudan yazılmış: 45000" in p
               for p in problems), problems


def test_check_names_unknown_questions_and_operators(content_copy):
    rel = "rules/korumali-isyeri-uygunluk.yaml"
    _break(content_copy, rel, "- {var: engelli_calisan_sayisi}", "- {var: engeli_calisan_sayisi}")
    _break(content_copy, rel, '"<=": [{var: zihinsel_ruhsal_engelli_sayisi}', '"==": [{var: zihinsel_ruhsal_engelli_sayisi}')
    problems = _check_problems(content_copy)
    assert any("bilinmeyen soru: 'engeli_calisan_sayisi' — bunu mu demek istediniz: engelli_calisan_sayisi" in p
               for p in problems), problems
    assert any("desteklenmeyen işlem: '==' ('==' yerine '===' kullanın)" in p for p in problems), problems


def test_check_counts_rule_sets():
    from kb.commands.check import run_check

    assert "14 kural kümesi" in run_check(ROOT)


# ----------------------------------------------------------------------- CLI
class _Done:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """`generator.py evaluate ARGS` in this process (kb.cli.main, as generator.py calls it)."""
    import io

    from kb.commands.cli import main

    def _run(*args, stdin: str | None = None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
        code = main(["evaluate", *args])
        out = capsys.readouterr()
        return _Done(code, out.out, out.err)

    return _run


def test_cli_as_a_process_never_shows_a_traceback(tmp_path):
    f = tmp_path / "a.json"
    f.write_text('{"yas": [1]}', encoding="utf-8")
    p = run_generator("evaluate", "kio-engelli-uygunluk", f, timeout=300)
    assert p.returncode == 2 and "/yas: liste yazılmış" in p.stderr and "Traceback" not in p.stderr


def test_cli_exit_0_when_everything_is_met(tmp_path, run_cli):
    f = tmp_path / "a.json"
    vec = next(v for v in VECTORS if v["id"] == "kioe-u-hepsi-tamam-hayvancilik")
    f.write_text(json.dumps(vec["yanitlar"]), encoding="utf-8")
    p = run_cli("kio-engelli-uygunluk", str(f))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "[karşılanıyor] İŞKUR’a engelli kaydı" in p.stdout
    assert "Kaynak: Rehber 2020/1, 4-A-a-i, a) bendi — rehber/2020-1/kendi-isini-kurma/#r4-A-a-i-l1-a" in p.stdout
    assert "Sonuç (karşılanıyor): Bütün şartlar karşılanıyor." in p.stdout


def test_cli_exit_1_lists_every_failure_and_json_has_the_same(tmp_path, run_cli):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"kurulus_islemleri_talebi": 5000.01, "depozito_talebi": 10,
                             "kurulus_destegi_talebi": 45000}), encoding="utf-8")
    p = run_cli("kio-engelli-butce", str(f))
    assert p.returncode == 1
    assert "Sonuç (karşılanmıyor): Karşılanmayan: Kuruluş işlemleri desteği; Depozito." in p.stdout
    assert ("  - kurulus_islemleri: karşılanmıyor — Kuruluş işlemleri desteği: Talep ettiğiniz 5.000,01 TL; "
            "en fazla 5.000 TL olabilir (Rehber 2020/1, 4-A-b-i, a) bendi)") in p.stdout
    assert "  - depozito: karşılanmıyor — Depozito: Talep ettiğiniz 10 TL; bu gider desteklenmez, en fazla 0 TL olabilir" in p.stdout
    j = run_cli("kio-engelli-butce", str(f), "--json")
    assert j.returncode == 1
    data = json.loads(j.stdout)
    assert data["basarisiz"] == ["kurulus_islemleri", "depozito"] == data["karar"]["basarisiz"]
    assert data["karar"]["durum"] == "karsilanmiyor" and data["basarili"] is False
    kd = next(r for r in data["sonuclar"] if r["id"] == "kurulus_destegi")
    assert kd["durum"] == "karsilaniyor" and kd["tutar_metni"] == "En fazla: 45.000 TL — talep: 45.000 TL"
    assert kd["atiflar"][0]["url"] == "rehber/2020-1/kendi-isini-kurma/#r4-A-b-i-l1-c"
    schema = json.loads((ROOT / "schemas" / "rules" / "result.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []


def test_cli_belirsiz_is_a_failure_and_shows_both_readings(tmp_path, run_cli):
    f = tmp_path / "a.json"
    f.write_text('{"kurulus_destegi_talebi": 50000}', encoding="utf-8")
    p = run_cli("kio-eski-hukumlu-butce", str(f))
    assert p.returncode == 1
    assert "2020 yılı brüt asgari ücreti (2.943 TL): 44.145 TL, talep sınırı aşıyor" in p.stdout
    assert "2021 yılı brüt asgari ücreti (3.577,50 TL): 53.662,50 TL, talep sınırın içinde" in p.stdout
    assert "Rehber 2020/1, 4-A-b-ii, paragraf 1" in p.stdout and "Rehber 2020/1, 4-A-e-ii, 7. madde" in p.stdout


@pytest.mark.parametrize("content, needle", [
    ('{"yas": ', "JSON okunamadı"),
    ("[1, 2]", "bir JSON nesnesi olmalı"),
    ('{"yas": "otuz"}', "/yas: metin yazılmış, tam sayı ya da boş değer bekleniyor"),
    ('{"yass": 30}', "/yass: bilinmeyen alan: 'yass' — bunu mu demek istediniz: yas"),
    ('{"emekli": "hayır"}', "/emekli: metin yazılmış, evet/hayır (true/false) ya da boş değer bekleniyor"),
    ('{"proje_konusu": "balikcilik"}', "/proje_konusu: 'balikcilik' geçerli bir seçenek değil"),
])
def test_cli_exit_2_for_unusable_answers(tmp_path, content, needle, run_cli):
    f = tmp_path / "a.json"
    f.write_text(content, encoding="utf-8")
    p = run_cli("kio-engelli-uygunluk", str(f))
    assert p.returncode == 2
    assert needle in p.stderr
    assert "Traceback" not in p.stderr and p.stdout == ""


def test_cli_exit_2_for_unknown_rule_set_and_missing_file(tmp_path, run_cli):
    p = run_cli("kio-engeli-uygunluk", str(tmp_path / "yok.json"))
    assert p.returncode == 2 and "bilinmeyen kural kümesi — bunu mu demek istediniz: kio-engelli-uygunluk" in p.stderr
    p = run_cli("kio-engelli-uygunluk", str(tmp_path / "yok.json"))
    assert p.returncode == 2 and "dosya bulunamadı" in p.stderr
    p = run_cli("kio-engelli-uygunluk", "-", stdin='{"yas": 18}')
    assert p.returncode == 1 and "[karşılanıyor] Yaş" in p.stdout


# ----------------------------------------------------------------------- site output
def test_catalog_lists_rule_sets_with_cites_that_resolve(built_site, kb):
    catalog = json.loads((built_site / "data" / "catalog.json").read_text(encoding="utf-8"))
    entries = {e["id"]: e for e in catalog["rules"]}
    assert len(entries) == 14
    e = entries["kio-engelli-butce"]
    assert e["url"] == "butce-hesaplama/kio-engelli/" and e["project_type"] == "kio-engelli"
    assert (built_site / e["url"] / "index.html").exists()
    assert (built_site / e["data"]).exists() and (built_site / e["answers_schema"]).exists()
    for entry in entries.values():
        for rule in entry["rules"]:
            for cite, url in zip(rule["cites"], rule["urls"]):
                assert cite in kb.nodes
                page, anchor = url.split("#")
                html = (built_site / page / "index.html").read_text(encoding="utf-8")
                assert f'id="{anchor}"' in html, (entry["id"], rule["id"], url)


def test_published_answers_schema_accepts_every_vector(built_site):
    for vec in VECTORS:
        schema = json.loads((built_site / "data" / "rules" / f"{vec['kural_kumesi']}.answers.schema.json").read_text("utf-8"))
        assert list(Draft202012Validator(schema).iter_errors(vec["yanitlar"])) == [], vec["id"]


def test_rule_page_cites_every_rule_and_shows_fixed_caps_without_javascript(built_site, sets):
    html = (built_site / "butce-hesaplama" / "kio-engelli" / "index.html").read_text(encoding="utf-8")
    for rule in sets["kio-engelli-butce"].rules:
        assert f'id="kural-{rule["id"]}"' in html
    # a fixed cap is rendered on the server, so it is there without JavaScript and in print
    assert "En fazla: 5.000 TL" in html and "En fazla: 45.000 TL" in html
    assert '<script type="application/json" id="kb-rules-data">' in html
    # the script under its fingerprinted name (kb/ssg/fingerprint.py)
    assert f'type="module" src="../../{served_asset(built_site, "assets/kb/rules.js")}"' in html
