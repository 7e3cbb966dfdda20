"""One Turkish message catalogue for JSON Schema errors.

Used for content files (`check`), for filled form data (`validate`, and — exported as
JSON — in the browser), so the same error reads the same everywhere. Messages are keyed
by the schema keyword; a form may override them per (JSON pointer, keyword).
"""
from __future__ import annotations

from typing import Any

from kb.content.yamlsource import describe_type

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
        return f"{_shown(inst)} çok küçük", f"en az {_shown(val)} olmalı", None
    if kw == "maximum":
        return f"{_shown(inst)} çok büyük", f"en fazla {_shown(val)} olmalı", None
    if kw == "exclusiveMinimum":
        return f"{_shown(inst)} çok küçük", f"{_shown(val)} değerinden büyük olmalı", None
    if kw == "format":
        return f"'{_short(inst)}' geçerli bir {val} değil", "biçimi düzeltin (tarih: YYYY-AA-GG)", None
    if kw == "propertyNames":
        return f"geçersiz anahtar adı: '{_short(inst)}'", "küçük harf, rakam ve _ ya da - kullanın", None
    if kw == "dependentRequired":
        return "birlikte yazılması gereken alanlardan biri eksik", f"gerekenler: {val}", None
    if kw == "minProperties":
        return "nesne boş", "en az bir alan yazın", None
    return f"geçersiz değer ({kw})", "değeri şemaya uygun yazın", None


# ------------------------------------------------------------------ filled form data
# The same words in the browser (theme/assets/kb/forms-core.js reads this catalogue,
# exported as JSON into every form page and as assets/kb/form-mesajlari.json) and on
# the command line (`generator.py validate`). A message is looked up by
# (JSON pointer, keyword): first the form's own text for that field (the definition's
# `hatalar`), then "keyword:field type", then "keyword". Placeholders: {etiket} the
# field's label, {sinir} the limit in the schema (an amount for `tutar` fields),
# {anahtar} the last key of the pointer, {anahtar_kelime} the JSON Schema keyword.
# Every message says what is wrong and how to fix it.

