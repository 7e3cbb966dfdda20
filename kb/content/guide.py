"""Reading a guide period's folder (content/rehber/<period>/): sections, parts, paragraphs,
lists and footnotes with derived ids (sec_4__sub_A__list_1__point_c).

A part of the content Loader (kb/content/loader.py), which mixes it in."""
from __future__ import annotations

from pathlib import Path

from kb.content import yamlsource
from kb.content.corrections import RECORD_KEYS
from kb.content.model import Node

# the fields each kind of guide node may have
# (`duzeltmeler` and `kaynak_notlari` are reported apart: they belong in content/duzeltmeler/)
GUIDE_FIELDS = {"baslik": {"no", "kimlik", "baslik", "alt", "proje_turleri", "rol", "aciklama"},
                "paragraf": {"paragraf", "rol", "proje_turu", "aciklama"},
                "liste": {"liste", "giris", "ogeler", "rol", "proje_turu", "aciklama"}}


class GuideReader:
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
                        self._common(n, fn, d, ("dipnotlar", no))
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
            if k not in allowed and k not in RECORD_KEYS:
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
            self._common(node, raw, d, path)
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
            self._common(node, raw, d, path)
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
        self._common(node, raw, d, path)
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
            self._common(item, it, d, ipath)
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
