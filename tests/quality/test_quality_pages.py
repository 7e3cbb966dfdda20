"""Quality gates on every page of the built site, opened in Chromium: accessibility
(axe-core), privacy (requests, CSP violations, storage) and print.

Pages are found by walking the built site (each folder's index.html, and 404.html), so
new pages are covered without listing them. The pages are opened once, in one browser
with one context per width, and each visit feeds all three gates:

- Accessibility: axe-core (axe-playwright-python) at the WCAG 2.0/2.1/2.2 A and AA tags
  (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa), at 1280 px and 375 px: no violation.
  The two widths run side by side (two renderers, two cores).
- Privacy: no request to any host but the site's own (every request of both contexts is
  routed through the test, workers' included; others are refused and reported); no CSP
  violation (`securitypolicyviolation` events and console messages) and no script error;
  nothing stored (cookies, localStorage, sessionStorage, IndexedDB; Cache Storage and a
  service worker only the site's own: its worker at the site root, its cache holding the
  site's files and no URL with a query string, tests/ssg/test_offline.py). The home page
  also runs a search, so the search worker's own loads count.
- Print: the page printed to PDF by Chromium (print media, CSS page size) and read back
  with poppler's pdfinfo/pdftotext is on A4, has no blank sheet (Material's full-height
  layout used to add one to every print), shows none of the header, navigation, search or
  footer text, and a short page fits one sheet.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from conftest import AXE_OPTIONS, RUN_AXE, WIDTHS, axe_report, site_pages


WATCH_CSP = """() => {
  window.__kbCsp = [];
  document.addEventListener('securitypolicyviolation', e =>
    window.__kbCsp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
}"""
STORED = """async () => {
  const out = [];
  if (document.cookie) out.push('cookie: ' + document.cookie);
  for (const [name, store] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]])
    for (let i = 0; i < store.length; i++) out.push(`${name}: ${store.key(i)}`);
  if (indexedDB.databases) for (const db of await indexedDB.databases()) out.push('IndexedDB: ' + db.name);
  // the service worker's cache (theme/assets/kb/sw.js) holds the site's own files, and may;
  // anything else in it (another host, a URL with a query: what someone typed) is reported
  const root = location.origin + '/';  // the test serves the site at the root
  if (window.caches) for (const key of await caches.keys()) {
    if (!key.startsWith('kb-cevrimdisi-')) { out.push('Cache Storage: ' + key); continue; }
    for (const r of await (await caches.open(key)).keys())
      if (!r.url.startsWith(root) || new URL(r.url).search) out.push(`Cache Storage ${key}: ${r.url}`);
  }
  if (navigator.serviceWorker) for (const r of await navigator.serviceWorker.getRegistrations())
    if (r.scope !== root) out.push('service worker: ' + r.scope);
  return out;
}"""
NEXT_TASK = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"

# the text of the site's chrome that is not also in the page's own content
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
A4_POINTS = (595.3, 841.9)
SHORT_PAGE = "404.html"  # a page short enough to fit one sheet


def poppler(tool: str) -> str:
    exe = shutil.which(tool)
    if not exe:
        pytest.fail(f"{tool} not found: run `make test` (scripts/install-chromium.sh installs poppler-utils)")
    return exe


def read_pdf(pdf: Path) -> tuple[int, tuple[float, float], list[str]]:
    """Pages, page size in points and the text of each page."""
    info = subprocess.run([poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
    text = subprocess.run([poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return pages, (w, h), text.split("\f")[:pages]


@dataclass
class Visit:
    axe: dict = field(default_factory=dict)          # width -> axe result
    privacy: list = field(default_factory=list)      # problems seen in the browser
    pdf_pages: int = 0
    pdf_size: tuple = (0.0, 0.0)
    pdf_texts: list = field(default_factory=list)
    chrome: list = field(default_factory=list)       # chrome text lines that must not print


@pytest.fixture(scope="module")
def visits(browser, site_url, built_site, tmp_path_factory) -> dict[str, Visit]:
    pages = site_pages(built_site)
    assert len(pages) > 10, f"only {len(pages)} pages found in {built_site}"
    own = urlsplit(site_url).netloc
    pdf = tmp_path_factory.mktemp("print") / "page.pdf"
    out = {path: Visit() for path in pages}
    current = {"path": ""}

    def route(r):
        url = r.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != own:
            out[current["path"]].privacy.append(f"request to {url} ({r.request.resource_type})")
            r.abort()
        else:
            r.continue_()

    contexts, tabs, consoles = [], [], []
    for width in WIDTHS:
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        ctx.route("**/*", route)
        ctx.add_init_script(script=f"({WATCH_CSP})()")
        tab = ctx.new_page()
        console: list[str] = []
        tab.on("console", lambda m, c=console: c.append(m.text))
        tab.on("pageerror", lambda e, c=console: c.append(f"script error: {e}"))
        contexts.append(ctx)
        tabs.append(tab)
        consoles.append(console)
    try:
        for path in pages:
            current["path"] = path
            visit = out[path]
            # start axe at both widths, then collect: the two renderers work side by side
            for tab, console in zip(tabs, consoles):
                console.clear()
                tab.goto(site_url + path, wait_until="load")
                tab.evaluate(AXE_SCRIPT)
                tab.evaluate(RUN_AXE, AXE_OPTIONS)
            for width, tab in zip(WIDTHS, tabs):
                visit.axe[width] = tab.evaluate("() => window.__kbAxe")
            desk = tabs[0]
            visit.chrome = desk.evaluate(CHROME_TEXT)
            desk.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
            visit.pdf_pages, visit.pdf_size, visit.pdf_texts = read_pdf(pdf)
            if path == "":
                # use the search once: its worker loads the index and the Turkish analyzer
                desk.keyboard.press("/")
                desk.keyboard.type("iş koçluğu")
                desk.wait_for_selector(".md-search-result__item", state="visible")
            for width, tab, console in zip(WIDTHS, tabs, consoles):
                tab.evaluate(NEXT_TASK)
                at = f" (at {width} px)"
                visit.privacy += [f"CSP violation: {v}{at}" for v in tab.evaluate("() => window.__kbCsp")]
                visit.privacy += [f"console: {m}{at}" for m in console
                                  if "Content Security Policy" in m or "Refused to" in m or m.startswith("script error")]
                visit.privacy += [f"stored without the user's action: {s}{at}" for s in tab.evaluate(STORED)]
    finally:
        for ctx in contexts:
            ctx.close()
    return out


# ---------------------------------------------------------------------- the gates


def test_axe_every_page_desktop_and_phone(visits):
    problems = []
    for path, visit in visits.items():
        for width in WIDTHS:
            problems += axe_report(f"/{path} at {width} px", visit.axe[width])
    assert not problems, "accessibility violations:\n" + "\n".join(problems)


def test_pages_stay_on_the_site_and_keep_the_csp(visits):
    problems = [f"/{path}: {p}" for path, visit in visits.items() for p in visit.privacy]
    assert not problems, "privacy problems:\n" + "\n".join(dict.fromkeys(problems))


def test_every_page_prints_on_a4_without_site_chrome(visits):
    problems = []
    for path, v in visits.items():
        name = "/" + path
        w, h = v.pdf_size
        if abs(w - A4_POINTS[0]) > 2 or abs(h - A4_POINTS[1]) > 2:
            problems.append(f"{name}: prints on {w:.0f} x {h:.0f} pt paper, not A4 portrait")
        blank = [i + 1 for i, t in enumerate(v.pdf_texts) if not t.strip()]
        if blank:
            problems.append(f"{name}: printed page(s) {blank} of {v.pdf_pages} are blank")
        flat = re.sub(r"\s+", " ", " ".join(v.pdf_texts))
        leaked = [line for line in v.chrome if line in flat]
        if leaked:
            problems.append(f"{name}: the print shows site chrome (header, navigation, search or footer): {leaked[:5]}")
    if SHORT_PAGE in visits and visits[SHORT_PAGE].pdf_pages != 1:
        problems.append(f"/{SHORT_PAGE}: a short page prints on {visits[SHORT_PAGE].pdf_pages} pages, not 1")
    assert not problems, "print problems:\n" + "\n".join(problems)


def test_csp_violations_are_seen(browser, site_url):
    """The watcher itself: a script the policy forbids is reported."""
    ctx = browser.new_context()
    ctx.add_init_script(script=f"({WATCH_CSP})()")
    page = ctx.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    try:
        page.goto(site_url, wait_until="load")
        page.evaluate("""() => new Promise(r => { const s = document.createElement('script');
            s.textContent = 'window.__kbInjected = 1'; document.head.appendChild(s); setTimeout(r, 0); })""")
        seen = page.evaluate("() => window.__kbCsp")
        assert not page.evaluate("() => window.__kbInjected"), "an unhashed inline script ran: the CSP is not enforced"
    finally:
        ctx.close()
    assert any("script-src" in v for v in seen), f"no securitypolicyviolation event: {seen}"
    assert any("Content Security Policy" in m for m in console), f"no CSP message on the console: {console}"
