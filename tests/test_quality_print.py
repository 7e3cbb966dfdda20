"""Quality gate: every page prints cleanly on A4, without the site's chrome.

Each page of the built site (each folder's index.html, and 404.html) is printed to PDF by
Chromium (print media, the CSS page size) and read back with poppler's pdfinfo and
pdftotext: the paper is A4, no page is blank (Material's full-height layout used to add
an empty last page to every print), a short page prints on exactly one sheet, and no text
of the header, navigation, search or footer appears (the lines of those parts that are
not also in the page's own content).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

A4_POINTS = (595.3, 841.9)
SHORT_PAGE = "404.html"  # a page short enough to fit one sheet

CHROME_TEXT = """() => {
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  const article = norm((document.querySelector('article') || document.body).textContent);
  const parts = document.querySelectorAll('.md-header, .md-tabs, .md-sidebar, .md-search, .md-footer, '
    + '[data-md-component=skip], .md-top, .md-dialog');
  const lines = new Set();
  for (const p of parts) for (const l of p.textContent.split('\\n')) {
    const t = norm(l);
    if (t.length >= 6 && !article.includes(t)) lines.add(t);
  }
  return Array.from(lines);
}"""


def site_pages(site: Path) -> list[str]:
    found = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    pages = ["" if p == "." else p + "/" for p in found]
    if (site / "404.html").exists():
        pages.append("404.html")
    return pages


def poppler(tool: str) -> str:
    exe = shutil.which(tool)
    if not exe:
        pytest.fail(f"{tool} not found: run `make test` (scripts/install-chromium.sh installs poppler-utils)")
    return exe


def read_pdf(pdf: Path) -> tuple[int, tuple[float, float], list[str]]:
    info = subprocess.run([poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
    text = subprocess.run([poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return pages, (w, h), text.split("\f")[:pages]


def test_every_page_prints_on_a4_without_site_chrome(browser, site_url, built_site, tmp_path):
    pages = site_pages(built_site)
    assert len(pages) > 10, f"only {len(pages)} pages in {built_site}"
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    problems: list[str] = []
    counts = {}
    try:
        for path in pages:
            name = "/" + path
            page.goto(site_url + path, wait_until="load")
            chrome = page.evaluate(CHROME_TEXT)
            pdf = tmp_path / "page.pdf"
            page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
            n, (w, h), texts = read_pdf(pdf)
            counts[path] = n
            if abs(w - A4_POINTS[0]) > 2 or abs(h - A4_POINTS[1]) > 2:
                problems.append(f"{name}: prints on {w:.0f} x {h:.0f} pt paper, not A4 portrait")
            blank = [i + 1 for i, t in enumerate(texts) if not t.strip()]
            if blank:
                problems.append(f"{name}: printed page(s) {blank} of {n} are blank")
            flat = re.sub(r"\s+", " ", " ".join(texts))
            leaked = [line for line in chrome if line in flat]
            if leaked:
                problems.append(f"{name}: the print shows site chrome (header, navigation, search or footer): {leaked[:5]}")
    finally:
        ctx.close()
    if SHORT_PAGE in counts and counts[SHORT_PAGE] != 1:
        problems.append(f"/{SHORT_PAGE}: a short page prints on {counts[SHORT_PAGE]} pages, not 1")
    assert not problems, "print problems:\n" + "\n".join(problems)
