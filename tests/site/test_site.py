"""The built site keeps its promises: every node and parameter has its place, links land.

All checks run on the session's built site (conftest: built_site, site_url, open_page)
and derive what to expect from the KnowledgeBase and the SiteMap, never from the HTML:

- every article, paragraph, point and item of the regulation has its anchor on
  yonetmelik/, and every guide node (footnotes included) on the page kb/site/sitemap.py assigns;
  no anchor is printed twice on a page;
- every parameter a text uses shows its value, formatted as the site formats it, inside
  the paragraph that uses it, and links to its row on tutarlar/; every row of tutarlar/
  shows the value and links to the paragraph it comes from;
- data/catalog.json is valid against schemas/catalog.schema.json, lists the 31 articles,
  the 7 project types and every parameter, and every url in it lands on an existing anchor;
- loading every page in Chromium asks nothing from any host but the site's own;
- two builds give byte-identical files; a failed build leaves the last good site alone.
"""
from __future__ import annotations

import hashlib
import html
import json
import posixpath
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kb.content.loader import MARKUP_RE
from kb.site.pages import display_value
from kb.site.richtext import param_text
from kb.site.sitemap import AMOUNTS_URL, REGULATION_URL

ROOT = Path(__file__).resolve().parents[2]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# ------------------------------------------------------------------ helpers

class Element:
    def __init__(self, tag: str, attrs: dict, parent: "Element | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list = []  # Element or str

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Element):
                yield from c.iter()

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def ancestors_ids(self) -> set[str]:
        ids, node = set(), self
        while node is not None:
            if node.attrs.get("id"):
                ids.add(node.attrs["id"])
            node = node.parent
        return ids


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        el = Element(tag, dict(attrs), self.open[-1])
        self.open[-1].children.append(el)
        if tag not in VOID:
            self.open.append(el)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, dict(attrs), self.open[-1]))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, 0, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


class Site:
    """The built site's pages, parsed once; URLs are site-root-relative ('yonetmelik/')."""

    def __init__(self, root: Path):
        self.root = root
        self._pages: dict[str, Element] = {}

    def page(self, url: str) -> Element:
        if url not in self._pages:
            tree = _Tree()
            tree.feed((self.root / url / "index.html").read_text(encoding="utf-8"))
            self._pages[url] = tree.root
        return self._pages[url]

    def ids(self, url: str) -> list[str]:
        return [el.attrs["id"] for el in self.page(url).iter() if el.attrs.get("id")]

    def by_id(self, url: str, anchor: str) -> Element | None:
        return next((el for el in self.page(url).iter() if el.attrs.get("id") == anchor), None)

    def exists(self, target: str) -> bool:
        """'yonetmelik/#madde-5-ç' -> does that page exist and carry that id?"""
        url, _, anchor = target.partition("#")
        if not (self.root / url / "index.html").exists():
            return False
        return not anchor or anchor in self.ids(url)


def resolve(page_url: str, href: str) -> str:
    """A relative href on page `page_url` -> site-root-relative 'page/#anchor'."""
    parts = urlsplit(href)
    path = posixpath.normpath(posixpath.join("/" + page_url, unquote(parts.path) or "."))
    path = "" if path == "/" else path.lstrip("/") + "/"
    return path + (f"#{unquote(parts.fragment)}" if parts.fragment else "")


@pytest.fixture(scope="module")
def site(built_site):
    return Site(built_site)


# ------------------------------------------------------------------ anchors

def test_every_regulation_node_has_its_anchor(kb, sm, site):
    reg = [n for n in kb.nodes.values() if n.doc == "yonetmelik"]
    assert len(kb.docs["yonetmelik"].roots) == 31
    assert {n.kind for n in reg} >= {"article", "paragraph", "point", "item"}
    assert all(sm.node_page[n.cite] == REGULATION_URL for n in reg)
    ids = site.ids(REGULATION_URL)
    missing = [n.anchor for n in reg if n.anchor not in ids]
    assert not missing, f"{len(missing)} regulation anchors missing on {REGULATION_URL}: {missing[:15]}"
    # the point letters keep their Turkish letter (madde-5-ç, madde-5-ğ)
    assert any(n.anchor.endswith("-ç") for n in reg) and any(n.anchor.endswith("-ğ") for n in reg)
    doubled = sorted({i for i in ids if ids.count(i) > 1})
    assert not doubled, f"ids printed twice on {REGULATION_URL}: {doubled}"


