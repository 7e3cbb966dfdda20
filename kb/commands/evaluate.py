"""`generator.py evaluate RULESET FILE.json [--json]`: evaluate a file of answers.

Prints every rule's verdict and amount with its citation and explanation, then the engine's one
overall verdict (``karar``, kb/rules/verdict.py). Exit codes: 0 only for karsilaniyor (something
answered, every condition that applies met, every requested amount within its cap under every
reading); 1 for karsilanmiyor or eksik (every failing rule, with what was entered and the limit,
and every missing question listed); 2 unusable input (unreadable file, bad JSON, NaN/Infinity,
unknown rule set, wrong types, numbers out of bounds). Never a traceback: problems are
`where: what — how to fix` lines in Turkish.
"""
from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

from kb.content.loader import load_knowledge_base
from kb.rules.evaluation import answer_problems, evaluate_compiled
from kb.rules.loader import load_rulesets
from kb.rules.model import REGULATION, STATUS_LABELS
from kb.rules.wording import amount_text, fail_text, reading_label, reading_lines, status_label
from kb.site.sitemap import derive_site

MAX_BYTES = 1_000_000


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return 2


def _read_answers(file: str):
    """(answers, problems). `-` reads standard input."""
    if file == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        shown = "<standart girdi>"
    else:
        p = Path(file)
        shown = file
        if not p.is_file():
            return None, [f"{shown}: dosya bulunamadı — yolu denetleyin"]
        try:
            raw = p.read_bytes()
        except OSError as exc:
            return None, [f"{shown}: dosya okunamadı ({exc.strerror}) — dosyanın okunabildiğini denetleyin"]
    if len(raw) > MAX_BYTES:
        return None, [f"{shown}: dosya çok büyük — yanıt dosyası {MAX_BYTES} baytı geçmemeli"]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [f"{shown}: dosya UTF-8 değil — dosyayı UTF-8 olarak kaydedin"]
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except ValueError as exc:
        if not isinstance(exc, json.JSONDecodeError):
            return None, [f"{shown}: {exc} — sayıları rakamla yazın (NaN ve Infinity JSON değildir)"]
        return None, [f"{shown}:{exc.lineno}:{exc.colno}: JSON okunamadı ({exc.msg}) — virgülleri, tırnakları ve parantezleri denetleyin"]
    if not isinstance(data, dict):
        return None, [f"{shown}: yanıtlar bir JSON nesnesi olmalı, örn. {{\"yas\": 30}} — dosyayı {{ }} içine yazın"]
    return data, []


def _no_constant(name: str):
    raise ValueError(f"geçersiz sayı: {name}")


def run_evaluate(root: Path, ruleset: str, file: str, as_json: bool = False, period: str | None = None) -> int:
    kb = load_knowledge_base(root)
    sets = load_rulesets(root, kb)
    if ruleset not in sets:
        close = difflib.get_close_matches(ruleset, list(sets), n=1, cutoff=0.5)
        hint = f"bunu mu demek istediniz: {close[0]}" if close else "geçerli kimlikler: " + ", ".join(sets)
        return _fail([f"{ruleset}: bilinmeyen kural kümesi — {hint}"])
    rs = sets[ruleset]
    answers, problems = _read_answers(file)
    if problems:
        return _fail(problems)
    where = "<standart girdi>" if file == "-" else file
    rs, problems = choose_period(rs, answers, period, where)
    if problems:
        return _fail(problems)
    problems = answer_problems(rs.compiled, answers, where=where)
    if problems:
        problems.append(f"{len(problems)} sorun bulundu; yanıt dosyasının biçimi: data/rules/{ruleset}.answers.schema.json")
        return _fail(problems)
    answers = {k: v for k, v in answers.items() if k != "donem"}
    result = evaluate_compiled(rs.compiled, answers)
    sm = derive_site(kb)
    report = enrich(rs.compiled, result, kb, sm, answers)
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print(render_text(report))
    return 0 if result["karar"]["durum"] == "karsilaniyor" else 1


def choose_period(rs, answers: dict, period: str | None, where: str):
    """The edition of the rule set for the period asked: --donem, else the answers' `donem`, else
    the newest. (edition, problems); a period the set does not serve, or two that disagree, is
    unusable input."""
    served = list(rs.editions)
    in_file = answers.get("donem")
    if in_file is not None and in_file not in served:
        return rs, [f"{where}: /donem: '{in_file}' bu kural kümesinin dönemlerinden biri değil — şunlardan birini yazın: "
                    + ", ".join(served)]
    if period is not None and period not in served:
        return rs, [f"--donem {period}: bu kural kümesinin dönemlerinden biri değil — şunlardan birini yazın: " + ", ".join(served)]
    if period is not None and in_file is not None and period != in_file:
        return rs, [f"{where}: /donem dosyada '{in_file}', komutta '{period}' — ikisini aynı yazın ya da birini silin"]
    chosen = period or in_file
    return (rs.editions[chosen] if chosen else rs), []


