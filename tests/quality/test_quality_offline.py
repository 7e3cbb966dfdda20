"""Quality gate: the site works offline.

The browser can reach nothing but the local server (every other request is refused);
once a page has loaded, the network is cut off altogether (Playwright offline mode).
Then the search still finds results.

Every form on the site is checked offline too: tests/quality/test_quality_a11y.py submits each
form by keyboard with the network cut off (test_checklists_and_forms_by_keyboard), so
those pages are not loaded twice.
"""
from __future__ import annotations

from urllib.parse import urlsplit


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
        # the search loads its worker when it is opened (kb/ssg/lazy_search.py); the worker has
        # loaded its index once it shows the placeholder. (A page opened offline gets the worker
        # from the service worker's copy: tests/ssg/test_offline.py.)
        page.keyboard.press("/")
        page.wait_for_function("t => document.querySelector('.md-search-result__meta').textContent.trim() === t", arg=ready)
        ctx.set_offline(True)
        assert not page.evaluate("navigator.onLine"), "the browser is not offline"
        page.keyboard.type("korumalı işyeri")
        page.wait_for_selector(".md-search-result__item", state="visible")
        titles = page.locator(".md-search-result__item h1").all_inner_texts()
        assert any("korumalı" in t.lower() for t in titles), f"offline search for “korumalı işyeri” found {titles}"
        csp = page.evaluate("() => window.__kbCsp")
        assert not csp, f"CSP violations while searching: {csp}"
    finally:
        ctx.close()
    assert not errors, f"script errors offline: {errors}"
