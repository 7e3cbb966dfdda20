"""Own assets carry a content hash in their names (kb/ssg/fingerprint.py), and the site at its root
has a service worker with its precache list (kb/ssg/offline.py): checked on the built site and
on small inputs. That the pages still work with the new names is what the browser tests of
the forms, rules, checklists and tests/ssg/test_offline.py show; that two builds give the same
bytes (the names included) is tests/site/test_site.py; that the CSP hashes of every page
match its inline scripts after the names were rewritten is tests/quality/test_quality_privacy.py.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from kb.common.problems import BuildError
from kb.ssg.fingerprint import plan, renamed_path, rewrite_html

NAMED = re.compile(r"\.([0-9a-f]{8})\.(js|css|svg)$")
REF = re.compile(r'(?:src|href)="([^"]*assets/kb/[^"]*)"')
JS_REF = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(\s*)["'](\.{1,2}/[^"']+)["']""")


def manifest(site: Path) -> dict:
    return json.loads((site / "sw-manifest.json").read_text(encoding="utf-8"))


def test_every_own_asset_is_named_by_the_hash_of_its_bytes(built_site):
    folder = built_site / "assets" / "kb"
    stubs = {}
    named = 0
    for f in sorted(folder.rglob("*")):
        if not f.is_file() or f.suffix not in (".js", ".css", ".svg"):
            continue
        m = NAMED.search(f.name)
        if m:
            named += 1
            assert hashlib.sha256(f.read_bytes()).hexdigest()[:8] == m.group(1), \
                f"{f.relative_to(built_site)}: the name's hash is not the hash of the bytes (changed after naming?)"
        else:
            stubs[f.relative_to(built_site).as_posix()] = f.read_text(encoding="utf-8")
    assert named >= 20
    # what keeps its name is a one-line re-export of the fingerprinted module, for other sites and tests
    assets = manifest(built_site)["assets"]
    assert set(stubs) == {"assets/kb/forms-core.js", "assets/kb/forms.js", "assets/kb/rules-engine.js",
                          "assets/kb/rules-widget.js"}, sorted(stubs)
    for name, text in stubs.items():
        assert text.strip() == f'export*from"./{Path(assets[name]).name}";', (name, text)
    for old, new in assets.items():
        if old.startswith("assets/kb/"):
            assert (built_site / new).is_file() and renamed_path(old, (built_site / new).read_bytes()) == new


def test_pages_and_scripts_name_only_files_that_exist(built_site):
    """Every src / href into assets/kb/ of every page, and every import between our scripts,
    names an existing fingerprinted file (no page loads a stub or an old name)."""
    problems = []
    pages = sorted(built_site.rglob("*.html"))
    for page in pages:
        for ref in REF.findall(page.read_text(encoding="utf-8")):
            path = ref.lstrip("/")
            target = (page.parent / ref).resolve() if not ref.startswith("/") else built_site / path
            if not NAMED.search(ref) or not target.is_file():
                problems.append(f"{page.relative_to(built_site)}: {ref}")
    scripts = [f for f in (built_site / "assets" / "kb").rglob("*.js") if NAMED.search(f.name)]
    for f in scripts:
        for spec in JS_REF.findall(f.read_text(encoding="utf-8")):
            if not NAMED.search(spec) or not (f.parent / spec).resolve().is_file():
                problems.append(f"{f.relative_to(built_site)} imports {spec}")
    assert len(pages) > 20 and len(scripts) > 10
    assert not problems, "\n".join(problems[:20])


def test_a_changed_module_renames_the_modules_that_import_it():
    sources = {"assets/kb/a.js": b'import{x}from"./b.js";import("./c/d.js");',
               "assets/kb/b.js": b"export const x=1;",
               "assets/kb/c/d.js": b'import"../b.js";',
               "assets/kb/s.css": b'a{background:url("img/i.svg")}@import "t.css";',
               "assets/kb/t.css": b"b{color:red}",
               "assets/kb/img/i.svg": b"<svg/>",
               "assets/kb/data.json": b"{}"}
    first = plan(sources)
    assert "assets/kb/data.json" not in first.renamed  # data keeps its name
    b, d = first.renamed["assets/kb/b.js"], first.renamed["assets/kb/c/d.js"]
    assert first.contents[first.renamed["assets/kb/a.js"]] == (
        f'import{{x}}from"./{Path(b).name}";import("./c/{Path(d).name}");').encode()
    assert first.contents[d] == f'import"../{Path(b).name}";'.encode()
    css = first.contents[first.renamed["assets/kb/s.css"]].decode()
    assert Path(first.renamed["assets/kb/img/i.svg"]).name in css and Path(first.renamed["assets/kb/t.css"]).name in css
    assert first.stubs == {"assets/kb/b.js": f'export*from"./{Path(b).name}";\n'.encode()}
    # the same input, the same names; one changed file renames itself and whoever imports it
    assert plan(dict(sources)).renamed == first.renamed
    second = plan({**sources, "assets/kb/b.js": b"export const x=2;"})
    changed = {k for k in first.renamed if first.renamed[k] != second.renamed[k]}
    assert changed == {"assets/kb/a.js", "assets/kb/b.js", "assets/kb/c/d.js"}


