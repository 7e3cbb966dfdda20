"""Content hashes in the names of the site's own assets (assets/kb/), so a host may cache them for a year.

Every script, stylesheet and image under assets/kb/ (theme/assets/kb/ assembled by
kb/site/assets.py, and the browser libraries of kb/site/vendor.py) is served as
`<name>.<hash>.<ext>`: `forms.js` → `forms.3f9c0a1b.js`. The hash is the first HASH_LEN hex
digits of the SHA-256 of the file's final bytes (minified as kb/ssg/hooks.py minifies them,
and with its own references already renamed), so the same input gives the same names and a
changed file — or a file whose imports changed name — gets a new one.

References are rewritten, not guessed: in scripts, every string literal that starts with
./ or ../ and names another renamed file (static `import … from`, `export … from`, dynamic
`import()`); in stylesheets, `url(…)` and `@import`; in the pages, `src="…"` / `href="…"`
attributes (rewrite_html, run before the Content-Security-Policy is hashed: the inline
scripts it hashes never name an asset). Files are renamed dependencies first; an import cycle
between our files is a BuildError.

Material's stylesheet, pruned after the pages are written (kb/ssg/css_prune.py), is renamed
by its final bytes too (rename_material_css): a hashed name must never change its content.

Data files keep their names (JSON such as form-mesajlari.json, licence texts): they are
published for reuse. A script that other sites or the tests import by its documented name
(`import {evaluate} from "<site>/assets/kb/rules-engine.js"`, kb/rules/__init__.py) keeps
that name as a one-line module re-exporting the fingerprinted one (`stubs`); pages never
load the stubs. The map old → new name is in sw-manifest.json ("assets", kb/ssg/offline.py).

Nothing here knows about mkdocs: kb/ssg/asset_hooks.py applies it to mkdocs' files.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.common.problems import BuildError, ProblemList

HASH_LEN = 8
FOLDER = "assets/kb/"
RENAMED_SUFFIXES = (".js", ".css", ".svg")

JS_SPEC = re.compile(r"""(["'])(\.{1,2}/[^"'\s`]+)\1""")
CSS_SPEC = re.compile(r"""url\(\s*(["']?)([^"')\s]+)\1\s*\)|@import\s+(["'])([^"']+)\3""")
# an asset of ours named in a page (a literal prefix: the scan of a page takes microseconds);
# it is rewritten only inside a src or href attribute, after the page's way back to the root
HTML_ASSET = re.compile(r'assets/kb/[^"#?\s<>]+')
HTML_PREFIX = re.compile(r'(?:\.\./)*|\./|/|/[^"\s]*/|https?://[^"\s]*/')
EXPORTS = re.compile(r"(?:^|[;}\s])export\b")
DEFAULT_EXPORT = re.compile(r"(?:^|[;}\s])export\s+default\b")


def minify(text: str, suffix: str) -> str:
    """The text as kb/ssg/hooks.py minify_assets leaves it (minified until nothing changes, so
    minifying it again there is a no-op and the hash stays true)."""
    import rcssmin
    import rjsmin

    for _ in range(3):
        small = (rjsmin.jsmin(text, keep_bang_comments=True) if suffix == ".js"
                 else rcssmin.cssmin(text, keep_bang_comments=True))
        if small == text:
            break
        text = small
    return text


def renamed_path(uri: str, data: bytes) -> str:
    """assets/kb/forms.js + its bytes -> assets/kb/forms.<hash>.js"""
    folder, name = posixpath.split(uri)
    stem, _, ext = name.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:HASH_LEN]
    return posixpath.join(folder, f"{stem}.{digest}.{ext}")


def is_renamed(uri: str) -> bool:
    return uri.startswith(FOLDER) and uri.endswith(RENAMED_SUFFIXES)


@dataclass
class Plan:
    renamed: dict[str, str] = field(default_factory=dict)   # old path in site -> new path
    contents: dict[str, bytes] = field(default_factory=dict)  # new path -> final bytes
    stubs: dict[str, bytes] = field(default_factory=dict)     # old path -> re-export module


def _references(uri: str, text: str, known: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, target) of every reference in `text` to another file of `known`: the span is
    the reference's text, resolved against the file's folder."""
    folder = posixpath.dirname(uri)
    out = []
    if uri.endswith(".js"):
        spans = [(m.start(2), m.end(2)) for m in JS_SPEC.finditer(text)]
    elif uri.endswith(".css"):
        spans = [(m.start(2), m.end(2)) if m.group(2) else (m.start(4), m.end(4)) for m in CSS_SPEC.finditer(text)]
    else:
        return out
    for start, end in spans:
        spec = text[start:end]
        if spec.startswith(("data:", "#")) or "://" in spec:
            continue
        target = posixpath.normpath(posixpath.join(folder, spec.split("?")[0].split("#")[0]))
        if target in known and target != uri:
            out.append((start, end, target))
    return out


def plan(sources: dict[str, bytes]) -> Plan:
    """New names and final bytes for `sources` ({path in site: bytes already minified}); paths
    that is_renamed() refuses are left out of the plan (they keep their names)."""
    texts = {u: b.decode("utf-8") for u, b in sources.items() if is_renamed(u) and not u.endswith(".svg")}
    known = {u for u in sources if is_renamed(u)}
    refs = {u: _references(u, t, known) for u, t in texts.items()}
    result = Plan()
    state: dict[str, int] = {}  # 1 = being renamed (on the stack), 2 = done
    problems = ProblemList()

    def visit(uri: str, chain: tuple[str, ...]) -> None:
        if state.get(uri) == 2:
            return
        if state.get(uri) == 1:
            cycle = chain[chain.index(uri):] + (uri,)
            problems.add(uri, None, "içe aktarma döngüsü: " + " → ".join(cycle),
                         "dosyaların birbirini içe aktarmasını kaldırın (dosya adlarındaki içerik özeti "
                         "bağımlılık sırasıyla hesaplanır)")
            return
        state[uri] = 1
        for _, _, target in refs.get(uri, []):
            visit(target, chain + (uri,))
        data = sources[uri]
        if uri in texts:
            text = texts[uri]
            for start, end, target in sorted(refs[uri], reverse=True):
                spec = text[start:end]
                head, _, _ = spec.rpartition("/")
                new_name = posixpath.basename(result.renamed.get(target, target))
                text = text[:start] + head + "/" + new_name + text[end:]
            data = text.encode("utf-8")
        new = renamed_path(uri, data)
        result.renamed[uri] = new
        result.contents[new] = data
        state[uri] = 2

    for uri in sorted(known):
        visit(uri, ())
    if problems:
        raise BuildError(problems)
    for uri in sorted(texts):
        # a module of the top folder that exports something keeps its name as a re-export
        if uri.endswith(".js") and uri.count("/") == 2 and uri in result.renamed and EXPORTS.search(texts[uri]):
            new = "./" + posixpath.basename(result.renamed[uri])
            stub = f'export*from"{new}";'
            if DEFAULT_EXPORT.search(texts[uri]):
                stub += f'export{{default}}from"{new}";'
            result.stubs[uri] = (stub + "\n").encode("utf-8")
    return result


def _attribute_start(html: str, at: int) -> int:
    """The index of the opening quote of the src / href value the path at `at` begins (after the
    page's way back to the root), or -1."""
    quote = html.rfind('"', 0, at)
    if quote < 0 or not html[max(0, quote - 5):quote].endswith(("src=", "href=")) \
            or not HTML_PREFIX.fullmatch(html, quote + 1, at):
        return -1
    return quote


def rewrite_html(html: str, renamed: dict[str, str]) -> str:
    """The page with every src / href naming a renamed asset pointed at its new name (one scan
    of the page and one copy: it runs for every page, ~0.1 ms for 60 KB)."""
    if not renamed:
        return html
    out, last = [], 0
    for m in HTML_ASSET.finditer(html):
        new = renamed.get(m.group())
        if new is None or html[m.end():m.end() + 1] not in ('"', "#", "?"):
            continue
        if _attribute_start(html, m.start()) < 0:
            continue
        out.append(html[last:m.start()])
        out.append(new)
        last = m.end()
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)


# Material's stylesheet is named by the hash of Material's own file (main.57a0d79d.min.css),
# but kb/ssg/css_prune.py rewrites it after the pages are written, with what depends on the
# pages: the name would stay while the content changes, and a host caching hashed names for a
# year would keep the old one. It is renamed by its final bytes after pruning, and each page
# is patched in place where its head names it (the <link>; the new name has the length of the
# old, so only the first HEAD_BYTES are read and written back; a page whose head does not name
# it is read whole).
MATERIAL_CSS_NAME = re.compile(rb"assets/stylesheets/main\.([0-9a-f]{8})\.min\.css")
HEAD_BYTES = 16384


def rename_material_css(site: Path, pages: list[str]) -> dict[str, str]:
    """Rename assets/stylesheets/main.<hash>.min.css by its bytes and point `pages` (paths in
    site) at the new name; returns {old path: new path} (empty if the name is already right)."""
    renamed = {}
    for sheet in sorted((site / "assets" / "stylesheets").glob("main.*.min.css")):
        m = MATERIAL_CSS_NAME.search(b"assets/stylesheets/" + sheet.name.encode("utf-8"))
        if not m:
            continue
        old = m.group(0)
        new = old.replace(m.group(1), hashlib.sha256(sheet.read_bytes()).hexdigest()[:HASH_LEN].encode("ascii"))
        if new == old:
            continue
        for page in pages:
            if not (site / page).is_file():  # taken away after it was written (the build then fails)
                continue
            with open(site / page, "r+b") as f:
                head = f.read(HEAD_BYTES)
                if old in head:  # the <link> of the head (a mention in the text further down loads nothing)
                    f.seek(0)
                    f.write(head.replace(old, new))
                else:
                    data = head + f.read()
                    f.seek(0)
                    f.write(data.replace(old, new))
        target = sheet.with_name(new.rsplit(b"/", 1)[1].decode("ascii"))
        sheet.rename(target)
        renamed[sheet.relative_to(site).as_posix()] = target.relative_to(site).as_posix()
    return renamed