def enrich(compiled: dict, result: dict, kb, sm, answers: dict | None = None) -> dict:
    """The engine result plus titles, status words, amount text, citation labels and URLs, why a
    rule is not met (`neden`) and the missing questions' labels (`karar.eksik_etiketler`)."""
    rules = {r["id"]: r for r in compiled["kurallar"]}
    questions = {q["id"]: q for q in compiled["sorular"]}
    out = dict(result)
    out["baslik"] = compiled["baslik"]
    out["belge"] = compiled["belge"]
    items = []
    for res in result["sonuclar"]:
        rule = rules[res["id"]]
        item = dict(res)
        item["baslik"] = rule["baslik"]
        item["durum_metni"] = status_label(rule, res["durum"])
        item["tutar_metni"] = amount_text(compiled, rule, res)
        item["okuma_satirlari"] = reading_lines(compiled, rule, res)
        item["atiflar"] = [{"cite": c, "label": sm.label(c), "url": sm.url(c)} for c in rule["kaynaklar"]]
        item["eksik_sorular"] = [questions[q]["etiket"] for q in res["eksik"]]
        why = fail_text(compiled, rule, res, answers or result.get("yanitlar") or {}, sm.label)
        if why:
            item["neden"] = why
        if rule.get("aciklama"):
            item["aciklama"] = rule["aciklama"]
        axes = sorted({a for d in res["degerler"] for a in d["okuma"]})
        if axes:
            item["belirsizlikler"] = [{"id": a, "baslik": compiled["belirsizlikler"][a]["baslik"],
                                       "aciklama": compiled["belirsizlikler"][a]["aciklama"]} for a in axes]
            for d in item["degerler"]:
                d["okuma_metni"] = reading_label(compiled, d["okuma"])
        items.append(item)
    out["sonuclar"] = items
    if "karar" in result:
        out["karar"] = dict(result["karar"], eksik_etiketler=[questions[q]["etiket"] for q in result["karar"]["eksik_sorular"]])
    return out


def render_text(report: dict) -> str:
    source = (f"yönetmelik, onay kararı {report['donem']}" if report.get("belge") == REGULATION
              else f"rehber dönemi {report['donem']}")
    lines = [f"{report['kural_kumesi']} — {report['baslik']} ({source})", ""]
    axes: dict[str, dict] = {}
    for item in report["sonuclar"]:
        lines.append(f"[{item['durum_metni']}] {item['baslik']}")
        if item.get("neden"):
            lines.append(f"    Neden: {item['neden']}")
        if item["tutar_metni"]:
            lines.append(f"    {item['tutar_metni']}")
        for r in item["okuma_satirlari"]:
            lines.append(f"      · {r}")
        if item.get("aciklama"):
            lines.append(f"    Açıklama: {item['aciklama']}")
        if item["eksik_sorular"]:
            lines.append("    Yanıtlanmayan: " + "; ".join(item["eksik_sorular"]))
        for b in item.get("belirsizlikler", []):
            lines.append(f"    Belirsizlik: {b['baslik']} (açıklaması aşağıda)")
            axes[b["id"]] = b
        for a in item["atiflar"]:
            lines.append(f"    Kaynak: {a['label']} — {a['url']}")
    if axes:
        lines += ["", "Rehberdeki belirsizlikler (sitenin açıklaması):"]
        for b in axes.values():
            lines.append(f"  - {b['baslik']} {b['aciklama']}")
    counts = ", ".join(f"{n} {STATUS_LABELS[s]}" for s, n in report["ozet"].items() if n)
    lines += ["", f"Özet: {counts}."]
    lines += verdict_lines(report)
    return "\n".join(lines)


VERDICT_WORDS = {"karsilaniyor": "karşılanıyor", "karsilanmiyor": "karşılanmıyor", "eksik": "eksik"}


def verdict_lines(report: dict) -> list[str]:
    """The overall verdict as the engine gave it (`karar`): its sentence, every failing rule with
    why, every missing question."""
    karar = report["karar"]
    by_id = {i["id"]: i for i in report["sonuclar"]}
    out = [f"Sonuç ({VERDICT_WORDS[karar['durum']]}): {karar['cumle']}"]
    for rid in karar["basarisiz"]:
        i = by_id.get(rid)
        if i is not None:
            out.append(f"  - {rid}: {i['durum_metni']} — {i.get('neden') or i['tutar_metni'] or i['baslik']}")
    for qid, label in zip(karar["eksik_sorular"], karar.get("eksik_etiketler", karar["eksik_sorular"])):
        out.append(f"  - yanıtlanmadı: {qid} — {label}")
    return out
