"""Rules as data: eligibility checks and budget calculators with citations.

A rule set (rules/<id>.yaml) is data: questions, and rules that cite the guide. Each rule
is one of

- ``kosul``        a condition: met (karsilaniyor) / not met (karsilanmiyor) / not answered
                   (yanitlanmadi) / ambiguous (belirsiz) / not applicable (uygulanmaz);
- ``kalem``        a budget line: the largest (or, with ``sinir: en_az``, the smallest)
                   amount, compared with the amount asked for (``talep``);
- ``hesap``        a derived amount (a total, the blocked share) without a verdict;
- ``desteklenmez`` a cost the guide never supports: the largest payable amount is nil.

A condition is a JSON Schema fragment (``sema``) where JSON Schema can say it, otherwise
JSON Logic (``mantik``); amounts are always JSON Logic. Figures are never typed in a rule:
``{param: ID}`` is resolved for the guide's period when the rule set is loaded (``{param:
ID, donem: "2021"}`` for another period, ``birim: ay`` to turn years into months,
``parca: pay|payda`` for one side of a fraction), ``{yuzde: [X, {param: RATE}]}`` is
X × RATE / 100. Where the source can be read two ways, a rule uses an ambiguity axis
(``belirsizlikler``: a named value per reading, used with ``{secenek: NAME}``, or whole
alternative expressions under ``okumalar``); it is then evaluated once per reading and
the answer lists every reading instead of choosing one.

Loading *compiles* a rule set into plain JSON (``compiled``): parameters replaced by
numbers, one JSON Logic expression per reading. That JSON is what both engines run: this
module's ``evaluate_compiled`` and theme/assets/kb/rules-engine.js (same algorithm, same
JSON Logic semantics; tests/test_rules_browser.py proves they agree on every vector).

Public API (for other providers such as the budget forms):

    from kb.rules import evaluate, compiled_ruleset
    result = evaluate("kio-engelli-butce", {"kurulus_destegi_talebi": 40000})
    result["sonuclar"]  # one entry per rule: id, tur, durum, degerler, talep, eksik, kaynaklar
    result["basarili"]  # True when every condition is met and every line within its cap

In the browser: ``import {evaluate} from "<site>/assets/kb/rules-engine.js"`` with the
compiled JSON (``data/rules/<id>.json`` or ``compiled_ruleset(id)`` embedded in the page).
"""
from __future__ import annotations

import difflib
import itertools
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from jsonschema import Draft202012Validator

from kb.content import filecache, yamlsource
from kb.content.model import KnowledgeBase
from kb.common.problems import BuildError, ProblemList
from kb.common.paths import ROOT
from kb.site.vendor import rules_vendor_assets

RULES_DIR = "rules"
COMMON_FILE = "ortak.yaml"

KINDS = {"uygunluk": "Uygun muyum?", "butce": "Bütçe hesaplama"}
KIND_URL = {"uygunluk": "uygun-muyum", "butce": "butce-hesaplama"}
INDEX_URL = "uygun-muyum/"
NAV = ("Uygun muyum? ve bütçe",)
NAV_ORDER = 42

# JSON Logic operators a rule may use: the ones whose meaning is the same in
# json-logic-js and the pinned Python implementation for the values rules handle
# (numbers, booleans, short strings). Loose equality (==, !=) is excluded on purpose.
OPERATORS = {"if", "===", "!==", "<", "<=", ">", ">=", "and", "or", "!", "+", "-", "*", "/",
             "min", "max", "in", "var"}
