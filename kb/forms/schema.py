"""A form's JSON Schema (draft 2020-12) and its message catalogue, generated from the compiled
definition and the parameters (kb.params: caps such as the kuruluş desteği upper limit are
never typed).

`build_schema`: one value schema per field (_value_schema), conditional sections and fields
and caps as `if`/`then` rules; `cap_value` and `cap_sources` give a cap's amount and where
its numbers come from (also shown on the form page). `build_catalogue`: label, type and own
messages per JSON pointer pattern, the form's part of the message catalogue.
"""
from __future__ import annotations

from typing import Any

from kb.content.model import KnowledgeBase
from kb.forms.definition import DRAFT, FORMAT_OF, TEXT_TYPES
from kb.forms.model import Field, FormDef


def _num(x: float) -> int | float:
    x = round(x, 2)
    return int(x) if float(x).is_integer() else x


def cap_value(kb: KnowledgeBase, form: FormDef, cap: dict, period_choice: str | None = None) -> int | float:
    value = 1.0
    for factor in cap["carpanlar"]:
        p = kb.params[factor["parametre"]]
        v = p.value_for(period_choice if "donem_alani" in factor else form.period)
        value *= v.value / 100 if p.unit == "yuzde" else v.value
    return _num(value)


def cap_sources(kb: KnowledgeBase, form: FormDef, cap: dict) -> list[dict]:
    """[{param, cites}] for every factor of a cap: where each number comes from."""
    out = []
    for factor in cap["carpanlar"]:
        p = kb.params[factor["parametre"]]
        values = p.values if "donem_alani" in factor else [p.value_for(form.period)]
        cites = []
        for v in values:
            for c in ([v.cite] if v.cite else []) + v.other_cites:
                if c not in cites:
                    cites.append(c)
        out.append({"param": p.id, "cites": cites})
    return out


def _expand_caps(kb: KnowledgeBase, form: FormDef, col: Field) -> list[tuple[int | float, dict | None, dict | None]]:
    """Each cap as (value, root condition or None, row condition or None)."""
    out = []
    for cap in col.caps:
        period_factor = next((x for x in cap["carpanlar"] if "donem_alani" in x), None)
        if period_factor is None:
            out.append((cap_value(kb, form, cap), cap.get("kosul"), cap.get("satir_kosulu")))
            continue
        param = kb.params[period_factor["parametre"]]
        for v in param.values:
            out.append((cap_value(kb, form, cap, v.period),
                        {"alan": period_factor["donem_alani"], "deger": [v.period]}, cap.get("satir_kosulu")))
    return out


def _value_schema(kb: KnowledgeBase, form: FormDef, f: Field) -> dict:
    s: dict[str, Any] = {"title": f.label}
    if f.hint:
        s["description"] = f.hint
    t = f.type
    if t in TEXT_TYPES:
        s.update({"type": "string", "minLength": 1, "maxLength": f.max_chars or TEXT_TYPES[t]})
    elif t in FORMAT_OF:
        s.update({"type": "string", "format": FORMAT_OF[t]})
    elif t == "secim":
        s.update({"type": "string", "enum": [o["deger"] for o in f.options]})
    elif t in ("evet_hayir", "isaret"):
        s["type"] = "boolean"
    elif t == "onay":
        s.update({"type": "boolean", "const": True})
    elif t == "coklu_secim":
        s.update({"type": "array", "items": {"type": "string", "enum": [o["deger"] for o in f.options]},
                  "uniqueItems": True})
        if f.required:
            s["minItems"] = 1
    elif t == "tutar":
        s.update({"type": "number", "minimum": 0})
        plain = [v for v, rc, rowc in _expand_caps(kb, form, f) if rc is None and rowc is None]
        if plain:
            s["maximum"] = min(plain)
    elif t == "tablo":
        row: dict[str, Any] = {"type": "object", "additionalProperties": False}
        if any(c.required for c in f.columns):
            row["required"] = [c.id for c in f.columns if c.required]
        row["properties"] = {c.id: _value_schema(kb, form, c) for c in f.columns}
        row_rules = []
        for c in f.columns:
            for value, rc, rowc in _expand_caps(kb, form, c):
                if rowc is not None and rc is None:
                    row_rules.append({"if": {"required": [rowc["sutun"]],
                                             "properties": {rowc["sutun"]: {"enum": rowc["deger"]}}},
                                      "then": {"properties": {c.id: {"maximum": value}}}})
        if row_rules:
            row["allOf"] = row_rules
        s.update({"type": "array", "maxItems": f.max_rows, "items": row})
        if f.required:
            s["minItems"] = 1
    s["x-kaynak"] = f.cites
    return s


