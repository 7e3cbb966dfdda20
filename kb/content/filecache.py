"""Per-file cache of "read strictly + validate against the JSON Schema" for content files.

Parsing (yamlsource) and schema validation (schemacheck) depend only on a file's bytes,
the path shown in messages, the schema and the code/library versions below. Their result
(the Document and the problems they reported) is kept per file, so an unchanged file is
neither parsed nor validated again. Everything that looks across files (ids, references,
parameters) still runs on every file, every time.

A loader whose schema is not a file in schemas/ (forms: DEFINITION_SCHEMA in kb/forms/,
with its own wording of some errors) passes a `Validation` instead of a schema name: its
check function and the digest of everything that check depends on take the schema's place.

An entry is used only when its key (sha256 of the fingerprint, the schema's digest, the shown
path and the file's bytes) matches; anything wrong with the cache (missing, truncated,
corrupt, from another version, unwritable) means a miss, never an error or another verdict.
Unpickling is restricted to plain data (see _SafeUnpickler), so the cache cannot run code.

The entries of one loader live in one pack file (build/cache/content.pickle for content/,
rules.pickle for rules/, forms.pickle for forms/): shown path -> (key, CRC-32 of the entry,
the entry's own pickle), rewritten atomically (temporary file + rename) after a load that
changed anything. One file per entry was slower: creating a file cost ~2 ms here, 5 s for
×100 content.
"""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import io
import json
import os
import pickle
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any, Callable

from kb.content import schemacheck, yamlsource
from kb.common.problems import Problem, ProblemList

FORMAT = 2  # bump when the entry layout changes
KB_DIR = Path(__file__).resolve().parent.parent
# the modules whose code decides what a file parses to and which problems it has
# (tests/content/test_check_cache.py checks that this list covers their kb imports)
SOURCES = ("content/filecache.py", "content/yamlsource.py", "content/schemacheck.py", "content/messages.py",
           "common/problems.py", "common/turkish.py", "common/paths.py")

_fingerprint: bytes | None = None
_schema_digest: dict[str, bytes] = {}


def fingerprint() -> bytes:
    """Everything besides the file itself that the cached result depends on."""
    global _fingerprint
    if _fingerprint is None:
        import yaml

        h = hashlib.sha256(f"kb-filecache {FORMAT}\n{sys.version}\n{sys.implementation.cache_tag}\n".encode())
        h.update(f"pyyaml {yaml.__version__} libyaml {getattr(yaml, '__with_libyaml__', False)}\n".encode())
        h.update(jsonschema_version().encode())
        for name in SOURCES:
            h.update(name.encode() + b"\0" + (KB_DIR / name).read_bytes())
        _fingerprint = h.digest()
    return _fingerprint


@functools.lru_cache(maxsize=None)
def jsonschema_version() -> str:
    """Changes whenever jsonschema or the libraries it validates with change: digests of their
    installed files (a different version has different files)."""
    return "".join(package_digest(m) for m in ("jsonschema", "referencing", "jsonschema_specifications"))


