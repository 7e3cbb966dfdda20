"""The form pages provider `pages(kb, sm)`: an index page, one fillable page per form and guide
period (its schema and message catalogue embedded as JSON; the newest period at formlar/<id>/, in
the navigation, each older one at formlar/<id>/<YYYY-N>/, linked from the others' "Rehber dönemi"
choice), each edition's JSON Schema as derived from its definition
(schemas/forms/<id>.schema.json, older periods schemas/forms/<id>.<YYYY-N>.schema.json: the URL of
its `$id`), the message catalogue asset (assets/kb/form-mesajlari.json) and the JSON Schema
validator files; catalog entries (with `periods` for a form of the guide).
"""
from __future__ import annotations

import json
from typing import Any

from kb.common.paths import ROOT
from kb.common.turkish import format_value
from kb.content import messages
from kb.content.model import KnowledgeBase
from kb.forms.definition import AUTOCOMPLETE
from kb.forms.loader import load_forms
from kb.forms.model import Field, FormDef
from kb.rules.pages import data_stem
from kb.forms.caps import cap_sources, expand
from kb.site.vendor import cfworker_assets

NAV = ("Formlar",)
ORDER = 41


def _json_block(obj: Any) -> str:
    """JSON for a <script type="application/json"> block: '<' escaped so no tag can close it."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _html_id(pointer: str) -> str:
    return "f-" + pointer.strip("/").replace("/", "-").replace("*", "__i__")


def _cap_notes(kb: KnowledgeBase, form: FormDef, col: Field) -> list[dict]:
    notes = []
    for cap in col.caps:
        cases = expand(kb, form, cap)
        notes.append({"text": cap.get("aciklama", ""),
                      "amounts": [(c.label or None, format_value(c.value, "TL")) for c in cases],
                      "when": bool(cap.get("satir_kosulu") or cap.get("kosul")), "sources": cap_sources(kb, form, cap)})
    return notes


def _view_field(kb: KnowledgeBase, form: FormDef, f: Field) -> dict:
    v = {"f": f, "id": _html_id(f.pointer), "name": f.pointer.strip("/").replace("*", "__i__"),
         "optional": not f.required, "cap_notes": _cap_notes(kb, form, f) if f.type == "tutar" else [],
         "autocomplete": f.autocomplete or AUTOCOMPLETE.get(f.type, ""),
         "cond": json.dumps(f.cond, ensure_ascii=False) if f.cond else "",
         "columns": [_view_field(kb, form, c) for c in f.columns]}
    return v


def pages(kb: KnowledgeBase, sm) -> "Output":
    from kb.site.render import Asset, Output, Page

    forms = load_forms(kb.root or ROOT, kb)
    out = Output()
    if not forms:
        return out
    editions = [e for f in forms for e in reversed(list(f.editions.values()))]  # each form's newest first
    # the one contract: the same schema is published here, embedded in the page and used by validate
    out.assets += [Asset(e.schema_url, e.schema_file_text.encode("utf-8")) for e in editions]
    catalogue = messages.catalogue_json({f.id: f.catalogue for f in forms})
    out.assets.append(Asset("assets/kb/form-mesajlari.json",
                            (json.dumps(catalogue, ensure_ascii=False, indent=1) + "\n").encode("utf-8")))
    out.assets += cfworker_assets()
    entries = []
    index = Page("formlar/index.md", "Formlar", "forms_index.md.j2", {"forms": forms}, NAV, ORDER)
    out.pages.append(index)
    # every other form by id (its title and newest page): a file of another form loaded here says which
    others = {o.id: {"baslik": o.title, "adres": o.url} for o in forms}
    for f in editions:
        view = {
            "form": f,
            "editions": list(f.editions.values()) if len(f.editions) > 1 else [],
            "sections": [{"s": s, "cond": json.dumps(s.cond, ensure_ascii=False) if s.cond else "",
                          "fields": [_view_field(kb, f, x) for x in s.fields]} for s in f.sections],
            "schema_json": _json_block(f.schema),
            "catalogue_json": _json_block({k: v for k, v in catalogue.items() if k != "formlar"}
                                          | {"form": f.id, "baslik": f.title, "alanlar": f.catalogue["alanlar"],
                                             "diger_formlar": {k: v for k, v in others.items() if k != f.id}}
                                          | ({"kurallar": _rules_block(kb, f)} if f.rules else {})),
            "schema_url": f.schema_url,
            "schema_id": f.schema["$id"],
        }
        title = f.title if f.newest else f"{f.title} ({f.period} dönemi)"
        page = Page(f.url.removesuffix("/") + ".md", title, "form.md.j2", view, NAV, ORDER + f.order, in_nav=f.newest)
        out.pages.append(page)
        if f.newest:
            entries.append(_catalog_entry(f, page.url))
    out.catalog["forms"] = entries
    return out


def _rules_block(kb: KnowledgeBase, f: FormDef) -> dict:
    """The `kurallar:` mapping as the page's script reads it, with `veri`: the rule set's data of the
    form's period (data/rules/<veri>.json, kb/rules/pages.py data_stem)."""
    from kb.rules.loader import load_rulesets

    rs = load_rulesets(kb.root or ROOT, kb)[f.rules["kural_kumesi"]]
    return {**f.rules, "veri": data_stem(rs.editions.get(f.period, rs))}


def _catalog_entry(f: FormDef, url: str) -> dict:
    entry = {"id": f.id, "title": f.title, "url": url, "schema_url": f.schema_url,
             "schema_id": f.schema["$id"], "cites": f.basis}
    if f.period:  # a form of the guide: its period, and every period it serves with its own page and schema
        entry["period"] = f.period
        entry["periods"] = [{"period": e.period, "url": e.url, "schema_url": e.schema_url, "schema_id": e.schema["$id"]}
                            for e in f.editions.values()]
    return entry
