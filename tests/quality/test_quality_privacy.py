"""Quality gate: Content-Security-Policy of every page of the built site (parsed HTML).

(Requests to other hosts, CSP violations in the browser and storage are checked on every
page by test_quality_pages.py, which opens each page once for all browser gates.)

- Every page carries one Content-Security-Policy meta tag, before any script, with
  default-src 'self', scripts only from the site itself and by hash (no 'unsafe-inline',
  no 'unsafe-eval', no other host), the hash of each inline script of the page, and
  form-action 'none' when the page holds a form; no inline event handlers, no
  javascript: links.

Pages are found by walking the built site (each folder's index.html, and 404.html).
"""
from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path
from conftest import site_pages


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
