"""The engine: evaluating answers against a compiled rule set (``evaluate_compiled``), the
answers schema of a rule set and the problems of an answers file. theme/assets/kb/rules-engine.js
runs the same steps on the same compiled JSON (tests/rules/test_rules_browser.py proves they agree)."""
from __future__ import annotations

import difflib
import json
import math
from functools import lru_cache
from typing import Any, Callable

from jsonschema import Draft202012Validator

from kb.rules.model import STATUS_LABELS, unique
from kb.rules.verdict import verdict


def answers_schema(compiled: dict) -> dict:
    """JSON Schema (2020-12) for an answers file of this rule set. null = not answered.

    Every number question has a maximum: its `en_fazla`, else ``default_maximum``."""
    props = {}
    for q in compiled["sorular"]:
        t = q["tip"]
        if t == "evet_hayir":
            s = {"type": ["boolean", "null"]}
        elif t == "secim":
            s = {"enum": [o["deger"] for o in q["secenekler"]] + [None]}
        else:
            s = {"type": ["integer" if t == "sayi" and q.get("tam") else "number", "null"], "minimum": 0,
                 "maximum": q["en_fazla"] if "en_fazla" in q else default_maximum(q)}
        s["title"] = q["etiket"]
        props[q["id"]] = s
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Yanıtlar: {compiled['baslik']}",
        "description": "Her alan bir sorunun yanıtıdır; yanıtlanmayan soru yazılmaz ya da null yazılır.",
        "type": "object", "additionalProperties": False, "properties": props,
    }


# Upper bounds of a number question that has no `en_fazla` in its rule file, by unit (then by
# type): the answers schema rejects anything larger before the engine sees it (exit 2 of
# `generator.py evaluate`; the calculators say so under the field). Generous on purpose: they
# catch typing mistakes (150 for a percentage, 200 for an age, 1e308 TL), not unusual projects.
DEFAULT_MAXIMUM_BY_UNIT = {"%": 100, "yaş": 120, "ay": 600, "gün": 3660, "saat": 100_000, "kişi": 100_000}
DEFAULT_MAXIMUM_AMOUNT = 1_000_000_000  # tutar: one billion TL
DEFAULT_MAXIMUM_COUNT = 1_000_000  # sayi without a unit
# The engine itself treats as not answered any number beyond ENGINE_LIMIT, NaN and ±Infinity
# (whoever calls it, schema-checked or not), and a computed amount that is not a number within
# VALUE_LIMIT leaves its rule unanswered: no input ever reaches arithmetic that cannot be done.
ENGINE_LIMIT = 1e12
VALUE_LIMIT = 1e15


def default_maximum(q: dict) -> int:
    """The largest answer a number question accepts when its rule file gives no `en_fazla`."""
    if q["tip"] == "tutar":
        return DEFAULT_MAXIMUM_AMOUNT
    return DEFAULT_MAXIMUM_BY_UNIT.get(q.get("birim", ""), DEFAULT_MAXIMUM_COUNT)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _usable(v) -> bool:
    """False for a number the engine does not compute with: NaN, ±Infinity, |v| > ENGINE_LIMIT."""
    return not _is_number(v) or -ENGINE_LIMIT <= v <= ENGINE_LIMIT  # NaN fails; no float() of a huge int


# --------------------------------------------------------------------------- engine
def _default_apply() -> Callable:
    from json_logic import jsonLogic  # panzi-json-logic (pinned in requirements.txt)

    return jsonLogic


def _answered(v) -> bool:
    return v is not None and v != ""


def _key(axes: list[str], combo: dict) -> str:
    return "|".join(f"{a}={combo[a]}" for a in axes)


