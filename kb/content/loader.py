"""Stage 1 — load and validate: content/*.yaml -> KnowledgeBase.

Every file is read strictly (yamlsource), validated against its JSON Schema
(schemacheck), then turned into Nodes with derived ids, and every cross-reference
(citations, parameter references, footnotes, project types) is resolved. All problems
of one run are collected; `load_knowledge_base` raises BuildError if there are any.
"""
from __future__ import annotations

import datetime as dt
import difflib
import gc
import os
import re
from pathlib import Path

from kb.content import filecache, yamlsource
from kb.content.model import (TURKISH_LETTERS, Correction, KnowledgeBase, Node, Parameter, ParamValue,
                    ProjectType, SourceDoc, SourceNote)
from kb.common.problems import BuildError, ProblemList
from kb.common.turkish import format_value

MARKUP_RE = re.compile(r"\{(p|ref|dn):([^{}|]+)(?:\|([^{}]*))?\}")
ANY_BRACE_RE = re.compile(r"[{}]")
GROUP_IDS = {"genel", "destekli-istihdam"}  # parameter groups that are not project types
# the fields each kind of guide node may have
GUIDE_FIELDS = {"baslik": {"no", "kimlik", "baslik", "alt", "proje_turleri", "rol", "duzeltmeler", "kaynak_notlari", "aciklama"},
                "paragraf": {"paragraf", "rol", "proje_turu", "duzeltmeler", "kaynak_notlari", "aciklama"},
                "liste": {"liste", "giris", "ogeler", "rol", "proje_turu", "duzeltmeler", "kaynak_notlari", "aciklama"}}