FORM_MESSAGES: dict[str, str] = {
    "required": "“{etiket}” alanını doldurun",
    "required:secim": "“{etiket}” için bir seçenek seçin",
    "required:evet_hayir": "“{etiket}” için Evet ya da Hayır seçin",
    "required:onay": "“{etiket}” kutusunu işaretleyin; bu beyan olmadan form tamamlanmaz",
    "required:coklu_secim": "“{etiket}” için en az bir seçenek işaretleyin",
    "required:tablo": "“{etiket}” eksik — en az bir satır ekleyin",
    "required:bolum": "“{etiket}” bölümü eksik — bu bölümün alanlarını doldurun",
    "required:form": "Dosyada form kimliği (“form”) yok — dosyayı bu sitenin formundan indirin",
    "minLength": "“{etiket}” alanını doldurun",
    "maxLength": "“{etiket}” en fazla {sinir} karakter olabilir — metni kısaltın",
    "type": "“{etiket}” için geçerli bir değer yazın",
    "type:tutar": "“{etiket}” bir tutar olmalı — yalnızca rakam yazın, örneğin 12.500 ya da 12.500,50",
    "type:metin": "“{etiket}” bir metin olmalı — değeri tırnak içinde yazın",
    "type:uzun_metin": "“{etiket}” bir metin olmalı — değeri tırnak içinde yazın",
    "type:tckn": "“{etiket}” bir metin olmalı — 11 haneli numarayı tırnak içinde yazın",
    "type:eposta": "“{etiket}” bir metin olmalı — e-posta adresini tırnak içinde yazın",
    "type:telefon": "“{etiket}” bir metin olmalı — numarayı tırnak içinde yazın",
    "type:tarih": "“{etiket}” bir tarih metni olmalı — YYYY-AA-GG biçiminde, tırnak içinde yazın, örneğin \"2026-06-15\"",
    "type:secim": "“{etiket}” seçeneklerden birinin kodu olmalı — seçeneği tırnak içinde yazın",
    "type:secenek": "“{etiket}” listesindeki her öğe bir seçenek kodu olmalı — seçeneği tırnak içinde yazın",
    "type:coklu_secim": "“{etiket}” bir seçenek listesi olmalı — köşeli parantez içinde yazın",
    "type:evet_hayir": "“{etiket}” true (evet) ya da false (hayır) olmalı",
    "type:isaret": "“{etiket}” true (işaretli) olmalı ya da hiç yazılmamalı",
    "type:onay": "“{etiket}” true (işaretli) olmalı",
    "type:kok": "Dosya bir form verisi değil — bu sitenin formundan indirilen JSON dosyasını kullanın",
    "type:bolum": "“{etiket}” bölümü alt alanları olan bir nesne olmalı — dosyayı bu sitenin formundan indirin",
    "type:tablo": "“{etiket}” bir satır listesi olmalı — dosyayı bu sitenin formundan indirin",
    "type:satir": "“{etiket}” alanları olan bir satır olmalı — dosyayı bu sitenin formundan indirin",
    "format:tckn": "“{etiket}” geçerli değil — 11 haneli T.C. kimlik numarasını eksiksiz ve doğru yazın",
    "format:tarih": "“{etiket}” geçerli bir tarih değil — GG.AA.YYYY biçiminde yazın, örneğin 15.06.2026",
    "format:eposta": "“{etiket}” geçerli değil — ad@alan.com biçiminde bir e-posta adresi yazın",
    "format:telefon": "“{etiket}” geçerli değil — alan koduyla birlikte 10 haneli numarayı yazın, örneğin 0232 123 45 67",
    "enum": "“{etiket}” için listedeki seçeneklerden birini seçin",
    "enum:secenek": "“{etiket}” listesinde bu formda olmayan bir seçenek var — listedeki seçeneklerden birini yazın",
    "const": "“{etiket}” geçerli değil — verilen seçeneği kullanın",
    "const:onay": "“{etiket}” kutusunu işaretleyin; bu beyan olmadan form tamamlanmaz",
    "const:form": "Bu dosya bu formun verisi değil — dosyayı ait olduğu formun sayfasında yükleyin",
    "not": "“{etiket}” bu seçimle birlikte kullanılamaz — seçimi değiştirin",
    "minimum": "“{etiket}” en az {sinir} olmalı",
    "minimum:tutar": "“{etiket}” eksi bir tutar olamaz — 0 ya da daha büyük bir tutar yazın",
    "maximum": "“{etiket}” en fazla {sinir} olabilir",
    "maximum:tutar": "“{etiket}” en fazla {sinir} olabilir — tutarı üst sınıra indirin",
    "minItems": "“{etiket}” için en az {sinir} seçenek işaretleyin",
    "minItems:tablo": "“{etiket}” için en az {sinir} satır ekleyin",
    "maxItems": "“{etiket}” için en fazla {sinir} seçenek işaretleyin",
    "maxItems:tablo": "“{etiket}” en fazla {sinir} satır olabilir — satırları birleştirin",
    "uniqueItems": "“{etiket}” içinde aynı seçenek iki kez var — tekrarı silin",
    "additionalProperties": "“{anahtar}” bu formda olmayan bir alan — alanı silin ya da adını düzeltin",
    "false": "“{anahtar}” burada kullanılamaz — alanı silin",
    "*": "“{etiket}” geçerli değil ({anahtar_kelime}) — değeri düzeltin",
}