def evaluate_compiled(rs: dict, answers: dict, apply: Callable | None = None, only: list[str] | None = None) -> dict:
    """The engine. theme/assets/kb/rules-engine.js implements the same steps; keep them in step.

    For each rule in order:
    1. ``eger`` (applicability): unanswered inputs -> yanitlanmadi; false -> uygulanmaz.
    2. unanswered inputs (``gerekli``) or an uncomputable earlier rule (``bagimli``) -> yanitlanmadi.
    3. one evaluation per reading (``okumalar``), with the earlier rules' values for that reading
       as ``kalem.<id>``; kosul: true = met; kalem: talep compared with the amount. An amount
       that is not a finite number within VALUE_LIMIT leaves the rule yanitlanmadi.
    4. status: all readings met -> karsilaniyor, none -> karsilanmiyor, some -> belirsiz.
    Answers that are NaN, ±Infinity or beyond ENGINE_LIMIT count as not answered.
    Then the one overall verdict, ``karar`` (kb/rules/verdict.py ``verdict``, where its rule is
    written): karsilaniyor / karsilanmiyor / eksik; ``basarili`` is karar durum == karsilaniyor and
    ``basarisiz`` its failing rules. only: the rule ids the verdict counts (a budget form's `goster`).
    """
    apply = apply or _default_apply()
    data = {k: v for k, v in answers.items() if _answered(v) and _usable(v)}
    values: dict[str, dict | None] = {}
    missing_of: dict[str, list[str]] = {}
    axes_of = {r["id"]: r["eksenler"] for r in rs["kurallar"]}
    results = []
    for rule in rs["kurallar"]:
        res: dict[str, Any] = {"id": rule["id"], "tur": rule["tur"], "durum": "", "degerler": [], "eksik": [],
                               "kaynaklar": rule["kaynaklar"]}
        talep = data.get(rule["talep"]) if rule.get("talep") else None
        if rule.get("talep"):
            res["talep"] = talep
        results.append(res)
        eger = rule.get("eger")
        if eger:
            miss = [q for q in eger["gerekli"] if q not in data]
            if miss:
                res["durum"] = "yanitlanmadi"
                res["eksik"] = miss
                values[rule["id"]] = None
                missing_of[rule["id"]] = miss
                continue
            if apply(eger["mantik"], data) is not True:
                res["durum"] = "uygulanmaz"
                if rule["tur"] in ("kalem", "hesap", "desteklenmez"):
                    values[rule["id"]] = {_key(rule["eksenler"], c): 0 for c in rule["okumalar"]}
                    if rule["tur"] != "hesap" and talep is not None and talep > 0:
                        res["durum"] = "karsilanmiyor"
                        res["degerler"] = [{"okuma": {}, "deger": 0, "uygun": False}]
                else:
                    values[rule["id"]] = None
                continue
        miss = [q for q in rule["gerekli"] if q not in data]
        for dep in rule["bagimli"]:
            if values.get(dep) is None:
                miss += [q for q in missing_of.get(dep, []) if q not in miss]
        if miss:
            res["durum"] = "yanitlanmadi"
            res["eksik"] = unique(miss)
            values[rule["id"]] = None
            missing_of[rule["id"]] = res["eksik"]
            continue
        computed: dict[str, Any] = {}
        oks = []
        unusable = False
        for combo in rule["okumalar"]:
            if "sema" in rule:
                ok = _schema_valid(rule["sema"], data)
                res["degerler"].append({"okuma": combo, "uygun": ok})
                oks.append(ok)
                continue
            variant = next(v for v in rule["varyantlar"] if all(combo[a] == o for a, o in v["okuma"].items()))
            ctx = dict(data)
            if rule["bagimli"]:
                ctx["kalem"] = {d: values[d][_key(axes_of[d], combo)] for d in rule["bagimli"]}
            value = apply(variant["mantik"], ctx)
            if rule["tur"] == "kosul":
                ok = value is True
                res["degerler"].append({"okuma": combo, "uygun": ok})
                oks.append(ok)
                continue
            if not (_is_number(value) and -VALUE_LIMIT <= value <= VALUE_LIMIT):
                unusable = True
                break
            computed[_key(rule["eksenler"], combo)] = value
            entry = {"okuma": combo, "deger": value}
            if rule["tur"] in ("kalem", "desteklenmez") and talep is not None:
                # amounts are compared in whole kuruş, so binary rounding never decides a verdict
                ok = kurus(talep) >= kurus(value) if rule.get("sinir") == "en_az" else kurus(talep) <= kurus(value)
                entry["uygun"] = ok
                oks.append(ok)
            res["degerler"].append(entry)
        if unusable:  # not an amount anyone can be told: the rule cannot be computed
            res["durum"] = "yanitlanmadi"
            res["degerler"] = []
            res["eksik"] = list(rule["gerekli"])
            values[rule["id"]] = None
            missing_of[rule["id"]] = res["eksik"]
            continue
        values[rule["id"]] = computed if rule["tur"] != "kosul" else None
        if rule["tur"] == "hesap":
            res["durum"] = "hesaplandi"
        elif rule["tur"] != "kosul" and talep is None:
            res["durum"] = "yanitlanmadi"
        elif all(oks):
            res["durum"] = "karsilaniyor"
        elif not any(oks):
            res["durum"] = "karsilanmiyor"
        else:
            res["durum"] = "belirsiz"
    summary = {s: 0 for s in STATUS_LABELS}
    for r in results:
        summary[r["durum"]] += 1
    karar = verdict(rs, results, data, only)
    return {"kural_kumesi": rs["id"], "donem": rs["donem"], "sonuclar": results, "ozet": summary,
            "karar": karar, "basarisiz": list(karar["basarisiz"]), "basarili": karar["durum"] == "karsilaniyor"}


def kurus(x: float) -> int:
    """An amount in whole kuruş, rounded half up (rules-engine.js kurus: Math.floor(x * 100 + 0.5))."""
    return math.floor(x * 100 + 0.5)


@lru_cache(maxsize=256)
def _schema_validator(text: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(text))


def _schema_valid(schema: dict, data: dict) -> bool:
    return _schema_validator(json.dumps(schema, sort_keys=True)).is_valid(data)


def answer_problems(compiled: dict, answers: Any, where: str = "") -> list[str]:
    """`where: what — how to fix` lines for answers that do not fit the answers schema."""
    from kb.content.messages import schema_error_text

    out = []
    validator = Draft202012Validator(compiled["yanit_semasi"])
    for e in sorted(validator.iter_errors(answers), key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        pointer = "/" + "/".join(map(str, e.absolute_path))
        message, fix, key = schema_error_text(e)
        if key is not None:
            pointer = pointer.rstrip("/") + "/" + str(key)
            if e.validator == "additionalProperties":
                qs = [q["id"] for q in compiled["sorular"]]
                close = difflib.get_close_matches(str(key), qs, n=1, cutoff=0.6)
                fix = (f"bunu mu demek istediniz: {close[0]}" if close else
                       f"bu kural kümesinin soruları data/rules/{compiled['id']}.answers.schema.json içinde listelenir")
        out.append(f"{where}: {pointer}: {message} — {fix}" if where else f"{pointer}: {message} — {fix}")
    return out
