"""Read a YAML file strictly, keeping the line and column of every value.

Plain `yaml.safe_load` forgets positions and silently keeps the last of two duplicate
keys. Here the file is *composed* into PyYAML's node graph (which carries marks) and
turned into Python values by hand, so that:

- a duplicate key, an anchor/alias, a merge key (`<<`) or a tab is reported with its line;
- every value's position is kept in `Document.positions`, keyed by its path
  (a tuple of mapping keys and list indexes), for later checks to point at;
- a plain scalar that YAML would turn into a boolean, a date, null or a decimal number is
  remembered in `Document.implicit` with its text, so a schema error "expected text" can say
  "put it in quotes", and "45.000" (45.0 to YAML) can be refused where an amount is meant.
"""
from __future__ import annotations

import datetime as _dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.common.problems import ProblemList

Path_ = tuple  # a path inside a document: ("bolumler", 0, "maddeler", 2, "no")

# plain scalars that YAML 1.1 resolves to something other than text
_SURPRISING_TAGS = {
    "tag:yaml.org,2002:bool": "evet/hayır (boolean)",
    "tag:yaml.org,2002:timestamp": "tarih (date)",
    "tag:yaml.org,2002:null": "boş değer (null)",
}

# a plain number with a point: kept with its text, so that a Turkish thousands point
# ("45.000", read as 45.0) can be told from a decimal one (kb/content/parameters.py)
_FLOAT_TAG = "tag:yaml.org,2002:float"
_FLOAT_KIND = "ondalık sayı (nokta ondalık ayırıcıdır)"

MAX_BYTES = 2_000_000

# LibYAML's parser when PyYAML was built with it (the wheels are): several times faster. Its
# error messages differ from PyYAML's, so a file that fails is parsed again with the
# pure-Python parser to report the familiar (translated) message.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parsed(fn, text: str) -> list:
    """fn (yaml.parse or yaml.compose_all) with LibYAML; on an error, again with PyYAML for its message."""
    try:
        return list(fn(text, Loader=FAST_LOADER))
    except yaml.YAMLError:
        if FAST_LOADER is yaml.SafeLoader:
            raise
        return list(fn(text, Loader=yaml.SafeLoader))


@dataclass
class Document:
    path: str  # as shown to the user (relative to the project)
    data: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    implicit: dict[Path_, tuple[str, str]] = field(default_factory=dict)  # path -> (kind, raw text)
    lines: list[str] = field(default_factory=list)  # the file's text, for pointing inside long values
    # a document from kb/content/filecache.py keeps the file's bytes instead and splits them into
    # `lines` only when `find` needs them (most files never do)
    source: bytes | None = field(default=None, repr=False)

    def find(self, needle: str, start: tuple[int, int]) -> tuple[int, int]:
        """Position of `needle` at or after `start` (a value's start); `start` if not found."""
        if self.source is not None:
            text = self.source.decode("utf-8")
            self.lines = (text[1:] if text.startswith("\ufeff") else text).splitlines()
            self.source = None
        line0, col0 = start
        for i in range(max(line0 - 1, 0), len(self.lines)):
            col = self.lines[i].find(needle, col0 - 1 if i == line0 - 1 else 0)
            if col >= 0:
                return i + 1, col + 1
        return start

    def pos(self, path: Path_) -> tuple[int, int]:
        """Closest known position for a path (walks up to the parent if needed)."""
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))

    def key_pos(self, path: Path_) -> tuple[int, int]:
        return self.key_positions.get(tuple(path)) or self.pos(path)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, doc: Document, problems: ProblemList):
        self.doc = doc
        self.problems = problems
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.doc.positions[path] = _mark(node)
        if id(node) in self.seen:
            self.problems.add(self.doc.path, _mark(node),
                              "YAML çapa/takma ad (&, *) kullanılmış",
                              "metni tekrar yazın; bu dosyalarda & ve * kullanılmaz")
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if not node.style and node.tag in _SURPRISING_TAGS:  # plain: None (PyYAML), "" (LibYAML)
            self.doc.implicit[path] = (_SURPRISING_TAGS[node.tag], node.value)
        elif not node.style and node.tag == _FLOAT_TAG:  # "45.000" is 45.0: the point is a decimal point
            self.doc.implicit[path] = (_FLOAT_KIND, node.value)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:  # e.g. an impossible date such as 2020-02-31
            self.problems.add(self.doc.path, _mark(node), f"değer okunamadı: {exc}",
                              "değeri tırnak içine alın")
            return node.value
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            self.problems.add(self.doc.path, _mark(node), f"geçersiz sayı: {node.value}",
                              "gerçek bir sayı yazın")
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        result: dict = {}
        first_seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.add(self.doc.path, _mark(key_node), "YAML birleştirme anahtarı (<<) kullanılmış",
                                  "alanları açıkça yazın")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.add(self.doc.path, _mark(key_node), "anahtar bir metin olmalı",
                                  "anahtarı tek kelime olarak yazın")
                continue
            key = self.constructor.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                # e.g. `yes:` or `2020-01-01:` as a key
                key = key_node.value
            if type(key) is str:
                # one object per distinct key: less memory, and a cached document (kb/content/filecache.py)
                # pickles each key once instead of once per occurrence
                key = sys.intern(key)
            if key in first_seen:
                line, col = first_seen[key]
                self.problems.add(self.doc.path, _mark(key_node),
                                  f"'{key}' anahtarı bu nesnede iki kez var (ilki {line}. satırda)",
                                  "birini silin ya da birleştirin; YAML ikincisini sessizce kullanırdı")
                continue
            first_seen[key] = mark = _mark(key_node)
            child = path + (key,)  # one tuple for both maps (shared when pickled too)
            self.doc.key_positions[child] = mark
            result[key] = self.build(value_node, child)
        return result


