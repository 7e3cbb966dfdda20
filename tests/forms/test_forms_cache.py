"""The per-file cache of form definitions (build/cache/forms.pickle, kb/content/filecache.py).

Parsing a definition and validating it against DEFINITION_SCHEMA (kb/forms/definition.py) are kept per
file, as for content and rule sets: an unchanged definition is neither parsed nor validated
again, an edited one always is, and every verdict (file:line, message, fix) is the same cold,
warm and without the cache. What looks across files (cites, parameters, rule sets, no file
under schemas/forms/) still runs every time. Every test works on a private copy (`content_copy`).
"""
from __future__ import annotations

import copy
import json
import os
import pickle
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from kb.content import filecache, yamlsource

from kb.forms import definition, loader as form_loader
from kb.content.loader import load_knowledge_base
from kb.common.problems import Problem
from conftest import check_verdict, line_of

ROOT = Path(__file__).resolve().parents[2]
FORM = "forms/talep-sikayet.yaml"


def load(root: Path, cache: bool = True, kb=None) -> form_loader._Loader:
    loader = form_loader._Loader(root, kb or load_knowledge_base(root), cache)
    loader.forms = loader.load()
    return loader


def entries(root: Path) -> dict[str, tuple[bytes, int, bytes]]:
    fmt, fp, found = pickle.loads(definition.forms_cache_file(root).read_bytes())
    return found


def n_definitions(root: Path) -> int:
    return len(list((root / "forms").glob("*.yaml")))


def edit(root: Path, old: str, new: str, file: str = FORM) -> Path:
    f = root / file
    text = f.read_text(encoding="utf-8")
    assert old in text, old
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    return f


def test_the_cache_is_generated_output(content_copy):
    assert definition.forms_cache_file(content_copy).is_relative_to(content_copy / "build")
    assert definition.forms_cache_file(content_copy).name == "forms.pickle"


def test_a_warm_load_neither_parses_nor_validates(content_copy, monkeypatch):
    kb = load_knowledge_base(content_copy)
    cold = load(content_copy, kb=kb)
    assert cold.cache.misses == n_definitions(content_copy) == 6
    assert sorted(entries(content_copy)) == sorted(f"forms/{p.name}" for p in (content_copy / "forms").glob("*.yaml"))

    calls = []
    monkeypatch.setattr(yamlsource, "load_bytes", lambda *a, **k: calls.append("parse"))
    monkeypatch.setattr(yamlsource, "load", lambda *a, **k: calls.append("parse"))
    monkeypatch.setattr(definition.DEFINITION_CHECK, "run", lambda *a, **k: calls.append("validate"))
    monkeypatch.setattr(definition, "_definition_validator", lambda: calls.append("validate"))
    warm = load(content_copy, kb=kb)
    assert calls == [] and warm.cache.misses == 0 and not warm.problems
    # the same forms, compiled from the cached documents
    assert [f.id for f in warm.forms] == [f.id for f in cold.forms]
    for a, b in zip(cold.forms, warm.forms):
        assert (a.schema, a.catalogue, a.rules, a.doc.data, a.doc.positions, a.doc.key_positions) == \
               (b.schema, b.catalogue, b.rules, b.doc.data, b.doc.positions, b.doc.key_positions)
        assert a.schema_file_text == b.schema_file_text

    monkeypatch.undo()  # without the cache, everything is parsed and validated again
    real = yamlsource.load_bytes
    monkeypatch.setattr(yamlsource, "load_bytes", lambda raw, shown, *a, **k: calls.append(shown) or real(raw, shown, *a, **k))
    assert not load(content_copy, cache=False, kb=kb).problems
    # every definition (and, checked with them, the rule sets: they are not cached either)
    assert sorted(c for c in calls if c.startswith("forms/")) == sorted(f"forms/{p.name}" for p in (content_copy / "forms").glob("*.yaml"))
    assert any(c.startswith("rules/") for c in calls)


