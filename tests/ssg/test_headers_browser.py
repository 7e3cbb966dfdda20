"""The HTTP headers in Chromium (served by `generator.py serve`'s server, kb/ssg/headers.py):

- a page of another origin (a second local server, another port) that frames a form gets no
  form: frame-ancestors 'none' refuses it, while a frame of its own loads (the control);
- the header's Content-Security-Policy, enforced together with each page's meta tag, blocks
  no inline script or style of real pages (home, a form, a calculator, a checklist), and
  Chromium knows every feature of the Permissions-Policy.
"""
from __future__ import annotations

import http.server
import threading
from urllib.parse import urlsplit

import pytest

WATCH_CSP = """() => {
  window.__kbCsp = [];
  document.addEventListener('securitypolicyviolation', e =>
    window.__kbCsp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`));
}"""


@pytest.fixture
def other_site(site_url):
    """Another origin: serves a page framing FORM of the site (and, as a control, a page of its own)."""
    form = site_url + "formlar/on-basvuru/"

    class Framer(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = ("<!doctype html><title>own</title><p id=own>kendi sayfası</p>" if self.path == "/own.html" else
                    f'<!doctype html><title>framer</title><iframe id="form" src="{form}"></iframe>'
                    '<iframe id="own" src="/own.html"></iframe>').encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Framer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", form
    server.shutdown()
    server.server_close()


def test_another_site_cannot_frame_a_form(browser, site_url, other_site):
    framer, form = other_site
    assert urlsplit(framer).netloc != urlsplit(site_url).netloc, "the framing page must be of another origin"
    ctx = browser.new_context()
    page = ctx.new_page()
    console, responses = [], {}
    page.on("console", lambda m: console.append(m.text))
    page.on("response", lambda r: responses.setdefault(r.url, r))
    try:
        page.goto(framer, wait_until="load")
        own = page.query_selector("#own").content_frame()
        own.wait_for_selector("#own")  # frames load in this set-up: the control
        assert own.evaluate("() => document.body.innerText") == "kendi sayfası"
        # the form was asked for and answered (the server is up), with frame-ancestors
        assert form in responses, f"the form was not requested: {sorted(responses)}"
        assert "frame-ancestors 'none'" in (responses[form].headers.get("content-security-policy") or "")
        frame = page.query_selector("#form").content_frame()
        shown = frame.evaluate("() => [location.href, !!document.querySelector('form'), document.title]") if frame else None
        assert frame is None or (not shown[0].startswith(site_url) and not shown[1]), \
            f"the form page was shown inside another site's frame: {shown}"
        for f in page.frames:
            assert not f.url.startswith(site_url), f"a frame holds a page of the site: {f.url}"
        page.wait_for_timeout(100)
        assert any("frame-ancestors" in m for m in console), f"no frame-ancestors refusal on the console: {console}"
    finally:
        ctx.close()


def _pages(built_site) -> list[str]:
    def first(folder: str) -> str:
        found = sorted(p.parent.relative_to(built_site).as_posix() + "/"
                       for p in (built_site / folder).glob("*/index.html"))
        assert found, f"no page under {folder}/"
        return found[0]

    return ["", "formlar/on-basvuru/", first("butce-hesaplama"), first("kontrol-listeleri")]


def test_the_header_policy_blocks_nothing_on_real_pages(browser, site_url, built_site):
    ctx = browser.new_context()
    ctx.add_init_script(script=f"({WATCH_CSP})()")
    page = ctx.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"script error: {e}"))
    problems = []
    try:
        for path in _pages(built_site):
            console.clear()
            response = page.goto(site_url + path, wait_until="load")
            csp = response.headers.get("content-security-policy") or ""
            assert "frame-ancestors 'none'" in csp and "script-src" in csp, f"/{path}: no header policy: {csp!r}"
            assert response.headers.get("permissions-policy"), f"/{path}: no Permissions-Policy"
            # Material's inline script in the head (allowed by its hash in the meta tag and by the
            # header's script-src) ran, and so did the bundle it is followed by
            assert page.evaluate("() => typeof __md_get === 'function' && typeof document$ === 'object'"), \
                f"/{path}: the page's scripts did not run"
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
            problems += [f"/{path}: CSP violation: {v}" for v in page.evaluate("() => window.__kbCsp")]
            problems += [f"/{path}: {m}" for m in console
                         if any(w in m for w in ("Content Security Policy", "Refused to", "Permissions-Policy",
                                                 "script error"))]
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)
