"""Reflow and accessible names on every page of the built site, in Chromium (issue 14,
items 8 and 9).

- Reflow (WCAG 1.4.10): at 320 CSS px (a 320 × 640 phone, or 1280 px at 400 % zoom) and at
  200 % zoom of a 1280 × 900 window (640 × 450 CSS px, device scale 2) no page scrolls
  sideways (`scrollWidth <= clientWidth` of the document) and nothing in the content sticks
  out past the right edge unless it sits in a box that scrolls on its own (a table's
  focusable `.kb-table-wrap`). No floating control ("Başa dön", Material's
  `navigation.top`) covers the text when the reader scrolls back up.
- Accessible names (WCAG 2.4.4, 1.3.1, 2.4.1), as Chromium computes them for assistive
  technology (the DevTools protocol's full accessibility tree, hidden nodes left out): no
  link is named only by a number ("bir", "beş (5)", "10", "%60"), a symbol ("¶", "#") or a
  single letter or digit ("a)"); no two landmarks of a page share a role and a name; no
  navigation landmark is empty (the checklists' "İçindekiler" was).

One browser context per viewport, one tab reused for every page, service workers blocked
(the offline worker would precache the site on the first page and slow every later one).
"""
from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import site_pages

VIEWPORTS = {
    "320 px": {"viewport": {"width": 320, "height": 640}},
    "200 % zoom": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}

# what sticks out past the right edge of the window: the document's scroll width, and the
# content elements (first few) whose box passes the edge without a scrolling box around them
OVERFLOW = """() => {
  const d = document.documentElement, w = d.clientWidth, out = [];
  const scrolls = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll') && p.getBoundingClientRect().right <= w + 1) return true; }
    return false; };
  for (const el of document.querySelectorAll('.md-content *, .md-header *, .md-footer *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.height && r.right > w + 1 && getComputedStyle(el).visibility !== 'hidden' && !scrolls(el))
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)} `
               + `"${(el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40)}"`);
    if (out.length >= 5) break;
  }
  return {scroll: d.scrollWidth, client: w, out};
}"""

# elements fixed or sticky on screen, other than the header, that cover part of the content
FLOATING = """() => {
  const main = document.querySelector('.md-content').getBoundingClientRect();
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const s = getComputedStyle(el);
    if (s.position !== 'fixed' && s.position !== 'sticky') continue;
    if (el.closest('.md-header, .md-sidebar, .md-search, .md-dialog, .md-tooltip2, [data-md-component=skip]')) continue;
    const r = el.getBoundingClientRect();
    if (el.hidden || s.visibility === 'hidden' || s.display === 'none' || +s.opacity === 0 || !r.width || !r.height) continue;
    if (r.bottom > Math.max(main.top, 0) && r.top < innerHeight && r.right > main.left && r.left < main.right)
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: "${el.textContent.trim().slice(0, 30)}"`);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def pages(built_site):
    found = site_pages(built_site)
    assert len(found) > 40, f"only {len(found)} pages found in {built_site}"
    return found


def test_no_page_scrolls_sideways_at_320_px_or_200_percent_zoom(browser, site_url, pages):
    problems = []
    for label, options in VIEWPORTS.items():
        ctx = browser.new_context(service_workers="block", **options)
        try:
            tab = ctx.new_page()
            for path in pages:
                tab.goto(site_url + path, wait_until="load")
                r = tab.evaluate(OVERFLOW)
                if r["scroll"] > r["client"] or r["out"]:
                    problems.append(f"{label} /{path}: page {r['scroll']} px wide in a {r['client']} px window; "
                                    + "; ".join(r["out"]))
        finally:
            ctx.close()
    assert not problems, f"{len(problems)} pages do not reflow:\n" + "\n".join(problems)


@pytest.mark.parametrize("label", list(VIEWPORTS))
def test_nothing_floats_over_the_text_when_scrolling_back_up(browser, site_url, label):
    """Material's "Başa dön" button (navigation.top) appeared over the text on every scroll
    up; at 320 px and at 200 % zoom it hid whole lines. Scroll down a long form, then up."""
    ctx = browser.new_context(service_workers="block", **VIEWPORTS[label])
    try:
        tab = ctx.new_page()
        tab.goto(site_url + "formlar/on-basvuru/", wait_until="load")
        for y in (600, 1400, 2200, 1800, 1500):
            tab.mouse.wheel(0, y - tab.evaluate("scrollY"))
            tab.wait_for_timeout(120)
        assert tab.evaluate("scrollY") > 300, "the page did not scroll"
        assert tab.evaluate(FLOATING) == []
        assert tab.locator("[data-md-component=top]").count() == 0
    finally:
        ctx.close()


# a choice's hint as forms.md.j2 writes it (under the label, 2.1rem in), with a citation
HINT = """() => {
  const choice = document.querySelector('.kbf-choice');
  const hint = document.createElement('div');
  hint.className = 'kbf-hint kbf-choice__hint';
  hint.innerHTML = 'Programın sunduğu desteklerden biri. <span class="kbf-cite"><a class="kb-cite" href="#">Madde 10 (a)</a></span>';
  choice.append(hint);
  const r = hint.getBoundingClientRect();
  return {scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
          right: r.right, labelLeft: choice.querySelector('.kbf-choice__label').getBoundingClientRect().left, left: r.left};
}"""


@pytest.mark.parametrize("label", list(VIEWPORTS))
def test_a_choice_hint_stays_inside_the_page(browser, site_url, label):
    """The hints under checkboxes and radio buttons (forms.css, .kbf-choice__hint) made
    formlar/on-basvuru/ 26 px too wide; the forms may no longer carry one today, so one is
    put under the first choice of a real form, styled by the site's own forms.css."""
    ctx = browser.new_context(service_workers="block", **VIEWPORTS[label])
    try:
        tab = ctx.new_page()
        tab.goto(site_url + "formlar/on-basvuru/", wait_until="load")
        r = tab.evaluate(HINT)
        assert r["scroll"] <= r["client"] and r["right"] <= r["client"], r
        assert abs(r["left"] - r["labelLeft"]) < 2, f"the hint no longer starts under the label: {r}"
    finally:
        ctx.close()


