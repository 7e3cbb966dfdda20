"""The seam to kb.rules: rule set answers from form data and the rule set's verdicts on them.

A form may name a rule set in a `kurallar:` block (the budget forms): `kural_kumesi`, the
rules shown (`goster`) and, per answer key of the rule set, how it comes from the data
(`{tablo: S/T, topla: [columns], satir_kosulu?}`, `{alan: S/F}` or `{sabit: N}`).
`mapped_answers` here and `ruleAnswers` in theme/assets/kb/forms.js compute the answers the
same way; `rule_verdicts` evaluates the rule set, in the form's period, on them (`generator.py
validate` lists them).

kb.forms may import kb.rules; kb.rules never imports kb.forms.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from kb.common.paths import ROOT
from kb.content.model import KnowledgeBase
from kb.forms.loader import load_forms
from kb.forms.model import FormDef


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def mapped_answers(mapping: dict, data: Any) -> dict:
    """Rule answers from form data by a `kurallar:` mapping (forms.js ruleAnswers: same steps).

    `{tablo: S/T, topla: [C...], satir_kosulu?}`: the sum over the table's rows (in order; in each
    row the listed columns in order) of the numbers in those columns, for the rows that meet the
    row condition; left out when no such number exists. `{alan: S/F}`: that field's value, left
    out when empty. `{sabit: N}`: N. Answers are returned in the mapping's key order.
    """
    data = data if isinstance(data, dict) else {}

    def at(path: str) -> Any:
        sec, _, fid = path.partition("/")
        obj = data.get(sec)
        return obj.get(fid) if isinstance(obj, dict) else None

    out: dict[str, Any] = {}
    for key, spec in mapping["yanitlar"].items():
        if "sabit" in spec:
            out[key] = spec["sabit"]
        elif "alan" in spec:
            v = at(spec["alan"])
            if v is not None and v != "":
                out[key] = v
        else:
            rows = at(spec["tablo"])
            total, found = 0, False
            rc = spec.get("satir_kosulu")
            for row in rows if isinstance(rows, list) else []:
                if not isinstance(row, dict):
                    continue
                cell = row.get(rc["sutun"]) if rc is not None else None
                if rc is not None and not any(type(x) is type(cell) and x == cell for x in rc["deger"]):
                    continue  # strict like JS Array.includes: 1 is not true
                for col in spec.get("topla", []):
                    v = row.get(col)
                    if _is_number(v):
                        total += v
                        found = True
            if found:
                out[key] = total
    return out


@lru_cache(maxsize=4)
def _forms_by_id(root: str) -> dict[str, FormDef]:
    from kb.content.loader import load_knowledge_base

    return {f.id: f for f in load_forms(Path(root), load_knowledge_base(Path(root)))}


def rule_answers(form_id: str, data: Any, root: Path = ROOT, form: FormDef | None = None) -> dict:
    """The rule set answers of a form's data (its `kurallar:` mapping); {} for a form without one."""
    form = form or _forms_by_id(str(root))[form_id]
    return mapped_answers(form.rules, data) if form.rules else {}


def rule_compiled(form: FormDef, root: Path = ROOT, kb: KnowledgeBase | None = None) -> dict:
    """The compiled rule set of a form's `kurallar:` for the form's period (the rule set's edition
    of that period; its newest for a form without one)."""
    from kb.rules.loader import rulesets

    rs = rulesets(root, kb)[form.rules["kural_kumesi"]]
    return rs.editions.get(form.period, rs).compiled


def edition_answers(compiled: dict, answers: dict) -> dict:
    """The answers the rule set asks in that period (a period may leave a question out);
    theme/assets/kb/parts/forms/budget-rules.js does the same."""
    asked = {q["id"] for q in compiled["sorular"]}
    return {k: v for k, v in answers.items() if k in asked}


def rule_verdicts(form: FormDef, data: Any, root: Path = ROOT, kb: KnowledgeBase | None = None) -> dict | None:
    """Evaluate the form's rule set, in the form's period, on its data: the kb.rules result, limited
    to the rules shown (`goster`) — its `karar` counts only those — plus `yanitlar` (the answers).
    None for a form without `kurallar:`."""
    if not form.rules:
        return None
    from kb.rules.evaluation import evaluate_compiled

    compiled = rule_compiled(form, root, kb)
    answers = edition_answers(compiled, mapped_answers(form.rules, data))
    only = form.rules.get("goster")
    # the verdict (karar) is the engine's, counting only the rules the form shows
    result = evaluate_compiled(compiled, answers, only=only)
    if only:
        result["sonuclar"] = [r for r in result["sonuclar"] if r["id"] in only]
    result["yanitlar"] = answers
    return result
