"""The HTTP headers of the site (kb/ssg/headers.py, the one source): what `generator.py serve`
sends, and the host configurations every build writes (build/site/_headers for Netlify and
Cloudflare Pages, <site>-host/nginx.conf and Caddyfile beside the site), each parsed back and
compared with the source, file by file of the built site.

The browser side (framing refused, no inline script blocked) is test_headers_browser.py.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kb.ssg import headers as source
from kb.ssg.hostconfig import MAX_RULES, caddyfile, headers_file, nginx_conf

IMMUTABLE = "public, max-age=31536000, immutable"
# the headers every response must carry, written out here (not read from the source), so a
# weakened source fails
REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def host_folder(site: Path) -> Path:
    return site.with_name(site.name + "-host")


def site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def site_urls(site: Path) -> list[str]:
    """The URL path of every file of the site, and each folder's own address (its index.html)."""
    files = [f for f in site_files(site) if f != source.HEADERS_FILE]
    urls = ["/" + f for f in files]
    urls += ["/" + f[: -len("index.html")] for f in files if f == "index.html" or f.endswith("/index.html")]
    return sorted(urls)


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def directives(policy: str) -> dict[str, list[str]]:
    return {p.split()[0]: p.split()[1:] for p in policy.split(";") if p.split()}


def assert_protected(url: str, got: dict[str, str], cache: str) -> None:
    for name, value in REQUIRED.items():
        assert got.get(name.lower()) == value, f"{url}: {name} is {got.get(name.lower())!r}, expected {value!r}"
    csp = directives(got.get("content-security-policy", ""))
    assert csp.get("frame-ancestors") == ["'none'"], f"{url}: CSP without frame-ancestors 'none': {csp}"
    assert csp.get("default-src") == ["'self'"] and csp.get("object-src") == ["'none'"], f"{url}: {csp}"
    features = dict(f.strip().split("=", 1) for f in got.get("permissions-policy", "").split(","))
    for feature in DENIED_FEATURES:
        assert features.get(feature) == "()", f"{url}: Permissions-Policy does not turn off {feature}: {features}"
    assert got.get("cache-control") == cache, f"{url}: Cache-Control {got.get('cache-control')!r}, expected {cache!r}"
    # and exactly what the source says, header by header
    for name, value in source.headers_for(urllib.parse.urlsplit(url).path):
        assert got.get(name.lower()) == value, f"{url}: {name} differs from kb/ssg/headers.py"


# ------------------------------------------------------------------ generator.py serve

def test_serve_sends_every_header_on_pages_assets_and_json(site_url, built_site):
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(built_site)
    stylesheet = next((built_site / "assets" / "stylesheets").glob("main.*.min.css")).relative_to(built_site)
    fingerprinted = [f for f in site_files(built_site) if source.is_fingerprinted(f)]
    assert bundle.as_posix() in fingerprinted and stylesheet.as_posix() in fingerprinted
    cases = {
        "": "no-cache", "formlar/on-basvuru/": "no-cache", "formlar/on-basvuru/index.html": "no-cache",
        "404.html": "no-cache", "sitemap.xml": "no-cache",
        "data/catalog.json": "no-cache", "search/search_index.json": "no-cache",
        "assets/javascripts/lunr/min/lunr.tr.min.js": "no-cache",  # no hash in its name
        **{f: IMMUTABLE for f in fingerprinted},
    }
    own = [f for f in site_files(built_site) if f.startswith("assets/kb/")]
    assert own, "no asset of the site's own (assets/kb/) found"
    cases.update({f: IMMUTABLE if source.is_fingerprinted(f) else "no-cache" for f in own[:5]})
    for path, cache in cases.items():
        status, got, body = get(site_url + path)
        assert status == 200 and body, f"/{path}: {status}"
        assert_protected("/" + path, got, cache)
    # a redirect and a missing page carry them too (nginx's `always`)
    status, got, _ = get(site_url + "yok-boyle-bir-sayfa/")
    assert status == 404
    assert_protected("/yok-boyle-bir-sayfa/", got, "no-cache")
    import http.client  # (urllib follows a redirect: ask for the 301 itself)

    parts = urllib.parse.urlsplit(site_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path + "formlar")  # a folder without its slash
        r = conn.getresponse()
        r.read()
        assert r.status == 301 and r.getheader("Location", "").endswith("/formlar/"), (r.status, r.getheaders())
        assert_protected("/formlar", {k.lower(): v for k, v in r.getheaders()}, "no-cache")
    finally:
        conn.close()


