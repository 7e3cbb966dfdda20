"""The site's own words on the built pages (issue 15, item 1): every box of what the site
says itself (components/own-words: kb-explain, kb-summary, kb-own) carries at least one
citation link (a.kb-cite), every such link reaches an existing page and anchor, every label
of the site's words stands inside such a box, and every entry of content/aciklamalar.yaml is
shown, inside one, on some page. Parsed HTML of every page of the built site, no browser."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

BLOCK_CLASSES = {"kb-explain", "kb-summary", "kb-own"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LOCAL = "http://site.invalid/"


class _OwnWords(HTMLParser):
    """The own-words boxes of one page: their citation links, ids and labels; the ids of the
    page's elements; labels found outside any box."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict | None]] = []
        self.open: list[dict] = []
        self.blocks: list[dict] = []
        self.ids: set[str] = set()
        self.bare_labels: list[int] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag in VOID:
            return
        cls = set((a.get("class") or "").split())
        if tag == "a" and "kb-cite" in cls:
            for b in self.open:
                b["links"].append(a.get("href") or "")
        if cls & {"kb-own__label", "kb-label-explain"}:
            if self.open:
                for b in self.open:
                    b["labelled"] = True
            else:
                self.bare_labels.append(self.getpos()[0])
        block = None
        if cls & BLOCK_CLASSES:
            block = {"line": self.getpos()[0], "links": [], "text": [], "own_id": a.get("data-kb-own"),
                     "labelled": "kb-summary" in cls or any("kb-summary" in b["cls"] for b in self.open), "cls": cls}
            self.open.append(block)
        self.stack.append((tag, block))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            t, block = self.stack.pop()
            if block is not None:
                self.open.remove(block)
                self.blocks.append(block)
            if t == tag:
                break

    def handle_data(self, data):
        for b in self.open:
            b["text"].append(data)


def _parse(f: Path) -> _OwnWords:
    p = _OwnWords()
    p.feed(f.read_text(encoding="utf-8"))
    return p


def _page_url(site: Path, f: Path) -> str:
    rel = f.relative_to(site).as_posix()
    return LOCAL + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def _target(site: Path, url: str) -> Path | None:
    path = unquote(urlsplit(url).path)[len(urlsplit(LOCAL).path):]
    f = site / path
    if path == "" or path.endswith("/") or f.is_dir():
        f = f / "index.html"
    return f if f.is_file() else None


def own_words_problems(site: Path) -> tuple[list[str], set[str]]:
    """(what is wrong, the entry ids shown) over every page of a built site."""
    problems: list[str] = []
    shown: set[str] = set()
    parsed: dict[Path, _OwnWords] = {}

    def ids_of(f: Path) -> set[str]:
        if f not in parsed:
            parsed[f] = _parse(f)
        return parsed[f].ids

    for f in sorted(site.rglob("*.html")):
        name = f.relative_to(site).as_posix()
        page = parsed.setdefault(f, _parse(f))
        for line in page.bare_labels:
            problems.append(f"{name} line {line}: the label of the site's words stands outside an own-words box")
        for b in page.blocks:
            text = " ".join("".join(b["text"]).split())[:80]
            where = f"{name} line {b['line']} ({text!r})"
            if b["own_id"]:
                shown.add(b["own_id"])
            if "kb-own" in b["cls"] and not b["labelled"]:
                problems.append(f"{where}: own words without the label")
            if not b["links"]:
                problems.append(f"{where}: own words without a citation link (a.kb-cite)")
            for href in b["links"]:
                url = urljoin(_page_url(site, f), href)
                target = _target(site, url) if url.startswith(LOCAL) else None
                frag = unquote(urlsplit(url).fragment)
                if target is None:
                    problems.append(f"{where}: citation {href} reaches no page of the site")
                elif not frag:
                    problems.append(f"{where}: citation {href} names no paragraph (no #anchor)")
                elif frag not in ids_of(target):
                    problems.append(f"{where}: citation {href}: no id {frag!r} on {target.relative_to(site).as_posix()}")
    return problems, shown


def test_every_own_words_box_cites_and_every_citation_resolves(built_site):
    problems, _ = own_words_problems(built_site)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:100])


def test_every_entry_of_aciklamalar_is_shown_in_an_own_words_box(built_site, kb):
    _, shown = own_words_problems(built_site)
    assert kb.own_texts, "content/aciklamalar.yaml has no entry"
    missing = sorted(set(kb.own_texts) - shown)
    assert not missing, f"entries of content/aciklamalar.yaml shown on no page: {missing}"


def test_the_checker_finds_what_is_wrong(tmp_path):
    """The checker itself, on a tiny site: a box without a citation, a citation to a missing
    anchor and to a missing page, a label outside any box, an unlabelled entry."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="madde-5-ğ">x</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<div class="kb-explain kb-own" data-kb-own="iyi"><p><strong class="kb-own__label">Sitenin açıklaması:</strong> '
        'Metin.</p><p class="kb-own__sources">Dayanak: <a class="kb-cite" href="a/#madde-5-%C4%9F">Madde 5</a></p></div>'
        '<div class="kb-explain kb-own" data-kb-own="kaynaksiz"><p><strong class="kb-own__label">L:</strong> Kaynaksız.</p></div>'
        '<div class="kb-explain"><p>Yanlış çapa <a class="kb-cite" href="a/#madde-5-g">x</a></p></div>'
        '<div class="kb-explain"><p>Yok <a class="kb-cite" href="b/#x">x</a></p></div>'
        '<p class="kb-own" data-kb-own="etiketsiz">Etiketsiz <a class="kb-cite" href="a/#madde-5-ğ">x</a></p>'
        '<p class="kb-label-explain">Sitenin açıklaması: çıplak etiket</p>', encoding="utf-8")
    problems, shown = own_words_problems(tmp_path)
    text = "\n".join(problems)
    assert shown == {"iyi", "kaynaksiz", "etiketsiz"}
    assert "'L: Kaynaksız.'" in text and "without a citation link" in text
    assert "no id 'madde-5-g'" in text
    assert "reaches no page" in text
    assert "own words without the label" in text and "Etiketsiz" in text
    assert "outside an own-words box" in text
    assert len(problems) == 5, text
