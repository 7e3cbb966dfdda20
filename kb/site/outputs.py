"""Merging the page providers' outputs, so that nothing is lost silently: two pages with one
address (mkdocs would write one over the other), or two different files with one path in the
docs folder (pages' Markdown and assets), fail the build, naming both claimants. (Two
features may publish the same file, e.g. a vendored library: the same bytes are one file.)
"""
from __future__ import annotations

import re

from kb.common.problems import BuildError, ProblemList
from kb.site.render import Asset, Output, Page

_FILE_LINE = re.compile(r"^(.+):(\d+)$")


def _context_source(page: Page) -> str:
    """The content file a page is made from, when its provider did not say (Page.source): the
    first object of its context that knows its YAML file (a form, a rule set …)."""
    for value in page.context.values():
        file = getattr(value, "file", None)
        if isinstance(file, str) and file.endswith(".yaml"):
            pos = getattr(value, "pos", None)
            return f"{file}:{pos[0]}" if isinstance(pos, tuple) and pos and pos[0] else file
    return ""


def describe(page: Page, provider: str) -> str:
    """One claimant, as a message names it: title, Markdown file, source, template, provider."""
    source = page.source or _context_source(page)
    return f"'{page.title}' ({', '.join(x for x in (page.path, source, page.template, provider) if x)})"


def _where(page: Page) -> tuple[str, tuple[int, int] | None]:
    """Where a problem about a page points: its source file and line, else the built site."""
    source = page.source or _context_source(page)
    m = _FILE_LINE.match(source)
    if m:
        return m.group(1), (int(m.group(2)), 1)
    return (source, None) if source else ("site", None)


def merge_outputs(outputs: list[tuple[str, Output]]) -> Output:
    """One Output from the providers' (name, Output), in order. Raises BuildError when two pages
    claim one address or two files one path in the docs folder."""
    merged = Output()
    problems = ProblemList()
    by_url: dict[str, tuple[Page, str]] = {}
    by_path: dict[str, str] = {}  # docs path -> who claimed it
    asset_bytes: dict[str, bytes] = {}

    def claim_path(path: str, who: str, content: bytes | None = None) -> None:
        if content is not None and asset_bytes.get(path) == content:
            return  # the same file, published twice
        if path in by_path:
            problems.add("site", None, f"iki dosya aynı yolu kullanıyor: '{path}' — {by_path[path]} ve {who}; "
                         "biri ötekinin yerine yazılırdı",
                         "birinin yolunu değiştirin (sayfa ya da dosya kimliğini ayrı yapın)")
        else:
            by_path[path] = who
            if content is not None:
                asset_bytes[path] = content

    for name, out in outputs:
        for page in out.pages:
            who = describe(page, name)
            other = by_url.get(page.url)
            if other is not None:
                file, pos = _where(page)
                problems.add(file, pos, f"iki sayfa aynı adresi kullanıyor: '{page.url}' — {describe(*other)} ve {who}; "
                             "biri ötekinin yerine yazılırdı",
                             "sayfalardan birinin adresini değiştirin: adres sayfanın kimliğinden ya da başlığından "
                             "türetilir (rehber kısımlarında kısmın ilk proje türünün 'kisa_baslik'ı, "
                             "content/proje-turleri.yaml)")
                continue
            by_url[page.url] = (page, name)
            claim_path(page.path, who)
            merged.pages.append(page)
        for asset in out.assets:
            claim_path(asset.dest, f"'{asset.dest}' ({name})", asset.content)
            merged.assets.append(asset)
        merged.catalog.update(out.catalog)
        merged.search_docs += out.search_docs
    if problems:
        raise BuildError(problems)
    return merged


def add_assets(docs: dict[str, bytes], assets: list[Asset], who: str) -> None:
    """Put assets into the docs mkdocs builds from; a path already taken (by a page or an
    asset) fails the build instead of being overwritten."""
    problems = ProblemList()
    for asset in assets:
        if asset.dest in docs and docs[asset.dest] != asset.content:
            problems.add("site", None, f"iki dosya aynı yolu kullanıyor: '{asset.dest}' — bir sayfa ya da dosya ve {who}; "
                         "biri ötekinin yerine yazılırdı", "birinin yolunu değiştirin")
            continue
        docs[asset.dest] = asset.content
    if problems:
        raise BuildError(problems)
