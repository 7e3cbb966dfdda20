"""Drop the parts of mkdocs-material's stylesheet that no page of this site can use.

Material ships one stylesheet for every feature it has (blog, tabs, code highlighting,
admonitions, cookie consent, …): 22 KB gzip on every page, a quarter of a page's weight.
After the build, with every page and script written, a rule is dropped when each of its
selectors names a class that appears in no page's `class` attributes and in no script of
the site (Material's bundle and worker included: a class a script adds is in its text);
then custom properties that no `var()` refers to anywhere are dropped. Rules without
classes (elements, :root, @font-face, @keyframes…) stay. The result depends only on the
built site, so the same input gives the same bytes.

Two refinements (page weight, issue 16):
- Material's bundle names the classes of features that it builds only around what a page
  holds (code blocks, content tabs, annotations, the version selector…): its text alone
  would keep their rules on every site. MATERIAL_FEATURES lists them with what Material
  looks for in a page; a group's classes count as used (by the scripts) only when one of its
  triggers is in some page or in the search index. A class a page itself carries is always used.
- Selectors for right-to-left pages (`[dir=rtl]`) are dropped when no page is right-to-left:
  Material writes `dir` on <html> from the theme's language (base.html); its bundle only
  reads it, and no script of ours sets it.

Called from kb/ssg/hooks.py (on_post_build); measured in bench/RESULTS.md.
"""
from __future__ import annotations

import re
from pathlib import Path

import tinycss2

from kb.content.filecache import TextCache, ValueCache


# no \b before `class`: with it the regex has no literal prefix and scans 10x slower; the
# few extra matches (`data-class="…"`) can only keep a rule, never drop one
CLASS_ATTR = re.compile(r'class="([^"]*)"')
WORD = re.compile(r"[A-Za-z_][\w-]*")
SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
VAR_REF = re.compile(r"var\(\s*(--[\w-]+)")


# (feature, its classes: names or prefixes ending in "-" / "__", triggers). A trigger is a
# literal of a page's HTML ("<pre", "data-tabs") or of the search index ('"tags":'), or
# "class:NAME", a class some page carries. From mkdocs-material 9.8.1's sources:
# components/content/_/index.ts (mountContent: ".annotate", "pre > code", "[data-tabs]",
# ".footnote-ref"), components/content/code/_/index.ts (annotations inside ".highlight"),
# templates/search/index.tsx (a result's tags), integrations/version (config.version, mike),
# templates/source (the repository's facts, in the header's .md-source).
# tests/ssg/test_css_prune.py checks each group against the bundle and the pruned site.
MATERIAL_FEATURES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("code annotations", ("md-annotation",), ("class:annotate", "class:highlight")),
    ("code block buttons", ("md-code__",), ("<pre",)),
    ("highlighted code", ("highlight", "hll"), ("class:highlight",)),
    ("content tabs", ("tabbed-",), ("data-tabs", "class:tabbed-set")),
    ("footnote tooltips", ("footnote",), ("class:footnote-ref",)),
    ("search result tags", ("md-tag", "md-tags"), ('"tags":',)),
    ("version selector", ("md-version",), ('"provider": "mike"',)),
    ("repository facts", ("md-source__fact", "md-source__facts"), ("class:md-source",)),
)
# literals looked for in each page (scan_page) and in the search index
MARKERS = tuple(sorted({t for _, _, triggers in MATERIAL_FEATURES for t in triggers if not t.startswith("class:")}
                       | {'dir="rtl"'}))
RTL = re.compile(r"\[dir=[\"']?rtl[\"']?\]")


def feature_class(cls: str, names: tuple[str, ...]) -> bool:
    return any(cls == n or (n.endswith(("-", "__")) and cls.startswith(n)) or cls.startswith(n + "-")
               or cls.startswith(n + "__") for n in names)


def unused_features(page_classes: set[str], markers: set[str]) -> list[str]:
    """The names of MATERIAL_FEATURES no page triggers."""
    out = []
    for name, _, triggers in MATERIAL_FEATURES:
        if not any(t[6:] in page_classes if t.startswith("class:") else t in markers for t in triggers):
            out.append(name)
    return out


def _selectors(prelude) -> list[str]:
    """A rule's selector list split at its top-level commas."""
    parts, depth, cur = [], 0, []
    for ch in tinycss2.serialize(prelude):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur).strip())
    return [p for p in parts if p]


def _nested(rule) -> bool:
    return rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None


def _rules(text_or_tokens):
    if isinstance(text_or_tokens, str):
        return tinycss2.parse_stylesheet(text_or_tokens, skip_comments=True, skip_whitespace=True)
    return tinycss2.parse_rule_list(text_or_tokens, skip_comments=True, skip_whitespace=True)


