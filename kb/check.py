"""`generator.py check`: validate all content (and forms), print problems or a summary."""
from __future__ import annotations

from pathlib import Path

from .content import load_knowledge_base
from .model import KnowledgeBase


def counts(kb: KnowledgeBase) -> dict[str, int]:
    reg = kb.docs["yonetmelik"]
    points = sum(1 for a in reg.roots for n in a.walk() if n.kind in ("point", "item"))
    guide_sections = sum(1 for g in kb.guides() for r in g.roots for n in r.walk() if n.kind in ("section", "part"))
    documents = sum(1 for n in kb.nodes.values() if n.parent is not None and n.parent.role == "belgeler" and n.kind in ("point", "item"))
    corrections = sum(1 for _ in kb.all_corrections())
    return {
        "madde": len(reg.roots),
        "bent": points,
        "rehber bölümü": guide_sections,
        "proje türü": len(kb.project_types),
        "belge": documents,
        "parametre": len(kb.params),
        "düzeltme": corrections,
        "kaynak notu": sum(1 for _ in kb.all_notes()),
    }


def run_check(root: Path) -> str:
    """Return the summary line; raises BuildError with every problem."""
    kb = load_knowledge_base(root)
    from .forms import load_forms  # forms are checked too, once they exist

    forms = load_forms(root, kb)
    c = counts(kb)
    c["form"] = len(forms)
    from .rules import load_rulesets  # rule sets: cites, parameters, expressions (file:line)

    c["kural kümesi"] = len(load_rulesets(root, kb))
    return "İçerik geçerli: " + ", ".join(f"{v} {k}" for k, v in c.items()) + "."