def test_no_cache_neither_reads_nor_writes_the_pack(content_copy):
    assert check_verdict(content_copy, cache=False).startswith("İçerik geçerli")
    assert not definition.forms_cache_file(content_copy).exists()
    assert check_verdict(content_copy).startswith("İçerik geçerli")
    # a forged entry (right key and CRC, one problem more) is believed with the cache, ignored without
    found = entries(content_copy)
    key, crc, blob = found[FORM]
    items, state, valid = pickle.loads(blob)
    blob = pickle.dumps((items + [(FORM, 1, 1, "sahte sorun", "önbellekten")], state, valid))
    found[FORM] = (key, zlib.crc32(blob), blob)
    pack = definition.forms_cache_file(content_copy)
    pack.write_bytes(pickle.dumps((filecache.FORMAT, filecache.fingerprint(), found)))
    forged = pack.read_bytes()
    assert check_verdict(content_copy, cache=False).startswith("İçerik geçerli")
    assert pack.read_bytes() == forged
    assert f"{FORM}:1:1: sahte sorun — önbellekten" in check_verdict(content_copy)


# ------------------------------------------------------------------ broken definitions
# each breaks the copy and returns the problems expected: (file, line, column, fragments of "message — fix")
def _broken_yaml(root):
    f = edit(root, "baslik: Yazılı talep ve şikâyet\n", "baslik: [Yazılı talep\n")
    return [(FORM, line_of(f, "baslik: [Yazılı"), 9, "YAML okunamadı: '[' ile açılan liste kapanmamış — listeyi ']' ile kapatın")]


def _tab(root):
    f = edit(root, "sira: 2\n", "sira:\t2\n")
    return [(FORM, line_of(f, "sira:\t2"), 6, "sekme (tab) karakteri var — sekmeyi boşluklarla değiştirin")]


def _duplicate_key(root):
    f = edit(root, "sira: 2\n", "sira: 2\nsira: 3\n")
    return [(FORM, line_of(f, "sira: 3"), 1, f"'sira' anahtarı bu nesnede iki kez var (ilki {line_of(f, 'sira: 2')}. satırda) — birini silin")]


def _unknown_type(root):
    f = edit(root, "tur: telefon", "tur: telefn")
    return [(FORM, line_of(f, "tur: telefn"), 14,
             "bilinmeyen alan türü: 'telefn' — bunu mu demek istediniz: telefon; geçerli türler: metin, uzun_metin, tckn")]


def _unknown_type_without_suggestion(root):
    f = edit(root, "tur: telefon", "tur: zzz")
    return [(FORM, line_of(f, "tur: zzz"), 14, "bilinmeyen alan türü: 'zzz' — geçerli türler: metin, uzun_metin, tckn")]


def _wrong_type(root):
    f = edit(root, "sira: 2\n", "sira: iki\n")
    return [(FORM, line_of(f, "sira: iki"), 7, "metin yazılmış, tam sayı bekleniyor — değeri tam sayı olarak yazın")]


def _unknown_and_missing_field(root):
    f = edit(root, "kime: Adaylar ve yasal temsilcileri\n", "kime: Adaylar ve yasal temsilcileri\nbilinmeyen: x\n")
    edit(root, "sira: 2\n", "")
    return [(FORM, line_of(f, "bilinmeyen: x"), 1, "bilinmeyen alan: 'bilinmeyen' — yazımını denetleyin"),
            (FORM, line_of(f, "form: talep-sikayet"), 1, "zorunlu alan eksik: 'sira' — 'sira' alanını ekleyin")]


def _two_files(root):
    first = _unknown_type(root)
    f = edit(root, "tur: tckn", "tur: tc_kimlik", file="forms/kvkk-basvuru.yaml")
    return first + [("forms/kvkk-basvuru.yaml", line_of(f, "tur: tc_kimlik"), 14,
                     "bilinmeyen alan türü: 'tc_kimlik' — geçerli türler: metin, uzun_metin, tckn")]


BROKEN = [_broken_yaml, _tab, _duplicate_key, _unknown_type, _unknown_type_without_suggestion, _wrong_type,
          _unknown_and_missing_field, _two_files]


def _problems(root: Path, cache: bool, kb) -> tuple[list[Problem], int, list[str]]:
    """The problems of one load, the number of definitions parsed, and the forms it compiled."""
    loader = load(root, cache, kb)
    return loader.problems.items, loader.cache.misses, [f.id for f in loader.forms]


