"""Material's search worker is loaded on the first search, not with every page (page weight,
issue 16; kb/ssg/lazy_search.py, theme/assets/javascripts/workers/search-lazy.js, the
"search worker" part of theme/assets/kb/search.js).

- every page's __config names the stand-in, and the stand-in names Material's worker of this
  build, beside it; the service worker precaches both (search works offline);
- in Chromium, at 1280 and 390 px: a page loads neither Material's worker nor the lunr files
  until the search is opened with the keyboard; what is typed at once, while the worker is
  still loading, is searched; a search link with ?q= answers without any other action;
- the stand-in itself (run in Node with a worker's globals): it keeps Material's messages until
  the page asks for the worker, then hands them over in their order and steps aside; without
  BroadcastChannel it loads the worker at once.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import material
import pytest

from kb.ssg import lazy_search

SHIPPED_WORKER = next((Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers")
                      .glob("search.*.min.js")).name
CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
REAL = re.compile(r'var REAL="([^"]+)"')
READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const ready = JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder'];
  return meta && meta.textContent.trim() === ready;
}"""
RESULTS = "() => document.querySelectorAll('.md-search-result__item').length > 0"


def _stand_in(built_site: Path) -> Path:
    found = sorted((built_site / "assets" / "javascripts" / "workers").glob("search-lazy.*.js"))
    assert len(found) == 1, found
    return found[0]


def test_every_page_names_the_stand_in_and_it_names_materials_worker(built_site):
    stand_in = _stand_in(built_site)
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        m = CONFIG.search(page.read_text(encoding="utf-8"))
        assert m, f"{page}: no __config"
        url = json.loads(m.group(1))["search"]
        # 404.html names its files from the root (it is served at any depth)
        named = (built_site / url.lstrip("/") if url.startswith("/") else page.parent / url).resolve()
        assert named == stand_in.resolve(), f"{page.relative_to(built_site)} names {named}"
    real = REAL.search(stand_in.read_text(encoding="utf-8"))
    assert real and real.group(1) == SHIPPED_WORKER  # Material's worker of this build, beside it
    assert (stand_in.parent / SHIPPED_WORKER).is_file()
    # the stand-in's name follows its bytes (cached for a year by name)
    assert stand_in.name == Path(lazy_search.stand_in(
        (Path(__file__).parents[2] / lazy_search.SOURCE.replace("assets/", "theme/assets/", 1)).read_text(encoding="utf-8"),
        lazy_search.FOLDER + SHIPPED_WORKER)[0]).name
    listed = json.loads((built_site / "sw-manifest.json").read_text(encoding="utf-8"))["files"]
    for path in (f"assets/javascripts/workers/{stand_in.name}", f"assets/javascripts/workers/{SHIPPED_WORKER}",
                 "assets/javascripts/lunr/min/lunr.tr.min.js"):
        assert path in listed, f"{path} is not precached: the search would not work offline"


def _search_requests(requests: list[str]) -> list[str]:
    return [u for u in requests if f"/workers/{SHIPPED_WORKER}" in u or "/lunr/" in u]


@pytest.mark.parametrize("width", [1280, 390], ids=["1280px", "390px"])
def test_the_worker_loads_when_the_search_opens_and_what_was_typed_is_searched(browser, site_url, width):
    ctx = browser.new_context(viewport={"width": width, "height": 800}, service_workers="block")
    try:
        requests: list[str] = []
        ctx.on("request", lambda r: requests.append(r.url))
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        with page.expect_response(lambda r: r.url.endswith("search/search_index.json")):
            page.goto(site_url + "kontrol-listeleri/kio-engelli/", wait_until="load")
        page.wait_for_timeout(1500)  # what the page loads by itself has been asked for by now
        assert any("/workers/search-lazy." in u for u in requests), "the stand-in was not loaded"
        assert _search_requests(requests) == [], "the search worker loaded before the search was opened"
        assert not page.evaluate(READY), "the search says it is ready without its worker"

        page.keyboard.press("/")  # Material's shortcut: focus the search box, which opens the search
        page.keyboard.type("korumalı işyeri")  # at once: the worker is still loading
        page.keyboard.press("End")  # Material searches on keyup, which Playwright's ı, ş … lack
        page.wait_for_function(RESULTS)
        assert page.input_value(".md-search__input") == "korumalı işyeri"
        loaded = _search_requests(requests)
        assert any(f"/workers/{SHIPPED_WORKER}" in u for u in loaded), loaded
        assert any(u.endswith("/lunr.tr.min.js") for u in loaded), loaded
        assert len(loaded) == len(set(loaded)), f"loaded twice: {loaded}"
        first = page.locator(".md-search-result__item").first.inner_text()
        assert re.search(r"korumal[ıi]", first, re.I), first
        assert not errors, errors
    finally:
        ctx.close()


