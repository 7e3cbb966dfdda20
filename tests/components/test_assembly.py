"""The build-time assembly of the site's own scripts and stylesheets (kb/site/assets.py):
a `@component` or `@part` line is replaced by that file's text, a missing one is a clear
error, and what the site serves is the assembled text, minified (kb/ssg/hooks.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import served_asset

from kb.common.problems import BuildError
from kb.site.assets import COMPONENTS, THEME_ASSETS, assemble, assembled_sources

ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, components: Path) -> list[str]:
    with pytest.raises(BuildError) as exc:
        assemble(path, components)
    return [str(p) for p in exc.value.problems.sorted()]


def test_a_marker_is_replaced_by_the_file_indented_as_the_marker(tmp_path):
    comp = tmp_path / "components"
    write(comp / "box" / "box.js", "/** @fragment a note for the reader,\n    left out */\n\nif (a) {\n  b();\n}\n\nc();\n")
    host = write(tmp_path / "theme" / "main.js", "function f() {\n  // @component box — what it does\n}\n")
    assert assemble(host, comp) == "function f() {\n  if (a) {\n    b();\n  }\n\n  c();\n}\n"


def test_parts_and_components_nest(tmp_path):
    comp = tmp_path / "components"
    write(comp / "box" / "box.css", ".box { color: red; }\n")
    write(tmp_path / "theme" / "parts" / "feature" / "a.css", "/* @component box */\n.a { margin: 0; }\n")
    host = write(tmp_path / "theme" / "feature.css", "/* head */\n/* @part feature/a.css */\n.z {}\n")
    assert assemble(host, comp) == "/* head */\n.box { color: red; }\n.a { margin: 0; }\n.z {}\n"


def test_a_marker_naming_a_missing_component_is_a_clear_error(tmp_path):
    comp = tmp_path / "components"
    write(comp / "box" / "box.css", ".box {}\n")
    host = write(tmp_path / "feature.css", ".a {}\n/* @component box */\n  /* @component error-sumary */\n")
    [problem] = problems_of(host, comp)
    assert problem.startswith(f"{host.as_posix()}:3:3: “@component error-sumary”: bileşen dosyası yok "), problem
    assert "components/error-sumary/error-sumary.css" in problem and "işaretin adını düzeltin" in problem


def test_every_bad_marker_is_reported_at_once(tmp_path):
    comp = tmp_path / "components"
    write(comp / "box" / "box.css", ".box {}\n")  # no box.js: a script cannot include it
    host = write(tmp_path / "feature.js", "// @component box\n// @part nowhere/x.js\n// @part ../escape.js\n// @component Bad_Name\n")
    got = problems_of(host, comp)
    assert len(got) == 4, got
    assert ":1:1: “@component box”: bileşen dosyası yok" in got[0] and "box.js" in got[0]
    assert ":2:1: “@part nowhere/x.js”: parça dosyası yok" in got[1]
    assert ":3:1: “@part ../escape.js”: parça yolu" in got[2]
    assert ":4:1: “@component Bad_Name”: bileşen adı" in got[3]


def test_a_part_including_itself_is_an_error(tmp_path):
    write(tmp_path / "parts" / "a.js", "// @part a.js\n")
    host = write(tmp_path / "feature.js", "// @part a.js\n")
    [problem] = problems_of(host, tmp_path / "components")
    assert "kendini içeriyor" in problem


def test_the_site_serves_the_assembled_sources_minified(built_site):
    import rcssmin
    import rjsmin

    sources = assembled_sources()
    assert {"assets/kb/forms.js", "assets/kb/forms.css", "assets/kb/rules.js", "assets/kb/rules.css"} <= set(sources)
    for site_path, text in sources.items():
        # served under its fingerprinted name, its imports naming the others' (kb/ssg/fingerprint.py)
        served = (built_site / served_asset(built_site, site_path)).read_text(encoding="utf-8")
        served = re.sub(r"""\.[0-9a-f]{8}(\.(?:js|css|svg))(?=["')])""", r"\1", served)
        small = (rjsmin.jsmin(text, keep_bang_comments=True) if site_path.endswith(".js")
                 else rcssmin.cssmin(text, keep_bang_comments=True))
        assert served == small, f"{site_path}: the site does not serve the assembled source"
    for f in sorted((built_site / "assets" / "kb").rglob("*")):
        if f.suffix in (".js", ".css"):
            text = f.read_text(encoding="utf-8")
            assert "@component" not in text and "@part " not in text, f"{f.relative_to(built_site)} still holds a marker"
    assert not (built_site / "assets" / "kb" / "parts").exists(), "the parts were copied into the site"


def test_every_component_style_and_script_is_used():
    hosts = "".join(f.read_text(encoding="utf-8") for f in sorted(THEME_ASSETS.rglob("*")) if f.suffix in (".js", ".css"))
    for f in sorted(COMPONENTS.glob("*/*")):
        if f.suffix in (".js", ".css"):
            assert f"@component {f.parent.name}" in hosts, f"{f.relative_to(ROOT)} is not included by any theme source"
    parts = sorted((THEME_ASSETS / "parts").rglob("*"))
    for f in parts:
        if f.suffix in (".js", ".css"):
            assert f"@part {f.relative_to(THEME_ASSETS / 'parts').as_posix()}" in hosts, f"{f.relative_to(ROOT)} is not used"
