"""Project types across guide periods, and parameter groups from data (issue 17).

- content/proje-turleri.yaml cites period-free (`rehber:sec_3__list_1__point_1`): a type
  exists in every period where its `kaynak` resolves, `cites` has each period's node and
  `cite`/`part_cite` are the newest period's; a period-specific citation names one period;
  `check` reports a `kaynak` found in no period, a `bolum` that names only one period of
  several, and a guide part that names a type its period does not have (file:line).
- the groups a parameter's `proje_turu` may name besides project types are data
  (content/parametre-gruplari.yaml): a new group needs no code, a group with a project
  type's id is refused naming both files and lines, an unknown `proje_turu` lists the ids
  the data allows.

Each broken case is a private copy (conftest `content_copy`, or bench/run.py make_root for
a second period made as an editor makes one) loaded by the content loader.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import check_verdict, line_of
from kb.common.problems import BuildError, Problem
from kb.content.loader import Loader

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("kb_bench_run_types", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

TYPES = "content/proje-turleri.yaml"
GROUPS = "content/parametre-gruplari.yaml"
GENEL = "content/parametreler/genel.yaml"
GUIDE_4A = "content/rehber/2020-1/06-bolum-4A.yaml"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{rel}: {old!r} not found; has the content changed?"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load(root: Path):
    return Loader(root, cache=False).load()


def problems(root: Path) -> list[Problem]:
    with pytest.raises(BuildError) as exc:
        load(root)
    return exc.value.problems.sorted()


def second_period(tmp_path: Path) -> Path:
    """The real content plus period 2100/1, a copy of the guide (bench/run.py, as an editor adds one)."""
    root, meta = bench.make_root(1, tmp_path, ["2100-1"])
    assert meta["periods"] == 1
    return root


# ------------------------------------------------------------------ periods of a project type

def test_real_types_exist_in_the_one_period_and_cite_it(kb):
    assert len(kb.project_types) == 7
    text = (ROOT / TYPES).read_text(encoding="utf-8")
    assert "rehber-2020-1:" not in text, "proje-turleri.yaml is written period-free"
    for pt in kb.project_types.values():
        assert pt.periods == ["2020/1"], pt.id
        assert pt.cites == {"2020/1": pt.cite} and pt.cite.startswith("rehber-2020-1:sec_3__list_1__point_"), pt.id
        assert pt.cite in kb.nodes
        if pt.id != "diger":
            assert pt.part_cite.startswith("rehber-2020-1:sec_4__sub_") and pt.part_cites == {"2020/1": pt.part_cite}
            assert pt.id in kb.nodes[pt.part_cite].project_types


def test_period_free_types_exist_in_every_period_and_cite_the_newest(tmp_path):
    kb = load(second_period(tmp_path))
    assert kb.periods() == ["2020/1", "2100/1"]
    for pt in kb.project_types.values():
        assert pt.periods == ["2020/1", "2100/1"], pt.id
        point = pt.cites["2020/1"].split(":", 1)[1]
        assert pt.cites == {"2020/1": f"rehber-2020-1:{point}", "2100/1": f"rehber-2100-1:{point}"}
        assert pt.cite == f"rehber-2100-1:{point}", "cite is the newest period's"
        if pt.part_cite:
            part = pt.part_cites["2100/1"].split(":", 1)[1]
            assert pt.part_cite == f"rehber-2100-1:{part}" and pt.part_cites["2020/1"] == f"rehber-2020-1:{part}"


def test_a_period_specific_cite_names_one_period(tmp_path):
    root = second_period(tmp_path)
    # bench/run.py rewrote the file with PyYAML: match the quoting it chose
    edit(root, TYPES, "rehber:sec_3__list_1__point_7", "rehber-2020-1:sec_3__list_1__point_7")
    kb = load(root)
    diger = kb.project_types["diger"]
    assert diger.periods == ["2020/1"] and diger.cite == "rehber-2020-1:sec_3__list_1__point_7"
    assert diger.cites == {"2020/1": diger.cite} and diger.part_cite == ""
    # the others still exist in both
    assert kb.project_types["kio-engelli"].periods == ["2020/1", "2100/1"]


def test_a_kaynak_found_in_no_period_is_reported_where_it_is_written(content_copy):
    edit(content_copy, TYPES, '"rehber:sec_3__list_1__point_7"', '"rehber:sec_3__list_1__point_9"')
    ps = problems(content_copy)
    line = line_of(content_copy / TYPES, "point_9")
    assert len(ps) == 1, "\n".join(map(str, ps))
    p = ps[0]
    assert (p.file, p.line) == (TYPES, line), str(p)
    assert "'rehber:sec_3__list_1__point_9' hiçbir rehber döneminde bulunamadı (2020/1)" in p.message
    assert "proje türü hiçbir dönemde yok" in p.message
    assert p.fix.startswith("bunu mu demek istediniz: rehber:sec_3__list_1__point_"), p.fix


def test_a_bolum_of_one_period_for_a_type_of_two_is_reported(tmp_path):
    root = second_period(tmp_path)
    edit(root, TYPES, "rehber:sec_4__sub_D", "rehber-2020-1:sec_4__sub_D")
    ps = problems(root)
    assert len(ps) == 1, "\n".join(map(str, ps))
    p = ps[0]
    assert (p.file, p.line) == (TYPES, line_of(root / TYPES, "rehber-2020-1:sec_4__sub_D")), str(p)
    assert "'bolum' yalnızca 2020/1 dönemini gösteriyor" in p.message and "2100/1" in p.message
    assert "rehber:sec_4__sub_D" in p.fix


def test_a_part_may_name_only_the_types_of_its_period(tmp_path):
    root = second_period(tmp_path)
    # kio-engelli now exists only in 2100/1, but the 2020/1 guide still names it
    edit(root, TYPES, "rehber:sec_3__list_1__point_1", "rehber-2100-1:sec_3__list_1__point_1")
    ps = problems(root)
    assert ps, "a 2020/1 part names a type of 2100/1 only"
    types_line = line_of(root / TYPES, "kio-engelli")
    for p in ps:
        assert p.file.startswith("content/rehber/2020-1/"), str(p)
        assert "'kio-engelli' proje türü 2020/1 döneminde yok" in p.message, str(p)
        assert f"{TYPES}:{types_line}" in p.message and "2100/1" in p.message, str(p)
    # each at the list of types that names it: section 4-A's first
    first = line_of(root / GUIDE_4A, "proje_turleri: [kio-engelli, kio-eski-hukumlu]")
    column = (root / GUIDE_4A).read_text(encoding="utf-8").splitlines()[first - 1].index("[") + 1
    assert (GUIDE_4A, first, column) in [(p.file, p.line, p.column) for p in ps], "\n".join(map(str, ps))
    lines = (root / GUIDE_4A).read_text(encoding="utf-8").splitlines()
    assert all("kio-engelli" in lines[p.line - 1] for p in ps if p.file == GUIDE_4A), "\n".join(map(str, ps))


# ------------------------------------------------------------------ parameter groups are data

def test_a_new_group_is_one_entry_in_the_data(content_copy):
    from kb.site.pages import core_pages
    from kb.site.sitemap import derive_site

    (content_copy / GROUPS).write_text((content_copy / GROUPS).read_text(encoding="utf-8")
                                       + "\nornek-grup:\n  baslik: Örnek grup\n", encoding="utf-8")
    edit(content_copy, GENEL, "  proje_turu: genel\n", "  proje_turu: ornek-grup\n")
    assert check_verdict(content_copy, cache=False).startswith("İçerik geçerli"), check_verdict(content_copy)
    kb = load(content_copy)
    assert list(kb.param_groups) == ["genel", "destekli-istihdam", "ornek-grup"]
    page = next(p for p in core_pages(kb, derive_site(kb)).pages if p.path == "tutarlar.md")
    groups = [(g["id"], g["title"]) for g in page.context["groups"]]
    # project types first (their order), then the groups (the file's order)
    assert groups[-1] == ("ornek-grup", "Örnek grup")
    assert [g for g, _ in groups[:-3]] == [pt for pt in kb.project_types if pt in {g for g, _ in groups}]
    assert ("destekli-istihdam", "Destekli İstihdam Programı (yönetmelik)") in groups


def test_an_unknown_group_lists_the_ids_the_data_allows(content_copy):
    (content_copy / GROUPS).write_text((content_copy / GROUPS).read_text(encoding="utf-8")
                                       + "\nornek-grup:\n  baslik: Örnek grup\n", encoding="utf-8")
    edit(content_copy, GENEL, "  proje_turu: genel\n", "  proje_turu: genell\n")
    ps = problems(content_copy)
    assert len(ps) == 1, "\n".join(map(str, ps))
    p = ps[0]
    assert (p.file, p.line) == (GENEL, line_of(content_copy / GENEL, "proje_turu: genell")), str(p)
    assert p.message == "bilinmeyen proje türü: 'genell'"
    allowed = p.fix.removeprefix("şunlardan birini yazın: ").split(" (")[0].split(", ")
    assert allowed[:2] == ["kio-engelli", "kio-eski-hukumlu"] and allowed[-3:] == ["genel", "destekli-istihdam", "ornek-grup"]


def test_a_project_type_with_a_group_id_is_refused_naming_both(content_copy):
    """The collision of issue 17: a project type named destekli-istihdam, silently merged with
    the regulation's group on the amounts page."""
    (content_copy / TYPES).write_text((content_copy / TYPES).read_text(encoding="utf-8")
                                      + '\ndestekli-istihdam:\n  baslik: Destekli istihdam projeleri\n'
                                        '  kisa_baslik: Destekli istihdam\n  kaynak: "rehber:sec_3__list_1__point_7"\n',
                                      encoding="utf-8")
    ps = problems(content_copy)
    assert len(ps) == 1, "\n".join(map(str, ps))
    p = ps[0]
    type_line = line_of(content_copy / TYPES, "destekli-istihdam:")
    assert (p.file, p.line, p.column) == (GROUPS, line_of(content_copy / GROUPS, "destekli-istihdam:"), 1), str(p)
    assert f"'destekli-istihdam' hem parametre grubu hem proje türü (proje türü: {TYPES}:{type_line})" == p.message
    assert "başka bir kimlik verin" in p.fix