class Loader:
    def __init__(self, root: Path, cache: bool = True):
        self.root = root
        self._root_prefix = str(root).rstrip("/") + "/"
        # parse + schema results of unchanged files come from build/cache/ (kb/filecache.py)
        self.cache = filecache.FileCache(filecache.cache_file(root) if cache else None)
        self.content = root / "content"
        self.problems = ProblemList()
        self.kb = KnowledgeBase()
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
        param_docs = [self.read(p, "content/parametreler.schema.json") for p in sorted((c / "parametreler").glob("*.yaml"))]
        for name, doc in (("*", sources), ("proje-turleri", types), ("yonetmelik", reg), ("param", all(param_docs) or None)):
            if not doc:
                self.unreadable.add(name)
        if sources:
            self._sources(sources)
        if types:
            self._project_types(types)
        if reg and "yonetmelik" in self.kb.docs:
            self._regulation(reg)
        for folder in sorted(p for p in (c / "rehber").iterdir() if p.is_dir()) if (c / "rehber").is_dir() else []:
            self._guide(folder)
        for pd in param_docs:
            if pd:
                self._params(pd)
        self._resolve()
        self.cache.save()
        if self.problems:
            raise BuildError(self.problems)
        return self.kb

    def _check_unexpected_files(self) -> None:
        allowed_top = {"README.md", "kaynaklar.yaml", "proje-turleri.yaml", "yonetmelik.yaml", "parametreler", "rehber"}
        for p in sorted(self.content.iterdir()):
            if p.name not in allowed_top:
                self.problems.add(self.rel(p), None, "beklenmeyen dosya ya da klasör",
                                  "content/README.md'de anlatılan yerlere taşıyın ya da silin")
        for sub in ("parametreler",):
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

    def _common(self, node: Node, raw: dict) -> None:
        for c in raw.get("duzeltmeler", []):
            node.corrections.append(Correction(c["alan"], c["ozgun"], c["duzeltilmis"], c["neden"], c.get("yer", "")))
        for n in raw.get("kaynak_notlari", []):
            node.notes.append(SourceNote(n["tur"], n["aciklama"], list(n.get("ilgili", []))))
        node.explanation = raw.get("aciklama", "")

    def _text(self, node: Node, field: str, text: str) -> None:
        self.text_refs.append((node, field, text))

    # ---------------------------------------------------------------- sources
    def _sources(self, d: yamlsource.Document) -> None:
        for doc_id, m in d.data.items():
            period = m.get("donem")
            sd = SourceDoc(doc_id, m["baslik"], m["kisa_baslik"], m["kurum"], m["dosya"], m.get("kaynak_turu", ""),
                           period=period, meta=m)
            for c in m.get("duzeltmeler", []):
                sd.corrections.append(Correction(c["alan"], c["ozgun"], c["duzeltilmis"], c["neden"], c.get("yer", "")))
            self.kb.docs[doc_id] = sd
            seeds = self.root.parent / "shared" / "seeds" / m["dosya"]
            # the seed file is optional (the repo builds without shared/), but when present it must match
            if (self.root.parent / "shared" / "seeds").is_dir() and not seeds.is_file():
                self.problems.add(d.path, d.pos((doc_id, "dosya")), f"kaynak dosya bulunamadı: {m['dosya']}",
                                  "shared/seeds/ içindeki dosya adını yazın")
        self.docs["kaynaklar"] = d
        if "yonetmelik" not in self.kb.docs:
            self.problems.add(d.path, (1, 1), "yonetmelik kaydı yok", "kaynaklar.yaml'a yonetmelik bilgilerini ekleyin")

    def _project_types(self, d: yamlsource.Document) -> None:
        for i, (pid, m) in enumerate(d.data.items()):
            self.kb.project_types[pid] = ProjectType(pid, m["baslik"], m["kisa_baslik"], m["kaynak"], m.get("bolum", ""), i)
        self.docs["proje-turleri"] = d

    # ------------------------------------------------------------- regulation
    def _regulation(self, d: yamlsource.Document) -> None:
        file = d.path
        sd = self.kb.docs["yonetmelik"]
        expected = 1
        for gi, group in enumerate(d.data["bolumler"]):
            for ai, art in enumerate(group["maddeler"]):
                path = ("bolumler", gi, "maddeler", ai)
                no = art["no"]
                if no != expected:
                    self.problems.add(file, d.pos(path + ("no",)), f"madde numarası {no}, sırada {expected} bekleniyordu",
                                      "maddeleri sırayla ve atlamadan numaralayın")
                    expected += 1  # assume a typo; keep counting from where we should be
                else:
                    expected = no + 1
                a = Node("yonetmelik", f"art_{no}", f"madde-{no}", "article", label=f"Madde {no}", no=str(no),
                         heading_group=group["baslik"])
                self._common(a, art)
                if not self._register(a, file, path, d):
                    continue  # its paragraphs would only repeat the duplicate-id problem
                sd.roots.append(a)
                letters_seen: list[str] = []
                letter_pos: list[tuple[int, int]] = []
                item_no = 0
                for pi, para in enumerate(art["fikralar"], start=1):
                    ppath = path + ("fikralar", pi - 1)
                    p = Node("yonetmelik", f"art_{no}__para_{pi}", f"madde-{no}-fikra-{pi}", "paragraph",
                             label=f"Fıkra {pi}", no=str(pi), text=para["metin"], closing=para.get("kapanis", ""),
                             list_style=para.get("liste", ""), parent=a)
                    self._common(p, para)
                    self._register(p, file, ppath, d)
                    self._text(p, "metin", p.text)
                    if p.closing:
                        self._text(p, "kapanis", p.closing)
                    a.children.append(p)
                    style = para.get("liste")
                    for ii, it in enumerate(para.get("ogeler", [])):
                        ipath = ppath + ("ogeler", ii)
                        letter = it.get("harf")
                        if style == "harfli":
                            if not letter:
                                self.problems.add(file, d.pos(ipath), "harfli listede bendin harfi yok",
                                                  "'harf: …' ekleyin ya da listeyi 'tireli' yapın")
                                continue
                            letters_seen.append(letter)
                            letter_pos.append(d.pos(ipath + ("harf",)))
                            n = Node("yonetmelik", f"art_{no}__point_{letter}", f"madde-{no}-{letter}", "point",
                                     label=f"{letter})", no=letter, text=it["metin"], parent=p)
                        else:
                            if letter:
                                self.problems.add(file, d.pos(ipath + ("harf",)), "tireli listede harf kullanılmış",
                                                  "kaynak harf veriyorsa listeyi 'harfli' yapın, vermiyorsa harfi silin")
                            item_no += 1
                            n = Node("yonetmelik", f"art_{no}__item_{item_no}", f"madde-{no}-bent-{item_no}", "item",
                                     label="–", no=str(item_no), text=it["metin"], parent=p)
                        n.term = it.get("terim", "")
                        n.term_forms = list(it.get("bicimler", []))
                        n.legal_basis = it.get("dayanak")
                        self._common(n, it)
                        self._register(n, file, ipath, d)
                        self._text(n, "metin", n.text)
                        p.children.append(n)
                        if n.term:
                            if n.term in self.kb.terms:
                                self.problems.add(file, d.pos(ipath + ("terim",)), f"'{n.term}' terimi iki kez tanımlanmış",
                                                  "terimi yalnızca bir kez tanımlayın")
                            self.kb.terms[n.term] = n
                self._check_letter_order(file, d.pos(path), letters_seen, f"Madde {no}", letter_pos)

    def _check_letter_order(self, file, pos, letters, where, positions=None) -> None:
        if not letters:
            return
        expected = TURKISH_LETTERS[: len(letters)]
        latin = [chr(ord("a") + i) for i in range(len(letters))]
        # İŞKUR's web guide letters its lists with the Latin alphabet (…h, i, j, k); that is the
        # source's own style, not damage. A mix of both (g, g, h) is always an error.
        if letters != expected and letters != latin:
            # compare with the alphabet the list is closer to; point at its first wrong letter
            misses = {tuple(ref): [i for i, x in enumerate(letters) if x != ref[i]] for ref in (expected, latin)}
            ref = expected if len(misses[tuple(expected)]) <= len(misses[tuple(latin)]) else latin
            if positions:
                pos = positions[misses[tuple(ref)][0]]
            alphabet = "Türk alfabesi" if ref is expected else "alfabe (a, b, c, d …)"
            self.problems.add(file, pos, f"{where}: bent harfleri {alphabet} sırasında değil ({', '.join(letters)}; "
                              f"beklenen {', '.join(ref)})",
                              "kaynağın harflerini denetleyin; OCR'ın bozduğu harfi düzeltip 'duzeltmeler' altına kaydedin")

    # ------------------------------------------------------------------ guide
    def _guide(self, folder: Path) -> None:
        doc_id = f"rehber-{folder.name}"
        if doc_id not in self.kb.docs:
            if self._known_missing(doc_id):
                return
            self.problems.add(self.rel(folder), None, f"'{doc_id}' için kaynaklar.yaml'da kayıt yok",
                              f"kaynaklar.yaml'a '{doc_id}' başlığı, dönemi ve dosyasıyla ekleyin")
            return
        sd = self.kb.docs[doc_id]
        for p in sorted(folder.iterdir()):
            if p.suffix != ".yaml":
                self.problems.add(self.rel(p), None, "beklenmeyen dosya (yalnızca .yaml okunur)", "uzantıyı .yaml yapın ya da silin")
                continue
            if p.name == "dipnotlar.yaml":
                d = self.read(p, "content/dipnotlar.schema.json")
                if not d:
                    self.unreadable.add(doc_id)
                if d:
                    self._belge(d, doc_id)
                    for no, fn in d.data["dipnotlar"].items():
                        n = Node(doc_id, f"fn_{no}", f"dipnot-{no}", "footnote", label=str(no), no=str(no), text=fn["metin"])
                        self._common(n, fn)
                        self._register(n, d.path, ("dipnotlar", no), d)
                        self._text(n, "metin", n.text)
                        sd.footnotes[str(no)] = n
                continue
            d = self.read(p, "content/rehber-bolum.schema.json")
            if not d:
                self.unreadable.add(doc_id)
                continue
            self._belge(d, doc_id)
            data = d.data
            if "bolum" in data and ("ust" in data or "kisim" in data):
                self.problems.add(d.path, d.key_pos(("ust",)) if "ust" in data else d.pos(()),
                                  "dosyada hem 'bolum' hem 'ust'/'kisim' var",
                                  "ya bir bölüm ('bolum') ya da bir bölüme eklenen kısım ('ust' + 'kisim') yazın")
                continue
            if "bolum" in data:
                node = self._guide_node(d, ("bolum",), data["bolum"], doc_id, "sec", None, 0)
                if node:
                    sd.roots.append(node)
            elif "ust" in data and "kisim" in data:
                parent = self.kb.nodes.get(f"{doc_id}:{data['ust']}")
                if parent is None and self._known_missing(doc_id):
                    continue
                if parent is None:
                    self.problems.add(d.path, d.pos(("ust",)), f"üst düğüm bulunamadı: '{data['ust']}'",
                                      self._suggest(f"{doc_id}:{data['ust']}", "bu dosyadan önce okunan bir dosyadaki kimliği yazın"))
                    continue
                node = self._guide_node(d, ("kisim",), data["kisim"], doc_id, parent.id, parent, len(parent.children))
                if node:
                    parent.children.append(node)
            else:
                self.problems.add(d.path, (1, 1), "dosyada 'bolum' ya da 'ust' ile 'kisim' yok",
                                  "content/README.md'deki rehber dosyası biçimini izleyin")

    def _belge(self, d: yamlsource.Document, doc_id: str) -> None:
        if d.data.get("belge") != doc_id:
            self.problems.add(d.path, d.pos(("belge",)), f"'belge: {d.data.get('belge')}' klasörle uyuşmuyor",
                              f"'belge: {doc_id}' yazın")

    def _guide_node(self, d, path, raw, doc_id, parent_id, parent, index, counters=None) -> Node | None:
        """Build one guide node (and its subtree). `counters` numbers paragraphs/lists among siblings."""
        file = d.path
        kinds = [k for k in ("baslik", "paragraf", "liste") if k in raw]
        if len(kinds) != 1:
            self.problems.add(file, d.pos(path),
                              "düğüm türü belirsiz: " + ("'baslik', 'paragraf' ya da 'liste' alanlarından biri olmalı" if not kinds
                                                         else f"birden fazla tür alanı var ({', '.join(kinds)})"),
                              "başlıklı kısım için 'baslik' + 'alt', paragraf için 'paragraf', liste için 'liste' + 'ogeler' yazın")
            return None
        kind = kinds[0]
        counters = counters if counters is not None else {"para": 0, "list": 0}
        allowed = GUIDE_FIELDS[kind]
        for k in raw:
            if k not in allowed:
                self.problems.add(file, d.key_pos(path + (k,)), f"'{k}' alanı bu tür düğümde kullanılmaz ({kind})",
                                  f"bu düğümde geçerli alanlar: {', '.join(sorted(allowed))}")
        prefix = "" if parent_id == "sec" else parent_id + "__"
        anchor_base = "r" if parent is None else parent.anchor + "-"
        if kind == "baslik":
            label = raw.get("no") or raw.get("kimlik")
            if not label:
                self.problems.add(file, d.pos(path), "başlıklı kısmın numarası/harfi yok",
                                  "'no: …' (kaynakta yazdığı gibi) ya da numarasız bir bölüm için 'kimlik: …' ekleyin")
                return None
            nid = f"sec_{label}" if parent is None else f"{prefix}sub_{label}"
            anchor = f"r{label}" if parent is None else f"{anchor_base}{label}"
            node = Node(doc_id, nid, anchor, "section" if parent is None else "part",
                        label=(raw.get("no") or ""), no=raw.get("no", ""), title=raw["baslik"], parent=parent,
                        project_types=list(raw.get("proje_turleri", [])), role=raw.get("rol", ""))
            self._common(node, raw)
            if not self._register(node, file, path, d):
                return None  # its children would only repeat the duplicate-id problem
            self._text(node, "baslik", node.title)
            child_counters = {"para": 0, "list": 0}
            for i, child in enumerate(raw.get("alt", [])):
                c = self._guide_node(d, path + ("alt", i), child, doc_id, nid, node, i, child_counters)
                if c:
                    node.children.append(c)
            if not raw.get("alt"):
                self.problems.add(file, d.pos(path), "başlıklı kısmın içeriği ('alt') yok", "'alt:' altına paragrafları ve listeleri yazın")
            return node
        if kind == "paragraf":
            counters["para"] += 1
            n = counters["para"]
            node = Node(doc_id, f"{prefix}para_{n}", f"{anchor_base}p{n}", "paragraph", label="", no=str(n),
                        text=raw["paragraf"], role=raw.get("rol", ""), parent=parent,
                        project_types=[raw["proje_turu"]] if raw.get("proje_turu") else [])
            self._common(node, raw)
            self._register(node, file, path, d)
            self._text(node, "paragraf", node.text)
            return node
        # list
        counters["list"] += 1
        n = counters["list"]
        style = raw["liste"]
        lid = f"{prefix}list_{n}"
        node = Node(doc_id, lid, f"{anchor_base}l{n}", "list", no=str(n), text=raw.get("giris", ""), list_style=style,
                    role=raw.get("rol", ""), parent=parent,
                    project_types=[raw["proje_turu"]] if raw.get("proje_turu") else [])
        self._common(node, raw)
        self._register(node, file, path, d)
        if node.text:
            self._text(node, "giris", node.text)
        if not raw.get("ogeler"):
            self.problems.add(file, d.pos(path), "listenin öğeleri ('ogeler') yok", "'ogeler:' altına öğeleri yazın")
            return node
        labels = []
        label_pos = []
        item_n = 0
        for i, it in enumerate(raw["ogeler"]):
            ipath = path + ("ogeler", i)
            no = it.get("no")
            if style == "tireli":
                if no:
                    self.problems.add(file, d.pos(ipath + ("no",)), "tireli listede numara kullanılmış",
                                      "kaynak numara veriyorsa listeyi 'harfli' ya da 'numarali' yapın")
                item_n += 1
                item = Node(doc_id, f"{lid}__item_{item_n}", f"{node.anchor}-m{item_n}", "item", label="–",
                            no=str(item_n), text=it["metin"], parent=node)
            else:
                if not no:
                    self.problems.add(file, d.pos(ipath), f"{style} listede öğenin numarası ('no') yok",
                                      "kaynakta yazdığı gibi numarayı ya da harfi ekleyin")
                    continue
                labels.append(no)
                label_pos.append(d.pos(ipath + ("no",)))
                item = Node(doc_id, f"{lid}__point_{no}", f"{node.anchor}-{no}", "point",
                            label=f"{no})" if style == "harfli" else f"{no}-", no=no, text=it["metin"], parent=node)
            item.qualifiers = list(it.get("nitelikler", []))
            item.role = it.get("rol", "")
            self._common(item, it)
            self._register(item, file, ipath, d)
            self._text(item, "metin", item.text)
            node.children.append(item)
        if style == "harfli":
            self._check_letter_order(file, d.pos(path), labels, "liste", label_pos)
        elif style == "numarali":
            expected = [str(i) for i in range(1, len(labels) + 1)]
            if labels != expected:
                first_bad = next(i for i, (x, y) in enumerate(zip(labels + [""], expected + [""])) if x != y)
                self.problems.add(file, label_pos[min(first_bad, len(label_pos) - 1)],
                                  f"liste numaraları sırasız ya da atlamalı ({', '.join(labels)})",
                                  "numaraları kaynakta yazdığı gibi 1'den başlayarak sırayla yazın")
        return node

    # ------------------------------------------------------------- parameters
    def _params(self, d: yamlsource.Document) -> None:
        for pid, m in d.data.items():
            if pid in self.kb.params:
                other = self.kb.params[pid]
                self.problems.add(d.path, d.key_pos((pid,)), f"'{pid}' parametresi iki kez tanımlanmış (ilki {other.file}:{other.pos[0]})",
                                  "birini silin ya da yeniden adlandırın")
                continue
            values = []
            external = bool(m.get("dis_kaynak"))
            for i, v in enumerate(m["degerler"]):
                vpath = (pid, "degerler", i)
                pv = ParamValue(v["donem"], v["deger"], v.get("kaynak", ""), list(v.get("diger_kaynaklar", [])),
                                v.get("dis_kaynak_atif", ""), v.get("dogrulandi"), v.get("aciklama", ""))
                if external and not pv.external_cite:
                    self.problems.add(d.path, d.pos(vpath), "dış kaynaklı değerin atfı ('dis_kaynak_atif') yok",
                                      "değerin alındığı resmi kaynağı yazın")
                if not external and not pv.cite:
                    self.problems.add(d.path, d.pos(vpath), "parametre değerinin kaynağı ('kaynak') yok",
                                      "değerin geçtiği düğümün atfını yazın, örn. rehber-2020-1:sec_5__para_1")
                if pv.external_cite and not external:
                    self.problems.add(d.path, d.key_pos(vpath + ("dis_kaynak_atif",)), "'dis_kaynak_atif' yalnızca dış kaynaklı parametrede kullanılır",
                                      "parametreye 'dis_kaynak: true' ekleyin ya da 'kaynak' yazın")
                unit = m["birim"]
                try:
                    if unit == "tarih":
                        if not isinstance(pv.value, str):
                            raise ValueError("tarih tırnak içinde YYYY-AA-GG olarak yazılmalı")
                        dt.date.fromisoformat(pv.value)
                    elif unit == "kesir":
                        if not (isinstance(pv.value, str) and re.fullmatch(r"[1-9][0-9]*/[1-9][0-9]*", pv.value)):
                            raise ValueError("kesir \"2/3\" biçiminde yazılmalı")
                    elif isinstance(pv.value, bool) or not isinstance(pv.value, (int, float)):
                        raise ValueError(f"'{m['birim']}' birimli değer bir sayı olmalı")
                    elif pv.value < 0:
                        raise ValueError("değer eksi olamaz")
                except ValueError as exc:
                    hint = ""
                    if (vpath + ("deger",)) in d.implicit:
                        hint = " (YAML bunu tarih olarak okudu)"
                    example = {"tarih": '"2020-12-18"', "kesir": '"2/3"'}.get(unit, "45000 ya da 3577.50 (binlik noktası ve birim olmadan)")
                    self.problems.add(d.path, d.pos(vpath + ("deger",)), f"geçersiz değer '{pv.value}'{hint}: {exc}",
                                      f"değeri şöyle yazın: {example}")
                    continue
                values.append(pv)
            periods = [v.period for v in values]
            if len(set(periods)) != len(periods):
                self.problems.add(d.path, d.pos((pid, "degerler")), "aynı dönem için iki değer var",
                                  "her dönem için yalnızca bir değer yazın")
            param = Parameter(pid, m["etiket"], m["birim"], m["proje_turu"], values, external, m.get("aciklama", ""),
                              d.path, d.key_pos((pid,)))
            self.kb.params[pid] = param
            self.docs[f"param:{pid}"] = d

    # ---------------------------------------------------------------- resolve
    def _suggest(self, cite: str, default: str) -> str:
        close = difflib.get_close_matches(cite, list(self.kb.nodes), n=1, cutoff=0.75)
        return f"bunu mu demek istediniz: {close[0]}" if close else default

    def _known_missing(self, what: str) -> bool:
        return what in self.unreadable or "*" in self.unreadable

    def _check_cite(self, cite: str, file: str, pos) -> bool:
        """pos: (line, column), or a function giving it (called only for a problem)."""
        if cite in self.kb.nodes:
            return True
        if self._known_missing(cite.split(":", 1)[0]):
            return False
        self.problems.add(file, _at(pos), f"atıf bulunamadı: '{cite}'",
                          self._suggest(cite, "var olan bir düğümün atfını yazın (belge:kimlik, bkz. content/README.md)"))
        return False

    def _resolve(self) -> None:
        kb = self.kb
        # parameter citations
        for pid, param in kb.params.items():
            d = self.docs[f"param:{pid}"]
            for i, v in enumerate(param.values):
                for j, cite in enumerate([v.cite] + v.other_cites if v.cite else v.other_cites):
                    key = ("kaynak",) if j == 0 and v.cite else ("diger_kaynaklar", j - (1 if v.cite else 0))
                    self._check_cite(cite, d.path, d.pos((pid, "degerler", i) + key))
            if (param.project_type not in kb.project_types and param.project_type not in GROUP_IDS
                    and not self._known_missing("proje-turleri")):
                self.problems.add(d.path, d.pos((pid, "proje_turu")), f"bilinmeyen proje türü: '{param.project_type}'",
                                  f"şunlardan birini yazın: {', '.join(list(kb.project_types) + sorted(GROUP_IDS))}")
        # project types
        if "proje-turleri" in self.docs:
            d = self.docs["proje-turleri"]
            for pt in kb.project_types.values():
                self._check_cite(pt.cite, d.path, d.pos((pt.id, "kaynak")))
                if pt.part_cite and self._check_cite(pt.part_cite, d.path, d.pos((pt.id, "bolum"))):
                    part = kb.nodes[pt.part_cite]
                    if pt.id not in part.project_types:
                        self.problems.add(d.path, d.pos((pt.id, "bolum")),
                                          f"'{pt.part_cite}' kısmı bu proje türünü 'proje_turleri' altında saymıyor",
                                          f"kısma 'proje_turleri: [{pt.id}, …]' ekleyin ya da doğru kısmı yazın")
        # sources
        if "yonetmelik" in kb.docs:
            d = self.docs["kaynaklar"]
            m = kb.docs["yonetmelik"].meta
            for key in ("yururluk",):
                if m.get(key, {}).get("kaynak"):
                    self._check_cite(m[key]["kaynak"], d.path, d.pos(("yonetmelik", key, "kaynak")))
            if m.get("dayanaklar_kaynak"):
                self._check_cite(m["dayanaklar_kaynak"], d.path, d.pos(("yonetmelik", "dayanaklar_kaynak")))
        for sd in kb.guides():
            d = self.docs["kaynaklar"]
            if sd.meta["son_basvuru_parametresi"] not in kb.params and not self._known_missing("param"):
                self.problems.add(d.path, d.pos((sd.id, "son_basvuru_parametresi")), "bilinmeyen parametre",
                                  "son başvuru tarihini tutan parametrenin kimliğini yazın")
        # nodes: project types, notes
        for cite, node in kb.nodes.items():
            if not node.project_types and not node.notes:
                continue
            file, path = self.origin[cite]
            doc = self._doc_for_file(file)
            for pt in node.project_types:
                if pt not in kb.project_types and not self._known_missing("proje-turleri"):
                    self.problems.add(file, doc.pos(path), f"bilinmeyen proje türü: '{pt}'",
                                      f"şunlardan birini yazın: {', '.join(kb.project_types)}")
            for ni, note in enumerate(node.notes):
                for ri, rel in enumerate(note.related):
                    self._check_cite(rel, file, doc.pos(path + ("kaynak_notlari", ni, "ilgili", ri)))
        # markup in text
        for node, field, text in self.text_refs:
            if "{" not in text and "}" not in text:
                continue  # no markup and no stray brace: nothing to check
            file, path = self.origin.get(node.cite, (node.file, ()))
            doc = self._doc_for_file(file)
            pos = doc.pos(path + (field,)) if doc else node.pos
            self._check_markup(node, text, file, pos, doc)

    def _doc_for_file(self, file: str):
        return self.files[file]

    def _check_markup(self, node: Node, text: str, file: str, start, doc=None) -> None:
        kb = self.kb
        pos = start
        stripped = MARKUP_RE.sub("", text)
        if ANY_BRACE_RE.search(stripped):
            self.problems.add(file, _at(pos), "metinde tanınmayan süslü parantez işareti var",
                              "işaretler {p:kimlik}, {p:kimlik|sayi}, {ref:belge:kimlik}, {dn:1} biçiminde olmalı")
        period = kb.docs[node.doc].period if node.doc in kb.docs else None
        for m in MARKUP_RE.finditer(text):
            kind, target, opt = m.group(1), m.group(2).strip(), m.group(3)
            # point at the marker itself, not only at the start of a long text; found only when a
            # problem is reported (finding it splits the file into lines)
            pos = (lambda marker=m.group(0)[:-1]: doc.find(marker, start)) if doc else start
            if kind == "p":
                param = kb.params.get(target)
                if not param and self._known_missing("param"):
                    continue
                if not param:
                    close = difflib.get_close_matches(target, list(kb.params), n=1, cutoff=0.6)
                    self.problems.add(file, _at(pos), f"bilinmeyen parametre: '{target}'",
                                      f"bunu mu demek istediniz: {close[0]}" if close else "parametreyi content/parametreler/ altında tanımlayın")
                    continue
                value = param.value_for(period)
                if value is None:
                    self.problems.add(file, _at(pos), f"'{target}' parametresinin {period or 'bu belge'} dönemi için değeri yok",
                                      f"parametreye 'donem: \"{period}\"' olan bir değer ekleyin")
                    continue
                # every period repeats the same few (value, unit, format) triples: format each once
                key = (type(value.value), value.value, param.unit, opt or "")
                error = self._format_errors.get(key, "")
                if error == "":
                    try:
                        format_value(value.value, param.unit, opt or "")
                        error = None
                    except (ValueError, TypeError) as exc:
                        error = str(exc)
                    self._format_errors[key] = error
                if error is not None:
                    self.problems.add(file, _at(pos), f"'{m.group(0)}' gösterilemiyor: {error}", "biçimi değiştirin: sayi, yazi ya da yazi_rakam")
            elif kind == "ref":
                if self._check_cite(target, file, pos) and opt == "":
                    self.problems.add(file, _at(pos), "bağlantı metni boş", "'|' işaretini ve ardından gelen boşluğu silin ya da metin yazın")
            elif kind == "dn":
                if (target not in kb.docs.get(node.doc, SourceDoc("", "", "", "", "", "")).footnotes
                        and not self._known_missing(node.doc)):
                    self.problems.add(file, _at(pos), f"dipnot bulunamadı: {target}", "dipnotu dipnotlar.yaml'a ekleyin ya da işareti silin")


def _at(pos):
    """A position given as (line, column) or as a function that finds it."""
    return pos() if callable(pos) else pos


def load_knowledge_base(root: Path, cache: bool = True) -> KnowledgeBase:
    return Loader(root, cache=cache).load()
