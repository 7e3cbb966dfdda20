"""mkdocs hooks for fingerprinted assets and offline use (listed after kb/ssg/hooks.py in mkdocs.yml).

- on_files (after hooks.py's: our assets are assembled, the generated ones added): every
  script, stylesheet and icon under assets/kb/ is minified and renamed `<name>.<hash>.<ext>`
  with its references to the others rewritten (kb/ssg/fingerprint.py); the modules others
  import by name keep it as a re-export stub. The service worker's source
  (theme/assets/kb/sw.js) is taken out: it is written at the root after the build.
  Material's search worker gets its stand-in, loaded instead of it until the search opens
  (kb/ssg/lazy_search.py).
- on_nav: which pages are in the navigation (the precache list, kb/ssg/offline.py).
- on_post_page / on_post_template, before hooks.py hashes the inline scripts for the CSP
  (higher priority): the pages' src / href attributes get the new names, and their __config
  names the search worker's stand-in.
- on_post_build (after hooks.py's: minified, pruned, search index complete): Material's
  pruned stylesheet renamed by its bytes and the pages' heads patched in place; then sw.js and
  sw-manifest.json at the site root (kb/ssg/offline.py).

mkdocs loads this file once per process as a module of its own; on_pre_build clears what
the previous build gathered.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

_STATE: dict = {"renamed": {}, "stubs": set(), "pages": [], "sw": None, "html": [], "search": None}


def on_pre_build(config):
    _STATE.update(renamed={}, stubs=set(), pages=[], sw=None, html=[], search=None)


def on_files(files, config):
    from mkdocs.structure.files import File

    from kb.ssg import fingerprint, offline

    sw = files.get_file_from_path(offline.SW_SOURCE)
    if sw is not None:
        _STATE["sw"] = sw.content_string
        files.remove(sw)
    ours = {}
    for f in list(files):
        if fingerprint.is_renamed(f.src_uri):
            data = f.content_bytes
            if f.src_uri.endswith((".js", ".css")):
                data = fingerprint.minify(data.decode("utf-8"), Path(f.src_uri).suffix).encode("utf-8")
            ours[f.src_uri] = (f, data)
    plan = fingerprint.plan({uri: data for uri, (_, data) in ours.items()})
    for uri, new in sorted(plan.renamed.items()):
        files.remove(ours[uri][0])
        files.append(File.generated(config, new, content=plan.contents[new]))
    for uri, stub in sorted(plan.stubs.items()):
        files.append(File.generated(config, uri, content=stub))
    _STATE["renamed"] = plan.renamed
    _STATE["stubs"] = set(plan.stubs)
    _search_stand_in(files, config)
    return files


def _search_stand_in(files, config) -> None:
    """Material's search worker is loaded on the first search (kb/ssg/lazy_search.py)."""
    from mkdocs.structure.files import File

    from kb.common.problems import BuildError, ProblemList
    from kb.ssg import lazy_search

    source = files.get_file_from_path(lazy_search.SOURCE)
    if source is None:
        return
    files.remove(source)
    workers = sorted(f.src_uri for f in files if lazy_search.MATERIAL_WORKER.fullmatch(f.src_uri))
    if len(workers) != 1:
        problems = ProblemList()
        problems.add(lazy_search.SOURCE, None,
                     f"Material'in arama işçisi (assets/javascripts/workers/search.<özet>.min.js) bulunamadı: {workers}",
                     "mkdocs-material sürümünü denetleyin; kb/ssg/lazy_search.py işçinin adını bu kalıpla arar")
        raise BuildError(problems)
    path, text = lazy_search.stand_in(source.content_string, workers[0])
    files.append(File.generated(config, path, content=text))
    _STATE["search"] = (workers[0], path)


def on_nav(nav, config, files):
    _STATE["pages"] = sorted(f.dest_uri for f in files.documentation_pages() if f.inclusion.is_in_nav())
    return nav


def _rewritten(dest: str, output: str) -> str:
    from kb.ssg.fingerprint import rewrite_html
    from kb.ssg.lazy_search import point_config

    _STATE["html"].append(dest)
    if _STATE["search"]:
        output = point_config(output, *_STATE["search"])
    return rewrite_html(output, _STATE["renamed"])


@event_priority(50)  # before kb/ssg/hooks.py adds the CSP (it hashes the page as it then is)
def on_post_page(output, page, config):
    return _rewritten(page.file.dest_uri, output)


@event_priority(50)
def on_post_template(output_content, template_name, config):
    return _rewritten(template_name, output_content) if template_name.endswith(".html") else output_content


def on_post_build(config):
    from kb.ssg import fingerprint, offline

    site = Path(config["site_dir"])
    # kb/ssg/hooks.py has pruned Material's stylesheet: its name follows its new bytes
    renamed = {**_STATE["renamed"], **fingerprint.rename_material_css(site, _STATE["html"])}
    if _STATE["sw"] is None:
        return
    offline.write(site, _STATE["sw"], _STATE["pages"], renamed, _STATE["stubs"])
