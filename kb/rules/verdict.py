"""The one overall verdict of an evaluation (``karar``), computed by the engine and nowhere else:
the CLI, the calculators, the budget forms and `generator.py validate` only show it.
theme/assets/kb/rules-engine.js ``verdict`` runs the same steps and builds the same sentence.

The rule (rules/README.md, "The verdict"):

* A budget line (``kalem``, ``desteklenmez``) is *requested* when its ``talep`` is answered with
  an amount above 0. A line not requested is not checked and never missing.
* What applies:
  - a condition (``kosul``) without ``istege_bagli``: always (unless ``eger`` says it does not);
  - an optional condition (``istege_bagli``): once one of the questions it reads is answered;
  - a line with a cap (``kalem``, ``desteklenmez``): when it is requested;
  - a line with a minimum (``kalem`` with ``sinir: en_az``, e.g. the own cash share): when its
    amount is answered, or when a line it is computed from is requested (the own cash share
    when capital support is requested);
  - a derived amount (``hesap``) and a rule that ``eger`` rules out: never decide anything.
* ``karsilanmiyor`` when any rule is ``karsilanmiyor`` or ``belirsiz`` (met under one reading
  but not under another is never green), listing those rules in ``basarisiz``;
* else ``eksik`` when a rule that applies is unanswered (its questions, and for a minimum line
  its own amount, go to ``eksik_sorular`` in question order), or when nothing was answered,
  or when nothing was checked at all (no condition met, no line requested): then
  ``eksik_sorular`` lists the amounts one could request (or every unanswered question);
* else ``karsilaniyor``.
"""
from __future__ import annotations


def _requested(data: dict, qid: str | None) -> bool:
    v = data.get(qid) if qid else None
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0


def _applies(rule: dict, res: dict, data: dict, rules: dict) -> bool:
    kind = rule["tur"]
    if kind == "hesap" or res["durum"] == "uygulanmaz":
        return False
    if kind == "kosul":
        return not rule.get("istege_bagli") or any(q in data for q in rule["gerekli"])
    if rule.get("sinir") == "en_az":
        tied = list(rule["gerekli"]) + [rules[d]["talep"] for d in rule["bagimli"] if rules[d].get("talep")]
        return rule["talep"] in data or any(_requested(data, q) for q in tied if q != rule["talep"])
    return _requested(data, rule.get("talep"))


def verdict(rs: dict, results: list[dict], data: dict, only: list[str] | None = None) -> dict:
    """``{durum, basarisiz, eksik_sorular, cumle}`` for the rule results of one evaluation.

    data: the answers the engine used (answered and usable). only: the rule ids that count (a
    budget form shows part of its rule set); None for all."""
    rules = {r["id"]: r for r in rs["kurallar"]}
    order = [q["id"] for q in rs["sorular"]]
    failed: list[str] = []
    missing: set[str] = set()
    checked_conditions = checked_lines = 0
    for res in results:
        rule = rules[res["id"]]
        if only is not None and rule["id"] not in only:
            continue
        status = res["durum"]
        if status in ("karsilanmiyor", "belirsiz"):
            failed.append(rule["id"])
            continue
        if not _applies(rule, res, data, rules):
            continue
        if status == "yanitlanmadi":
            missing.update(res["eksik"])
            if rule["tur"] == "kalem" and rule.get("talep") not in data:
                missing.add(rule["talep"])
        elif status == "karsilaniyor":
            if rule["tur"] == "kosul":
                checked_conditions += 1
            else:
                checked_lines += 1
    eksik = [q for q in order if q in missing and q not in data]
    if failed:
        durum = "karsilanmiyor"
    elif eksik or not data or not (checked_conditions or checked_lines):
        durum = "eksik"
        if not eksik:
            shown = [r for r in rs["kurallar"] if only is None or r["id"] in only]
            lines = {r["talep"] for r in shown if r["tur"] == "kalem" and r.get("sinir") != "en_az"}
            eksik = [q for q in order if q in lines and q not in data] or [q for q in order if q not in data]
    else:
        durum = "karsilaniyor"
    return {"durum": durum, "basarisiz": failed, "eksik_sorular": eksik,
            "cumle": sentence(rs, durum, failed, eksik, missing_count=len([q for q in order if q in missing and q not in data]),
                              conditions=checked_conditions, lines=checked_lines,
                              failed_kinds=[res["durum"] for res in results if res["id"] in failed])}


def sentence(rs: dict, durum: str, failed: list[str], eksik: list[str], missing_count: int,
             conditions: int, lines: int, failed_kinds: list[str]) -> str:
    """The one Turkish summary sentence of a verdict (rules-engine.js verdictSentence)."""
    titles = {r["id"]: r["baslik"] for r in rs["kurallar"]}
    if durum == "karsilanmiyor":
        not_met = [titles[i] for i, s in zip(failed, failed_kinds) if s == "karsilanmiyor"]
        unclear = [titles[i] for i, s in zip(failed, failed_kinds) if s == "belirsiz"]
        parts = []
        if not_met:
            parts.append("Karşılanmayan: " + "; ".join(not_met) + ".")
        if unclear:
            parts.append("Rehberin bir okumasına göre karşılanmayan: " + "; ".join(unclear) + ".")
        if missing_count:
            parts.append(f"Ayrıca {missing_count} soru yanıtlanmadı.")
        return " ".join(parts)
    if durum == "eksik":
        if missing_count:
            return f"Sonuç için {missing_count} soru daha yanıtlanmalı."
        return ("Henüz denetlenecek bir yanıt yok: sonuç için soruları yanıtlayın "
                "ya da talep ettiğiniz tutarları yazın.")
    if conditions and lines:
        return "Bütün şartlar karşılanıyor ve talep ettiğiniz her tutar rehberin sınırının içinde."
    if conditions:
        return "Bütün şartlar karşılanıyor."
    return "Talep ettiğiniz her tutar rehberin sınırının içinde."
