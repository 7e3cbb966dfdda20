"""The checklist pages: an index and one printable page per checklist (templates/checklist*.j2),
their script (theme/assets/kb/checklists.js) and their catalog.json entries."""
from __future__ import annotations

from kb.checklists.derive import BASE_URL, Checklist, checklists
from kb.content.model import KnowledgeBase
from kb.site.render import Output, Page
from kb.site.richtext import to_plain
from kb.site.sitemap import SiteMap

NAV = ("Kontrol listeleri",)
ORDER = 40
# Turkish labels of the document qualifiers (content/README.md, "nitelikler").
QUALIFIER_LABELS = {"asli": "aslı", "onayli_ornek": "onaylı örneği", "noter_onayli": "noter onaylı",
                    "ornek": "örnek", "guncel": "güncel", "varsa": "varsa", "kosullu": "koşullu"}


# The page's two buttons (print, clear the ticks): theme/assets/kb/checklists.js, loaded with
# <script src> (the CSP allows no inline script). Ticks are never stored: no storage API is used, and the boxes are
# cleared when the page is shown (also from the back/forward cache), so the browser does
# not restore them either. (autocomplete="off" is not valid HTML on a checkbox.)
JS_ASSET = "assets/kb/checklists.js"


def label_parts(kb: KnowledgeBase, sm: SiteMap, cite: str) -> tuple[str, str]:
    """A citation label split into the document prefix and the rest: ("Rehber 2020/1, ", "4-A-e-i, 1. madde").

    The paper checklist names the guide once in its head and prints only the rest."""
    label = sm.label(cite)
    doc = kb.docs[kb.nodes[cite].doc]
    prefix = f"Rehber {doc.period}, " if doc.period else ""
    if prefix and label.startswith(prefix):
        return prefix, label[len(prefix):]
    return "", label


def catalog_entry(kb: KnowledgeBase, sm: SiteMap, cl: Checklist) -> dict:
    d = {
        "id": cl.id, "title": cl.title, "url": cl.url, "absolute_url": cl.absolute_url,
        "project_type": cl.project_type.id if cl.project_type else None,
        "source": cl.doc.id, "period": cl.doc.period,
        "who_may_apply": cl.who.lines[0].json() if cl.who else None,
        "deadlines": cl.deadlines,
        "application": cl.application,
        "conditions": [dict(line.json(), group=g.legend) for g in cl.condition_groups for line in g.lines],
        "documents": [line.json(with_qualifiers=True) for line in (cl.documents.lines if cl.documents else [])],
        "warnings": [{"text": to_plain(kb, w, w.text).strip(), "cites": [w.cite]}
                     for w in cl.documents_lead + cl.warnings],
    }
    if cl.documents_note:  # the site's own text the page shows instead of document lines
        note = kb.own_texts[cl.documents_note]
        d["documents_note"] = to_plain(kb, cl.doc.id, note.text).strip()
        d["documents_note_cites"] = list(note.cites)
    return d


def pages(kb: KnowledgeBase, sm: SiteMap) -> Output:
    out = Output()
    lists = checklists(kb, sm)
    if not lists:
        return out
    common = {"qualifier_labels": QUALIFIER_LABELS, "js_asset": JS_ASSET, "label_parts": lambda c: label_parts(kb, sm, c)}
    covered = {cl.project_type.id for cl in lists if cl.project_type}
    without = [pt for pt in sorted(kb.project_types.values(), key=lambda p: p.order) if pt.id not in covered]
    out.pages.append(Page(BASE_URL + "index.md", "Kontrol listeleri", "checklist_index.md.j2",
                          {**common, "checklists": lists, "without": without}, NAV, ORDER))
    for i, cl in enumerate(lists, 1):
        out.pages.append(Page(cl.url.removesuffix("/") + ".md", cl.short_title, "checklist.md.j2",
                              {**common, "cl": cl}, NAV, ORDER + i))
    out.catalog["checklists"] = [catalog_entry(kb, sm, cl) for cl in lists]
    return out
