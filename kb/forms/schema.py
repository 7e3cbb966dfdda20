"""A form's JSON Schema (draft 2020-12) and its message catalogue, generated from the compiled
definition and the parameters (kb.params: caps such as the kuruluş desteği upper limit are
never typed).

`build_schema`: one value schema per field (_value_schema), conditional sections and fields
and caps as `if`/`then` rules (each cap's cases: kb/forms/caps.py, for the form's period); a form
with a guide period has an optional `donem` key that must be that period (a file of another
period's edition is refused). `build_catalogue`: label, type and own messages per JSON pointer
pattern, the form's part of the message catalogue.
"""
from __future__ import annotations

from typing import Any

from kb.content.model import KnowledgeBase
from kb.forms.caps import expand
from kb.forms.definition import DRAFT, FORMAT_OF, TEXT_TYPES
from kb.forms.model import Field, FormDef


def _root_if(conds: dict) -> dict:
    """The `if` of a cap's case: one condition as it always was, several all at once."""
    parts = [_if_field(path, values) for path, values in conds.items()]
    return parts[0] if len(parts) == 1 else {"allOf": parts}


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
        plain = [c.value for cap in f.caps for c in expand(kb, form, cap) if not c.conds and c.row is None]
        if plain:
            s["maximum"] = min(plain)
    elif t == "tablo":
        row: dict[str, Any] = {"type": "object", "additionalProperties": False}
        if any(c.required for c in f.columns):
            row["required"] = [c.id for c in f.columns if c.required]
        row["properties"] = {c.id: _value_schema(kb, form, c) for c in f.columns}
        row_rules = []
        for c in f.columns:
            for case in (x for cap in c.caps for x in expand(kb, form, cap)):
                rowc = case.row
                if rowc is not None and not case.conds:
                    row_rules.append({"if": {"required": [rowc["sutun"]],
                                             "properties": {rowc["sutun"]: {"enum": rowc["deger"]}}},
                                      "then": {"properties": {c.id: {"maximum": case.value}}}})
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
    if form.period:
        props["donem"] = {"title": "Rehber dönemi",
                          "description": (f"Verinin doldurulduğu rehber dönemi; bu şema {form.period} dönemi içindir. "
                                          "Yazılmazsa veri bu dönemin şemasıyla denetlenir."),
                          "const": form.period}
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
                for case in (x for cap in col.caps for x in expand(kb, form, cap)):
                    rowc = case.row
                    if not case.conds:
                        continue
                    leaf: dict[str, Any] = {"maximum": case.value}
                    then = _nest(col.pointer, leaf)
                    if rowc is not None:  # both: a row rule under a root condition
                        then = _nest(col.table.pointer + "/*", {"allOf": [{
                            "if": {"required": [rowc["sutun"]], "properties": {rowc["sutun"]: {"enum": rowc["deger"]}}},
                            "then": {"properties": {col.id: leaf}}}]})
                    rules.append({"if": _root_if(case.conds), "then": then})
        props[s.id] = sec
        if s.cond:
            rules.append({"if": _if_field(s.cond["alan"], s.cond["deger"]), "then": {"required": [s.id]}})
        else:
            required.append(s.id)
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": base_url + form.schema_url,
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
    if form.period:
        fields["/donem"] = {"etiket": "Rehber dönemi", "tur": "donem", "hatalar": {
            "const": f"Bu dosya rehberin başka bir dönemine göre doldurulmuş; bu form {form.period} dönemi içindir — "
                     "dosyayı, içindeki “donem” hangi dönemse o dönemin form sayfasında yükleyin"}}
    # a label two fields share (two sections each asking "Telefon numarası") names its section in
    # the messages, so that no two lines of an error summary read the same
    seen: dict[str, int] = {}
    for s in form.sections:
        for f in s.fields:
            seen[f.label] = seen.get(f.label, 0) + 1
    for s in form.sections:
        fields[f"/{s.id}"] = {"etiket": s.title, "tur": "bolum"}
        for f in s.fields:
            fields[f.pointer] = _cat_entry(f)
            if seen[f.label] > 1:
                fields[f.pointer]["etiket"] = f"{f.label} ({s.title})"
            if f.type == "coklu_secim":
                fields[f.pointer + "/*"] = {"etiket": f.label, "tur": "secenek"}
            if f.type == "tablo":
                fields[f.pointer + "/*"] = {"etiket": f.label, "tur": "satir", "satir": f.label, "satir_adi": f.row_name}
                for c in f.columns:
                    e = _cat_entry(c)
                    e.update({"satir": f.label, "satir_adi": f.row_name})
                    # a cell's own message ("Gider türünü seçin") says which table and row: the
                    # label ("İşletme gideri kalemleri, 2. kalem: Gider türü") goes in front
                    for kw, text in e.get("hatalar", {}).items():
                        if "{etiket}" not in text:
                            e["hatalar"][kw] = "“{etiket}”: " + _lower_first(text)
                    fields[c.pointer] = e
    return {"form": form.id, "baslik": form.title, "alanlar": fields}


def _lower_first(text: str) -> str:
    """"Gider türünü seçin" -> "gider türünü seçin" (Turkish: "I" -> "ı", "İ" -> "i")."""
    if not text:
        return text
    first = {"I": "ı", "İ": "i"}.get(text[0], text[0].lower())
    return first + text[1:]


def _cat_entry(f: Field) -> dict:
    e: dict[str, Any] = {"etiket": f.label, "tur": f.type}  # "format:tckn" etc. are keyed by the type
    if f.errors:
        e["hatalar"] = dict(f.errors)
    return e
