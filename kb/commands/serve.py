"""`generator.py serve`: serve build/site on this machine only (127.0.0.1)."""
from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
                      ".webmanifest": "application/manifest+json"}

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
