"""Offline after one visit (theme/assets/kb/sw.js, kb/ssg/offline.py, theme/assets/kb/offline.js).

One online visit of the home page installs the service worker; once it is active (it becomes
active only after its precache is complete) the browser context is cut off from the network
(Playwright's offline mode) and the site keeps working: a checklist, a budget form (its
scripts, the rule set it fetches, its check and its JSON download), a calculator's verdict
and the search. The offline notice shows then, and not online. A second build with a changed
stylesheet, published at the same address, replaces the first: the worker installs the new
version, fetches the new file name and not the unchanged ones, and deletes the old cache.
The site also works from a sub-folder, and a page opened from disk registers nothing.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAVED = "Çevrimdışısınız: bu sayfa daha önce kaydedilmiş kopyadan gösteriliyor."
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
TYPED = "Zeynep Yazılanoğlu"  # a name no file of the site holds
CACHES = "async () => { const out = {}; for (const k of await caches.keys()) out[k] = (await (await caches.open(k)).keys()).map(r => r.url); return out; }"
SEARCH_READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const ready = JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder'];
  return meta && meta.textContent.trim() === ready;
}"""
WATCH_CSP = """() => { window.__kbCsp = [];
  document.addEventListener('securitypolicyviolation', e => window.__kbCsp.push(`${e.violatedDirective} ${e.blockedURI}`)); }"""


def manifest(site: Path) -> dict:
    return json.loads((site / "sw-manifest.json").read_text(encoding="utf-8"))


def serve(folder: Path):
    from kb.commands.serve import make_server

    server = make_server(folder, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def installed(page, site: Path, base: str, timeout: float = 20) -> dict:
    """Wait until the page is controlled by the worker of `site`'s build with its precache complete."""
    page.wait_for_function(CONTROLLED, timeout=timeout * 1000)
    data = manifest(site)
    want = "kb-cevrimdisi-" + data["version"]
    deadline = time.monotonic() + timeout
    while True:
        cached = page.evaluate(CACHES)
        if list(cached) == [want]:
            break
        assert time.monotonic() < deadline, f"caches {list(cached)}, expected only {want}"
        time.sleep(0.1)
    urls = set(cached[want])
    missing = [u for u in data["files"] if base + u.removeprefix("./") not in urls]
    assert not missing, f"not precached: {missing[:10]}"
    return cached


def notice(page) -> str:
    """The offline notice's text ("" when there is none: the status line exists only then)."""
    return page.evaluate("() => { const r = document.querySelector('.kb-offline[role=status]'); "
                         "return r ? r.textContent.trim() : ''; }")


def wait_notice(page, text: str) -> None:
    page.wait_for_function("t => (document.querySelector('.kb-offline[role=status]') || {}).textContent === t", arg=text)


@pytest.fixture
def offline_context(browser):
    contexts = []

    def _new(**kw):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, **kw)
        ctx.add_init_script(script=f"({WATCH_CSP})()")
        contexts.append(ctx)
        return ctx

    yield _new
    for ctx in contexts:
        ctx.close()