def _if_field(path: str, values: list) -> dict:
    sec, fid = path.split("/")
    return {"required": [sec], "properties": {sec: {"type": "object", "required": [fid],
                                                    "properties": {fid: {"enum": values}}}}}


def _nest(pointer: str, leaf: dict) -> dict:
    """Wrap `leaf` so that it applies at a field pointer like /s/t/*/c."""
    segs = pointer.split("/")[1:]
    node = leaf
    for seg in reversed(segs):
        node = {"items": node} if seg == "*" else {"properties": {seg: node}}
    return node


def build_schema(form: FormDef, kb: KnowledgeBase, base_url: str) -> dict:
    rules: list[dict] = []
    props: dict[str, Any] = {"form": {"title": "Form kimliği", "const": form.id}}
    required = ["form"]
    for s in form.sections:
        sec: dict[str, Any] = {"title": s.title, "type": "object", "additionalProperties": False}
        sec_required = [f.id for f in s.fields if f.required and not f.cond]
        if sec_required:
            sec["required"] = sec_required
        sec["properties"] = {}
        for f in s.fields:
            sec["properties"][f.id] = _value_schema(kb, form, f)
            if f.cond and f.required:
                rules.append({"if": _if_field(f.cond["alan"], f.cond["deger"]),
                              "then": {"properties": {s.id: {"required": [f.id]}}}})
            for col in [f, *f.columns]:
                for value, rc, rowc in _expand_caps(kb, form, col):
                    if rc is None:
                        continue
                    leaf: dict[str, Any] = {"maximum": value}
                    then = _nest(col.pointer, leaf)
                    if rowc is not None:  # both: a row rule under a root condition
                        then = _nest(col.table.pointer + "/*", {"allOf": [{
                            "if": {"required": [rowc["sutun"]], "properties": {rowc["sutun"]: {"enum": rowc["deger"]}}},
                            "then": {"properties": {col.id: leaf}}}]})
                    rules.append({"if": _if_field(rc["alan"], rc["deger"]), "then": then})
        props[s.id] = sec
        if s.cond:
            rules.append({"if": _if_field(s.cond["alan"], s.cond["deger"]), "then": {"required": [s.id]}})
        else:
            required.append(s.id)
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"{base_url}schemas/forms/{form.id}.schema.json",
        "title": form.title,
        "description": (f"{form.title}: bu formun ürettiği verinin şeması. {form.not_official} "
                        "Tarihler YYYY-AA-GG (ISO 8601) biçiminde, tutarlar TL olarak sayıyla yazılır."),
        "$comment": (f"Generated from forms/{form.id}.yaml and content/parametreler by kb/forms/schema.py on every "
                     "`generator.py build`; do not edit (change the definition). Custom formats: 'tckn' = 11 digits, "
                     "first not 0, digit 10 = ((d1+d3+d5+d7+d9)*7 - (d2+d4+d6+d8)) mod 10, digit 11 = (d1+…+d10) mod 10; "
                     "'telefon' = after removing spaces, hyphens and brackets: optional +90 or 0, then 10 digits "
                     "starting 2-9. 'date' is a real calendar day as YYYY-MM-DD, 'email' is local@domain.tld in "
                     "ASCII. 'x-kaynak' lists the citations (document:id) each rule comes from."),
        "x-kaynak": form.basis,
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": props,
    }
    if form.period:
        schema["x-donem"] = form.period
    if rules:
        schema["allOf"] = rules
    return schema


def build_catalogue(form: FormDef) -> dict:
    """The form's part of the message catalogue: label, type and own messages per pointer pattern."""
    fields: dict[str, dict] = {"": {"etiket": "Form verisi", "tur": "kok"},
                               "/form": {"etiket": "Form kimliği", "tur": "form"}}
    for s in form.sections:
        fields[f"/{s.id}"] = {"etiket": s.title, "tur": "bolum"}
        for f in s.fields:
            fields[f.pointer] = _cat_entry(f)
            if f.type == "coklu_secim":
                fields[f.pointer + "/*"] = {"etiket": f.label, "tur": "secenek"}
            if f.type == "tablo":
                fields[f.pointer + "/*"] = {"etiket": f.label, "tur": "satir", "satir": f.label, "satir_adi": f.row_name}
                for c in f.columns:
                    e = _cat_entry(c)
                    e.update({"satir": f.label, "satir_adi": f.row_name})
                    fields[c.pointer] = e
    return {"form": form.id, "baslik": form.title, "alanlar": fields}


def _cat_entry(f: Field) -> dict:
    e: dict[str, Any] = {"etiket": f.label, "tur": f.type}  # "format:tckn" etc. are keyed by the type
    if f.errors:
        e["hatalar"] = dict(f.errors)
    return e
