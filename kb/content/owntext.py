"""The site's own words: content/aciklamalar.yaml (and content/aciklamalar/*.yaml).

Every paragraph or sentence the site writes itself about the programme or the sources is
an entry here, with the passages it rests on; templates show it by id (kb/site/owntexts.py)
inside the own-words label, with a link to each passage (components/own-words/).

    adaylar_veri_saklama:
      metin: "… en fazla {p:yonetmelik_veri_saklama_suresi} …"
      kaynaklar: ["yonetmelik:art_18__para_1", "yonetmelik:art_20__para_1"]
      parametre: brut_asgari_ucret      # optional: shown under this parameter on the amounts page

A citation is DOC:ID, or period-free rehber:ID: the guide period of the page that shows the
entry (the newest by default), like the project types' citations (projecttypes.py). `check`
resolves every citation (a period-free one in the newest period), every marker of `metin`
({p:…}, {ref:…}; a footnote {dn:…} has no document here) and refuses an entry without a
citation. A parameter's own `aciklama` (content/parametreler/) is refused too: it is written
here, with `parametre:`, so that it carries its citations.

A part of the content Loader (kb/content/loader.py), which mixes it in."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from kb.common.turkish import format_value
from kb.content.markup import ANY_BRACE_RE, MARKUP_RE
from kb.content.model import KnowledgeBase
from kb.content.projecttypes import GUIDE_FAMILY

OWN_TEXTS_FILE = "aciklamalar.yaml"  # in content/
OWN_TEXTS_DIR = "aciklamalar"  # content/aciklamalar/*.yaml: more entries, one id space
SCHEMA = "content/aciklamalar.schema.json"


@dataclass
class OwnText:
    id: str
    text: str  # markup text ({p:…}, {ref:…}, **bold**)
    cites: list[str] = field(default_factory=list)  # DOC:ID or period-free rehber:ID, as written
    param: str = ""  # shown under this parameter on the amounts page ("" for none)
    file: str = ""
    pos: tuple[int, int] = (0, 0)


def concrete_cite(kb: KnowledgeBase, cite: str, doc_id: str | None = None) -> str:
    """A period-free "rehber:ID" in the guide `doc_id` (the newest guide when it is None or no
    guide); any other citation as written."""
    doc, _, nid = cite.partition(":")
    if doc != GUIDE_FAMILY:
        return cite
    sd = kb.docs.get(doc_id) if doc_id else None
    if sd is None or not sd.period:
        guides = kb.guides()
        if not guides:
            return cite
        sd = guides[-1]
    return f"{sd.id}:{nid}"


def concrete_text(kb: KnowledgeBase, text: str, doc_id: str | None = None) -> str:
    """The text with every period-free {ref:rehber:ID…} made concrete (see concrete_cite)."""
    if "{ref:" + GUIDE_FAMILY + ":" not in text:
        return text

    def sub(m):
        if m.group(1) != "ref":
            return m.group(0)
        cite = concrete_cite(kb, m.group(2).strip(), doc_id)
        return "{ref:" + cite + ("|" + m.group(3) if m.group(3) is not None else "") + "}"

    return MARKUP_RE.sub(sub, text)


class OwnTextReader:
    def _own_text_paths(self) -> list[Path]:
        c = self.content
        paths = [c / OWN_TEXTS_FILE] if (c / OWN_TEXTS_FILE).is_file() else []
        if (c / OWN_TEXTS_DIR).is_dir():
            paths += sorted(p for p in (c / OWN_TEXTS_DIR).glob("*.yaml"))
        return paths

    def _own_texts(self) -> None:
        """Read every file of the site's own words (after the parameters: `parametre` names one)."""
        for p in self._own_text_paths():
            d = self.read(p, SCHEMA)
            if d is None:
                self.unreadable.add("aciklamalar")
                continue
            for tid, m in (d.data or {}).items():
                other = self.kb.own_texts.get(tid)
                pos = d.key_pos((tid,))
                if other is not None:
                    self.problems.add(d.path, pos, f"'{tid}' açıklaması iki kez tanımlanmış (ilki {other.file}:{other.pos[0]})",
                                      "kimliklerden birini değiştirin; şablonlar açıklamayı kimliğiyle çağırır")
                    continue
                self.kb.own_texts[tid] = OwnText(tid, m["metin"], list(m.get("kaynaklar") or []), m.get("parametre", ""),
                                                 d.path, pos)

    # ------------------------------------------------------------------ resolving (after every file)
    def _resolve_own_texts(self) -> None:
        kb = self.kb
        own_files = {ot.file for ot in kb.own_texts.values()}
        # the entries cite every document: when another file has a problem (a document that did
        # not load, an article numbered twice), their citations into it are its consequences
        elsewhere = any(p.file not in own_files for p in self.problems.items)
        for ot in kb.own_texts.values():
            d = self.files[ot.file]
            if not ot.cites:
                self.problems.add(ot.file, ot.pos, f"'{ot.id}' açıklamasının kaynağı yok: sitenin yazdığı her metin "
                                  "dayandığı paragrafları gösterir",
                                  "'kaynaklar:' altına metnin dayandığı en az bir paragrafın atfını yazın "
                                  "(yonetmelik:art_20__para_1, rehber:sec_4__sub_B__sub_d__para_1)")
            if elsewhere:
                continue
            for i, cite in enumerate(ot.cites):
                self._own_cite(cite, ot.file, d.pos((ot.id, "kaynaklar", i)))
            if ot.param and ot.param not in kb.params and not self._known_missing("param"):
                close = difflib.get_close_matches(ot.param, list(kb.params), n=1, cutoff=0.6)
                self.problems.add(ot.file, d.pos((ot.id, "parametre")), f"bilinmeyen parametre: '{ot.param}'",
                                  f"bunu mu demek istediniz: {close[0]}" if close else
                                  "content/parametreler/ altında tanımlı bir kimlik yazın")
            self._own_markup(ot, d)
        # a parameter's explanation written on the parameter carries no citation: it belongs here
        # (reported even when another file has a problem: it is a problem of its own)
        for pid, param in kb.params.items():
            if param.explanation:
                pd = self.docs.get(f"param:{pid}")
                self.problems.add(param.file, pd.pos((pid, "aciklama")) if pd else param.pos,
                                  f"'{pid}' parametresinin açıklaması kaynak göstermiyor",
                                  f"açıklamayı content/{OWN_TEXTS_FILE} dosyasına 'parametre: {pid}' ve dayandığı "
                                  "paragrafların 'kaynaklar' listesiyle taşıyın, buradan silin")

    def _own_cite(self, cite: str, file: str, pos) -> bool:
        concrete = concrete_cite(self.kb, cite)
        if concrete == cite or concrete in self.kb.nodes:
            return self._check_cite(concrete, file, pos)
        # period-free, missing from the newest period: shown as written, with the closest id
        fix = self._suggest(concrete, "var olan bir düğümün atfını yazın (belge:kimlik ya da dönemsiz rehber:kimlik)")
        self.problems.add(file, pos, f"atıf en yeni rehber döneminde bulunamadı: '{cite}' ({concrete})",
                          fix.replace(concrete.partition(":")[0] + ":", GUIDE_FAMILY + ":"))
        return False

    def _own_markup(self, ot: OwnText, d) -> None:
        start = d.pos((ot.id, "metin"))
        if ANY_BRACE_RE.search(MARKUP_RE.sub("", ot.text)):
            self.problems.add(ot.file, start, "metinde tanınmayan süslü parantez işareti var",
                              "işaretler {p:kimlik}, {p:kimlik|sayi}, {ref:belge:kimlik} biçiminde olmalı")
        for m in MARKUP_RE.finditer(ot.text):
            kind, target, opt = m.group(1), m.group(2).strip(), m.group(3)
            pos = d.find(m.group(0)[:-1], start)
            if kind == "dn":
                self.problems.add(ot.file, pos, f"açıklamada dipnot işareti: '{m.group(0)}'",
                                  "dipnotu kaynaklar listesine atfıyla yazın (rehber:fn_1) ve işareti silin")
            elif kind == "ref":
                if self._own_cite(target, ot.file, pos) and opt == "":
                    self.problems.add(ot.file, pos, "bağlantı metni boş",
                                      "'|' işaretini ve ardından gelen boşluğu silin ya da metin yazın")
            elif target not in self.kb.params:
                if not self._known_missing("param"):
                    close = difflib.get_close_matches(target, list(self.kb.params), n=1, cutoff=0.6)
                    self.problems.add(ot.file, pos, f"bilinmeyen parametre: '{target}'",
                                      f"bunu mu demek istediniz: {close[0]}" if close else
                                      "parametreyi content/parametreler/ altında tanımlayın")
            else:
                param = self.kb.params[target]
                try:
                    for v in param.values:
                        format_value(v.value, "kat", opt or "sayi") if v.base else format_value(v.value, param.unit, opt or "")
                except (ValueError, TypeError) as exc:
                    self.problems.add(ot.file, pos, f"'{m.group(0)}' gösterilemiyor: {exc}",
                                      "biçimi değiştirin: sayi, yazi ya da yazi_rakam")