SCHEMA_KEYWORDS = {"const", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
QUESTION_TYPES = {"evet_hayir", "sayi", "tutar", "secim"}
STATUS_LABELS = {
    "karsilaniyor": "karşılanıyor",
    "karsilanmiyor": "karşılanmıyor",
    "yanitlanmadi": "yanıtlanmadı",
    "belirsiz": "belirsiz",
    "uygulanmaz": "bu durumda aranmaz",
    "hesaplandi": "hesaplandı",
}


# --------------------------------------------------------------------------- model
@dataclass
class RuleSet:
    id: str
    kind: str  # uygunluk | butce
    project_type: str
    doc: str
    period: str
    title: str
    file: str
    compiled: dict
    groups: list[dict] = field(default_factory=list)  # question groups as written
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule id -> (line, col)

    @property
    def url(self) -> str:
        return f"{KIND_URL[self.kind]}/{self.project_type}/"

    @property
    def rules(self) -> list[dict]:
        return self.compiled["kurallar"]


# --------------------------------------------------------------------------- loading
_LOADED: dict[tuple[str, int, bool], tuple[KnowledgeBase, dict]] = {}


def load_rulesets(root: Path, kb: KnowledgeBase, cache: bool = True) -> dict[str, RuleSet]:
    """Once per (root, knowledge base): forms and the rules pages ask for the same rule sets.

    cache=False: parse and validate every rule file again (kb/filecache.py), same result."""
    key = (str(root), id(kb), cache)
    if key not in _LOADED or _LOADED[key][0] is not kb:
        _LOADED.clear()
        _LOADED[key] = (kb, _load_rulesets(root, kb, cache))
    return _LOADED[key][1]


def _load_rulesets(root: Path, kb: KnowledgeBase, use_cache: bool = True) -> dict[str, RuleSet]:
    """Load, validate and compile every rule set under rules/. Raises BuildError with file:line problems."""
    problems = ProblemList()
    folder = root / RULES_DIR
    if not folder.is_dir():
        return {}
    axes: dict[str, dict] = {}
    axis_origin: dict[str, tuple[yamlsource.Document, tuple]] = {}
    # unchanged files: not parsed again
    cache = filecache.FileCache(root / "build" / "cache" / "rules.pickle" if use_cache else None)
    common = folder / COMMON_FILE
    if common.exists():
        doc, valid = cache.read(common, f"{RULES_DIR}/{COMMON_FILE}", "rules/ortak.schema.json", problems)
        if doc is not None and valid:
            for aid, axis in doc.data.get("belirsizlikler", {}).items():
                axes[aid] = axis
                axis_origin[aid] = (doc, ("belirsizlikler", aid))
    result: dict[str, RuleSet] = {}
    for f in sorted(folder.glob("*.yaml")):
        if f.name == COMMON_FILE:
            continue
        shown = f"{RULES_DIR}/{f.name}"
        doc, valid = cache.read(f, shown, "rules/ruleset.schema.json", problems)
        if doc is None or not valid:
            continue
        rs = _Compiler(kb, doc, problems, axes, axis_origin).compile()
        if rs is None:
            continue
        if f.stem != rs.id:
            problems.add(shown, doc.pos(("kimlik",)), f"kimlik '{rs.id}' dosya adıyla ('{f.stem}') aynı değil",
                         f"dosyayı {rs.id}.yaml olarak adlandırın ya da kimliği '{f.stem}' yapın")
        if rs.id in result:
            problems.add(shown, doc.pos(("kimlik",)), f"'{rs.id}' kural kümesi iki kez tanımlanmış",
                         "kimliklerden birini değiştirin")
        result[rs.id] = rs
    cache.save()
    if problems:
        raise BuildError(problems)
    return dict(sorted(result.items(), key=lambda kv: _order_key(kb, kv[1])))


def _order_key(kb: KnowledgeBase, rs: RuleSet):
    pt = kb.project_types.get(rs.project_type)
    return (pt.order if pt else 99, 0 if rs.kind == "uygunluk" else 1, rs.id)


class _Compiler:
    """Turns one validated rule-set document into a RuleSet with its compiled JSON."""

    def __init__(self, kb, doc, problems, axes, axis_origin):
        self.kb = kb
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
                return param_text(self.kb, self.doc.data["belge"], target, fmt)
            except ValueError as exc:
                err(path, f"'{m.group(0)}' biçimlenemedi: {exc}", "biçimi düzeltin (sayi, yazi, Yazi, yazi_rakam)")
                return m.group(0)

        return MARKUP_RE.sub(sub, s)

    # ------------------------------------------------------------------ top level
    def compile(self) -> RuleSet | None:
        d = self.doc.data
        before = len(self.problems)
        rid = d["kimlik"]
        if d["proje_turu"] not in self.kb.project_types:
            self.err(("proje_turu",), f"bilinmeyen proje türü: '{d['proje_turu']}'",
                     "şunlardan birini yazın: " + ", ".join(sorted(self.kb.project_types)))
        if d["belge"] not in self.kb.docs or not self.kb.docs[d["belge"]].period:
            self.err(("belge",), f"bilinmeyen rehber: '{d['belge']}'",
                     "dönemi olan bir rehberin kimliğini yazın, örn. rehber-2020-1")
            return None
        self.period = self.kb.docs[d["belge"]].period
        for aid, axis in d.get("belirsizlikler", {}).items():
            if aid in self.axes:
                self.err(("belirsizlikler", aid), f"'{aid}' belirsizliği rules/{COMMON_FILE} içinde zaten tanımlı",
                         "başka bir kimlik kullanın ya da ortak tanımı kullanın")
            self.axes[aid] = axis
            self.axis_origin[aid] = (self.doc, ("belirsizlikler", aid))
        # which axis defines each named value ({secenek: NAME})
        self.value_axis: dict[str, str] = {}
        for aid, axis in self.axes.items():
            for opt in axis["secenekler"]:
                for name in opt.get("degerler", {}):
                    self.value_axis.setdefault(name, aid)
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
        for qid in self.questions:
            if qid not in used_q:
                self.err(self.questions[qid]["_path"], f"'{qid}' sorusunu hiçbir kural kullanmıyor",
                         "soruyu silin ya da bir kuralda kullanın")
        if len(self.problems) > before:
            return None
        axes_out = {}
        for aid in [a for a in self.axes if a in self.used_axes]:
            axis = self.axes[aid]
            adoc, apath = self.axis_origin[aid]
            for i, c in enumerate(axis.get("kaynaklar", [])):
                if c not in self.kb.nodes:
                    self.problems.add(adoc.path, adoc.pos(apath + ("kaynaklar", i)), f"atıf bulunamadı: '{c}'",
                                      "var olan bir düğümün atfını yazın (belge:kimlik)")
            axes_out[aid] = {
                "baslik": self.text(axis["baslik"], apath + ("baslik",), adoc),
                "aciklama": self.text(axis["aciklama"], apath + ("aciklama",), adoc),
                "kaynaklar": list(axis.get("kaynaklar", [])),
                "secenekler": [{"id": o["kimlik"], "etiket": self._option_label(aid, o, apath + ("secenekler", i), adoc)}
                               for i, o in enumerate(axis["secenekler"])],
            }
        if len(self.problems) > before:
            return None
        questions = []
        for q in self.questions.values():
            questions.append({k: v for k, v in q.items() if not k.startswith("_")})
        compiled = {
            "id": rid, "tur": d["tur"], "proje_turu": d["proje_turu"], "belge": d["belge"], "donem": self.period,
            "baslik": d["baslik"], **({"giris": self.text(d["giris"], ("giris",))} if d.get("giris") else {}),
            "sorular": questions, "gruplar": groups, "belirsizlikler": axes_out, "kurallar": rules,
        }
        compiled["yanit_semasi"] = answers_schema(compiled)
        return RuleSet(rid, d["tur"], d["proje_turu"], d["belge"], self.period, d["baslik"], self.doc.path,
                       compiled, groups, positions)

    def _option_label(self, aid: str, opt: dict, path, doc) -> str:
        """Option label with the values it binds, e.g. '2020 yılı (2.943 TL)'."""
        from kb.common.turkish import format_value

        label = self.text(opt["etiket"], path + ("etiket",), doc)
        shown = []
        for name, ref in opt.get("degerler", {}).items():
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
        if q["tip"] == "sayi":
            out["tam"] = bool(q.get("tam", True))
            if "en_fazla" in q:
                out["en_fazla"] = self._scalar_param(q["en_fazla"], path + ("en_fazla",))
        out["_path"] = path
        self.questions[qid] = out
        return out

    def _scalar_param(self, ref, path):
        used: list = []
        value = self.resolve(ref, path, {}, used, set(), set())
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            self.err(path, "burada bir parametre başvurusu bekleniyor", "{param: KİMLİK} yazın")
            return 0
        return value

    # ------------------------------------------------------------------ rules
    def _rule(self, r: dict, path) -> dict | None:
        rid = r["kimlik"]
        kind = r["tur"]
        out: dict[str, Any] = {"id": rid, "tur": kind, "baslik": self.text(r["baslik"], path + ("baslik",))}
        cites = list(r.get("kaynaklar", []))
        for i, c in enumerate(cites):
            if c not in self.kb.nodes:
                close = difflib.get_close_matches(c, list(self.kb.nodes), n=1, cutoff=0.75)
                self.err(path + ("kaynaklar", i), f"atıf bulunamadı: '{c}'",
                         f"bunu mu demek istediniz: {close[0]}" if close else "var olan bir düğümün atfını yazın (belge:kimlik)")
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
            out["eger"] = {"mantik": logic, "gerekli": _unique(needed)}
        # the rule itself
        needed: list[str] = []
        deps: list[str] = []
        if kind == "desteklenmez":
            out.update({"gerekli": [], "bagimli": [], "eksenler": [], "okumalar": [{}],
                        "varyantlar": [{"okuma": {}, "mantik": 0}]})
        elif "sema" in r:
            out["sema"] = self._schema(r["sema"], path + ("sema",), used_params, needed)
            out.update({"gerekli": _unique(needed), "bagimli": [], "eksenler": [], "okumalar": [{}]})
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
            out.update({"gerekli": _unique(needed), "bagimli": _unique(deps), "eksenler": full_list,
                        "okumalar": _product(self.axes, full_list), "varyantlar": variants})
        seen = set()
        params = []
        for pid, period in used_params:
            if (pid, period) not in seen:
                seen.add((pid, period))
                params.append({"id": pid, "donem": period})
        out["parametreler"] = params
        return out

    def _q_suggest(self, name: str) -> str:
        close = difflib.get_close_matches(name, list(self.questions), n=1, cutoff=0.6)
        return f"bunu mu demek istediniz: {close[0]}" if close else "'gruplar' altında tanımlı bir sorunun kimliğini yazın"

    def _schema(self, sema: dict, path, used_params, needed) -> dict:
        props = {}
        for qid, sub in sema.items():
            if qid not in self.questions:
                self.err(path + (qid,), f"bilinmeyen soru: '{qid}'", self._q_suggest(qid))
                continue
            if not isinstance(sub, dict) or not sub:
                self.err(path + (qid,), "soru için bir JSON Schema parçası bekleniyor", "örn. {minimum: {param: KİMLİK}} ya da {const: false}")
                continue
            out = {}
            for kw, val in sub.items():
                if kw not in SCHEMA_KEYWORDS:
                    self.err(path + (qid, kw), f"desteklenmeyen JSON Schema anahtarı: '{kw}'",
                             "şunlardan birini kullanın: " + ", ".join(sorted(SCHEMA_KEYWORDS)))
                    continue
                out[kw] = self.resolve(val, path + (qid, kw), {}, used_params, [], [], set(), literal_ok=True)
            props[qid] = out
            needed.append(qid)
        return {"type": "object", "properties": props, "required": list(props)}

    # ------------------------------------------------------------------ expressions
    def resolve(self, v, path, bindings, used_params, needed, deps, axes_used, literal_ok=False):
        """Resolve {param}, {yuzde}, {secenek} in a JSON Logic value; collect vars and axes.

        bindings None: scan only (names -> axes_used). Numbers other than 0 may not be typed.
        """
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return v
        if isinstance(v, (int, float)):
            if v != 0 and not (literal_ok and isinstance(v, bool)):
                self.err(path, f"sayı doğrudan yazılmış: {v}",
                         "tutar, oran ve süreleri parametreden alın: {param: KİMLİK} (bkz. content/parametreler/)")
            return v
        if isinstance(v, list):
            return [self.resolve(x, path + (i,), bindings, used_params, needed, deps, axes_used, literal_ok) for i, x in enumerate(v)]
        if not isinstance(v, dict) or len(v) == 0:
            self.err(path, "geçersiz ifade", "JSON Logic biçiminde yazın: {işlem: [değerler]}")
            return None
        if "param" in v:
            return self._param(v, path, used_params)
        if len(v) != 1:
            self.err(path, f"bir JSON Logic işleminin tek anahtarı olur: {', '.join(map(str, v))}",
                     "her işlemi ayrı bir nesne olarak yazın")
            return None
        op, args = next(iter(v.items()))
        if op == "yuzde":
            if not (isinstance(args, list) and len(args) == 2):
                self.err(path, "'yuzde' iki değer alır: [tutar, oran]", "{yuzde: [{var: X}, {param: ORAN}]} yazın")
                return None
            a = self.resolve(args[0], path + ("yuzde", 0), bindings, used_params, needed, deps, axes_used)
            b = self.resolve(args[1], path + ("yuzde", 1), bindings, used_params, needed, deps, axes_used)
            return {"/": [{"*": [a, b]}, 100]}
        if op == "secenek":
            name = args
            if not isinstance(name, str) or name not in self.value_axis:
                self.err(path, f"bilinmeyen belirsizlik değeri: '{name}'",
                         "'belirsizlikler' altındaki bir seçeneğin 'degerler' adını yazın")
                return None
            axes_used.add(self.value_axis[name])
            if bindings is None or name not in bindings:
                return None
            ref, aid, oid = bindings[name]
            return self.resolve(ref, path, {}, used_params, [], [], set())
        if op not in OPERATORS:
            hint = " ('==' yerine '===' kullanın)" if op in ("==", "!=") else ""
            self.err(path, f"desteklenmeyen işlem: '{op}'{hint}", "şunlardan birini kullanın: " + ", ".join(sorted(OPERATORS)))
            return None
        if op == "var":
            name, default = (args, None) if isinstance(args, str) else (args[0] if isinstance(args, list) and args else None,
                                                                       args[1] if isinstance(args, list) and len(args) > 1 else None)
            has_default = isinstance(args, list) and len(args) > 1
            if not isinstance(name, str):
                self.err(path, "'var' bir soru kimliği alır", "{var: SORU} ya da {var: [SORU, 0]} yazın")
                return None
            if name.startswith("kalem."):
                dep = name.split(".", 1)[1]
                deps.append(dep)
                return v
            if name not in self.questions:
                self.err(path, f"bilinmeyen soru: '{name}'", self._q_suggest(name))
                return None
            if has_default and default not in (0, False):
                self.err(path, f"'{name}' için varsayılan değer yalnızca 0 ya da false olabilir", "varsayılanı 0 yapın")
            if not has_default:
                needed.append(name)
            return v
        if op in ("===", "!==") and isinstance(args, list) and len(args) == 2:
            self._check_comparison(args, path)
        if isinstance(args, list):
            return {op: [self.resolve(x, path + (op, i), bindings, used_params, needed, deps, axes_used) for i, x in enumerate(args)]}
        return {op: self.resolve(args, path + (op,), bindings, used_params, needed, deps, axes_used)}

    def _check_comparison(self, args: list, path) -> None:
        """Strict equality only between a question and a literal of its own type.

        Python implementations of JSON Logic differ from json-logic-js when types are mixed
        (e.g. 1 === true); a rule that never mixes them evaluates the same everywhere.
        """
        var = next((a["var"] for a in args if isinstance(a, dict) and "var" in a and isinstance(a["var"], str)), None)
        lit = next((a for a in args if not isinstance(a, (dict, list))), "no literal")
        if var is None or lit == "no literal" or var not in self.questions:
            return
        q = self.questions[var]
        if q["tip"] == "evet_hayir" and not isinstance(lit, bool):
            self.err(path, f"'{var}' bir evet/hayır sorusu; true ya da false ile karşılaştırın", "değeri true ya da false yazın")
        elif q["tip"] == "secim" and lit not in [o["deger"] for o in q.get("secenekler", [])]:
            self.err(path, f"'{lit}' '{var}' sorusunun seçeneklerinden biri değil",
                     "şunlardan birini yazın: " + ", ".join(o["deger"] for o in q.get("secenekler", [])))
        elif q["tip"] in ("sayi", "tutar"):
            self.err(path, f"'{var}' bir sayı sorusu; === yerine <, <=, >, >= kullanın", "karşılaştırmayı değiştirin")

    def _param(self, v: dict, path, used_params):
        extra = set(v) - {"param", "donem", "birim", "parca"}
        if extra:
            self.err(path, f"parametre başvurusunda bilinmeyen alan: {', '.join(sorted(extra))}",
                     "yalnızca param, donem, birim, parca kullanılır")
        pid = v["param"]
        p = self.kb.params.get(pid)
        if p is None:
            close = difflib.get_close_matches(str(pid), list(self.kb.params), n=1, cutoff=0.6)
            self.err(path, f"parametre bulunamadı: '{pid}'",
                     f"bunu mu demek istediniz: {close[0]}" if close else "content/parametreler/ içinde tanımlı bir kimlik yazın")
            return 0
        period = str(v.get("donem", self.period))
        pv = p.value_for(period)
        if pv is None:
            self.err(path, f"'{pid}' parametresinin {period} dönemi için değeri yok (var olan dönemler: "
                     f"{', '.join(x.period for x in p.values)})",
                     "başvuruda 'donem' yazın; rehber dönemi belli değilse bir belirsizlik seçeneğiyle her dönemi ayrı verin")
            return 0
        used_params.append((pid, period))
        value = pv.value
        if p.unit == "tarih":
            self.err(path, f"'{pid}' bir tarih; kurallarda yalnızca sayı kullanılır", "tarihi sorunun ipucunda gösterin")
            return 0
        if p.unit == "kesir":
            num, den = (int(x) for x in value.split("/"))
            part = v.get("parca")
            if part == "pay":
                return num
            if part == "payda":
                return den
            return num / den
        if v.get("parca"):
            self.err(path, "'parca' yalnızca kesir birimli parametrelerde kullanılır", "'parca' alanını silin")
        unit = v.get("birim")
        if unit:
            if unit == "ay" and p.unit == "yil":
                return value * 12
            if unit == p.unit:
                return value
            self.err(path, f"'{pid}' ({p.unit}) {unit} birimine çevrilemez", "yalnızca yıl → ay çevrilebilir (birim: ay)")
        return value


def _unique(xs: list) -> list:
    out = []
    for x in xs:
        if x not in out:
            out.append(x)
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


def answers_schema(compiled: dict) -> dict:
    """JSON Schema (2020-12) for an answers file of this rule set. null = not answered."""
    props = {}
    for q in compiled["sorular"]:
        t = q["tip"]
        if t == "evet_hayir":
            s = {"type": ["boolean", "null"]}
        elif t == "secim":
            s = {"enum": [o["deger"] for o in q["secenekler"]] + [None]}
        else:
            s = {"type": ["integer" if t == "sayi" and q.get("tam") else "number", "null"], "minimum": 0}
            if "en_fazla" in q:
                s["maximum"] = q["en_fazla"]
        s["title"] = q["etiket"]
        props[q["id"]] = s
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Yanıtlar: {compiled['baslik']}",
        "description": "Her alan bir sorunun yanıtıdır; yanıtlanmayan soru yazılmaz ya da null yazılır.",
        "type": "object", "additionalProperties": False, "properties": props,
    }


