"""Corrections and source notes live per source file, in content/duzeltmeler/<source file>.yaml.

They describe the source file named by `dosya:` in kaynaklar.yaml (OCR or scraping damage,
the source's own contradictions), not a period's text, so copying content/rehber/<period>/
to start a new period must not copy them. These tests prove that:

- the loader attaches every entry of those files to the node (or document) it names, so the
  knowledge base is what it was when the entries were written on the nodes;
- no text file holds them any more, and `check` says where they belong when one does
  (guide period, footnotes, regulation, kaynaklar.yaml), at the key, in Turkish;
- `check` reports an entry keyed by an id its document does not have (with the closest id),
  a file named after no listed source file, a document-level correction without `yer`;
- no content, rule or form file names a file by a path that exists on one machine only.

The broken-content tests use the helpers of test_check_errors.py (cold, warm and no cache).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import line_of
from test_check_errors import edit, only_problem, problems

ROOT = Path(__file__).resolve().parents[2]
RECORDS = "content/duzeltmeler"
GUIDE_RECORDS = f"{RECORDS}/002_c15e343583145610.yaml"
REG_RECORDS = f"{RECORDS}/000_bc3562c9cb94dbb3.yaml"
SOURCES = "content/kaynaklar.yaml"


def load_yaml(path: Path):
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ------------------------------------------------------------------- the project's content


def test_every_records_file_is_named_after_a_listed_source_file():
    listed = {Path(m["dosya"]).stem: doc_id for doc_id, m in load_yaml(ROOT / SOURCES).items()}
    files = sorted((ROOT / RECORDS).glob("*.yaml"))
    assert [p.stem for p in files] == sorted(listed), "one records file per source file"


def test_every_entry_is_attached_to_the_node_it_names(kb):
    listed = {Path(m["dosya"]).stem: doc_id for doc_id, m in load_yaml(ROOT / SOURCES).items()}
    entries = 0
    for p in sorted((ROOT / RECORDS).glob("*.yaml")):
        doc_id = listed[p.stem]
        data = load_yaml(p)
        assert [c.original for c in kb.docs[doc_id].corrections] == [c["ozgun"] for c in data.get("duzeltmeler", [])]
        for nid, entry in data["dugumler"].items():
            node = kb.nodes[f"{doc_id}:{nid}"]
            assert [c.original for c in node.corrections] == [c["ozgun"] for c in entry.get("duzeltmeler", [])], nid
            assert [n.text for n in node.notes] == [n["aciklama"] for n in entry.get("kaynak_notlari", [])], nid
            entries += 1
    # every correction and note of the knowledge base came from these files
    assert sum(1 for _ in kb.all_corrections()) == 106
    assert sum(1 for _ in kb.all_notes()) == 15
    assert entries == len({n.cite for _, n, _ in kb.all_corrections() if n} | {n.cite for n, _ in kb.all_notes()})


def test_records_land_on_the_same_nodes_as_before(kb):
    """A few entries pinned to the node they were written on before they moved."""
    onsoz = kb.nodes["rehber-2020-1:sec_onsoz__para_4"]
    assert [c.original for c in onsoz.corrections] == ["ADVERSTISEMENT"]
    assert [(n.kind, n.related[0]) for n in onsoz.notes] == [("tutarsizlik", "rehber-2020-1:sec_3__list_1")]
    assert kb.nodes["rehber-2020-1:fn_1"].corrections[0].original.startswith("• 1 09/01/2014")
    point = kb.nodes["yonetmelik:art_5__point_a"]
    assert [(c.field, c.original, c.corrected) for c in point.corrections] == [("harf", "-", "a)")]
    assert [c.where for c in kb.docs["yonetmelik"].corrections][:2] == ["Madde 3'ten sonra"] * 2
    assert kb.docs["rehber-2020-1"].corrections == []


def test_no_text_file_holds_records():
    """What an editor copies to start a new period carries no corrections or source notes."""
    texts = sorted((ROOT / "content" / "rehber").rglob("*.yaml")) + [ROOT / "content" / "yonetmelik.yaml",
                                                                      ROOT / SOURCES]
    for p in texts:
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            assert not re.match(r"^\s*(duzeltmeler|kaynak_notlari):", line), f"{p.relative_to(ROOT)}:{i}: {line}"


def test_no_file_names_a_path_of_one_machine():
    """Comments name a source file by its name (002_….txt (../shared/seeds/)), not by /work/…."""
    found = []
    for folder in ("content", "rules", "forms"):
        for p in sorted((ROOT / folder).rglob("*")):
            if p.is_file() and p.suffix in (".yaml", ".md"):
                for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                    if re.search(r"(^|[\s(\"'`])/(work|home|root|tmp|Users|mnt)/", line):
                        found.append(f"{p.relative_to(ROOT)}:{i}: {line.strip()}")
    assert not found, "\n".join(found)
    guide_headers = [p.read_text(encoding="utf-8").splitlines()[1]
                     for p in sorted((ROOT / "content" / "rehber" / "2020-1").glob("*.yaml"))]
    assert len(guide_headers) == 16
    for line in guide_headers:
        assert re.match(r"^# Kaynak: 002_c15e343583145610\.txt \(\.\./shared/seeds/\), satır \d+–\d+\.$", line), line


@pytest.mark.parametrize("new_source_file", [True, False], ids=["own-source-file", "copied-entry"])
def test_a_new_period_copied_from_the_folder_has_no_records(content_copy, new_source_file):
    """The issue's case: a period started as a copy of rehber/2020-1 (bench/run.py does what
    content/README.md says) gets none of 2020/1's records; 2020/1 keeps all of them, also when
    the copied kaynaklar.yaml entry still names 2020/1's source file."""
    import importlib.util

    from kb.content.loader import load_knowledge_base

    spec = importlib.util.spec_from_file_location("kb_bench_run_records", ROOT / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.add_periods(content_copy / "content", ["2100-1"])
    if new_source_file:
        sources = content_copy / SOURCES
        text = sources.read_text(encoding="utf-8")
        head, tail = text.split("rehber-2100-1:", 1)
        sources.write_text(head + "rehber-2100-1:" + tail.replace("002_c15e343583145610.txt", "003_0123456789abcdef.txt", 1),
                           encoding="utf-8")
    kb = load_knowledge_base(content_copy)
    assert kb.docs["rehber-2100-1"].file == ("003_0123456789abcdef.txt" if new_source_file else "002_c15e343583145610.txt")
    new = [n for n in kb.nodes.values() if n.doc == "rehber-2100-1"]
    old = [n for n in kb.nodes.values() if n.doc == "rehber-2020-1"]
    assert len(new) == len(old) > 300
    assert not any(n.corrections or n.notes for n in new)
    entries = load_yaml(ROOT / GUIDE_RECORDS)["dugumler"].values()
    assert sum(len(n.corrections) for n in old) == sum(len(e.get("duzeltmeler", [])) for e in entries) > 70
    assert sum(len(n.notes) for n in old) == sum(len(e.get("kaynak_notlari", [])) for e in entries) > 5


# ------------------------------------------------------------------- what `check` reports


@pytest.mark.parametrize("old,new,fragments", [
    ("  sec_onsoz__para_4:\n", "  sec_onsoz__para_44:\n",
     ["'sec_onsoz__para_44' kimliği rehber-2020-1 belgesinde yok", "bunu mu demek istediniz: sec_onsoz__para_4"]),
    ("  sec_onsoz__para_4:\n", "  bolum_dort:\n",
     ["'bolum_dort' kimliği rehber-2020-1 belgesinde yok", "var olan bir düğümün kimliğini yazın"]),
], ids=["typo", "no-such-id"])
def test_entry_keyed_by_an_id_the_document_does_not_have(content_copy, old, new, fragments):
    line, _ = edit(content_copy, GUIDE_RECORDS, old, new)
    only_problem(content_copy, GUIDE_RECORDS, line, 3, *fragments)


def test_entry_of_the_regulation_keyed_by_a_guide_id(content_copy):
    """The document is the one whose source file names the file, not a guess from the id."""
    line, _ = edit(content_copy, REG_RECORDS, "  art_5__point_a:\n", "  sec_onsoz__para_4:\n")
    only_problem(content_copy, REG_RECORDS, line, 3, "'sec_onsoz__para_4' kimliği yonetmelik belgesinde yok")


def test_file_named_after_a_source_file_that_is_not_listed(content_copy):
    rel = f"{RECORDS}/003_0123456789abcdef.yaml"
    shutil.copy(content_copy / GUIDE_RECORDS, content_copy / rel)
    only_problem(content_copy, rel, 1, 1, "'003_0123456789abcdef.yaml' hiçbir kaynak dosyanın adını taşımıyor",
                 "kaynaklar.yaml'da 'dosya: 003_0123456789abcdef.…' olan bir belge yok",
                 "002_c15e343583145610.yaml (rehber-2020-1)", "000_bc3562c9cb94dbb3.yaml (yonetmelik)")


def test_a_file_that_is_not_yaml_in_the_records_folder(content_copy):
    rel = f"{RECORDS}/002_c15e343583145610.yml"
    shutil.move(content_copy / GUIDE_RECORDS, content_copy / rel)
    only_problem(content_copy, rel, 0, 0, "beklenmeyen dosya (yalnızca .yaml okunur)", "uzantıyı .yaml yapın")


INLINE = "duzeltmeler:\n{i}  - alan: metin\n{i}    ozgun: \"x\"\n{i}    duzeltilmis: \"y\"\n{i}    neden: \"OCR hatası.\"\n"
INLINE_NOTE = "kaynak_notlari:\n{i}  - tur: bosluk\n{i}    aciklama: \"Kaynakta boş bırakılmış.\"\n"


@pytest.mark.parametrize("rel,anchor,indent,block,where,records,node_id", [
    ("content/rehber/2020-1/11-bolum-5.yaml", "      rol: son_tarih\n", "      ", INLINE, "dönem klasöründe",
     GUIDE_RECORDS, "sec_5__para_1"),
    ("content/rehber/2020-1/11-bolum-5.yaml", "      rol: son_tarih\n", "      ", INLINE_NOTE, "dönem klasöründe",
     GUIDE_RECORDS, "sec_5__para_1"),
    ("content/rehber/2020-1/dipnotlar.yaml", "    metin: \"09/01/2014 tarih ve 28877 sayılı Resmi Gazete’de yayımlanmıştır.\"\n",
     "    ", INLINE, "dönem klasöründe", GUIDE_RECORDS, "fn_1"),
    ("content/yonetmelik.yaml", "                metin: \"Belgelerin süresinde sunulmaması,\"\n", "                ",
     INLINE, "metin dosyasında", REG_RECORDS, "art_22__point_b"),
], ids=["guide-correction", "guide-source-note", "footnote", "regulation"])
def test_records_written_inline_say_where_they_belong(content_copy, rel, anchor, indent, block, where, records, node_id):
    line, _ = edit(content_copy, rel, anchor, anchor + indent + block.format(i=indent))
    key = block.split(":")[0]
    only_problem(content_copy, rel, line + anchor.count("\n"), len(indent) + 1,
                 f"'{key}' {where} yazılmaz", "kaynak dosyaya", f"{records} dosyasında tutulur",
                 f"bu listeyi {records} dosyasına, 'dugumler:' altında '{node_id}:' anahtarının içine taşıyın")


def test_a_guide_list_item_with_inline_records(content_copy):
    rel = "content/rehber/2020-1/06-bolum-4A.yaml"
    anchor = '                - no: "h"\n'
    line, _ = edit(content_copy, rel, anchor, anchor + "                  " + INLINE_NOTE.format(i="                  "))
    only_problem(content_copy, rel, line + 1, 19, "'kaynak_notlari' dönem klasöründe yazılmaz", GUIDE_RECORDS,
                 "'sec_4__sub_A__sub_a__sub_i__list_1__point_h:'")


def test_document_corrections_written_in_kaynaklar(content_copy):
    anchor = '  dayanaklar_kaynak: "yonetmelik:art_3"\n'
    line, _ = edit(content_copy, SOURCES, anchor,
                   anchor + "  " + INLINE.format(i="  ").replace("alan: metin", "alan: yapi\n      yer: \"Madde 3\""))
    only_problem(content_copy, SOURCES, line + 1, 3, "'duzeltmeler' kaynaklar.yaml'da yazılmaz",
                 f"{REG_RECORDS} dosyasında tutulur", f"bu listeyi {REG_RECORDS} dosyasının en üstüne")


def test_document_correction_without_its_place(content_copy):
    line, _ = edit(content_copy, REG_RECORDS, "    yer: \"Madde 3'ten sonra\"\n    ozgun: \"S.\"\n", "    ozgun: \"S.\"\n")
    only_problem(content_copy, REG_RECORDS, line - 1, 5, "zorunlu alan eksik: 'yer'", "'yer' alanını ekleyin")


def test_unknown_field_in_an_entry(content_copy):
    line, _ = edit(content_copy, GUIDE_RECORDS, "  sec_onsoz__para_4:\n", "  sec_onsoz__para_4:\n    aciklama: \"x\"\n")
    p = only_problem(content_copy, GUIDE_RECORDS, line + 1, 5, "bilinmeyen alan: 'aciklama'")
    assert "duzeltmeler, kaynak_notlari" in p.fix


def test_related_passage_of_a_note_that_does_not_exist(content_copy):
    old = '          - "rehber-2020-1:sec_3__list_1__point_5"\n'
    line, col = edit(content_copy, GUIDE_RECORDS, old, old.replace("point_5", "point_9"))
    only_problem(content_copy, GUIDE_RECORDS, line, col + 12, "atıf bulunamadı: 'rehber-2020-1:sec_3__list_1__point_9'",
                 "bunu mu demek istediniz: rehber-2020-1:sec_3__list_1__point_")


def test_key_not_reported_again_when_the_text_lost_the_id(content_copy):
    """A duplicate id in the text is the slip: the entry of the id it hid is not a second problem."""
    rel = "content/yonetmelik.yaml"
    assert line_of(content_copy / REG_RECORDS, "  art_5__point_b:")
    line, _ = edit(content_copy, rel, "              - harf: b\n                metin: >-\n                  Adayların",
                   "              - harf: a\n                metin: >-\n                  Adayların")
    ps = problems(content_copy)
    assert all(p.file == rel for p in ps), "\n".join(map(str, ps))
    assert any(p.line == line and "'yonetmelik:art_5__point_a' kimliği iki kez üretildi" in p.message for p in ps)


def test_wrong_key_still_reported_beside_an_inline_record(content_copy):
    """Records written inline change no id: they do not hide a wrong key of the records file."""
    rel = "content/rehber/2020-1/11-bolum-5.yaml"
    edit(content_copy, rel, "      rol: son_tarih\n", "      rol: son_tarih\n      " + INLINE_NOTE.format(i="      "))
    line, _ = edit(content_copy, GUIDE_RECORDS, "  sec_onsoz__para_4:\n", "  sec_onsoz__para_44:\n")
    ps = problems(content_copy)
    assert len(ps) == 2, "\n".join(map(str, ps))
    assert (ps[0].file, ps[0].line, ps[0].column) == (GUIDE_RECORDS, line, 3)
    assert "'sec_onsoz__para_44' kimliği rehber-2020-1 belgesinde yok" in ps[0].message
    assert ps[1].file == rel and "'kaynak_notlari' dönem klasöründe yazılmaz" in ps[1].message
