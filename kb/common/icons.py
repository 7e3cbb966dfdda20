"""Icons from the set mkdocs-material ships: Material Design Icons (Pictogrammers, Apache
License 2.0), one SVG per name in material/templates/.icons/material/ of the installed
package. Read from the package on this machine, never fetched: the easy-read pages inline
them (kb/site/easyread.py), and `check` refuses a name the set does not have.
"""
from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

ICON_SET = "material"
NAME_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@functools.lru_cache(maxsize=1)
def icon_dir() -> Path | None:
    """The folder of the set's SVG files, or None when mkdocs-material is not installed."""
    spec = importlib.util.find_spec("material")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        folder = Path(base) / "templates" / ".icons" / ICON_SET
        if folder.is_dir():
            return folder
    return None


def icon_path(name: str) -> Path | None:
    folder = icon_dir()
    if folder is None or not NAME_RE.fullmatch(name):
        return None
    p = folder / f"{name}.svg"
    return p if p.is_file() else None


@functools.lru_cache(maxsize=None)
def icon_svg(name: str) -> str:
    """The icon's SVG markup (one line, as the package ships it); KeyError for an unknown name."""
    p = icon_path(name)
    if p is None:
        raise KeyError(name)
    return p.read_text(encoding="utf-8").strip()


def close_names(name: str, n: int = 3) -> list[str]:
    """Names of the set that look like `name` (for a message about a misspelt one)."""
    import difflib

    folder = icon_dir()
    if folder is None:
        return []
    return difflib.get_close_matches(name, [p.stem for p in folder.glob("*.svg")], n=n, cutoff=0.7)
