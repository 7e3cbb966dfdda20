"""The site's own scripts and stylesheets are minified in the output (kb/ssg/hooks.py,
rjsmin and rcssmin) and still work: they parse, keep their imports and licence notes.

rjsmin supports template literals only unnested (no `…${`…`}…` inside another one), so
the sources must not nest them. What the minified code does is checked by the browser
tests of the forms, rules and checklists, which run it.

A served file is its theme source with its components and parts put in place
(kb/site/assets.py): the parts (theme/assets/kb/parts/) and the components' scripts are
sources too, and the output is compared with the assembled text.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import served_asset

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "theme" / "assets" / "kb").glob("*.js"))
# what the served scripts are assembled from besides SOURCES
FRAGMENTS = sorted((ROOT / "theme" / "assets" / "kb" / "parts").rglob("*.js")) + sorted((ROOT / "components").rglob("*.js"))
UNHASHED = re.compile(r"\.[0-9a-f]{8}(\.[a-z]+)$")
IMPORT = re.compile(r"""\b(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']""")


def assembled(f: Path) -> str:
    from kb.site.assets import assemble

    return assemble(f)


def test_sources_nest_no_template_literals():
    assert FRAGMENTS, "no parts or component scripts found"
    for f in SOURCES + FRAGMENTS:
        text = f.read_text(encoding="utf-8")
        assert text.count("`") % 2 == 0, f"{f.name}: odd number of backticks (a template literal in a comment?)"
        for lit in re.findall(r"`[^`]*`", text):
            # inside one template literal every ${ closes before the literal ends
            assert lit.count("${") <= lit.count("}"), f"{f.name}: nested template literal near {lit[:60]!r}"


def test_output_is_minified_and_parses(built_site, tmp_path):
    node = shutil.which("node")
    folder = built_site / "assets" / "kb"
    files = sorted(folder.rglob("*.js"))
    assert files, "no scripts in assets/kb"
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert "\n  " not in text, f"{f.relative_to(built_site)} is not minified"
        if node:
            copy = tmp_path / (f.stem + ".mjs")
            copy.write_text(text, encoding="utf-8")
            proc = subprocess.run([node, "--check", str(copy)], capture_output=True, text=True)
            assert proc.returncode == 0, f"{f.relative_to(built_site)} does not parse: {proc.stderr[-500:]}"
    for f in SOURCES:
        # served under its fingerprinted name (kb/ssg/fingerprint.py); the service worker at the root
        served = built_site / ("sw.js" if f.name == "sw.js" else served_asset(built_site, f"assets/kb/{f.name}"))
        out = served.read_text(encoding="utf-8")
        wanted = sorted({a or b for a, b in IMPORT.findall(re.sub(r"^\s*//.*$", "", assembled(f), flags=re.M))})
        # the imports name the fingerprinted files: without the hash they are the source's
        got = sorted({UNHASHED.sub(r"\1", a or b) for a, b in IMPORT.findall(out)})
        assert wanted == got, f"{f.name}: imports changed by minifying: {wanted} → {got}"
    for f in sorted(folder.rglob("*.css")):
        assert "/*" not in f.read_text(encoding="utf-8"), f"{f.relative_to(built_site)} is not minified"
    logic = (built_site / served_asset(built_site, "assets/kb/rules-vendor/json-logic.js")).read_text(encoding="utf-8")
    assert logic.startswith("/*! json-logic-js") and "(MIT)" in logic.split("*/", 1)[0], "json-logic licence note lost"


@pytest.mark.parametrize("name", ["site.css", "forms.css", "forms.js"])
def test_minified_smaller_than_source(built_site, name):
    src = len(assembled(ROOT / "theme" / "assets" / "kb" / name).encode("utf-8"))
    out = (built_site / served_asset(built_site, f"assets/kb/{name}")).stat().st_size
    assert out < src * 0.9, f"{name}: {out} bytes in the site, {src} in the source"
