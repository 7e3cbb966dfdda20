"""Answer files generated from a rule set's answers schema (compiled["yanit_semasi"]), shared by
test_rules_properties.py (Hypothesis) and test_rules_differential.py (seeded, in bulk).

One generator, two sources of choices: `DrawChooser` (a Hypothesis `draw`, so failures shrink)
and `RandomChooser` (a seeded random.Random, for thousands of files at once). Per question:
absent, null or a value; values lean on the edges — 0, the numbers the compiled rules hold
(caps, thresholds, parameter values) and those ± 1 / ± 0.01, the caps the engine computes for
these very answers (talep = limit, limit ± 0.01, limit ± 0.005), huge numbers (1e15, 2**53 + 1,
1e308) — and, when asked, wrong ones: strings, lists, negative numbers, unknown keys.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator

from kb.rules.evaluation import evaluate_compiled

HUGE = [1e15, 2 ** 53 + 1, 1e308]
WRONG_NUMBERS = ["45000", "45.000", "", [1], {"tutar": 1}, True, -1, -0.01, -1e308]
WRONG_BOOLEANS = ["true", "evet", 1, 0, [], "", {"x": True}]
WRONG_CHOICES = ["yok", 0, True, [], ""]
UNKNOWN_KEYS = ["yass", "talep", "bilinmeyen_soru", ""]
SHAPES = ["bos", "seyrek", "seyrek", "yari", "yari", "dolu", "dolu", "dolu"]
PRESENCE = {"bos": 0, "seyrek": 20, "yari": 50, "dolu": 95}  # per cent


class DrawChooser:
    """Choices drawn by Hypothesis (inside @st.composite)."""

    def __init__(self, draw):
        from hypothesis import strategies as st

        self._draw, self._st = draw, st

    def choice(self, seq):
        return self._draw(self._st.sampled_from(seq))

    def integer(self, lo: int, hi: int) -> int:
        return self._draw(self._st.integers(lo, hi))

    def real(self, lo: float, hi: float) -> float:
        return self._draw(self._st.floats(lo, hi, allow_nan=False, allow_infinity=False))

    def chance(self, percent: int) -> bool:
        return self.integer(0, 99) < percent


class RandomChooser:
    """The same choices from a seeded random.Random (deterministic for a given seed)."""

    def __init__(self, seed: str):
        self._rng = random.Random(seed)

    def choice(self, seq):
        return self._rng.choice(seq)

    def integer(self, lo: int, hi: int) -> int:
        return self._rng.randint(lo, hi)

    def real(self, lo: float, hi: float) -> float:
        return self._rng.uniform(lo, hi)

    def chance(self, percent: int) -> bool:
        return self._rng.randrange(100) < percent


def _numbers(node, out: set) -> None:
    if isinstance(node, bool):
        return
    if isinstance(node, (int, float)):
        if math.isfinite(node):
            out.add(node)
    elif isinstance(node, dict):
        for v in node.values():
            _numbers(v, out)
    elif isinstance(node, list):
        for v in node:
            _numbers(v, out)


def _vars(node, out: set) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "var":
                name = v[0] if isinstance(v, list) and v else v
                if isinstance(name, str):
                    out.add(name)
            else:
                _vars(v, out)
    elif isinstance(node, list):
        for v in node:
            _vars(v, out)


@dataclass
class Model:
    """What the generator needs to know about one compiled rule set."""
    compiled: dict
    props: dict[str, dict] = field(default_factory=dict)
    constants: list = field(default_factory=list)
    validators: dict[str, Draft202012Validator] = field(default_factory=dict)
    schema: Draft202012Validator | None = None
    referenced: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, compiled: dict) -> "Model":
        schema = compiled["yanit_semasi"]
        found: set = set()
        for rule in compiled["kurallar"]:
            for v in rule.get("varyantlar", []):
                _numbers(v["mantik"], found)
            if rule.get("eger"):
                _numbers(rule["eger"]["mantik"], found)
            if rule.get("sema"):
                _numbers(rule["sema"], found)
        for p in schema["properties"].values():
            _numbers(p.get("maximum"), found)
        referenced = {}
        for rule in compiled["kurallar"]:
            names: set = set(rule.get("gerekli", []))
            _vars([v["mantik"] for v in rule.get("varyantlar", [])], names)
            names |= set(rule.get("sema", {}).get("properties", {}))
            referenced[rule["id"]] = sorted(n for n in names if n in schema["properties"])
        return cls(compiled, dict(schema["properties"]), sorted(found),
                   {q: Draft202012Validator(s) for q, s in schema["properties"].items()},
                   Draft202012Validator(schema), referenced)

    def valid(self, answers: Any) -> bool:
        return self.schema.is_valid(answers)


def _is_integer(prop: dict) -> bool:
    return "integer" in (prop.get("type") or [])


def _number(c, m: Model, prop: dict, wrong: bool, extreme: bool = False):
    integer = _is_integer(prop)
    kinds = ["sifir", "sabit", "sabit", "kenar", "kenar", "rastgele", "kucuk", "null"]
    if extreme:
        kinds += ["buyuk", "buyuk"]
    if "maximum" in prop:
        kinds += ["azami", "azami"]
    if wrong:
        kinds += ["yanlis", "yanlis"]
    kind = c.choice(kinds)
    if kind == "sifir":
        return c.choice([0, 0.0])
    if kind == "null":
        return None
    if kind == "kucuk":
        return c.integer(0, 40)
    if kind == "buyuk":
        return c.choice(HUGE)
    if kind == "rastgele":
        return c.integer(0, 2000) if integer else round(c.real(0, 200_000), 2)
    if kind == "yanlis":
        return c.choice(WRONG_NUMBERS + ([2.5, 0.01] if integer else []))
    base = prop["maximum"] if kind == "azami" else c.choice(m.constants or [0])
    if kind == "sabit":
        return base
    delta = c.choice([-1, 0, 1] if integer else [-1, -0.01, 0, 0.01, 1])
    value = base + delta
    return round(value, 2) if isinstance(value, float) else value


def _value(c, m: Model, qid: str, prop: dict, wrong: bool, extreme: bool = False):
    if "enum" in prop:
        options = list(prop["enum"]) + (WRONG_CHOICES if wrong else [])
        return c.choice(options)
    types = prop.get("type") or []
    if "boolean" in types:
        return c.choice([True, False, True, False, None] + (WRONG_BOOLEANS if wrong else []))
    return _number(c, m, prop, wrong, extreme)


def _answer(c, m: Model, qid: str):
    """A schema-valid, non-null answer to one question (for the repair step)."""
    for _ in range(4):
        v = _value(c, m, qid, m.props[qid], False)
        if v is not None and m.validators[qid].is_valid(v):
            return v
    return 0 if "enum" not in m.props[qid] else m.props[qid]["enum"][0]


def _repair(c, m: Model, answers: dict) -> None:
    """Hill-climb towards "every condition met": a few rounds in which every failing or
    unanswered rule gets one of its questions answered again (a request over its cap is
    moved onto the cap). Without it, eligibility sets with fifteen yes/no conditions would
    almost never be met."""
    rules = {r["id"]: r for r in m.compiled["kurallar"]}
    for _ in range(c.integer(2, 12)):
        try:
            result = evaluate_compiled(m.compiled, answers)
        except Exception:
            return
        todo = [r for r in result["sonuclar"] if r["durum"] in ("karsilanmiyor", "belirsiz", "yanitlanmadi")]
        if not todo:
            return
        for res in todo:
            rule = rules[res["id"]]
            if res["eksik"]:
                q = c.choice(res["eksik"])
                answers[q] = _answer(c, m, q)
            elif rule.get("talep") and rule["tur"] != "kosul":
                amounts = [d["deger"] for d in res["degerler"] if _finite(d.get("deger"))]
                answers[rule["talep"]] = max(min(amounts), 0) if amounts else 0
            elif m.referenced[rule["id"]]:
                q = c.choice(m.referenced[rule["id"]])
                answers[q] = _answer(c, m, q)


def _finite(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and abs(x) < 1e14


def _probe_caps(c, m: Model, answers: dict) -> None:
    """Move requested amounts onto the caps the engine computes for these answers:
    talep = limit, limit ± 0.01, limit ± 0.005 (the rounding edge), both sides of 0."""
    if not m.valid(answers):
        return
    try:
        result = evaluate_compiled(m.compiled, answers)
    except Exception:  # the properties report the engine's errors; here we only skip the probe
        return
    rules = {r["id"]: r for r in m.compiled["kurallar"]}
    targets = []
    for res in result["sonuclar"]:
        rule = rules[res["id"]]
        if rule.get("talep") and rule["tur"] in ("kalem", "desteklenmez"):
            amounts = [d["deger"] for d in res["degerler"] if _finite(d.get("deger"))]
            if amounts:
                targets.append((rule["talep"], amounts))
    if not targets:
        return
    for _ in range(c.integer(1, min(3, len(targets)))):
        question, amounts = c.choice(targets)
        limit = c.choice(amounts)
        delta = c.choice([0, 0, -0.01, 0.01, -0.005, 0.005, "ham"])
        value = limit if delta == "ham" else round(limit + delta, 3)
        answers[question] = max(value, 0)


def generate(c, m: Model, wrong: bool = False) -> dict:
    """One answer file. wrong=False: always valid for the answers schema (the engine's input);
    wrong=True: sometimes not (wrong types, negative numbers, unknown keys)."""
    shape = c.choice(SHAPES)
    extreme = c.chance(15)
    answers: dict[str, Any] = {}
    for qid, prop in m.props.items():
        if c.chance(PRESENCE[shape]):
            answers[qid] = _value(c, m, qid, prop, wrong, extreme)
    if answers and m.valid(answers) and c.chance(50):
        _repair(c, m, answers)
    if answers and c.chance(60):
        _probe_caps(c, m, answers)
    if wrong and c.chance(10):
        answers[c.choice(UNKNOWN_KEYS)] = c.choice([1, None, True])
    if not wrong:
        # a value outside the schema (an integer question at a cap ± 0.01, a maximum + 1): drop it
        for qid in [q for q, v in answers.items() if not m.validators[q].is_valid(v)]:
            if c.chance(50):
                answers[qid] = None
            else:
                del answers[qid]
    return answers


def answers_strategy(m: Model, wrong: bool = False):
    from hypothesis import strategies as st

    @st.composite
    def _answers(draw):
        return generate(DrawChooser(draw), m, wrong)

    return _answers()


def batch(m: Model, seed: str, n: int) -> list[dict]:
    """n schema-valid answer files, the same for the same seed."""
    c = RandomChooser(seed)
    return [generate(c, m) for _ in range(n)]
