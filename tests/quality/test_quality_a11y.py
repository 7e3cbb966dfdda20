"""Quality gate: the keyboard alone, in Chromium (WCAG 2.1.1, 2.4.3, 2.4.7, 2.4.11).

Tab, Shift+Tab, Space and Enter (and typing) complete a search at desktop (1280 px) and
phone (375 px) widths, open and use the navigation drawer on a phone, tick every
checklist and select every choice, and submit every form, whose error summary then leads
to the field. Every element that takes focus shows a focus indicator (computed outline or
box-shadow, of the element or — for a visually hidden input — of its label), lies on
screen and is not hidden under the sticky header; nothing invisible takes focus. axe-core
also checks the states only the keyboard reaches (search results open, drawer open).
Forms are submitted with the network cut off (after the page has loaded): they must still
check their input offline. No CSP violation and no script error happens on the way.

Checklist and form pages are found by what they hold (a checkbox or a <form> inside the
page's article), not by name. axe on every page at rest: test_quality_pages.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from conftest import AXE_OPTIONS, RUN_AXE, WIDTHS, axe_report, site_pages

SEARCH_QUERY = "korumalı işyeri"


def page_name(path: str) -> str:
    return "/" + path


# ------------------------------------------------------------- axe in keyboard-only states


def run_axe(page) -> dict:
    page.evaluate(AXE_SCRIPT)
    page.evaluate(RUN_AXE, AXE_OPTIONS)
    return page.evaluate("() => window.__kbAxe")


# ----------------------------------------------------------------------------- keyboard

# Describes the focused element once transitions have ended: where it is, whether it
# shows a focus indicator (its own outline/box-shadow, or — for a visually hidden input —
# its label's or the label's ::before/::after), and whether the sticky header hides it.
# Installed in every page the keyboard tests open (add_init_script):
# - __kbSeen(el): is the element (or, for a visually hidden input, its label) on screen
#   and not under another element (the sticky header, a panel)?
# - it is also asked in the first frame after each focus, when the browser has scrolled
#   the element into view: a page that moves it away later (content revealed above it
#   a moment after a change) does not count against where the focus landed.
# - securitypolicyviolation events are collected in __kbCsp.
PAGE_HELPERS = r"""() => {
  window.__kbCsp = [];
  document.addEventListener('securitypolicyviolation', e => window.__kbCsp.push(`${e.violatedDirective} ${e.blockedURI}`));
  window.__kbSeen = el => {
    const labels = Array.from(el.labels || []);
    const shown = [el, ...labels].filter(e => e.isConnected && e.checkVisibility({visibilityProperty: true}));
    const rects = shown.map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
    const onScreen = rects.some(r => r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight);
    const mine = n => n && [el, ...labels].some(e => e === n || e.contains(n) || (n.control && n.control === el));
    const notHidden = rects.some(r => {
      const xs = [r.left + 2, (r.left + r.right) / 2, r.right - 2], ys = [r.top + 2, (r.top + r.bottom) / 2, r.bottom - 2];
      return xs.some(x => ys.some(y => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight && mine(document.elementFromPoint(x, y))));
    });
    return {onScreen, notHidden};
  };
  window.__kbLanded = null;
  document.addEventListener('focusin', e => {
    const el = e.target;
    requestAnimationFrame(() => { window.__kbLanded = {el, seen: window.__kbSeen(el)}; });
  }, true);
}"""

# Describes the focused element: whether it shows a focus indicator (its own outline or
# box-shadow, or — for a visually hidden input — its label's or the label's
# ::before/::after) and whether it is in sight (__kbSeen: now, or in the first frame after
# it took focus; with `settle`, after the page's transitions have ended).
FOCUSED = r"""async (settle) => {
  // settle: the theme reacts to focus a task later (opening search, sliding panels), so
  // wait frame by frame until two frames pass with no CSS transition running
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  for (let quiet = 0, n = 0; settle && quiet < 2 && n < 200; n++) {
    await frame();
    const running = document.getAnimations().filter(a => a instanceof CSSTransition && a.playState === 'running');
    if (running.length) { quiet = 0; await Promise.all(running.map(a => a.finished.catch(() => null))); } else quiet++;
  }
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const ring = (e, pseudo) => {
    const s = getComputedStyle(e, pseudo);
    const transparent = c => /^rgba\(.*,\s*0\)$/.test(c) || c === 'transparent';
    const outline = s.outlineStyle !== 'none' && s.outlineStyle !== 'hidden'
      && (s.outlineStyle === 'auto' || parseFloat(s.outlineWidth) >= 1) && !transparent(s.outlineColor);
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    return outline || shadow;
  };
  let opacity = 1;
  for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
  let indicator = opacity > 0 && ring(el, null);
  const labels = Array.from(el.labels || []);
  for (const l of labels) indicator = indicator || ring(l, null) || ring(l, '::before') || ring(l, '::after');
  let {onScreen, notHidden} = window.__kbSeen(el);
  if (!(onScreen && notHidden) && settle) {
    if (!window.__kbLanded || window.__kbLanded.el !== el) await frame();
    const landed = window.__kbLanded && window.__kbLanded.el === el ? window.__kbLanded.seen : {};
    if (landed.onScreen && landed.notHidden) ({onScreen, notHidden} = landed);
  }
  const text = (el.getAttribute('aria-label') || (labels[0] && labels[0].innerText) || el.innerText || el.title || el.value || '').trim().replace(/\s+/g, ' ');
  return {
    desc: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + (text ? ' "' + text.slice(0, 40) + '"' : '')
      + (!el.id && el.parentElement && el.parentElement.closest('[id]') ? ' in #' + el.parentElement.closest('[id]').id : ''),
    key: el.type === 'radio' ? 'radio:' + el.name : (el.id ? '#' + el.id : el.tagName + ':' + (el.name || el.innerText)),
    tag: el.tagName.toLowerCase(), type: (el.type || '').toLowerCase(), name: el.name || '', checked: !!el.checked,
    inArticle: !!el.closest('article'), indicator, onScreen, notHidden,
  };
}"""


NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"


def focus_problems(where: str, stop: dict) -> list[str]:
    out = []
    if not stop["indicator"]:
        out.append(f"{where}: {stop['desc']} takes focus without a visible focus indicator (outline/box-shadow)")
    if not stop["onScreen"]:
        out.append(f"{where}: {stop['desc']} takes focus while off screen or invisible")
    elif not stop["notHidden"]:
        out.append(f"{where}: {stop['desc']} takes focus under another element (e.g. the sticky header)")
    return out


def focused(page) -> dict | None:
    """The focused element (see FOCUSED). Looked at at once; only if it seems to lack its
    indicator or to be out of sight, again once the page's transitions have ended."""
    stop = page.evaluate(FOCUSED, False)
    if stop and not (stop["indicator"] and stop["onScreen"] and stop["notHidden"]):
        stop = page.evaluate(FOCUSED, True)
    return stop