# --------------------------------------------------------------------------- engine
def _default_apply() -> Callable:
    from json_logic import jsonLogic  # panzi-json-logic (pinned in requirements.txt)

    return jsonLogic


def _answered(v) -> bool:
    return v is not None and v != ""


def _key(axes: list[str], combo: dict) -> str:
    return "|".join(f"{a}={combo[a]}" for a in axes)


def evaluate_compiled(rs: dict, answers: dict, apply: Callable | None = None) -> dict:
    """The engine. theme/assets/kb/rules-engine.js implements the same steps; keep them in step.

    For each rule in order:
    1. ``eger`` (applicability): unanswered inputs -> yanitlanmadi; false -> uygulanmaz.
    2. unanswered inputs (``gerekli``) or an uncomputable earlier rule (``bagimli``) -> yanitlanmadi.
    3. one evaluation per reading (``okumalar``), with the earlier rules' values for that reading
       as ``kalem.<id>``; kosul: true = met; kalem: talep compared with the amount.
    4. status: all readings met -> karsilaniyor, none -> karsilanmiyor, some -> belirsiz.
    """
    apply = apply or _default_apply()
    data = {k: v for k, v in answers.items() if _answered(v)}
    values: dict[str, dict | None] = {}
    missing_of: dict[str, list[str]] = {}
    axes_of = {r["id"]: r["eksenler"] for r in rs["kurallar"]}
    results = []
    for rule in rs["kurallar"]:
        res: dict[str, Any] = {"id": rule["id"], "tur": rule["tur"], "durum": "", "degerler": [], "eksik": [],
                               "kaynaklar": rule["kaynaklar"]}
        talep = data.get(rule["talep"]) if rule.get("talep") else None
        if rule.get("talep"):
            res["talep"] = talep
        results.append(res)
        eger = rule.get("eger")
        if eger:
            miss = [q for q in eger["gerekli"] if q not in data]
            if miss:
                res["durum"] = "yanitlanmadi"
                res["eksik"] = miss
                values[rule["id"]] = None
                missing_of[rule["id"]] = miss
                continue
            if apply(eger["mantik"], data) is not True:
                res["durum"] = "uygulanmaz"
                if rule["tur"] in ("kalem", "hesap", "desteklenmez"):
                    values[rule["id"]] = {_key(rule["eksenler"], c): 0 for c in rule["okumalar"]}
                    if rule["tur"] != "hesap" and talep is not None and talep > 0:
                        res["durum"] = "karsilanmiyor"
                        res["degerler"] = [{"okuma": {}, "deger": 0, "uygun": False}]
                else:
                    values[rule["id"]] = None
                continue
        miss = [q for q in rule["gerekli"] if q not in data]
        for dep in rule["bagimli"]:
            if values.get(dep) is None:
                miss += [q for q in missing_of.get(dep, []) if q not in miss]
        if miss:
            res["durum"] = "yanitlanmadi"
            res["eksik"] = _unique(miss)
            values[rule["id"]] = None
            missing_of[rule["id"]] = res["eksik"]
            continue
        computed: dict[str, Any] = {}
        oks = []
        for combo in rule["okumalar"]:
            if "sema" in rule:
                ok = _schema_valid(rule["sema"], data)
                res["degerler"].append({"okuma": combo, "uygun": ok})
                oks.append(ok)
                continue
            variant = next(v for v in rule["varyantlar"] if all(combo[a] == o for a, o in v["okuma"].items()))
            ctx = dict(data)
            if rule["bagimli"]:
                ctx["kalem"] = {d: values[d][_key(axes_of[d], combo)] for d in rule["bagimli"]}
            value = apply(variant["mantik"], ctx)
            if rule["tur"] == "kosul":
                ok = value is True
                res["degerler"].append({"okuma": combo, "uygun": ok})
                oks.append(ok)
                continue
            computed[_key(rule["eksenler"], combo)] = value
            entry = {"okuma": combo, "deger": value}
            if rule["tur"] in ("kalem", "desteklenmez") and talep is not None:
                # amounts are compared in whole kuruş, so binary rounding never decides a verdict
                ok = kurus(talep) >= kurus(value) if rule.get("sinir") == "en_az" else kurus(talep) <= kurus(value)
                entry["uygun"] = ok
                oks.append(ok)
            res["degerler"].append(entry)
        values[rule["id"]] = computed if rule["tur"] != "kosul" else None
        if rule["tur"] == "hesap":
            res["durum"] = "hesaplandi"
        elif rule["tur"] != "kosul" and talep is None:
            res["durum"] = "yanitlanmadi"
        elif all(oks):
            res["durum"] = "karsilaniyor"
        elif not any(oks):
            res["durum"] = "karsilanmiyor"
        else:
            res["durum"] = "belirsiz"
    failed = [r["id"] for r, rule in zip(results, rs["kurallar"]) if _fails(r, rule)]
    summary = {s: 0 for s in STATUS_LABELS}
    for r in results:
        summary[r["durum"]] += 1
    return {"kural_kumesi": rs["id"], "donem": rs["donem"], "sonuclar": results, "ozet": summary,
            "basarisiz": failed, "basarili": not failed}


