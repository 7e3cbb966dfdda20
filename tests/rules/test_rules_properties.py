"""Verdicts you can trust, proved by property: answer files generated from each rule set's
answers schema (tests/rules/answer_strategies.py) — absent, null, 0, the caps and thresholds
± 0.01, the caps the engine computes for those very answers, huge numbers and, for the command
line, wrong types, unknown keys and broken JSON — and for every one of them:

* the engine (evaluate_compiled) never raises on schema-valid answers;
* its one verdict (``karar``) is consistent: ``basarili`` iff karsilaniyor; never karsilaniyor
  while a rule is karsilanmiyor or belirsiz, while a condition that applies is unanswered or
  while a requested amount cannot be checked; the failing rules are exactly those listed;
  a missing question is never one that was answered; null is the same as absent;
* `generator.py evaluate` (run in-process) never prints "beklenmeyen hata", exits 2 iff the
  file is unusable (bad JSON, not an object, not fitting the answers schema), else 0 iff the
  verdict is karsilaniyor, and its --json report carries the engine's verdict.

Derandomized: the same examples on every run (CI is deterministic); no example database.
"""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from answer_strategies import Model, answers_strategy
from kb.rules.evaluation import evaluate_compiled
from kb.rules.loader import rulesets

SETS = {rid: Model.of(rs.compiled) for rid, rs in rulesets().items()}
IDS = list(SETS)
VERDICTS = ("karsilaniyor", "karsilanmiyor", "eksik")

ENGINE = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CLI = settings(max_examples=50, deadline=None, derandomize=True, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.function_scoped_fixture])


def _answered(v) -> bool:
    return v is not None and v != ""


def _requested(v) -> bool:
    """An amount asked for: a number above 0 (what a budget line needs to be checked at all)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v > 0


def verdict_problems(compiled: dict, answers: dict, result: dict) -> list[str]:
    """Everything wrong with one result's verdict, as readable lines (empty: consistent)."""
    rules = {r["id"]: r for r in compiled["kurallar"]}
    questions = [q["id"] for q in compiled["sorular"]]
    data = {k: v for k, v in answers.items() if _answered(v)}
    out = []
    karar = result.get("karar")
    if not isinstance(karar, dict):
        return [f"no karar in the result (keys: {sorted(result)})"]
    if set(karar) < {"durum", "basarisiz", "eksik_sorular", "cumle"}:
        out.append(f"karar lacks fields: {sorted(karar)}")
        return out
    durum = karar["durum"]
    if durum not in VERDICTS:
        out.append(f"karar.durum {durum!r} is not one of {VERDICTS}")
    if result["basarili"] != (durum == "karsilaniyor"):
        out.append(f"basarili={result['basarili']} but karar.durum={durum}")
    if not isinstance(karar["cumle"], str) or not karar["cumle"].strip():
        out.append(f"karar.cumle is empty: {karar['cumle']!r}")
    unknown = [i for i in karar["basarisiz"] if i not in rules]
    if unknown:
        out.append(f"karar.basarisiz names unknown rules {unknown}")
    if [q for q in karar["eksik_sorular"] if q not in questions] or len(set(karar["eksik_sorular"])) != len(karar["eksik_sorular"]):
        out.append(f"karar.eksik_sorular has unknown or repeated questions: {karar['eksik_sorular']}")
    answered_missing = [q for q in karar["eksik_sorular"] if q in data]
    if answered_missing:
        out.append(f"karar.eksik_sorular lists answered questions {answered_missing}")
    failing = [r["id"] for r in result["sonuclar"] if r["durum"] in ("karsilanmiyor", "belirsiz")]
    if sorted(karar["basarisiz"]) != sorted(failing):
        out.append(f"karar.basarisiz {karar['basarisiz']} != the rules that are karsilanmiyor/belirsiz {failing}")
    if failing and durum != "karsilanmiyor":
        out.append(f"{durum} although {failing} are karsilanmiyor/belirsiz")
    if durum == "karsilaniyor":
        if karar["basarisiz"] or karar["eksik_sorular"]:
            out.append(f"karsilaniyor with basarisiz={karar['basarisiz']} eksik_sorular={karar['eksik_sorular']}")
        for res in result["sonuclar"]:
            rule = rules[res["id"]]
            if res["durum"] != "yanitlanmadi":
                continue
            if rule["tur"] == "kosul" and not rule.get("istege_bagli"):
                out.append(f"karsilaniyor while condition {rule['id']} is unanswered ({res['eksik']})")
            elif rule["tur"] == "kosul" and any(q in data for q in rule["gerekli"]):
                out.append(f"karsilaniyor while optional condition {rule['id']}, begun, is unanswered ({res['eksik']})")
            elif rule.get("talep") and rule["tur"] != "hesap" and _requested(data.get(rule["talep"])):
                out.append(f"karsilaniyor while the requested amount of {rule['id']} cannot be checked ({res['eksik']})")
    return out


