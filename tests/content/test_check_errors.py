"""`generator.py check` on broken content: every kind of mistake is reported where it is.

Each test breaks a private copy of the content (the `content_copy` fixture) in one place
and proves the checker names the file, line and column, says what is wrong in Turkish and
how to fix it, and reports nothing else (one slip, one problem). The CLI is run as a
subprocess with `--root` to prove the exit codes, the one-run report of all problems, the
summary line, and that hostile input never produces a traceback.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kb.content.loader import Loader
from kb.common.problems import BuildError, Problem
from conftest import line_of

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "generator.py"
ENGLISH = re.compile(r"\b(expected|found|but|while|could not|cannot|error|not allowed|mapping|scalar|token)\b", re.I)
TURKISH = re.compile(r"[çğıöşüÇĞİÖŞÜ]|\b(bilinmeyen|bunu mu demek istediniz|yazın|ekleyin|silin)\b")


# ----------------------------------------------------------------------------- helpers


def edit(root: Path, rel: str, old: str, new: str) -> tuple[int, int]:
    """Replace the first `old` in a content file; return the (line, column) where it started."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    i = text.find(old)
    assert i >= 0, f"{rel}: {old!r} not found; has the content changed?"
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1) + 1
    path.write_text(text[:i] + new + text[i + len(old):], encoding="utf-8")
    return line, col


def _load_problems(root: Path, cache: bool) -> list[Problem] | None:
    try:
        Loader(root, cache=cache).load()
    except BuildError as exc:
        return exc.problems.sorted()
    return None


def problems(root: Path) -> list[Problem]:
    """The problems of one load; the same with a cold cache, a warm one and none (kb/content/filecache.py)."""
    cold = _load_problems(root, cache=True)  # fills build/cache/ of the private copy
    if cold is None:
        pytest.fail("the broken content was accepted")
    assert _load_problems(root, cache=True) == cold, "the warm cache changed the verdict"
    assert _load_problems(root, cache=False) == cold, "the cache changed the verdict"
    return cold


def assert_clear(p: Problem) -> None:
    """Turkish message, a way to fix it, no English left over from the libraries."""
    assert p.message and p.fix, p
    assert TURKISH.search(p.message + " " + p.fix), p
    assert not ENGLISH.search(p.message + " " + p.fix), p


def only_problem(root: Path, file: str, line: int, col: int, *fragments: str) -> Problem:
    ps = problems(root)
    assert len(ps) == 1, "\n".join(map(str, ps))
    p = ps[0]
    assert (p.file, p.line, p.column) == (file, line, col), str(p)
    for f in fragments:
        assert f in p.message + " — " + p.fix, (f, str(p))
    assert_clear(p)
    return p


def find_problem(ps: list[Problem], file: str, line: int, col: int, *fragments: str) -> Problem:
    for p in ps:
        if (p.file, p.line, p.column) == (file, line, col) and all(f in p.message + " — " + p.fix for f in fragments):
            assert_clear(p)
            return p
    pytest.fail(f"no problem at {file}:{line}:{col} with {fragments}; got:\n" + "\n".join(map(str, ps)))


def cli_check(root: Path | None) -> subprocess.CompletedProcess:
    """`generator.py check`, run twice: the second run reads the cache the first wrote (build/cache/)
    and must print exactly the same and exit with the same code."""
    args = [sys.executable, str(GENERATOR), "check"] + (["--root", str(root)] if root else [])
    env = {k: v for k, v in os.environ.items() if k != "KB_DEBUG"}
    first = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    again = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    return first


REG = "content/yonetmelik.yaml"
GENEL = "content/parametreler/genel.yaml"
GUIDE_4A = "content/rehber/2020-1/06-bolum-4A.yaml"
REG_RECORDS = "content/duzeltmeler/000_bc3562c9cb94dbb3.yaml"  # corrections and source notes of the regulation's source file
ART_13_TEXT = '          - metin: "İş koçluğu desteğinin niteliği ve süresi adayın ihtiyaçlarına göre belirlenir."'


# ----------------------------------------------------------------------- YAML-level errors


