"""Quality gate: the site works offline.

The browser can reach nothing but the local server (every other request is refused);
once a page has loaded, the network is cut off altogether (Playwright offline mode).
Then the search still finds results, and every form on the site (found by the <form>
inside a page's article) still checks its input and shows its errors.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

def site_pages(site: Path) -> list[str]:
    found = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    pages = ["" if p == "." else p + "/" for p in found]
    if (site / "404.html").exists():
        pages.append("404.html")
    return pages


WATCH_CSP = """() => { window.__kbCsp = [];
  document.addEventListener('securitypolicyviolation', e => window.__kbCsp.push(`${e.violatedDirective} ${e.blockedURI}`)); }"""


def local_only_context(browser, site_url, **kw):
    """A browser context that reaches only the local server and reports CSP violations."""
    own = urlsplit(site_url).netloc
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **kw)
    ctx.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).netloc == own else r.abort())
    ctx.add_init_script(script=f"({WATCH_CSP})()")
    return ctx


def test_search_works_offline(browser, site_url):
    ctx = local_only_context(browser, site_url)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(site_url, wait_until="load")
        ready = page.evaluate("JSON.parse(document.getElementById('__config').textContent)"
                              ".translations['search.result.placeholder']")
        # the search worker has loaded its index once it shows the placeholder
        page.wait_for_function("t => document.querySelector('.md-search-result__meta').textContent.trim() === t", arg=ready)
        ctx.set_offline(True)
        assert not page.evaluate("navigator.onLine"), "the browser is not offline"
        page.keyboard.press("/")
        page.keyboard.type("korumalı işyeri")
        page.wait_for_selector(".md-search-result__item", state="visible")
        titles = page.locator(".md-search-result__item h1").all_inner_texts()
        assert any("korumalı" in t.lower() for t in titles), f"offline search for “korumalı işyeri” found {titles}"
        csp = page.evaluate("() => window.__kbCsp")
        assert not csp, f"CSP violations while searching: {csp}"
    finally:
        ctx.close()
    assert not errors, f"script errors offline: {errors}"


def form_pages(site: Path) -> list[str]:
    from html.parser import HTMLParser

    class _Finder(HTMLParser):
        def __init__(self):
            super().__init__()
            self.article = 0
            self.forms = 0

        def handle_starttag(self, tag, attrs):
            if tag == "article":
                self.article += 1
            elif tag == "form" and self.article:
                self.forms += 1

        def handle_endtag(self, tag):
            if tag == "article":
                self.article -= 1

    out = []
    for path in site_pages(site):
        f = site / path if path.endswith(".html") else site / path / "index.html"
        finder = _Finder()
        finder.feed(f.read_text(encoding="utf-8"))
        if finder.forms:
            out.append(path)
    return out


SHOWN_ERRORS = """() => Array.from(document.querySelectorAll('[role=alert]'))
  .filter(e => !e.closest('[hidden]') && e.checkVisibility() && e.innerText.trim()).map(e => e.innerText.trim())"""


def test_forms_validate_offline(browser, site_url, built_site):
    pages = form_pages(built_site)
    if not pages:
        pytest.skip("the site has no form page yet")
    problems = []
    ctx = local_only_context(browser, site_url)
    try:
        for path in pages:
            page = ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            ctx.set_offline(False)
            # first load: everything the page fetches, its scripts' own imports included
            page.goto(site_url + path, wait_until="networkidle")
            ctx.set_offline(True)
            for i in range(page.locator("article form").count()):
                form = page.locator("article form").nth(i)
                submit = form.locator("button[type=submit], button:not([type]), input[type=submit]").first
                submit.focus()
                page.keyboard.press("Enter")
                try:
                    page.wait_for_function(f"() => ({SHOWN_ERRORS})().length > 0", timeout=5000)
                except Exception:
                    problems.append(f"/{path}: form {i + 1} submitted empty while offline shows no error (role=alert)")
            if errors:
                problems.append(f"/{path}: script errors offline: {errors}")
            for v in page.evaluate("() => window.__kbCsp"):
                problems.append(f"/{path}: CSP violation while checking the form: {v}")
            page.close()
    finally:
        ctx.close()
    assert not problems, "offline problems:\n" + "\n".join(problems)