def _rewrite(css: str, rule_text) -> str:
    """The stylesheet with every style rule replaced by rule_text(rule) (None: dropped),
    inside @media/@supports too; an @media left empty goes; other at-rules stay."""
    def walk(rules) -> list[str]:
        out = []
        for r in rules:
            if r.type == "qualified-rule":
                text = rule_text(r)
                if text:
                    out.append(text)
            elif _nested(r):
                inner = walk(_rules(r.content))
                if inner:
                    out.append("@" + r.at_keyword + tinycss2.serialize(r.prelude) + "{" + "".join(inner) + "}")
            else:
                out.append(tinycss2.serialize([r]))
        return out

    return "".join(walk(_rules(css)))


def drop_unused_rules(css: str, used: set[str], rtl: bool = True) -> str:
    """Every selector naming a class not in `used` (or, with rtl=False, `[dir=rtl]`) goes."""
    def rule_text(r) -> str | None:
        kept = [s for s in _selectors(r.prelude) if all(c in used for c in SELECTOR_CLASS.findall(s))
                and (rtl or not RTL.search(s))]
        return ",".join(kept) + "{" + tinycss2.serialize(r.content) + "}" if kept else None

    return _rewrite(css, rule_text)


def drop_unused_properties(css: str, elsewhere: str) -> str:
    """Custom property declarations no var() refers to, in this stylesheet or `elsewhere`;
    repeated until nothing changes (a dropped property may have held the last reference)."""
    outside = set(VAR_REF.findall(elsewhere))
    while True:
        refs = set(VAR_REF.findall(css)) | outside
        removed = 0

        def rule_text(r) -> str | None:
            nonlocal removed
            kept = []
            for d in tinycss2.parse_blocks_contents(r.content, skip_comments=True, skip_whitespace=True):
                if d.type == "declaration" and d.name.startswith("--") and d.name not in refs:
                    removed += 1
                else:
                    kept.append(tinycss2.serialize([d]))
            return tinycss2.serialize(r.prelude).strip() + "{" + ";".join(kept) + "}" if kept else None

        css = _rewrite(css, rule_text)
        if not removed:
            return css


def scan_page(text: str) -> tuple[set[str], set[str]]:
    """The class attributes of a page's HTML (their distinct values, each maybe several classes)
    and the custom properties it refers to (var(--x)), with the MARKERS the page holds."""
    refs = {"var(" + r for r in VAR_REF.findall(text)} if "var(" in text else set()
    refs.update(m for m in MARKERS if m in text)
    return set(CLASS_ATTR.findall(text)), refs


def prune_material_css(site_dir: Path, cache_dir: Path, scanned: dict[str, tuple[set, set]] | None = None) -> None:
    """Prune main.*.min.css in site_dir; results are kept in cache_dir (build/cache/css-prune).

    scanned: scan_page results of pages already seen (by path relative to site_dir, as the
    mkdocs hook sees them while writing); every other HTML file is read and scanned here."""
    sheets = sorted((site_dir / "assets" / "stylesheets").glob("main.*.min.css"))
    if not sheets:
        return
    scanned = scanned or {}
    attrs: set[str] = set()
    refs_found: set[str] = set()
    for p in sorted(site_dir.rglob("*.html")):
        found = scanned.get(p.relative_to(site_dir).as_posix())
        if found is None:
            found = scan_page(p.read_text(encoding="utf-8", errors="replace"))
        attrs |= found[0]
        refs_found |= found[1]
    used: set[str] = set(" ".join(attrs).split())
    scripts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(site_dir.rglob("*.js"))]
    words: set[str] = set()
    for text in scripts:
        words.update(WORD.findall(text))
    index = site_dir / "search" / "search_index.json"
    markers = {m for m in MARKERS if m in refs_found}
    if index.is_file():
        text = index.read_text(encoding="utf-8", errors="replace")
        markers.update(m for m in MARKERS if m in text)
    unused = unused_features(used, markers)
    names = tuple(n for name, group, _ in MATERIAL_FEATURES if name in unused for n in group)
    used |= {w for w in words if not feature_class(w, names)}
    rtl = 'dir="rtl"' in markers
    refs_found = {r for r in refs_found if r.startswith("var(")}
    others = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(site_dir.rglob("*.css")) if p not in sheets]
    # the result is a function of the stylesheet, the classes in use and the properties
    # referred to elsewhere: cached under that key (parsing with tinycss2 is the slow part)
    refs = sorted(refs_found | {"var(" + r for text in scripts + others for r in VAR_REF.findall(text)})
    cache = TextCache(cache_dir)
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8")
        key = ValueCache.key(tinycss2.__version__, Path(__file__).read_text(encoding="utf-8"), css,
                             " ".join(sorted(used)), " ".join(refs), str(rtl))
        small = cache.get(key)
        if small is None:
            small = drop_unused_properties(drop_unused_rules(css, used, rtl), " ".join(refs))
            cache.put(key, small)
        if small != css:
            sheet.write_text(small, encoding="utf-8")
    cache.prune()