def test_the_groups_file_is_checked_against_its_schema(content_copy):
    (content_copy / GROUPS).write_text("genel:\n  basllik: Genel\n", encoding="utf-8")
    ps = problems(content_copy)
    assert any(p.file == GROUPS and p.line == 2 and "basllik" in p.message for p in ps), "\n".join(map(str, ps))


# ------------------------------------------------------------------ which audience page lists a type

def test_the_employers_page_lists_the_types_the_data_names(content_copy):
    """`kime: [isverenler]` in content/proje-turleri.yaml, not a list in the code: the real
    data names the four employer types in the file's order; taking it off one drops that one."""
    from kb.site.pages import core_pages
    from kb.site.sitemap import derive_site

    def employer_types(root):
        kb = load(root)
        page = next(p for p in core_pages(kb, derive_site(kb)).pages if p.path == "isverenler.md")
        return [pid for pid, _ in page.context["employer_types"]]

    assert employer_types(content_copy) == ["destek-teknolojileri", "ise-yerlestirme", "mesleki-egitim", "korumali-isyeri"]
    text = (content_copy / "content" / "proje-turleri.yaml").read_text(encoding="utf-8")
    start = text.index("\nmesleki-egitim:\n")
    cut = text.index("  kime: [isverenler]\n", start)
    (content_copy / "content" / "proje-turleri.yaml").write_text(text[:cut] + text[cut + len("  kime: [isverenler]\n"):],
                                                               encoding="utf-8")
    assert check_verdict(content_copy, cache=False).startswith("İçerik geçerli")
    assert employer_types(content_copy) == ["destek-teknolojileri", "ise-yerlestirme", "korumali-isyeri"]