@pytest.mark.parametrize("rel,old,new,line_offset,at,fragments", [
    # text after a closing quote: reported at the extra text
    (REG, '          - metin: "Bu Usul ve Esaslar;"', '          - metin: "Bu Usul ve Esaslar;" fazla', 0,
     "fazla", ["YAML okunamadı", "beklenmeyen metin", "tırnak içine alın"]),
    # a colon and a space inside unquoted text: reported at the colon
    (GENEL, "  etiket: Son başvuru tarihi", "  etiket: Son başvuru: tarihi", 0,
     ": tarihi", ["YAML okunamadı", "':' beklenmiyor", "tırnak içine alın"]),
    # unquoted text that starts with a parameter marker followed by more text
    (GUIDE_4A, "        - paragraf: >-\n            {p:kio_malzeme", "        - paragraf:\n            {p:kio_malzeme", 1,
     "aylık", ["YAML okunamadı", "'{'", "tırnak içine alın"]),
], ids=["text-after-quote", "colon-in-text", "brace-start"])
def test_yaml_that_does_not_parse(content_copy, rel, old, new, line_offset, at, fragments):
    line, _ = edit(content_copy, rel, old, new)
    line += line_offset
    col = (content_copy / rel).read_text(encoding="utf-8").splitlines()[line - 1].index(at) + 1
    only_problem(content_copy, rel, line, col, *fragments)


def test_duplicate_key(content_copy):
    line, _ = edit(content_copy, GENEL, "  etiket: Son başvuru tarihi\n",
                   "  etiket: Son başvuru tarihi\n  etiket: Başvuru için son gün\n")
    only_problem(content_copy, GENEL, line + 1, 3, "'etiket' anahtarı bu nesnede iki kez var",
                 f"ilki {line}. satırda", "birini silin")


@pytest.mark.parametrize("old,new,col", [
    ("  etiket: Son başvuru tarihi", "  etiket: Son\tbaşvuru tarihi", 14),  # inside a value
    ("  etiket: Son başvuru tarihi", "\tetiket: Son başvuru tarihi", 1),    # as indentation
], ids=["in-value", "as-indentation"])
def test_tab(content_copy, old, new, col):
    line, _ = edit(content_copy, GENEL, old, new)
    only_problem(content_copy, GENEL, line, col, "sekme (tab)", "boşluklarla değiştirin")


@pytest.mark.parametrize("rel,old,new,raw,kind", [
    (REG, ART_13_TEXT, "          - metin: yes", "yes", "evet/hayır (boolean)"),
    (REG, ART_13_TEXT, "          - metin: off", "off", "evet/hayır (boolean)"),
    (GENEL, "  etiket: Son başvuru tarihi", "  etiket: 2020-12-18", "2020-12-18", "tarih (date)"),
    (GENEL, '      deger: "2020-12-18"', "      deger: 2020-12-18", "2020-12-18", "tarih (date)"),
], ids=["yes", "off", "date-as-label", "unquoted-date-value"])
def test_value_yaml_would_silently_turn_into_something_else(content_copy, rel, old, new, raw, kind):
    line, _ = edit(content_copy, rel, old, new)
    col = new.index(raw) + 1
    only_problem(content_copy, rel, line, col, f"YAML '{raw}' değerini {kind} olarak okudu",
                 "burada metin bekleniyor", f'değeri tırnak içine alın: "{raw}"')


@pytest.mark.parametrize("new,raw,ok", [
    ("      deger: 45.000", "45.000", False),     # Turkish thousands point: YAML reads 45.0
    ("      deger: 1.500.000", "1.500.000", False),  # not a number at all to YAML: text
    ("      deger: 45000.50", "", True),            # a decimal amount is an amount
])
def test_an_amount_written_with_a_thousands_point_is_refused(content_copy, new, raw, ok):
    """"45.000" in a TL parameter would silently be 45 TL (a cap of 6 TL on the calculator):
    refused at its line with the way to write it."""
    rel = "content/parametreler/kendi-isini-kurma.yaml"
    line, _ = edit(content_copy, rel, "      deger: 45000\n      kaynak: \"rehber-2020-1:sec_4__sub_A__sub_b__sub_i__list_1__point_c\"",
                   new + "\n      kaynak: \"rehber-2020-1:sec_4__sub_A__sub_b__sub_i__list_1__point_c\"")
    if ok:
        assert _load_problems(content_copy, cache=False) is None
        return
    only_problem(content_copy, rel, line, new.index(raw) + 1, f"geçersiz değer '{raw}'",
                 "45000 ya da 3577.50 (binlik noktası ve birim olmadan)")


# ---------------------------------------------------------------------- schema-level errors