def test_the_site_works_offline_after_one_visit(offline_context, built_site, site_url, tmp_path):
    ctx = offline_context()
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url, wait_until="load")
    installed(page, built_site, site_url)
    assert notice(page) == "", "the offline notice shows online"
    # a fingerprinted file is answered from the cache without the network
    ctx.set_offline(True)
    assert not page.evaluate("navigator.onLine")

    # a checklist: the page, its stylesheets and its script
    page.goto(site_url + "kontrol-listeleri/kio-engelli/", wait_until="load")
    assert page.locator("h1").first.inner_text().startswith("Kontrol listesi")
    assert page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet !== null)")
    page.click(".kb-cl-clear")
    assert page.text_content(".kb-cl-status") == "Bütün işaretler kaldırıldı."
    wait_notice(page, SAVED)
    assert page.evaluate("getComputedStyle(document.querySelector('.kb-offline__text')).fontWeight") == "600"
    assert page.evaluate("document.querySelector('.kb-offline').closest('article') !== null")

    # a budget form: its modules, the rules region (a lazily imported module and its rule set), a check, the download
    page.goto(site_url + "formlar/kio-butce-engelli/", wait_until="load")
    page.wait_for_selector("form[data-kbf-hazir]", state="attached")
    page.wait_for_selector("[data-kb-kural-sonuclari][data-kb-kural-durum]", state="attached")
    page.click("[data-kbf-denetle]")  # nothing filled in: the error summary
    page.wait_for_selector("#kbf-hata-ozeti:not([hidden])")
    # a half-filled draft is saved while the errors stand (issue 14), offline too
    page.fill("#f-proje-ad_soyad", TYPED)
    with page.expect_download() as dl:
        page.click("[data-kbf-indir]")
    draft = tmp_path / "taslak.json"
    dl.value.save_as(draft)
    assert json.loads(draft.read_text(encoding="utf-8"))["proje"]["ad_soyad"] == TYPED
    example = ROOT / "tests" / "forms" / "kio-butce-engelli" / "gecerli.json"
    page.set_input_files("#kbf-dosya", str(example))  # a saved file, loaded back and checked
    page.wait_for_function("() => document.querySelector('[data-kbf-durum]').textContent.includes('yüklendi')")
    assert page.is_hidden("#kbf-hata-ozeti")
    with page.expect_download() as dl:
        page.click("[data-kbf-indir]")
    saved = tmp_path / "indirilen.json"
    dl.value.save_as(saved)
    loaded, downloaded = json.loads(example.read_text(encoding="utf-8")), json.loads(saved.read_text(encoding="utf-8"))
    assert {k: v for k, v in downloaded.items() if k in loaded} == loaded  # what was loaded comes back
    wait_notice(page, SAVED)

    # a calculator's verdict
    page.goto(site_url + "butce-hesaplama/korumali-isyeri/", wait_until="load")
    page.wait_for_selector("#kb-rules-form[data-ready]")
    page.fill("#yanit-gerekli_sermaye", "250.000")
    page.fill("#yanit-sermaye_hibe_talebi", "150.000")
    page.fill("#yanit-nakit_katki", "30.000")
    page.locator("#kb-rules-form button[type=submit]").click()
    assert page.get_attribute("#kb-rules-summary", "data-karar") == "karsilanmiyor"

    # the search: Material fetches search/search_index.json; opening the search loads its
    # worker and the Turkish analyzer (kb/ssg/lazy_search.py), all from the cache
    page.goto(site_url + "yonetmelik/", wait_until="load")
    page.keyboard.press("/")
    page.wait_for_function(SEARCH_READY)
    page.keyboard.type("korumalı işyeri")
    page.wait_for_selector(".md-search-result__item", state="visible")
    wait_notice(page, SAVED)
    assert not page.evaluate("() => window.__kbCsp")

    # nothing the user typed is in the cache: only files of the site, never a query string,
    # and no cached response holds what was typed (the name, the amounts) or the draft
    cached = page.evaluate(CACHES)
    urls = [u for v in cached.values() for u in v]
    assert all(u.startswith(site_url) and "?" not in u for u in urls), [u for u in urls if "?" in u][:5]
    assert not [u for u in urls if "Ali" in u or "250" in u]
    holding = page.evaluate("""async (typed) => {
      const out = [];
      for (const k of await caches.keys()) {
        const cache = await caches.open(k);
        for (const req of await cache.keys()) {
          const text = await (await cache.match(req)).text();
          if (typed.some(t => text.includes(t))) out.push(req.url);
        }
      }
      return out;
    }""", [TYPED, "250.000"])  # (150.000 is an amount of the guide, on its pages)
    assert holding == [], holding

    # back online: no notice
    ctx.set_offline(False)
    page.goto(site_url + "formlar/", wait_until="load")
    page.wait_for_function(CONTROLLED)
    page.wait_for_timeout(300)  # the page has asked the worker how it was served
    assert page.evaluate("document.querySelector('.kb-offline') === null"), "the offline notice shows online"
    assert not errors, errors


def test_going_offline_on_an_open_page_shows_the_notice(offline_context, built_site, site_url):
    ctx = offline_context()
    page = ctx.new_page()
    page.goto(site_url + "tutarlar/", wait_until="load")
    page.wait_for_function(CONTROLLED)  # the sentence is the worker's (sw.js NOTICES)
    assert notice(page) == ""
    ctx.set_offline(True)
    page.wait_for_function("() => (document.querySelector('.kb-offline') || {}).textContent?.startsWith('Çevrimdışısınız')")
    ctx.set_offline(False)
    page.wait_for_function("() => document.querySelector('.kb-offline') === null")
    # the notice is never printed
    ctx.set_offline(True)
    page.wait_for_selector(".kb-offline__text")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.kb-offline')).display") == "none"