# PyYAML's (English) problem -> (Turkish message, how to fix, report where the construct began)
_YAML_PROBLEMS = [
    (r"found character '\\t' that cannot start any token", None, "", False),
    (r"found character '(.+)' that cannot start any token", "'{0}' karakteriyle bir değer başlayamaz",
     "değeri tırnak içine alın: \"…\"", False),
    (r"mapping values are not allowed here", "burada ':' beklenmiyor",
     "metnin içinde ': ' geçiyorsa bütün metni tırnak içine alın; geçmiyorsa girintiyi denetleyin", False),
    (r"found unexpected end of stream", "açılan tırnak kapanmamış",
     "bu satırda açılan tırnağı aynı tırnakla kapatın (metnin içindeki \" yerine ' ya da “ ” kullanın)", True),
    (r"could not find expected ':'", "'anahtar: değer' satırında ':' yok",
     "anahtardan sonra ':' yazın ya da satırı bir önceki değerin devamı olarak girintileyin", True),
    (r"expected <block end>, but found '<scalar>'", "değerden sonra beklenmeyen metin",
     "tırnaklı bir metin tırnaktan sonra devam ediyorsa bütün metni tırnak içine alın; metin '{' ya da '[' "
     "ile başlıyorsa (örneğin {p:…}) bütün metni tırnak içine alın", False),
    (r"expected <block end>, but found", "girinti hatası",
     "bu satırın girintisini aynı düzeydeki satırlarla aynı yapın (yalnızca boşluk)", False),
    (r"expected ',' or '\]', but got", "'[' ile açılan liste kapanmamış",
     "listeyi ']' ile kapatın; metin '[' ile başlıyorsa bütün metni tırnak içine alın", True),
    (r"expected ',' or '\}', but got", "'{' ile açılan değer kapanmamış",
     "metin '{' ile başlıyorsa (örneğin {p:…}) bütün metni tırnak içine alın", True),
    (r"found undefined alias", "YAML takma adı (*) kullanılmış",
     "bu dosyalarda & ve * kullanılmaz; '*' ile başlayan metni tırnak içine alın", False),
    (r"found unknown escape character '(.+)'", "çift tırnak içinde geçersiz ters eğik çizgi (\\{0})",
     "ters eğik çizgiyi silin ya da metni tek tırnak içine alın", False),
]


