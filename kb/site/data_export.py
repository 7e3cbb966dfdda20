"""build/site/data/: the whole knowledge base as JSON, plus catalog.json.

catalog.json is described by schemas/catalog.schema.json, which is published with the
site at schemas/catalog.schema.json. URLs are relative to the site root and carry the
anchor of the exact paragraph.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import orjson
from jsonschema import Draft202012Validator

from kb.content.filecache import ValueCache, jsonschema_version
from kb.content.model import KnowledgeBase, Node
from kb.common.problems import BuildError, ProblemList
from kb.site.render import Asset, Output
from kb.site.richtext import to_plain
from kb.site.sitemap import SiteMap, site_url


def _dump(obj) -> bytes:
    """Compact UTF-8 JSON (one line): the files are data for programs. orjson writes the same
    bytes as json.dumps(obj, ensure_ascii=False, separators=(",", ":")), about 5x faster
    (19 MB at ×100 content); json's indenting encoder would be 10x slower still."""
    return orjson.dumps(obj) + b"\n"


def node_json(kb: KnowledgeBase, sm: SiteMap, node: Node) -> dict:
    d = {"id": node.id, "cite": node.cite, "kind": node.kind, "url": sm.url(node.cite), "label": sm.label(node.cite)}
    if node.no:
        d["no"] = node.no
    if node.title:
        d["title"] = to_plain(kb, node, node.title)
    if node.text:
        d["text"] = to_plain(kb, node, node.text)
        d["source_markup"] = node.text
    if node.role:
        d["role"] = node.role
    if node.project_types:
        d["project_types"] = node.project_types
    if node.qualifiers:
        d["qualifiers"] = node.qualifiers
    if node.term:
        d["term"] = node.term
    if node.corrections:
        d["corrections"] = [{"field": c.field, "original": c.original, "corrected": c.corrected, "why": c.why}
                            for c in node.corrections]
    if node.notes:
        d["source_notes"] = [{"kind": n.kind, "text": n.text, "related": n.related} for n in node.notes]
    if node.children:
        d["children"] = [node_json(kb, sm, c) for c in node.children]
    return d


def export_data(root: Path, kb: KnowledgeBase, sm: SiteMap, merged: Output) -> list[Asset]:
    assets = []
    params = []
    for p in kb.params.values():
        latest = p.values[-1]
        params.append({
            "id": p.id, "label": p.label, "value": latest.value, "unit": p.unit, "period": latest.period,
            "url": sm.param_url(p.id), "cites": [c for v in p.values for c in ([v.cite] if v.cite else []) + v.other_cites],
            "project_type": p.project_type, "external": p.external,
            "values": [{"period": v.period, "value": v.value,
                        **({"cite": v.cite, "cite_url": sm.url(v.cite)} if v.cite else {}),
                        **({"external_cite": v.external_cite, "verified": bool(v.verified)} if v.external_cite else {})}
                       for v in p.values],
        })
    reg = kb.docs["yonetmelik"]
    catalog = {
        "site": "Destekli İstihdam Bilgi Tabanı",
        "schema": "../schemas/catalog.schema.json",
        "articles": [{"id": a.id, "number": int(a.no), "title": a.heading_group, "url": sm.url(a.cite)} for a in reg.roots],
        "project_types": [{"id": pt.id, "title": pt.title, "url": sm.project_type_page.get(pt.id) or sm.url(pt.cite),
                           "cite": pt.cite} for pt in sorted(kb.project_types.values(), key=lambda x: x.order)],
        "parameters": params,
        "documents": [{"id": d.id, "title": d.title, "data": f"data/{d.id}.json"} for d in kb.docs.values()],
    }
    catalog.update(merged.catalog)
    schema_text = (root / "schemas" / "catalog.schema.json").read_text(encoding="utf-8")
    # validating the catalog costs more than writing it: a catalog already found valid (the same
    # JSON against the same schema and jsonschema) is not validated again
    verdicts = ValueCache(root / "build" / "cache" / "catalog-valid.json")
    key = ValueCache.key("catalog", jsonschema_version(), schema_text,
                         json.dumps(catalog, ensure_ascii=False, sort_keys=True))
    errors = [] if verdicts.get(key) == "valid" else sorted(
        Draft202012Validator(json.loads(schema_text)).iter_errors(catalog), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        if verdicts.get(key) != "valid":
            verdicts.put(key, "valid")
    else:
        problems = ProblemList()
        for e in errors:
            problems.add("catalog.json", None, f"/{'/'.join(map(str, e.absolute_path))}: {e.message}",
                         "üreticideki katalog çıktısını şemaya uygun hâle getirin")
        raise BuildError(problems)
    assets.append(Asset("data/catalog.json", _dump(catalog)))
    assets.append(Asset("data/parametreler.json", _dump(params)))
    for d in kb.docs.values():
        body = {"id": d.id, "title": d.title, "issuer": d.issuer, "period": d.period, "source_file": d.file,
                "nodes": [node_json(kb, sm, r) for r in d.roots],
                "footnotes": [node_json(kb, sm, f) for f in d.footnotes.values()],
                "document_corrections": [{"where": c.where, "field": c.field, "original": c.original,
                                          "corrected": c.corrected, "why": c.why} for c in d.corrections]}
        assets.append(Asset(f"data/{d.id}.json", _dump(body)))
    for f in sorted((root / "schemas").rglob("*.json")):
        assets.append(Asset("schemas/" + f.relative_to(root / "schemas").as_posix(), published_schema(f.read_bytes())))
    return assets


# The hand-written schemas (schemas/) name one of these placeholders as the base of their $id;
# published, it becomes the site's address (SITE_URL), or a host that never resolves while none is set.
SCHEMA_SOURCE_BASES = ("https://destekli-istihdam.example.org/", "https://destekli-istihdam.example/")
_SCHEMA_ID = re.compile(rb'^(\s*"\$id"\s*:\s*")(?:' + b"|".join(re.escape(b.encode()) for b in SCHEMA_SOURCE_BASES)
                        + b")", re.M)


def published_schema(text: bytes) -> bytes:
    return _SCHEMA_ID.sub(lambda m: m.group(1) + site_url().encode(), text, count=1)