@functools.lru_cache(maxsize=None)
def package_digest(name: str) -> str:
    """Of an installed package's files, without importing it ("" when it is not installed)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        return ""
    return _dist_digest(Path(spec.origin).parent).hex()


def _dist_digest(package_dir: Path) -> bytes:
    """Names, sizes and mtimes of a package's .py files: cheap, and changes on any upgrade."""
    h = hashlib.sha256(str(package_dir).encode())
    for p in sorted(package_dir.rglob("*.py")):
        st = p.stat()
        h.update(f"{p.relative_to(package_dir)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.digest()


def _schema(name: str) -> bytes:
    if name not in _schema_digest:
        _schema_digest[name] = hashlib.sha256((schemacheck.SCHEMA_DIR / name).read_bytes()).digest()
    return _schema_digest[name]


class Validation:
    """A validation cached in place of a schema file's (schemacheck.validate), for `FileCache.read`.

    `run(doc, problems) -> valid` adds its problems to `problems`. What it reports may depend
    only on the document, on what fingerprint() covers (kb modules in SOURCES, Python, PyYAML,
    jsonschema), on the files in `sources` (the module that defines `run`) and on `data` (JSON
    values it reads, e.g. its schema). Their digest takes the schema file's place in the key:
    any edit of those files means a miss."""

    def __init__(self, run: Callable[[Any, ProblemList], bool], sources: tuple[Path, ...], data: tuple = ()):
        self.run = run
        self.sources = sources
        self.data = data
        self._digest: bytes | None = None

    @property
    def digest(self) -> bytes:
        if self._digest is None:
            h = hashlib.sha256(b"kb-filecache validation\0")
            for f in self.sources:
                h.update(f.name.encode() + b"\0" + f.read_bytes())
            for value in self.data:
                h.update(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\0")
            self._digest = h.digest()
        return self._digest


class _SafeUnpickler(pickle.Unpickler):
    """Plain data only: the date types YAML can produce, nothing that could run code."""

    ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"), ("datetime", "timedelta")}

    def find_class(self, module, name):
        if (module, name) in self.ALLOWED:
            return getattr(_dt, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


class FileCache:
    """Cached yamlsource.load + schemacheck.validate (or a `Validation`) for the files of one project root."""

    def __init__(self, pack: Path | None):
        self.pack = pack  # None: no cache (always parse and validate)
        self.entries: dict[str, tuple[bytes, int, bytes]] = self._read_pack() if pack else {}
        self.used: dict[str, tuple[bytes, int, bytes]] = {}  # what this load read: the next pack
        self.misses = 0

    def _read_pack(self) -> dict[str, tuple[bytes, int, bytes]]:
        try:
            with open(self.pack, "rb") as f:
                fmt, fp, entries = _SafeUnpickler(f).load()
            if fmt != FORMAT or fp != fingerprint() or not isinstance(entries, dict):
                return {}
            return entries
        except Exception:  # missing, damaged or foreign: start empty
            return {}

    def read(self, file: Path, shown: str, schema: str | Validation,
             problems: ProblemList) -> tuple[yamlsource.Document | None, bool]:
        """(document or None if unreadable, valid against the schema); problems go to `problems`.

        `schema`: the name of a schema under schemas/, or a Validation."""
        if self.pack is None:
            return _compute(file, shown, schema, problems)
        try:
            raw = file.read_bytes()
        except OSError:  # reported by yamlsource, as without a cache
            return _compute(file, shown, schema, problems)
        digest = schema.digest if isinstance(schema, Validation) else _schema(schema)
        key = hashlib.sha256(fingerprint() + digest + shown.encode() + b"\0" + raw).digest()
        entry = self.entries.get(shown)
        if entry is not None:
            hit = self._load(entry, key, raw, shown, problems)
            if hit is not None:
                self.used[shown] = entry
                return hit
        self.misses += 1
        local = ProblemList()
        doc = yamlsource.load_bytes(raw, shown, local)
        valid = doc is not None and _validate(doc, schema, local)
        state = None if doc is None else (doc.data, doc.positions, doc.key_positions, doc.implicit)
        items = [(p.file, p.line, p.column, p.message, p.fix) for p in local.items]
        try:  # pickled now: later stages may change the document's data
            blob = pickle.dumps((items, state, valid), protocol=pickle.HIGHEST_PROTOCOL)
            self.used[shown] = (key, zlib.crc32(blob), blob)
        except Exception:  # an unpicklable value: no entry for this file
            pass
        problems.items.extend(local.items)
        return doc, valid

    @staticmethod
    def _load(entry, key: bytes, raw: bytes, shown: str, problems: ProblemList):
        try:
            found_key, crc, blob = entry
            if found_key != key or zlib.crc32(blob) != crc:  # another version of the file, or damaged
                return None
            items, state, valid = _SafeUnpickler(io.BytesIO(blob)).load()
            found_problems = [Problem(*p) for p in items]
            doc = None
            if state is not None:
                data, positions, key_positions, implicit = state
                doc = yamlsource.Document(shown, data, positions, key_positions, implicit, source=raw)
        except Exception:  # any damaged or foreign entry: a miss, parsed again
            return None
        problems.items.extend(found_problems)
        return doc, bool(valid)

    def save(self) -> None:
        """After a full load: write the entries it used (and only those), if anything changed."""
        if self.pack is None or (not self.misses and self.used.keys() == self.entries.keys()):
            return
        try:
            write_atomic(self.pack, pickle.dumps((FORMAT, fingerprint(), self.used), protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:  # read-only tree, full disk …: no cache this time
            pass


def write_atomic(path: Path, data: bytes) -> None:
    """Write a temporary file next to `path`, then rename it: readers see the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class ValueCache:
    """A few small computed strings by key, in one JSON file under build/cache/ (QR codes, verdicts).

    The caller puts everything the value depends on into the key. Unreadable means empty;
    a failed write is ignored."""

    def __init__(self, path: Path):
        self.path = path
        self.values: dict[str, str] | None = None

    @staticmethod
    def key(*parts: object) -> str:
        return hashlib.sha256("\0".join(map(str, parts)).encode("utf-8")).hexdigest()

    def _load(self) -> dict[str, str]:
        if self.values is None:
            try:
                found = json.loads(self.path.read_bytes())
                self.values = {k: v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}
            except Exception:
                self.values = {}
        return self.values

    def get(self, key: str) -> str | None:
        return self._load().get(key)

    def put(self, key: str, value: str) -> None:
        self._load()[key] = value
        try:
            write_atomic(self.path, json.dumps(self.values, ensure_ascii=False).encode("utf-8"))
        except Exception:
            pass


def _validate(doc: yamlsource.Document, schema: str | Validation, problems: ProblemList) -> bool:
    if isinstance(schema, Validation):
        return bool(schema.run(doc, problems))
    return schemacheck.validate(doc, schema, problems)


def _compute(file: Path, shown: str, schema: str | Validation, problems: ProblemList):
    doc = yamlsource.load(file, shown, problems)
    return doc, doc is not None and _validate(doc, schema, problems)


def cache_file(root: Path) -> Path:
    return root / "build" / "cache" / "content.pickle"


class TextCache:
    """Large derived texts by key, one file each in a folder under build/cache/.

    For outputs that are slow to produce but a pure function of a cheap key (e.g. indented
    JSON of a document, keyed by its compact JSON). An entry whose text does not decode is a
    miss; a failed write is ignored. `prune` drops the entries a complete run did not use."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()

    def get(self, key: str) -> str | None:
        self.used.add(key)
        try:
            return (self.folder / key).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, text: str) -> None:
        self.used.add(key)
        try:
            write_atomic(self.folder / key, text.encode("utf-8"))
        except Exception:
            pass

    def prune(self) -> None:
        try:
            for name in os.listdir(self.folder):
                if name not in self.used and not name.startswith("."):
                    os.unlink(self.folder / name)
        except OSError:
            pass
