"""The municipal programme's rule sets (belge: yonetmelik): application (Madde 4, 8, 9),
obligations and the closed list of suspension grounds (Madde 24, 22, 23), retention of personal
data (Madde 20). Their verdicts, citations, the engine's support for a regulation-based set,
and where the site links them."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb.common.problems import BuildError
from kb.rules.loader import evaluate, load_rulesets
from conftest import run_generator

PROGRAMME = ["destekli-istihdam-basvuru", "destekli-istihdam-yukumlulukler", "destekli-istihdam-veri-saklama"]

MET = {
    "destekli-istihdam-basvuru": {"engelli_birey": True, "basvuran": "aday_aile_ile", "randevu": True,
                                  "belgeler_eksiksiz": True},
    "destekli-istihdam-yukumlulukler": {"dogru_bilgi": True, "randevulara_uyum": True, "degisiklik_bildirimi": True,
                                        "is_kocu_yonlendirmeleri": True, "belgeler_suresinde": True,
                                        "aktif_katilim": True, "kurallara_aykiri_davranis": False,
                                        "ciddi_isg_riski": False, "karar_bildirildi": True,
                                        "karar_gerekceli_yazili": True},
    "destekli-istihdam-veri-saklama": {"saklama_suresi_ay": 60},
}
# Madde 22: the closed list, one rule per point
GROUNDS = {"a": "dogru_bilgi", "b": "belgeler_suresinde", "c": "aktif_katilim", "ç": "kurallara_uygun_davranis",
           "d": "ciddi_isg_riski_olmamasi"}


@pytest.fixture(scope="module")
def sets(kb):
    return load_rulesets(Path(__file__).resolve().parents[2], kb)


def _cli(tmp_path, rid: str, answers: dict, *extra: str):
    f = tmp_path / f"{rid}.json"
    f.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return run_generator("evaluate", rid, str(f), *extra)


@pytest.mark.parametrize("rid", PROGRAMME)
def test_nothing_answered_is_incomplete_and_exits_1(tmp_path, rid):
    p = _cli(tmp_path, rid, {})
    assert p.returncode == 1, p.stdout + p.stderr
    assert "Sonuç (eksik)" in p.stdout
    assert "(yönetmelik, onay kararı 15.04.2026/484)" in p.stdout.splitlines()[0]


@pytest.mark.parametrize("rid", PROGRAMME)
def test_a_fully_answered_met_case_exits_0(tmp_path, rid):
    p = _cli(tmp_path, rid, MET[rid])
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Sonuç (karşılanıyor): Bütün şartlar karşılanıyor." in p.stdout


@pytest.mark.parametrize("rid", PROGRAMME)
def test_every_rule_cites_a_regulation_node(sets, kb, rid):
    rs = sets[rid]
    assert rs.regulation and rs.project_type is None and rs.doc == "yonetmelik"
    for rule in rs.rules:
        assert rule["kaynaklar"], rule["id"]
        for c in rule["kaynaklar"]:
            assert c.startswith("yonetmelik:art_") and c in kb.nodes, (rule["id"], c)


def test_application_cites_madde_8_and_9_and_needs_the_candidate(sets):
    rules = {r["id"]: r for r in sets["destekli-istihdam-basvuru"].rules}
    assert rules["basvuru_sekli"]["kaynaklar"] == ["yonetmelik:art_8__para_1"]
    assert rules["randevu"]["kaynaklar"] == ["yonetmelik:art_8__para_1"]
    assert rules["belgeler_eksiksiz"]["kaynaklar"] == ["yonetmelik:art_9__para_1"]
    r = evaluate("destekli-istihdam-basvuru", {**MET["destekli-istihdam-basvuru"], "basvuran": "aday_olmadan"})
    assert r["karar"]["durum"] == "karsilanmiyor" and r["basarisiz"] == ["basvuru_sekli"]
    # says nothing the regulation does not: no place or channel for appointments, no document list
    text = json.dumps(sets["destekli-istihdam-basvuru"].compiled, ensure_ascii=False)
    assert "randevunun nereden ve nasıl alınacağını yazmaz" in text
    assert not re.search(r"telefon|internet|e-Devlet|ALO|web sitesi", text, re.I)


def test_madde_22_is_a_closed_list_one_rule_per_point(sets):
    rs = sets["destekli-istihdam-yukumlulukler"]
    by_point = {}
    for rule in rs.rules:
        for c in rule["kaynaklar"]:
            m = re.fullmatch(r"yonetmelik:art_22__point_(.+)", c)
            if m:
                by_point.setdefault(m.group(1), []).append(rule["id"])
    assert by_point == {k: [v] for k, v in GROUNDS.items()}
    for rid in GROUNDS.values():
        rule = next(r for r in rs.rules if r["id"] == rid)
        assert "yonetmelik:art_22__para_1" in rule["kaynaklar"]  # "askıya alınabilir veya sonlandırılabilir"


def test_a_ground_not_on_the_list_is_never_reported_as_one(tmp_path, sets):
    rid = "destekli-istihdam-yukumlulukler"
    # every listed ground answered "not the case": no Madde 22 rule fails, whatever else happens
    r = evaluate(rid, MET[rid])
    assert not set(GROUNDS.values()) & set(r["basarisiz"])
    # a situation the list does not name has no question: it is not usable input, not a ground
    p = _cli(tmp_path, rid, {**MET[rid], "baska_bir_gerekce": True})
    assert p.returncode == 2
    assert "baska_bir_gerekce" in p.stderr
    # each listed ground fails only its own rule
    for point, rule_id in GROUNDS.items():
        rule = next(x for x in sets[rid].rules if x["id"] == rule_id)
        qid = next(iter(rule["sema"]["properties"]))
        wrong = not rule["sema"]["properties"][qid]["const"]
        r = evaluate(rid, {**MET[rid], qid: wrong})
        assert r["basarisiz"] == [rule_id], point


def test_suspension_wording_is_discretionary_and_never_says_it_will_end(tmp_path, sets):
    rid = "destekli-istihdam-yukumlulukler"
    compiled = sets[rid].compiled
    for rule_id in GROUNDS.values():
        rule = next(x for x in compiled["kurallar"] if x["id"] == rule_id)
        assert "askıya alınabilir ya da sonlandırılabilir" in rule["aciklama"]
        assert "takdir" in rule["aciklama"] and "Madde 23" in rule["aciklama"]
    assert "takdir" in compiled["giris"] and "kapalı" in compiled["giris"]
    answers = {**MET[rid], "dogru_bilgi": False, "aktif_katilim": False, "ciddi_isg_riski": True}
    p = _cli(tmp_path, rid, answers)
    assert p.returncode == 1
    everything = json.dumps(compiled, ensure_ascii=False) + p.stdout
    for word in ("sonlandırılacak", "askıya alınacak", "sona erecek", "sonlandırılır", "askıya alınır"):
        assert word not in everything.lower(), word
    written = next(x for x in compiled["kurallar"] if x["id"] == "gerekceli_yazili_karar")
    assert written["kaynaklar"] == ["yonetmelik:art_23__para_1"]
    assert evaluate(rid, {**MET[rid], "karar_gerekceli_yazili": False})["basarisiz"] == ["gerekceli_yazili_karar"]
    no_decision = evaluate(rid, {**MET[rid], "karar_bildirildi": False, "karar_gerekceli_yazili": None})
    assert no_decision["karar"]["durum"] == "karsilaniyor"


def test_retention_uses_the_parameter_and_states_the_reservation(tmp_path, sets):
    rid = "destekli-istihdam-veri-saklama"
    rs = sets[rid]
    rule = rs.rules[0]
    assert rule["kaynaklar"] == ["yonetmelik:art_20__para_1"]
    assert rule["parametreler"] == [{"id": "yonetmelik_veri_saklama_suresi", "donem": "15.04.2026/484"}]
    assert rule["sema"]["properties"]["saklama_suresi_ay"] == {"maximum": 60}  # 5 years, from the parameter
    assert "saklı kalmak kaydıyla" in rs.compiled["giris"]
    assert "mutlaka silinmesi gerektiği anlamına gelmez" in rule["aciklama"]
    p = _cli(tmp_path, rid, {"saklama_suresi_ay": 61})
    assert p.returncode == 1
    assert "yanıtınız 61 ay; en fazla 60 ay olabilir (Madde 20)" in p.stdout
    yaml_text = (Path(__file__).resolve().parents[2] / "rules" / f"{rid}.yaml").read_text(encoding="utf-8")
    assert not re.search(r"\b(5|60)\b", yaml_text.split("kurallar:")[1])  # no typed figure


# ------------------------------------------------------------------ the engine's support
def _problems(root: Path) -> list[str]:
    from kb.commands.check import run_check

    with pytest.raises(BuildError) as exc:
        run_check(root)
    return [str(p) for p in exc.value.problems.sorted()]


def test_a_regulation_set_has_no_project_type_and_a_guide_set_needs_one(content_copy):
    f = content_copy / "rules" / "destekli-istihdam-basvuru.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("belge: yonetmelik\n", "belge: yonetmelik\nproje_turu: kio-engelli\n"),
                 encoding="utf-8")
    g = content_copy / "rules" / "kio-engelli-uygunluk.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("proje_turu: kio-engelli\n", ""), encoding="utf-8")
    problems = _problems(content_copy)
    assert any(p.startswith("rules/destekli-istihdam-basvuru.yaml:") and "yönetmeliğe dayanan bir kural kümesinin proje türü olmaz" in p
               for p in problems), problems
    assert any(p.startswith("rules/kio-engelli-uygunluk.yaml:") and "proje türü ('proje_turu') yok" in p
               for p in problems), problems


# ------------------------------------------------------------------ the site
def test_candidates_page_links_every_programme_set_and_the_index_lists_them(built_site):
    cand = (built_site / "adaylar-ve-aileler" / "index.html").read_text(encoding="utf-8")
    index = (built_site / "uygun-muyum" / "index.html").read_text(encoding="utf-8")
    for rid in PROGRAMME:
        assert f'href="../uygun-muyum/{rid}/"' in cand, rid
        assert f'href="{rid}/"' in index, rid
        page = (built_site / "uygun-muyum" / rid / "index.html").read_text(encoding="utf-8")
        assert "yonetmelik/#madde-" in page and "kb-period" not in page  # cites the regulation; no guide period notice
        assert "İŞKUR il müdürlüğü ve Komisyon" not in page


def test_catalog_lists_the_programme_sets_with_cites(built_site):
    catalog = json.loads((built_site / "data" / "catalog.json").read_text(encoding="utf-8"))
    entries = {e["id"]: e for e in catalog["rules"]}
    for rid in PROGRAMME:
        e = entries[rid]
        assert e["source"] == "yonetmelik" and e["project_type"] is None and e["period"] == "15.04.2026/484"
        assert e["url"] == f"uygun-muyum/{rid}/"
        for r in e["rules"]:
            assert r["cites"] and all(c.startswith("yonetmelik:") for c in r["cites"])
            assert all(u.startswith("yonetmelik/#madde-") for u in r["urls"])


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_works_in_the_browser_at_both_widths(open_page, width):
    opened = open_page("uygun-muyum/destekli-istihdam-yukumlulukler/", width=width)
    page = opened.page
    page.wait_for_selector("#kb-rules-form[data-ready]")
    for qid, v in MET["destekli-istihdam-yukumlulukler"].items():
        page.locator(f"#yanit-{qid}-{'evet' if v else 'hayir'}").check()
    page.locator("#yanit-aktif_katilim-hayir").check()
    page.locator("#kb-rules-form button[type=submit]").click()
    summary = page.locator("#kb-rules-summary")
    assert summary.get_attribute("data-karar") == "karsilanmiyor"
    assert "Sürece aktif katılmak" in summary.inner_text()
    assert "(Madde 22; Madde 22 (c); Madde 23)" in page.locator("#kural-aktif_katilim [data-why]").inner_text()
    assert "takdir" in page.locator("#kural-aktif_katilim .kb-rule__explain").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not [m for m in opened.console if m.startswith("error")]
