"""Stage 2 — derive the site: which page shows each node, its URL and citation label.

Everything here is computed from the KnowledgeBase; nothing is typed twice. The result,
`SiteMap`, is what templates, the search index, the data files and (later) checklists,
forms and rules use to link to "the exact paragraph a thing comes from".
"""
from __future__ import annotations

import functools
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kb.content.model import KnowledgeBase, Node
from kb.common.problems import BuildError, ProblemList
from kb.common.turkish import ascii_slug

REGULATION_URL = "yonetmelik/"
AMOUNTS_URL = "tutarlar/"
SOURCES_URL = "kaynaklar/"
# lists the guide periods older than the newest one (they are not in the navigation)
PREVIOUS_PERIODS_URL = "rehber/onceki-donemler/"

SITE_URL_ENV = "SITE_URL"  # the public address: a build setting, never written in mkdocs.yml (README "Yayınlama")
# The base of the form schemas' $id while the address is not set: an absolute URI, as JSON Schema
# asks of a root schema's $id, that can never lead anywhere (".invalid" is reserved: RFC 2606, RFC 6761).
UNSET_SITE_URL = "https://destekli-istihdam.invalid/"
# Hosts reserved for examples and documentation (RFC 2606): an address on them leads nowhere either.
_PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")
_PLACEHOLDER_SUFFIXES = (".example", ".invalid", ".example.org", ".example.com", ".example.net")
SITE_URL_NOTICE = ("Uyarı: sitenin adresi ayarlanmadı (SITE_URL); basılı kontrol listelerinde QR kodu ve "
                   "çevrimiçi adres gösterilmiyor.")


def public_url() -> str | None:
    """The site's public address (environment variable SITE_URL, ending in "/"), or None while it
    is unset or a placeholder (a host reserved for examples): printed on the checklists and in
    their QR codes, the sitemap's and canonical links' base. An address that is not a whole
    http(s) URL fails the build."""
    raw = os.environ.get(SITE_URL_ENV, "").strip()
    if not raw:
        return None
    try:
        parts = urlsplit(raw)
        valid = (parts.scheme in ("https", "http") and bool(parts.hostname) and parts.port != 0
                 and not parts.query and not parts.fragment and not parts.username and not re.search(r"\s", raw))
    except ValueError:  # a malformed port or IPv6 address
        valid = False
    if not valid:
        problems = ProblemList()
        problems.add(SITE_URL_ENV, None, f"sitenin adresi geçersiz: '{raw}'",
                     "tam adresi yazın, örneğin SITE_URL=https://destek.ornek.gov.tr/ (site bir alt klasördeyse "
                     "https://ornek.gov.tr/destek/); adres yoksa SITE_URL'i boş bırakın")
        raise BuildError(problems)
    host = parts.hostname.rstrip(".")
    if host in _PLACEHOLDER_HOSTS or host.endswith(_PLACEHOLDER_SUFFIXES):
        return None
    return raw if raw.endswith("/") else raw + "/"


def site_url(root: Path | None = None) -> str:
    """The base of the form schemas' $id: the public address, or UNSET_SITE_URL while it is not
    set. The address is a build setting, the same for every project root (`root` is accepted for
    the callers that name the root they load)."""
    return public_url() or UNSET_SITE_URL


@dataclass
class GuidePage:
    doc: str
    url: str
    root: Node | None  # the part of section 4 shown, None for the guide's overview page
    title: str
    project_types: list[str] = field(default_factory=list)


@dataclass
class SiteMap:
    kb: KnowledgeBase
    node_page: dict[str, str] = field(default_factory=dict)  # cite -> page url
    guide_pages: list[GuidePage] = field(default_factory=list)
    project_type_page: dict[str, str] = field(default_factory=dict)

    def url(self, cite: str) -> str:
        """Site-root-relative URL with anchor: 'yonetmelik/#madde-5-ç'."""
        node = self.kb.nodes[cite]
        return f"{self.node_page[cite]}#{node.anchor}"

    def note_url(self, cite: str, index: int) -> str:
        """Site-root-relative URL of a node's source note (its `index`-th, from 1) where the
        node's page shows it (templates/_nodes.j2, macro notes)."""
        return f"{self.node_page[cite]}#{note_anchor(self.kb.nodes[cite], index)}"

    def param_url(self, pid: str) -> str:
        return f"{AMOUNTS_URL}#param-{pid}"

    def label(self, cite: str) -> str:
        return cite_label(self.kb, self.kb.nodes[cite])


def note_anchor(node: Node, index: int) -> str:
    """The HTML id of a node's `index`-th source note (from 1, in the order of node.notes)."""
    return f"kn-{node.anchor}-{index}"


def guide_base_url(doc_id: str) -> str:
    return "rehber/" + doc_id.removeprefix("rehber-") + "/"


