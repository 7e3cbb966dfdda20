"""A parameter's value as text for one period: a single value ("45.000 TL"), a multiple of
another parameter ("aylık brüt asgari ücretin 15 katı"), or one value per option of an
attribute ("440.000 TL (tarım ve hayvancılık projeleri), 550.000 TL (…)").

Used wherever {p:ID} is shown: content text, rule and form texts, the amounts page.
{p:ID|not} is the period's values' own notes (`aciklama` of each value): what a rule or form
says about one period's reading of a value lives with that value, not in the rule text."""
from __future__ import annotations

from kb.common.turkish import format_value, lower_tr
from kb.content.model import KnowledgeBase, Parameter, ParamValue

_BACK = set("aıou")
_FRONT = set("eiöü")
_VOWELS = _BACK | _FRONT


def genitive(phrase: str) -> str:
    """'ücret' -> 'ücretin', 'prim' -> 'primin', 'para' -> 'paranın' (vowel harmony)."""
    last = next((c for c in reversed(lower_tr(phrase)) if c in _VOWELS), "e")
    vowel = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}[last]
    return phrase + ("n" if phrase[-1].lower() in _VOWELS else "") + vowel + "n"


def value_text(kb: KnowledgeBase, param: Parameter, v: ParamValue, fmt: str = "") -> str:
    """One value; a multiple shows its factor with `sayi`/`yazi` formats, else the phrase."""
    if v.base:
        factor = format_value(v.value, "kat", fmt if fmt else "sayi")
        if fmt:
            return factor
        base = kb.params.get(v.base)
        label = lower_tr(base.label[:1]) + base.label[1:] if base else v.base
        return f"{genitive(label)} {factor} katı"
    return format_value(v.value, param.unit, fmt)


def attribute_label(kb: KnowledgeBase, v: ParamValue) -> str:
    """'tarım ve hayvancılık projeleri' for {sektor: tarim-hayvancilik}; '' for a single value."""
    for aid, opt in v.attributes.items():
        attr = kb.attributes.get(aid)
        label = attr.options.get(opt, opt) if attr else opt
        return lower_tr(label[:1]) + label[1:]
    return ""


NOTE_FORMAT = "not"


def period_text(kb: KnowledgeBase, pid: str, period: str | None, fmt: str = "") -> str:
    """The parameter's text for a period (None: the only or the latest period's)."""
    param = kb.params[pid]
    values = param.values_for(period) if period else []
    if not values:
        last = param.values[-1].period
        values = param.values_for(last)
    if fmt == NOTE_FORMAT:
        notes = [v for v in values if v.explanation]
        if len(values) == 1:
            return " ".join(v.explanation for v in notes)
        return " ".join(f"{attribute_label(kb, v)[:1].upper()}{attribute_label(kb, v)[1:]}: {v.explanation}" for v in notes)
    if len(values) == 1:
        return value_text(kb, param, values[0], fmt)
    return ", ".join(f"{value_text(kb, param, v, fmt)} ({attribute_label(kb, v)})" for v in values)
