"""The per-file cache of `check`/`build` (kb/content/filecache.py): same verdict with and without it.

An unchanged file is neither parsed nor validated again; an edited one always is; a damaged,
foreign or unwritable cache is ignored (and rebuilt), never an error. Every test works on a
private copy of the content (`content_copy`), whose cache lives in its own build/cache/.
The check-error tests (tests/content/test_check_errors.py) also run every broken case cold, warm and
without the cache, and every CLI case twice.
"""
from __future__ import annotations

import ast
import json
import os
import pickle
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from kb.content import filecache, schemacheck, yamlsource
from kb.content.loader import Loader
from kb.common.problems import BuildError

from conftest import check_verdict

ROOT = Path(__file__).resolve().parents[2]
PARAM = "content/parametreler/genel.yaml"


def entries(root: Path) -> dict[str, tuple[bytes, int, bytes]]:
    """The pack's entries: shown path -> (key, CRC-32 of the entry, the entry's pickle)."""
    fmt, fp, found = pickle.loads(filecache.cache_file(root).read_bytes())
    return found


def write_entries(root: Path, found: dict) -> None:
    filecache.cache_file(root).write_bytes(pickle.dumps((filecache.FORMAT, filecache.fingerprint(), found)))


def load(root: Path, cache: bool = True) -> Loader:
    loader = Loader(root, cache=cache)
    loader.load()
    return loader


def test_the_schemas_themselves_are_valid():
    # checked here once, not at every run (kb/content/schemacheck.py)
    files = sorted((ROOT / "schemas").glob("content/*.json")) + sorted((ROOT / "schemas").glob("rules/*.json"))
    assert len(files) >= 6
    for f in files + [ROOT / "schemas" / "catalog.schema.json"]:
        Draft202012Validator.check_schema(json.loads(f.read_text(encoding="utf-8")))


