"""Quality gate for the easy-read pages (kolay-okunur/), with the keyboard alone: Tab walks
every link of the page's content in reading order (the "Tam metin" links, then each idea's
citation links, section by section), each with a visible focus indicator, on screen and not
under the sticky header; the decorative icons never take focus. axe, the Nu checker and
print run on every page of the site (test_quality_pages.py, test_quality_markup.py)."""
from __future__ import annotations

import pytest
from conftest import WIDTHS
from test_quality_a11y import focus_problems, focused, open_tab

PAGES = ["kolay-okunur/", "kolay-okunur/destekli-istihdam/", "kolay-okunur/kendi-isini-kurma/"]

# numbers every link of the article in document order; returns how many are visible
MARK = """() => {
  const links = Array.from(document.querySelectorAll('article a[href]')).filter(a => a.checkVisibility({visibilityProperty: true}));
  links.forEach((a, i) => a.dataset.kbI = i);
  return links.length;
}"""
WHERE = """() => { const el = document.activeElement;
  return {i: el && el.dataset && el.dataset.kbI !== undefined ? +el.dataset.kbI : null,
          inArticle: !!(el && el.closest('article')), svg: !!(el && el.closest('svg'))}; }"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_tab_walks_the_easy_read_page_in_reading_order(browser, site_url, path, width):
    ctx, page, errors = open_tab(browser, site_url, path, width)
    where = f"/{path} at {width} px"
    problems: list[str] = []
    try:
        count = page.evaluate(MARK)
        assert count > 2, f"{where}: only {count} links in the content"
        order: list[int] = []
        entered = False
        for _ in range(count + 80):
            page.keyboard.press("Tab")
            at = page.evaluate(WHERE)
            if at["svg"]:
                problems.append(f"{where}: an icon took focus")
            if at["inArticle"]:
                entered = True
                if at["i"] is not None:
                    order.append(at["i"])
                stop = focused(page)
                if stop:
                    problems += focus_problems(where, stop)
            elif entered:
                break  # past the content: the footer
        assert order == list(range(count)), f"{where}: Tab reached the content's links in the order {order}, not 0…{count - 1}"
    finally:
        ctx.close()
    assert not errors, f"{where}: script errors: {errors}"
    assert not problems, "keyboard/focus problems:\n" + "\n".join(dict.fromkeys(problems))