@pytest.mark.parametrize("breakage", BROKEN, ids=[b.__name__.strip("_") for b in BROKEN])
def test_a_broken_definition_gets_the_same_problems_cold_warm_and_without_cache(content_copy, breakage):
    kb = load_knowledge_base(content_copy)
    load(content_copy, kb=kb)  # everything cached while still valid
    expected = breakage(content_copy)

    cold, misses, compiled = _problems(content_copy, True, kb)
    assert misses == len({e[0] for e in expected})  # only the edited files are read again
    assert len(cold) == len(expected), cold
    for (file, line, column, text), p in zip(sorted(expected), sorted(cold)):
        assert (p.file, p.line, p.column) == (file, line, column) and text in f"{p.message} — {p.fix}", (text, p)
    assert _problems(content_copy, True, kb) == (cold, 0, compiled)  # now from the cache, exactly the same
    assert _problems(content_copy, False, kb) == (cold, 0, compiled)  # and the same without it
    # and through `check`, which passes its cache flag on
    text = check_verdict(content_copy)
    assert text == check_verdict(content_copy) == check_verdict(content_copy, cache=False)
    assert all(str(p) in text for p in cold)


# ------------------------------------------------------------------ invalidation
def test_an_edit_invalidates_only_that_definitions_entry(content_copy):
    kb = load_knowledge_base(content_copy)
    load(content_copy, kb=kb)
    before = entries(content_copy)
    f = edit(content_copy, "baslik: Yazılı talep ve şikâyet\n", "baslik: Yazılı talep ya da şikâyet\n")
    loader = load(content_copy, kb=kb)  # the derived schema follows: no other file to update
    assert loader.cache.misses == 1 and not loader.problems
    assert next(x for x in loader.forms if x.id == "talep-sikayet").schema["title"] == "Yazılı talep ya da şikâyet"
    after = entries(content_copy)
    assert after.keys() == before.keys()
    assert [k for k in after if after[k][0] != before[k][0]] == [FORM]
    f.write_text(f.read_text(encoding="utf-8").replace(" ya da ", " ve ", 1), encoding="utf-8")  # undone
    loader = load(content_copy, kb=kb)
    assert loader.cache.misses == 1 and not loader.problems
    assert entries(content_copy)[FORM][0] == before[FORM][0]
    assert load(content_copy, kb=kb).cache.misses == 0


def test_a_moved_definition_is_not_mistaken_for_its_old_path(content_copy):
    check_verdict(content_copy)
    src = content_copy / FORM
    src.rename(src.with_suffix(".yml"))
    assert check_verdict(content_copy) == check_verdict(content_copy, cache=False)
    assert "forms/talep-sikayet.yml: forms/ klasöründe beklenmeyen dosya" in check_verdict(content_copy)
    assert FORM not in entries(content_copy)


def test_cross_file_checks_run_on_cached_definitions(content_copy):
    kb = load_knowledge_base(content_copy)
    load(content_copy, kb=kb)
    # a cited node that no longer exists: the definition is unchanged, the verdict is not
    del kb.nodes["yonetmelik:art_28__para_1"]
    loader = load(content_copy, kb=kb)
    assert loader.cache.misses == 0
    assert any(p.file == FORM and "atıf bulunamadı: 'yonetmelik:art_28__para_1'" in p.message for p in loader.problems.items)
    # a file left under schemas/forms/ (the schemas are derived, never committed)
    kb = load_knowledge_base(content_copy)
    stray = content_copy / "schemas" / "forms" / "on-basvuru.schema.json"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("{}\n", encoding="utf-8")
    loader = load(content_copy, kb=kb)
    assert loader.cache.misses == 0
    assert [p.file for p in loader.problems.items] == ["schemas/forms/on-basvuru.schema.json"]
    assert "form şemaları depoda tutulmaz" in loader.problems.items[0].message
    assert load(content_copy, cache=False, kb=kb).problems.items == loader.problems.items


