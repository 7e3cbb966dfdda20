"""No silent loss in the build (issue 17): the build said "51 sayfa" and wrote 49, because two
pages claimed one address and one overwrote the other; two parameter groups claiming one id
gave two sections (and repeated HTML ids) on the amounts page. Each now fails the build with
a Turkish message naming both claimants, exit code 1, and leaves the last good site as it was.

Every case is provoked on a private project root (bench/run.py make_root: content/ copied,
the code linked) whose build/site/ holds the last good site, and built as a user builds it:
`generator.py build --root ROOT`.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.common.problems import BuildError
from kb.content.loader import load_knowledge_base

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("kb_bench_run_claims", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

TYPES = "content/proje-turleri.yaml"


def _type_line(pid: str) -> int:
    """The line of a project type's id in content/proje-turleri.yaml (where messages point)."""
    lines = (ROOT / TYPES).read_text(encoding="utf-8").splitlines()
    return lines.index(f"{pid}:") + 1
GROUPS = "content/parametre-gruplari.yaml"


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path, built_site) -> Path:
    """A private project root; its build/site/ holds the last good site (the real content's)."""
    root, _ = bench.make_root(1, tmp_path, [])
    shutil.copytree(built_site, root / "build" / "site")
    return root


def build_cli(root: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KB_DEBUG"}
    return subprocess.run([sys.executable, str(ROOT / "generator.py"), "build", "--root", str(root), "--quiet"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)


def failed_and_untouched(root: Path, before: dict) -> str:
    """Build, expect a failure (exit 1, no traceback), the last site untouched; the messages."""
    r = build_cli(root)
    assert r.returncode == 1, f"exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    assert "Traceback" not in r.stderr and "beklenmeyen hata" not in r.stderr, r.stderr
    assert _snapshot(root / "build" / "site") == before, "a failed build changed build/site/"
    leftovers = [p.name for p in (root / "build").iterdir() if p.name not in ("cache", "site")]
    assert not leftovers, f"a failed build left its staging folder behind: {leftovers}"
    return r.stderr


def test_the_unbroken_copy_builds(project):
    """The unbroken copy builds (exit 0): the failures below come from what each test breaks."""
    r = build_cli(project)
    assert r.returncode == 0, r.stderr


def test_two_pages_with_one_address_fail_the_build(project):
    """Two guide parts whose page titles slug alike (a part's page is named after its first
    project type's kisa_baslik) would write one page over the other."""
    before = _snapshot(project / "build" / "site")
    path = project / TYPES
    text = path.read_text(encoding="utf-8")
    assert "  kisa_baslik: Destek teknolojileri\n" in text
    path.write_text(text.replace("  kisa_baslik: Destek teknolojileri\n", "  kisa_baslik: Korumalı işyeri\n"),
                    encoding="utf-8")
    kb = load_knowledge_base(project)
    b, d = kb.nodes["rehber-2020-1:sec_4__sub_B"], kb.nodes["rehber-2020-1:sec_4__sub_D"]
    err = failed_and_untouched(project, before)
    line = next(x for x in err.splitlines() if "iki sayfa aynı adresi kullanıyor" in x)
    # at the second claimant's source, naming both by title, Markdown file and source file:line
    assert line.startswith(f"{d.file}:{d.pos[0]}:1: iki sayfa aynı adresi kullanıyor: 'rehber/2020-1/korumali-isyeri/' — "), line
    assert f"'Korumalı işyeri' (rehber/2020-1/korumali-isyeri.md, {b.file}:{b.pos[0]}, guide_part.md.j2" in line, line
    assert f"{d.file}:{d.pos[0]}, guide_part.md.j2, kb.site.pages.core_pages)" in line, line
    assert "biri ötekinin yerine yazılırdı — sayfalardan birinin adresini değiştirin" in line, line
    assert "kisa_baslik" in line
    assert err.rstrip().endswith("sorun bulundu."), err


def test_two_pages_with_one_address_are_named_with_their_providers():
    """The merge itself (kb/site/outputs.py): the same URL from two providers, one page as
    "a.md" and one as "a/index.md", fails; so do two different files with one path, while the
    same file published twice (a vendored library) is one file."""
    from kb.site.outputs import merge_outputs
    from kb.site.render import Asset, Output, Page

    one = Output(pages=[Page("a.md", "Birinci", "x.md.j2")], assets=[Asset("assets/ortak.js", b"1")])
    two = Output(pages=[Page("a/index.md", "İkinci", "y.md.j2", source="content/ornek.yaml:4")],
                 assets=[Asset("assets/ortak.js", b"1")])
    merged = merge_outputs([("p1", one), ("p3", Output(assets=[Asset("assets/ortak.js", b"1")]))])
    assert len(merged.pages) == 1 and len(merged.assets) == 2
    with pytest.raises(BuildError) as exc:
        merge_outputs([("p1", one), ("p2", two)])
    [p] = exc.value.problems.sorted()
    assert (p.file, p.line) == ("content/ornek.yaml", 4)
    assert p.message == ("iki sayfa aynı adresi kullanıyor: 'a/' — 'Birinci' (a.md, x.md.j2, p1) ve "
                         "'İkinci' (a/index.md, content/ornek.yaml:4, y.md.j2, p2); biri ötekinin yerine yazılırdı")
    with pytest.raises(BuildError) as exc:
        merge_outputs([("p1", one), ("p2", Output(assets=[Asset("assets/ortak.js", b"2")]))])
    [p] = exc.value.problems.sorted()
    assert p.message.startswith("iki dosya aynı yolu kullanıyor: 'assets/ortak.js' — 'assets/ortak.js' (p1) ve "
                                "'assets/ortak.js' (p2)"), p.message


HOOK = '''"""A test hook: loses one written page and writes one nobody announced."""
from pathlib import Path


def on_post_build(config):
    site = Path(config["site_dir"])
    (site / "tutarlar" / "index.html").unlink()
    (site / "fazla").mkdir()
    (site / "fazla" / "index.html").write_text("<!doctype html><title>fazla</title>", encoding="utf-8")
'''


def test_pages_announced_and_written_must_match(project):
    """What mkdocs writes is counted against the pages handed to it, before anything reaches
    build/site/: a page lost on the way (here a hook deletes one) and a page nobody announced."""
    before = _snapshot(project / "build" / "site")
    cfg = project / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    assert "hooks:\n  - kb/ssg/hooks.py\n" in text
    cfg.unlink()  # a symlink to the project's: the copy gets its own
    cfg.write_text(text.replace("hooks:\n  - kb/ssg/hooks.py\n", "hooks:\n  - kb/ssg/hooks.py\n  - kayip_sayfa.py\n"),
                   encoding="utf-8")
    (project / "kayip_sayfa.py").write_text(HOOK, encoding="utf-8")
    err = failed_and_untouched(project, before)
    lines = err.splitlines()
    pages = sum(1 for x in before if x.endswith("index.html"))  # the copy's content is the real one
    missing = next(x for x in lines if "yazılmadı" in x)
    assert missing.startswith(f"mkdocs: 'Tutarlar ve oranlar' sayfası (tutarlar.md, şablon amounts.md.j2) üretildi "
                              f"ama yazılmadı: tutarlar/index.html yok ({pages} sayfa üretildi, mkdocs {pages} sayfa yazdı)"), missing
    assert "exclude_docs" in missing
    extra = next(x for x in lines if "fazla/" in x)
    assert extra.startswith("mkdocs: fazla/index.html yazıldı ama hiçbir sayfaya ait değil"), extra
    assert err.rstrip().endswith("2 sorun bulundu."), err


def test_a_group_with_a_project_types_id_fails_the_build(project):
    """A parameter group (content/parametre-gruplari.yaml) with a project type's id: the amounts
    page would show two sections 'grup-kio-engelli'."""
    before = _snapshot(project / "build" / "site")
    groups = project / GROUPS
    groups.write_text(groups.read_text(encoding="utf-8") + "\nkio-engelli:\n  baslik: Kendi işini kurma (grup)\n",
                      encoding="utf-8")
    group_line = len(groups.read_text(encoding="utf-8").splitlines()) - 1
    err = failed_and_untouched(project, before)
    assert (f"{GROUPS}:{group_line}:1: 'kio-engelli' hem parametre grubu hem proje türü (proje türü: {TYPES}:{_type_line('kio-engelli')}) — "
            "gruba ya da proje türüne başka bir kimlik verin") in err, err


def test_the_amounts_page_refuses_two_sections_with_one_id(kb, sm):
    """The amounts page checks on its own too (kb/site/pages.py), whatever loaded the knowledge
    base: a section id claimed twice, and a parameter no section shows."""
    import copy

    from kb.content.model import ParamGroup
    from kb.site.pages import core_pages

    kb2 = copy.copy(kb)
    kb2.param_groups = {**kb.param_groups, "kio-engelli": ParamGroup("kio-engelli", "Grup", 9, GROUPS, (13, 1))}
    with pytest.raises(BuildError) as exc:
        core_pages(kb2, sm)
    [p] = exc.value.problems.sorted()
    assert (p.file, p.line) == (GROUPS, 13)
    assert p.message == (f"'kio-engelli' kimliğini iki bölüm kullanıyor: proje türü 'kio-engelli' ({TYPES}:{_type_line('kio-engelli')}) ve "
                         f"parametre grubu 'kio-engelli' ({GROUPS}:13); tutarlar sayfasında iki 'grup-kio-engelli' "
                         "bölümü olurdu")
    kb3 = copy.copy(kb)
    kb3.param_groups = {k: g for k, g in kb.param_groups.items() if k != "genel"}
    with pytest.raises(BuildError) as exc:
        core_pages(kb3, sm)
    shown = exc.value.problems.sorted()
    assert shown and all("tutarlar sayfasında hiçbir bölüme girmiyor: 'genel' ne proje türü ne parametre grubu"
                         in p.message for p in shown)
    genel = [x for x in kb.params.values() if x.project_type == "genel"]
    assert [(p.file, p.line) for p in shown] == sorted((x.file, x.pos[0]) for x in genel)