# ------------------------------------------------------------------ accessible names

NUMBER_WORDS = {
    "sıfır", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz", "on", "yirmi",
    "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan", "yüz", "bin", "milyon",
    "milyar", "yarım", "buçuk", "çeyrek", "birinci", "ikinci", "üçüncü", "dördüncü", "beşinci",
}
# "üçte iki", "yüzde on": a fraction or a percentage in words is still only a number
FRACTION_RE = re.compile(r"(\w+?)(?:de|da|te|ta)")
SYMBOLS_ONLY_RE = re.compile(r"[\W_]*\w?[\W_]*")   # "¶", "#", "→", "a)", "5", ""
NUMBER_RE = re.compile(r"[%\d\s.,()/+\-–]*")        # "10", "%60", "(5)": digits and their signs
DATE_RE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")    # a date is not a lone number
LANDMARKS = {"banner", "main", "contentinfo", "navigation", "complementary", "search", "region", "form"}
NAMED_ONLY = {"region", "form"}  # a <section> or <form> is a landmark only with a name (ARIA)

# landmark names repeated by markup this change does not own; strict: an entry that no page
# repeats any more must be removed (the test says so)
KNOWN_REPEATED: dict[tuple[str, str], str] = {}


def is_word(w: str) -> bool:
    m = FRACTION_RE.fullmatch(w)
    return w in NUMBER_WORDS or bool(m and m.group(1) in NUMBER_WORDS)


def meaningless(name: str) -> str | None:
    """Why a link's accessible name says nothing on its own (None if it does)."""
    name = " ".join(name.split())
    if SYMBOLS_ONLY_RE.fullmatch(name):
        return "a symbol or a single character" if name else "no name"
    if DATE_RE.fullmatch(name):
        return None
    words = re.findall(r"[^\W\d_]+", name.replace("İ", "i").replace("I", "ı").lower())
    if not words and NUMBER_RE.fullmatch(name) and re.search(r"\d", name):
        return "a number"
    if words and all(is_word(w) for w in words) and NUMBER_RE.fullmatch(re.sub(r"[^\W\d_]+", "", name)):
        return "a number in words"
    return None


def test_the_meaningless_name_rule_itself():
    for bad in ("bir", "beş (5)", "on beş", "üçte iki", "10", "%60", "¶", "#", "§", "→", "a)", "5", "", "İKİ"):
        assert meaningless(bad), bad
    for good in ("bir (Diğer projelerde bir dosyada sunulabilecek en fazla proje sayısı)", "45.000 TL", "12 ay",
                 "Kalıcı bağlantı: Amaç", "Madde 10 (a)", "a) — Madde 10 (a), yönetmelikte", "18.12.2020",
                 "Dipnot 1", "Onaylı örnek", "Bir kişi"):
        assert meaningless(good) is None, good


EMPTY_NAVS = """() => [...document.querySelectorAll('nav')]
  .filter(n => n.getClientRects().length && getComputedStyle(n).visibility !== 'hidden' && !n.querySelector('a[href], button, input, select'))
  .map(n => n.getAttribute('aria-label') || n.className)"""


def test_links_and_landmarks_have_meaningful_unique_names(browser, site_url, pages):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    problems, repeated_known, links_seen, seen_names = [], set(), 0, set()
    try:
        tab = ctx.new_page()
        cdp = ctx.new_cdp_session(tab)
        for path in pages:
            tab.goto(site_url + path, wait_until="load")
            nodes = [n for n in cdp.send("Accessibility.getFullAXTree")["nodes"] if not n.get("ignored")]
            landmarks = Counter()
            for n in nodes:
                role = n.get("role", {}).get("value")
                name = " ".join(str((n.get("name") or {}).get("value", "")).split())
                if role == "link":
                    links_seen += 1
                    seen_names.add((path, name))
                    why = meaningless(name)
                    if why:
                        problems.append(f"/{path}: a link named {name!r} ({why})")
                elif role in LANDMARKS and (name or role not in NAMED_ONLY):
                    landmarks[role, name] += 1
            for (role, name), count in landmarks.items():
                if count > 1:
                    if (role, name) in KNOWN_REPEATED:
                        repeated_known.add((role, name))
                        continue
                    problems.append(f"/{path}: {count} {role} landmarks named {name!r}")
            problems += [f"/{path}: navigation {n!r} holds no link or control" for n in tab.evaluate(EMPTY_NAVS)]
    finally:
        ctx.close()
    problems += [f"{key} is no longer repeated on any page: remove it from KNOWN_REPEATED"
                 for key in sorted(set(KNOWN_REPEATED) - repeated_known)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])
    # the names are the ones this change gives (not only the absence of bad ones)
    assert links_seen > 2000, f"only {links_seen} links examined"
    for path, name in [("yonetmelik/", "Kalıcı bağlantı: Amaç"), ("yonetmelik/", "Kalıcı bağlantı: Madde 10"),
                       ("kontrol-listeleri/destek-teknolojileri/",
                        "bir (Diğer projelerde bir dosyada sunulabilecek en fazla proje sayısı)"),
                       ("kontrol-listeleri/destek-teknolojileri/", "Uyarılar"),
                       ("adaylar-ve-aileler/", "a) — Madde 10 (a), yönetmelikte")]:
        assert (path, name) in seen_names, f"/{path}: no link named {name!r}"
