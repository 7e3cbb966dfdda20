"""The easy-read pages on the built site (issue 15, item 2): where they are, what each idea
shows (icon hidden from screen readers, text, its citation links), the "Kolay okunur"
switch on the pages they summarise and the way back, and their readability by Ateşman's
formula (kb/common/readability.py) on the text of the built page's main content: every
easy-read page reads "çok kolay" or "kolay", easier than every page it summarises, and no
sentence of an idea has more than 15 words. Parsed HTML of the built site, no browser."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from kb.common.readability import EASY_BANDS, html_blocks, measure, sentences, words
from kb.content.easyread import MAX_WORDS

LOCAL = "http://site.invalid/"
EASY = ["kolay-okunur/", "kolay-okunur/destekli-istihdam/", "kolay-okunur/kendi-isini-kurma/"]
SUMMARISED = {"kolay-okunur/destekli-istihdam/": ["adaylar-ve-aileler/", "yonetmelik/"],
              "kolay-okunur/kendi-isini-kurma/": ["rehber/2020-1/kendi-isini-kurma/"]}


def page_html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


class _Ideas(HTMLParser):
    """The ideas of an easy-read page: text, citation hrefs, whether an aria-hidden svg leads it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ideas: list[dict] = []
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.in_text = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        cls = set((a.get("class") or "").split())
        if tag == "li" and "kb-er__idea" in cls:
            self.ideas.append({"text": "", "cites": [], "icon": None})
        elif tag == "svg" and self.ideas and self.ideas[-1]["icon"] is None:
            self.ideas[-1]["icon"] = a.get("aria-hidden") == "true"
        elif tag == "p" and "kb-er__text" in cls:
            self.in_text = True
        elif tag == "a" and "kb-cite" in cls and self.ideas:
            self.ideas[-1]["cites"].append(a.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "p":
            self.in_text = False

    def handle_data(self, data):
        if self.in_text:
            self.ideas[-1]["text"] += data


def ideas_of(site: Path, url: str) -> list[dict]:
    p = _Ideas()
    p.feed(page_html(site, url))
    return p.ideas


def _resolves(site: Path, page_url: str, href: str) -> bool:
    url = urljoin(LOCAL + page_url, href)
    path = unquote(urlsplit(url).path)[len(urlsplit(LOCAL).path):]
    f = site / path / "index.html" if not path.endswith(".html") else site / path
    if not f.is_file():
        return False
    frag = unquote(urlsplit(url).fragment)
    return not frag or f'id="{frag}"' in f.read_text(encoding="utf-8")


def test_the_pages_are_built_in_turkish_and_in_the_navigation(built_site):
    for url in EASY:
        html = page_html(built_site, url)
        assert '<html lang="tr"' in html, url
        assert "assets/kb/easyread." in html, f"{url}: the easy-read stylesheet is not loaded"
    # a section "Kolay okunur" under "Kimin için?", right after "Adaylar ve aileler" (pruned
    # navigation: elsewhere the section shows its first page, on its pages all of them)
    nav = page_html(built_site, "adaylar-ve-aileler/")
    assert 'href="../kolay-okunur/"' in nav
    flat = re.sub(r"\s+", " ", nav)
    i = flat.index("Kimin için?")
    assert i < flat.index("Adaylar ve aileler", i) < flat.index("Kolay okunur", i) < flat.index("İşverenler", i)
    own = page_html(built_site, "kolay-okunur/destekli-istihdam/")
    assert 'href="../"' in own and 'href="../kendi-isini-kurma/"' in own


@pytest.mark.parametrize("url", EASY)
def test_every_idea_has_an_icon_a_text_and_citations_that_resolve(built_site, url):
    ideas = ideas_of(built_site, url)
    assert len(ideas) >= (2 if url == "kolay-okunur/" else 30)
    for idea in ideas:
        assert idea["icon"] is True, f"{url}: an idea without a decorative (aria-hidden) icon: {idea['text']!r}"
        assert idea["text"].strip(), url
        assert idea["cites"], f"{url}: an idea without a citation: {idea['text']!r}"
        for href in idea["cites"]:
            assert "#" in href and _resolves(built_site, url, href), f"{url}: citation {href} does not resolve"
        for s in sentences(idea["text"]):
            assert len(words(s)) <= MAX_WORDS, f"{url}: {len(words(s))} words: {s!r}"


def test_the_icons_are_inlined_never_fetched(built_site):
    for url in EASY:
        html = page_html(built_site, url)
        assert "<svg" in html
        assert not re.search(r'<(?:img|use|image)\b[^>]*(?:src|href)="(?:https?:)?//', html), url
        assert "fonts.googleapis" not in html and "cdn." not in html


def test_amounts_come_from_the_parameters(built_site, kb):
    from kb.content.paramtext import period_text

    html = page_html(built_site, "kolay-okunur/kendi-isini-kurma/")
    for pid in ("kio_kurulus_destegi_ust_sinir", "kio_isletme_gideri_destegi_ust_sinir", "kio_kira_destegi_ust_sinir"):
        assert f'<strong class="kb-er__amount">{period_text(kb, pid, "2020/1")}</strong>' in html, pid
    assert "5 yıl" in page_html(built_site, "kolay-okunur/destekli-istihdam/")


def test_the_switch_on_the_summarised_pages_and_the_way_back(built_site):
    for easy, sources in SUMMARISED.items():
        back = page_html(built_site, easy)
        for src in sources:
            html = page_html(built_site, src)
            links = re.findall(r'<p class="kb-er-switch"><a href="([^"]+)">', html)
            assert len(links) == 1, f"{src}: {len(links)} 'Kolay okunur' links"
            assert urljoin(LOCAL + src, links[0]) == LOCAL + easy, (src, links[0])
            assert "Kolay okunur: " in html
            m = re.search(r'<p class="kb-er-switch kb-er-switch--back">.*?</p>', back)
            assert m and any(urljoin(LOCAL + easy, h) == LOCAL + src for h in re.findall(r'href="([^"]+)"', m.group(0))), \
                f"{easy} has no 'Tam metin' link to {src}"
    # other guide parts have no easy-read page
    assert "kb-er-switch" not in page_html(built_site, "rehber/2020-1/korumali-isyeri/")


def test_the_pages_are_labelled_as_the_sites_own_words(built_site):
    for url in EASY:
        html = page_html(built_site, url)
        boxes = html.count('<div class="kb-explain kb-own kb-er">')
        assert boxes >= 2 if url != "kolay-okunur/" else boxes == 2
        assert html.count('<strong class="kb-own__label">Sitenin açıklaması — hukuki metin değildir</strong>') == boxes
        # every idea stands inside a labelled box
        assert html.count('class="kb-er__idea"') == len(ideas_of(built_site, url))


def readability_report(site: Path) -> list[tuple[str, object]]:
    rows = []
    for easy in EASY:
        rows.append((easy, measure(html_blocks(page_html(site, easy)))))
        for src in SUMMARISED.get(easy, []):
            rows.append(("  " + src, measure(html_blocks(page_html(site, src)))))
    return rows


def test_easy_read_pages_read_easy_and_easier_than_what_they_summarise(built_site, capsys):
    report = readability_report(built_site)
    with capsys.disabled():
        print("\nOkunabilirlik (Ateşman 1997), sayfanın ana içeriği:")
        for url, r in report:
            print(f"  {url}: {r}")
    scores = dict((u.strip(), r) for u, r in report)
    for easy in EASY:
        assert scores[easy].band in EASY_BANDS, f"{easy}: {scores[easy]}"
        for src in SUMMARISED.get(easy, []):
            assert scores[easy].score > scores[src].score + 10, (easy, src)
