"""The one overall verdict (`karar`, kb/rules/verdict.py): never green for what was not
answered, not-met lines that say what was entered and the limit, bounds on every number.

Real content: every rule set of rules/*.yaml, through `generator.py evaluate` (in process)."""
from __future__ import annotations

import io
import json
import math
import sys
from pathlib import Path

import pytest

from kb.rules.evaluation import evaluate_compiled
from kb.rules.loader import load_rulesets

ROOT = Path(__file__).resolve().parents[2]
RULESETS = sorted(p.stem for p in (ROOT / "rules").glob("*.yaml") if p.name != "ortak.yaml")


class _Done:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def evaluate_cli(capsys, monkeypatch):
    """`generator.py evaluate RULESET -` with answers on standard input, in this process."""
    from kb.commands.cli import main

    def _run(ruleset: str, answers, *extra: str):
        text = answers if isinstance(answers, str) else json.dumps(answers)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
        code = main(["evaluate", ruleset, "-", *extra])
        out = capsys.readouterr()
        return _Done(code, out.out, out.err)

    return _run


@pytest.fixture(scope="module")
def sets(kb):
    return load_rulesets(ROOT, kb)


def test_every_rule_set_is_found():
    assert len(RULESETS) >= 10


@pytest.mark.parametrize("ruleset", RULESETS)
def test_nothing_answered_is_never_met(evaluate_cli, ruleset):
    p = evaluate_cli(ruleset, {})
    assert p.returncode == 1, p.stdout + p.stderr
    assert "Sonuç (eksik):" in p.stdout
    assert "karşılanıyor ve talep edilen her tutar" not in p.stdout
    assert "  - yanıtlanmadı: " in p.stdout  # what to answer is listed
    j = evaluate_cli(ruleset, {}, "--json")
    data = json.loads(j.stdout)
    assert j.returncode == 1 and data["karar"]["durum"] == "eksik" and data["basarili"] is False
    assert data["karar"]["eksik_sorular"]


def test_capital_support_without_the_own_cash_share_is_incomplete(evaluate_cli):
    p = evaluate_cli("korumali-isyeri-butce", {"gerekli_sermaye": 250000, "sermaye_hibe_talebi": 150000})
    assert p.returncode == 1, p.stdout
    assert "Sonuç (eksik): Sonuç için 1 soru daha yanıtlanmalı." in p.stdout
    assert "  - yanıtlanmadı: nakit_katki — Projeye nakit olarak kendiniz ayıracağınız tutar" in p.stdout
    data = json.loads(evaluate_cli("korumali-isyeri-butce", {"gerekli_sermaye": 250000, "sermaye_hibe_talebi": 150000},
                                   "--json").stdout)
    assert data["karar"]["eksik_sorular"] == ["nakit_katki"]


def test_a_line_not_requested_is_not_missing(sets):
    rs = sets["korumali-isyeri-butce"].compiled
    karar = evaluate_compiled(rs, {"ucret_destegi_talebi": 1000, "engelli_isci_sayisi": 1, "ucret_destegi_ay": 1})["karar"]
    # the capital support is not requested: its cash share, the operating costs … are not asked
    assert karar["durum"] == "karsilaniyor", karar
    assert karar["eksik_sorular"] == []


def test_met_under_one_reading_only_is_never_green(evaluate_cli):
    p = evaluate_cli("kio-eski-hukumlu-butce", {"kurulus_destegi_talebi": 50000})
    assert p.returncode == 1
    assert "Sonuç (karşılanmıyor): Rehberin bir okumasına göre karşılanmayan: Kuruluş desteği." in p.stdout


def test_numbers_out_of_bounds_are_unusable_input(evaluate_cli):
    p = evaluate_cli("kio-engelli-uygunluk", {"engellilik_orani": 150, "yas": 200})
    assert p.returncode == 2, p.stdout
    assert p.stdout == ""
    assert "/engellilik_orani: 150 çok büyük — en fazla 100 olmalı" in p.stderr
    assert "/yas: 200 çok büyük — en fazla 120 olmalı" in p.stderr


def test_a_bound_is_written_as_a_turkish_reader_writes_it(evaluate_cli):
    p = evaluate_cli("korumali-isyeri-butce", {"gerekli_sermaye": 2000000000})
    assert p.returncode == 2, p.stdout
    assert "/gerekli_sermaye: 2.000.000.000 çok büyük — en fazla 1.000.000.000 olmalı" in p.stderr


@pytest.mark.parametrize("text", ['{"gerekli_sermaye": 1e308}', '{"sermaye_hibe_talebi": 1e308, "gerekli_sermaye": 1e308}',
                                  '{"gerekli_sermaye": NaN}', '{"gerekli_sermaye": Infinity}', '{"gerekli_sermaye": -1e308}',
                                  '{"gerekli_sermaye": 1' + "0" * 400 + '}'])
def test_huge_numbers_never_give_an_unexpected_error(evaluate_cli, text):
    p = evaluate_cli("korumali-isyeri-butce", text)
    assert p.returncode == 2, p.stdout
    assert "beklenmeyen hata" not in p.stderr and "Traceback" not in p.stderr


@pytest.mark.parametrize("value", [1e308, -1e308, math.inf, -math.inf, math.nan, 10 ** 400, 1e13])
def test_the_engine_itself_never_computes_with_unusable_numbers(sets, value):
    for ruleset in RULESETS:
        rs = sets[ruleset].compiled
        answers = {q["id"]: value for q in rs["sorular"] if q["tip"] in ("tutar", "sayi")}
        result = evaluate_compiled(rs, answers)  # no exception
        assert result["karar"]["durum"] != "karsilaniyor"


def test_a_not_met_line_says_what_was_entered_and_the_limit(evaluate_cli):
    p = evaluate_cli("kio-engelli-uygunluk", {"yas": 17, "engellilik_orani": 30})
    assert p.returncode == 1
    assert "Neden: Yaş: yanıtınız 17; en az 18 olmalı (Rehber 2020/1, 4-A-a-i, c) bendi)" in p.stdout
    assert "Neden: Engellilik oranı: yanıtınız %30; en az %40 olmalı (Rehber 2020/1, 4-A-a-i" in p.stdout
    q = evaluate_cli("kio-engelli-butce", {"kurulus_islemleri_talebi": 5000.01})
    assert ("Kuruluş işlemleri desteği: Talep ettiğiniz 5.000,01 TL; en fazla 5.000 TL olabilir "
            "(Rehber 2020/1, 4-A-b-i, a) bendi)") in q.stdout


def test_the_text_output_has_the_rule_explanations(evaluate_cli, sets):
    p = evaluate_cli("korumali-isyeri-butce", {"gerekli_sermaye": 250000, "sermaye_hibe_talebi": 150000})
    for rule in sets["korumali-isyeri-butce"].compiled["kurallar"]:
        if rule.get("aciklama"):
            assert f"Açıklama: {rule['aciklama']}" in p.stdout


def test_the_verdict_is_the_same_in_the_result_and_its_fields(sets):
    rs = sets["kio-engelli-butce"].compiled
    r = evaluate_compiled(rs, {"kurulus_destegi_talebi": 45000})
    assert r["karar"]["durum"] == "karsilaniyor" and r["basarili"] is True and r["basarisiz"] == []
    assert r["karar"]["cumle"] == "Talep ettiğiniz her tutar rehberin sınırının içinde."