def test_an_import_cycle_is_a_build_error():
    with pytest.raises(BuildError) as err:
        plan({"assets/kb/a.js": b'import"./b.js";', "assets/kb/b.js": b'import"./a.js";'})
    assert "içe aktarma döngüsü" in str(err.value)


def test_html_references_are_rewritten_only_in_src_and_href():
    renamed = {"assets/kb/forms.js": "assets/kb/forms.0123abcd.js", "assets/kb/site.css": "assets/kb/site.89abcdef.css"}
    page = ('<link href="../../assets/kb/site.css"><script type="module" src="../../assets/kb/forms.js"></script>'
            '<link href="/assets/kb/site.css"><a href="assets/kb/other.js">x</a>'
            "<p>import from assets/kb/forms.js</p>")
    assert rewrite_html(page, renamed) == (
        '<link href="../../assets/kb/site.89abcdef.css"><script type="module" src="../../assets/kb/forms.0123abcd.js"></script>'
        '<link href="/assets/kb/site.89abcdef.css"><a href="assets/kb/other.js">x</a>'
        "<p>import from assets/kb/forms.js</p>")


def test_materials_pruned_stylesheet_is_named_by_its_bytes(built_site):
    """kb/ssg/css_prune.py rewrites Material's stylesheet after the pages are written: it is then
    renamed by its final bytes, and every page names the new file (patched in place)."""
    (sheet,) = (built_site / "assets" / "stylesheets").glob("main.*.min.css")
    digest = re.fullmatch(r"main\.([0-9a-f]{8})\.min\.css", sheet.name).group(1)
    assert hashlib.sha256(sheet.read_bytes()).hexdigest()[:8] == digest
    assert manifest(built_site)["assets"].get("assets/stylesheets/main.57a0d79d.min.css", "").endswith(sheet.name)
    pages = sorted(built_site.rglob("*.html"))
    for page in pages:
        named = set(re.findall(r'href="[^"]*assets/stylesheets/(main\.[^"]+)"', page.read_text(encoding="utf-8")))
        assert named == {sheet.name}, (page.relative_to(built_site), named)


def test_materials_stylesheet_is_renamed_in_every_page_head_or_body(tmp_path):
    from kb.ssg.fingerprint import HEAD_BYTES, rename_material_css

    link = '<link rel="stylesheet" href="../assets/stylesheets/main.00000000.min.css">'
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    (tmp_path / "assets" / "stylesheets" / "main.00000000.min.css").write_text("a{color:red}", encoding="utf-8")
    (tmp_path / "a.html").write_text(f"<head>{link}</head><p>ş</p>" + "x" * HEAD_BYTES, encoding="utf-8")
    (tmp_path / "b.html").write_text("<head>" + "ğ" * HEAD_BYTES + f"{link}</head>", encoding="utf-8")  # a long head
    renamed = rename_material_css(tmp_path, ["a.html", "b.html"])
    new = hashlib.sha256(b"a{color:red}").hexdigest()[:8]
    assert renamed == {"assets/stylesheets/main.00000000.min.css": f"assets/stylesheets/main.{new}.min.css"}
    assert (tmp_path / "assets" / "stylesheets" / f"main.{new}.min.css").is_file()
    for name in ("a.html", "b.html"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert f"main.{new}.min.css" in text and "main.00000000" not in text, name
    assert (tmp_path / "a.html").read_text(encoding="utf-8").endswith("<p>ş</p>" + "x" * HEAD_BYTES)
    assert rename_material_css(tmp_path, ["a.html", "b.html"]) == {}  # the right name stays


def test_the_precache_list_holds_the_pages_assets_and_search_index(built_site):
    data = manifest(built_site)
    files = data["files"]
    pages = ["" if p.parent == built_site else p.parent.relative_to(built_site).as_posix() + "/"
             for p in built_site.rglob("index.html")]
    missing = [p for p in pages if (p or "./") not in files]
    assert not missing, f"pages not precached: {missing}"  # ×1: every page is in the navigation
    for must in ("404.html", "search/search_index.json", "assets/javascripts/lunr/min/lunr.tr.min.js",
                 data["assets"]["assets/kb/forms.js"], data["assets"]["assets/kb/offline.js"],
                 "data/rules/kio-engelli-butce.json"):
        assert must in files, must
    assert not [u for u in files if "?" in u or u.startswith(("schemas/", "data/catalog")) or u.endswith(".answers.schema.json")]
    assert not [u for u in files if u in data["assets"]], "a stub or an old name is precached"
    for url, digest in files.items():
        f = built_site / (url.removeprefix("./") + "index.html" if url.endswith("/") else url)
        assert hashlib.sha256(f.read_bytes()).hexdigest()[:16] == digest, url
    sw = (built_site / "sw.js").read_text(encoding="utf-8")
    assert f'const VERSION="{data["version"]}"' in sw and "__KB_SURUM__" not in sw
    # the manifest is the build's: a file it names that changes gives a new version
    assert re.fullmatch(r"[0-9a-f]{16}", data["version"])
