"""Stage 4 — build: run mkdocs on the rendered pages, in this process.

The pages and assets reach mkdocs in memory (kb/ssg/handoff.py, read by kb/ssg/hooks.py);
the menu is handed over as mkdocs' `nav` (mkdocs_nav), the pages left out of it as
`not_in_nav`. mkdocs' warnings (strict mode) become the build's problems.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from kb.common.problems import BuildError, ProblemList
from kb.ssg import handoff

# the date the sitemap shows when SOURCE_DATE_EPOCH is not set: the regulation's approval
DEFAULT_EPOCH = str(int(dt.datetime(2026, 4, 15, tzinfo=dt.timezone.utc).timestamp()))


def mkdocs_nav(pages: list) -> list:
    """mkdocs `nav` from the pages' section keys; a key may be nested: ("A", "B") = section B in A.

    Sections appear where their first page (by order, then path) appears. A section whose
    only entry is one subsection is shown as one section titled "A (B)": with a single guide
    period the menu has no level that holds nothing else. Pages with in_nav=False are left
    out (see not_in_nav)."""
    nav: list = []
    sections: dict[tuple, list] = {(): nav}

    def section(key: tuple) -> list:
        if key not in sections:
            entries: list = []
            section(key[:-1]).append({key[-1]: entries})
            sections[key] = entries
        return sections[key]

    for page in sorted(pages, key=lambda p: (p.order, p.path)):
        if page.in_nav:
            section(tuple(page.nav)).append({page.title: page.path})
    return _merge_single_subsections(nav)


def _merge_single_subsections(entries: list) -> list:
    merged = []
    for entry in entries:
        (title, value), = entry.items()
        if isinstance(value, list):
            value = _merge_single_subsections(value)
            if len(value) == 1 and isinstance(next(iter(value[0].values())), list):
                (sub_title, value), = value[0].items()
                title = f"{title} ({sub_title})"
        merged.append({title: value})
    return merged


def not_in_nav(pages: list) -> str:
    """The pages left out of the navigation, as mkdocs' `not_in_nav` (gitignore-style lines),
    so that strict mode does not report them as omitted."""
    return "\n".join(sorted("/" + p.path for p in pages if not p.in_nav))


def run_mkdocs(root: Path, staging: Path, nav: list, not_in_nav: str = "", search_docs: list | None = None,
            docs: dict[str, bytes] | None = None, site_url: str | None = None) -> None:
    """`site_url`: the site's public address (SITE_URL, kb/site/sitemap.py public_url), never
    mkdocs.yml's. Without one there are no canonical links and no sitemap.xml (its entries need
    an absolute address), so nothing names an address that leads nowhere."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    handoff.search_docs = search_docs  # for kb/ssg/hooks.py (same process)
    handoff.docs = docs
    (staging / "docs").mkdir(exist_ok=True)  # mkdocs wants a docs_dir; the files come from handoff.docs
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    handler = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    previous = log.level
    log.setLevel(logging.WARNING)
    try:
        extra = {"not_in_nav": not_in_nav} if not_in_nav else {}
        cfg = load_config(str(root / "mkdocs.yml"), docs_dir=str(staging / "docs"), site_dir=str(staging / "site"), nav=nav,
                          **extra)
        cfg["site_url"] = site_url  # after load_config, which drops an option given as None
        mkdocs_build(cfg)
        if site_url is None:  # mkdocs writes the sitemap even without a single entry (<urlset/>)
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (staging / "site" / name).unlink(missing_ok=True)
    except (Abort, ConfigurationError, SystemExit) as exc:
        problems = ProblemList()
        for m in messages or [str(exc)]:
            problems.add("mkdocs", None, m, "şablonu ya da içerikteki bağlantıyı düzeltin")
        raise BuildError(problems) from None
    finally:
        handoff.search_docs = None
        handoff.docs = None
        log.removeHandler(handler)
        log.setLevel(previous)


def check_written_pages(site: Path, pages: list) -> None:
    """Every page handed to mkdocs was written, and no other: with use_directory_urls (mkdocs.yml)
    the page of URL "a/b/" is a/b/index.html (the site's home, index.html). A page mkdocs dropped
    or wrote over another (the build would announce more pages than it wrote) fails the build.
    Other HTML files (the theme's 404.html) are not pages."""
    expected = {p.url + "index.html": p for p in pages}
    written = {f.relative_to(site).as_posix() for f in site.rglob("index.html")}
    missing = sorted(set(expected) - written)
    extra = sorted(written - set(expected))
    if not missing and not extra:
        return
    problems = ProblemList()
    counts = f"({len(expected)} sayfa üretildi, mkdocs {len(written)} sayfa yazdı)"
    for path in missing:
        page = expected[path]
        problems.add("mkdocs", None, f"'{page.title}' sayfası ({page.path}, şablon {page.template}) üretildi ama "
                     f"yazılmadı: {path} yok {counts}",
                     "mkdocs.yml'in sayfayı dışarıda bırakmadığını (exclude_docs, draft_docs) ve bir eklentinin "
                     "(hooks) onu silmediğini denetleyin")
    for path in extra:
        problems.add("mkdocs", None, f"{path} yazıldı ama hiçbir sayfaya ait değil {counts}",
                     "bu dosyayı yazan eklentiyi (mkdocs.yml: hooks) ya da tema dosyasını bulun; "
                     "her sayfa kb/ içindeki sayfa sağlayıcılarından gelmeli")
    raise BuildError(problems)
