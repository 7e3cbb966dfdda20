"""The rules pages provider: one page per rule set, an index page, the browser engine's
libraries, each rule set's compiled JSON and answers schema, and the catalog part."""
from __future__ import annotations

import json

from kb.content.model import KnowledgeBase
from kb.common.paths import ROOT
from kb.rules.evaluation import evaluate_compiled
from kb.rules.loader import load_rulesets
from kb.rules.model import KINDS, RuleSet
from kb.rules.periods import period_slug
from kb.content.paramtext import period_text
from kb.rules.wording import amount_text, reading_lines, status_label
from kb.site.vendor import rules_vendor_assets

INDEX_URL = "uygun-muyum/"
NAV = ("Uygun muyum? ve bütçe",)
NAV_ORDER = 42


def pages(kb: KnowledgeBase, sm):
    """Provider: one page per rule set, an index page, the browser engine, catalog part."""
    from kb.site.render import Asset, Output, Page

    out = Output()
    sets = load_rulesets(kb.root or ROOT, kb)
    if not sets:
        return out
    by_type: dict[str, dict[str, RuleSet]] = {}
    for rs in sets.values():
        if not rs.regulation:
            by_type.setdefault(rs.project_type, {})[rs.kind] = rs
    rows = []
    for pt_id, kinds in by_type.items():
        pt = kb.project_types[pt_id]
        rows.append({"pt": pt, "uygunluk": kinds.get("uygunluk"), "butce": kinds.get("butce")})
    programme = [rs for rs in sets.values() if rs.regulation]  # the municipal programme (yonetmelik)
    out.pages.append(Page(INDEX_URL + "index.md", "Uygun muyum? ve bütçe — başlangıç", "rules_index.md.j2",
                          {"rows": rows, "programme": programme}, NAV, NAV_ORDER))
    editions = [(i, e) for i, rs in enumerate(sets.values()) for e in reversed(list(rs.editions.values()))]
    for i, rs in editions:  # the newest period's page first, in the menu; older periods linked from it
        pt = kb.project_types[rs.project_type] if not rs.regulation else None
        empty = evaluate_compiled(rs.compiled, {})
        results = {r["id"]: r for r in empty["sonuclar"]}
        notes = []
        for rule in rs.rules:
            for c in rule["kaynaklar"]:
                if kb.nodes[c].notes and c not in notes:
                    notes.append(c)
        title = f"{pt.short_title}: {KINDS[rs.kind]}" if pt else rs.title
        # the project type as this period's guide names it (its section 3 item, its part of section 4)
        pt_cite = _in_period(kb, pt.cite, rs.doc) if pt else ""
        pt_part = _in_period(kb, pt.part_cite, rs.doc) if pt and pt.part_cite else ""
        rule_params = {}
        for rule in rs.rules:
            shown = []
            for ref in sorted(rule["parametreler"], key=lambda r: (r["id"], r["donem"])):
                p = kb.params[ref["id"]]
                text = period_text(kb, p.id, ref["donem"])
                if ref["donem"] != rs.period:  # (a regulation set reads one version only)
                    text += f" ({ref['donem']})"
                shown.append({"id": p.id, "label": p.label, "shown": text})
            rule_params[rule["id"]] = shown
        other = (by_type[rs.project_type].get("butce" if rs.kind == "uygunluk" else "uygunluk") if pt
                 else None)
        if other is not None and rs.period in other.editions:
            other = other.editions[rs.period]  # the same period's other calculator
        published = published_ruleset(rs, sm)
        data_json = json.dumps(published, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
        out.pages.append(Page(rs.url.removesuffix("/") + ".md", title, "rules_page.md.j2",
                              {"rs": rs, "pt": pt, "c": rs.compiled, "initial": results, "other": other,
                               "data_json": data_json, "amount_text": amount_text, "status_label": status_label,
                               "reading_lines": reading_lines,
                               "questions": {q["id"]: q for q in rs.compiled["sorular"]}, "rule_params": rule_params,
                               "programme": [o for o in programme if o.id != rs.id] if rs.regulation else [],
                               "deadline": kb.params["son_basvuru_tarihi"].value_for(rs.period),
                               "editions": list(rs.editions.values()), "pt_cite": pt_cite, "pt_part": pt_part},
                              NAV, NAV_ORDER + 1 + i, in_nav=rs.newest))
        stem = data_stem(rs)
        out.assets.append(Asset(f"data/rules/{stem}.json", _dump(published)))
        out.assets.append(Asset(f"data/rules/{stem}.answers.schema.json", _dump(rs.compiled["yanit_semasi"])))
    out.assets += rules_vendor_assets()
    out.catalog["rules"] = [catalog_entry(kb, sm, rs) for rs in sets.values()]
    return out


def _in_period(kb: KnowledgeBase, cite: str, doc_id: str) -> str:
    """The same node in another guide document, if it is there (else the cite as given)."""
    same = doc_id + ":" + cite.split(":", 1)[1]
    return same if same in kb.nodes else cite


def data_stem(rs: RuleSet) -> str:
    """data/rules/<id>.json for the newest period, data/rules/<id>.<YYYY-N>.json for an older one."""
    return rs.id if rs.newest else f"{rs.id}.{period_slug(rs.period)}"


def published_ruleset(rs: RuleSet, sm) -> dict:
    """The compiled rule set plus `atiflar`: each cite's label and site-root-relative URL,
    so that any page (e.g. a budget form) can show the citations next to the verdicts."""
    cites = sorted({c for r in rs.rules for c in r["kaynaklar"]} |
                   {c for a in rs.compiled["belirsizlikler"].values() for c in a["kaynaklar"]})
    return {**rs.compiled, "atiflar": {c: {"etiket": sm.label(c), "url": sm.url(c)} for c in cites}}


def _dump(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def catalog_entry(kb: KnowledgeBase, sm, rs: RuleSet) -> dict:
    return {
        "id": rs.id, "kind": rs.kind, "title": rs.title, "project_type": rs.project_type, "period": rs.period,
        "source": rs.doc,
        "url": rs.url, "data": f"data/rules/{rs.id}.json", "answers_schema": f"data/rules/{rs.id}.answers.schema.json",
        # every period the rule set serves (the newest is the entry itself), with its own page and data
        "periods": [{"period": e.period, "source": e.doc, "url": e.url, "data": f"data/rules/{data_stem(e)}.json",
                     "answers_schema": f"data/rules/{data_stem(e)}.answers.schema.json"} for e in rs.editions.values()],
        "rules": [{"id": r["id"], "type": r["tur"], "title": r["baslik"], "cites": r["kaynaklar"],
                   "urls": [sm.url(c) for c in r["kaynaklar"]],
                   "parameters": [p["id"] for p in r["parametreler"]],
                   "readings": sorted({a for a in r["eksenler"]})} for r in rs.rules],
    }
