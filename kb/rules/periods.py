"""What makes one rule set serve every guide period (issue 17), the way an OpenFisca
simulation takes a date: the rule file is written once (belge: rehber, citations
`rehber:<node id>`), and is compiled once per period, reading that period's parameters and
citing that period's passages.

- `resolve_cite`: `rehber:sec_4__sub_A` -> `rehber-2020-1:sec_4__sub_A` for period 2020/1.
- `axis_for_period`: an ambiguity axis whose options are years relative to the period
  (`yil: 0`, `yil: 1`) gets the years as option ids; `{yil}` and `{donem}` in its texts and
  values are filled in.
- `attribute_questions`: which question answers an attribute (content/nitelikler.yaml) such
  as the sector, for parameters whose value varies by it in a period."""
from __future__ import annotations

import copy
import difflib

from kb.content.moved import moved_provisions
from kb.rules.model import REGULATION

GUIDE = "rehber"  # a rule set's `belge` when it serves every guide period
GUIDE_PREFIX = GUIDE + ":"


def period_slug(period: str) -> str:
    """'2020/1' -> '2020-1' (URLs, file names)."""
    return period.replace("/", "-")


def resolve_cite(cite: str, guide_doc: str | None, moved: dict[str, str] | None = None) -> str:
    """A period-free guide cite resolved for one period's guide (to the provision's place in
    that period when the guide moved it: `moved`, kb.content.moved); any other cite unchanged."""
    if guide_doc and cite.startswith(GUIDE_PREFIX):
        node = cite[len(GUIDE_PREFIX):]
        return guide_doc + ":" + (moved or {}).get(node, node)
    return cite


def axis_for_period(axis: dict, period: str | None) -> dict:
    """The axis as it reads for one period (options per relative year get their year)."""
    if not period or not period[:4].isdigit() or period[4:5] != "/" or not any("yil" in o for o in axis["secenekler"]):
        return axis  # (a regulation set reads a council decision, not a guide period)
    year = int(period.split("/")[0])
    out = dict(axis)
    out["baslik"] = axis["baslik"].replace("{donem}", period)
    out["aciklama"] = axis["aciklama"].replace("{donem}", period)
    opts = []
    for o in axis["secenekler"]:
        if "yil" in o:
            y = str(year + o["yil"])
            o = _fill(copy.deepcopy(o), y)
            o["kimlik"] = y
            for other in axis["secenekler"]:
                if "yil" in other:
                    out["aciklama"] = out["aciklama"].replace("{yil%+d}" % other["yil"], str(year + other["yil"]))
        opts.append(o)
    out["secenekler"] = opts
    return out


def _fill(v, year: str):
    if isinstance(v, str):
        return v.replace("{yil}", year)
    if isinstance(v, list):
        return [_fill(x, year) for x in v]
    if isinstance(v, dict):
        return {k: _fill(x, year) for k, x in v.items()}
    return v


def attribute_answers(q: dict, attr) -> dict | None:
    """{answer value: attribute option} for a question that declares `nitelik`, or None when the
    mapping does not cover the attribute's options exactly."""
    spec = q["nitelik"][attr.id]
    if q["tip"] == "evet_hayir" and isinstance(spec, dict):
        mapping = {True: spec["evet"], False: spec["hayir"]}
    elif q["tip"] == "secim" and spec is None:
        mapping = {o["deger"]: o["deger"] for o in q.get("secenekler") or []}
    else:
        return None
    return mapping if sorted(mapping.values()) == sorted(attr.options) and len(set(mapping.values())) == len(mapping) \
        else None


def regulation_version(kb) -> str | None:
    """The regulation's council decision as the parameters name it ('15.04.2026/484'), or None."""
    doc = kb.docs.get(REGULATION)
    onay = (doc.meta or {}).get("onay") or {} if doc else {}
    date, number = str(onay.get("tarih") or ""), str(onay.get("karar_no") or "")
    if len(date) != 10 or not number:
        return None
    y, m, day = date.split("-")
    return f"{day}.{m}.{y}/{number}"


