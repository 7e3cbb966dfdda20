"""Turn content text (with {p:…}, {ref:…}, {dn:…}, **bold**, URLs) into HTML or plain text.

One function per output: `to_html` for pages, `to_plain` for search, JSON data and
print. Both resolve parameters the same way, so the figure a reader sees is always the
parameter's value for the document's period.
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

from kb.content.loader import MARKUP_RE
from kb.content.model import KnowledgeBase, Node
from kb.site.sitemap import SiteMap, relative
from kb.common.turkish import format_value
from kb.content.paramtext import period_text

URL_RE = re.compile(r"(https?://[^\s)<>\"”’]+|www\.[a-z0-9.-]+\.[a-z]{2,}(?:/[^\s)<>\"”’]*)?)")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*", re.S)


def param_text(kb: KnowledgeBase, doc_id: str | None, pid: str, fmt: str = "") -> str:
    # outside a document (site pages): the only or the latest value
    period = kb.docs[doc_id].period if doc_id in kb.docs else None
    return period_text(kb, pid, period, fmt)


def to_plain(kb: KnowledgeBase, node_or_doc: Node | str, text: str) -> str:
    doc_id = node_or_doc.doc if isinstance(node_or_doc, Node) else node_or_doc
    key = ("plain", doc_id, text)
    found = kb.derived.get(key)
    if found is None:
        found = kb.derived[key] = _to_plain(kb, doc_id, text)
    return found


def _to_plain(kb: KnowledgeBase, doc_id: str, text: str) -> str:
    if "{" not in text and "**" not in text:
        return text  # no markup (most texts): nothing to resolve

    def sub(m: re.Match) -> str:
        kind, target, opt = m.group(1), m.group(2).strip(), m.group(3)
        if kind == "p":
            return param_text(kb, doc_id, target, opt or "")
        if kind == "ref":
            return opt if opt else target
        return ""  # footnote markers have no plain-text form

    return BOLD_RE.sub(r"\1", MARKUP_RE.sub(sub, text))


class HtmlText:
    """Renders text for one page, remembering which terms were already linked per article."""

    def __init__(self, kb: KnowledgeBase, sm: SiteMap, page_url: str, outbound: set[str] | None = None):
        self.kb = kb
        self.sm = sm
        self.page_url = page_url
        self.outbound = outbound if outbound is not None else set()
        self._linked_terms: dict[str, set[str]] = {}
        forms = []
        for term, node in kb.terms.items():
            for f in node.term_forms:
                forms.append((f, node))
        forms.sort(key=lambda x: -len(x[0]))  # longest form first
        self._term_forms = forms
        self._term_re = (re.compile(r"(?<![\wçğıöşüÇĞİÖŞÜ])(" + "|".join(re.escape(f) for f, _ in forms) + r")(?![\wçğıöşüÇĞİÖŞÜ])")
                         if forms else None)
        self._term_by_form = {f: n for f, n in forms}

    def href(self, url: str) -> str:
        return relative(self.page_url, url)

    def _plain_segment(self, s: str, scope: str | None) -> str:
        """Escape a literal piece of text, linking URLs and (in the regulation) defined terms."""
        out = []
        pos = 0
        for m in URL_RE.finditer(s):
            out.append(self._terms(s[pos:m.start()], scope))
            url = m.group(0).rstrip(".,;")
            tail = m.group(0)[len(url):]
            target = url if url.startswith("http") else "https://" + url
            self.outbound.add(target)
            out.append(f'<a class="kb-out" href="{html.escape(target)}" rel="noopener">{html.escape(url)}</a>{html.escape(tail)}')
            pos = m.end()
        out.append(self._terms(s[pos:], scope))
        return "".join(out)

    def _terms(self, s: str, scope: str | None) -> str:
        if not scope or not self._term_re:
            return html.escape(s, quote=False)
        linked = self._linked_terms.setdefault(scope, set())
        out, pos = [], 0
        for m in self._term_re.finditer(s):
            node = self._term_by_form[m.group(1)]
            if node.term in linked or scope == node.cite.rsplit("__", 1)[0]:
                continue
            linked.add(node.term)
            out.append(html.escape(s[pos:m.start()], quote=False))
            out.append(f'<a class="kb-term" href="{self.href(self.sm.url(node.cite))}" '
                       f'title="Tanım: {html.escape(node.term)} (Madde 4)">{html.escape(m.group(1))}</a>')
            pos = m.end()
        out.append(html.escape(s[pos:], quote=False))
        return "".join(out)

    def render(self, node: Node, text: str, term_scope: str | None = None) -> Markup:
        if (term_scope is None and "{" not in text and "**" not in text and "http" not in text
                and "www." not in text):
            # no markup, no address, no term to link (most guide texts): what the loop below gives
            return Markup(html.escape(text, quote=False))
        out, pos = [], 0
        for m in MARKUP_RE.finditer(text):
            out.append(self._plain_segment(text[pos:m.start()], term_scope))
            kind, target, opt = m.group(1), m.group(2).strip(), m.group(3)
            if kind == "p":
                shown = param_text(self.kb, node.doc, target, opt or "")
                label = self.kb.params[target].label
                # the value alone ("bir", "10", "beş (5)") says nothing in a list of links: the
                # name is the value, then what it is (WCAG 2.4.4; the visible value first, 2.5.3);
                # the title stays for the tooltip (content.tooltips)
                out.append(f'<a class="kb-param" href="{self.href(self.sm.param_url(target))}" '
                           f'title="{html.escape(label)}" aria-label="{html.escape(shown)} ({html.escape(label)})">'
                           f'{html.escape(shown)}</a>')
            elif kind == "ref":
                shown = opt if opt else self.sm.label(target)
                out.append(f'<a class="kb-ref" href="{self.href(self.sm.url(target))}">{html.escape(shown)}</a>')
            elif kind == "dn":
                fn = self.kb.docs[node.doc].footnotes[target]
                out.append(f'<sup class="kb-fnref"><a href="{self.href(self.sm.url(fn.cite))}" '
                           f'aria-label="Dipnot {html.escape(target)}">{html.escape(target)}</a></sup>')
            pos = m.end()
        out.append(self._plain_segment(text[pos:], term_scope))
        result = "".join(out)
        result = BOLD_RE.sub(r"<strong>\1</strong>", result)
        return Markup(result)