@pytest.mark.parametrize("rel,old,new,line_offset,key,valid", [
    (GENEL, "  etiket: Son başvuru tarihi\n", "  etiket: Son başvuru tarihi\n  etiketi: Son gün\n", 1, "etiketi", "etiket"),
    (REG, "      - no: 9\n", "      - no: 9\n        baslik: Başvuru\n", 1, "baslik", "fikralar"),
    ("content/rehber/2020-1/12-bolum-6.yaml", "      rol: uyari\n", "      rolu: uyari\n", 0, "rolu", "rol"),
], ids=["parameter", "article", "guide-node"])
def test_unknown_field(content_copy, rel, old, new, line_offset, key, valid):
    line, _ = edit(content_copy, rel, old, new)
    line += line_offset
    col = new.splitlines()[line_offset].index(key) + 1  # reported at the key
    p = only_problem(content_copy, rel, line, col, f"bilinmeyen alan: '{key}'", "geçerli alanlar")
    assert valid in p.fix


def test_missing_field(content_copy):
    line, _ = edit(content_copy, GENEL, "  etiket: Son başvuru tarihi\n", "")
    # reported where the parameter's fields begin (now 'birim', on the same line)
    only_problem(content_copy, GENEL, line, 3, "zorunlu alan eksik: 'etiket'", "'etiket' alanını ekleyin")


def test_missing_text_of_a_point(content_copy):
    line, _ = edit(content_copy, REG, '                metin: "Belgelerin süresinde sunulmaması,"\n', "")
    only_problem(content_copy, REG, line - 1, 17, "zorunlu alan eksik: 'metin'", "'metin' alanını ekleyin")


@pytest.mark.parametrize("rel,old,new,found,wanted", [
    (REG, "      - no: 13\n", '      - no: "on üç"\n', "metin", "tam sayı"),
    (GENEL, '      deger: 40\n', '      deger: [40]\n', "liste", "sayı ya da metin"),
    (REG, '                bicimler: [Programa]\n', '                bicimler: Programa\n', "metin", "liste"),
], ids=["article-number-as-text", "value-as-list", "forms-not-a-list"])
def test_wrong_type(content_copy, rel, old, new, found, wanted):
    line, _ = edit(content_copy, rel, old, new)
    col = new.index(": ") + 3  # reported at the value
    only_problem(content_copy, rel, line, col, f"{found} yazılmış, {wanted} bekleniyor", f"değeri {wanted} olarak yazın")


def test_text_that_yaml_read_as_a_structure_gets_a_quoting_hint(content_copy):
    line, _ = edit(content_copy, GUIDE_4A, "        - paragraf: >-\n            {p:kio_malzeme_kontrol_donemi|Yazi} aylık",
                   "        - paragraf: {p:kio_malzeme_kontrol_donemi|Yazi}\n          rol: uyari\n        - paragraf: >-\n"
                   "            aylık")
    only_problem(content_copy, GUIDE_4A, line, 21, "nesne", "metin bekleniyor", "değeri metin olarak yazın",
                 "bütün metni tırnak içine alın")


# --------------------------------------------------------------------- content-level errors


def test_two_articles_with_the_same_number(content_copy):
    first = line_of(content_copy / REG, "      - no: 8")
    line, _ = edit(content_copy, REG, "      - no: 9\n", "      - no: 8\n")
    ps = problems(content_copy)
    find_problem(ps, REG, line, 9, "'yonetmelik:art_8' kimliği iki kez üretildi", f"ilki {REG}:{first}")
    find_problem(ps, REG, line, 13, "madde numarası 8, sırada 9 bekleniyordu", "sırayla")
    assert len(ps) == 2, "\n".join(map(str, ps))


def test_two_points_with_the_same_letter(content_copy):
    line, _ = edit(content_copy, REG, '              - harf: b\n                metin: "Belgelerin',
                   '              - harf: a\n                metin: "Belgelerin')
    ps = problems(content_copy)
    find_problem(ps, REG, line, 17, "'yonetmelik:art_22__point_a' kimliği iki kez üretildi")
    find_problem(ps, REG, line, 23, "Madde 22: bent harfleri Türk alfabesi sırasında değil (a, a, c, ç, d",
                 "beklenen a, b, c, ç, d")
    assert len(ps) == 2, "\n".join(map(str, ps))


def test_two_documents_with_the_same_number(content_copy):
    rel = "content/rehber/2020-1/09-bolum-4D.yaml"
    line, _ = edit(content_copy, rel, '            - no: "6"\n', '            - no: "5"\n')
    ps = problems(content_copy)
    find_problem(ps, rel, line, 15, "'rehber-2020-1:sec_4__sub_D__sub_a__list_1__point_5' kimliği iki kez üretildi")
    find_problem(ps, rel, line, 19, "liste numaraları sırasız ya da atlamalı (1, 2, 3, 4, 5, 5, 7, 8)")
    assert len(ps) == 2, "\n".join(map(str, ps))


