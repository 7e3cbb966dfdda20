"""Material's search worker on the first search, not on every page (page weight, issue 16).

Material's page script creates its search worker (assets/javascripts/workers/search.<hex>.min.js,
12 KB gzip, which imports the lunr support and Turkish analyzer files, 4 KB more) on every page
as it loads, whether or not the visitor searches. The worker a page names is the "search"
entry of its `__config` (Material's base.html): here it is pointed at a small stand-in,
theme/assets/javascripts/workers/search-lazy.js, which keeps Material's messages and imports
the real worker when the page's search opens (its comment says how). Material's bundle and
worker are not changed.

- `stand_in(source, worker)`: the stand-in's text with the real worker's file name put in,
  minified, and its fingerprinted path beside the real worker (the same folder: the lunr
  files the worker imports by relative path resolve as before);
- `point_config(html, worker, stand_in)`: the page with its __config naming the stand-in.

kb/ssg/asset_hooks.py applies both. tests/ssg/test_lazy_search.py checks the pages, that a
page loads neither the worker nor lunr until the search opens, and that search then answers.
"""
from __future__ import annotations

import posixpath
import re

from kb.ssg.fingerprint import minify, renamed_path

FOLDER = "assets/javascripts/workers/"
SOURCE = FOLDER + "search-lazy.js"
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]{8}\.min\.js")
MARK = "__KB_SEARCH_WORKER__"
CONFIG_START = '<script id="__config" type="application/json">'


def stand_in(source: str, worker: str) -> tuple[str, str]:
    """(path in site, text) of the stand-in for Material's worker at `worker` (its path in site)."""
    if MARK not in source:
        raise ValueError(f"{SOURCE} lost its {MARK} mark")
    text = minify(source.replace(MARK, posixpath.basename(worker)), ".js")
    return renamed_path(SOURCE, text.encode("utf-8")), text


def point_config(html: str, worker: str, stand_in_path: str) -> str:
    """The page with the "search" entry of its __config naming the stand-in instead of the
    worker (both paths in site); a page without __config (or without search) is returned as is."""
    start = html.find(CONFIG_START)
    end = html.find("</script>", start)
    if start < 0 or end < 0:
        return html
    body = html[start:end].replace(f'{worker}"', f'{stand_in_path}"', 1)
    return html[:start] + body + html[end:]