def test_the_serve_command_sends_them(built_site, tmp_path):
    """`python generator.py serve` itself, as a user starts it (a subprocess, the address read
    from its own output line), on a page, a fingerprinted asset and the catalog."""
    import subprocess
    import sys

    from conftest import ROOT

    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "site").symlink_to(built_site, target_is_directory=True)
    proc = subprocess.Popen([sys.executable, str(ROOT / "generator.py"), "serve", "--no-build", "--port", "0",
                             "--root", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        found = re.search(r"Site yayında: (http://127\.0\.0\.1:\d+/)", line)
        assert found, (line, proc.stderr.read() if proc.poll() is not None else "")
        url = found.group(1)
        bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(built_site).as_posix()
        for path, cache in (("formlar/on-basvuru/", "no-cache"), (bundle, IMMUTABLE), ("data/catalog.json", "no-cache")):
            status, got, body = get(url + path)
            assert status == 200 and body, f"/{path}: {status}"
            assert_protected("/" + path, got, cache)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_does_not_publish_the_hosts_rules_file(site_url, built_site):
    assert (built_site / source.HEADERS_FILE).is_file()
    assert get(site_url + source.HEADERS_FILE)[0] == 404


def test_the_header_policy_is_the_meta_policy_plus_frame_ancestors(built_site):
    """Both policies come from one list of directives; the header's script-src allows inline
    scripts only because every page's meta tag (enforced with it) allows exactly its own, by hash."""
    header = directives(source.HEADER_POLICY)
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page.read_text(encoding="utf-8"))
        assert meta, f"{page}: no CSP meta tag: the header's 'unsafe-inline' would let any inline script run"
        m = directives(meta.group(1))
        assert all(w == "'self'" or w.startswith("'sha256-") for w in m["script-src"]), f"{page}: {m['script-src']}"
        assert {k: v for k, v in m.items() if k != "script-src"} == \
            {k: v for k, v in header.items() if k not in ("script-src", "frame-ancestors")}, page
    assert header["script-src"] == ["'self'", "'unsafe-inline'"] and header["frame-ancestors"] == ["'none'"]


# ------------------------------------------------------------------ the host configurations

def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("/"):
            rules.append((line.strip(), {}))
        else:
            assert line.startswith("  ") and rules, f"not a _headers line: {line!r}"
            name, value = line.strip().split(": ", 1)
            assert name not in rules[-1][1], f"{rules[-1][0]}: {name} twice"
            rules[-1][1][name] = value
    return rules


def cloudflare_headers(rules, url: str) -> dict[str, str]:
    """What Cloudflare Pages sends for url: every matching rule's headers, the values of one
    header in several rules joined with a comma (Netlify lets the last win: same here, as long as no
    header is in two matching rules, which is checked)."""
    out: dict[str, str] = {}
    for pattern, values in rules:
        if re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), url):
            for name, value in values.items():
                out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def test_headers_file_gives_every_file_exactly_the_source_headers(built_site):
    text = (built_site / source.HEADERS_FILE).read_text(encoding="utf-8")
    assert text == headers_file(site_files(built_site)), "_headers is not what the source gives for this site"
    rules = parse_headers_file(text)
    assert 1 < len(rules) <= MAX_RULES, f"{len(rules)} rules (Cloudflare Pages reads {MAX_RULES})"
    assert max(map(len, text.splitlines())) <= 2000, "a line over Cloudflare Pages' 2,000 characters"
    wrong = []
    for url in site_urls(built_site):
        got, want = cloudflare_headers(rules, url), dict(source.headers_for(url))
        if got != want:
            wrong.append(f"{url}: {sorted(set(got.items()) ^ set(want.items()))}")
    assert not wrong, "\n".join(wrong[:20])
    immutable = [u for u in site_urls(built_site) if cloudflare_headers(rules, u)["Cache-Control"] == IMMUTABLE]
    assert any("bundle." in u for u in immutable) and any(u.endswith(".css") for u in immutable), immutable