def press(page, key: str) -> dict | None:
    page.keyboard.press(key)
    return focused(page)


def open_tab(browser, site_url, path: str, width: int):
    """A page in a context of its own, with PAGE_HELPERS, watching for script errors."""
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    ctx.add_init_script(script=f"({PAGE_HELPERS})()")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + path, wait_until="load")
    return ctx, page, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_search_by_keyboard(browser, site_url, width):
    ctx, page, errors = open_tab(browser, site_url, "", width)
    where = f"/ at {width} px"
    narrow = width < 960  # below 60em the header shows a search button, not the box
    problems: list[str] = []
    try:
        stops = []
        for _ in range(8):
            stop = press(page, "Tab")
            assert stop, f"{where}: Tab left the page before reaching the search box"
            stops.append(stop)
            problems += focus_problems(where, stop)
            if "md-search__input" in stop["desc"] or (narrow and stop["desc"].startswith("label.md-header__button")
                                                      and '"Ara"' in stop["desc"]):
                break
        else:
            pytest.fail(f"{where}: the search {'button' if narrow else 'box'} is not among the first 8 Tab stops: "
                        f"{[s['desc'] for s in stops]}")
        # Shift+Tab goes back, Tab returns to the search box (or, on a phone, the header's search button)
        back = press(page, "Shift+Tab")
        assert back and back["desc"] == stops[-2]["desc"], f"{where}: Shift+Tab from the search went to {back}, not {stops[-2]['desc']}"
        problems += focus_problems(where, back)
        again = press(page, "Tab")
        assert again and again["desc"] == stops[-1]["desc"], f"{where}: Tab did not return to the search: {again}"
        if narrow:
            # the closed search box is off screen, no Tab stop; Enter on the button opens it with focus in the box
            assert not any("md-search__input" in s["desc"] for s in stops), f"{where}: the hidden search box took focus"
            page.keyboard.press("Enter")
            page.wait_for_function("document.activeElement && document.activeElement.matches('.md-search__input')")

        page.keyboard.type(SEARCH_QUERY)
        page.wait_for_selector(".md-search-result__item", state="visible")
        assert page.evaluate("document.getElementById('__search').checked"), f"{where}: the search dialog is not open"
        result = run_axe(page)
        problems += axe_report(f"{where} with search results open", result)

        with page.expect_navigation(wait_until="load"):
            page.keyboard.press("Enter")
        landed = page.url
        assert landed.startswith(site_url) and landed != site_url, f"{where}: Enter in the search box did not open a result ({landed})"
        body = page.evaluate("document.querySelector('article').innerText").lower()
        assert "korumalı" in body, f"{where}: Enter opened {landed}, which does not mention “korumalı”"
    finally:
        ctx.close()
    assert not errors, f"{where}: script errors: {errors}"
    assert not problems, "keyboard/focus problems:\n" + "\n".join(problems)


