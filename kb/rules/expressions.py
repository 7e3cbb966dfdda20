"""The expressions of a rule: JSON Logic (``mantik``) with the load-time forms {param},
{yuzde} and {secenek} resolved to plain JSON Logic, and JSON Schema fragments (``sema``).

A mixin of kb/rules/compiler.py's RuleSetCompiler, which provides ``kb``, ``period``,
``questions`` (compiled so far), ``value_axis`` (named value -> axis) and ``err``."""
from __future__ import annotations

import difflib

from kb.rules.model import OPERATORS, SCHEMA_KEYWORDS


class ExpressionResolver:
    """Resolves and checks the expressions of one rule-set document (problems via self.err)."""

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
            return self._param(v, path, used_params, needed, bindings, axes_used)
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

    def _param(self, v: dict, path, used_params, needed=None, bindings=None, axes_used=None):
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
        if pv is None and p.values_for(period) and not v.get("parca") and not v.get("birim"):
            return self._varying(p, period, path, used_params, needed, bindings, axes_used)
        if pv is None:
            seen = self.__dict__.setdefault("_missing_reported", set())
            if (pid, period) not in seen:  # once per rule file and period, not at every use
                seen.add((pid, period))
                reads = f" ({self.period} dönemi bunu okur)" if period != self.period else ""
                self.err(path, f"'{pid}' parametresinin {period} dönemi için değeri yok{reads} (var olan dönemler: "
                         f"{', '.join(dict.fromkeys(x.period for x in p.values))})",
                         f"{p.file} dosyasında '{pid}' parametresine 'donem: \"{period}\"' olan bir değer ekleyin")
            return 0
        used_params.append((pid, period))
        value = pv.value
        if pv.base:
            return self._multiple(p, pv, period, path, used_params, needed, bindings, axes_used)
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

    def _multiple(self, p, pv, period, path, used_params, needed, bindings, axes_used):
        """A value that is a multiple of another parameter (taban): factor × that parameter, read
        through the ambiguity axis that stands in for it (e.g. which year's minimum wage)."""
        name = self.stand_in.get(pv.base)
        if name is not None:
            return {"*": [self.resolve({"secenek": name}, path, bindings, used_params, needed if needed is not None else [],
                                       [], axes_used if axes_used is not None else set()), pv.value]}
        base = self._param({"param": pv.base, "donem": period}, path, used_params)
        return pv.value * base if isinstance(base, (int, float)) else 0

    def _varying(self, p, period, path, used_params, needed, bindings, axes_used):
        """A parameter whose value varies in this period by an attribute (sector …): one branch per
        option, on the question that asks it; unanswered, the rule is unanswered (never a guess)."""
        aid = p.varies_in(period)
        found = self.attr_questions.get(aid)
        if found is None:
            attr = self.kb.attributes[aid]
            self.err(path, f"'{p.id}' parametresinin {period} dönemindeki değeri niteliğe göre değişiyor "
                           f"({attr.label}); kural kümesinde bunu soran bir soru yok",
                     f"bir soru ekleyin ve 'nitelik: {{{aid}: …}}' yazın (rules/README.md, 'Values that vary within a period')")
            return 0
        qid, mapping = found
        if needed is not None:
            needed.append(qid)
        branches: list = []
        for answer, option in mapping.items():
            value = next(x for x in p.values_for(period) if x.attributes.get(aid) == option)
            used_params.append((p.id, period))
            amount = (self._multiple(p, value, period, path, used_params, needed, bindings, axes_used)
                      if value.base else value.value)
            branches += [{"===": [{"var": qid}, answer]}, amount]
        return {"if": branches + [None]}

    # ------------------------------------------------------------------ parameters, schema fragments, names
    def _scalar_param(self, ref, path):
        """A fixed number from parameters: {param: ID}, or arithmetic on parameters only
        (e.g. {"*": [{param: A}, {param: B}]}), computed here once; no answers, no readings."""
        used: list = []
        needed: list = []
        deps: list = []
        value = self.resolve(ref, path, {}, used, needed, deps, set())
        if isinstance(value, dict) and not needed and not deps and not _has_var(value):
            from kb.rules.evaluation import _default_apply

            value = _default_apply()(value, {})
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            self.err(path, "burada bir parametre başvurusu ya da yalnızca parametrelerden bir hesap bekleniyor",
                     "{param: KİMLİK} ya da {'*': [{param: A}, {param: B}]} yazın")
            return 0
        return value

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
                if isinstance(out[kw], dict):
                    self.err(path + (qid, kw), f"bu parametrenin {self.period} dönemindeki değeri bir yanıta bağlı "
                             "(niteliğe göre değişiyor ya da bir belirsizlikle okunuyor); 'sema' yalnızca sabit değer alır",
                             "koşulu 'mantik' ile yazın")
            props[qid] = out
            needed.append(qid)
        return {"type": "object", "properties": props, "required": list(props)}

    def _q_suggest(self, name: str) -> str:
        close = difflib.get_close_matches(name, list(self.questions), n=1, cutoff=0.6)
        return f"bunu mu demek istediniz: {close[0]}" if close else "'gruplar' altında tanımlı bir sorunun kimliğini yazın"


def _has_var(logic) -> bool:
    """Whether a resolved JSON Logic value reads any answer ({var: …})."""
    if isinstance(logic, list):
        return any(_has_var(x) for x in logic)
    if isinstance(logic, dict):
        return "var" in logic or any(_has_var(x) for x in logic.values())
    return False
