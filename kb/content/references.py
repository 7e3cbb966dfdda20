"""Resolving what content files point at, once every file is read: citations, project
types and the markers in text ({p:…}, {ref:…}, {dn:…}). (Source notes' related passages
are checked where the notes are read: corrections.py.)

A part of the content Loader (kb/content/loader.py), which mixes it in."""
from __future__ import annotations

import difflib
import re

from kb.common.turkish import format_value
from kb.content.markup import ANY_BRACE_RE, MARKUP_RE
from kb.content.model import Node, SourceDoc
from kb.content.parameters import AMOUNT_UNITS


class ReferenceResolver:
    def _suggest(self, cite: str, default: str) -> str:
        close = difflib.get_close_matches(cite, list(self.kb.nodes), n=1, cutoff=0.75)
        return f"bunu mu demek istediniz: {close[0]}" if close else default

    def _known_missing(self, what: str) -> bool:
        return what in self.unreadable or "*" in self.unreadable

    def _check_value_period(self, v, cite: str, file: str, pos) -> None:
        """A value of period P cites P's own text: a 2021/1 value copied with its 2020/1
        citation would show the old passage as the new amount's ground."""
        sd = self.kb.docs.get(self.kb.nodes[cite].doc)
        if sd is None or not sd.period or sd.period == v.period:
            return
        same = next((o for o in self.kb.docs.values() if o.period == v.period and o.kind == sd.kind), None)
        nid = cite.split(":", 1)[1]
        self.problems.add(file, _at(pos), f"{v.period} döneminin değeri {sd.period} döneminin metnine atıf yapıyor: '{cite}'",
                          f"değerin geçtiği {v.period} paragrafının atfını yazın"
                          + (f": {same.id}:{nid}" if same and f"{same.id}:{nid}" in self.kb.nodes else
                             f" ({same.id}:kimlik)" if same else ""))

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
                    if self._check_cite(cite, d.path, d.pos((pid, "degerler", i) + key)):
                        self._check_value_period(v, cite, d.path, d.pos((pid, "degerler", i) + key))
        # project types (the periods each exists in), parameter groups, each parameter's group: projecttypes.py
        self._resolve_project_types()
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
            # a date of a guide period before that period's year: the earlier period's date copied
            # with its value (README, new period, step 3)
            year = int(sd.period[:4]) if sd.period[:4].isdigit() else None
            for pid, param in (kb.params.items() if year else ()):
                if param.unit != "tarih":
                    continue
                for i, v in enumerate(param.values):
                    if v.period == sd.period and str(v.value)[:4].isdigit() and int(str(v.value)[:4]) < year:
                        self.problems.add(self.docs[f"param:{pid}"].path, self.docs[f"param:{pid}"].pos((pid, "degerler", i, "deger")),
                                          f"'{pid}' parametresinin {sd.period} dönemindeki tarihi ({v.value}) dönemin yılından "
                                          f"({year}) önce: önceki dönemin tarihi kopyalanmış olabilir",
                                          f"{sd.period} rehberinde yazan tarihi yazın")
            # provisions this period's guide holds elsewhere (rules and forms cite them once, by
            # their earlier id): the earlier id must be free here, the new place must exist
            for old, entry in ((sd.meta.get("tasinan_hukumler") or {}).items()):
                if f"{sd.id}:{old}" in kb.nodes:
                    self.problems.add(d.path, d.pos((sd.id, "tasinan_hukumler", old)),
                                      f"'{old}' bu dönemin rehberinde de var; taşınmış sayılamaz",
                                      "bu satırı silin (atıf bu dönemin aynı kimlikli paragrafına gider) ya da "
                                      "paragrafın yerini bölüm dosyasında düzeltin")
                if f"{sd.id}:{entry['yer']}" not in kb.nodes:
                    close = difflib.get_close_matches(f"{sd.id}:{entry['yer']}", [n for n in kb.nodes if n.startswith(sd.id + ":")],
                                                      n=1, cutoff=0.75)
                    self.problems.add(d.path, d.pos((sd.id, "tasinan_hukumler", old, "yer")),
                                      f"taşınan hükmün yeri {sd.period} döneminin rehberinde bulunamadı: '{entry['yer']}'",
                                      f"bunu mu demek istediniz: {close[0].split(':', 1)[1]}" if close else
                                      "bu dönemin bölüm dosyalarındaki bir paragrafın kimliğini yazın (content/README.md)")
        # nodes: project types
        for cite, node in kb.nodes.items():
            if not node.project_types:
                continue
            file, path = self.origin[cite]
            doc = self._doc_for_file(file)
            for pt in node.project_types:
                if pt not in kb.project_types and not self._known_missing("proje-turleri"):
                    self.problems.add(file, doc.pos(path), f"bilinmeyen proje türü: '{pt}'",
                                      f"şunlardan birini yazın: {', '.join(kb.project_types)}")
            key = "proje_turleri" if path + ("proje_turleri",) in doc.positions else "proje_turu"
            self._node_types_in_period(node, file, doc.pos(path + (key,)))
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
                if value is None and period and param.values_for(period):
                    value = param.values_for(period)[0]  # varies by an attribute: shown per option
                if value is None and self._known_missing(f"deger:{target}:{period}"):
                    continue  # the value is there but unreadable, reported at its line
                if value is None:
                    self.problems.add(file, _at(pos), f"'{target}' parametresinin {period or 'bu belge'} dönemi için değeri yok",
                                      f"{param.file} dosyasında '{target}' parametresine 'donem: \"{period}\"' olan bir değer ekleyin")
                    continue
                if opt == "not":  # the value's own notes (kb/content/paramtext.py), not a format
                    continue
                if opt == "sayi" and period and param.unit in AMOUNT_UNITS and KAT_AFTER.match(text, m.end()):
                    # "asgari ücretin {p:X|sayi} katı": the period's value must be a multiple (a copied
                    # text keeps the old wording when the new guide gives a fixed amount)
                    fixed = [v for v in param.values_for(period) if not v.base]
                    if fixed:
                        self.problems.add(file, _at(pos), f"metin '{target}' için 'kat' diyor, ama parametrenin {period} "
                                          f"dönemindeki değeri bir kat değil ({format_value(fixed[0].value, param.unit)})",
                                          f"cümleyi {period} rehberinde yazdığı gibi yazın ve tutarı {{p:{target}}} ile verin; "
                                          "değer gerçekten bir katsa değere 'taban:' yazın (content/README.md)")
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


# a "{p:X|sayi}" followed by "kat", "katı", "katına" … (not "katkı"): the value is read as a multiple
KAT_AFTER = re.compile(r"\s*kat(?:ı|ına|ını|ının|ından|ında|ıdır)?(?!\w)")


def _at(pos):
    """A position given as (line, column) or as a function that finds it."""
    return pos() if callable(pos) else pos
