"""Shared fixtures: one built site per test session, a local server, a headless Chromium.

The site is built once into a private temporary folder (never build/site), served on
127.0.0.1, and opened in Debian's Chromium through Playwright. Every page opened
through `open_page` records the requests it made, so tests can prove the site never
talks to another host.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    from kb.build import build

    out = tmp_path_factory.mktemp("site")
    build(ROOT, quiet=True, out=out)
    return out


@pytest.fixture(scope="session")
def site_url(built_site):
    from kb.serve import make_server

    server = make_server(built_site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class OpenedPage:
    def __init__(self, page, requests, console):
        self.page = page
        self.requests = requests
        self.console = console


@pytest.fixture
def open_page(browser, site_url):
    """open_page("yonetmelik/", width=1280) -> OpenedPage (page, requests, console messages)."""
    contexts = []

    def _open(path: str = "", width: int = 1280, height: int = 900, **context_args) -> OpenedPage:
        ctx = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True, **context_args)
        contexts.append(ctx)
        page = ctx.new_page()
        requests, console = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        page.goto(site_url + path, wait_until="load")
        return OpenedPage(page, requests, console)

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the project's content/, schemas/, forms/ for tests that break files on purpose."""
    for name in ("content", "schemas", "forms", "rules"):
        src = ROOT / name
        if src.exists():
            shutil.copytree(src, tmp_path / name)
    return tmp_path