def test_a_search_link_answers_by_itself(browser, site_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    try:
        page = ctx.new_page()
        page.goto(site_url + "?q=engellilik+oran%C4%B1", wait_until="load")
        page.wait_for_function(RESULTS)
        assert page.evaluate("document.getElementById('__search').checked")
        assert "oran" in page.locator(".md-search-result__item").first.inner_text().lower()
    finally:
        ctx.close()


HARNESS = r"""
const vm = require("vm");
const code = require("fs").readFileSync(process.argv[1], "utf8");
function run(withChannel) {
  const log = [], listeners = [], channels = [];
  const g = {
    location: { protocol: "https:" },
    addEventListener: (type, f) => { if (type === "message") listeners.push(f); },
    dispatchEvent: (ev) => {
      let stopped = false;
      ev.stopImmediatePropagation = () => { stopped = true; };
      for (const f of listeners.slice()) { f(ev); if (stopped) break; }
    },
    MessageEvent: class { constructor(type, init) { this.type = type; this.data = init.data; } },
    importScripts: (url) => {
      log.push("import " + url);
      listeners.push((ev) => log.push("worker: " + ev.data.type));  // Material's worker's handler
    },
    Promise,
  };
  if (withChannel) g.BroadcastChannel = class {
    constructor(name) { this.name = name; this.sent = []; this.closed = false; channels.push(this); }
    postMessage(m) { this.sent.push(m); }
    close() { this.closed = true; }
  };
  vm.createContext(g);
  vm.runInContext(code, g);
  const send = (type) => g.dispatchEvent(new g.MessageEvent("message", { data: { type } }));
  return { log, channels, send };
}
(async () => {
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const out = {};
  const a = run(true);
  a.send("setup");
  await tick();
  out.before = a.log.slice();
  out.channel = a.channels.map((c) => ({ name: c.name, sent: c.sent }));
  a.channels[0].onmessage({ data: "something else" });
  await tick();
  out.ignored = a.log.slice();
  a.channels[0].onmessage({ data: "load" });
  a.channels[0].onmessage({ data: "load" });
  await tick();
  a.send("query");
  out.after = a.log.slice();
  out.closed = a.channels[0].closed;
  const b = run(false);
  out.without = b.log.slice();
  b.send("setup");
  await tick();
  out.withoutAfter = b.log.slice();
  console.log(JSON.stringify(out));
})();
"""


def test_the_stand_in_keeps_the_messages_until_the_page_asks(built_site, tmp_path):
    node = shutil.which("node")
    assert node, "Node.js is needed (README: the machine has it)"
    proc = subprocess.run([node, "-e", HARNESS, str(_stand_in(built_site))], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["channel"] == [{"name": "kb-search", "sent": ["hello"]}]
    assert out["before"] == [] and out["ignored"] == []  # nothing loaded, the setup message kept
    # loaded once, the kept message handed over first, later ones go straight to the worker
    assert out["after"] == [f"import {SHIPPED_WORKER}", "worker: setup", "worker: query"]
    assert out["closed"] is True
    # no BroadcastChannel: the worker loads at once, as Material's would
    assert out["without"] == [f"import {SHIPPED_WORKER}"]
    assert out["withoutAfter"] == [f"import {SHIPPED_WORKER}", "worker: setup"]
