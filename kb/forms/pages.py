"""The form pages provider `pages(kb, sm)`: an index page, one fillable page per form (its
schema and message catalogue embedded as JSON), each form's JSON Schema as derived from its
definition (schemas/forms/<id>.schema.json, the URL of its `$id`), the message catalogue asset
(assets/kb/form-mesajlari.json) and the JSON Schema validator files; catalog entries.
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
from kb.forms.schema import cap_sources, cap_value
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
        sources = cap_sources(kb, form, cap)
        period_factor = next((x for x in cap["carpanlar"] if "donem_alani" in x), None)
        if period_factor is None:
            values = [(None, cap_value(kb, form, cap))]
        else:
            values = [(v.period, cap_value(kb, form, cap, v.period)) for v in kb.params[period_factor["parametre"]].values]
        notes.append({"text": cap.get("aciklama", ""), "amounts": [(p, format_value(v, "TL")) for p, v in values],
                      "when": bool(cap.get("satir_kosulu") or cap.get("kosul")), "sources": sources})
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
    # the one contract: the same schema is published here, embedded in the page and used by validate
    out.assets += [Asset(f.schema_url, f.schema_file_text.encode("utf-8")) for f in forms]
    catalogue = messages.catalogue_json({f.id: f.catalogue for f in forms})
    out.assets.append(Asset("assets/kb/form-mesajlari.json",
                            (json.dumps(catalogue, ensure_ascii=False, indent=1) + "\n").encode("utf-8")))
    out.assets += cfworker_assets()
    entries = []
    index = Page("formlar/index.md", "Formlar", "forms_index.md.j2", {"forms": forms}, NAV, ORDER)
    out.pages.append(index)
    for f in forms:
        view = {
            "form": f,
            "sections": [{"s": s, "cond": json.dumps(s.cond, ensure_ascii=False) if s.cond else "",
                          "fields": [_view_field(kb, f, x) for x in s.fields]} for s in f.sections],
            "schema_json": _json_block(f.schema),
            "catalogue_json": _json_block({k: v for k, v in catalogue.items() if k != "formlar"}
                                          | {"form": f.id, "alanlar": f.catalogue["alanlar"]}
                                          | ({"kurallar": f.rules} if f.rules else {})),
            "schema_url": f.schema_url,
            "schema_id": f.schema["$id"],
        }
        page = Page(f"formlar/{f.id}.md", f.title, "form.md.j2", view, NAV, ORDER + f.order)
        out.pages.append(page)
        entries.append({"id": f.id, "title": f.title, "url": page.url, "schema_url": f.schema_url,
                        "schema_id": f.schema["$id"], "cites": f.basis})
    out.catalog["forms"] = entries
    return out