def test_every_guide_node_has_its_anchor_on_its_page(kb, sm, site):
    guide_nodes = [n for n in kb.nodes.values() if n.doc != "yonetmelik"]
    assert guide_nodes and any(n.kind == "footnote" for n in guide_nodes)
    missing = [f"{sm.url(n.cite)} ({n.cite})" for n in guide_nodes if not site.exists(sm.url(n.cite))]
    assert not missing, f"{len(missing)} guide anchors missing: {missing[:15]}"
    for url in sorted({sm.node_page[n.cite] for n in guide_nodes}):
        ids = site.ids(url)
        doubled = sorted({i for i in ids if ids.count(i) > 1})
        assert not doubled, f"ids printed twice on {url}: {doubled}"


# ------------------------------------------------------------------ parameters

def _uses(kb):
    """(node, field, parameter id, format) for every {p:…} in the content."""
    for node in kb.nodes.values():
        for field in ("text", "closing", "title"):
            for m in MARKUP_RE.finditer(getattr(node, field) or ""):
                if m.group(1) == "p":
                    yield node, field, m.group(2).strip(), m.group(3) or ""


def test_parameter_values_appear_where_the_text_uses_them(kb, sm, site, built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    search_text = {d["location"]: html.unescape(d["text"]) for d in index["docs"]}
    uses = list(_uses(kb))
    assert len({pid for _, _, pid, _ in uses}) >= 40, "the content uses fewer parameters than expected"
    problems = []
    for node, field, pid, fmt in uses:
        url = sm.node_page[node.cite]
        shown = param_text(kb, node.doc, pid, fmt)
        where = f"{node.cite} ({field}) on {url}"
        if field == "title":  # headings show plain text
            heading = site.by_id(url, node.anchor)
            if heading is None or shown not in heading.text():
                problems.append(f"{where}: heading does not show {shown!r}")
            continue
        links = [a for a in site.page(url).iter() if a.tag == "a" and "kb-param" in a.classes()
                 and resolve(url, a.attrs.get("href", "")) == sm.param_url(pid)]
        if field == "text":  # inside the element that carries the node's anchor
            links = [a for a in links if node.anchor in a.ancestors_ids()]
        if not any(a.text() == shown for a in links):
            problems.append(f"{where}: no link to {sm.param_url(pid)} showing {shown!r} "
                            f"(found {[a.text() for a in links]})")
        # the paragraph's search entry holds the same value, so a search for it finds the paragraph
        entry = search_text.get(sm.url(node.cite), "")
        if shown not in entry:
            problems.append(f"{where}: search entry lacks {shown!r}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:20])


def test_every_parameter_link_on_the_site_lands_on_its_row(kb, site, built_site):
    rows = set(site.ids(AMOUNTS_URL))
    bad, seen = [], 0
    for index in sorted(built_site.rglob("index.html")):
        url = "" if index.parent == built_site else index.parent.relative_to(built_site).as_posix() + "/"
        for a in site.page(url).iter():
            if a.tag == "a" and "kb-param" in a.classes():
                seen += 1
                target = resolve(url, a.attrs.get("href", ""))
                page, _, anchor = target.partition("#")
                if page != AMOUNTS_URL or anchor not in rows or anchor.removeprefix("param-") not in kb.params:
                    bad.append(f"{url}: {a.attrs.get('href')} -> {target}")
    assert seen > 100, f"only {seen} parameter links found on the site"
    assert not bad, f"{len(bad)} parameter links that do not land on a row of {AMOUNTS_URL}:\n" + "\n".join(bad[:20])


def test_amounts_page_shows_every_value_and_links_to_its_source(kb, sm, site):
    page = site.page(AMOUNTS_URL)
    problems = []
    for p in kb.params.values():
        row = site.by_id(AMOUNTS_URL, f"param-{p.id}")
        if row is None or row.tag != "tr":
            problems.append(f"{p.id}: no row id=param-{p.id}")
            continue
        rows = [row]
        # the parameter's other periods follow in the next rows of the same table
        siblings = [c for c in row.parent.children if isinstance(c, Element) and c.tag == "tr"]
        start = siblings.index(row)
        rows = siblings[start:start + len(p.values)]
        for v, tr in zip(p.values, rows):
            text = tr.text()
            if display_value(kb, p, v) not in text or v.period not in text:
                problems.append(f"{p.id} {v.period}: row does not show {display_value(kb, p, v)!r}")
            targets = [resolve(AMOUNTS_URL, a.attrs.get("href", "")) for a in tr.iter()
                       if a.tag == "a" and "kb-cite" in a.classes()]
            for c in ([v.cite, *v.other_cites] if v.cite else []):
                if sm.url(c) not in targets:
                    problems.append(f"{p.id} {v.period}: row does not link to {sm.url(c)}")
            if not v.cite and v.external_cite not in text:
                problems.append(f"{p.id} {v.period}: row does not name its outside source")
            problems += [f"{p.id} {v.period}: link to {t} lands nowhere" for t in targets if not site.exists(t)]
    cites = [a for a in page.iter() if a.tag == "a" and "kb-cite" in a.classes()]
    problems += [f"{AMOUNTS_URL}: {a.attrs.get('href')} lands nowhere" for a in cites
                 if not site.exists(resolve(AMOUNTS_URL, a.attrs.get("href", "")))]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:20])


