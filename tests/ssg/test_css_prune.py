"""Material's stylesheet is cut down to what the site uses (kb/ssg/css_prune.py), without
losing a rule that a page or a script needs."""
from __future__ import annotations

import re
from pathlib import Path

import material

from kb.ssg.css_prune import drop_unused_properties, drop_unused_rules

SHIPPED = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


def test_rules_go_only_when_every_selector_names_an_unused_class():
    css = ("a{color:red}.used{x:1}.gone{x:2}.used,.gone{x:3}.used .gone{x:4}"
           "@media (min-width:10em){.gone{x:5}.used:hover{x:6}}@media print{.gone{x:7}}:root{--a:1;--b:2}.used{y:var(--a)}")
    out = drop_unused_rules(css, {"used"})
    assert "a{color:red}" in out and ".used{x:1}" in out and ".used{x:3}" in out
    assert ".gone" not in out and "x:2" not in out and "x:4" not in out
    assert "@media (min-width:10em){.used:hover{x:6}}" in out and "@media print" not in out
    out = drop_unused_properties(out, "")
    assert "--a:1" in out and "--b" not in out


def test_the_built_stylesheet_keeps_what_pages_and_scripts_use(built_site):
    built = next((built_site / "assets" / "stylesheets").glob("main.*.min.css")).read_text(encoding="utf-8")
    original = next(SHIPPED.glob("main.*.min.css")).read_text(encoding="utf-8")
    assert len(built) < 0.75 * len(original)
    pages = "".join(p.read_text(encoding="utf-8") for p in built_site.rglob("*.html"))
    used = {c for m in re.finditer(r'class="([^"]*)"', pages) for c in m.group(1).split()}
    # classes of the site's pages and of Material's scripts (search results, the drawer) stay
    for cls in ("md-nav__link", "md-search__input", "md-search-result__item", "md-typeset", "md-header__button",
                "md-skip", "md-footer", "headerlink"):
        assert "." + cls in built, cls
    for cls in sorted(used):
        if "." + cls + "{" in original or "." + cls + "," in original:
            assert "." + cls in built, f"class {cls} is on a page but its rules were dropped"
    # features the site does not use are gone
    for cls in ("md-consent", "md-typeset .admonition", "md-tabs", "md-post", "md-clipboard"):
        assert "." + cls not in built, cls


def test_theme_files_no_page_loads_are_left_out(built_site):
    """kb/ssg/hooks.py on_files: of Material's lunr languages only what the search worker
    imports for `lang: tr` (and what it imports first: the Snowball support file), no palette
    stylesheet (no `palette:` in mkdocs.yml), no source maps and no comments pointing at them."""
    from kb.ssg.hooks import needed_lunr_files

    lunr = built_site / "assets" / "javascripts" / "lunr"
    shipped = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr"
    assert len(list(shipped.rglob("*.js"))) > 20  # what Material ships
    assert sorted(p.relative_to(lunr).as_posix() for p in lunr.rglob("*.js")) == \
        ["min/lunr.stemmer.support.min.js", "min/lunr.tr.min.js"]
    assert needed_lunr_files(["tr"]) == {"min/lunr.stemmer.support.min.js", "min/lunr.tr.min.js"}
    assert needed_lunr_files(["en"]) == set()
    assert needed_lunr_files(["ja", "en"]) == {"min/lunr.stemmer.support.min.js", "min/lunr.ja.min.js",
                                               "tinyseg.js", "min/lunr.multi.min.js"}
    assert not list(built_site.rglob("*.map"))
    assert not list((built_site / "assets" / "stylesheets").glob("palette.*"))
    for f in list((built_site / "assets" / "javascripts").rglob("*.js")) + list(
            (built_site / "assets" / "stylesheets").rglob("*.css")):
        assert "sourceMappingURL" not in f.read_text(encoding="utf-8"), f


BUNDLE = next((Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js"))


def _prune(tmp_path: Path, page: str, index: str = '{"docs":[]}') -> str:
    """prune_material_css on a site of one page, Material's bundle and its shipped stylesheet."""
    from kb.ssg.css_prune import prune_material_css

    site = tmp_path / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "search").mkdir()
    original = next(SHIPPED.glob("main.*.min.css"))
    (site / "assets" / "stylesheets" / original.name).write_bytes(original.read_bytes())
    (site / "assets" / "javascripts" / BUNDLE.name).write_bytes(BUNDLE.read_bytes())
    (site / "search" / "search_index.json").write_text(index, encoding="utf-8")
    (site / "index.html").write_text(page, encoding="utf-8")
    prune_material_css(site, tmp_path / "cache")
    return (site / "assets" / "stylesheets" / original.name).read_text(encoding="utf-8")


PAGE = '<html lang="tr" dir="ltr"><body class="md-typeset"><p class="x">{}</p></body></html>'


def test_a_material_feature_stays_only_when_a_page_has_what_it_works_on(tmp_path):
    """MATERIAL_FEATURES: the bundle names these classes, but builds them only around what a
    page holds; right-to-left rules only for a right-to-left page."""
    plain = _prune(tmp_path / "a", PAGE.format(""))
    for cls in (".tabbed-labels", ".md-annotation", ".md-version", ".md-tag", ".md-code__button", ".highlight"):
        assert cls not in plain, cls
    assert "[dir=rtl]" not in plain and "[dir=ltr]" in plain
    assert ".md-search-result__item" in plain  # the bundle builds the results on every site

    tabs = _prune(tmp_path / "b", PAGE.format('<div class="tabbed-set" data-tabs="1:2"></div>'))
    assert ".tabbed-labels" in tabs and ".md-annotation" not in tabs
    code = _prune(tmp_path / "c", PAGE.format('<div class="highlight"><pre><code>x</code></pre></div>'))
    assert ".md-code__button" in code and ".highlight" in code and ".md-annotation" in code
    assert ".md-version" not in code
    version = _prune(tmp_path / "d", PAGE.format('<script id="__config">{"version": {"provider": "mike"}}</script>'))
    assert ".md-version" in version
    tags = _prune(tmp_path / "e", PAGE.format(""), '{"docs":[{"location":"","tags":["a"]}]}')
    assert ".md-tag" in tags
    rtl = _prune(tmp_path / "f", PAGE.format("").replace('dir="ltr"', 'dir="rtl"'))
    assert "[dir=rtl]" in rtl


def test_every_feature_group_is_still_materials():
    """A Material update that renames a feature's classes must not leave a stale entry: each
    group's classes are named by the bundle and have rules in the shipped stylesheet."""
    from kb.ssg.css_prune import MATERIAL_FEATURES, SELECTOR_CLASS, WORD, feature_class

    words = set(WORD.findall(BUNDLE.read_text(encoding="utf-8")))
    shipped = set(SELECTOR_CLASS.findall(next(SHIPPED.glob("main.*.min.css")).read_text(encoding="utf-8")))
    for name, classes, triggers in MATERIAL_FEATURES:
        in_bundle = {w for w in words if feature_class(w, classes)}
        assert in_bundle, f"{name}: the bundle names none of {classes}"
        assert in_bundle & shipped, f"{name}: no rule of the stylesheet uses {sorted(in_bundle)}"
        assert triggers, name
