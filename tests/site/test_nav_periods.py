"""The navigation stays the same size as guide periods accumulate (issue: total output grows
no faster than the content).

Material embeds the whole navigation in every page, so a menu with every period makes
the output grow with the square of the page count. The site puts only the newest guide
period in the menu (pruned: only the open section's pages are written out); the older
periods are listed on "Önceki dönemler" and passed to mkdocs as not_in_nav.

Proved without a ×100 build: the real content (one period, the session's site) and the
real content plus one and plus two synthetic periods made by bench/run.py (copies of the
guide with renamed ids, as a municipality would add a period), each built once for this
module (a few seconds each).
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from kb.ssg.mkdocs_build import mkdocs_nav as _nav, not_in_nav as _not_in_nav
from kb.site.render import Page

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("kb_bench_run_nav", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

OLD, NEW, NEWER = "2020-1", "2100-1", "2100-2"  # the real period, two synthetic newer ones
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')


def _build(tmp_path_factory, periods: list[str]) -> Path:
    from kb.commands.build import build

    tmp = tmp_path_factory.mktemp("nav-periods")
    root, meta = bench.make_root(1, tmp, periods)
    assert meta["periods"] == len(periods)
    out = tmp / "site"
    build(root, quiet=True, out=out)  # strict mode: a page left out of the nav without not_in_nav fails it
    return out


@pytest.fixture(scope="module")
def two_periods(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, [NEW])


@pytest.fixture(scope="module")
def three_periods(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, [NEW, NEWER])


def nav_html(site: Path, url: str) -> str:
    """The primary navigation of one page, as bench/run.py measures it."""
    text = (site / url / "index.html").read_text(encoding="utf-8")
    m = bench.NAV_OPEN.search(text)
    assert m, f"{url}: no primary navigation"
    depth = 0
    for t in bench.NAV_TAG.finditer(text, m.start()):
        depth += 1 if t.group() != "</nav>" else -1
        if depth == 0:
            return text[m.start():t.end()]
    raise AssertionError(f"{url}: navigation not closed")


def targets(html: str, url: str) -> set[str]:
    """Site paths the links of `html` (on page `url`) lead to: "rehber/2020-1/"."""
    base = "http://site/" + (url + "/" if url else "")
    return {urlsplit(urljoin(base, h)).path.lstrip("/") for h in HREF.findall(html)}


def article_hrefs(site: Path, url: str) -> list[str]:
    text = (site / url / "index.html").read_text(encoding="utf-8")
    body = text[text.index("<article"):text.index("</article>")]
    return HREF.findall(body)


# ------------------------------------------------------------------ the nav structure
def test_nav_nests_keys_and_merges_a_section_holding_one_subsection():
    pages = [Page("a.md", "A", "t", nav=("X", "Y"), order=1), Page("b.md", "B", "t", nav=("X", "Y"), order=2),
             Page("c.md", "C", "t", nav=("Z",), order=3), Page("d.md", "D", "t", nav=("X", "W"), order=4),
             Page("old/e.md", "E", "t", nav=("X", "V"), order=5, in_nav=False)]
    assert _nav(pages) == [{"X": [{"Y": [{"A": "a.md"}, {"B": "b.md"}]}, {"W": [{"D": "d.md"}]}]},
                           {"Z": [{"C": "c.md"}]}]
    # one subsection alone in its section: one level, "X (Y)"
    assert _nav(pages[:3]) == [{"X (Y)": [{"A": "a.md"}, {"B": "b.md"}]}, {"Z": [{"C": "c.md"}]}]
    assert _not_in_nav(pages) == "/old/e.md"
    assert _not_in_nav(pages[:4]) == ""


# ------------------------------------------------------------------ one period (today)
def test_one_period_has_one_guide_section_and_no_previous_periods_page(built_site):
    nav = nav_html(built_site, "yonetmelik")
    assert "İŞKUR proje destekleri (2020/1 dönemi)" in nav
    assert f"rehber/{OLD}/" in nav
    assert not (built_site / "rehber" / "onceki-donemler").exists()
    assert "onceki-donemler" not in nav


# ------------------------------------------------------------------ two periods
@pytest.mark.parametrize("url", ["yonetmelik", f"rehber/{NEW}", f"rehber/{OLD}", "rehber/onceki-donemler", ""])
def test_only_the_newest_period_is_in_the_menu(two_periods, url):
    nav = nav_html(two_periods, url)
    links = targets(nav, url)
    assert f"rehber/{NEW}/" in links and "2100/1 dönemi" in nav, f"{url}: the newest period is not in the menu"
    assert not [t for t in links if t.startswith(f"rehber/{OLD}/")], f"{url}: an older period is in the menu"
    assert "2020/1 dönemi" not in nav
    assert "rehber/onceki-donemler/" in links, f"{url}: no link to Önceki dönemler"


def test_older_period_is_reachable_from_previous_periods_page(two_periods):
    hrefs = article_hrefs(two_periods, "rehber/onceki-donemler")
    assert f"../{OLD}/" in hrefs  # the older period's overview
    assert f"../{NEW}/" in hrefs  # and the newest, named as the one in the menu
    text = (two_periods / "rehber" / "onceki-donemler" / "index.html").read_text(encoding="utf-8")
    assert "Bu sayfadaki rehberler önceki dönemlere aittir." in text
    assert "Güncel dönem için İŞKUR il müdürlüğüne başvurun." in text
    # the older overview links its own part pages (not the newest period's) and back
    old = article_hrefs(two_periods, f"rehber/{OLD}")
    parts = sorted(p.parent.name for p in (two_periods / "rehber" / OLD).glob("*/index.html"))
    assert parts, "the older period has no part pages"
    for part in parts:
        assert f"{part}/" in old, f"rehber/{OLD}/ does not link its own {part}/"
    assert not any(h.startswith(f"../{NEW}/") and h != f"../{NEW}/" for h in old)
    assert "../onceki-donemler/" in old and f"../{NEW}/" in old
    # the newest period's pages do not carry the "not in the menu" sentence
    assert "sitenin menüsünde yer almaz" not in (two_periods / "rehber" / NEW / "index.html").read_text(encoding="utf-8")


def test_navigation_does_not_grow_with_the_number_of_periods(built_site, two_periods, three_periods):
    def size(site: Path, url: str) -> int:
        return len(nav_html(site, url).encode())

    # two → three periods: a page's navigation is byte for byte the same size (the period
    # labels 2100/1 and 2100/2 have the same length); the older periods add nothing
    for url in ("", "yonetmelik", "tutarlar", "rehber/onceki-donemler"):
        assert size(three_periods, url) == size(two_periods, url), url
    assert size(three_periods, f"rehber/{NEWER}") == size(two_periods, f"rehber/{NEW}")
    # one → two periods: outside the guide the navigation is no larger (the period becomes a
    # pruned subsection); on a page of the newest period at most that level and "Önceki dönemler" more
    assert size(two_periods, "yonetmelik") <= size(built_site, "yonetmelik")
    assert size(two_periods, f"rehber/{NEW}") - size(built_site, f"rehber/{OLD}") < 2048


def test_pages_outside_the_menu_have_no_contents_label_pointing_at_nothing(two_periods):
    # theme/partials/toc.html: the "__toc" checkbox exists only on pages in the navigation
    old = (two_periods / "rehber" / OLD / "index.html").read_text(encoding="utf-8")
    assert 'id="__toc"' not in old and 'for="__toc"' not in old
    assert '<div class="md-nav__title">' in old  # the contents sidebar keeps its title
    new = (two_periods / "rehber" / NEW / "index.html").read_text(encoding="utf-8")
    assert 'id="__toc"' in new and 'for="__toc"' in new


def test_pages_that_speak_of_the_guide_follow_the_newest_period(two_periods):
    """A new period is data: the pages that quote or cite "the guide" take the newest one,
    and the amounts page, which lists every period's values, names them all."""
    amounts = (two_periods / "tutarlar" / "index.html").read_text(encoding="utf-8")
    assert "Rehber tutarları her satırda yazan döneme aittir" in amounts and "2020/1, 2100/1" in amounts
    home = (two_periods / "index.html").read_text(encoding="utf-8")
    intro = home[home.index("<article"):home.index("</article>")]
    assert f"rehber/{NEW}/#" in intro and f"rehber/{OLD}/#" not in intro
    # the quoted guide paragraphs of the organisations' page (the project types table cites
    # content/proje-turleri.yaml, which names its own sources)
    orgs = (two_periods / "kurumlar" / "index.html").read_text(encoding="utf-8")
    quotes = re.findall(r'<blockquote class="kb-quote">.*?</blockquote>', orgs, re.S)
    assert len(quotes) >= 3
    for q in quotes:
        assert f"rehber/{NEW}/" in q and f"rehber/{OLD}/" not in q, q


def test_checklists_take_the_newest_period_only(two_periods):
    """With two periods a checklist is built from the newest guide alone: its conditions,
    documents and warnings cite that period (only the project type's own definition, from
    content/proje-turleri.yaml, may name another), and no id repeats on the page."""
    pages = sorted((two_periods / "kontrol-listeleri").glob("*/index.html"))
    assert len(pages) >= 7
    for page in pages:
        text = page.read_text(encoding="utf-8")
        ids = re.findall(r'\sid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), f"{page}: repeated ids {sorted({i for i in ids if ids.count(i) > 1})}"
        body = text[text.index("<article"):text.index("</article>")]
        old = [m.group() for m in re.finditer(r'<a class="kb-cite" href="[^"]*rehber/' + OLD + r'/[^"]*">[^<]*</a>', body)]
        assert len(old) <= 1, f"{page}: cites the older period: {old}"
