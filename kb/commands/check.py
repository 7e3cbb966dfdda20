"""`generator.py check`: validate all content (and forms), print problems or a summary."""
from __future__ import annotations

import gc
from pathlib import Path

from kb.content.application import require_valid_applications
from kb.content.loader import load_knowledge_base
from kb.content.model import KnowledgeBase
from kb.site.owntexts import require_own_texts_used


def counts(kb: KnowledgeBase) -> dict[str, int]:
    # one pass over the flat node index (after a successful load it holds exactly the nodes of
    # the documents' trees and footnotes) instead of walking every tree once per count
    guide_ids = {g.id for g in kb.guides()}
    points = guide_sections = documents = 0
    corrections = sum(len(d.corrections) for d in kb.docs.values())
    notes = 0
    for n in kb.nodes.values():
        kind = n.kind
        if kind in ("point", "item"):
            if n.doc == "yonetmelik":
                points += 1
            if n.parent is not None and n.parent.role == "belgeler":
                documents += 1
        elif kind in ("section", "part") and n.doc in guide_ids:
            guide_sections += 1
        corrections += len(n.corrections)
        notes += len(n.notes)
    return {
        "madde": len(kb.docs["yonetmelik"].roots),
        "bent": points,
        "rehber bölümü": guide_sections,
        "proje türü": len(kb.project_types),
        "belge": documents,
        "parametre": len(kb.params),
        "düzeltme": corrections,
        "kaynak notu": notes,
    }


def run_check(root: Path, cache: bool = True) -> str:
    """Return the summary line; raises BuildError with every problem.

    cache=False: parse and validate every file again (kb/content/filecache.py), same result."""
    # a short run that frees almost nothing: the cyclic garbage collector would only walk the
    # growing knowledge base again and again (its state is restored on return)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_check(root, cache)
    finally:
        if gc_was_enabled:
            gc.enable()


def _run_check(root: Path, cache: bool) -> str:
    kb = load_knowledge_base(root, cache=cache)
    require_valid_applications(root, kb)  # each period's application channel and place (kaynaklar.yaml)
    require_own_texts_used(kb)  # the site's own words: every id a template names exists, every entry is shown
    from kb.forms.loader import load_forms  # forms are checked too, once they exist

    forms = load_forms(root, kb, cache=cache)
    c = counts(kb)
    c["form"] = len(forms)
    from kb.rules.loader import load_rulesets  # rule sets: cites, parameters, expressions (file:line)

    c["kural kümesi"] = len(load_rulesets(root, kb, cache=cache))
    return "İçerik geçerli: " + ", ".join(f"{v} {k}" for k, v in c.items()) + "."
