"""The search dialog with a keyboard and a screen reader (issue 14, item 10), at 1280 and
390 px, in the built site (theme/assets/kb/search.js, theme/partials/search.html):

- Tab from the top of the page never opens an empty search: on a narrow screen the closed
  (off-screen) search box is no Tab stop and the header's search button is; on a wide one
  the box is, and Tab goes on past it when there is nothing to reach in the dialog.
- The results are reachable with Tab (and Shift+Tab), after the search box, and focus
  stays inside the open dialog (it wraps around), on a visible, ringed result.
- The result count Material shows ("N doküman bulundu") is repeated in a polite status
  region once the results are in.
- Escape closes the search and puts focus back on what opened it (the search button on a
  narrow screen, the search box on a wide one), without opening it again.
"""
from __future__ import annotations

import re

import pytest

ACTIVE = """() => {
  const el = document.activeElement, box = el.getBoundingClientRect();
  const dialog = document.querySelector('[data-md-component="search"]');
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), cls: el.className || "", label: el.getAttribute("aria-label") || "",
    inDialog: dialog.contains(el), open: document.getElementById("__search").checked,
    result: !!el.closest(".md-search-result__list"),
    box: [box.left, box.top, box.width, box.height],
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    onTop: (() => {  // the element is what a sighted user sees at its centre (nothing covers it)
      const x = box.left + box.width / 2, y = box.top + Math.min(box.height / 2, 10);
      const hit = document.elementFromPoint(x, y);
      return !!hit && (hit === el || el.contains(hit));
    })(),
  };
}"""

STATUS = "() => (document.querySelector('[data-kb-search-status]') || {}).textContent || ''"
META = "() => document.querySelector('.md-search-result__meta').textContent.trim()"
SETTLED = """() => {
  const status = document.querySelector('[data-kb-search-status]').textContent;
  const meta = document.querySelector('.md-search-result__meta').textContent.trim();
  return status !== '' && status === meta;
}"""
QUERY = "kuruluş desteği"


@pytest.fixture(params=[1280, 390], ids=["1280px", "390px"])
def width(request):
    return request.param


@pytest.fixture
def page(open_page, width):
    opened = open_page("", width=width, height=800)
    errors: list[str] = []
    opened.page.on("pageerror", lambda e: errors.append(str(e)))
    yield opened.page
    assert not errors, f"script errors: {errors}"


def _active(page) -> dict:
    return page.evaluate(ACTIVE)


def _open_search(page, width: int) -> None:
    """Open the search with the keyboard, as a keyboard user would from the top."""
    for _ in range(3):
        page.keyboard.press("Tab")
    active = _active(page)
    if width < 960:
        assert active["tag"] == "label" and active["label"] == "Ara" and not active["open"], active
        page.keyboard.press("Enter")
    else:  # the focused box itself; Material opens the dialog a moment after focus
        assert active["tag"] == "input" and active["inDialog"], active
    page.wait_for_function("() => document.getElementById('__search').checked")
    active = _active(page)
    assert active["tag"] == "input" and active["inDialog"], active


def _type(page, query: str) -> None:
    page.keyboard.type(query)
    page.keyboard.press("End")  # Material searches on keyup, which Playwright's ş, ğ … lack
    page.wait_for_function(SETTLED, timeout=20000)


def test_tab_from_the_top_never_opens_an_empty_search(page, width):
    seen = []
    for _ in range(8):
        page.keyboard.press("Tab")
        page.wait_for_timeout(50)  # Material opens the search a moment after focus
        active = _active(page)
        seen.append(active)
        if active["open"]:
            # only the focused search box opens it (wide screens), in sight, with its prompt
            assert width >= 960 and active["tag"] == "input" and active["onTop"], active
            assert page.evaluate(META) in ("Arama başlatılıyor", "Aramaya başlamak için yazın"), page.evaluate(META)
    if width < 960:
        assert not any(a["open"] for a in seen), seen
        button = [a for a in seen if a["label"] == "Ara" and a["tag"] == "label"]
        assert button and button[0]["onTop"] and button[0]["ring"], f"the search button is no visible Tab stop: {seen}"
    else:
        # Tab goes on past the box to the page (the search closes)
        index = next(i for i, a in enumerate(seen) if a["tag"] == "input")
        assert not seen[index + 1]["open"] and not seen[index + 1]["inDialog"], seen[index + 1]


def test_results_are_reachable_with_tab_and_focus_stays_in_the_dialog(page, width):
    _open_search(page, width)
    _type(page, QUERY)
    stops = page.evaluate("""() => [...document.querySelectorAll(
        '.md-search-result :not(details) > [href], .md-search-result summary, .md-search-result details[open] [href]')]
        .filter(el => el.getClientRects().length).length""")
    assert stops >= 3, stops
    visited = 0
    while True:  # through every result (Material draws more as they scroll into sight)
        page.keyboard.press("Tab")
        active = _active(page)
        if active["tag"] == "input":
            break  # past the last result: back to the search box
        assert active["open"] and active["inDialog"] and active["result"], active
        assert active["ring"], f"no focus ring on {active}"
        x, y, w, h = active["box"]
        # in sight (a long result may be taller than the screen: some of it shows)
        assert w > 0 and h > 0 and 0 <= x < width and y < 800 and y + h > 0, f"focused result out of sight: {active}"
        visited += 1
        assert visited < 300, "Tab never comes back to the search box"
    assert visited >= stops and active["open"] and active["inDialog"], (visited, active)
    page.keyboard.press("Shift+Tab")  # and back to the last result
    active = _active(page)
    assert active["result"] and active["open"], active
    page.keyboard.press("Shift+Tab")
    assert _active(page)["result"]


def test_the_result_count_is_announced(page, width):
    region = page.locator("[data-kb-search-status]")
    assert region.get_attribute("role") == "status" and region.get_attribute("aria-live") == "polite"
    _open_search(page, width)
    _type(page, QUERY)
    text = page.evaluate(STATUS)
    assert re.fullmatch(r"\d+ doküman bulundu", text), text
    assert text == page.evaluate(META)
    # another query, another count
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function(f"() => ({STATUS})() === ''")  # an empty box: nothing to announce
    _type(page, "zzqxjv")
    assert page.evaluate(STATUS) == "Eşleşen doküman bulunamadı"


def test_escape_closes_and_returns_focus_to_the_trigger(page, width):
    _open_search(page, width)
    _type(page, QUERY)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _active(page)["result"]
    page.keyboard.press("Escape")
    # the closing search slides away for a quarter of a second
    for _ in range(20):
        page.wait_for_timeout(100)
        active = _active(page)
        if active["onTop"]:
            break
    assert not active["open"], f"the search is still open: {active}"
    if width < 960:
        assert active["tag"] == "label" and active["label"] == "Ara", active
    else:
        assert active["tag"] == "input", active
    assert active["onTop"] and active["ring"], active
    assert page.evaluate(STATUS) == ""
    # typing into the box (wide) or pressing Enter on the button (narrow) opens it again
    if width < 960:
        page.keyboard.press("Enter")
    else:
        page.keyboard.type("x")
    page.wait_for_function("() => document.getElementById('__search').checked")
