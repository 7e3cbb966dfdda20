"""Offline use after one visit: the service worker (sw.js) and its precache list (sw-manifest.json).

Both are written at the site root after everything else (kb/ssg/asset_hooks.py, on_post_build):
the list holds the final bytes' hashes. The worker's code is theme/assets/kb/sw.js (README,
"Çevrimdışı kullanım"); here it is minified and given the build's version, so a new build
is a new sw.js, which the browser takes as an update.

What is precached (PRECACHE), the same rule at every scale:
- the pages in the navigation (and 404.html): at ×1 that is every page; at ×100 the newest
  guide period and the core, checklist, form and calculator pages (~50 of 870), not the
  older periods, which the menu does not list either (they are kept once visited);
- every script, stylesheet and icon under assets/ (ours fingerprinted, Material's hashed,
  the search worker and its lunr files), not the re-export stubs (kb/ssg/fingerprint.py);
- search/search_index.json (Material fetches it on every first visit anyway);
- data/rules/<id>.json of the newest period (the budget forms fetch their rule set).
Not precached: the published data (data/*.json, schemas/, the answers schemas), sitemap.xml.
Everything the worker answers from the network without a query string is kept at run time too.

sw-manifest.json: {"version", "files": {URL relative to the root: hash of its bytes},
"assets": {old name: fingerprinted name}}. A page's URL is its folder ("formlar/on-basvuru/",
the home "./"). The per-file hash lets a new version copy unchanged files from the old cache
instead of downloading them again.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from kb.ssg.fingerprint import minify

SW_SOURCE = "assets/kb/sw.js"  # theme/assets/kb/sw.js: not served there, written as /sw.js
SW_NAME = "sw.js"
MANIFEST_NAME = "sw-manifest.json"
VERSION_MARK = "__KB_SURUM__"
HASH_LEN = 16
ASSET_SUFFIXES = (".js", ".css", ".svg")
NEWEST_RULES = re.compile(r"data/rules/[a-z0-9-]+\.json")
SEARCH_INDEX = "search/search_index.json"


def page_url(dest: str) -> str:
    """formlar/on-basvuru/index.html -> formlar/on-basvuru/; index.html -> ./"""
    if dest == "index.html":
        return "./"
    return dest[: -len("index.html")] if dest.endswith("/index.html") else dest


def precached(site: Path, pages: list[str], stubs: set[str]) -> list[str]:
    """The site paths (relative to the root) to precache; `pages`: the pages in the navigation
    (their written paths, "formlar/on-basvuru/index.html"), `stubs`: the re-export modules."""
    out = [p for p in pages if (site / p).is_file()]
    if (site / "404.html").is_file():
        out.append("404.html")
    for f in sorted((site / "assets").rglob("*")):
        rel = f.relative_to(site).as_posix()
        if f.is_file() and f.suffix in ASSET_SUFFIXES and rel not in stubs and rel != SW_SOURCE:
            out.append(rel)
    if (site / SEARCH_INDEX).is_file():
        out.append(SEARCH_INDEX)
    rules = site / "data" / "rules"
    if rules.is_dir():
        out += [f"data/rules/{f.name}" for f in sorted(rules.iterdir()) if NEWEST_RULES.fullmatch(f"data/rules/{f.name}")]
    return sorted(dict.fromkeys(out))


def manifest(site: Path, paths: list[str], renamed: dict[str, str], code: str) -> dict:
    files = {}
    for p in paths:
        files[page_url(p)] = hashlib.sha256((site / p).read_bytes()).hexdigest()[:HASH_LEN]
    # the version: every file's hash and the worker's own code (a new strategy is a new cache)
    h = hashlib.sha256(code.encode("utf-8"))
    for url, digest in sorted(files.items()):
        h.update(f"{url}\0{digest}\n".encode("utf-8"))
    return {"version": h.hexdigest()[:HASH_LEN], "files": dict(sorted(files.items())),
            "assets": dict(sorted(renamed.items()))}


def write(site: Path, sw_code: str, pages: list[str], renamed: dict[str, str], stubs: set[str]) -> dict:
    """Write sw.js and sw-manifest.json into `site`; returns the manifest."""
    code = minify(sw_code, ".js")
    data = manifest(site, precached(site, pages, stubs), renamed, code)
    (site / MANIFEST_NAME).write_bytes(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    assert VERSION_MARK in code, f"{SW_SOURCE} lost its {VERSION_MARK} mark"
    (site / SW_NAME).write_text(code.replace(VERSION_MARK, data["version"]), encoding="utf-8")
    return data

