"""The site's public address is a build setting (SITE_URL, `--site-url`; README "Yayınlama").

Two builds of the project in this process, each into its own folder and served on 127.0.0.1:

- without an address: the build says so in one line and succeeds; no checklist shows an
  address or a QR code, on screen or on paper (a QR decoder finds none in the printed PDF);
  no canonical link and no sitemap.xml; the schemas' `$id` use a host that never resolves
  (`.invalid`) and are still valid JSON Schema;
- with an address (in a sub-folder, as a host may publish the site): no such line; the QR
  code printed on paper decodes to the page's address under it; the printed text, the
  schemas' `$id`, the canonical links and the sitemap carry the address.

The QR codes are read back by zbarimg (zbar-tools) from the PDF's pages drawn at 150 dpi by pdftoppm
(poppler-utils): Chromium prints the inline SVG as vector paths, so there is no image in the
PDF to extract, and reading the drawn page is what a phone at the counter does.
"""
from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfReader

from conftest import run_generator
from kb.common.problems import BuildError
from kb.site.sitemap import SITE_URL_ENV, SITE_URL_NOTICE, UNSET_SITE_URL, public_url

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = "https://destek.izmir.example.gov.tr/bilgi/"
PLACEHOLDER = "https://destekli-istihdam.example.org/"  # the example address mkdocs.yml once had (issue 16)
PRINTED = ["kio-engelli", "destekli-istihdam-programi"]  # one checklist of the guide, the programme's


def _build(out: Path, address: str | None, monkeypatch) -> str:
    """Build the project into `out` with SITE_URL set to `address` (None: unset); its output."""
    from kb.commands.build import build

    if address is None:
        monkeypatch.delenv(SITE_URL_ENV, raising=False)
    else:
        monkeypatch.setenv(SITE_URL_ENV, address)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        build(ROOT, quiet=False, out=out)
    return err.getvalue()


