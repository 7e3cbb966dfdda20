"""mkdocs hooks (stage 4 post-processing), kept small and isolated from the theme.

- on_pre_build: clear what the previous build in this process gathered.
- on_files: leave out the theme files no page of this site can load (lunr languages the
  search is not configured for, the unused palette stylesheet, source maps); put the
  assembled text of our own scripts and stylesheets (kb/site/assets.py: their
  components and parts put in place) instead of the theme sources, and leave the parts
  folder (theme/assets/kb/parts/) out of the site.
- on_post_page / on_post_template: collapse the whitespace between tags (kb/ssg/html_space.py),
  then add a Content-Security-Policy meta tag that allows only the site's own files and the
  exact inline scripts of each page (by hash).
- on_page_markdown: the content pages (regulation, guide) are left out of Material's own
  search indexing; on_post_build adds the generator's entries for them (kb/ssg/handoff.py):
  one per article, paragraph and point, so that results land on the exact paragraph
  (boosted over pages that quote the same text);
  minify the site's own scripts and stylesheets (assets/kb/, the search analyzer), and
  drop the rules of Material's stylesheet that no page uses (kb/ssg/css_prune.py); page weight.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

import orjson

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def add_csp(output: str) -> str:
    """The page's policy (kb/ssg/headers.py, also the source of the HTTP headers) with the
    hashes of its inline scripts."""
    from kb.ssg.headers import meta_policy

    hashes = []
    for attrs, body in INLINE_SCRIPT.findall(output):
        if 'type="application/json"' in attrs:
            continue  # data block, not executed
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        h = f"'sha256-{digest}'"
        if h not in hashes:
            hashes.append(h)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{meta_policy(hashes)}">'
    return output.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + meta, 1)


LUNR = "assets/javascripts/lunr/"
SOURCE_MAP_COMMENT = re.compile(r"\n?(?://# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$")


def needed_lunr_files(langs: list[str]) -> set[str]:
    """The files under assets/javascripts/lunr/ Material's search worker imports for these
    languages (its setupSearchLanguages: the Snowball support file and one file per language
    other than English, a segmenter for ja / hi / th, lunr.multi for more than one language)."""
    need = set()
    others = [lang for lang in langs if lang != "en"]
    if others:
        need.add("min/lunr.stemmer.support.min.js")
    for lang in others:
        need.add(f"min/lunr.{lang}.min.js")
        if lang == "ja":
            need.add("tinyseg.js")
        if lang in ("hi", "th"):
            need.add("wordcut.js")
    if len(langs) > 1:
        need.add("min/lunr.multi.min.js")
    return need


def on_files(files, config):
    """Material copies every lunr language (1 MB, of it 0.7 MB a Thai word list), a palette
    stylesheet and source maps into every site; none of them is loaded here. Output size,
    copy time and the class scan of kb/ssg/css_prune.py all shrink without them."""
    # "material/search" (or "search"); without a search plugin no lunr file is loaded
    search = next((p for name, p in config["plugins"].items() if name.rsplit("/", 1)[-1] == "search"), None)
    langs = list(search.config.lang or ["en"]) if search is not None else []
    lunr = needed_lunr_files(langs)
    palette = bool(config["theme"].get("palette"))
    for f in list(files):
        uri = f.src_uri
        if (uri.startswith(LUNR) and uri[len(LUNR):] not in lunr
                or uri.startswith("assets/") and uri.endswith(".map")
                or not palette and re.fullmatch(r"assets/stylesheets/palette\.\w+\.min\.css", uri)):
            files.remove(f)
    _assemble_own_assets(files, config)
    _add_generated_docs(files, config)
    return files


def _assemble_own_assets(files, config) -> None:
    """Our scripts and stylesheets (assets/kb/) are copied from the theme with their
    `@component` / `@part` lines replaced (kb/site/assets.py); the parts are not copied."""
    from mkdocs.structure.files import File

    from kb.site import assets

    components = Path(config["config_file_path"]).parent / "components"
    for f in list(files):
        uri = f.src_uri
        if assets.is_part(uri):
            files.remove(f)
        elif (uri.startswith(assets.SITE_FOLDER + "/") and uri.endswith((".js", ".css"))
              and not f.generated_by and f.abs_src_path):
            source = Path(f.abs_src_path)
            text = assets.assemble(source, components)
            if text != source.read_text(encoding="utf-8"):
                files.remove(f)
                files.append(File.generated(config, uri, content=text))


def _walk_order(uri: str) -> list:
    """The order in which mkdocs would find the file in docs_dir (os.walk, top-down: a folder's
    files, `index` first, then its subfolders by name): pages are indexed and listed in the
    sitemap in this order."""
    *folders, name = uri.split("/")
    stem = name.rsplit(".", 1)[0]
    return [(1, d) for d in folders] + [(0, stem not in ("index", "README"), name)]


def _add_generated_docs(files, config) -> None:
    """The generator's pages and assets (kb/ssg/handoff.py), as mkdocs' in-memory files. A generated
    file replaces a theme file of the same path, as a file in docs_dir would."""
    from mkdocs.structure.files import File

    from kb.ssg import handoff

    if handoff.docs is None:
        return
    for uri in sorted(handoff.docs, key=_walk_order):
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, content=handoff.docs[uri]))


def drop_source_map_comments(site_dir: Path) -> None:
    """The source maps are left out (on_files): the comments pointing at them go too."""
    for folder in ("javascripts", "stylesheets"):
        for f in sorted((site_dir / "assets" / folder).rglob("*.min.*")):
            if f.suffix in (".js", ".css"):
                text = f.read_text(encoding="utf-8")
                short = SOURCE_MAP_COMMENT.sub("", text)
                if short != text:
                    f.write_text(short + "\n", encoding="utf-8")


# what each written page uses of the stylesheet (kb/ssg/css_prune.py), scanned while it is in
# memory instead of read back from disk after the build: {path in site: (classes, var refs)}
_SCANNED: dict[str, tuple[set, set]] = {}


def on_post_page(output, page, config):
    from kb.ssg.css_prune import scan_page
    from kb.ssg.html_space import collapse

    output = add_csp(collapse(output))
    _SCANNED[page.file.dest_uri] = scan_page(output)
    return output


def on_post_template(output_content, template_name, config):
    if template_name.endswith(".html"):
        from kb.ssg.css_prune import scan_page
        from kb.ssg.html_space import collapse

        output_content = add_csp(collapse(output_content))
        _SCANNED[template_name] = scan_page(output_content)
    return output_content


# The generator's per-paragraph entries (the sources' own text) outrank pages that quote or
# use the same words (summaries, checklists, forms), so a search lands on the paragraph.
SOURCE_BOOST = 4


def minify_assets(site_dir: Path) -> None:
    """Minify assets/kb/**/*.js and *.css in the output (the sources in theme/ keep their
    comments). rjsmin keeps /*! … */ comments (licence notes); it supports unnested
    template literals only, which tests/ssg/test_minify.py checks on the sources."""
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


# pages the generator indexes paragraph by paragraph (their URLs), set for each build
_OUR_PAGES: set[str] = set()


def on_pre_build(config):
    """mkdocs loads this module once per process and keeps it: what one build gathers is
    cleared before the next."""
    from kb.ssg import handoff

    _SCANNED.clear()
    _OUR_PAGES.clear()
    _OUR_PAGES.update(d["location"].split("#", 1)[0] for d in handoff.search_docs or [])


def on_page_markdown(markdown, page, config, files):
    """A page the generator indexes paragraph by paragraph is left out of Material's own
    indexing (`search: exclude`), which would parse its HTML only for on_post_build to drop
    the result."""
    if page.url in _OUR_PAGES:
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


def on_post_build(config):
    from kb.ssg.css_prune import prune_material_css

    minify_assets(Path(config["site_dir"]))
    drop_source_map_comments(Path(config["site_dir"]))
    # the project root is where mkdocs.yml is (not where kb/ is: bench roots link to it)
    root = Path(config["config_file_path"]).parent
    prune_material_css(Path(config["site_dir"]), root / "build" / "cache" / "css-prune", _SCANNED)
    from kb.ssg import handoff

    ours = handoff.search_docs
    index_file = Path(config["site_dir"]) / "search" / "search_index.json"
    if ours is None or not index_file.exists():
        return
    data = orjson.loads(index_file.read_bytes())
    kept = data["docs"]  # Material's entries: the pages on_page_markdown did not exclude
    for d in ours:
        entry = {"location": d["location"], "title": html.escape(d["title"], quote=False),
                 "text": html.escape(d["text"], quote=False)}
        if "#" in d["location"]:
            entry["boost"] = SOURCE_BOOST
        kept.append(entry)
    data["docs"] = kept
    # orjson: the bytes of json.dumps(data, ensure_ascii=False, separators=(",", ":")), 5x faster
    index_file.write_bytes(orjson.dumps(data))
