"""mkdocs hooks (stage 4 post-processing), kept small and isolated from the theme.

- on_post_page / on_post_template: add a Content-Security-Policy meta tag that allows
  only the site's own files and the exact inline scripts of each page (by hash).
- on_post_build: replace the search entries of the content pages (regulation, guide)
  by one entry per article, paragraph and point written by the generator, so that
  results land on the exact paragraph (boosted over pages that quote the same text);
  minify the site's own scripts and stylesheets (assets/kb/, the search analyzer), and
  drop the rules of Material's stylesheet that no page uses (kb/css_prune.py); page weight.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)

POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'none'")


def add_csp(output: str) -> str:
    hashes = []
    for attrs, body in INLINE_SCRIPT.findall(output):
        if 'type="application/json"' in attrs:
            continue  # data block, not executed
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        h = f"'sha256-{digest}'"
        if h not in hashes:
            hashes.append(h)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=" ".join(hashes))}">'
    return output.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n    ' + meta, 1)


def on_post_page(output, page, config):
    return add_csp(output)


def on_post_template(output_content, template_name, config):
    if template_name.endswith(".html"):
        return add_csp(output_content)
    return output_content


# The generator's per-paragraph entries (the sources' own text) outrank pages that quote or
# use the same words (summaries, checklists, forms), so a search lands on the paragraph.
SOURCE_BOOST = 4


def minify_assets(site_dir: Path) -> None:
    """Minify assets/kb/**/*.js and *.css in the output (the sources in theme/ keep their
    comments). rjsmin keeps /*! … */ comments (licence notes); it supports unnested
    template literals only, which tests/test_minify.py checks on the sources."""
    import rcssmin
    import rjsmin

    folder = site_dir / "assets" / "kb"
    ours = sorted(folder.rglob("*")) + [site_dir / "assets" / "javascripts" / "lunr" / "min" / "lunr.tr.min.js"]
    for f in ours:
        if f.suffix not in (".js", ".css") or not f.is_file():
            continue
        text = f.read_text(encoding="utf-8")
        small = (rjsmin.jsmin(text, keep_bang_comments=True) if f.suffix == ".js"
                 else rcssmin.cssmin(text, keep_bang_comments=True))
        if small != text:
            f.write_text(small, encoding="utf-8")


def on_post_build(config):
    from kb.css_prune import prune_material_css

    minify_assets(Path(config["site_dir"]))
    prune_material_css(Path(config["site_dir"]))
    extra = os.environ.get("KB_SEARCH_DOCS")
    index_file = Path(config["site_dir"]) / "search" / "search_index.json"
    if not extra or not index_file.exists():
        return
    ours = json.loads(Path(extra).read_text(encoding="utf-8"))
    pages = {d["location"].split("#", 1)[0] for d in ours}
    data = json.loads(index_file.read_text(encoding="utf-8"))
    kept = [d for d in data["docs"] if d["location"].split("#", 1)[0] not in pages]
    for d in ours:
        entry = {"location": d["location"], "title": html.escape(d["title"], quote=False),
                 "text": html.escape(d["text"], quote=False)}
        if "#" in d["location"]:
            entry["boost"] = SOURCE_BOOST
        kept.append(entry)
    data["docs"] = kept
    index_file.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