@contextlib.contextmanager
def _served(site: Path):
    from kb.commands.serve import make_server

    server = make_server(site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Built:
    def __init__(self, site: Path, output: str, url: str):
        self.site, self.output, self.url = site, output, url
        self.catalog = json.loads((site / "data" / "catalog.json").read_text(encoding="utf-8"))
        self.checklists = {c["id"]: c for c in self.catalog["checklists"]}

    def html(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")


def _build_by_command(root: Path, address: str) -> tuple[Path, str]:
    """`generator.py build --root ROOT --site-url ADDRESS` as a publisher runs it, SITE_URL unset,
    in a root whose files are links to this project's (its build/ is its own); its site and output."""
    import os
    import subprocess
    import sys

    for entry in ROOT.iterdir():
        if entry.name not in ("build", ".git", ".venv", "node_modules"):
            (root / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    env = {k: v for k, v in os.environ.items() if k != SITE_URL_ENV}
    run = subprocess.run([sys.executable, str(ROOT / "generator.py"), "build", "--root", str(root), "--site-url", address],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    return root / "build" / "site", run.stdout + run.stderr


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """{"unset": Built, "set": Built}: the two builds, each served while the module runs. Without
    an address means SITE_URL set to a placeholder (public_url() reads it as unset, as it
    reads no SITE_URL at all: test_the_address_is_read_from_site_url); the address is given on
    the command line (`--site-url`), which takes SITE_URL's place."""
    made = {}
    with pytest.MonkeyPatch.context() as mp:  # SITE_URL is the session's again once both are built
        site = tmp_path_factory.mktemp("site-unset")
        made["unset"] = (site, _build(site, PLACEHOLDER, mp))
    made["set"] = _build_by_command(tmp_path_factory.mktemp("root-set"), ADDRESS)
    with contextlib.ExitStack() as stack:
        yield {name: Built(site, output, stack.enter_context(_served(site))) for name, (site, output) in made.items()}


def _print(browser, url: str, pdf: Path) -> Path:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(url, wait_until="load")
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4")
    finally:
        ctx.close()
    return pdf


def qr_codes(pdf: Path) -> list[str]:
    """The contents of every QR code on the printed pages, read back from the drawn pages."""
    for tool, package in (("pdftoppm", "poppler-utils"), ("zbarimg", "zbar-tools")):
        if not shutil.which(tool):
            pytest.fail(f"{tool} not found: run `make test` (it installs Debian's {package})")
    prefix = pdf.with_suffix("")
    # grey PGM: PNG would cost more time to encode than everything else here
    subprocess.run(["pdftoppm", "-gray", "-r", "150", str(pdf), str(prefix)], check=True, capture_output=True)
    pages = sorted(pdf.parent.glob(prefix.name + "-*.pgm"))
    assert pages, "pdftoppm drew no page"
    run = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", *map(str, pages)],
                         capture_output=True, text=True)
    assert run.returncode in (0, 4), run.stderr  # 4: no code found
    return run.stdout.splitlines()


def printed_text(pdf: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(pdf)).pages))


# ------------------------------------------------------------------ the setting itself
@pytest.mark.parametrize("value, expected", [
    (None, None), ("", None), ("  ", None),
    # hosts reserved for examples (RFC 2606): placeholders, as good as unset
    ("https://destekli-istihdam.example.org/", None), ("https://www.example.com", None),
    ("https://site.example/", None), (UNSET_SITE_URL, None),
    ("https://destek.izmir.example.gov.tr", "https://destek.izmir.example.gov.tr/"),
    ("https://ornek.gov.tr/destek", "https://ornek.gov.tr/destek/"), ("http://10.0.0.5:8080/", "http://10.0.0.5:8080/"),
])
def test_the_address_is_read_from_site_url(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv(SITE_URL_ENV, raising=False)
    else:
        monkeypatch.setenv(SITE_URL_ENV, value)
    assert public_url() == expected


@pytest.mark.parametrize("value", ["destek.ornek.gov.tr", "ftp://ornek.gov.tr/", "https:///yol/",
                                   "https://ornek.gov.tr/?a=1", "https://ornek.gov.tr/#x", "https://orn ek.gov.tr/"])
def test_an_address_that_is_not_one_fails_the_build_before_anything_is_written(monkeypatch, tmp_path, value):
    monkeypatch.setenv(SITE_URL_ENV, value)
    with pytest.raises(BuildError) as err:
        public_url()
    assert str(err.value.problems.sorted()[0]).startswith("SITE_URL: sitenin adresi geçersiz")
    # the same through the command line's option, which takes SITE_URL's place
    monkeypatch.setenv(SITE_URL_ENV, ADDRESS)
    # (into an empty root: were the address taken, the build would fail on the missing content instead)
    run = run_generator("build", "--root", tmp_path, "--site-url", value)
    assert run.returncode == 1 and "SITE_URL: sitenin adresi geçersiz" in run.stderr, run.stderr
    assert not list(tmp_path.iterdir()), "a build with an invalid address wrote something"


# ------------------------------------------------------------------ without an address
def test_without_an_address_the_build_says_so_once_and_succeeds(builds):
    lines = builds["unset"].output.splitlines()
    assert lines.count(SITE_URL_NOTICE) == 1, builds["unset"].output
    assert sum("SITE_URL" in line for line in lines) == 1
    assert lines[-1].startswith("Site hazır:")
    assert "SITE_URL" not in builds["set"].output, builds["set"].output


def test_without_an_address_no_page_names_one(builds):
    b = builds["unset"]
    assert b.checklists and all(c["absolute_url"] is None for c in b.checklists.values())
    for cl in b.checklists.values():
        html = b.html(cl["url"])
        assert "kb-cl-qr" not in html and "kb-cl-url" not in html and "Çevrimiçi sayfa" not in html, cl["id"]
    pages = list(b.site.rglob("*.html"))
    assert not [p for p in pages if 'rel="canonical"' in p.read_text(encoding="utf-8")]
    assert not (b.site / "sitemap.xml").exists() and not (b.site / "sitemap.xml.gz").exists()
    # the placeholder of old and the never-resolving host appear only as the schemas' $id
    for f in b.site.rglob("*"):
        if f.is_file() and f.suffix in (".html", ".json", ".xml", ".js", ".txt"):
            text = f.read_text(encoding="utf-8", errors="replace")
            assert "example.org" not in text, f
            if "destekli-istihdam.invalid" in text:
                assert f.suffix == ".json" or f.parent.parent.name == "formlar", f


def test_without_an_address_the_schemas_have_a_valid_never_resolving_id(builds):
    b = builds["unset"]
    schemas = sorted((b.site / "schemas").rglob("*.schema.json"))
    assert len(schemas) > 5
    for f in schemas:
        schema = json.loads(f.read_text(encoding="utf-8"))
        assert schema["$id"] == UNSET_SITE_URL + f.relative_to(b.site).as_posix(), f
        jsonschema.Draft202012Validator.check_schema(schema)
    schema = json.loads((b.site / "schemas" / "forms" / "on-basvuru.schema.json").read_text(encoding="utf-8"))
    example = json.loads((ROOT / "tests" / "forms" / "on-basvuru" / "gecerli-bizzat.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(example)  # the $id takes nothing away
    assert all(f["schema_id"].startswith(UNSET_SITE_URL) for f in b.catalog["forms"])


@pytest.mark.parametrize("cid", PRINTED)
def test_without_an_address_the_printed_checklist_has_no_qr_code_and_no_address(builds, browser, tmp_path, cid):
    b = builds["unset"]
    pdf = _print(browser, b.url + b.checklists[cid]["url"], tmp_path / f"{cid}.pdf")
    assert qr_codes(pdf) == []
    text = printed_text(pdf)
    # (the content itself quotes other sites' addresses: the page's own path is what must not be there)
    assert "Çevrimiçisayfa" not in text and "kontrol-listeleri/" not in text
    assert "invalid" not in text and "example" not in text
    assert re.sub(r"\s+", "", b.checklists[cid]["title"]) in text  # the sheet itself is there


# ------------------------------------------------------------------ with an address
@pytest.mark.parametrize("cid", PRINTED)
def test_with_an_address_the_printed_qr_code_leads_to_the_page(builds, browser, tmp_path, cid):
    b = builds["set"]
    cl = b.checklists[cid]
    assert cl["absolute_url"] == ADDRESS + cl["url"]
    pdf = _print(browser, b.url + cl["url"], tmp_path / f"{cid}.pdf")
    assert qr_codes(pdf) == [ADDRESS + cl["url"]]
    assert re.sub(r"\s+", "", "Çevrimiçi sayfa: " + ADDRESS + cl["url"]) in printed_text(pdf)


def test_with_an_address_the_site_names_it(builds):
    b = builds["set"]
    for cl in b.checklists.values():
        assert f'<span class="kb-cl-url">{ADDRESS}{cl["url"]}</span>' in b.html(cl["url"])
        assert f'<link rel="canonical" href="{ADDRESS}{cl["url"]}">' in b.html(cl["url"])
    for f in sorted((b.site / "schemas").rglob("*.schema.json")):
        assert json.loads(f.read_text(encoding="utf-8"))["$id"] == ADDRESS + f.relative_to(b.site).as_posix()
    assert all(f["schema_id"].startswith(ADDRESS + "schemas/forms/") for f in b.catalog["forms"])
    locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", (b.site / "sitemap.xml").read_text(encoding="utf-8"))
    assert ADDRESS in locs and all(loc.startswith(ADDRESS) for loc in locs)