def _project_copy(tmp: Path) -> Path:
    """A project root like the repository's, its theme a copy whose site.css differs."""
    root = tmp / "proje"
    root.mkdir()
    for entry in ROOT.iterdir():
        if entry.name in ("build", "theme", ".git", ".venv", ".pytest_cache", "tests", "bench") or entry.name.startswith("."):
            continue
        (root / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "theme", root / "theme")
    css = root / "theme" / "assets" / "kb" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nbody { --kb-surum-denemesi: 2; }\n", encoding="utf-8")
    return root


def test_a_new_build_replaces_the_cached_one(offline_context, built_site, tmp_path):
    from kb.commands.build import build

    second = tmp_path / "ikinci"
    build(_project_copy(tmp_path), quiet=True, out=second)
    old, new = manifest(built_site), manifest(second)
    old_css, new_css = old["assets"]["assets/kb/site.css"], new["assets"]["assets/kb/site.css"]
    assert old_css != new_css and old["version"] != new["version"]
    unchanged = old["assets"]["assets/kb/forms.js"]
    assert new["assets"]["assets/kb/forms.js"] == unchanged

    # one address: a link that is switched from the first build to the second
    current = tmp_path / "yayin"
    current.symlink_to(built_site)
    server, base = serve(current)
    try:
        ctx = offline_context()
        page = ctx.new_page()
        page.goto(base + "formlar/", wait_until="load")
        cached = installed(page, built_site, base)
        assert base + old_css in next(iter(cached.values()))
        requested: list[str] = []
        ctx.on("request", lambda r: requested.append(r.url))

        switched = tmp_path / "yayin-yeni"
        switched.symlink_to(second)
        os.replace(switched, current)
        page.reload(wait_until="load")  # the browser finds a new sw.js and installs it
        cached = installed(page, second, base)
        (urls,) = cached.values()
        assert base + new_css in urls and base + old_css not in urls
        fetched = {urlsplit(u).path.lstrip("/") for u in requested}
        assert new_css in fetched, "the new stylesheet was not fetched"
        assert unchanged not in fetched, "an unchanged file was downloaded again instead of copied from the old cache"
        page.reload(wait_until="load")
        assert page.evaluate("getComputedStyle(document.body).getPropertyValue('--kb-surum-denemesi').trim()") == "2"
        # and offline, the new version's copy
        ctx.set_offline(True)
        page.goto(base + "kontrol-listeleri/", wait_until="load")
        assert page.evaluate("getComputedStyle(document.body).getPropertyValue('--kb-surum-denemesi').trim()") == "2"
        wait_notice(page, SAVED)
    finally:
        server.shutdown()
        server.server_close()


def test_the_site_works_offline_from_a_sub_folder(offline_context, built_site, tmp_path):
    (tmp_path / "alt").mkdir()
    (tmp_path / "alt" / "bilgi").symlink_to(built_site)
    server, host = serve(tmp_path)
    base = host + "alt/bilgi/"
    try:
        ctx = offline_context()
        page = ctx.new_page()
        page.goto(base + "kurumlar/", wait_until="load")
        installed(page, built_site, base)
        assert page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)") == base
        ctx.set_offline(True)
        page.goto(base + "formlar/on-basvuru/", wait_until="load")
        page.wait_for_selector("form[data-kbf-hazir]", state="attached")
        wait_notice(page, SAVED)
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_opened_from_disk_registers_nothing(offline_context, built_site):
    ctx = offline_context()
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((built_site / "tutarlar" / "index.html").as_uri(), wait_until="load")
    # offline.js ran and stopped at once (no notice region); registering would have thrown here
    assert page.evaluate("location.protocol") == "file:"
    assert page.evaluate("[...document.scripts].some(s => /offline\\.[0-9a-f]{8}\\.js$/.test(s.src))")
    assert page.evaluate("document.querySelector('.kb-offline') === null")
    # (Material's search looks for search_index.js beside the pages on file://, an error of its own)
    ours = [e for e in errors if "search_index.js" not in e]
    assert not ours, ours
