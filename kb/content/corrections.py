"""Corrections and source notes, kept per source file: content/duzeltmeler/<name>.yaml.

A correction (OCR or scraping damage repaired) and a source note (the source's own
contradiction, blank or ambiguity) describe the source file named by `dosya:` in
kaynaklar.yaml, not a period's text: a new guide period starts as a copy of
content/rehber/<period>/, and records written inline there would be copied along and be
wrong. So they live in one file per source file, named after it
(002_c15e343583145610.txt -> content/duzeltmeler/002_c15e343583145610.yaml):

    duzeltmeler: [ … ]              # the document as a whole (page furniture removed; `yer`)
    dugumler:
      sec_4__sub_A__para_2:         # a node's derived id in that source's document
        duzeltmeler: [ … ]
        kaynak_notlari: [ … ]

The entries are attached to the nodes once every document is read, so the model is the
same as when they were written on the nodes. Writing them inline in a text file (or the
document-level list in kaynaklar.yaml) is reported with where they belong now.

A part of the content Loader (kb/content/loader.py), which mixes it in."""
from __future__ import annotations

import difflib
from pathlib import Path

from kb.content import yamlsource
from kb.content.model import Correction, Node, SourceDoc, SourceNote

FOLDER = "duzeltmeler"  # under content/
SCHEMA = "content/duzeltmeler.schema.json"
RECORD_KEYS = ("duzeltmeler", "kaynak_notlari")  # what a node's entry holds (never inline on the node)


def correction(raw: dict) -> Correction:
    return Correction(raw["alan"], raw["ozgun"], raw["duzeltilmis"], raw["neden"], raw.get("yer", ""))


class CorrectionsReader:
    def _records_file(self, sd: SourceDoc) -> str:
        """The file that holds a document's records, as shown to editors."""
        return f"content/{FOLDER}/{Path(sd.file).stem}.yaml"

    def _correction_files(self) -> None:
        """Read content/duzeltmeler/*.yaml and attach each entry to its document or node."""
        folder = self.content / FOLDER
        if not folder.is_dir():
            return
        by_name: dict[str, SourceDoc] = {}
        for sd in self.kb.docs.values():  # a file two entries name (a copied entry) is the first one's
            by_name.setdefault(Path(sd.file).stem, sd)
        for p in sorted(folder.glob("*.yaml")):
            d = self.read(p, SCHEMA)
            if not d:
                continue
            sd = by_name.get(p.stem)
            if sd is None:
                if not self._known_missing("*"):
                    names = ", ".join(f"{stem}.yaml ({s.id})" for stem, s in by_name.items()) or "yok"
                    self.problems.add(d.path, (1, 1),
                                      f"'{p.name}' hiçbir kaynak dosyanın adını taşımıyor: kaynaklar.yaml'da "
                                      f"'dosya: {p.stem}.…' olan bir belge yok",
                                      f"dosyayı kayıtlarının ait olduğu kaynak dosyanın adıyla adlandırın ({names}); "
                                      "yeni bir kaynaksa önce kaynaklar.yaml'a ekleyin")
                continue
            for c in d.data.get("duzeltmeler", []):
                sd.corrections.append(correction(c))
            # a document whose text files already have problems (a duplicate id, a letter out of
            # order …) may have lost or renamed ids: a key that no longer matches is a consequence
            # (records written inline do not change ids)
            files = {n.file for n in self.kb.nodes.values() if n.doc == sd.id}
            inline = self.__dict__.get("_inline_problems", set())
            ids_final = not self._known_missing(sd.id) and not any(
                pr.file in files and pr not in inline for pr in self.problems.items)
            for nid, entry in d.data.get("dugumler", {}).items():
                self._attach(d, sd, str(nid), entry, ids_final)

    def _attach(self, d: yamlsource.Document, sd: SourceDoc, nid: str, entry: dict, ids_final: bool) -> None:
        node = self.kb.nodes.get(f"{sd.id}:{nid}")
        if node is None:
            if ids_final:
                ids = [n.split(":", 1)[1] for n in self.kb.nodes if n.startswith(sd.id + ":")]
                close = difflib.get_close_matches(nid, ids, n=1, cutoff=0.75)
                self.problems.add(d.path, d.key_pos(("dugumler", nid)), f"'{nid}' kimliği {sd.id} belgesinde yok",
                                  f"bunu mu demek istediniz: {close[0]}" if close else
                                  "belgede var olan bir düğümün kimliğini yazın (bkz. content/README.md, \"Ids and citations\")")
            return
        for c in entry.get("duzeltmeler", []):
            node.corrections.append(correction(c))
        for ni, n in enumerate(entry.get("kaynak_notlari", [])):
            node.notes.append(SourceNote(n["tur"], n["aciklama"], list(n.get("ilgili", []))))
            for ri, rel in enumerate(n.get("ilgili", [])):
                self._check_cite(rel, d.path, d.pos(("dugumler", nid, "kaynak_notlari", ni, "ilgili", ri)))

    # ------------------------------------------------- records written in the old place
    def _inline_records(self, node: Node, raw: dict, d: yamlsource.Document, path: tuple) -> None:
        """A node of a text file with `duzeltmeler`/`kaynak_notlari`: say where they belong now."""
        sd = self.kb.docs[node.doc]
        where = "dönem klasöründe" if sd.period else "metin dosyasında"
        for key in RECORD_KEYS:
            if key in raw:
                self.problems.add(d.path, d.key_pos(path + (key,)),
                                  f"'{key}' {where} yazılmaz: düzeltmeler ve kaynak notları kaynak dosyaya "
                                  f"({sd.file}) aittir, {self._records_file(sd)} dosyasında tutulur",
                                  f"bu listeyi {self._records_file(sd)} dosyasına, 'dugumler:' altında "
                                  f"'{node.id}:' anahtarının içine taşıyın (bkz. content/README.md)")
                self.__dict__.setdefault("_inline_problems", set()).add(self.problems.items[-1])

    def _inline_document_records(self, d: yamlsource.Document, sd: SourceDoc) -> None:
        """kaynaklar.yaml with a document-level `duzeltmeler` list: say where it belongs now."""
        if "duzeltmeler" in sd.meta:
            self.problems.add(d.path, d.key_pos((sd.id, "duzeltmeler")),
                              f"'duzeltmeler' kaynaklar.yaml'da yazılmaz: belgenin bütününe ait düzeltmeler kaynak "
                              f"dosyaya ({sd.file}) aittir, {self._records_file(sd)} dosyasında tutulur",
                              f"bu listeyi {self._records_file(sd)} dosyasının en üstüne, 'duzeltmeler:' altına taşıyın")
