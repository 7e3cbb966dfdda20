"""The site's own scripts and stylesheets, assembled from their parts at build time.

A source in theme/assets/kb/ (forms.js, forms.css, rules.js …) may name, on a line of its
own, a component or a part whose text takes that line's place:

    /* @component error-summary */            in a stylesheet
    // @component error-summary               in a script
    // @part forms/errors.js — what it holds  a piece of a feature file (CSS: /* @part … */)

`@component NAME` is components/NAME/NAME.css (or .js, the host's own suffix);
`@part PATH` is theme/assets/kb/parts/PATH. Anything after the name is a note for the
reader. Every non-empty line of the inserted text gets the marker's indentation, so a part
of a function body is written at column 0. A part may open with a note for its readers,
`/** @fragment … */`, which is left out together with the blank lines after it; a part may
hold markers of its own. A marker naming a missing component or part is a BuildError
(kb/common/problems.py), reported at the marker's file and line.

Nothing here knows about mkdocs: kb/ssg/hooks.py puts the assembled text in place of the
theme file while mkdocs copies it, and leaves the parts folder out of the site.
"""
from __future__ import annotations

import re
from pathlib import Path

from kb.common.paths import ROOT
from kb.common.problems import BuildError, ProblemList

COMPONENTS = ROOT / "components"
THEME_ASSETS = ROOT / "theme" / "assets" / "kb"
# theme/assets/kb/parts/: pieces of the feature files, never served on their own
PARTS = "parts"
SITE_FOLDER = "assets/kb"  # where theme/assets/kb/ lands in the site

MARKER = re.compile(r"^(?P<indent>[ \t]*)(?://|/\*)[ \t]*@(?P<kind>component|part)\b[ \t]*(?P<name>[^\s*]*)(?P<note>.*)$")
FRAGMENT_NOTE = "/** @fragment"
NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
PART_PATH = re.compile(r"[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)*\.(?:js|css)")


def is_part(site_path: str) -> bool:
    """True for a file of the parts folder as mkdocs sees it ("assets/kb/parts/forms/errors.js")."""
    return site_path.startswith(f"{SITE_FOLDER}/{PARTS}/")


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def _body(text: str) -> str:
    """A part's text without its `/** @fragment … */` note (and the blank lines after it)."""
    if not text.startswith(FRAGMENT_NOTE):
        return text
    end = text.find("*/")
    if end < 0:
        return text
    rest = text[end + 2:]
    rest = rest[rest.index("\n") + 1:] if "\n" in rest else ""
    return rest.lstrip("\n")


def _indent(text: str, indent: str) -> str:
    if not indent:
        return text
    return "".join(indent + line if line.strip("\r\n") else line for line in text.splitlines(keepends=True))


def _target(kind: str, name: str, suffix: str, components: Path, parts: Path) -> tuple[Path | None, str]:
    """The file a marker names, or None and why it cannot be used."""
    if kind == "component":
        if not NAME.fullmatch(name):
            return None, f"“@component {name}”: bileşen adı küçük harf, rakam ve tireden oluşur"
        return components / name / f"{name}{suffix}", ""
    if not PART_PATH.fullmatch(name) or not name.endswith(suffix):
        return None, f"“@part {name}”: parça yolu parts/ altında, “{suffix}” ile biten bir yol olmalı"
    return parts / name, ""


def _assemble(path: Path, components: Path, parts: Path, problems: ProblemList, seen: tuple[Path, ...]) -> str:
    text = path.read_text(encoding="utf-8")
    if "@component" not in text and "@part" not in text:
        return text
    out = []
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        m = MARKER.match(line.rstrip("\r\n"))
        if not m:
            out.append(line)
            continue
        where = _shown(path)
        target, why = _target(m["kind"], m["name"], path.suffix, components, parts)
        if target is None:
            problems.add(where, (number, len(m["indent"]) + 1), why, "işaretin adını düzeltin")
            continue
        if not target.is_file():
            what = "bileşen" if m["kind"] == "component" else "parça"
            problems.add(where, (number, len(m["indent"]) + 1),
                         f"“@{m['kind']} {m['name']}”: {what} dosyası yok ({_shown(target)})",
                         "dosyayı ekleyin ya da işaretin adını düzeltin")
            continue
        if target.resolve() in seen:
            problems.add(where, (number, len(m["indent"]) + 1),
                         f"“@{m['kind']} {m['name']}” kendini içeriyor ({' → '.join(_shown(p) for p in seen)})",
                         "döngüyü kaldırın")
            continue
        inner = _body(_assemble(target, components, parts, problems, seen + (target.resolve(),)))
        if inner and not inner.endswith("\n"):
            inner += "\n"
        out.append(_indent(inner, m["indent"]))
    return "".join(out)


def assemble(path: Path, components: Path = COMPONENTS, parts: Path | None = None) -> str:
    """The text of a theme source with every marker replaced (the text itself if it has none).
    Raises BuildError listing every marker that names a missing component or part."""
    parts = parts if parts is not None else path.parent / PARTS
    problems = ProblemList()
    text = _assemble(path, components, parts, problems, (path.resolve(),))
    if problems:
        raise BuildError(problems)
    return text


def assembled_sources(folder: Path = THEME_ASSETS, components: Path = COMPONENTS) -> dict[str, str]:
    """{path in the site: assembled text} of every script and stylesheet of `folder` (not of its
    parts folder) that holds a marker."""
    out = {}
    for f in sorted(folder.rglob("*")):
        rel = f.relative_to(folder).as_posix()
        if f.suffix not in (".js", ".css") or not f.is_file() or rel.split("/")[0] == PARTS:
            continue
        text = assemble(f, components, folder / PARTS)
        if text != f.read_text(encoding="utf-8"):
            out[f"{SITE_FOLDER}/{rel}"] = text
    return out
