"""The format of a form definition (forms/<id>.yaml): the field types and the other constants
that say what a type means, DEFINITION_SCHEMA (JSON Schema of a definition) and the check every
definition passes before it is compiled (DEFINITION_CHECK).

Everything the check's verdict depends on lives in this module (besides the kb modules that
kb/content/filecache.py's fingerprint covers): DEFINITION_CHECK names this file as its source,
so that editing it invalidates the per-file cache. Keep it free of kb.forms imports; if the
check ever uses code from another module, add that module's file to `sources`.
"""
from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from kb.content import filecache, messages, yamlsource
from kb.common.problems import ProblemList

DRAFT = "https://json-schema.org/draft/2020-12/schema"

TEXT_TYPES = {"metin": 200, "uzun_metin": 5000}
FIELD_TYPES = ["metin", "uzun_metin", "tckn", "eposta", "telefon", "tarih", "secim", "coklu_secim",
               "evet_hayir", "isaret", "onay", "tutar", "tablo"]
CHOICE_TYPES = {"secim", "evet_hayir", "isaret"}  # fields a condition may depend on
DEFAULT_MAX_ROWS = 50
ERROR_KEYWORDS = ["required", "type", "const", "enum", "not", "format", "minLength", "maxLength",
                  "minimum", "maximum", "minItems", "maxItems", "uniqueItems"]
FORMAT_OF = {"tckn": "tckn", "eposta": "email", "telefon": "telefon", "tarih": "date"}
AUTOCOMPLETE = {"tckn": "off", "eposta": "email", "telefon": "tel"}


# ------------------------------------------------------------------ definition schema
_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 1}
_CITES = {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[a-z0-9-]+:[A-Za-z0-9_çğıöşüÇĞİÖŞÜ]+$"}}
_PATH = {"type": "string", "pattern": "^[a-z][a-z0-9_]*/[a-z][a-z0-9_]*$"}
_VALUES = {"type": "array", "minItems": 1, "items": {"type": ["string", "boolean"]}}
_COND = {"type": "object", "additionalProperties": False, "required": ["alan", "deger"],
         "properties": {"alan": _PATH, "deger": _VALUES}}
_ROW_COND = {"type": "object", "additionalProperties": False, "required": ["sutun", "deger"],
             "properties": {"sutun": _ID, "deger": _VALUES}}
_ANSWER = {"type": "object", "additionalProperties": False, "minProperties": 1,
           "properties": {"tablo": _PATH, "topla": {"type": "array", "minItems": 1, "items": _ID},
                          "satir_kosulu": _ROW_COND, "alan": _PATH, "sabit": {"type": "number"}}}
_RULES = {"type": "object", "additionalProperties": False, "required": ["kural_kumesi", "yanitlar"],
          "properties": {"kural_kumesi": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
                         "goster": {"type": "array", "minItems": 1, "items": _ID},
                         "yanitlar": {"type": "object", "minProperties": 1, "propertyNames": _ID,
                                      "additionalProperties": _ANSWER}}}
DEFINITION_SCHEMA = {
    "$schema": DRAFT,
    "type": "object", "additionalProperties": False,
    "required": ["form", "baslik", "kisa_aciklama", "sira", "resmi_degil", "dayanak", "bolumler"],
    "properties": {
        "form": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
        "baslik": _TEXT, "kisa_aciklama": _TEXT, "kime": _TEXT,
        "sira": {"type": "integer", "minimum": 1},
        "donem": {"type": "string", "minLength": 1},  # "2020/1", or her_donem (kb/forms/periods.py)
        "resmi_degil": _TEXT,
        "dayanak": _CITES,
        "giris": {"type": "array", "items": _TEXT},
        "uyarilar": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                                "required": ["metin", "kaynak"],
                                                "properties": {"metin": _TEXT, "kaynak": _CITES}}},
        "bilgilendirme": {"type": "object", "additionalProperties": False, "required": ["baslik", "kaynak"],
                          "properties": {"baslik": _TEXT, "giris": _TEXT, "kaynak": _CITES}},
        "bolumler": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/bolum"}},
        "imza_satirlari": {"type": "array", "items": _TEXT},
        "toplamlar": {"type": "boolean"},
        "sinir_notlari": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                                     "required": ["metin", "kaynak"],
                                                     "properties": {"metin": _TEXT, "kaynak": _CITES}}},
        "kurallar": _RULES,
    },
    "$defs": {
        "bolum": {"type": "object", "additionalProperties": False, "required": ["kimlik", "baslik", "alanlar"],
                  "properties": {"kimlik": _ID, "baslik": _TEXT, "aciklama": _TEXT, "alinti": _CITES,
                                 "kosul": _COND, "alanlar": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/alan"}}}},
        "alan": {
            "type": "object", "additionalProperties": False, "required": ["kimlik", "tur", "etiket", "kaynak"],
            "properties": {
                "kimlik": _ID, "tur": {"enum": FIELD_TYPES}, "etiket": _TEXT, "ipucu": _TEXT,
                "zorunlu": {"type": "boolean"}, "kaynak": _CITES,
                "en_fazla_karakter": {"type": "integer", "minimum": 1, "maximum": 20000},
                "secenekler": {"type": "array", "minItems": 2, "items": {
                    "type": "object", "additionalProperties": False, "required": ["deger", "etiket"],
                    "properties": {"deger": {"type": "string", "pattern": "^[a-z0-9_]+$"}, "etiket": _TEXT,
                                   "ipucu": _TEXT, "kaynak": _CITES}}},
                "secenekler_parametreden": {"type": "string"},
                # the attribute (content/nitelikler.yaml) the answer names: {sektor: {evet: A, hayir: B}}
                # on an evet_hayir field, {sektor: null} on a secim field whose values are its options
                "nitelik": {"type": "object", "minProperties": 1, "maxProperties": 1, "propertyNames": _ID,
                            "additionalProperties": {"type": ["object", "null"], "additionalProperties": False,
                                                     "required": ["evet", "hayir"],
                                                     "properties": {"evet": _TEXT, "hayir": _TEXT}}},
                "kosul": _COND,
                "ust_sinirlar": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False, "required": ["carpanlar"],
                    "properties": {
                        "carpanlar": {"type": "array", "minItems": 1, "items": {
                            "type": "object", "additionalProperties": False, "required": ["parametre"],
                            "properties": {"parametre": {"type": "string"}, "donem_alani": _PATH}}},
                        "kosul": _COND,
                        "satir_kosulu": _ROW_COND,
                        "aciklama": _TEXT}}},
                "hatalar": {"type": "object", "propertyNames": {"enum": ERROR_KEYWORDS},
                            "additionalProperties": _TEXT},
                "sutunlar": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/alan"}},
                "en_fazla_satir": {"type": "integer", "minimum": 1, "maximum": 500},
                "satir_adi": _TEXT, "ekle_dugmesi": _TEXT,
                "otomatik_tamamlama": {"type": "string", "pattern": "^[a-z -]+$"},
            },
        },
    },
}