@pytest.mark.parametrize("rel,old,new,marker,fragments", [
    (REG, "Kariyer planlama sürecinde danışmanlık", "Kariyer planlama {ref:yonetmelik:art_5__point_x} sürecinde danışmanlık",
     "{ref:", ["atıf bulunamadı: 'yonetmelik:art_5__point_x'", "bunu mu demek istediniz: yonetmelik:art_5__point_"]),
    (REG, "{p:yonetmelik_veri_saklama_suresi|yazi_rakam}", "{p:yonetmelik_veri_saklama_sures|yazi_rakam}",
     "{p:", ["bilinmeyen parametre: 'yonetmelik_veri_saklama_sures'",
             "bunu mu demek istediniz: yonetmelik_veri_saklama_suresi"]),
    ("content/rehber/2020-1/01-giris.yaml", "Yönetmelik{dn:1}”", "Yönetmelik{dn:9}”",
     "{dn:", ["dipnot bulunamadı: 9", "dipnotlar.yaml"]),
    (GENEL, '      kaynak: "rehber-2020-1:sec_5__para_1"\n      diger', '      kaynak: "rehber-2020-1:sec_5__para_9"\n      diger',
     '"rehber', ["atıf bulunamadı: 'rehber-2020-1:sec_5__para_9'", "bunu mu demek istediniz"]),
    (REG_RECORDS, 'ilgili: ["yonetmelik:art_4__item_5"]', 'ilgili: ["yonetmelik:art_4__item_9"]',
     '"yonetmelik', ["atıf bulunamadı: 'yonetmelik:art_4__item_9'", "bunu mu demek istediniz: yonetmelik:art_4__item_"]),
], ids=["point", "parameter", "footnote", "parameter-citation", "source-note"])
def test_reference_that_does_not_exist(content_copy, rel, old, new, marker, fragments):
    line, col = edit(content_copy, rel, old, new)
    col += new.index(marker)
    only_problem(content_copy, rel, line, col, *fragments)


def test_parameter_without_citation(content_copy):
    edit(content_copy, GENEL, '      kaynak: "rehber-2020-1:sec_5__para_1"\n      diger', "      diger")
    donem = line_of(content_copy / GENEL, '    - donem: "2020/1"')  # the value of son_basvuru_tarihi
    only_problem(content_copy, GENEL, donem, 7, "parametre değerinin kaynağı ('kaynak') yok", "atfını yazın")


def test_external_parameter_without_external_citation(content_copy):
    line, _ = edit(content_copy, GENEL, "      dis_kaynak_atif: >-\n        Asgari Ücret Tespit Komisyonu'nun 2020",
                   "      aciklama: >-\n        Asgari Ücret Tespit Komisyonu'nun 2020")
    only_problem(content_copy, GENEL, line - 2, 7, "dış kaynaklı değerin atfı ('dis_kaynak_atif') yok",
                 "resmi kaynağı yazın")


@pytest.mark.parametrize("rel,old,new,fragments", [
    (REG, "              - harf: ğ\n", "              - harf: g\n",
     ["Madde 5: bent harfleri Türk alfabesi sırasında değil (a, b, c, ç, d, e, f, g, g, h",
      "beklenen a, b, c, ç, d, e, f, g, ğ, h", "duzeltmeler"]),
    (GUIDE_4A, '                - no: "h"\n', '                - no: "g"\n',
     ["liste: bent harfleri", "(a, b, c, d, e, f, g, g, i, j, k", "beklenen a, b, c, d, e, f, g, h, i, j, k"]),
], ids=["regulation-g-g-h", "guide-latin-g-g-i"])
def test_letters_out_of_order(content_copy, rel, old, new, fragments):
    line, _ = edit(content_copy, rel, old, new)
    ps = problems(content_copy)
    find_problem(ps, rel, line, new.index(": ") + 3, *fragments)  # at the wrong letter
    find_problem(ps, rel, line, new.index("- ") + 3, "kimliği iki kez üretildi")  # at the item
    assert len(ps) == 2, "\n".join(map(str, ps))


# --------------------------------------------------------------------------------- the CLI


SUMMARY = re.compile(r"^İçerik geçerli: 31 madde, (\d+) bent, (\d+) rehber bölümü, 7 proje türü, 66 belge, "
                     r"(\d+) parametre, (\d+) düzeltme, (\d+) kaynak notu, (\d+) form(?:, \d+ [^,.]+)*\.$")


def test_cli_success_on_the_project_itself():
    r = cli_check(None)  # no --root: the project the generator lives in
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert SUMMARY.match(r.stdout.strip()), r.stdout


