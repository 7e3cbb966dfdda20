"""`generator.py build`: load -> derive -> render -> mkdocs -> build/site/.

The site is built into build/.staging-*/ first. Only when every stage succeeded are the
changed files moved into build/site/ (and removed ones deleted), so a failed build
leaves the last good site untouched and an unchanged file is never rewritten. The
rendered Markdown and assets go to mkdocs in memory (kb/handoff.py); a copy is kept in
build/docs/ for inspection.
"""
from __future__ import annotations

import datetime as dt
import filecmp
import gc
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from kb.ssg import handoff
from kb.content.loader import load_knowledge_base
from kb.site.data_export import export_data
from kb.common.problems import BuildError, ProblemList
from kb.site.render import Output, Page, make_env, render_pages
from kb.site.sitemap import derive_site

# the date the sitemap shows when SOURCE_DATE_EPOCH is not set: the regulation's approval
DEFAULT_EPOCH = str(int(dt.datetime(2026, 4, 15, tzinfo=dt.timezone.utc).timestamp()))


def providers():
    """The page providers, in order: the core pages, then each feature's pages."""
    from kb.checklists.derive import pages as checklist_pages
    from kb.forms import pages as form_pages
    from kb.rules import pages as rule_pages
    from kb.site.pages import core_pages

    return [core_pages, checklist_pages, form_pages, rule_pages]


class Stages:
    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.times: dict[str, float] = {}

    def run(self, name, fn, *args):
        t = time.perf_counter()
        result = fn(*args)
        self.times[name] = time.perf_counter() - t
        if not self.quiet:
            print(f"  {name}: {self.times[name]:.2f} s", file=sys.stderr)
        return result


def _nav(pages: list[Page]) -> list:
    """mkdocs `nav` from the pages' section keys; a key may be nested: ("A", "B") = section B in A.

    Sections appear where their first page (by order, then path) appears. A section whose
    only entry is one subsection is shown as one section titled "A (B)": with a single guide
    period the menu has no level that holds nothing else. Pages with in_nav=False are left
    out (see _not_in_nav)."""
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


def _not_in_nav(pages: list[Page]) -> str:
    """The pages left out of the navigation, as mkdocs' `not_in_nav` (gitignore-style lines),
    so that strict mode does not report them as omitted."""
    return "\n".join(sorted("/" + p.path for p in pages if not p.in_nav))


def generate(root: Path, staging: Path, stages: Stages) -> dict:
    """Everything up to (not including) mkdocs. Returns build info; info["docs"]: the pages and
    assets mkdocs builds from ({path in docs: bytes})."""
    kb = stages.run("load and validate", load_knowledge_base, root)
    # the knowledge base lives until the build ends: moved out of the garbage collector's view,
    # so its full collections (during every later stage, mkdocs included) do not walk its
    # objects again (a full collection of the ×100 node graph costs ~0.1 s). build() unfreezes.
    gc.freeze()
    sm = stages.run("derive", derive_site, kb)

    def _derive_outputs():
        outs = [p(kb, sm) for p in providers()]
        merged = Output()
        for o in outs:
            merged.pages += o.pages
            merged.assets += o.assets
            merged.catalog.update(o.catalog)
            merged.search_docs += o.search_docs
        return merged

    merged = stages.run("derive pages", _derive_outputs)
    outbound: set[str] = set()

    def _render():
        env = make_env(kb, sm, outbound)
        # what the feature providers published (checklists, forms, rules), for cross-links
        env.globals["catalog"] = merged.catalog
        last = [p for p in merged.pages if p.path == "kaynaklar.md"]
        first = [p for p in merged.pages if p.path != "kaynaklar.md"]
        files = render_pages(env, first)
        for p in last:
            p.context["outbound"] = sorted(outbound)
        files.update(render_pages(env, last))
        return files

    files = stages.run("render", _render)

    def _export():
        """The docs mkdocs builds from, in memory (kb/mkdocs_hooks.py on_files hands them over as
        generated files: writing ~1,000 Markdown files for mkdocs to read back cost 0.3 s at ×100)."""
        docs = {path: text.encode("utf-8") for path, text in files.items()}
        for asset in merged.assets + export_data(root, kb, sm, merged):
            docs[asset.dest] = asset.content
        return docs

    docs = stages.run("data export", _export)
    return {"kb": kb, "pages": merged.pages, "nav": _nav(merged.pages), "not_in_nav": _not_in_nav(merged.pages),
            "search_docs": merged.search_docs, "docs": docs}