def test_phone_navigation_by_keyboard(browser, site_url):
    """On a phone the navigation is a drawer of sliding panels: the menu button opens it,
    the page's contents panel opens and closes, the panel titles go back a level, every
    link is reachable, and nothing hidden (the closed drawer, the panels out of view)
    takes focus."""
    ctx, page, errors = open_tab(browser, site_url, "yonetmelik/", 375)
    where = "/yonetmelik/ at 375 px"
    problems: list[str] = []

    def move_to(what: str, test, key: str = "Tab", limit: int = 40, state: str = "") -> dict:
        for _ in range(limit):
            stop = press(page, key)
            assert stop, f"{where}: {key} left the page before reaching {what}"
            problems.extend(focus_problems(f"{where}{state}", stop))
            if test(stop):
                return stop
        pytest.fail(f"{where}: {what} is not among the next {limit} {key} stops")

    def toggled(toggle: str, on: bool) -> None:
        page.wait_for_function("([id, on]) => document.getElementById(id).checked === on", arg=[toggle, on])
        page.evaluate(FOCUSED, True)  # let the panels slide

    def open_drawer() -> None:
        page.goto(site_url + "yonetmelik/", wait_until="load")
        move_to("the menu button", lambda s: s["desc"].startswith("label.md-header__button") and "Menü" in s["desc"])
        page.keyboard.press("Enter")
        toggled("__drawer", True)

    try:
        # drawer closed: walking the page never lands in it
        for _ in range(40):
            stop = press(page, "Tab")
            if stop is None:
                break
            problems += focus_problems(where + " (drawer closed)", stop)
            if "md-nav__" in stop["desc"]:
                problems.append(f"{where}: {stop['desc']} in the closed navigation drawer takes focus")
                break
        open_drawer()
        problems += axe_report(f"{where} with the navigation drawer open", run_axe(page))
        # it opens on this page's section; the page's entry opens its contents panel ...
        move_to("the page's contents button", lambda s: s["desc"].startswith("label.md-nav__link"), state=" (drawer open)")
        page.keyboard.press("Enter")
        toggled("__toc", True)
        move_to("a link of the contents panel", lambda s: s["desc"].startswith("a.md-nav__link") and "Madde" in s["desc"],
                state=" (contents panel)")
        # ... whose title closes it again
        move_to("the contents panel's title", lambda s: s["desc"].startswith("label.md-nav__title"), key="Shift+Tab",
                state=" (contents panel)")
        page.keyboard.press("Enter")
        toggled("__toc", False)
        # the section panel's title goes back to the top level, where every link is
        open_drawer()
        move_to("the title of the drawer's section panel", lambda s: s["desc"].startswith("label.md-nav__title"),
                state=" (drawer open)")
        page.keyboard.press("Enter")
        page.evaluate(FOCUSED, True)
        move_to("the “Tutarlar ve oranlar” link", lambda s: s["desc"].startswith("a.md-nav__link") and "Tutarlar" in s["desc"],
                state=" (drawer open, top level)")
        with page.expect_navigation(wait_until="load"):
            page.keyboard.press("Enter")
        assert page.url.endswith("/tutarlar/"), f"{where}: Enter on the drawer link opened {page.url}"
    finally:
        ctx.close()
    assert not errors, f"{where}: script errors: {errors}"
    assert not problems, "keyboard/focus problems:\n" + "\n".join(problems)


