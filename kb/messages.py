"""One Turkish message catalogue for JSON Schema errors.

Used for content files (`check`), for filled form data (`validate`, and — exported as
JSON — in the browser), so the same error reads the same everywhere. Messages are keyed
by the schema keyword; a form may override them per (JSON pointer, keyword).
"""
from __future__ import annotations

from typing import Any

from .yamlsource import describe_type

TYPE_NAMES = {
    "string": "metin",
    "integer": "tam sayı",
    "number": "sayı",
    "boolean": "evet/hayır (true/false)",
    "array": "liste",
    "object": "nesne (alt alanları olan bir değer)",
    "null": "boş değer",
}


def _types(t: Any) -> str:
    if isinstance(t, list):
        return " ya da ".join(TYPE_NAMES.get(x, x) for x in t)
    return TYPE_NAMES.get(t, str(t))


def _short(v: Any, n: int = 40) -> str:
    s = str(v)
    return s if len(s) <= n else s[: n - 1] + "…"


def schema_error_text(error) -> tuple[str, str, str | None]:
    """Return (message, how to fix, key the error is about or None)."""
    kw = error.validator
    val = error.validator_value
    inst = error.instance
    if kw == "required":
        missing = [k for k in val if isinstance(inst, dict) and k not in inst]
        names = ", ".join(f"'{k}'" for k in missing) or "bir alan"
        return f"zorunlu alan eksik: {names}", f"{names} alanını ekleyin", None
    if kw == "additionalProperties" and isinstance(inst, dict):
        allowed = set(error.schema.get("properties", {}))
        import re

        patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
        extra = sorted(str(k) for k in inst if k not in allowed and not any(p.search(str(k)) for p in patterns))
        key = extra[0] if extra else None
        known = ", ".join(sorted(allowed)) if allowed else "yok"
        return (f"bilinmeyen alan: '{key}'", f"yazımını denetleyin; bu nesnede geçerli alanlar: {known}", key)
    if kw == "type":
        return (f"{describe_type(inst)} yazılmış, {_types(val)} bekleniyor",
                f"değeri {_types(val)} olarak yazın", None)
    if kw == "enum":
        opts = ", ".join(str(v) for v in val)
        return f"'{_short(inst)}' geçerli bir seçenek değil", f"şunlardan birini yazın: {opts}", None
    if kw == "const":
        return f"'{_short(inst)}' yazılmış, '{val}' bekleniyor", f"'{val}' yazın", None
    if kw == "pattern":
        return f"'{_short(inst)}' beklenen biçimde değil", f"biçim: {val}", None
    if kw == "minLength":
        return "boş metin", "metni yazın ya da alanı silin", None
    if kw == "maxLength":
        return f"metin çok uzun ({len(inst)} karakter)", f"en fazla {val} karakter yazın", None
    if kw == "minItems":
        return "liste boş ya da kısa", f"en az {val} öğe yazın", None
    if kw == "maxItems":
        return "listede çok fazla öğe var", f"en fazla {val} öğe yazın", None
    if kw == "uniqueItems":
        return "listede aynı öğe iki kez var", "tekrarı silin", None
    if kw == "minimum":
        return f"{inst} çok küçük", f"en az {val} olmalı", None
    if kw == "maximum":
        return f"{inst} çok büyük", f"en fazla {val} olmalı", None
    if kw == "exclusiveMinimum":
        return f"{inst} çok küçük", f"{val} değerinden büyük olmalı", None
    if kw == "format":
        return f"'{_short(inst)}' geçerli bir {val} değil", "biçimi düzeltin (tarih: YYYY-AA-GG)", None
    if kw == "propertyNames":
        return f"geçersiz anahtar adı: '{_short(inst)}'", "küçük harf, rakam ve _ ya da - kullanın", None
    if kw == "dependentRequired":
        return "birlikte yazılması gereken alanlardan biri eksik", f"gerekenler: {val}", None
    if kw == "minProperties":
        return "nesne boş", "en az bir alan yazın", None
    return f"geçersiz değer ({kw})", "değeri şemaya uygun yazın", None
