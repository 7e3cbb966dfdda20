"""The HTTP headers of the published site, in one place.

Read by kb/ssg/hooks.py (the Content-Security-Policy meta tag of every page),
kb/commands/serve.py (`generator.py serve`) and kb/ssg/hostconfig.py (the host
configurations every build writes: build/site/_headers, build/host/nginx.conf,
build/host/Caddyfile). Change a header here and all of them follow.

Two Content-Security-Policies reach a page, and the browser enforces both (a script
runs only if each allows it):

- the meta tag (hooks.py), written into each page: the site's own files, and only the
  inline scripts of that page, by hash;
- the header (HEADER_POLICY), the same for every response, as a static host sends it:
  the same directives, plus `frame-ancestors 'none'`, which a meta tag cannot carry (no
  other site may frame the forms: clickjacking). Its script-src allows inline scripts
  ('unsafe-inline') and leaves choosing them to the meta tag. The header then does not
  change when an inline script of a page does, so an nginx or Caddy configuration
  installed once never goes stale and never blocks the scripts of a newer build; every
  page carries the meta tag with hashes and no 'unsafe-inline'
  (tests/quality/test_quality_privacy.py), so what runs is still only the hashed scripts.
"""
from __future__ import annotations

import re

# (directive, sources) of both policies; script-src gets the page's hashes in the meta tag
DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'none'"),
)
# what only a header can carry (a meta tag's frame-ancestors is ignored), and the header's
# script-src: inline scripts are chosen by the meta tag's hashes (see above)
HEADER_ONLY: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)
HEADER_SCRIPT_SRC = "'self' 'unsafe-inline'"


def meta_policy(script_hashes: list[str]) -> str:
    """The policy of a page's meta tag: the directives, the page's inline scripts by hash."""
    return "; ".join(f"{name} {' '.join([value, *script_hashes])}" if name == "script-src" else f"{name} {value}"
                     for name, value in DIRECTIVES)


HEADER_POLICY = "; ".join(f"{name} {HEADER_SCRIPT_SRC if name == 'script-src' else value}"
                          for name, value in DIRECTIVES + HEADER_ONLY)

# Features no page of the site uses, turned off for it and for anything it might embed.
# Only names browsers know: Chromium reports an unknown one on the console
# (tests/ssg/test_headers_browser.py); interest-cohort (FLoC) and browsing-topics (its
# successor) opt the pages out of interest tracking.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "browsing-topics", "camera", "display-capture", "geolocation", "gyroscope", "hid",
    "interest-cohort", "magnetometer", "microphone", "midi", "payment", "serial", "usb", "xr-spatial-tracking"))

# every response: what the browser is allowed to do with it
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", HEADER_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    # frame-ancestors for browsers from before CSP level 2
    ("X-Frame-Options", "DENY"),
)

# Caching. A script, stylesheet or image whose name carries a hash of its content
# (Material's bundle.<hex>.min.js, main.<hex>.min.css, workers/search.<hex>.min.js; the
# site's own assets/kb/<name>.<hex>.<ext>, kb/ssg/fingerprint.py) never changes under that
# name: cached for a year, never asked for again. Everything else (pages, JSON — data, the
# search index, sw-manifest.json —, the sitemap, the service worker sw.js, the unhashed
# re-export stubs) may change with any build: the browser keeps it but asks the host first.
FINGERPRINTED = r"\.[0-9a-f]{8,}\.(?:min\.)?(?:js|css|svg)$"
_FINGERPRINTED = re.compile(FINGERPRINTED)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# the Netlify / Cloudflare Pages rules file: in the site's root, never served by those hosts
# (nor by `generator.py serve` and the nginx and Caddy configurations)
HEADERS_FILE = "_headers"


def is_fingerprinted(path: str) -> bool:
    return bool(_FINGERPRINTED.search(path))


def cache_control(path: str) -> str:
    """Cache-Control of a URL path or file path of the site."""
    return IMMUTABLE if is_fingerprinted(path) else REVALIDATE


def headers_for(path: str) -> list[tuple[str, str]]:
    """Every header a response for this URL path carries: the security headers and its Cache-Control."""
    return [*SECURITY_HEADERS, ("Cache-Control", cache_control(path))]