def derive_site(kb: KnowledgeBase) -> SiteMap:
    sm = SiteMap(kb)
    for cite, node in kb.nodes.items():
        if node.doc == "yonetmelik":
            sm.node_page[cite] = REGULATION_URL
    nodes_by_doc: dict[str, list] = {}
    for cite, node in kb.nodes.items():
        nodes_by_doc.setdefault(node.doc, []).append((cite, node))
    for guide in kb.guides():
        base = guide_base_url(guide.id)
        sm.guide_pages.append(GuidePage(guide.id, base, None, guide.title))
        part_pages: dict[str, GuidePage] = {}
        # a part of the guide that names its project types (proje_turleri) gets its own page;
        # derived from the guide's data, so a new period's guide gets its pages without code
        for root in guide.roots:
            for part in root.walk():
                if part.kind != "part" or not part.project_types or part.parent.kind != "section":
                    continue
                first = kb.project_types[part.project_types[0]]
                title = first.short_title.split("—")[0].strip()
                page = GuidePage(guide.id, f"{base}{ascii_slug(title)}/", part, title, list(part.project_types))
                part_pages[part.cite] = page
                sm.guide_pages.append(page)
                for pid in part.project_types:
                    sm.project_type_page[pid] = page.url  # the latest guide wins
        for cite, node in nodes_by_doc.get(guide.id, []):
            page_url = base
            for anc in [node, *node.ancestors()]:
                if anc.cite in part_pages:
                    page_url = part_pages[anc.cite].url
                    break
            sm.node_page[cite] = page_url
    return sm


@functools.lru_cache(maxsize=65536)
def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for the site's own URLs (relative, no '..'), by comparing segments:
    posixpath.relpath normalises both paths through abspath on every call, 5x slower."""
    if ".." in path or ".." in start or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to = [s for s in path.split("/") if s and s != "."]
    frm = [s for s in start.split("/") if s and s != "."]
    common = 0
    for a, b in zip(to, frm):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(frm) - common) + to[common:]) or "."


def relative(from_url: str, to_url: str) -> str:
    """Relative link between two directory-style site URLs (anchors kept)."""
    path, _, anchor = to_url.partition("#")
    rel = _relpath(path or ".", from_url or ".")
    rel = "./" if rel == "." else rel + ("/" if path.endswith("/") else "")
    return rel + (f"#{anchor}" if anchor else "")


# ------------------------------------------------------------------ labels
def _heads(kb: KnowledgeBase, node: Node | None) -> tuple[str, ...]:
    """The numbers (or names) of the sections and parts a guide node sits in, outermost first,
    the node itself included when it is one; kept per heading (its nodes share it)."""
    while node is not None and node.kind not in ("section", "part"):
        node = node.parent
    if node is None:
        return ()
    key = ("heads", node.cite)
    found = kb.derived.get(key)
    if found is None:
        found = kb.derived[key] = _heads(kb, node.parent) + (node.no or _unnumbered(node),)
    return found


def cite_label(kb: KnowledgeBase, node: Node) -> str:
    """A short Turkish label for a citation: 'Madde 5 (ç)', 'Rehber 4-A-b-i, a) bendi'."""
    key = ("label", node.cite)
    found = kb.derived.get(key)
    if found is None:
        found = kb.derived[key] = _cite_label(kb, node)
    return found


def _cite_label(kb: KnowledgeBase, node: Node) -> str:
    if node.doc == "yonetmelik":
        art = node if node.kind == "article" else next(a for a in node.ancestors() if a.kind == "article")
        if node.kind == "article":
            return f"Madde {art.no}"
        if node.kind == "paragraph":
            return f"Madde {art.no}, fıkra {node.no}" if len(art.children) > 1 else f"Madde {art.no}"
        if node.kind == "point":
            return f"Madde {art.no} ({node.no})"
        return f"Madde {art.no}, {node.no}. bent"
    doc = kb.docs[node.doc]
    prefix = f"Rehber {doc.period}"
    if node.kind == "footnote":
        return f"{prefix}, dipnot {node.no}"
    path = "-".join(_heads(kb, node))
    where = f"{prefix}, {path}" if path else prefix
    if node.kind in ("section", "part"):
        return where
    if node.kind == "paragraph":
        return f"{where}, paragraf {node.no}"
    if node.kind == "list":
        return f"{where}, liste {node.no}"
    if node.kind == "point":
        style = node.parent.list_style if node.parent else ""
        return f"{where}, {node.no}) bendi" if style == "harfli" else f"{where}, {node.no}. madde"
    return f"{where}, liste {node.parent.no if node.parent else ''} {node.no}. madde".replace("  ", " ")


_UNNUMBERED = {"onsoz": "giriş metni", "giris": "GİRİŞ", "bilgi": "Ayrıntılı Bilgi", "rehber": "rehber başlığı"}


def _unnumbered(node: Node) -> str:
    key = node.id.rsplit("_", 1)[-1]
    return _UNNUMBERED.get(key, node.title)