def kurus(x: float) -> int:
    """An amount in whole kuruş, rounded half up (rules-engine.js kurus: Math.floor(x * 100 + 0.5))."""
    return math.floor(x * 100 + 0.5)


def _fails(res: dict, rule: dict) -> bool:
    status = res["durum"]
    if status in ("karsilanmiyor", "belirsiz"):
        return True
    if status == "yanitlanmadi":
        if rule["tur"] == "kosul":
            return not rule.get("istege_bagli")
        return res.get("talep") is not None  # an amount asked for that cannot be checked
    return False


@lru_cache(maxsize=256)
def _schema_validator(text: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(text))


def _schema_valid(schema: dict, data: dict) -> bool:
    return _schema_validator(json.dumps(schema, sort_keys=True)).is_valid(data)


# --------------------------------------------------------------------------- public API
@lru_cache(maxsize=4)
def _cached(root: str) -> tuple[KnowledgeBase, dict[str, RuleSet]]:
    from kb.content.loader import load_knowledge_base

    kb = load_knowledge_base(Path(root))
    return kb, load_rulesets(Path(root), kb)


def rulesets(root: Path = ROOT, kb: KnowledgeBase | None = None, cache: bool = True) -> dict[str, RuleSet]:
    if kb is not None:
        return load_rulesets(root, kb, cache)
    return _cached(str(root))[1]