# Problems with a file as a whole (before any schema check): `validate` exits with 2,
# the browser refuses to load the file. {boyut}, {sinir}, {ayrinti}, {anahtar} are filled in.
FILE_MESSAGES: dict[str, str] = {
    "okunamadi": "Dosya okunamadı ({ayrinti}) — dosya adını ve iznini denetleyin",
    "bos": "Dosya boş — bu sitenin formundan indirilen JSON dosyasını kullanın",
    "buyuk": "Dosya çok büyük ({boyut} bayt) — bir form verisi en fazla {sinir} bayt olabilir",
    "utf8": "Dosya UTF-8 kodlamasında değil ({ayrinti}) — dosyayı UTF-8 olarak kaydedin ya da formdan yeniden indirin",
    "json": "Dosya geçerli bir JSON değil ({ayrinti}) — dosyayı formdan yeniden indirin ya da yazımını düzeltin",
    "yinelenen": "“{anahtar}” anahtarı aynı nesnede iki kez yazılmış — birini silin",
    "derin": "Dosyada çok derin iç içe yapı var (en fazla {sinir} düzey olabilir) — bu bir form verisi değil",
    "sayi": "Dosyada geçersiz bir sayı var ({ayrinti}) — gerçek bir sayı yazın",
    "form_yok": "“{ayrinti}” adında bir form yok — şunlardan birini yazın: {sinir}",
}

# Limits shared by the command line and the browser.
DATA_LIMITS = {"bayt": 1_000_000, "derinlik": 32}

# Which message wins when one field has several errors (the page shows one per field;
# the command line lists them all in this order).
KEYWORD_ORDER = ["required", "type", "const", "enum", "not", "format", "minLength", "maxLength",
                 "minimum", "maximum", "minItems", "maxItems", "uniqueItems", "additionalProperties", "false"]


def _shown(value: Any) -> str:
    """A number in a message as a Turkish reader writes it (1000000000 -> 1.000.000.000, 2.5 -> 2,50);
    a huge or non-finite one as Python prints it (1e+308), anything else unchanged."""
    from kb.common.turkish import format_number

    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 1e15:
        return format_number(value)
    return str(value)


def format_limit(value: Any, kind: str | None) -> str:
    """The limit as the user reads it: 45000 -> '45.000 TL' for amounts, '200' otherwise."""
    from kb.common.turkish import format_number

    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    shown = format_number(value)
    return f"{shown} TL" if kind == "tutar" else shown


def pointer_pattern(pointer: str) -> str:
    """'/kurulus_destegi/kalemler/2/talep_edilen' -> '/kurulus_destegi/kalemler/*/talep_edilen'."""
    return "/".join("*" if _is_index(seg) else seg for seg in pointer.split("/"))


def _is_index(seg: str) -> bool:
    return seg != "" and all("0" <= ch <= "9" for ch in seg)


def form_message(catalogue: dict, pointer: str, keyword: str, limit: Any = None) -> str:
    """The Turkish message for one error. Mirrored line by line in forms-core.js (messageFor)."""
    fields = catalogue.get("alanlar", {})
    entry = fields.get(pointer_pattern(pointer))
    segments = pointer.split("/")[1:]
    key = segments[-1] if segments else ""
    kind = entry.get("tur") if entry else None
    label = entry.get("etiket") if entry else key or "Form verisi"
    if entry and entry.get("satir"):
        rows = [int(s) + 1 for s in segments if _is_index(s)]
        if rows:
            label = f"{entry['satir']}, {rows[-1]}. {entry.get('satir_adi', 'satır')}: {label}"
    own = (entry or {}).get("hatalar", {})
    general = catalogue.get("genel", FORM_MESSAGES)
    text = own.get(keyword) or (general.get(f"{keyword}:{kind}") if kind else None) or general.get(keyword) or general["*"]
    return (text.replace("{etiket}", label).replace("{sinir}", format_limit(limit, kind))
            .replace("{anahtar}", key).replace("{anahtar_kelime}", keyword))


def file_message(code: str, **values: Any) -> str:
    text = FILE_MESSAGES[code]
    for k, v in values.items():
        text = text.replace("{" + k + "}", str(v))
    return text


def catalogue_json(forms: dict[str, dict] | None = None) -> dict:
    """The catalogue as exported for the browser: general texts, file texts, limits, forms."""
    return {"genel": FORM_MESSAGES, "dosya": FILE_MESSAGES, "sinirlar": DATA_LIMITS,
            "sira": KEYWORD_ORDER, "formlar": forms or {}}
