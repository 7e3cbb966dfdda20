"""`generator.py serve`: serve build/site on this machine only (127.0.0.1), with the headers a
host sends (kb/ssg/headers.py: security headers and Cache-Control on every response)."""
from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kb.ssg.headers import HEADERS_FILE, headers_for


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
                      ".webmanifest": "application/manifest+json"}

    def _url_path(self) -> str:
        return unquote(urlsplit(getattr(self, "path", "")).path)  # no path on a malformed request

    def send_head(self):
        if self._url_path() == "/" + HEADERS_FILE:  # the hosts' rules file, not part of the site
            self.send_error(404)
            return None
        return super().send_head()

    def end_headers(self):
        # every response (pages, assets, JSON, redirects, errors), as `add_header … always` does
        for name, value in headers_for(self._url_path()):
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # quiet: one line per request is noise for editors
        pass


def make_server(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_Handler, directory=str(site))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve(site: Path, port: int) -> int:
    if not (site / "index.html").exists():
        print("build/site bulunamadı: önce `python generator.py build` çalıştırın.", file=sys.stderr)
        return 2
    try:
        server = make_server(site, port)
    except OSError as exc:
        print(f"{port} numaralı bağlantı noktası kullanılamıyor ({exc.strerror}); --port ile başka bir numara verin.",
              file=sys.stderr)
        return 2
    print(f"Site yayında: http://127.0.0.1:{server.server_address[1]}/  (durdurmak için Ctrl+C)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
