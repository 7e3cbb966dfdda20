"""Stage 3 — render: pages (Jinja2 templates) -> Markdown files under build/docs/.

Pages come from providers: `core_pages` here, and one provider per feature module
(checklists, forms, rules). A provider returns Page objects, extra files (Asset) and
its part of catalog.json; adding a feature never means editing another feature.
"""
from __future__ import annotations

import gc
import hashlib
import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from kb.content.model import KnowledgeBase, Node
from kb.content.moved import guide_node
from kb.site.easytext import switch_links
from kb.site.owntexts import register as register_own_texts
from kb.site.richtext import HtmlText, param_text, to_plain
from kb.site.sitemap import (AMOUNTS_URL, PREVIOUS_PERIODS_URL, REGULATION_URL, SOURCES_URL, SiteMap, guide_base_url,
                             note_anchor, relative)
from kb.common.turkish import UNIT_TABLE, format_date, format_value
from kb.common.paths import ROOT

TEMPLATES = ROOT / "templates"
# the page components (components/README.md): templates import their macros by the path
# inside this folder, e.g. {% from "error-summary/error-summary.j2" import error_summary %}
COMPONENTS = ROOT / "components"
TEMPLATE_DIRS = (TEMPLATES, COMPONENTS)


@dataclass
class Page:
    path: str  # Markdown file inside docs dir: "yonetmelik.md", "rehber/2020-1/index.md"
    title: str
    template: str
    context: dict = field(default_factory=dict)
    nav: tuple[str, ...] = ()  # nav section titles, outermost first; () = top level
    order: int = 0
    # "nodes": the search index gets one entry per node (see search_docs); "default": Material's own
    search: str = "default"
    # False: built and linked, but left out of the navigation (passed to mkdocs as not_in_nav),
    # e.g. the pages of older guide periods, so every page's navigation stays the same size
    in_nav: bool = True
    # what the page is made from, "file:line" (content/rehber/2020-1/07-bolum-4B.yaml:3), for
    # messages about it (kb/site/outputs.py); "" when its context says (a form, a rule set)
    source: str = ""

    @property
    def url(self) -> str:
        p = self.path.removesuffix(".md")
        if p == "index":
            return ""
        return (p.removesuffix("/index") if p.endswith("/index") else p) + "/"


@dataclass
class Asset:
    dest: str  # path inside the docs dir
    content: bytes


@dataclass
class Output:
    pages: list[Page] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    catalog: dict[str, Any] = field(default_factory=dict)
    search_docs: list[dict] = field(default_factory=list)  # extra per-node search entries


Provider = Callable[[KnowledgeBase, SiteMap], Output]


# ------------------------------------------------------------------ Jinja
ENV_OPTIONS = dict(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                   keep_trailing_newline=True)


