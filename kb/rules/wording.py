"""The words and amounts shown for a verdict (the page, the CLI, the forms): the same texts
theme/assets/kb/rules-engine.js produces in the browser."""
from __future__ import annotations

from kb.rules.evaluation import kurus
from kb.rules.model import STATUS_LABELS


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


# ------------------------------------------------------------------ why a rule is not met
def show_number(x: float, unit: str | None = None) -> str:
    """A number as a Turkish reader writes it, with its unit: '%40', '17', '12 ay' (rules-engine.js showNumber)."""
    n = format_tl(x)[:-3]
    if unit == "%":
        return "%" + n
    if not unit or unit == "yaş":
        return n
    return f"{n} {UNIT_WORDS.get(unit, unit)}"


def _show_answer(q: dict | None, v) -> str:
    if isinstance(v, bool):
        return "“Evet”" if v else "“Hayır”"
    if q is not None and q["tip"] == "secim":
        return "“" + next((o["etiket"] for o in q["secenekler"] if o["deger"] == v), str(v)) + "”"
    if isinstance(v, (int, float)):
        return format_tl(v) if q is not None and q["tip"] == "tutar" else show_number(v, q.get("birim") if q else None)
    return "“" + str(v) + "”"


_BOUND = {"minimum": "en az {} olmalı", "maximum": "en fazla {} olabilir",
          "exclusiveMinimum": "{} değerinden büyük olmalı", "exclusiveMaximum": "{} değerinden küçük olmalı"}


def _schema_clauses(compiled: dict, rule: dict, answers: dict) -> list[str]:
    questions = {q["id"]: q for q in compiled["sorular"]}
    props = rule["sema"].get("properties", {})
    out = []
    for qid, cons in props.items():
        q = questions.get(qid)
        v = answers.get(qid)
        wants = []
        for kw, text in _BOUND.items():
            if kw in cons:
                shown = format_tl(cons[kw]) if q is not None and q["tip"] == "tutar" else show_number(cons[kw], q.get("birim") if q else None)
                wants.append(text.format(shown))
        if "const" in cons:
            wants.append(f"{_show_answer(q, cons['const'])} olmalı")
        if "enum" in cons:
            wants.append("şunlardan biri olmalı: " + ", ".join(_show_answer(q, x) for x in cons["enum"]))
        head = f"{q['etiket']} " if len(props) > 1 and q is not None else ""
        out.append(f"{head}yanıtınız {_show_answer(q, v)}; {' ve '.join(wants)}")
    return out


def fail_text(compiled: dict, rule: dict, res: dict, answers: dict, cite_label) -> str:
    """Why a rule is not met, from the rule data: what was entered, the limit, the cited passage
    (rules-engine.js failText). "" unless the rule is karsilanmiyor or belirsiz.

    'Yaş: yanıtınız 17; en az 18 olmalı (Rehber …)', 'Talep ettiğiniz 150.000 TL; en fazla
    125.000 TL olabilir (Rehber …)'. cite_label(cite) -> the passage label."""
    if res["durum"] not in ("karsilanmiyor", "belirsiz"):
        return ""
    cites = " (" + "; ".join(cite_label(c) for c in rule["kaynaklar"]) + ")"
    questions = {q["id"]: q for q in compiled["sorular"]}
    if rule["tur"] == "kosul":
        if "sema" in rule:
            body = "; ".join(_schema_clauses(compiled, rule, answers))
        else:
            given = [f"{questions[q]['etiket']} {_show_answer(questions[q], answers[q])}"
                     for q in rule["gerekli"] if q in questions and answers.get(q) is not None]
            body = ("yanıtlarınız: " + "; ".join(given) + " — " if given else "") + "yanıtlarınıza göre bu şart karşılanmıyor"
        if res["durum"] == "belirsiz":
            body += " (rehberin bir okumasına göre)"
        return f"{rule['baslik']}: {body}{cites}"
    talep = res.get("talep")
    least = rule.get("sinir") == "en_az"
    head = f"Katkınız {format_tl(talep)}" if least else f"Talep ettiğiniz {format_tl(talep)}"
    values = [d["deger"] for d in res["degerler"] if "deger" in d]
    if rule["tur"] == "desteklenmez":
        return f"{rule['baslik']}: {head}; bu gider desteklenmez, en fazla 0 TL olabilir{cites}"
    if rule.get("eger") and values and all(kurus(v) == 0 for v in values):  # ruled out by `eger`
        return f"{rule['baslik']}: {head}; bu durumda ödenmez, en fazla 0 TL olabilir{cites}"
    word = "en az {} olmalı" if least else "en fazla {} olabilir"
    if _same_amounts(values):
        limit = word.format(format_tl(values[0]))
    else:
        limit = "sınır okumaya göre değişir: " + "; ".join(
            f"{reading_label(compiled, d['okuma'])}: {word.format(format_tl(d['deger']))}" for d in res["degerler"])
    return f"{rule['baslik']}: {head}; {limit}{cites}"
