"""Whitespace between tags is collapsed in Material's frame of the built pages
(kb/ssg/html_space.py), and the pages look and read the same."""
from __future__ import annotations

import re

import pytest

from kb.ssg.html_space import collapse


def test_only_whitespace_between_tags_is_collapsed():
    html = ('<nav>\n    <ul>\n      <li><a href="x"  title="a\n   b">Ana\n     sayfa</a></li>\n  </ul>  </nav>\n'
            '<pre><code>x\n\n    y</code>\n  </pre><p><code><span>a</span>\n   <span>b</span></code></p>\n'
            '<textarea>\n\n  </textarea><script>\n  var a = 1;\n</script><kbd><b>A</b>\n  <b>B</b></kbd>')
    out = collapse(html)
    assert out.startswith('<nav>\n<ul>\n<li><a href="x"  title="a\n   b">Ana\n     sayfa</a></li>\n</ul>  </nav>\n')
    for kept in ('<pre><code>x\n\n    y</code>\n  </pre>', "<code><span>a</span>\n   <span>b</span></code>",
                 "<textarea>\n\n  </textarea>", "<script>\n  var a = 1;\n</script>", "<kbd><b>A</b>\n  <b>B</b></kbd>"):
        assert kept in out, kept
    assert collapse(out) == out
    # a page's own content, in its <article>, is left as it is
    page = "<div>\n  <nav>\n  </nav>\n  <article>\n  <p>a</p>\n   <p>b</p>\n  </article>\n  <footer>\n  </footer></div>"
    assert collapse(page) == "<div>\n<nav>\n</nav>\n<article>\n  <p>a</p>\n   <p>b</p>\n  </article>\n<footer>\n</footer></div>"


def test_the_frame_of_every_page_is_collapsed_and_nothing_pre_formatted_holds_a_run(built_site):
    pages = sorted(built_site.rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert collapse(text) == text, f"{page}: whitespace left between tags"
        frame = re.sub(r"<article\b.*?</article>", "<article></article>", text, count=1, flags=re.S)
        outside = re.sub(r"(<(pre|textarea|script|style|code|kbd)\b[^>]*>).*?(</\2\s*>)", r"\1\3", frame, flags=re.S)
        assert not re.search(r">[ \t]+\n|>\n[ \t\n]+<", outside), page
    # the site's stylesheets keep whitespace only where the built pages have no collapsed run
    sheets = "".join(p.read_text(encoding="utf-8") for p in (built_site / "assets").rglob("*.css"))
    pre = sorted({m.group(1).strip() for m in re.finditer(r"([^{}]+)\{[^}]*white-space:\s*(?:pre|break-spaces)", sheets)})
    allowed = re.compile(r"(?:^|[\s>+~,])(?:code|kbd|pre)\b|::?before|::?after|\.kbf-answers__value")
    assert all(all(allowed.search(sel) for sel in group.split(",")) for group in pre), pre
    assert not any("kbf-answers__value" in p.read_text(encoding="utf-8") for p in pages), \
        "a pre-wrap element of the forms is in the built HTML now: protect it in kb/ssg/html_space.py"


LAYOUT = """() => [document.body.innerText,
  [...document.querySelectorAll('body *')].filter(e => e.getClientRects().length)
    .map(e => { const r = e.getBoundingClientRect(); return [e.tagName, Math.round(r.x), Math.round(r.y),
                                                          Math.round(r.width), Math.round(r.height)].join(); })]"""


@pytest.mark.parametrize("path", ["", "yonetmelik/", "kontrol-listeleri/kio-engelli/", "formlar/kio-butce-engelli/",
                                  "uygun-muyum/ise-yerlestirme/", "tutarlar/"])
def test_a_page_lays_out_the_same_with_its_whitespace_put_back(browser, site_url, built_site, path):
    """The collapsed runs made wide again ("\\n" -> "\\n      \\n    "): if any of them mattered,
    text or boxes would move."""
    page_file = built_site / path / "index.html"
    wide = page_file.read_text(encoding="utf-8").replace(">\n<", ">\n      \n    <")
    results = []
    for body in (None, wide):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block",
                                  reduced_motion="reduce")
        try:
            if body is not None:
                ctx.route(site_url + path, lambda route: route.fulfill(body=body, content_type="text/html; charset=utf-8"))
            page = ctx.new_page()
            page.goto(site_url + path, wait_until="load")
            page.wait_for_timeout(300)
            results.append(page.evaluate(LAYOUT))
        finally:
            ctx.close()
    (text_a, boxes_a), (text_b, boxes_b) = results
    assert text_a == text_b
    assert len(boxes_a) > 50 and boxes_a == boxes_b
