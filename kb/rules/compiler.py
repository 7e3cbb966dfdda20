"""Compiling one validated rule-set document into a RuleSet: questions and groups, rules
(applicability, readings per ambiguity axis, dependencies on earlier rules), the axes used,
and the answers schema. Expressions inside a rule are resolved by kb/rules/expressions.py."""
from __future__ import annotations

import difflib
import itertools
from typing import Any

from kb.rules.evaluation import answers_schema
from kb.rules.expressions import ExpressionResolver
from kb.rules.model import COMMON_FILE, REGULATION, RuleSet, unique
from kb.rules.periods import GUIDE, PeriodResolver, axis_for_period, regulation_version  # noqa: F401 (re-exported)


class RuleSetCompiler(ExpressionResolver, PeriodResolver):
    """Turns one validated rule-set document into a RuleSet with its compiled JSON."""

    def __init__(self, kb, doc, problems, axes, axis_origin, period: str | None = None):
        self.kb = kb
        self.period = period  # the guide period this compilation is for (None: the regulation's)
        self.cite_doc: str | None = None  # the document cites resolve into (rehber-2020-1, yonetmelik)
        self.attr_questions: dict[str, tuple[str, dict]] = {}  # attribute -> (question, answer -> option)
        self.doc = doc
        self.problems = problems
        self.axes = dict(axes)  # shared axes, plus this file's own
        self.axis_origin = dict(axis_origin)
        self.questions: dict[str, dict] = {}
        self.rule_ids: dict[str, dict] = {}  # compiled rules so far (for dependencies)
        self.used_axes: list[str] = []

    def err(self, path, message, fix="") -> None:
        self.problems.add(self.doc.path, self.doc.pos(path), message, fix)

    def text(self, s: str, path, doc=None) -> str:
        """Site text with {p:ID|fmt} parameter markup, rendered for the guide's period."""
        from kb.content.loader import MARKUP_RE
        from kb.site.richtext import param_text

        where = doc or self.doc

        def err(path_, message, fix):
            self.problems.add(where.path, where.pos(path_), message, fix)

        def sub(m):
            kind, target, fmt = m.group(1), m.group(2).strip(), m.group(3) or ""
            if kind != "p":
                err(path, f"kural metinlerinde yalnızca {{p:…}} kullanılır: '{m.group(0)}'", "atfı 'kaynaklar' altına yazın")
                return m.group(0)
            if target not in self.kb.params:
                close = difflib.get_close_matches(target, list(self.kb.params), n=1, cutoff=0.6)
                err(path, f"parametre bulunamadı: '{target}'",
                         f"bunu mu demek istediniz: {close[0]}" if close else "content/parametreler/ içinde tanımlı bir kimlik yazın")
                return m.group(0)
            try:
                return param_text(self.kb, self.cite_doc, target, fmt)
            except ValueError as exc:
                err(path, f"'{m.group(0)}' biçimlenemedi: {exc}", "biçimi düzeltin (sayi, yazi, Yazi, yazi_rakam)")
                return m.group(0)

        return MARKUP_RE.sub(sub, s)

    # ------------------------------------------------------------------ top level
    def compile(self) -> RuleSet | None:
        d = self.doc.data
        before = len(self.problems)
        rid = d["kimlik"]
        project_type = d.get("proje_turu")
        if d["belge"] == REGULATION:
            # the regulation has no guide period and no project type: its parameters are
            # read for the council decision that approved it (content/parametreler/yonetmelik.yaml)
            if project_type is not None:
                self.err(("proje_turu",), "yönetmeliğe dayanan bir kural kümesinin proje türü olmaz",
                         "'proje_turu' alanını silin (proje türleri rehberindir)")
            self.period = regulation_version(self.kb)
            self.cite_doc = REGULATION
            if self.period is None:
                self.err(("belge",), "yönetmeliğin onay kararı (tarih ve sayı) kaynaklar.yaml içinde yok",
                         "yonetmelik için 'onay: {tarih, karar_no}' yazın")
                return None
        else:
            if project_type is None:
                self.err(("belge",), "rehbere dayanan bir kural kümesinin proje türü ('proje_turu') yok",
                         "content/proje-turleri.yaml içindeki bir kimliği 'proje_turu' olarak yazın")
            elif project_type not in self.kb.project_types:
                self.err(("proje_turu",), f"bilinmeyen proje türü: '{project_type}'",
                         "şunlardan birini yazın: " + ", ".join(sorted(self.kb.project_types)))
            if d["belge"] != GUIDE:
                self.err(("belge",), f"kural kümesi tek bir rehber dönemine bağlanmış: '{d['belge']}'",
                         "'belge: rehber' yazın ve atıfları dönemsiz yazın (rehber:sec_…): kural kümesi her dönem "
                         "için o dönemin tutarları ve paragraflarıyla ayrı hesaplanır")
                return None
            guide = self.kb.guide_of(self.period) if self.period else None
            if guide is None:
                self.err(("belge",), f"rehberin {self.period} dönemi yok", "content/kaynaklar.yaml içindeki dönemleri denetleyin")
                return None
            self.cite_doc = guide.id
        self.axes = {aid: axis_for_period(axis, self.period) for aid, axis in self.axes.items()}
        for aid, axis in d.get("belirsizlikler", {}).items():
            if aid in self.axes:
                self.err(("belirsizlikler", aid), f"'{aid}' belirsizliği rules/{COMMON_FILE} içinde zaten tanımlı",
                         "başka bir kimlik kullanın ya da ortak tanımı kullanın")
            self.axes[aid] = axis_for_period(axis, self.period)
            self.axis_origin[aid] = (self.doc, ("belirsizlikler", aid))
        # which axis defines each named value ({secenek: NAME})
        self.value_axis: dict[str, str] = {}
        self.stand_in: dict[str, str] = {}  # parameter -> value name an axis gives for it (taban)
        for aid, axis in self.axes.items():
            for opt in axis["secenekler"]:
                for name in opt.get("degerler", {}):
                    self.value_axis.setdefault(name, aid)
            for pid, name in axis.get("parametre_yerine", {}).items():
                self.stand_in.setdefault(pid, name)
        groups = []
        for gi, g in enumerate(d["gruplar"]):
            qs = []
            for qi, q in enumerate(g["sorular"]):
                cq = self._question(q, ("gruplar", gi, "sorular", qi))
                if cq:
                    qs.append(cq)
            groups.append({"baslik": self.text(g["baslik"], ("gruplar", gi, "baslik")),
                           **({"aciklama": self.text(g["aciklama"], ("gruplar", gi, "aciklama"))} if g.get("aciklama") else {}),
                           "sorular": [q["id"] for q in qs]})
        rules = []
        positions = {}
        for i, r in enumerate(d["kurallar"]):
            cr = self._rule(r, ("kurallar", i))
            if cr is not None:
                if cr["id"] in self.rule_ids:
                    self.err(("kurallar", i, "kimlik"), f"'{cr['id']}' kuralı iki kez tanımlanmış", "kimliklerden birini değiştirin")
                    continue
                self.rule_ids[cr["id"]] = cr
                rules.append(cr)
                positions[cr["id"]] = self.doc.pos(("kurallar", i))
        used_q = {q for r in rules for q in _rule_questions(r)}
        # a question no rule reads in this period (e.g. the minimum wage where the cap became a
        # fixed amount, the sector where no cap varies by it) is left out of this period's page;
        # the loader reports a question no period uses (kb/rules/loader.py)
        self.unused: dict[str, tuple] = {}
        for qid in list(self.questions):
            if qid not in used_q:
                self.unused[qid] = self.questions.pop(qid)["_path"]
                for g in groups:
                    g["sorular"] = [x for x in g["sorular"] if x != qid]
        groups = [g for g in groups if g["sorular"]]
        if len(self.problems) > before:
            return None
        axes_out = {}
        for aid in [a for a in self.axes if a in self.used_axes]:
            axis = self.axes[aid]
            adoc, apath = self.axis_origin[aid]
            axis_cites = [self.cite(c, apath + ("kaynaklar", i), adoc) for i, c in enumerate(axis.get("kaynaklar", []))]
            axes_out[aid] = {
                "baslik": self.text(axis["baslik"], apath + ("baslik",), adoc),
                "aciklama": self.text(axis["aciklama"], apath + ("aciklama",), adoc),
                "kaynaklar": axis_cites,
                "secenekler": [{"id": o["kimlik"], "etiket": self._option_label(aid, o, apath + ("secenekler", i), adoc)}
                               for i, o in enumerate(axis["secenekler"])],
            }
        if len(self.problems) > before:
            return None
        questions = []
        for q in self.questions.values():
            questions.append({k: v for k, v in q.items() if not k.startswith("_")})
        compiled = {
            "id": rid, "tur": d["tur"], "proje_turu": project_type, "belge": self.cite_doc, "donem": self.period,
            "baslik": d["baslik"], **({"giris": self.text(d["giris"], ("giris",))} if d.get("giris") else {}),
            "sorular": questions, "gruplar": groups, "belirsizlikler": axes_out, "kurallar": rules,
        }
        compiled["yanit_semasi"] = answers_schema(compiled)
        rs = RuleSet(rid, d["tur"], project_type, self.cite_doc, self.period, d["baslik"], self.doc.path,
                     compiled, groups, positions)
        rs.unused = self.unused
        rs.attributes = {aid: qid for aid, (qid, _) in self.attr_questions.items() if qid in self.questions}
        return rs

    def _option_label(self, aid: str, opt: dict, path, doc) -> str:
        """Option label with the values it binds, e.g. '2020 yılı (2.943 TL)'."""
        from kb.common.turkish import format_value

        label = self.text(opt["etiket"], path + ("etiket",), doc)
        shown = []
        for name, ref in opt.get("degerler", {}).items():
            ref = _first_param(ref)  # the parameter the reading falls back on, e.g. inside {if: …}
            if isinstance(ref, dict) and "param" in ref and ref["param"] in self.kb.params:
                p = self.kb.params[ref["param"]]
                v = p.value_for(str(ref.get("donem", self.period)))
                if v is not None and p.unit not in ("tarih", "kesir"):
                    shown.append(format_value(v.value, p.unit))
        return f"{label} ({', '.join(shown)})" if shown else label

    # ------------------------------------------------------------------ questions
    def _question(self, q: dict, path) -> dict | None:
        qid = q["kimlik"]
        if qid in self.questions:
            self.err(path + ("kimlik",), f"'{qid}' sorusu iki kez tanımlanmış", "kimliklerden birini değiştirin")
            return None
        out = {"id": qid, "tip": q["tip"], "etiket": self.text(q["etiket"], path + ("etiket",))}
        if q.get("ipucu"):
            out["ipucu"] = self.text(q["ipucu"], path + ("ipucu",))
        if q.get("birim"):
            out["birim"] = q["birim"]
        out["istege_bagli"] = bool(q.get("istege_bagli", False))
        if q["tip"] == "secim":
            opts = q.get("secenekler") or []
            if len(opts) < 2:
                self.err(path, "seçim sorusunun en az iki seçeneği olmalı", "'secenekler' altında seçenekleri yazın")
            out["secenekler"] = [{"deger": o["deger"], "etiket": self.text(o["etiket"], path + ("secenekler", i))}
                                 for i, o in enumerate(opts)]
        elif q.get("secenekler"):
            self.err(path + ("secenekler",), "yalnızca seçim sorusunun seçenekleri olur", "'tip: secim' yazın ya da seçenekleri silin")
        if q.get("nitelik"):
            self._attribute_question(q, qid, path, out)
        if q["tip"] == "sayi":
            out["tam"] = bool(q.get("tam", True))
            if "en_fazla" in q:
                out["en_fazla"] = self._scalar_param(q["en_fazla"], path + ("en_fazla",))
        out["_path"] = path
        self.questions[qid] = out
        return out

    # ------------------------------------------------------------------ rules
    def _rule(self, r: dict, path) -> dict | None:
        rid = r["kimlik"]
        kind = r["tur"]
        out: dict[str, Any] = {"id": rid, "tur": kind, "baslik": self.text(r["baslik"], path + ("baslik",))}
        cites = [self.cite(c, path + ("kaynaklar", i)) for i, c in enumerate(r.get("kaynaklar", []))]
        if not cites:
            self.err(path, "kuralın kaynağı ('kaynaklar') yok", "kuralın dayandığı rehber paragrafının atfını yazın")
        out["kaynaklar"] = cites
        if r.get("aciklama"):
            out["aciklama"] = self.text(r["aciklama"], path + ("aciklama",))
        out["istege_bagli"] = bool(r.get("istege_bagli", False))
        used_params: list = []
        has = [k for k in ("mantik", "sema", "okumalar") if k in r]
        if kind == "desteklenmez":
            if has:
                self.err(path + (has[0],), "desteklenmeyen maliyetin hesabı olmaz", f"'{has[0]}' alanını silin")
        elif len(has) != 1:
            self.err(path, "kuralda 'mantik', 'sema' ya da 'okumalar' alanlarından tam olarak biri olmalı",
                     "koşulu ya da tutarı bu alanlardan biriyle yazın")
            return None
        if "sema" in r and kind != "kosul":
            self.err(path + ("sema",), "'sema' yalnızca koşullarda kullanılır", "tutarları 'mantik' ile yazın")
            return None
        # talep / sinir
        if kind in ("kalem", "desteklenmez"):
            t = r.get("talep")
            if not t:
                self.err(path, "bütçe kaleminde talep edilen tutarın sorusu ('talep') yok", "talep sorusunun kimliğini yazın")
                return None
            if t not in self.questions:
                self.err(path + ("talep",), f"bilinmeyen soru: '{t}'", self._q_suggest(t))
                return None
            if self.questions[t]["tip"] != "tutar":
                self.err(path + ("talep",), f"'{t}' bir tutar sorusu değil", "talep için 'tip: tutar' olan bir soru kullanın")
            out["talep"] = t
            out["sinir"] = r.get("sinir", "en_fazla")
            out["birim"] = "TL"
        elif "talep" in r or "sinir" in r:
            self.err(path + ("talep" if "talep" in r else "sinir",), "'talep' ve 'sinir' yalnızca bütçe kalemlerinde kullanılır",
                     "alanı silin ya da 'tur: kalem' yazın")
        if kind == "hesap":
            out["birim"] = r.get("birim", "TL")
        elif "birim" in r:
            self.err(path + ("birim",), "'birim' yalnızca hesap kurallarında kullanılır", "alanı silin")
        # applicability
        if "eger" in r:
            needed: list[str] = []
            deps: list[str] = []
            own_axes: set[str] = set()
            logic = self.resolve(r["eger"], path + ("eger",), {}, used_params, needed, deps, own_axes)
            if own_axes or deps:
                self.err(path + ("eger",), "'eger' koşulu belirsizlik seçeneği ya da başka bir kuralın sonucunu kullanamaz",
                         "yalnızca sorulara dayanan bir koşul yazın")
            out["eger"] = {"mantik": logic, "gerekli": unique(needed)}
        # the rule itself
        needed: list[str] = []
        deps: list[str] = []
        if kind == "desteklenmez":
            out.update({"gerekli": [], "bagimli": [], "eksenler": [], "okumalar": [{}],
                        "varyantlar": [{"okuma": {}, "mantik": 0}]})
        elif "sema" in r:
            out["sema"] = self._schema(r["sema"], path + ("sema",), used_params, needed)
            out.update({"gerekli": unique(needed), "bagimli": [], "eksenler": [], "okumalar": [{}]})
        else:
            own_axes = set()
            alt = None
            if "okumalar" in r:
                alt = r["okumalar"]
                aid = alt["eksen"]
                if aid not in self.axes:
                    self.err(path + ("okumalar", "eksen"), f"bilinmeyen belirsizlik: '{aid}'",
                             "'belirsizlikler' altında (ya da rules/ortak.yaml içinde) tanımlı bir kimlik yazın")
                    return None
                opt_ids = [o["kimlik"] for o in self.axes[aid]["secenekler"]]
                if sorted(alt["secenekler"]) != sorted(opt_ids):
                    self.err(path + ("okumalar", "secenekler"),
                             f"okumalar belirsizliğin seçenekleriyle aynı değil (beklenen: {', '.join(opt_ids)})",
                             "her seçenek için bir ifade yazın")
                    return None
                own_axes.add(aid)
                # scan every alternative for names and dependencies (values discarded)
                for oid, expr in alt["secenekler"].items():
                    self.resolve(expr, path + ("okumalar", "secenekler", oid), None, [], needed, deps, own_axes)
            else:
                self.resolve(r["mantik"], path + ("mantik",), None, [], needed, deps, own_axes)
            for dep in deps:
                if dep not in self.rule_ids:
                    self.err(path, f"'kalem.{dep}' bu kuraldan önce tanımlanmış bir kural değil",
                             "başvurulan kuralı bundan önce yazın ya da kimliğini düzeltin")
                    return None
                if self.rule_ids[dep]["tur"] == "kosul":
                    self.err(path, f"'kalem.{dep}' bir koşul; yalnızca tutar veren kurallara başvurulabilir",
                             "bir kalem ya da hesap kuralına başvurun")
                    return None
            order = list(self.axes)
            own = [a for a in order if a in own_axes]
            full = set(own_axes)
            for dep in deps:
                full.update(self.rule_ids[dep]["eksenler"])
            full_list = [a for a in order if a in full]
            for a in full_list:
                if a not in self.used_axes:
                    self.used_axes.append(a)
            variants = []
            for combo in _product(self.axes, own):
                bindings = {}
                for aid, oid in combo.items():
                    opt = next(o for o in self.axes[aid]["secenekler"] if o["kimlik"] == oid)
                    for name, ref in opt.get("degerler", {}).items():
                        bindings[name] = (ref, aid, oid)
                if alt is not None:
                    oid = combo[alt["eksen"]]
                    expr, epath = alt["secenekler"][oid], path + ("okumalar", "secenekler", oid)
                else:
                    expr, epath = r["mantik"], path + ("mantik",)
                logic = self.resolve(expr, epath, bindings, used_params, [], [], set())
                variants.append({"okuma": combo, "mantik": logic})
            out.update({"gerekli": unique(needed), "bagimli": unique(deps), "eksenler": full_list,
                        "okumalar": _product(self.axes, full_list), "varyantlar": variants})
        seen = set()
        params = []
        for pid, period in used_params:
            if (pid, period) not in seen:
                seen.add((pid, period))
                params.append({"id": pid, "donem": period})
        out["parametreler"] = params
        return out