@lru_cache(maxsize=1)
def _definition_validator() -> Draft202012Validator:
    return Draft202012Validator(DEFINITION_SCHEMA)


def _check_definition(doc: yamlsource.Document, problems: ProblemList) -> bool:
    """Validate one definition against DEFINITION_SCHEMA: one problem per error, at its value or key;
    an unknown field type ('tur') gets its own message and the closest type. True when valid."""
    ok = True
    for error in sorted(_definition_validator().iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        ok = False
        path = tuple(error.absolute_path)
        message, fix, at_key = messages.schema_error_text(error)
        if error.validator == "enum" and path and path[-1] == "tur":
            close = difflib.get_close_matches(str(error.instance), FIELD_TYPES, n=1)
            message = f"bilinmeyen alan türü: '{error.instance}'"
            fix = (f"bunu mu demek istediniz: {close[0]}; " if close else "") + "geçerli türler: " + ", ".join(FIELD_TYPES)
        pos = doc.key_pos(path + (at_key,)) if at_key is not None else doc.pos(path)
        problems.add(doc.path, pos, message, fix)
    return ok


# Parsing a definition and _check_definition depend only on its bytes and on this module:
# kb/content/filecache.py keeps their result per file (build/cache/forms.pickle); editing this
# file (or the schema) means a miss.
DEFINITION_CHECK = filecache.Validation(_check_definition, sources=(Path(__file__),),
                                        data=(DEFINITION_SCHEMA, FIELD_TYPES))


def forms_cache_file(root: Path) -> Path:
    return root / "build" / "cache" / "forms.pickle"
