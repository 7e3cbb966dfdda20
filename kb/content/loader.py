"""Stage 1 — load and validate: content/*.yaml -> KnowledgeBase.

Every file is read strictly (yamlsource), validated against its JSON Schema
(schemacheck), then turned into Nodes with derived ids, and every cross-reference
(citations, parameter references, footnotes, project types) is resolved. All problems
of one run are collected; `load_knowledge_base` raises BuildError if there are any.

The Loader is one class in several files: this one (files, sources, the order of the
run), regulation.py, guide.py, corrections.py, parameters.py, projecttypes.py (project
types and parameter groups), references.py (resolving citations and markers once
every file is read) and owntext.py (the site's own words, content/aciklamalar.yaml).
"""
from __future__ import annotations

import gc
import os
from pathlib import Path

from kb.common.problems import BuildError, ProblemList
from kb.content import filecache, yamlsource
from kb.content.corrections import CorrectionsReader
from kb.content.easyread import FOLDER as EASY_READ_FOLDER, read_easy_read, resolve_easy_read
from kb.content.guide import GuideReader
# the markers of content text, imported from here by older callers
from kb.content.markup import ANY_BRACE_RE, MARKUP_RE  # noqa: F401
from kb.content.model import KnowledgeBase, Node, SourceDoc
from kb.content.owntext import OWN_TEXTS_DIR, OWN_TEXTS_FILE, OwnTextReader
from kb.content.parameters import ParameterReader
from kb.content.projecttypes import ProjectTypeReader
from kb.content.references import ReferenceResolver
from kb.content.regulation import RegulationReader