def _product(axes: dict, ids: list[str]) -> list[dict]:
    lists = [[(aid, o["kimlik"]) for o in axes[aid]["secenekler"]] for aid in ids]
    return [dict(c) for c in itertools.product(*lists)] if ids else [{}]


def _rule_questions(rule: dict) -> set[str]:
    qs = set(rule.get("gerekli", []))
    if rule.get("talep"):
        qs.add(rule["talep"])
    if rule.get("eger"):
        qs.update(rule["eger"]["gerekli"])
    for v in rule.get("varyantlar", []):
        qs.update(_vars(v["mantik"]))
    return qs


def _vars(logic) -> set[str]:
    out = set()
    if isinstance(logic, list):
        for x in logic:
            out |= _vars(x)
    elif isinstance(logic, dict):
        for op, args in logic.items():
            if op == "var":
                name = args if isinstance(args, str) else args[0]
                if not name.startswith("kalem."):
                    out.add(name)
            else:
                out |= _vars(args)
    return out


def _first_param(ref):
    """The first {param: …} in a value expression (the value itself when it is one), or None."""
    if isinstance(ref, dict):
        if "param" in ref:
            return ref
        ref = list(ref.values())
    if isinstance(ref, list):
        for x in ref:
            found = _first_param(x)
            if found is not None:
                return found
    return None
