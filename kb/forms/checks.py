"""The checks of a compiled form that look beyond its own definition, run on every load (cached
definitions included): conditions and period fields refer to fields of the form
(`check_references`), the `kurallar:` mapping fits its rule set in the form's period (`check_rules`, reads rules/),
and no copy of a form schema sits in schemas/forms/ (`check_no_committed_schemas`: the schemas
are derived on every load and published by the build). Every problem is added to the loader's
ProblemList with file:line.
"""
from __future__ import annotations

import difflib
import json
from pathlib import Path

from kb.common.problems import BuildError, ProblemList
from kb.content import yamlsource
from kb.content.model import KnowledgeBase
from kb.forms.definition import CHOICE_TYPES
from kb.forms.model import FormDef

def _add(problems: ProblemList, doc: yamlsource.Document, path: tuple, message: str, fix: str = "") -> None:
    problems.add(doc.path, doc.pos(path), message, fix)


def check_references(form: FormDef, problems: ProblemList) -> None:
    """Conditions name choice fields of this form and their values; a period-dependent cap names a
    required, unconditional field offering the periods of its parameter."""
    doc = form.doc

    def check_cond(cond: dict, where: tuple, own: str | None) -> None:
        target = form.field(cond["alan"])
        if target is None or target.table is not None:
            names = [f"{s.id}/{f.id}" for s in form.sections for f in s.fields if f.type in CHOICE_TYPES]
            close = difflib.get_close_matches(cond["alan"], names, n=1)
            _add(problems, doc, where + ("alan",), f"koşuldaki alan bulunamadı: '{cond['alan']}'",
                 f"bunu mu demek istediniz: {close[0]}" if close else "bölüm/alan biçiminde var olan bir seçim alanı yazın")
            return
        if target.type not in CHOICE_TYPES:
            _add(problems, doc, where + ("alan",), f"koşul yalnızca seçim alanlarına bağlanabilir; '{cond['alan']}' alanı '{target.type}'",
                 "secim, evet_hayir ya da isaret türünde bir alan yazın")
            return
        if own is not None and cond["alan"] == own:
            _add(problems, doc, where + ("alan",), "alan kendi koşulu olamaz", "başka bir alan yazın")
        allowed = [o["deger"] for o in target.options] if target.type == "secim" else (
            [True, False] if target.type == "evet_hayir" else [True])
        for k, v in enumerate(cond["deger"]):
            if v not in allowed or isinstance(v, bool) != (target.type != "secim"):
                _add(problems, doc, where + ("deger", k), f"'{v}' koşuldaki alanın bir değeri değil",
                     "şunlardan birini yazın: " + ", ".join(json.dumps(a, ensure_ascii=False) for a in allowed))

    for s in form.sections:
        if s.cond:
            check_cond(s.cond, s.path + ("kosul",), None)
            if form.field(s.cond["alan"]) and s.cond["alan"].split("/")[0] == s.id:
                _add(problems, doc, s.path + ("kosul", "alan"), "bölüm kendi alanına bağlı olamaz", "başka bir bölümdeki alanı yazın")
        for f in s.fields:
            if f.cond:
                check_cond(f.cond, f.path + ("kosul",), f"{s.id}/{f.id}")
            for col in [f, *f.columns]:
                for j, cap in enumerate(col.caps):
                    if "kosul" in cap:
                        check_cond(cap["kosul"], col.path + ("ust_sinirlar", j, "kosul"), None)
                    for k, factor in enumerate(cap["carpanlar"]):
                        if "donem_alani" not in factor:
                            continue
                        sel = form.field(factor["donem_alani"])
                        if sel is None or sel.options_param != factor["parametre"]:
                            _add(problems, doc, col.path + ("ust_sinirlar", j, "carpanlar", k, "donem_alani"),
                                 f"'{factor['donem_alani']}' alanı '{factor['parametre']}' parametresinin dönemlerini sunan bir seçim alanı değil",
                                 f"o alana 'secenekler_parametreden: {factor['parametre']}' yazın")
                        elif sel.cond or not sel.required:
                            _add(problems, doc, col.path + ("ust_sinirlar", j, "carpanlar", k, "donem_alani"),
                                 "dönemi seçtiren alan koşulsuz ve zorunlu olmalı", "o alana 'zorunlu: true' yazın")


