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
