"""`generator.py build`: load -> derive -> render -> mkdocs -> build/site/.

The site is built into build/.staging-*/ first. Only when every stage succeeded are the
changed files moved into build/site/ (and removed ones deleted), so a failed build
leaves the last good site untouched and an unchanged file is never rewritten. The
rendered Markdown and assets go to mkdocs in memory (kb/ssg/); a copy is kept in
build/docs/ for inspection (kb/commands/output.py).
"""
from __future__ import annotations

import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kb.commands.output import sync_tree, write_docs
from kb.content.application import require_valid_applications
from kb.content.loader import load_knowledge_base
from kb.site.data_export import export_data
from kb.site.outputs import add_assets, merge_outputs
from kb.site.owntexts import require_own_texts_used
from kb.site.render import make_env, render_pages
from kb.site.sitemap import SITE_URL_NOTICE, derive_site, public_url
from kb.ssg.mkdocs_build import check_written_pages, mkdocs_nav, not_in_nav, run_mkdocs
from kb.ssg.hostconfig import write_headers_file, write_host_configs


def providers():
    """The page providers, in order: the core pages, then each feature's pages."""
    from kb.checklists.pages import pages as checklist_pages
    from kb.forms.pages import pages as form_pages
    from kb.rules.pages import pages as rule_pages
    from kb.site.easyread import pages as easy_read_pages
    from kb.site.pages import core_pages

    return [core_pages, easy_read_pages, checklist_pages, form_pages, rule_pages]


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


def generate(root: Path, staging: Path, stages: Stages) -> dict:
    """Everything up to (not including) mkdocs. Returns build info; info["docs"]: the pages and
    assets mkdocs builds from ({path in docs: bytes})."""
    kb = stages.run("load and validate", load_knowledge_base, root)
    require_valid_applications(root, kb)  # each period's application channel and place (kaynaklar.yaml)
    require_own_texts_used(kb)  # the site's own words (content/aciklamalar.yaml): ids templates name exist, all shown
    # the knowledge base lives until the build ends: moved out of the garbage collector's view,
    # so its full collections (during every later stage, mkdocs included) do not walk its
    # objects again (a full collection of the ×100 node graph costs ~0.1 s). build() unfreezes.
    gc.freeze()
    sm = stages.run("derive", derive_site, kb)

    def _derive_outputs():
        # two pages with one address, or two files with one path, fail here (kb/site/outputs.py)
        return merge_outputs([(f"{p.__module__}.{p.__name__}", p(kb, sm)) for p in providers()])

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
        """The docs mkdocs builds from, in memory (kb/ssg/hooks.py on_files hands them over as
        generated files: writing ~1,000 Markdown files for mkdocs to read back cost 0.3 s at ×100)."""
        docs = {path: text.encode("utf-8") for path, text in files.items()}
        for asset in merged.assets:  # their paths are checked against the pages' (merge_outputs)
            docs[asset.dest] = asset.content
        add_assets(docs, export_data(root, kb, sm, merged), "kb.site.data_export")
        return docs

    docs = stages.run("data export", _export)
    return {"kb": kb, "pages": merged.pages, "nav": mkdocs_nav(merged.pages), "not_in_nav": not_in_nav(merged.pages),
            "search_docs": merged.search_docs, "docs": docs}


def build(root: Path, quiet: bool = False, out: Path | None = None) -> dict:
    # the public address (SITE_URL; an invalid one fails here, before anything is written);
    # without it, one line says what the printed checklists leave out, even with --quiet
    address = public_url()
    out = out or (root / "build" / "site")
    (root / "build").mkdir(exist_ok=True)
    # a private staging folder per build, so parallel builds (tests, editors) never collide
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root / "build"))
    stages = Stages(quiet)
    if not quiet:
        print("Derleme:", file=sys.stderr)
    if address is None:
        print(SITE_URL_NOTICE, file=sys.stderr)
    try:
        info = generate(root, staging, stages)
        stages.run("mkdocs build", run_mkdocs, root, staging, info["nav"], info["not_in_nav"], info["search_docs"],
                   info["docs"], address)
        # as many pages written as announced below ("N sayfa"), before anything reaches `out`
        stages.run("check pages", check_written_pages, staging / "site", info["pages"])
        # the HTTP headers for the hosts (kb/ssg/headers.py): _headers in the site, nginx and
        # Caddy next to it (build/host/; beside any other output folder, <name>-host/)
        stages.run("host headers", write_headers_file, staging / "site")
        written, removed = stages.run("sync build/site", sync_tree, staging / "site", out)
        write_host_configs(root / "build" / "host" if out == root / "build" / "site" else out.with_name(out.name + "-host"))
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
