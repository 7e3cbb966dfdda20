"""The easy-read pages' pieces of HTML that more than the pages need: an icon of the set
mkdocs-material ships (kb/common/icons.py), inlined and decorative; an idea's text; the
"Kolay okunur" links of the pages an easy-read page summarises (the `easy_read_links`
global of kb/site/render.py, used by templates/_easy_read_switch.j2)."""
from __future__ import annotations

import html
import re

from markupsafe import Markup

from kb.common import icons
from kb.content.easyread import BOLD_RE
from kb.content.markup import MARKUP_RE
from kb.content.model import KnowledgeBase
from kb.content.paramtext import period_text
from kb.site.sitemap import relative

SWITCH_ICON = "book-open-variant"  # beside the "Kolay okunur" link
BACK_ICON = "text-box-outline"  # beside the "Tam metin" links
_SVG_OPEN = re.compile(r"^<svg\b")


def icon_html(name: str, cls: str = "") -> Markup:
    """The icon's SVG, decorative: hidden from assistive technology (aria-hidden), sized
    24 px until a stylesheet sizes it."""
    svg = icons.icon_svg(name)
    attrs = f' class="{cls}"' if cls else ""
    return Markup(_SVG_OPEN.sub(f'<svg{attrs} aria-hidden="true" width="24" height="24"', svg, count=1))


def text_html(kb: KnowledgeBase, doc_id: str, text: str) -> Markup:
    """An idea's text as HTML: amounts ({p:…}) as the document's period gives them, in bold."""
    period = kb.docs[doc_id].period if doc_id in kb.docs else None
    out, pos = [], 0
    for m in MARKUP_RE.finditer(text):
        out.append(html.escape(text[pos:m.start()], quote=False))
        if m.group(1) == "p":
            shown = period_text(kb, m.group(2).strip(), period, m.group(3) or "")
            out.append(f'<strong class="kb-er__amount">{html.escape(shown, quote=False)}</strong>')
        pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return Markup(BOLD_RE.sub(r"<strong>\1</strong>", "".join(out)))


def switch_links(kb: KnowledgeBase, page_url: str) -> list[dict]:
    """The easy-read pages that summarise the page at `page_url`: [{href, title, icon}]."""
    return [{"href": relative(page_url, er.url), "title": er.title, "icon": icon_html(SWITCH_ICON)}
            for er in kb.easy_read if page_url in er.full_text_urls]
