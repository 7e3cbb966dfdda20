"""Quality gate: links, on every page of the built site (parsed HTML, no browser).

- Every internal link and reference (a/area href, link href, script/img/source src and
  srcset, form action) of every page resolves to a file of the built site, and its
  #fragment, if any, is an id (or a name) on the target page. Hrefs are resolved
  relative to the page (404.html's are site-root absolute) and percent-decoded, so ids
  with Turkish letters match however the href spells them.
- The search index's entries and the sitemap's addresses resolve the same way.
- Every link leaving the site is listed in build/reports/outbound-links.txt (with the
  pages that carry it) and appears on the Kaynaklar page, which lists them for readers.

Pages are found by walking the built site for .html files, so new pages are covered.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from kb.site.sitemap import site_url

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "build" / "reports" / "outbound-links.txt"
LOCAL = "http://site.invalid/"  # stands for the site's root while resolving hrefs

URL_ATTRS = {("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
             ("source", "src"), ("iframe", "src"), ("embed", "src"), ("video", "src"), ("audio", "src"),
             ("track", "src"), ("form", "action"), ("object", "data")}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, int]] = []  # (element, url, line)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") is not None:
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in URL_ATTRS:
                self.refs.append((f"<{tag} {name}>", value.strip(), line))
            elif name in ("srcset", "imagesrcset"):
                for part in value.split(","):
                    if part.strip():
                        self.refs.append((f"<{tag} {name}>", part.split()[0], line))


class Site:
    def __init__(self, root: Path):
        self.root = root
        self.site_url = site_url()
        self._parsed: dict[Path, _Page] = {}

    def pages(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def parsed(self, f: Path) -> _Page:
        if f not in self._parsed:
            p = _Page()
            p.feed(f.read_text(encoding="utf-8"))
            self._parsed[f] = p
        return self._parsed[f]

    def page_url(self, f: Path) -> str:
        rel = f.relative_to(self.root).as_posix()
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        return LOCAL + rel

    def target(self, url: str) -> Path | None:
        """The file a resolved site URL (under LOCAL) names, or None."""
        path = unquote(urlsplit(url).path)[len(urlsplit(LOCAL).path):]
        f = self.root / path
        if path == "" or path.endswith("/"):
            f = f / "index.html"
        elif f.is_dir():
            f = f / "index.html"
        try:
            f.resolve().relative_to(self.root.resolve())
        except ValueError:
            return None
        return f if f.is_file() else None

    def to_local(self, url: str) -> str | None:
        """Map an absolute URL on the site's own address to LOCAL; None if it is not ours."""
        if url.startswith(self.site_url):
            return LOCAL + url[len(self.site_url):]
        root_path = urlsplit(self.site_url).path
        if url.startswith("/") and not url.startswith("//"):
            # site-root-relative (404.html): relative to where the site is published
            return LOCAL + url[len(root_path):] if url.startswith(root_path) else None
        return None

    def check(self, where: str, base: str, url: str) -> str | None:
        """None if url resolves; else what is wrong."""
        parts = urlsplit(url)
        if parts.scheme in ("mailto", "tel", "data"):
            return None
        if parts.scheme == "javascript":
            return "javascript: URL"
        local = self.to_local(url)
        if local is None:
            if parts.scheme or url.startswith("//"):
                return None  # outbound: listed, not fetched
            local = urljoin(base, url)
        if not local.startswith(LOCAL):
            return f"points outside the site ({url})"
        f = self.target(local)
        if f is None:
            return f"no such file: {url}"
        frag = urlsplit(local).fragment
        if frag and f.suffix == ".html":
            ident = unquote(frag)
            if ident not in self.parsed(f).ids and ident.lower() != "top":
                return f"no id “{ident}” on {f.relative_to(self.root).as_posix()}: {url}"
        return None

    def outbound(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for f in self.pages():
            for element, url, _ in self.parsed(f).refs:
                parts = urlsplit(url)
                if parts.scheme in ("http", "https") and self.to_local(url) is None and element.startswith(("<a", "<area")):
                    found.setdefault(url, set()).add("/" + f.relative_to(self.root).as_posix())
        return found


def test_every_internal_link_and_anchor_resolves(built_site):
    site = Site(built_site)
    pages = site.pages()
    assert len(pages) > 10, f"only {len(pages)} pages in {built_site}"
    problems = []
    for f in pages:
        name = "/" + f.relative_to(built_site).as_posix()
        base = site.page_url(f)
        for element, url, line in site.parsed(f).refs:
            wrong = site.check(name, base, url)
            if wrong:
                problems.append(f"{name} line {line}: {element} {wrong}")
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(problems[:200])


def test_search_index_and_sitemap_resolve(built_site):
    site = Site(built_site)
    problems = []
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        wrong = site.check("search index", LOCAL, doc["location"])
        if wrong:
            problems.append(f"search index entry “{doc['title']}”: {wrong}")
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap)
    assert locs, "the sitemap lists no page"
    for loc in locs:
        if not loc.startswith(site.site_url):
            problems.append(f"sitemap: {loc} is not under the site's address {site.site_url}")
            continue
        wrong = site.check("sitemap", LOCAL, loc)
        if wrong:
            problems.append(f"sitemap: {wrong}")
    assert not problems, f"{len(problems)} broken addresses:\n" + "\n".join(problems[:200])


def test_outbound_links_are_reported_and_listed_on_kaynaklar(built_site):
    site = Site(built_site)
    found = site.outbound()
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# Links leaving the site: {len(found)} addresses (written by {Path(__file__).name}).",
             "# address<TAB>pages that link to it"]
    lines += [f"{url}\t{' '.join(sorted(pages))}" for url, pages in sorted(found.items())]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\n{len(found)} outbound addresses, listed in {REPORT}")
    kaynaklar = built_site / "kaynaklar" / "index.html"
    assert kaynaklar.exists(), "no Kaynaklar page (kaynaklar/index.html)"
    listed = {url for _, url, _ in site.parsed(kaynaklar).refs}
    missing = [f"{url} (on {', '.join(sorted(pages))})" for url, pages in sorted(found.items()) if url not in listed]
    assert not missing, "outbound links not listed on the Kaynaklar page:\n" + "\n".join(missing)


def test_link_checker_catches_broken_links(tmp_path):
    """The checker itself, on a tiny site: a missing file, a missing id, a Turkish id
    written raw and percent-encoded, and the 404 page's root-relative links."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="madde-5-ğ">x</h2>', encoding="utf-8")
    site = Site(tmp_path)
    base = LOCAL + "b/"
    assert site.check("t", base, "../a/#madde-5-ğ") is None
    assert site.check("t", base, "../a/#madde-5-%C4%9F") is None
    assert "no id" in site.check("t", base, "../a/#madde-5-g")
    assert "no such file" in site.check("t", base, "../c/")
    assert site.check("t", base, urlsplit(site.site_url).path + "a/") is None
    assert "no such file" in site.check("t", base, urlsplit(site.site_url).path + "zz/")
    assert site.check("t", base, "https://example.com/x") is None
    assert site.check("t", base, "javascript:void(0)") == "javascript: URL"