def check_rules(form: FormDef, root: Path, kb: KnowledgeBase, cache: bool, problems: ProblemList) -> set[str] | None:
    """The `kurallar:` mapping: a known rule set serving the form's period, its questions (in any
    period: a period may leave a question out), this form's tables and columns. Returns the ids of
    the questions the rule set asks in the form's period (None when it cannot say)."""
    from kb.rules.loader import rulesets

    doc, m, base = form.doc, form.rules, ("kurallar",)
    try:
        sets = rulesets(root, kb, cache=cache)
    except BuildError:
        return None  # the rule sets' own problems are reported by their check
    rs = sets.get(m["kural_kumesi"])
    if rs is None:
        close = difflib.get_close_matches(m["kural_kumesi"], list(sets), n=1)
        _add(problems, doc, base + ("kural_kumesi",), f"kural kümesi bulunamadı: '{m['kural_kumesi']}'",
             f"bunu mu demek istediniz: {close[0]}" if close else "rules/ içindeki bir kural kümesinin kimliğini yazın")
        return None
    if form.period and not rs.regulation and form.period not in rs.editions:
        _add(problems, doc, base + ("kural_kumesi",), f"'{rs.id}' kural kümesi {form.period} dönemi için yok "
             f"(dönemleri: {', '.join(rs.editions)})", "formun dönemini kural kümesinin dönemlerinden biri yapın")
        return None
    edition = rs.editions.get(form.period, rs)
    questions = {q["id"]: q for e in rs.editions.values() for q in e.compiled["sorular"]}
    rule_ids = [r["id"] for r in edition.compiled["kurallar"]]
    for i, rid in enumerate(m.get("goster", [])):
        if rid not in rule_ids:
            close = difflib.get_close_matches(rid, rule_ids, n=1)
            _add(problems, doc, base + ("goster", i), f"'{rs.id}' kural kümesinde '{rid}' kuralı yok",
                 f"bunu mu demek istediniz: {close[0]}" if close else "şunlardan birini yazın: " + ", ".join(rule_ids))
    for key, spec in m["yanitlar"].items():
        p = base + ("yanitlar", key)
        q = questions.get(key)
        if q is None:
            close = difflib.get_close_matches(key, list(questions), n=1)
            problems.add(doc.path, doc.key_pos(p), f"'{rs.id}' kural kümesinin '{key}' diye bir sorusu yok",
                         f"bunu mu demek istediniz: {close[0]}" if close else "şunlardan birini yazın: " + ", ".join(questions))
            continue
        kinds = [k for k in ("tablo", "alan", "sabit") if k in spec]
        if len(kinds) != 1:
            _add(problems, doc, p, "yanıt ya bir tablonun sütunlarının toplamı ('tablo' + 'topla'), ya bir alanın değeri ('alan') ya da bir sabittir ('sabit')",
                 "bu üçünden yalnızca birini yazın")
            continue
        amount = q["tip"] in ("tutar", "sayi")
        if kinds[0] == "sabit":
            if not amount:
                _add(problems, doc, p + ("sabit",), f"'{key}' sorusu sayı değil ({q['tip']}); sabit yalnızca sayı sorularına verilir", "'alan' kullanın")
            continue
        if kinds[0] == "alan":
            for extra in ("topla", "satir_kosulu"):
                if extra in spec:
                    _add(problems, doc, p + (extra,), f"'{extra}' yalnızca 'tablo' ile kullanılır", "satırı silin")
            f = form.field(spec["alan"])
            want = {"evet_hayir": ("evet_hayir",), "secim": ("secim",), "tutar": ("tutar",), "sayi": ("tutar",)}[q["tip"]]
            if f is None or f.type not in want:
                names = [f"{s.id}/{x.id}" for s in form.sections for x in s.fields if x.type in want]
                close = difflib.get_close_matches(spec["alan"], names, n=1)
                _add(problems, doc, p + ("alan",), f"'{spec['alan']}' bu formun '{key}' sorusuna ({q['tip']}) uyan bir alanı değil",
                     f"bunu mu demek istediniz: {close[0]}" if close else "şunlardan birini yazın: " + (", ".join(names) or "(uygun alan yok)"))
            continue
        table = form.field(spec["tablo"])
        if table is None or table.type != "tablo":
            names = [f"{s.id}/{x.id}" for s in form.sections for x in s.fields if x.type == "tablo"]
            close = difflib.get_close_matches(spec["tablo"], names, n=1)
            _add(problems, doc, p + ("tablo",), f"tablo bulunamadı: '{spec['tablo']}'",
                 f"bunu mu demek istediniz: {close[0]}" if close else "bölüm/tablo biçiminde yazın: " + ", ".join(names))
            continue
        if not amount:
            _add(problems, doc, p + ("tablo",), f"'{key}' sorusu sayı değil ({q['tip']}); bir tablo toplamı olamaz", "'alan' kullanın")
        if "topla" not in spec:
            _add(problems, doc, p + ("tablo",), "toplanacak sütunlar yazılmamış", "'topla: [sütun, ...]' ekleyin")
        cols = {c.id: c for c in table.columns}
        amounts = [c.id for c in table.columns if c.type == "tutar"]
        for j, cid in enumerate(spec.get("topla", [])):
            if cid not in amounts:
                _add(problems, doc, p + ("topla", j), f"'{cid}' '{spec['tablo']}' tablosunun bir tutar sütunu değil",
                     "şunlardan birini yazın: " + ", ".join(amounts))
        rc = spec.get("satir_kosulu")
        if rc is not None:
            col = cols.get(rc["sutun"])
            if col is None or col.type not in CHOICE_TYPES:
                _add(problems, doc, p + ("satir_kosulu", "sutun"), f"'{rc['sutun']}' bu tablonun bir seçim sütunu değil",
                     "aynı tablodaki bir secim, evet_hayir ya da isaret sütununu yazın")
                continue
            allowed = [o["deger"] for o in col.options] if col.type == "secim" else (
                [True, False] if col.type == "evet_hayir" else [True])
            for k, v in enumerate(rc["deger"]):
                if v not in allowed or isinstance(v, bool) != (col.type != "secim"):
                    _add(problems, doc, p + ("satir_kosulu", "deger", k), f"'{v}' '{rc['sutun']}' sütununun bir değeri değil",
                         "şunlardan birini yazın: " + ", ".join(json.dumps(a, ensure_ascii=False) for a in allowed))
    # a field answering an attribute (the sector) that the rule set also asks must hand it over:
    # otherwise the rules region counts that question unanswered on every filled form
    asked = edition.attributes
    for s in form.sections:
        for f in s.fields:
            qid = asked.get(f.attribute) if f.attribute else None
            if qid and m["yanitlar"].get(qid, {}).get("alan") != f"{s.id}/{f.id}":
                _add(problems, doc, base + ("yanitlar",), f"'{s.id}/{f.id}' alanı '{f.attribute}' niteliğini soruyor, ama "
                     f"kural kümesinin '{qid}' sorusuna iletilmiyor (kurallar bu soruyu hep yanıtsız sayar)",
                     f"'yanitlar:' altına '{qid}: {{alan: {s.id}/{f.id}}}' yazın")
    return {q["id"] for q in edition.compiled["sorular"]}


def check_no_committed_schemas(root: Path, problems: ProblemList) -> None:
    """Nothing under schemas/forms/: a form's schema is derived from its definition on every load and
    the build publishes it at schemas/forms/<id>.schema.json. A file left there would be published
    in its place (kb/site/data_export.py copies schemas/) and could only go stale."""
    folder = root / "schemas" / "forms"
    if not folder.is_dir():
        return
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        problems.add(file.relative_to(root).as_posix(), None,
                     "form şemaları depoda tutulmaz: her form şeması forms/ altındaki tanımından türetilir "
                     "(`generator.py check` denetler, `generator.py build` build/site/schemas/forms/ altına yazar); "
                     "bu dosya türetilen şemanın yerine yayımlanırdı",
                     "dosyayı silin; şemayı değiştirmek için form tanımını (forms/<kimlik>.yaml) düzenleyin")