# ------------------------------------------------------------- checklists and forms

INTERACTIVE_PAGES = """() => ({
  checkboxes: document.querySelectorAll('article input[type=checkbox]').length,
  forms: document.querySelectorAll('article form').length,
})"""

CONTROLS = """() => Array.from(document.querySelectorAll(
    'article input:not([type=hidden]), article select, article textarea, article button'))
  .filter(e => !e.disabled && e.tabIndex >= 0 && e.checkVisibility({visibilityProperty: true})
               || (e.type === 'checkbox' || e.type === 'radio') && !e.disabled && e.tabIndex >= 0
                  && Array.from(e.labels || []).some(l => l.checkVisibility({visibilityProperty: true})))
  .map(e => ({key: e.type === 'radio' ? 'radio:' + e.name : (e.id ? '#' + e.id : e.tagName + ':' + (e.name || e.innerText)),
              desc: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.name || e.innerText || '').trim().slice(0, 40)}))"""

def interactive_pages(built_site: Path) -> list[str]:
    """Pages whose article holds a checkbox or a form (checklists, forms), from the HTML."""
    from html.parser import HTMLParser

    class _Finder(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth = 0
            self.hit = False

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "article":
                self.depth += 1
            elif self.depth and (tag == "form" or (tag == "input" and a.get("type") == "checkbox")):
                self.hit = True

        def handle_endtag(self, tag):
            if tag == "article":
                self.depth -= 1

    pages = []
    for path in site_pages(built_site):
        f = built_site / (path + "index.html" if not path.endswith(".html") else path)
        finder = _Finder()
        finder.feed(f.read_text(encoding="utf-8"))
        if finder.hit:
            pages.append(path)
    return pages


def _skip_to_content(page, where: str, problems: list[str]) -> None:
    """Tab to the skip link and follow it with Enter: the next Tab lands in the content."""
    stop = press(page, "Tab")
    if not stop or "md-skip" not in stop["desc"]:
        problems.append(f"{where}: the first Tab stop is not the skip link but {stop and stop['desc']}")
        return
    problems += focus_problems(where, stop)
    page.keyboard.press("Enter")


def _walk_controls(page, where: str, problems: list[str]) -> list[dict]:
    """From the skip link, Tab through the page's article once; tick each checkbox and
    select each radio with Space on the way. Returns the stops in the article; focus is
    left on the first stop after it."""
    reached: list[dict] = []
    _skip_to_content(page, where, problems)
    entered = False
    for _ in range(3000):
        stop = press(page, "Tab")
        if stop is None:
            break  # focus went back to the document: the walk is over
        if not stop["inArticle"]:
            if entered:
                break  # past the article: the rest is the footer
            problems += focus_problems(where, stop)
            continue
        entered = True
        problems += focus_problems(where, stop)
        reached.append(stop)
        if stop["type"] in ("checkbox", "radio"):
            before = stop["checked"]
            page.keyboard.press("Space")
            # let the page react (a choice may show or hide other questions) before moving on
            page.evaluate(NEXT_FRAME)
            after = page.evaluate("() => document.activeElement.checked")
            if stop["type"] == "checkbox" and after == before:
                problems.append(f"{where}: Space does not tick {stop['desc']}")
            if stop["type"] == "radio" and not after:
                problems.append(f"{where}: Space does not select {stop['desc']}")
    return reached


def _check_interactive_pages(browser, site_url, pages: list[str]) -> list[str]:
    problems: list[str] = []
    for path in pages:
        where = f"{page_name(path)} at 1280 px"
        ctx, page, errors = open_tab(browser, site_url, path, 1280)
        try:
            controls = page.evaluate(CONTROLS)
            stops = _walk_controls(page, where, problems)
            reached = {s["key"] for s in stops}
            for c in controls:
                if c["key"] not in reached:
                    problems.append(f"{where}: {c['desc']} cannot be reached with Tab")
            # Shift+Tab walks back over the same stops
            expected = [s["desc"] for s in stops[-1:-6:-1]]
            backward = [press(page, "Shift+Tab") for _ in expected]
            if [s and s["desc"] for s in backward] != expected:
                problems.append(f"{where}: Shift+Tab does not retrace Tab: expected {expected}, "
                                f"got {[s and s['desc'] for s in backward]}")
            problems += [f"{where}: CSP violation: {v}" for v in page.evaluate("() => window.__kbCsp")]
            for form_index in range(page.evaluate(INTERACTIVE_PAGES)["forms"]):
                problems += _submit_form_by_keyboard(page, where, form_index)
        finally:
            ctx.close()
        if errors:
            problems.append(f"{where}: script errors: {errors}")
    return problems


def _in_own_browser(site_url, pages: list[str]) -> list[str]:
    """_check_interactive_pages in a browser of this thread's own (Playwright objects
    belong to the thread that made them)."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return _check_interactive_pages(browser, site_url, pages)
        finally:
            browser.close()


def test_checklists_and_forms_by_keyboard(browser, site_url, built_site):
    pages = interactive_pages(built_site)
    if not pages:
        pytest.skip("the site has no checklist or form page yet")
    # two walkers side by side, one per core: a walk is a ping-pong between the test
    # and one renderer, which leaves the other core idle
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        other = pool.submit(_in_own_browser, site_url, pages[1::2])
        problems = _check_interactive_pages(browser, site_url, pages[0::2])
        problems += other.result()
    assert not problems, "keyboard/focus problems on checklists and forms:\n" + "\n".join(problems)


def _submit_form_by_keyboard(page, where: str, form_index: int) -> list[str]:
    """With the network cut off after the page has loaded, Tab to the form's submit button
    and press Enter: the form is checked in the browser and its error summary appears
    (role=alert; the form is left empty); nothing leaves the page; Enter on the summary's
    first link moves focus to the field."""
    problems: list[str] = []
    where = f"{where}, network cut off"
    # a fresh load (not a reload, which restores the scroll position and focus start);
    # networkidle: everything the page loads, its scripts' own imports included
    page.goto(page.url.split("#", 1)[0], wait_until="networkidle")
    page.context.set_offline(True)
    try:
        has_submit = page.evaluate("""i => !!document.querySelectorAll('article form')[i]
            .querySelector('button[type=submit], button:not([type]), input[type=submit]')""", form_index)
        if not has_submit:
            return [f"{where}: form {form_index + 1} has no submit button"]
        _skip_to_content(page, where, problems)
        for _ in range(2000):
            page.keyboard.press("Tab")
            at = page.evaluate("""i => { const e = document.activeElement;
                if (!e || e === document.body) return 'out';
                return e.form === document.querySelectorAll('article form')[i] && e.type === 'submit' ? 'submit' : ''; }""",
                               form_index)
            if at == "out":
                return problems + [f"{where}: the submit button of form {form_index + 1} is not reachable by Tab"]
            if at == "submit":
                break
        url = page.url
        page.keyboard.press("Enter")
        try:
            page.wait_for_function("""() => Array.from(document.querySelectorAll('[role=alert]'))
                .some(e => !e.closest('[hidden]') && e.checkVisibility() && e.innerText.trim().length > 0)""", timeout=10_000)
        except Exception:
            return problems + [f"{where}: Enter on the submit button of form {form_index + 1} (left empty) "
                               "shows no error summary (role=alert)"]
        if page.url != url:
            problems.append(f"{where}: submitting form {form_index + 1} left the page ({page.url})")
        summary_link = page.evaluate("""() => { const s = Array.from(document.querySelectorAll('[role=alert]'))
            .find(e => e.checkVisibility() && e.querySelector('a[href^="#"]'));
            return s ? s.querySelector('a[href^="#"]').getAttribute('href') : null; }""")
        if summary_link:
            for _ in range(400):
                stop = press(page, "Tab")
                if stop is None:
                    problems.append(f"{where}: the error summary's link {summary_link} is not reachable by Tab")
                    break
                if page.evaluate("() => document.activeElement.getAttribute('href')") == summary_link:
                    problems += focus_problems(where, stop)
                    page.keyboard.press("Enter")
                    target = focused(page)
                    if not target or target["tag"] not in ("input", "select", "textarea", "fieldset", "div"):
                        problems.append(f"{where}: Enter on the error summary link {summary_link} did not move focus "
                                        f"to the field ({target})")
                    else:
                        problems += focus_problems(where, target)
                    break
        problems += [f"{where}: CSP violation: {v}" for v in page.evaluate("() => window.__kbCsp")]
    finally:
        page.context.set_offline(False)
    return problems