def test_headers_file_cover_handles_fingerprinted_files_anywhere():
    files = ["index.html", "sw.js", "a/index.html", "a/b.0123abcd.min.js", "a/c/d.json", "e/f.css",
             "assets/kb/forms.89abcdef01.js", "assets/kb/vendor/x.js", "assets/kb/favicon.svg"]
    rules = parse_headers_file(headers_file(files))
    for f in files:
        assert cloudflare_headers(rules, "/" + f) == dict(source.headers_for("/" + f)), f
    assert cloudflare_headers(rules, "/sw.js")["Cache-Control"] == "no-cache"
    assert cloudflare_headers(rules, "/assets/kb/forms.89abcdef01.js")["Cache-Control"] == IMMUTABLE
    assert cloudflare_headers(rules, "/a/")["Cache-Control"] == "no-cache"


def parse_nginx(text: str) -> list[tuple[str, dict[str, str] | None]]:
    """(location match, headers or None for a location that only answers 404)."""
    out = []
    for match, body in re.findall(r"^location (.+?) \{\n(.*?)^\}", text, re.S | re.M):
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        if lines == ["return 404;"]:
            out.append((match, None))
            continue
        found = {}
        for line in lines:
            m = re.fullmatch(r'add_header (\S+) "([^"]*)" always;', line)
            assert m, f"location {match}: not an `add_header … always;` line: {line!r}"
            assert m[1] not in found, f"location {match}: {m[1]} twice"
            found[m[1]] = m[2]
        out.append((match, found))
    return out


def nginx_headers(locations, url: str) -> dict[str, str] | None:
    """nginx's choice: an exact location, else the first matching regular expression, else the prefix."""
    for match, found in locations:
        if match == f"= {url}":
            return found
    for match, found in locations:
        if match.startswith("~ "):
            if re.search(match[2:].strip('"'), url):
                return found
    return next(found for match, found in locations if match == "/")


def test_nginx_conf_is_the_source(built_site):
    text = (host_folder(built_site) / "nginx.conf").read_text(encoding="utf-8")
    assert text == nginx_conf()
    locations = parse_nginx(text)
    assert [m for m, _ in locations] == ["= /_headers", f'~ "{source.FINGERPRINTED}"', "/"]
    assert nginx_headers(locations, "/_headers") is None
    for url in site_urls(built_site) + ["/sw.js", "/assets/kb/forms.0123abcdef.js"]:
        assert nginx_headers(locations, url) == dict(source.headers_for(url)), url


def parse_caddy(text: str) -> tuple[dict[str, tuple[bool, str]], dict[str, str], list[tuple[str, str, str]], list[str]]:
    """(matchers: name -> (negated, regexp), headers for all, [(matcher, name, value)], respond lines)."""
    body = re.search(r"^\(\w+\) \{\n(.*)^\}", text, re.S | re.M)[1]
    matchers, every, matched, responds = {}, {}, [], []
    block = re.search(r"^\theader \{\n(.*?)^\t\}\n", body, re.S | re.M)
    for line in block[1].splitlines():
        m = re.fullmatch(r'\t\t(\S+) "([^"]*)"', line)
        assert m, line
        every[m[1]] = m[2]
    for line in body.replace(block[0], "").splitlines():
        if m := re.fullmatch(r"\t@(\w+) (not )?path_regexp `([^`]*)`", line):
            matchers[m[1]] = (bool(m[2]), m[3])
        elif m := re.fullmatch(r'\theader @(\w+) (\S+) "([^"]*)"', line):
            matched.append((m[1], m[2], m[3]))
        elif line.startswith("\trespond "):
            responds.append(line.strip())
        else:
            raise AssertionError(f"unexpected Caddyfile line: {line!r}")
    return matchers, every, matched, responds


def test_caddyfile_is_the_source(built_site):
    text = (host_folder(built_site) / "Caddyfile").read_text(encoding="utf-8")
    assert text == caddyfile()
    matchers, every, matched, responds = parse_caddy(text)
    assert responds == [f"respond /{source.HEADERS_FILE} 404"]
    assert {negated_re[1] for negated_re in matchers.values()} == {source.FINGERPRINTED}
    for url in site_urls(built_site) + ["/sw.js", "/assets/kb/forms.0123abcdef.js"]:
        got = dict(every)
        for matcher, name, value in matched:
            negated, pattern = matchers[matcher]
            if bool(re.search(pattern, url)) != negated:
                assert name not in got, f"{url}: {name} set twice"
                got[name] = value
        assert got == dict(source.headers_for(url)), url


@pytest.mark.parametrize("render", [nginx_conf, caddyfile])
def test_host_configs_do_not_depend_on_the_build(render):
    """Installed once on a server, they stay right: the same text whatever the site holds."""
    assert render() == render()
    assert "sha256-" not in render()