def test_the_fingerprint_covers_the_code_that_parses_and_validates():
    """Every kb module these modules import is hashed into the cache key as well."""
    checked = 0
    for name in filecache.SOURCES:
        tree = ast.parse((filecache.KB_DIR / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kb."):
                package = node.module.removeprefix("kb.").replace(".", "/")
                # "from kb.content.model import X" names a module; "from kb.content import yamlsource" names modules
                modules = ([package] if (filecache.KB_DIR / f"{package}.py").exists()
                           else [f"{package}/{a.name}" for a in node.names])
                for mod in modules:
                    checked += 1
                    assert f"{mod}.py" in filecache.SOURCES, f"{name} imports kb.{mod}: add it to filecache.SOURCES"
    assert checked >= 5, "the walk found none of the imports between these modules"


def test_the_cache_is_generated_output(content_copy):
    assert filecache.cache_file(content_copy).is_relative_to(content_copy / "build")
    assert "build/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_a_warm_load_neither_parses_nor_validates(content_copy, monkeypatch):
    cold = load(content_copy)
    assert cold.cache.misses == len(cold.files) > 10
    n = len(entries(content_copy))
    assert n == len(cold.files)

    def fail(*args, **kwargs):
        raise AssertionError("parsed or validated again")

    monkeypatch.setattr(yamlsource, "load_bytes", fail)
    monkeypatch.setattr(schemacheck, "validate", fail)
    warm = load(content_copy)
    assert warm.cache.misses == 0
    assert len(entries(content_copy)) == n
    assert len(warm.kb.nodes) == len(cold.kb.nodes)
    assert {c: n.pos for c, n in warm.kb.nodes.items()} == {c: n.pos for c, n in cold.kb.nodes.items()}


def test_an_edit_after_a_warm_run_is_seen_and_undone(content_copy):
    good = check_verdict(content_copy)
    assert good.startswith("İçerik geçerli")
    assert check_verdict(content_copy) == good  # warm
    f = content_copy / PARAM
    original = f.read_bytes()
    f.write_bytes(original.replace(b"  etiket: Son ba\xc5\x9fvuru tarihi\n", b"  etiket: [Son\n", 1))
    broken = check_verdict(content_copy)
    assert broken != good and f"{PARAM}:" in broken
    assert check_verdict(content_copy) == broken == check_verdict(content_copy, cache=False)
    f.write_bytes(original)
    assert check_verdict(content_copy) == good


def test_a_moved_file_is_not_mistaken_for_its_old_path(content_copy):
    check_verdict(content_copy)
    src = content_copy / "content" / "rehber" / "2020-1" / "01-giris.yaml"
    dst = src.with_name("01-giris.yml")
    src.rename(dst)
    assert check_verdict(content_copy) == check_verdict(content_copy, cache=False)
    assert "content/rehber/2020-1/01-giris.yml" in check_verdict(content_copy)


def _evil() -> bytes:
    class Evil:
        def __reduce__(self):
            return (print, ("the cache ran code",))
    return pickle.dumps(Evil())


def _crc(blob: bytes) -> int:
    return zlib.crc32(blob)


def _flip_text(blob: bytes) -> bytes:
    """A still-valid pickle with one letter of the document changed (as a bad disk would)."""
    i = blob.find(b"\x8c")  # SHORT_BINUNICODE: a length byte, then the text
    while i >= 0:
        for j in range(i + 2, i + 2 + blob[i + 1]):
            if 97 <= blob[j] <= 122:  # a-z -> A-Z: same length, still a valid pickle
                return blob[:j] + bytes([blob[j] - 32]) + blob[j + 1:]
        i = blob.find(b"\x8c", i + 1)
    raise AssertionError("no text to change")


@pytest.mark.parametrize("damage", [
    lambda key, crc, blob: (key, crc, b""),
    lambda key, crc, blob: (key, crc, blob[: len(blob) // 2]),
    lambda key, crc, blob: (key, crc, b"\x00garbage" * 40),
    lambda key, crc, blob: (key, _crc(pickle.dumps((1, 2))), pickle.dumps((1, 2))),
    lambda key, crc, blob: (key, _crc(_evil()), _evil()),
    lambda key, crc, blob: (key, crc, _flip_text(blob)),
    lambda key, crc, blob: (key[:16], crc, blob),
    lambda key, crc, blob: (key, crc),
    lambda key, crc, blob: None,
    lambda key, crc, blob: "nonsense",
], ids=["empty", "truncated", "garbage", "wrong-shape", "code", "bit-rot", "short-key", "short", "none", "not-a-tuple"])
def test_a_damaged_entry_is_ignored_and_rebuilt(content_copy, damage, capfd):
    good = check_verdict(content_copy)
    write_entries(content_copy, {shown: damage(*entry) for shown, entry in entries(content_copy).items()})
    assert check_verdict(content_copy) == good
    assert "the cache ran code" not in capfd.readouterr().out
    loader = load(content_copy)  # rebuilt by the run before: all hits now
    assert loader.cache.misses == 0


@pytest.mark.parametrize("damage", [
    lambda old: b"",
    lambda old: old[: len(old) // 2],
    lambda old: b"\x00garbage" * 40,
    lambda old: pickle.dumps((1, 2)),
    lambda old: pickle.dumps((filecache.FORMAT + 1,) + pickle.loads(old)[1:]),
    lambda old: pickle.dumps((filecache.FORMAT, b"another version", pickle.loads(old)[2])),
    lambda old: _evil(),
], ids=["empty", "truncated", "garbage", "wrong-shape", "other-format", "other-fingerprint", "code"])
def test_a_damaged_cache_file_is_ignored_and_rebuilt(content_copy, damage, capfd):
    good = check_verdict(content_copy)
    pack = filecache.cache_file(content_copy)
    pack.write_bytes(damage(pack.read_bytes()))
    assert check_verdict(content_copy) == good
    assert "the cache ran code" not in capfd.readouterr().out
    assert load(content_copy).cache.misses == 0


def test_a_damaged_entry_never_hides_a_problem(content_copy):
    check_verdict(content_copy)
    f = content_copy / PARAM
    f.write_text(f.read_text(encoding="utf-8") + "\n  birim: TL\n", encoding="utf-8")
    write_entries(content_copy, {shown: (key, _crc(b"junk"), b"junk") for shown, (key, crc, blob) in entries(content_copy).items()})
    assert check_verdict(content_copy) == check_verdict(content_copy, cache=False) != ""
    assert f"{PARAM}:" in check_verdict(content_copy)


def test_an_unwritable_cache_is_no_error(content_copy):
    (content_copy / "build").mkdir()
    (content_copy / "build" / "cache").write_text("not a folder", encoding="utf-8")
    assert check_verdict(content_copy) == check_verdict(content_copy, cache=False)
    assert check_verdict(content_copy).startswith("İçerik geçerli")


def test_entries_of_deleted_files_are_dropped(content_copy):
    load(content_copy)
    n = len(entries(content_copy))
    (content_copy / "content" / "rehber" / "2020-1" / "dipnotlar.yaml").unlink()
    with pytest.raises(BuildError):  # its footnotes are missing now
        load(content_copy)
    assert len(entries(content_copy)) == n - 1


def test_cli_no_cache_option(content_copy):
    args = [sys.executable, str(ROOT / "generator.py"), "check", "--root", str(content_copy)]
    env = {k: v for k, v in os.environ.items() if k != "KB_DEBUG"}
    plain = subprocess.run(args + ["--onbellek-yok"], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert plain.returncode == 0, plain.stderr
    assert not filecache.cache_file(content_copy).exists()  # nothing read, nothing written
    assert (content_copy / "rules").is_dir() and not (content_copy / "build" / "cache" / "rules.pickle").exists()
    for extra in ([], [], ["--no-cache"]):
        r = subprocess.run(args + extra, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
        assert (r.returncode, r.stdout, r.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert entries(content_copy)
