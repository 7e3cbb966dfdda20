"""Provisions a guide period holds elsewhere than the earlier guide (content/kaynaklar.yaml,
`tasinan_hukumler` under a guide): rule sets, forms and templates name a provision once, by
its earlier id, and read it in each period where that period's guide has it."""
from __future__ import annotations


def moved_provisions(kb, guide_doc: str | None) -> dict[str, str]:
    """{earlier id: id in this period} for one guide (`rehber-2026-1`); {} for none."""
    doc = kb.docs.get(guide_doc) if guide_doc else None
    moved = ((doc.meta or {}).get("tasinan_hukumler") or {}) if doc else {}
    return {old: entry["yer"] for old, entry in moved.items()}


def guide_node(kb, guide_doc: str, node_id: str) -> str:
    """The cite of a provision in one period's guide: `guide_doc:node_id`, or where that guide
    moved it."""
    return guide_doc + ":" + moved_provisions(kb, guide_doc).get(node_id, node_id)