def test_another_definition_schema_is_a_miss(content_copy, monkeypatch):
    """A new version of DEFINITION_SCHEMA (here: without the type 'tablo') must not reuse old verdicts."""
    kb = load_knowledge_base(content_copy)
    load(content_copy, kb=kb)
    schema = copy.deepcopy(definition.DEFINITION_SCHEMA)
    schema["$defs"]["alan"]["properties"]["tur"]["enum"].remove("tablo")
    monkeypatch.setattr(definition, "DEFINITION_SCHEMA", schema)
    monkeypatch.setattr(form_loader, "DEFINITION_CHECK", filecache.Validation(
        definition._check_definition, sources=(Path(definition.__file__),), data=(schema, definition.FIELD_TYPES)))
    definition._definition_validator.cache_clear()
    try:
        loader = load(content_copy, kb=kb)
        assert loader.cache.misses == 6
        assert any(p.file == "forms/kio-butce-engelli.yaml" and "bilinmeyen alan türü: 'tablo'" in p.message
                   for p in loader.problems.items)
    finally:
        definition._definition_validator.cache_clear()


def test_the_digest_follows_the_module_and_the_data(tmp_path):
    """The key of a cached verdict changes with any edit of the checking module and with its data."""
    module = tmp_path / "check.py"
    module.write_text("def check(doc, problems):\n    return True\n", encoding="utf-8")
    digest = lambda data=(): filecache.Validation(lambda d, p: True, sources=(module,), data=data).digest  # noqa: E731
    before = digest()
    assert digest() == before
    assert digest(({"a": 1},)) != digest(({"a": 2},)) != before
    module.write_text("def check(doc, problems):\n    return False\n", encoding="utf-8")
    assert digest() != before
    assert Path(definition.__file__) in definition.DEFINITION_CHECK.sources


def test_the_digest_is_the_same_in_every_process(content_copy):
    """A fresh process (another hash seed) finds the entries the first one wrote."""
    script = ("import sys; from pathlib import Path; from kb.forms import definition, loader as form_loader; "
              "from kb.content.loader import load_knowledge_base\n"
              "root = Path(sys.argv[1]); loader = form_loader._Loader(root, load_knowledge_base(root)); loader.load()\n"
              "print(loader.cache.misses, definition.DEFINITION_CHECK.digest.hex())")
    out = []
    for seed in ("1", "2"):
        env = {k: v for k, v in os.environ.items() if k != "KB_DEBUG"} | {"PYTHONHASHSEED": seed}
        r = subprocess.run([sys.executable, "-c", script, str(content_copy)], capture_output=True, text=True,
                           cwd=ROOT, env=env, timeout=120)
        assert r.returncode == 0, r.stderr
        out.append(r.stdout.split())
    assert out[0][0] == "6" and out[1][0] == "0" and out[0][1] == out[1][1]


# ------------------------------------------------------------------ a damaged cache
@pytest.mark.parametrize("damage", [
    lambda old: b"",
    lambda old: old[: len(old) // 2],
    lambda old: pickle.dumps((filecache.FORMAT, filecache.fingerprint(), {
        shown: (key, crc, blob[:-3]) for shown, (key, crc, blob) in pickle.loads(old)[2].items()})),
], ids=["empty", "truncated", "entries-truncated"])
def test_a_damaged_cache_is_ignored_and_rebuilt(content_copy, damage):
    broken = _unknown_type(content_copy)
    assert broken
    good = check_verdict(content_copy)
    pack = definition.forms_cache_file(content_copy)
    pack.write_bytes(damage(pack.read_bytes()))
    assert check_verdict(content_copy) == good == check_verdict(content_copy, cache=False)
    assert "bilinmeyen alan türü: 'telefn'" in good
    assert load(content_copy).cache.misses == 0


def test_cli_no_cache_option(content_copy):
    args = [sys.executable, str(ROOT / "generator.py"), "check", "--root", str(content_copy)]
    env = {k: v for k, v in os.environ.items() if k != "KB_DEBUG"}
    plain = subprocess.run(args + ["--onbellek-yok"], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert plain.returncode == 0, plain.stderr
    assert not definition.forms_cache_file(content_copy).exists()
    r = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert (r.returncode, r.stdout, r.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert len(entries(content_copy)) == 6
