"""A cap (`ust_sinirlar` of a `tutar` field) as the cases a schema checks, for the form's period.

A cap is the product of its factors (`carpanlar`), each one parameter's value:

- the value for the form's period (one number);
- a value that is a multiple of another parameter (`taban`, e.g. 15 × the minimum wage): one case
  per year offered by the form's field that offers that parameter's years
  (`secenekler_parametreden`), unless the cap names that parameter itself with `donem_alani`;
- a value that varies by an attribute such as the sector (content/nitelikler.yaml): one case per
  option, read from the field that answers the attribute (`nitelik`);
- `donem_alani`: one case per option of that field (a year of the parameter).

Each case is a CapCase: its amount, the answers it holds for ({field path: [values]}, all of them;
with the cap's own `kosul`), the row condition (`satir_kosulu`) and a label ("2020", "tarım ve
hayvancılık projeleri"). A parameter without a value for the period, or a choice no field answers,
is a CapError (kb/forms/loader.py reports it at the factor's line, naming the period).
"""
from __future__ import annotations

from dataclasses import dataclass

from kb.content.model import KnowledgeBase
from kb.content.paramtext import attribute_label, genitive
from kb.common.turkish import lower_tr
from kb.forms.model import Field, FormDef


@dataclass
class CapCase:
    value: int | float
    conds: dict  # field path ("proje/asgari_ucret_yili") -> the answers for which this case holds
    row: dict | None  # satir_kosulu
    label: str  # what the case is for ("2020"; "" when the cap is one amount)


class CapError(Exception):
    def __init__(self, factor: int, message: str, fix: str):
        super().__init__(message)
        self.factor, self.message, self.fix = factor, message, fix


def _num(x: float) -> int | float:
    x = round(x, 2)
    return int(x) if float(x).is_integer() else x


def path_of(f: Field) -> str:
    return f"{f.section}/{f.id}"


def attribute_field(form: FormDef, aid: str) -> Field | None:
    return next((f for s in form.sections for f in s.fields if f.attribute == aid), None)


def years_field(form: FormDef, pid: str) -> Field | None:
    return next((f for s in form.sections for f in s.fields if f.options_param == pid), None)


def _where(form: FormDef) -> str:
    return f"{form.period} dönemine" if form.period else "formun dönemine (dönem yazılmamış)"


def _selector(k: int, f: Field, what: str) -> None:
    if f.cond or not f.required:
        raise CapError(k, f"'{path_of(f)}' alanı {what}; bu yüzden koşulsuz ve zorunlu olmalı",
                       "o alana 'zorunlu: true' yazın ve 'kosul' satırını kaldırın")


def _values(kb: KnowledgeBase, form: FormDef, k: int, pid: str) -> list:
    p = kb.params[pid]
    values = p.values_for(form.period) if form.period else [v for v in [p.value_for(None)] if v is not None]
    if not values:
        raise CapError(k, f"'{pid}' parametresinin {_where(form)} ait değeri yok",
                       f"content/parametreler/ içinde '{pid}' parametresine 'donem: \"{form.period}\"' olan bir değer ekleyin"
                       if form.period else "forma 'donem:' yazın ya da parametrenin tek bir değeri olsun")
    return values


def _value_cases(kb: KnowledgeBase, form: FormDef, cap: dict, k: int, p, v) -> list[tuple]:
    """One value of a factor: itself, or one case per year when it is a multiple of a yearly parameter."""
    scale = 1 / 100 if p.unit == "yuzde" else 1
    explicit = any("donem_alani" in x and x["parametre"] == v.base for x in cap["carpanlar"])
    if not v.base or explicit:
        return [(v.value * scale, {}, [])]
    base = kb.params[v.base]
    yf = years_field(form, v.base)
    if yf is None:
        label = lower_tr(base.label[:1]) + base.label[1:]
        raise CapError(k, f"'{p.id}' parametresinin {form.period} dönemindeki değeri {genitive(label)} katı; formda bu "
                       "parametrenin yıllarını sunan bir seçim alanı yok",
                       f"bir secim alanı ekleyin: 'secenekler_parametreden: {v.base}', zorunlu ve koşulsuz")
    _selector(k, yf, f"'{p.id}' sınırının hangi yılın {lower_tr(base.label)} ile hesaplanacağını seçtiriyor")
    if not yf.options:
        raise CapError(k, f"'{p.id}' parametresinin {form.period} dönemindeki değeri '{v.base}' parametresinin katı; "
                       f"'{v.base}' parametresinin {form.period} dönemi için (dönemin yılı ve sonraki yıl) değeri yok",
                       f"content/parametreler/ içinde '{v.base}' parametresine o yılların değerlerini ekleyin")
    return [(v.value * scale * base.value_for(o["deger"]).value, {path_of(yf): [o["deger"]]}, [o["deger"]])
            for o in yf.options]