class Loader(RegulationReader, GuideReader, CorrectionsReader, ParameterReader, ProjectTypeReader, ReferenceResolver,
             OwnTextReader):
    def __init__(self, root: Path, cache: bool = True):
        self.root = root
        self._root_prefix = str(root).rstrip("/") + "/"
        # parse + schema results of unchanged files come from build/cache/ (kb/content/filecache.py)
        self.cache = filecache.FileCache(filecache.cache_file(root) if cache else None)
        self.content = root / "content"
        self.problems = ProblemList()
        self.kb = KnowledgeBase()
        self.kb.root = root
        self.docs: dict[str, yamlsource.Document] = {}  # special files by role: kaynaklar, proje-turleri, param:<id>
        self.files: dict[str, yamlsource.Document] = {}  # every loaded file by its shown path
        # where each node came from: cite -> (file, yaml path)
        self.origin: dict[str, tuple[str, tuple]] = {}
        self.text_refs: list[tuple[Node, str, str]] = []  # (node, field name, text)
        # documents (ids), "param" or "proje-turleri" whose file(s) could not be read: a reference
        # into them is a consequence of that file's own problem and is not reported again
        self.unreadable: set[str] = set()
        self._format_errors: dict[tuple, str | None] = {}  # (type, value, unit, format) -> error text or None

    # ------------------------------------------------------------------ files
    def rel(self, p: Path) -> str:
        s = str(p)
        if os.sep == "/" and s.startswith(self._root_prefix):  # the common case, without pathlib's cost
            return s[len(self._root_prefix):]
        return p.relative_to(self.root).as_posix()

    def read(self, p: Path, schema: str) -> yamlsource.Document | None:
        doc, valid = self.cache.read(p, self.rel(p), schema, self.problems)
        if doc is None:
            return None
        self.files[doc.path] = doc
        return doc if valid else None

    def load(self) -> KnowledgeBase:
        # loading allocates millions of long-lived objects and frees few cycles: the cyclic
        # garbage collector would walk the growing heap again and again (~20 % of the time)
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._load()
        finally:
            if was_enabled:
                gc.enable()

    def _load(self) -> KnowledgeBase:
        c = self.content
        if not c.is_dir():
            self.problems.add("content", None, "content/ klasörü yok", "projeyi kökünden çalıştırın")
            raise BuildError(self.problems)
        self._check_unexpected_files()
        sources = self.read(c / "kaynaklar.yaml", "content/kaynaklar.schema.json")
        types = self.read(c / "proje-turleri.yaml", "content/proje-turleri.schema.json")
        reg = self.read(c / "yonetmelik.yaml", "content/yonetmelik.schema.json")
        attrs = self.read(c / "nitelikler.yaml", "content/nitelikler.schema.json") if (c / "nitelikler.yaml").exists() else None
        groups = (self.read(c / "parametre-gruplari.yaml", "content/parametre-gruplari.schema.json")
                  if (c / "parametre-gruplari.yaml").exists() else None)
        if attrs:
            self._attributes(attrs)
        param_docs = [self.read(p, "content/parametreler.schema.json") for p in sorted((c / "parametreler").glob("*.yaml"))]
        for name, doc in (("*", sources), ("proje-turleri", types), ("yonetmelik", reg), ("param", all(param_docs) or None)):
            if not doc:
                self.unreadable.add(name)
        if sources:
            self._sources(sources)
        if types:
            self._project_types(types)
        if groups:
            self._param_groups(groups)
        elif (c / "parametre-gruplari.yaml").exists():
            self.unreadable.add("parametre-gruplari")
        if reg and "yonetmelik" in self.kb.docs:
            self._regulation(reg)
        for folder in sorted(p for p in (c / "rehber").iterdir() if p.is_dir()) if (c / "rehber").is_dir() else []:
            self._guide(folder)
        self._correction_files()  # after every document: entries are keyed by node ids
        for pd in param_docs:
            if pd:
                self._params(pd)
        self._own_texts()  # the site's own words (owntext.py), after the parameters they may name
        read_easy_read(self)  # the easy-read pages (easyread.py)
        self._check_bases()
        self._resolve()
        self._resolve_own_texts()
        resolve_easy_read(self)
        self.cache.save()
        if self.problems:
            raise BuildError(self.problems)
        return self.kb

    def _check_unexpected_files(self) -> None:
        allowed_top = {"README.md", "kaynaklar.yaml", "proje-turleri.yaml", "yonetmelik.yaml", "parametreler", "rehber",
                       "duzeltmeler",
                       "nitelikler.yaml", "parametre-gruplari.yaml", OWN_TEXTS_FILE, OWN_TEXTS_DIR,
                       EASY_READ_FOLDER}
        for p in sorted(self.content.iterdir()):
            if p.name not in allowed_top:
                self.problems.add(self.rel(p), None, "beklenmeyen dosya ya da klasör",
                                  "content/README.md'de anlatılan yerlere taşıyın ya da silin")
        for sub in ("parametreler", "duzeltmeler", OWN_TEXTS_DIR):
            d = self.content / sub
            if d.is_dir():
                for p in sorted(d.iterdir()):
                    if p.suffix != ".yaml":
                        self.problems.add(self.rel(p), None, "beklenmeyen dosya (yalnızca .yaml okunur)",
                                          "uzantıyı .yaml yapın ya da dosyayı silin")

    # ---------------------------------------------------------------- helpers
    def _register(self, node: Node, file: str, path: tuple, doc: yamlsource.Document) -> bool:
        node.file = file
        node.pos = doc.pos(path)
        cite = node.cite
        other = self.kb.nodes.get(cite)
        if other is not None:
            self.problems.add(file, node.pos, f"'{cite}' kimliği iki kez üretildi (ilki {other.file}:{other.pos[0]})",
                              "iki düğümün numarasını/harfini denetleyin; aynı düzeyde aynı numara iki kez kullanılamaz")
            return False
        self.kb.nodes[cite] = node
        self.origin[cite] = (file, path)
        return True

    def _common(self, node: Node, raw: dict, d: yamlsource.Document, path: tuple) -> None:
        # corrections and source notes are not written on the node: content/duzeltmeler/ (corrections.py)
        self._inline_records(node, raw, d, path)
        node.explanation = raw.get("aciklama", "")

    def _text(self, node: Node, field: str, text: str) -> None:
        self.text_refs.append((node, field, text))

    # ---------------------------------------------------------------- sources
    def _sources(self, d: yamlsource.Document) -> None:
        for doc_id, m in d.data.items():
            period = m.get("donem")
            sd = SourceDoc(doc_id, m["baslik"], m["kisa_baslik"], m["kurum"], m["dosya"], m.get("kaynak_turu", ""),
                           period=period, meta=m)
            self._inline_document_records(d, sd)  # document-level corrections: content/duzeltmeler/
            self.kb.docs[doc_id] = sd
            seeds = self.root.parent / "shared" / "seeds" / m["dosya"]
            # the seed file is optional (the repo builds without shared/), but when present it must match
            if (self.root.parent / "shared" / "seeds").is_dir() and not seeds.is_file():
                self.problems.add(d.path, d.pos((doc_id, "dosya")), f"kaynak dosya bulunamadı: {m['dosya']}",
                                  "shared/seeds/ içindeki dosya adını yazın")
        self.docs["kaynaklar"] = d
        if "yonetmelik" not in self.kb.docs:
            self.problems.add(d.path, (1, 1), "yonetmelik kaydı yok", "kaynaklar.yaml'a yonetmelik bilgilerini ekleyin")

def load_knowledge_base(root: Path, cache: bool = True) -> KnowledgeBase:
    return Loader(root, cache=cache).load()