def compiled_ruleset(ruleset_id: str, root: Path = ROOT, kb: KnowledgeBase | None = None) -> dict:
    """The compiled JSON of one rule set (what rules-engine.js evaluates). KeyError if unknown."""
    return rulesets(root, kb)[ruleset_id].compiled


def evaluate(ruleset_id: str, answers: dict, root: Path = ROOT, kb: KnowledgeBase | None = None) -> dict:
    """Evaluate answers against a rule set: {sonuclar: [...], ozet, basarisiz, basarili}.

    Answers should be valid for the rule set's answers schema (``answer_problems``).
    """
    return evaluate_compiled(compiled_ruleset(ruleset_id, root, kb), answers)


def answer_problems(compiled: dict, answers: Any, where: str = "") -> list[str]:
    """`where: what — how to fix` lines for answers that do not fit the answers schema."""
    from kb.content.messages import schema_error_text

    out = []
    validator = Draft202012Validator(compiled["yanit_semasi"])
    for e in sorted(validator.iter_errors(answers), key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        pointer = "/" + "/".join(map(str, e.absolute_path))
        message, fix, key = schema_error_text(e)
        if key is not None:
            pointer = pointer.rstrip("/") + "/" + str(key)
            if e.validator == "additionalProperties":
                qs = [q["id"] for q in compiled["sorular"]]
                close = difflib.get_close_matches(str(key), qs, n=1, cutoff=0.6)
                fix = (f"bunu mu demek istediniz: {close[0]}" if close else
                       f"bu kural kümesinin soruları data/rules/{compiled['id']}.answers.schema.json içinde listelenir")
        out.append(f"{where}: {pointer}: {message} — {fix}" if where else f"{pointer}: {message} — {fix}")
    return out


# --------------------------------------------------------------------------- formatting
def format_tl(x: float) -> str:
    """45000 -> '45.000 TL'; 3577.5 -> '3.577,50 TL'. Rounds to kuruş like rules.js (half up)."""
    k = kurus(x)
    neg = k < 0
    whole, frac = divmod(abs(k), 100)
    s = f"{whole:,}".replace(",", ".")
    if frac:
        s += f",{frac:02d}"
    return ("-" if neg else "") + s + " TL"


def status_label(rule: dict, status: str) -> str:
    """The status word shown for a rule (rules.js statusLabel)."""
    if status == "uygulanmaz" and rule["tur"] != "kosul":
        return "bu durumda ödenmez"
    return STATUS_LABELS[status]


def reading_label(compiled: dict, combo: dict) -> str:
    parts = []
    for aid, oid in combo.items():
        axis = compiled["belirsizlikler"][aid]
        parts.append(next(o["etiket"] for o in axis["secenekler"] if o["id"] == oid))
    return "; ".join(parts)


def _same_amounts(values: list) -> bool:
    return all(v is not None and values[0] is not None and kurus(v) == kurus(values[0]) for v in values)


def _varies(res: dict) -> bool:
    values = [d.get("deger") for d in res["degerler"]]
    oks = [d.get("uygun") for d in res["degerler"]]
    same = _same_amounts(values) if values[0] is not None else all(v is None for v in values)
    return not same or any(o != oks[0] for o in oks)


def amount_text(compiled: dict, rule: dict, res: dict) -> str:
    """The amount line for a rule, the same text rules.js shows (amountText)."""
    if rule["tur"] == "kosul" or not res["degerler"]:
        return ""
    head = "Tutar" if rule["tur"] == "hesap" else {"en_az": "En az"}.get(rule.get("sinir", ""), "En fazla")
    unit = rule.get("birim", "TL")
    values = [d["deger"] for d in res["degerler"]]
    if _same_amounts(values):
        text = f"{head}: {format_amount(values[0], unit)}"
    else:
        text = f"{head}: okumaya göre değişir"
    if res.get("talep") is not None:
        text += f" — {'katkınız' if rule.get('sinir') == 'en_az' else 'talep'}: {format_tl(res['talep'])}"
    return text


def reading_lines(compiled: dict, rule: dict, res: dict) -> list[str]:
    """One line per reading when the readings differ (rules.js readingLines)."""
    if len(res["degerler"]) < 2 or not _varies(res):
        return []
    unit = rule.get("birim", "TL")
    lines = []
    for d in res["degerler"]:
        parts = []
        if "deger" in d:
            parts.append(format_amount(d["deger"], unit))
        if "uygun" in d:
            if rule["tur"] == "kosul":
                parts.append("karşılanıyor" if d["uygun"] else "karşılanmıyor")
            elif rule.get("sinir") == "en_az":
                parts.append("katkı yeterli" if d["uygun"] else "katkı yetersiz")
            else:
                parts.append("talep sınırın içinde" if d["uygun"] else "talep sınırı aşıyor")
        lines.append(f"{reading_label(compiled, d['okuma'])}: {', '.join(parts)}")
    return lines


UNIT_WORDS = {"saat": "saat", "gun": "gün", "kisi": "kişi"}


def format_amount(x: float, unit: str = "TL") -> str:
    if unit == "TL":
        return format_tl(x)
    return format_tl(x)[:-3] + " " + UNIT_WORDS.get(unit, unit)


# --------------------------------------------------------------------------- site
def pages(kb: KnowledgeBase, sm):
    """Provider: one page per rule set, an index page, the browser engine, catalog part."""
    from kb.site.render import Asset, Output, Page
    from kb.common.turkish import format_value

    out = Output()
    sets = load_rulesets(ROOT, kb)
    if not sets:
        return out
    by_type: dict[str, dict[str, RuleSet]] = {}
    for rs in sets.values():
        by_type.setdefault(rs.project_type, {})[rs.kind] = rs
    rows = []
    for pt_id, kinds in by_type.items():
        pt = kb.project_types[pt_id]
        rows.append({"pt": pt, "uygunluk": kinds.get("uygunluk"), "butce": kinds.get("butce")})
    out.pages.append(Page(INDEX_URL + "index.md", "Uygun muyum? ve bütçe — başlangıç", "rules_index.md.j2",
                          {"rows": rows}, NAV, NAV_ORDER))
    for i, rs in enumerate(sets.values()):
        pt = kb.project_types[rs.project_type]
        empty = evaluate_compiled(rs.compiled, {})
        results = {r["id"]: r for r in empty["sonuclar"]}
        notes = []
        for rule in rs.rules:
            for c in rule["kaynaklar"]:
                if kb.nodes[c].notes and c not in notes:
                    notes.append(c)
        title = f"{pt.short_title}: {KINDS[rs.kind]}"
        rule_params = {}
        for rule in rs.rules:
            shown = []
            for ref in sorted(rule["parametreler"], key=lambda r: (r["id"], r["donem"])):
                p = kb.params[ref["id"]]
                v = p.value_for(ref["donem"])
                text = format_value(v.value, p.unit)
                if ref["donem"] != rs.period:
                    text += f" ({ref['donem']})"
                shown.append({"id": p.id, "label": p.label, "shown": text})
            rule_params[rule["id"]] = shown
        other = by_type[rs.project_type].get("butce" if rs.kind == "uygunluk" else "uygunluk")
        published = published_ruleset(rs, sm)
        data_json = json.dumps(published, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
        out.pages.append(Page(rs.url.removesuffix("/") + ".md", title, "rules_page.md.j2",
                              {"rs": rs, "pt": pt, "c": rs.compiled, "initial": results, "other": other,
                               "data_json": data_json, "amount_text": amount_text, "status_label": status_label,
                               "reading_lines": reading_lines,
                               "questions": {q["id"]: q for q in rs.compiled["sorular"]}, "rule_params": rule_params,
                               "deadline": kb.params["son_basvuru_tarihi"].value_for(rs.period)},
                              NAV, NAV_ORDER + 1 + i))
        out.assets.append(Asset(f"data/rules/{rs.id}.json", _dump(published)))
        out.assets.append(Asset(f"data/rules/{rs.id}.answers.schema.json", _dump(rs.compiled["yanit_semasi"])))
    out.assets += rules_vendor_assets()
    out.catalog["rules"] = [catalog_entry(kb, sm, rs) for rs in sets.values()]
    return out


def published_ruleset(rs: RuleSet, sm) -> dict:
    """The compiled rule set plus `atiflar`: each cite's label and site-root-relative URL,
    so that any page (e.g. a budget form) can show the citations next to the verdicts."""
    cites = sorted({c for r in rs.rules for c in r["kaynaklar"]} |
                   {c for a in rs.compiled["belirsizlikler"].values() for c in a["kaynaklar"]})
    return {**rs.compiled, "atiflar": {c: {"etiket": sm.label(c), "url": sm.url(c)} for c in cites}}


def _dump(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def catalog_entry(kb: KnowledgeBase, sm, rs: RuleSet) -> dict:
    return {
        "id": rs.id, "kind": rs.kind, "title": rs.title, "project_type": rs.project_type, "period": rs.period,
        "url": rs.url, "data": f"data/rules/{rs.id}.json", "answers_schema": f"data/rules/{rs.id}.answers.schema.json",
        "rules": [{"id": r["id"], "type": r["tur"], "title": r["baslik"], "cites": r["kaynaklar"],
                   "urls": [sm.url(c) for c in r["kaynaklar"]],
                   "parameters": [p["id"] for p in r["parametreler"]],
                   "readings": sorted({a for a in r["eksenler"]})} for r in rs.rules],
    }