def _factor_cases(kb: KnowledgeBase, form: FormDef, cap: dict, k: int, factor: dict) -> list[tuple]:
    p = kb.params[factor["parametre"]]
    if "donem_alani" in factor:
        sel = form.field(factor["donem_alani"])
        scale = 1 / 100 if p.unit == "yuzde" else 1
        return [(p.value_for(o["deger"]).value * scale, {factor["donem_alani"]: [o["deger"]]}, [o["deger"]])
                for o in sel.options]
    values = _values(kb, form, k, p.id)
    aid = next((next(iter(v.attributes)) for v in values if v.attributes), "")
    if not aid:
        return _value_cases(kb, form, cap, k, p, values[0])
    af = attribute_field(form, aid)
    attr = kb.attributes.get(aid)
    if af is None:
        raise CapError(k, f"'{p.id}' parametresinin {form.period} dönemindeki değeri "
                       f"'{attr.label if attr else aid}' niteliğine göre değişiyor; formda bu niteliği soran bir alan yok",
                       f"bir evet_hayir alanına 'nitelik: {{{aid}: {{evet: SEÇENEK, hayir: SEÇENEK}}}}' ya da bir secim "
                       f"alanına 'nitelik: {{{aid}: null}}' yazın (forms/README.md)")
    _selector(k, af, f"'{p.id}' sınırının hangi '{aid}' seçeneğine göre okunacağını soruyor")
    out = []
    for v in values:
        answers = [a for a, o in af.attribute_answers.items() if o == v.attributes.get(aid)]
        for value, conds, labels in _value_cases(kb, form, cap, k, p, v):
            out.append((value, {path_of(af): answers, **conds}, [attribute_label(kb, v), *labels]))
    return out


def _merge(a: dict, b: dict) -> dict | None:
    """Both sets of conditions at once; None when they cannot hold together."""
    out = dict(a)
    for key, values in b.items():
        if key in out:
            both = [x for x in out[key] if any(type(x) is type(y) and x == y for y in values)]
            if not both:
                return None
            out[key] = both
        else:
            out[key] = list(values)
    return out


def expand(kb: KnowledgeBase, form: FormDef, cap: dict) -> list[CapCase]:
    """The cap as cases, in the order of its factors' values. Raises CapError."""
    combos: list[tuple] = [(1, {}, [])]
    for k, factor in enumerate(cap["carpanlar"]):
        cases = _factor_cases(kb, form, cap, k, factor)
        combos = [(value * v2, merged, labels + [x for x in l2 if x not in labels])
                  for value, conds, labels in combos for v2, c2, l2 in cases
                  if (merged := _merge(conds, c2)) is not None]
    if "kosul" in cap:
        own = {cap["kosul"]["alan"]: cap["kosul"]["deger"]}
        combos = [(v, m, labels) for v, c, labels in combos if (m := _merge(c, own)) is not None]
    return [CapCase(_num(v), c, cap.get("satir_kosulu"), ", ".join(labels)) for v, c, labels in combos]


def cap_sources(kb: KnowledgeBase, form: FormDef, cap: dict) -> list[dict]:
    """[{param, cites}] for every factor of a cap (and the base of a multiple): where each number
    comes from."""
    out: list[dict] = []

    def add(pid: str, values: list) -> None:
        cites: list[str] = []
        for v in values:
            for c in ([v.cite] if v.cite else []) + v.other_cites:
                if c not in cites:
                    cites.append(c)
        out.append({"param": pid, "cites": cites})

    for factor in cap["carpanlar"]:
        p = kb.params[factor["parametre"]]
        if "donem_alani" in factor:
            add(p.id, [p.value_for(o["deger"]) for o in form.field(factor["donem_alani"]).options])
            continue
        values = _values(kb, form, 0, p.id)
        add(p.id, values)
        for base in dict.fromkeys(v.base for v in values if v.base):
            if not any("donem_alani" in x and x["parametre"] == base for x in cap["carpanlar"]):
                add(base, [kb.params[base].value_for(o["deger"]) for o in years_field(form, base).options])
    return out