def test_cli_success_prints_a_summary_with_counts(content_copy):
    import shutil

    for other in ("forms", "rules"):  # content only: forms and rule sets have their own tests
        shutil.rmtree(content_copy / other, ignore_errors=True)
    r = cli_check(content_copy)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert SUMMARY.match(r.stdout.strip()), r.stdout
    assert " 0 form" in r.stdout
    from kb.content.loader import load_knowledge_base

    kb = load_knowledge_base(content_copy)
    m = SUMMARY.match(r.stdout.strip())
    points = sum(1 for a in kb.articles() for n in a.walk() if n.kind in ("point", "item"))
    assert [int(x) for x in m.groups()[:5:2]] == [points, len(kb.params), len(list(kb.all_notes()))]
    assert int(m.group(4)) == len(list(kb.all_corrections()))


def test_cli_reports_all_problems_in_one_run(content_copy):
    expected = []
    line, _ = edit(content_copy, REG, '          - metin: "Bu Usul ve Esaslar;"', '          - metin: "Bu Usul ve Esaslar;" fazla')
    expected.append(f"{REG}:{line}:42: YAML okunamadı")
    line, _ = edit(content_copy, GENEL, "  etiket: Son başvuru tarihi\n", "  etiket: Son başvuru tarihi\n  etiket: X\n")
    expected.append(f"{GENEL}:{line + 1}:3: 'etiket' anahtarı bu nesnede iki kez var")
    line, col = edit(content_copy, "content/rehber/2020-1/01-giris.yaml", "Yönetmelik{dn:1}”", "Yönetmelik{dn:9}”")
    expected.append(f"content/rehber/2020-1/01-giris.yaml:{line}:{col + 10}: dipnot bulunamadı: 9")
    rel = "content/parametreler/korumali-isyeri.yaml"
    line, _ = edit(content_copy, rel, '      kaynak: "rehber-2020-1:sec_4__sub_B__sub_b__para_2"\n\nki_engelli',
                   "\nki_engelli")
    expected.append(f"{rel}:{line - 2}:7: parametre değerinin kaynağı ('kaynak') yok")
    line, _ = edit(content_copy, GUIDE_4A, '                - no: "h"\n', '                - no: "g"\n')
    expected.append(f"{GUIDE_4A}:{line}:23: liste: bent harfleri")

    r = cli_check(content_copy)
    assert r.returncode == 1
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[-1] == f"{len(lines) - 1} sorun bulundu."
    for e in expected:
        assert any(line.startswith(e) for line in lines), (e, r.stderr)
    for line in lines[:-1]:
        assert re.match(r"^content/[\w./-]+:\d+:\d+: .+ — .+$", line), line  # where: what — how to fix
    assert len(lines) - 1 == len(expected) + 1  # + the duplicate id that the g, g comes with


def test_cli_root_without_content(tmp_path):
    r = cli_check(tmp_path)
    assert r.returncode == 1
    assert "content/ klasörü yok" in r.stderr and "Traceback" not in r.stderr


def _big(path: Path) -> None:
    path.write_text("a:\n" + ("  # " + "x" * 76 + "\n") * 40_000, encoding="utf-8")  # 3.2 MB of comments


def _latin1(path: Path) -> None:
    path.write_bytes("x_param:\n  etiket: Başvuru\n".encode("utf-8") + "  birim: TL # tür\n".encode("latin-1"))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _laughs(path: Path) -> None:
    lines = ['lol0: &l0 "lol"']
    lines += [f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("write,where,fragments", [
    (_big, "", ["dosya çok büyük", "birkaç dosyaya bölün"]),
    (_latin1, ":3:1", ["dosya UTF-8 değil", "UTF-8 olarak kaydedin"]),
    (_empty, ":1:1", ["dosya boş", "dosyayı silin"]),
    (_laughs, ":1:7", ["YAML çapa/takma ad (&, *) kullanılmış (100 yerde)", "& ve * kullanılmaz"]),
], ids=["3mb", "not-utf8", "empty", "billion-laughs"])
def test_hostile_input_is_one_clear_problem(content_copy, write, where, fragments):
    rel = "content/parametreler/zz-dusman.yaml"
    write(content_copy / rel)
    r = cli_check(content_copy)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "beklenmeyen hata" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[-1] == "1 sorun bulundu.", r.stderr
    assert lines[0].startswith(f"{rel}{where}: "), lines[0]
    for f in fragments:
        assert f in lines[0], (f, lines[0])
    where, message = lines[0].split(": ", 1)
    what, fix = message.split(" — ", 1)
    assert_clear(Problem(where, 0, 0, what, fix))
