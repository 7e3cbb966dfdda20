"""`generator.py evaluate RULESET FILE.json [--json]`: evaluate a file of answers.

Prints every rule's verdict and amount with its citation. Exit codes: 0 every condition
met and every requested amount within its cap; 1 otherwise (every failure listed);
2 unusable input (unreadable file, bad JSON, unknown rule set, wrong types). Never a
traceback: problems are `where: what — how to fix` lines in Turkish.
"""
from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

from kb.content.loader import load_knowledge_base
from kb.rules.evaluation import answer_problems, evaluate_compiled
from kb.rules.loader import load_rulesets
from kb.rules.model import STATUS_LABELS
from kb.rules.wording import amount_text, reading_label, reading_lines, status_label
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
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [f"{shown}:{exc.lineno}:{exc.colno}: JSON okunamadı ({exc.msg}) — virgülleri, tırnakları ve parantezleri denetleyin"]
    if not isinstance(data, dict):
        return None, [f"{shown}: yanıtlar bir JSON nesnesi olmalı, örn. {{\"yas\": 30}} — dosyayı {{ }} içine yazın"]
    return data, []


def run_evaluate(root: Path, ruleset: str, file: str, as_json: bool = False) -> int:
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
    problems = answer_problems(rs.compiled, answers, where="<standart girdi>" if file == "-" else file)
    if problems:
        problems.append(f"{len(problems)} sorun bulundu; yanıt dosyasının biçimi: data/rules/{ruleset}.answers.schema.json")
        return _fail(problems)
    result = evaluate_compiled(rs.compiled, answers)
    sm = derive_site(kb)
    report = enrich(rs.compiled, result, kb, sm)
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print(render_text(report))
    return 0 if result["basarili"] else 1


def enrich(compiled: dict, result: dict, kb, sm) -> dict:
    """The engine result plus titles, status words, amount text, citation labels and URLs."""
    rules = {r["id"]: r for r in compiled["kurallar"]}
    questions = {q["id"]: q for q in compiled["sorular"]}
    out = dict(result)
    out["baslik"] = compiled["baslik"]
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
    return out


def render_text(report: dict) -> str:
    lines = [f"{report['kural_kumesi']} — {report['baslik']} (rehber dönemi {report['donem']})", ""]
    axes: dict[str, dict] = {}
    for item in report["sonuclar"]:
        lines.append(f"[{item['durum_metni']}] {item['baslik']}")
        if item["tutar_metni"]:
            lines.append(f"    {item['tutar_metni']}")
        for r in item["okuma_satirlari"]:
            lines.append(f"      · {r}")
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
    if report["basarili"]:
        lines.append("Sonuç: bütün koşullar karşılanıyor ve talep edilen her tutar sınırın içinde.")
    else:
        by_id = {i["id"]: i for i in report["sonuclar"]}
        lines.append(f"Sonuç: {len(report['basarisiz'])} sorun:")
        for rid in report["basarisiz"]:
            i = by_id[rid]
            why = "; ".join(i["okuma_satirlari"]) or i["tutar_metni"] or (
                "yanıtlanmayan: " + "; ".join(i["eksik_sorular"]) if i["eksik_sorular"] else "")
            lines.append(f"  - {rid}: {i['durum_metni']}" + (f" — {why}" if why else ""))
    return "\n".join(lines)