def _yaml_problem_tr(problem: str) -> tuple[str | None, str, bool]:
    import re

    for pattern, message, fix, at_context in _YAML_PROBLEMS:
        m = re.match(pattern, problem)
        if m:
            return (message.format(*m.groups()) if message and m.groups() else message), fix, at_context
    return (problem or "biçim hatası",
            "bu satırın ve bir önceki satırın girintisini, iki nokta üst üsteyi ve tırnakları denetleyin", False)


def load(file: Path, shown_as: str, problems: ProblemList) -> Document | None:
    """Load one YAML file. Problems go to `problems`; returns None if unreadable."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        problems.add(shown_as, None, f"dosya okunamadı: {exc.strerror}", "dosyanın var olduğunu ve okunabildiğini denetleyin")
        return None
    return load_bytes(raw, shown_as, problems)


def load_bytes(raw: bytes, shown_as: str, problems: ProblemList) -> Document | None:
    """`load` for a file already read (kb/content/filecache.py hashes the bytes first)."""
    doc = Document(path=shown_as)
    if len(raw) > MAX_BYTES:
        problems.add(shown_as, None, f"dosya çok büyük ({len(raw)} bayt)", "içeriği birkaç dosyaya bölün")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(shown_as, (line, 1), "dosya UTF-8 değil", "dosyayı UTF-8 olarak kaydedin")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    doc.lines = text.splitlines()
    for lineno, line in enumerate(doc.lines, start=1):
        col = line.find("\t")
        if col >= 0:
            problems.add(shown_as, (lineno, col + 1), "sekme (tab) karakteri var",
                         "sekmeyi boşluklarla değiştirin; YAML girintisi yalnızca boşlukla yapılır")
    try:
        if "&" in text or "*" in text:
            # anchors and aliases: report where they are written (composing would point at the
            # anchored value only) and stop before a 'billion laughs' document is expanded
            marks = [e.start_mark for e in _parsed(yaml.parse, text)
                     if isinstance(e, yaml.AliasEvent) or getattr(e, "anchor", None)]
            if marks:
                more = f" ({len(marks)} yerde)" if len(marks) > 1 else ""
                problems.add(shown_as, (marks[0].line + 1, marks[0].column + 1),
                             f"YAML çapa/takma ad (&, *) kullanılmış{more}",
                             "metni tekrar yazın; bu dosyalarda & ve * kullanılmaz ('*' ya da '&' ile başlayan metni tırnak içine alın)")
                return None
        nodes = _parsed(yaml.compose_all, text)
    except yaml.MarkedYAMLError as exc:
        what, fix, at_context = _yaml_problem_tr(exc.problem or "")
        if what is None:  # a tab: already reported above, at the same place
            return None
        mark = (exc.context_mark if at_context else None) or exc.problem_mark or exc.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark else None
        problems.add(shown_as, pos, f"YAML okunamadı: {what}", fix)
        return None
    except yaml.YAMLError as exc:
        problems.add(shown_as, None, f"YAML okunamadı: {exc}", "dosyanın biçimini denetleyin")
        return None
    if not nodes:
        problems.add(shown_as, (1, 1), "dosya boş", "içeriği content/README.md'deki biçimde yazın ya da dosyayı silin")
        return None
    if len(nodes) != 1:
        problems.add(shown_as, (1, 1), "dosyada tam bir YAML belgesi olmalı",
                     "'---' ile ayrılmış birden fazla belge kullanmayın")
        return None
    doc.data = _Builder(doc, problems).build(nodes[0], ())
    return doc


def describe_type(value: Any) -> str:
    if isinstance(value, bool):
        return "evet/hayır (boolean)"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return "tarih"
    if value is None:
        return "boş değer"
    if isinstance(value, (int, float)):
        return "sayı"
    if isinstance(value, str):
        return "metin"
    if isinstance(value, list):
        return "liste"
    if isinstance(value, dict):
        return "nesne"
    return type(value).__name__