@pytest.mark.parametrize("ruleset", IDS)
def test_engine_never_raises_and_its_verdict_is_consistent(ruleset):
    m = SETS[ruleset]

    @ENGINE
    @given(answers_strategy(m))
    def check(answers):
        assert m.valid(answers)
        result = evaluate_compiled(m.compiled, answers)
        problems = verdict_problems(m.compiled, answers, result)
        assert not problems, f"{ruleset} {json.dumps(answers, ensure_ascii=False)}:\n  " + "\n  ".join(problems)
        # null is "not answered", exactly like a question left out
        without_nulls = {k: v for k, v in answers.items() if v is not None}
        assert evaluate_compiled(m.compiled, without_nulls) == result, "null and absent disagree"

    check()


# ------------------------------------------------------------------ the command line, in-process
@st.composite
def _files(draw, m: Model):
    """(text of an answers file, why it is unusable or None)."""
    answers = draw(answers_strategy(m, wrong=True))
    form = draw(st.sampled_from(["json"] * 8 + ["bozuk", "liste", "sayi", "nan", "bos"]))
    text = json.dumps(answers, ensure_ascii=False)
    if form == "bozuk":
        return text[:-1] + ",", "bad JSON"
    if form == "liste":
        return json.dumps([answers]), "not an object"
    if form == "sayi":
        return "45000", "not an object"
    if form == "nan":
        return '{"%s": NaN}' % draw(st.sampled_from(sorted(m.props))), "NaN is not JSON"
    if form == "bos":
        return "", "empty file"
    return text, None if m.valid(answers) else "not fitting the answers schema"


@pytest.fixture(scope="module")
def answers_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("yanitlar")


@pytest.mark.parametrize("ruleset", IDS)
def test_cli_exit_code_is_the_verdict_and_never_an_internal_error(ruleset, answers_dir, capsys):
    from kb.commands.cli import main

    m = SETS[ruleset]
    file = answers_dir / f"{ruleset}.json"

    @CLI
    @given(_files(m))
    def check(case):
        text, unusable = case
        file.write_text(text, encoding="utf-8")
        capsys.readouterr()
        code = main(["evaluate", ruleset, str(file), "--json"])
        out, err = capsys.readouterr()
        shown = f"{ruleset} {text!r}: exit {code}\nstdout: {out[-600:]}\nstderr: {err[-600:]}"
        assert "beklenmeyen hata" not in out + err and "Traceback" not in out + err, shown
        if unusable:
            assert code == 2, f"{unusable}, expected exit 2 — " + shown
            return
        assert code != 2, "a schema-valid file was refused — " + shown
        result = evaluate_compiled(m.compiled, json.loads(text))
        expected = 0 if result["karar"]["durum"] == "karsilaniyor" else 1
        assert code == expected, f"verdict {result['karar']['durum']}, expected exit {expected} — " + shown
        report = json.loads(out)
        assert {k: report["karar"][k] for k in ("durum", "basarisiz", "eksik_sorular", "cumle")} == \
            {k: result["karar"][k] for k in ("durum", "basarisiz", "eksik_sorular", "cumle")}, shown

    check()
