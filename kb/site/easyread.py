"""The easy-read pages (kolay-okunur/): one per file of content/kolay-okunur/ and an index.

A page provider (kb/commands/build.py): each page lists its sections, each section a box of
the site's own words (components/easy-read/) holding one idea per line, with its icon —
Material Design Icons from the installed mkdocs-material package, inlined and hidden from
screen readers (kb/common/icons.py) — and a link to every passage it rests on. The pages go
into the navigation under "Kimin için?" next to "Adaylar ve aileler"; the pages they
summarise show a "Kolay okunur" line (templates/_easy_read_switch.j2).
"""
from __future__ import annotations

from kb.common.turkish import slug
from kb.content.easyread import URL_BASE, EasyReadPage, Idea
from kb.content.model import KnowledgeBase
from kb.site.easytext import BACK_ICON, SWITCH_ICON, icon_html, text_html
from kb.site.render import Output, Page
from kb.site.sitemap import SiteMap, relative

NAV = ("Kimin için?", "Kolay okunur")
ORDER = 10  # right after "Adaylar ve aileler" (kb/site/pages.py), before "İşverenler" (11)
INDEX_TITLE = "Kolay okunur sayfalar"


def _idea(kb: KnowledgeBase, sm: SiteMap, page_url: str, doc_id: str, idea: Idea) -> dict:
    return {"icon": icon_html(idea.icon), "text": text_html(kb, doc_id, idea.text),
            "sources": [{"href": relative(page_url, sm.url(c)), "label": sm.label(c)} for c in idea.cites]}


def _sections(kb: KnowledgeBase, sm: SiteMap, er: EasyReadPage) -> list[dict]:
    out, used = [], set()
    for s in er.sections:
        anchor = base = slug(s.title) or "bolum"
        n = 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        out.append({"title": s.title, "anchor": anchor,
                    "ideas": [_idea(kb, sm, er.url, er.doc, i) for i in s.ideas]})
    return out


def pages(kb: KnowledgeBase, sm: SiteMap) -> Output:
    out = Output()
    if not kb.easy_read:
        return out
    index_url = URL_BASE
    cards = []
    for i, er in enumerate(kb.easy_read):
        context = {"er": er, "doc": kb.docs[er.doc], "sections": _sections(kb, sm, er),
                   "full_text": [{"href": relative(er.url, u), "name": name} for u, name in er.full_text],
                   "back_icon": icon_html(BACK_ICON), "index_href": relative(er.url, index_url)}
        out.pages.append(Page(er.url.removesuffix("/") + ".md", er.title, "easy_read.md.j2", context, NAV,
                              ORDER + (i + 2) / 100, source=f"{er.file}:{er.pos[0]}"))
        cards.append({"title": er.title, "href": relative(index_url, er.url), "anchor": slug(er.title),
                      "summary": [_idea(kb, sm, index_url, er.doc, er.summary)],
                      "icon": icon_html(SWITCH_ICON)})
    out.pages.insert(0, Page(index_url + "index.md", INDEX_TITLE, "easy_read_index.md.j2", {"cards": cards}, NAV,
                             ORDER + 1 / 100))
    return out