def write_docs(docs: dict[str, bytes], dst: Path) -> None:
    """Make dst hold exactly these files (the generated Markdown, for inspection under build/docs),
    writing only those that differ."""
    dst.mkdir(parents=True, exist_ok=True)
    for rel in sorted(docs):
        f = dst / rel
        try:
            if f.read_bytes() == docs[rel]:
                continue
        except OSError:
            f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(docs[rel])
    _remove_others(dst, set(docs))


def _mkdocs(root: Path, staging: Path, nav: list, not_in_nav: str = "", search_docs: list | None = None,
            docs: dict[str, bytes] | None = None) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    handoff.search_docs = search_docs  # for kb/mkdocs_hooks.py (same process)
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
        mkdocs_build(cfg)
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


def sync_tree(src: Path, dst: Path) -> tuple[int, int]:
    """Make dst equal to src, touching only files that differ. Returns (written, removed).

    src is a staging folder that is deleted afterwards: a changed file is moved (renamed) into
    dst, which is cheaper than a copy and replaces the old file atomically."""
    written = 0
    if not dst.exists() or (dst.is_dir() and not any(dst.iterdir())):
        # nothing there yet (a first build, a new output folder): the whole tree is moved at once
        files = sum(1 for p in src.rglob("*") if p.is_file())
        try:
            dst.parent.mkdir(parents=True, exist_ok=True)
            if dst.exists():
                dst.rmdir()
            os.replace(src, dst)
            return files, 0
        except OSError:  # e.g. another file system: file by file below
            pass
    dst.mkdir(parents=True, exist_ok=True)
    src_files = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    for rel in sorted(src_files):
        s, d = src / rel, dst / rel
        if d.exists() and filecmp.cmp(s, d, shallow=False):
            continue
        d.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(s, d)
        except OSError:  # e.g. another file system
            shutil.copyfile(s, d)
        written += 1
    removed = _remove_others(dst, {rel.as_posix() for rel in src_files})
    return written, removed


def _remove_others(dst: Path, keep: set[str]) -> int:
    """Delete the files under dst whose relative path is not in `keep`, then the folders left
    empty. Returns how many files went."""
    removed = 0
    for f in sorted(p for p in dst.rglob("*") if p.is_file()):
        if f.relative_to(dst).as_posix() not in keep:
            f.unlink()
            removed += 1
    for d in sorted((p for p in dst.rglob("*") if p.is_dir()), reverse=True):
        if not any(d.iterdir()):
            d.rmdir()
    return removed


def build(root: Path, quiet: bool = False, out: Path | None = None) -> dict:
    import tempfile

    out = out or (root / "build" / "site")
    (root / "build").mkdir(exist_ok=True)
    # a private staging folder per build, so parallel builds (tests, editors) never collide
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root / "build"))
    stages = Stages(quiet)
    if not quiet:
        print("Derleme:", file=sys.stderr)
    try:
        info = generate(root, staging, stages)
        stages.run("mkdocs build", _mkdocs, root, staging, info["nav"], info["not_in_nav"], info["search_docs"],
                   info["docs"])
        written, removed = stages.run("sync build/site", sync_tree, staging / "site", out)
        if out == root / "build" / "site":
            # the generated Markdown stays inspectable under build/docs
            write_docs(info["docs"], root / "build" / "docs")
    finally:
        gc.unfreeze()
        shutil.rmtree(staging, ignore_errors=True)
    kb = info["kb"]
    if not quiet:
        print(f"Site hazır: {out} — {len(info['pages'])} sayfa, {len(kb.nodes)} düğüm, {len(kb.params)} parametre; "
              f"{written} dosya yazıldı, {removed} dosya silindi.", file=sys.stderr)
    return {"stages": stages.times, "written": written, "removed": removed, "pages": len(info["pages"])}