# ------------------------------------------------------------------ catalog.json

def _urls(obj, path="$"):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("url", "cite_url") and isinstance(v, str):
                yield f"{path}.{k}", v
            else:
                yield from _urls(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _urls(v, f"{path}[{i}]")


def test_catalog_is_valid_and_complete(kb, sm, site, built_site):
    from jsonschema import Draft202012Validator

    catalog = json.loads((built_site / "data" / "catalog.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "schemas" / "catalog.schema.json").read_text(encoding="utf-8"))
    # published as written, its $id under the site's address (SITE_URL; kb/site/data_export.py)
    from kb.site.sitemap import site_url

    source = json.loads((ROOT / "schemas" / "catalog.schema.json").read_text(encoding="utf-8"))
    assert schema == {**source, "$id": site_url() + "schemas/catalog.schema.json"}
    errors = [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft202012Validator(schema).iter_errors(catalog)]
    assert not errors, "catalog.json does not match its schema:\n" + "\n".join(errors[:20])

    assert [a["number"] for a in catalog["articles"]] == list(range(1, 32))
    assert [a["url"] for a in catalog["articles"]] == [sm.url(a.cite) for a in kb.docs["yonetmelik"].roots]
    assert len(catalog["project_types"]) == 7
    assert {t["id"] for t in catalog["project_types"]} == set(kb.project_types)
    assert {p["id"] for p in catalog["parameters"]} == set(kb.params)
    assert len(catalog["parameters"]) == len(kb.params)
    for p in catalog["parameters"]:
        assert p["url"] == sm.param_url(p["id"])

    urls = list(_urls(catalog))
    assert len(urls) > 31 + 7 + len(kb.params)
    anchored = [(where, u) for where, u in urls if "#" in u]
    assert len(anchored) >= 31 + len(kb.params), "urls without the paragraph's anchor"
    dangling = [f"{where}: {u}" for where, u in urls if not site.exists(u)]
    assert not dangling, f"{len(dangling)} catalog urls land nowhere:\n" + "\n".join(dangling[:20])


# ------------------------------------------------------------------ privacy

SEARCH_READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const ready = JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder'];
  return meta && meta.textContent.trim() === ready;
}"""


def test_no_page_asks_any_other_host(browser, site_url, built_site):
    own = urlsplit(site_url).netloc
    pages = sorted("" if p.parent == built_site else p.parent.relative_to(built_site).as_posix() + "/"
                   for p in built_site.rglob("index.html")) + ["404.html"]
    requests: list[tuple[str, str]] = []

    def route(r):
        try:
            origin = r.request.frame.page.url
        except Exception:  # a worker's request has no frame
            origin = "(worker)"
        requests.append((origin, r.request.url))
        if urlsplit(r.request.url).netloc == own:
            r.continue_()
        else:
            r.abort()

    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.route("**/*", route)
    tabs = [ctx.new_page() for _ in range(4)]  # pages load side by side, in one browser context
    try:
        for i in range(0, len(pages), len(tabs)):
            batch = list(zip(tabs, pages[i:i + len(tabs)]))
            for tab, p in batch:
                tab.goto(site_url + p, wait_until="commit")
            for tab, p in batch:
                tab.wait_for_load_state("load")
                # opening the search loads its worker and the analyzer (kb/ssg/lazy_search.py); it
                # has indexed search_index.json once the search box shows its placeholder
                tab.focus(".md-search__input")
                tab.wait_for_function(SEARCH_READY)
    finally:
        ctx.close()
    assert len(pages) > 20
    assert sum(u.endswith("search/search_index.json") for _, u in requests) >= len(pages), \
        "not every page loaded the search index"
    assert any(u.endswith("lunr.tr.min.js") for _, u in requests), "the search worker was not loaded"
    foreign = [f"{p}: {u}" for p, u in requests
               if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own]
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign[:20])


# ------------------------------------------------------------------ build

def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    from kb.commands.build import build

    build(ROOT, quiet=True, out=tmp_path / "a")
    build(ROOT, quiet=True, out=tmp_path / "b")
    a, b = _snapshot(tmp_path / "a"), _snapshot(tmp_path / "b")
    assert len(a) > 100
    assert sorted(a) == sorted(b), f"different files: {sorted(set(a) ^ set(b))[:10]}"
    differ = [f for f in a if a[f][0] != b[f][0]]
    assert not differ, f"{len(differ)} files differ between two builds: {differ[:10]}"


def test_failed_build_leaves_the_last_site_untouched(content_copy, built_site):
    from kb.commands.build import build
    from kb.common.problems import BuildError

    out = content_copy / "site-out"
    shutil.copytree(built_site, out)
    before = _snapshot(out)

    # 1. broken YAML: fails while loading the content
    reg = content_copy / "content" / "yonetmelik.yaml"
    good = reg.read_text(encoding="utf-8")
    reg.write_text(good + "\nbozuk: [\n", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(content_copy, quiet=True, out=out)
    assert "content/yonetmelik.yaml" in str(err.value)
    assert _snapshot(out) == before, "a build that failed on broken YAML changed the output folder"

    # 2. good content, but mkdocs fails (after the Markdown was generated)
    reg.write_text(good, encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", content_copy / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", content_copy / "theme")
    (content_copy / "kb" / "ssg").mkdir(parents=True)
    shutil.copy(ROOT / "kb" / "ssg" / "hooks.py", content_copy / "kb" / "ssg" / "hooks.py")
    cfg = content_copy / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    assert "  name: material\n" in text
    cfg.write_text(text.replace("  name: material\n", "  name: no-such-theme\n"), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(content_copy, quiet=True, out=out)
    assert "no-such-theme" in str(err.value)
    assert _snapshot(out) == before, "a build that failed in mkdocs changed the output folder"
    # build/cache/ (parse results, compiled templates: kb/content/filecache.py) is kept on purpose
    leftovers = [p.name for p in (content_copy / "build").iterdir() if p.name != "cache"]
    assert not leftovers, f"a failed build left its staging folder behind: {leftovers}"


def test_relative_links_match_posixpath_for_every_page_pair(sm):
    """kb/site/sitemap.py relative() computes relative paths by comparing segments (posixpath.relpath
    was 5x slower); for every pair of the site's page URLs it gives posixpath's answer."""
    from kb.site.sitemap import relative

    urls = sorted(set(sm.node_page.values()) | {"", "kaynaklar/", "formlar/", "assets/kb/site.css"})
    for a in urls:
        for b in urls:
            rel = posixpath.relpath(b.partition("#")[0] or ".", a or ".")
            expected = "./" if rel == "." else rel + ("/" if b.endswith("/") else "")
            assert relative(a, b + "#x") == expected + "#x", (a, b)
