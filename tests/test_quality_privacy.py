"""Quality gate: privacy and Content-Security-Policy, on every page of the built site.

- Loading every page (and using the search) makes no request to any host but the site's
  own, recorded from the browser (every request of the context is routed through the
  test, workers' included, and any other host is refused and reported).
- Every page carries one Content-Security-Policy meta tag, before any script, with
  default-src 'self', scripts only from the site itself and by hash (no 'unsafe-inline',
  no 'unsafe-eval', no other host), the hash of each inline script of the page, and
  form-action 'none' when the page holds a form; no inline event handlers, no
  javascript: links.
- The browser reports no CSP violation on any page (console messages and
  `securitypolicyviolation` events) and no script error.
- Nothing is stored in the browser without the user's action: no cookie, localStorage,
  sessionStorage, IndexedDB, Cache Storage or service worker after loading and searching.

Pages are found by walking the built site (each folder's index.html, and 404.html).
"""
from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

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
  if (window.caches) for (const key of await caches.keys()) out.push('Cache Storage: ' + key);
  if (navigator.serviceWorker) for (const r of await navigator.serviceWorker.getRegistrations()) out.push('service worker: ' + r.scope);
  return out;
}"""


def site_pages(site: Path) -> list[str]:
    """URL path of every page of the built site: each folder's index.html, then 404.html."""
    found = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    pages = ["" if p == "." else p + "/" for p in found]
    if (site / "404.html").exists():
        pages.append("404.html")
    return pages


def page_file(site: Path, path: str) -> Path:
    return site / path if path.endswith(".html") else site / path / "index.html"


# ------------------------------------------------------------------ static: the markup

class _Head(HTMLParser):
    """Collects the CSP meta tags (and whether a script came before one), inline scripts,
    forms, inline event handlers and javascript: URLs of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.csp: list[str] = []
        self.script_before_csp = False
        self.scripts_seen = 0
        self.inline: list[str] = []
        self.forms = 0
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self._in_inline = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(a.get("content") or "")
            if self.scripts_seen:
                self.script_before_csp = True
        if tag == "script":
            self.scripts_seen += 1
            executable = (a.get("type") or "text/javascript").lower() in ("text/javascript", "module", "application/javascript")
            if "src" not in a and executable:
                self._in_inline = []
        if tag == "form":
            self.forms += 1
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(f"<{tag} {name}=…>")
            if name.lower() in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.js_urls.append(f"<{tag} {name}=\"{value}\">")

    def handle_data(self, data):
        if self._in_inline is not None:
            self._in_inline.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_inline is not None:
            self.inline.append("".join(self._in_inline))
            self._in_inline = None


def _directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


def csp_problems(name: str, text: str) -> list[str]:
    parser = _Head()
    parser.feed(text)
    where = name
    if len(parser.csp) != 1:
        return [f"{where}: {len(parser.csp)} Content-Security-Policy meta tags (expected exactly one)"]
    out = []
    if parser.script_before_csp:
        out.append(f"{where}: a script comes before the Content-Security-Policy meta tag")
    d = _directives(parser.csp[0])
    if d.get("default-src") != ["'self'"]:
        out.append(f"{where}: CSP default-src is {d.get('default-src')}, expected 'self'")
    script = d.get("script-src", d.get("default-src", []))
    if "'self'" not in script:
        out.append(f"{where}: CSP script-src {script} does not allow the site's own scripts")
    for word in script:
        w = word.lower()
        if w in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "*", "data:", "blob:", "http:", "https:") \
                or not (w == "'self'" or w.startswith("'sha256-") or w.startswith("'sha384-") or w.startswith("'sha512-")):
            out.append(f"{where}: CSP script-src allows {word}")
    for body in parser.inline:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        if f"'sha256-{digest}'" not in script:
            out.append(f"{where}: inline script {body[:60]!r}… has no hash in CSP script-src (it would be blocked)")
    for key in ("object-src",):
        if d.get(key) != ["'none'"]:
            out.append(f"{where}: CSP {key} is {d.get(key)}, expected 'none'")
    if "'unsafe-eval'" in " ".join(" ".join(v) for v in d.values()):
        out.append(f"{where}: CSP allows 'unsafe-eval'")
    if parser.forms and d.get("form-action") != ["'none'"]:
        out.append(f"{where}: the page holds {parser.forms} form(s) but CSP form-action is {d.get('form-action')}, expected 'none'")
    for h in parser.handlers:
        out.append(f"{where}: inline event handler {h} (blocked by the CSP; use a script file)")
    for j in parser.js_urls:
        out.append(f"{where}: javascript: URL {j} (blocked by the CSP)")
    return out


def test_every_page_has_a_strict_csp(built_site):
    pages = site_pages(built_site)
    assert len(pages) > 10, f"only {len(pages)} pages found in {built_site}"
    problems = []
    for path in pages:
        problems += csp_problems("/" + path, page_file(built_site, path).read_text(encoding="utf-8"))
    assert not problems, "Content-Security-Policy problems:\n" + "\n".join(problems)


def test_csp_check_catches_a_weak_policy():
    """The checker itself: a page with a loose policy and an unhashed inline script fails."""
    page = ('<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
            "content=\"default-src *; script-src 'self' 'unsafe-inline'\"><script>alert(1)</script></head>"
            '<body><form></form><a href="javascript:void(0)" onclick="x()">x</a></body></html>')
    found = " ".join(csp_problems("/x/", page))
    for expected in ("default-src", "'unsafe-inline'", "has no hash", "form-action", "onclick", "javascript:"):
        assert expected in found, f"{expected!r} not reported: {found}"


# --------------------------------------------------------------- in the browser

def test_pages_stay_on_the_site_and_keep_the_csp(browser, site_url, built_site):
    own = urlsplit(site_url).netloc
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    foreign: list[str] = []
    current = {"page": ""}

    def route(r):
        url = r.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != own:
            foreign.append(f"/{current['page']}: request to {url} ({r.request.resource_type})")
            r.abort()
        else:
            r.continue_()

    ctx.route("**/*", route)
    ctx.on("request", lambda req: urlsplit(req.url).scheme in ("http", "https") and urlsplit(req.url).netloc != own
           and foreign.append(f"/{current['page']}: request to {req.url}"))
    ctx.add_init_script(script=f"({WATCH_CSP})()")
    problems: list[str] = []
    page = ctx.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    page.on("pageerror", lambda e: console.append(f"script error: {e}"))
    try:
        for path in site_pages(built_site):
            current["page"] = path
            console.clear()
            page.goto(site_url + path, wait_until="load")
            if path == "":
                # use the search once: its worker loads the index and the Turkish analyzer
                page.keyboard.press("/")
                page.keyboard.type("iş koçluğu")
                page.wait_for_selector(".md-search-result__item", state="visible")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
            for v in page.evaluate("() => window.__kbCsp"):
                problems.append(f"/{path}: CSP violation: {v}")
            for m in console:
                if "Content Security Policy" in m or "Refused to" in m or m.startswith("script error"):
                    problems.append(f"/{path}: console: {m}")
            for item in page.evaluate(STORED):
                problems.append(f"/{path}: stored without the user's action: {item}")
    finally:
        ctx.close()
    problems = foreign + problems
    assert not problems, "privacy problems:\n" + "\n".join(dict.fromkeys(problems))


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