class _BytecodeCache(FileSystemBytecodeCache):
    """Compiled templates under build/cache/ (compiling them was half of the render stage).

    Jinja checks each entry against the template's source; a damaged entry or an unwritable
    folder only means compiling again."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except Exception:
            pass


def _bytecode_cache() -> _BytecodeCache | None:
    # the compiled code depends on the environment's options and Jinja's version, the entries'
    # keys do not: both name the folder
    tag = hashlib.sha256(f"{jinja2.__version__} {sorted((k, repr(v)) for k, v in ENV_OPTIONS.items())}".encode())
    folder = ROOT / "build" / "cache" / f"jinja-{tag.hexdigest()[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BytecodeCache(str(folder))


# correction fields a reader sees in the text: only these get an inline "[düzeltildi]" mark;
# structural ones (flattened numbering, removed scraping noise) are listed on the sources page
VISIBLE_CORRECTION_FIELDS = frozenset({"metin", "harf", "no", "baslik"})


def has_visible_correction(node: Node) -> bool:
    return any(c.field in VISIBLE_CORRECTION_FIELDS for c in node.corrections)


def make_env(kb: KnowledgeBase, sm: SiteMap, outbound: set[str]) -> Environment:
    # auto_reload off: the environment lives for one build, so the templates cannot change under
    # it, and every get_template (one per page, one per import) would stat the file again
    env = Environment(loader=FileSystemLoader([str(d) for d in TEMPLATE_DIRS]), bytecode_cache=_bytecode_cache(),
                      auto_reload=False, **ENV_OPTIONS)
    texts: dict[str, HtmlText] = {}
    # sm.url / relative are pure for the length of a build (the knowledge base and the site map
    # do not change while pages are rendered); a page asks for the same ones many times.
    # (Labels are kept by kb/site/sitemap.py cite_label itself.)
    urls: dict[str, str] = {}
    links: dict[tuple[str, str], str] = {}

    def url_of(cite_: str) -> str:
        u = urls.get(cite_)
        if u is None:
            u = urls[cite_] = sm.url(cite_)
        return u

    last: list = [None, None]  # the page text() rendered for last, and its HtmlText

    def _t(page: Page) -> HtmlText:
        if page is last[0]:
            return last[1]
        url = page.url
        if url not in texts:
            texts[url] = HtmlText(kb, sm, url, outbound)
        last[:] = page, texts[url]
        return texts[url]

    def text(page: Page, node: Node, field_: str = "text") -> Markup:
        raw = getattr(node, field_)
        scope = None
        if node.doc == "yonetmelik":
            art = node if node.kind == "article" else next(a for a in node.ancestors() if a.kind == "article")
            scope = art.cite
        return _t(page).render(node, raw, scope)

    def href(page: Page, url: str) -> str:
        key = (page.url, url)
        rel = links.get(key)
        if rel is None:
            rel = links[key] = relative(*key)
        return rel

    # the citation link component (components/citation-link/); a macro call costs some 1 µs
    # more than formatting the string here, a few thousand times per build
    citation_link = env.get_template("citation-link/citation-link.j2").module.citation_link

    def cite(page: Page, cite_: str, label: str | None = None) -> Markup:
        return citation_link(href(page, url_of(cite_)), label or sm.label(cite_))

    def param(page: Page, pid: str, fmt: str = "", doc: str | None = None) -> Markup:
        p = kb.params[pid]
        return Markup('<a class="kb-param" href="{}" title="{}">{}</a>').format(
            href(page, sm.param_url(pid)), p.label, param_text(kb, doc, pid, fmt))

    env.globals.update(kb=kb, sm=sm, text=text, href=href, cite=cite, param=param,
                       plain=lambda node, t=None: to_plain(kb, node, t if t is not None else node.text),
                       format_value=format_value, format_date=format_date, unit_name=UNIT_TABLE,
                       REGULATION_URL=REGULATION_URL, AMOUNTS_URL=AMOUNTS_URL, SOURCES_URL=SOURCES_URL,
                       PREVIOUS_PERIODS_URL=PREVIOUS_PERIODS_URL, guide_url=guide_base_url, note_anchor=note_anchor,
                       json=json, html=html,
                       # a guide provision in one period (where that guide moved it: kb/content/moved.py)
                       guide_cite=lambda doc_id, node_id: guide_node(kb, doc_id, node_id))
    # the "Kolay okunur" links of a page that an easy-read page summarises (templates/_easy_read_switch.j2)
    env.globals["easy_read_links"] = lambda page: switch_links(kb, page.url)
    # the site's own words (content/aciklamalar.yaml): own_text, own_texts_of_param, cite_sources
    register_own_texts(env, kb, url_of, href, lambda page, node, raw: _t(page).render(node, raw), sm.label)
    # a test, not a global: Jinja calls tests directly, globals through Context.call
    env.tests["visibly_corrected"] = has_visible_correction
    return env


def render_pages(env: Environment, pages: list[Page]) -> dict[str, str]:
    out = {}
    # Rendering allocates a great many short-lived objects, so the cyclic garbage collector runs
    # some 300 times, and a full collection walks every object of the knowledge base (0.2-0.8 s
    # of the render stage at ×100 content). The pages leave little cyclic garbage (some 70,000
    # objects at ×100): the collector is paused while they are rendered, and its first run
    # afterwards takes that garbage.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for page in pages:
            tpl = env.get_template(page.template)
            out[page.path] = tpl.render(page=page, **page.context)
    finally:
        if collecting:
            gc.enable()
    return out
