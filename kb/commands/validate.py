"""`generator.py validate FORM_ID FILE.json`: check filled form data against the form's schema.

For a form with a `kurallar:` mapping (the budget forms), schema-valid data is then
evaluated with the mapped rule set (kb.forms.answers.rule_verdicts) and the engine's one
overall verdict (`karar`) is printed: every line over its cap, also under only one reading of
the guide (belirsiz: never green), is listed and the exit code is 1; a verdict that is eksik
(an amount that cannot be checked yet, or nothing requested) is printed as such — never as
"within the caps" — and does not make schema-valid data invalid.

Exit codes: 0 valid, 1 invalid (every error printed as `FILE:POINTER: message`; a draft saved
before the form was complete lists everything still missing), 2 unusable input: unknown form,
a file of another form (its `form` names it: said, with the command that checks it), unreadable file, far too large, not UTF-8, not JSON,
a duplicate key, NaN/Infinity, nesting deeper than the limit — never a traceback.
The schema used is the one derived from the form's definition as `check` and `build` derive it
(the build publishes it at schemas/forms/<id>.schema.json and embeds it in the form's page); for a
form that serves several guide periods, the schema of the period the data names (`donem`, or
`--donem`), else of the newest period — a period the form does not serve exits 2;
messages come from the shared catalogue in kb/content/messages.py. The browser applies the same
checks when a file is loaded (theme/assets/kb/forms-core.js: parseStrict).
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from kb.content.messages import DATA_LIMITS, file_message
from kb.common.problems import BuildError


class Unusable(Exception):
    pass


class _Duplicate(Exception):
    def __init__(self, key: str):
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise _Duplicate(k)
        out[k] = v
    return out


def _constant(name: str):
    raise Unusable(file_message("sayi", ayrinti=name))


def _depth(text: str) -> int:
    """Deepest nesting of [ and { outside strings (checked before parsing)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _finite(value: Any) -> None:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, float) and not math.isfinite(v):
            raise Unusable(file_message("sayi", ayrinti="çok büyük bir sayı"))
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


def parse_data(raw: bytes) -> Any:
    """Strictly parse form data; raises Unusable with a Turkish message."""
    limit = DATA_LIMITS["bayt"]
    if len(raw) > limit:
        raise Unusable(file_message("buyuk", boyut=len(raw), sinir=limit))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise Unusable(file_message("utf8", ayrinti=f"{line}. satırda, {exc.start}. baytta")) from None
    if text.startswith("\ufeff"):  # a byte order mark is tolerated, as browsers do
        text = text[1:]
    if not text.strip():
        raise Unusable(file_message("bos"))
    if _depth(text) > DATA_LIMITS["derinlik"]:
        raise Unusable(file_message("derin", sinir=DATA_LIMITS["derinlik"]))
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    except _Duplicate as exc:
        raise Unusable(file_message("yinelenen", anahtar=exc.key)) from None
    except json.JSONDecodeError as exc:
        raise Unusable(file_message("json", ayrinti=f"{exc.lineno}. satır, {exc.colno}. sütun: {_json_reason(exc.msg)}")) from None
    except RecursionError:
        raise Unusable(file_message("derin", sinir=DATA_LIMITS["derinlik"])) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise Unusable(file_message("sayi", ayrinti=str(exc)[:80])) from None
    _finite(data)
    return data


_REASONS = {
    "Expecting value": "değer bekleniyor",
    "Expecting property name enclosed in double quotes": "çift tırnak içinde bir alan adı bekleniyor",
    "Expecting ',' delimiter": "virgül bekleniyor",
    "Expecting ':' delimiter": "iki nokta üst üste bekleniyor",
    "Extra data": "JSON bittikten sonra fazladan metin var",
    "Unterminated string starting at": "kapanmamış tırnak",
    "Invalid control character at": "metin içinde geçersiz denetim karakteri",
    "Invalid \\escape": "geçersiz ters bölü dizisi",
}


def _json_reason(msg: str) -> str:
    for en, tr in _REASONS.items():
        if msg.startswith(en):
            return tr
    return msg


def choose_edition(form, data: Any, period: str | None, where: str):
    """The form's edition for the data: --donem, else the data's `donem`, else the newest period.
    (edition, problem or None); a period the form does not serve, or two that disagree, is unusable."""
    served = [p for p in form.editions if p]
    in_file = data.get("donem") if isinstance(data, dict) and served else None
    choices = ", ".join(served)
    if in_file is not None and in_file not in served:
        return form, (f"{where}: /donem: {json.dumps(in_file, ensure_ascii=False)} “{form.title}” formunun "
                      f"dönemlerinden biri değil — şunlardan birini yazın: {choices} (ya da satırı silin: en yeni dönem)")
    if period is not None and period not in served:
        return form, (f"--donem {period}: “{form.title}” formunun dönemlerinden biri değil — "
                      + (f"şunlardan birini yazın: {choices}" if served else "bu form bir rehber dönemine bağlı değil; --donem yazmayın"))
    if period is not None and in_file is not None and period != in_file:
        return form, f"{where}: /donem dosyada '{in_file}', komutta '{period}' — ikisini aynı yazın ya da birini silin"
    chosen = period or in_file
    return (form.editions[chosen] if chosen else form), None


def other_form(forms: dict, form, data: Any, where: str) -> str | None:
    """A file of another form (its `form` names another id): which one, and the command that checks it;
    the browser says the same when such a file is loaded (theme/assets/kb/parts/forms/events.js)."""
    named = data.get("form") if isinstance(data, dict) else None
    if not isinstance(named, str) or named == form.id:
        return None
    other = forms.get(named)
    if other is None:
        return (f"{where}: /form: bu dosya “{named}” kimlikli bir formun verisi; “{form.title}” ({form.id}) "
                f"formunun değil ve sitede bu kimlikte bir form yok — dosyayı ait olduğu formla denetleyin")
    return (f"{where}: /form: bu dosya “{other.title}” formunun ({named}) verisi; “{form.title}” ({form.id}) "
            f"formunun değil — şununla denetleyin: python generator.py validate {named} {where}")


def run_validate(root: Path, form_id: str, file: str, period: str | None = None) -> int:
    from kb.content.loader import load_knowledge_base
    from kb.forms.loader import load_forms
    from kb.forms.validation import validate_data

    try:
        kb = load_knowledge_base(root)
        forms = {f.id: f for f in load_forms(root, kb)}
    except BuildError as exc:
        for p in exc.problems.sorted():
            print(p, file=sys.stderr)
        print("Projenin içeriğinde ya da form tanımlarında sorun var; önce `python generator.py check` "
              "çalıştırıp düzeltin.", file=sys.stderr)
        return 2
    form = forms.get(form_id)
    if form is None:
        print(f"{form_id}: " + file_message("form_yok", ayrinti=form_id, sinir=", ".join(forms) or "(form yok)"),
              file=sys.stderr)
        return 2
    path = Path(file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        print(f"{file}: " + file_message("okunamadi", ayrinti=exc.strerror or type(exc).__name__), file=sys.stderr)
        return 2
    try:
        data = parse_data(raw)
    except Unusable as exc:
        print(f"{file}: {exc}", file=sys.stderr)
        return 2
    problem = other_form(forms, form, data, file)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    form, problem = choose_edition(form, data, period, file)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    errors = validate_data(form, data, json.loads(form.schema_file_text))  # the published text, parsed
    if not errors:
        which = f" (rehber dönemi {form.period})" if len(form.editions) > 1 else ""
        print(f"{file}: geçerli — “{form.title}” formunun şemasına uyuyor{which}.")
        return _rule_report(root, kb, form, data, file) if form.rules else 0
    for e in errors:
        print(f"{file}:{e['pointer'] or '(kök)'}: {e['message']}")
    print(f"{len(errors)} hata bulundu.", file=sys.stderr)
    return 1


def _rule_report(root: Path, kb, form, data: Any, file: str) -> int:
    """The mapped rule set's verdicts on schema-valid data, and the engine's one overall verdict
    (`karar`, counting only the rules the form shows). 1 when it is karsilanmiyor (a line over its
    cap, or over it under one reading of the guide); eksik (a requested line that cannot be
    checked yet, or nothing requested) is shown as such and never called "within the caps"."""
    from kb.commands.evaluate import VERDICT_WORDS, enrich
    from kb.forms.answers import rule_compiled, rule_verdicts
    from kb.site.sitemap import derive_site

    result = rule_verdicts(form, data, root, kb)
    compiled = rule_compiled(form, root, kb)
    report = enrich(compiled, result, kb, derive_site(kb), result["yanitlar"])
    karar = report["karar"]
    print(f"Kural denetimi ({report['kural_kumesi']}: {report['baslik']}):")
    for i in report["sonuclar"]:
        if i["id"] in karar["basarisiz"]:
            what = ("üst sınırı aşıyor (talep edilen tutarı sınıra indirin)" if i["durum"] == "karsilanmiyor"
                    else "rehberin bir okumasına göre üst sınırı aşıyor (tutarı her okumanın sınırına indirin ya da İŞKUR'a sorun)")
            print(f"{file}:kurallar/{i['id']}: “{i['baslik']}” {what}" + (f" — {i['tutar_metni']}" if i["tutar_metni"] else ""))
            if i.get("neden"):
                print(f"    {i['neden']}")
            for line in i["okuma_satirlari"]:
                print(f"    · {line}")
            print("    Kaynak: " + "; ".join(a["label"] for a in i["atiflar"]))
    for label in karar["eksik_etiketler"]:
        print(f"    yanıtlanmadı: {label}")
    print(f"{file}: sonuç ({VERDICT_WORDS[karar['durum']]}): {karar['cumle']}")
    if karar["durum"] != "karsilanmiyor":
        return 0
    print(f"{len(karar['basarisiz'])} kalem üst sınırı aşıyor.", file=sys.stderr)
    return 1