class PeriodResolver:
    """Mixin of RuleSetCompiler: citations and attribute questions for the period compiled
    (uses ``kb``, ``doc``, ``problems``, ``period``, ``cite_doc``, ``attr_questions``, ``err``)."""

    def _attribute_question(self, q: dict, qid: str, path, out: dict) -> None:
        aid = next(iter(q["nitelik"]))
        attr = self.kb.attributes.get(aid)
        if attr is None:
            self.err(path + ("nitelik",), f"bilinmeyen nitelik: '{aid}'",
                     "content/nitelikler.yaml içindeki bir niteliği yazın: " + ", ".join(self.kb.attributes))
            return
        mapping = attribute_answers(q, attr)
        if mapping is None:
            self.err(path + ("nitelik",), f"soru '{aid}' niteliğinin seçeneklerini tam karşılamıyor ({', '.join(attr.options)})",
                     "evet/hayır sorusunda 'nitelik: {" + aid + ": {evet: SEÇENEK, hayir: SEÇENEK}}' yazın; seçim sorusunda "
                     "'nitelik: {" + aid + ": null}' yazın ve seçeneklerin değerleri niteliğin seçenekleri olsun")
            return
        if aid in self.attr_questions:
            self.err(path + ("nitelik",), f"'{aid}' niteliğini iki soru soruyor ('{self.attr_questions[aid][0]}' ve '{qid}')",
                     "niteliği yalnızca bir soruda yazın")
            return
        self.attr_questions[aid] = (qid, mapping)
        out["_nitelik"] = aid

    def cite(self, c: str, path, doc=None) -> str:
        """A rule file's citation as it reads for this period: `rehber:ID` is that period's guide
        node; a cite must exist (file:line otherwise, naming the period)."""
        where = doc or self.doc
        if self.cite_doc != REGULATION and c.startswith("rehber-"):
            self.problems.add(where.path, where.pos(path), f"atıf bir rehber dönemine bağlı: '{c}'",
                              f"dönemsiz yazın: {GUIDE_PREFIX}{c.split(':', 1)[-1]} (her dönemin kendi paragrafı atıf alır)")
            return c
        guide_doc = self.cite_doc if self.cite_doc != REGULATION else None
        resolved = resolve_cite(c, guide_doc, moved_provisions(self.kb, guide_doc))
        if resolved not in self.kb.nodes:
            close = difflib.get_close_matches(resolved, list(self.kb.nodes), n=1, cutoff=0.75)
            period = f" {self.period} döneminin rehberinde" if c.startswith(GUIDE_PREFIX) else ""
            if period:
                # the rule is written once for every period: the fix is in the period's text, not here
                typo = (f"bunu mu demek istediniz: {GUIDE_PREFIX}{close[0].split(':', 1)[-1]} (kural dosyasında yazım yanlışıysa); "
                        if close else "")
                fix = typo + ("yeni dönemin bölüm dosyasında bu paragrafı önceki dönemdeki yerine (aynı bölüm, aynı sıra) "
                       "yazın; hüküm bu dönemde başka bir yerdeyse content/kaynaklar.yaml'da "
                       f"{guide_doc} altına 'tasinan_hukumler:' ile yazın ({c.split(':', 1)[1]}: {{yer: YENİ_KİMLİK, "
                       "aciklama: …}); hüküm bu dönemde hiç yoksa kural değişmiştir, bir geliştiriciye bildirin "
                       "(content/README.md, 'Yeni dönem')")
            else:
                fix = f"bunu mu demek istediniz: {close[0]}" if close else "var olan bir düğümün atfını yazın (belge:kimlik)"
            self.problems.add(where.path, where.pos(path), f"atıf{period} bulunamadı: '{c}' ({resolved})", fix)
        return resolved

