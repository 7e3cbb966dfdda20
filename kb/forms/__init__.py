"""Fillable forms: definitions (forms/*.yaml) -> JSON Schema + accessible pages.

A form is data. `forms/<id>.yaml` says what is asked (sections, fields, hints, order,
the citation of every field rule); the JSON Schema (draft 2020-12) of the data the form
produces is the one contract, used by the browser, by `generator.py validate` and by
anyone who receives the data.

Decision: the schemas are GENERATED from the definitions and the parameters
(kb.params: caps such as the kuruluş desteği upper limit are never typed) and committed
as schemas/forms/<id>.schema.json, so that they are readable, diffable and published at
a stable URL (`$id` = site_url + "schemas/forms/<id>.schema.json"). `generator.py check`
regenerates them in memory and reports every committed file that differs, pointing at
the line of the definition the difference comes from; `python -m kb.forms --yaz`
rewrites them. The build refuses to publish a schema that differs.

Custom formats, implemented identically here and in theme/assets/kb/forms-core.js:
"tckn" (T.C. kimlik numarası with both check digits), "telefon" (Turkish number),
and our own strict "date" (YYYY-MM-DD, a real calendar day) and "email". Dates are
shown as GG.AA.YYYY on screen and stored as ISO YYYY-MM-DD in the data.

Error messages come from kb/messages.py (FORM_MESSAGES + each field's `hatalar`), keyed
by JSON pointer and keyword; the same catalogue is embedded in every form page.

Rules seam (for kb/rules.py, "Rules as data"): JSON Schema checks what one value may be
(types, required, non-negative, caps per line). Sums and ratios across lines (total
kuruluş desteği, the 60 % of operating costs, 10 % for accessibility works) are rules.
Every form page has an empty region `<section data-kb-kural-alani="<form id>" hidden>`
and the page fires `kb-form:degisti` (detail: {form, data, errors}) on the <form>
element after every change and `kb-form:denetlendi` after every submit; a rules script
can listen, evaluate, write its verdicts into that region and unhide it.

A form may name a rule set in a `kurallar:` block (the budget forms): `kural_kumesi`, the
rules shown (`goster`) and, per answer key of the rule set, how it comes from the data
(`{tablo: S/T, topla: [columns], satir_kosulu?}`, `{alan: S/F}` or `{sabit: N}`). The
loader checks it against the rule set and the form (file:line problems); `mapped_answers`
here and `ruleAnswers` in theme/assets/kb/forms.js compute the answers the same way;
forms.js shows the verdicts in the region and `generator.py validate` lists them.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from kb.content import filecache, messages, yamlsource
from kb.content.model import KnowledgeBase
from kb.common.problems import BuildError, ProblemList
from kb.site.sitemap import site_url
from kb.common.turkish import format_value
from kb.common.paths import ROOT
from kb.site.vendor import cfworker_assets

DRAFT = "https://json-schema.org/draft/2020-12/schema"
NAV = ("Formlar",)
ORDER = 41
REGENERATE = "şemayı tanımdan yeniden üretin: .venv/bin/python -m kb.forms --yaz"

TEXT_TYPES = {"metin": 200, "uzun_metin": 5000}
FIELD_TYPES = ["metin", "uzun_metin", "tckn", "eposta", "telefon", "tarih", "secim", "coklu_secim",
               "evet_hayir", "isaret", "onay", "tutar", "tablo"]
CHOICE_TYPES = {"secim", "evet_hayir", "isaret"}  # fields a condition may depend on
DEFAULT_MAX_ROWS = 50
ERROR_KEYWORDS = ["required", "type", "const", "enum", "not", "format", "minLength", "maxLength",
                  "minimum", "maximum", "minItems", "maxItems", "uniqueItems"]
FORMAT_OF = {"tckn": "tckn", "eposta": "email", "telefon": "telefon", "tarih": "date"}
AUTOCOMPLETE = {"tckn": "off", "eposta": "email", "telefon": "tel"}


# ------------------------------------------------------------------ formats
def is_tckn(value: Any) -> bool:
    """11 digits, not starting with 0; digit 10 and 11 are the official check digits."""
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"[1-9][0-9]{10}", value):
        return False
    d = [int(c) for c in value]
    if ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10 != d[9]:
        return False
    return sum(d[:10]) % 10 == d[10]


def is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        return False
    return True


def is_email(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    return len(value) <= 254 and re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", value) is not None


def is_phone(value: Any) -> bool:
    """A Turkish number with area code: 0232 123 45 67, +90 532 123 45 67, (0232) 1234567."""
    if not isinstance(value, str):
        return True
    digits = re.sub(r"[ ()-]", "", value)
    return re.fullmatch(r"(\+90|0)?[2-9][0-9]{9}", digits) is not None


FORMATS = {"tckn": is_tckn, "date": is_date, "email": is_email, "telefon": is_phone}


def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, fn in FORMATS.items():
        checker.checks(name)(fn)
    return checker


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
        "donem": {"type": "string"},
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
# kb/filecache.py keeps their result per file (build/cache/forms.pickle); editing this file
# (or the schema) means a miss.
DEFINITION_CHECK = filecache.Validation(_check_definition, sources=(Path(__file__),),
                                        data=(DEFINITION_SCHEMA, FIELD_TYPES))


def forms_cache_file(root: Path) -> Path:
    return root / "build" / "cache" / "forms.pickle"


# ------------------------------------------------------------------ model
@dataclass
class Field:
    id: str
    type: str
    label: str
    cites: list[str]
    required: bool = False
    hint: str = ""
    max_chars: int | None = None
    options: list[dict] = field(default_factory=list)  # {deger, etiket, ipucu?, kaynak?}
    options_param: str = ""
    cond: dict | None = None
    caps: list[dict] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    columns: list["Field"] = field(default_factory=list)
    max_rows: int = DEFAULT_MAX_ROWS
    row_name: str = "satır"
    add_label: str = ""
    autocomplete: str = ""
    path: tuple = ()  # YAML path, for positions
    section: str = ""
    table: "Field | None" = None  # for columns: the table they belong to

    @property
    def pointer(self) -> str:
        if self.table is not None:
            return f"{self.table.pointer}/*/{self.id}"
        return f"/{self.section}/{self.id}"


@dataclass
class Section:
    id: str
    title: str
    fields: list[Field]
    text: str = ""
    quotes: list[str] = field(default_factory=list)
    cond: dict | None = None
    path: tuple = ()


@dataclass
class FormDef:
    id: str
    title: str
    summary: str
    order: int
    not_official: str
    basis: list[str]
    sections: list[Section]
    file: str
    doc: yamlsource.Document
    audience: str = ""
    period: str | None = None
    intro: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    notice: dict | None = None
    signature: list[str] = field(default_factory=list)
    totals: bool = False
    cap_notes: list[dict] = field(default_factory=list)
    schema: dict = field(default_factory=dict)
    catalogue: dict = field(default_factory=dict)
    schema_file: str = ""
    rules: dict | None = None  # the `kurallar:` block: rule set, rules shown, answer mapping

    @cached_property
    def schema_file_text(self) -> str:
        """schema_text(self.schema): what schema_file must hold. Made once per loaded form (the check
        and the pages both compare the file with it); `schema` is complete when it is first used."""
        return schema_text(self.schema)

    def field(self, path: str) -> Field | None:
        sec_id, _, fid = path.partition("/")
        for s in self.sections:
            if s.id == sec_id:
                for f in s.fields:
                    if f.id == fid:
                        return f
        return None

    def all_fields(self):
        for s in self.sections:
            for f in s.fields:
                yield f
                yield from f.columns


# ------------------------------------------------------------------ loading
class _Loader:
    def __init__(self, root: Path, kb: KnowledgeBase, cache: bool = True):
        self.root = root
        self.kb = kb
        self.problems = ProblemList()
        # parse + DEFINITION_SCHEMA results of unchanged definitions come from build/cache/
        self.cache = filecache.FileCache(forms_cache_file(root) if cache else None)

    def add(self, doc: yamlsource.Document, path: tuple, message: str, fix: str = "") -> None:
        self.problems.add(doc.path, doc.pos(path), message, fix)

    def load(self, compare_files: bool = True) -> list[FormDef]:
        folder = self.root / "forms"
        if not folder.is_dir():
            return []
        forms = []
        for file in sorted(folder.iterdir()):
            shown = file.relative_to(self.root).as_posix()
            if file.name.startswith(".") or file.is_dir() or file.name == "README.md":
                continue
            if file.suffix != ".yaml":
                self.problems.add(shown, None, "forms/ klasöründe beklenmeyen dosya",
                                  "form tanımları .yaml uzantılı olmalı; dosyayı taşıyın ya da silin")
                continue
            doc, valid = self.cache.read(file, shown, DEFINITION_CHECK, self.problems)
            if doc is None or not valid:
                continue
            f = self._form(doc, file.stem)
            if f is not None:
                forms.append(f)
        self.cache.save()
        seen: dict[str, str] = {}
        for f in forms:
            if f.id in seen:
                self.add(f.doc, ("form",), f"'{f.id}' formu iki kez tanımlı (ilki {seen[f.id]})", "birini silin")
            seen[f.id] = f.file
        if not self.problems:
            base_url = site_url(self.root) if forms else ""
            for f in forms:
                f.schema = build_schema(f, self.kb, base_url)
                f.catalogue = build_catalogue(f)
            if compare_files:
                self._check_schema_files(forms)
        return sorted(forms, key=lambda f: (f.order, f.id))

    def _cites(self, doc, path: tuple, cites: list[str]) -> None:
        for i, c in enumerate(cites):
            if c not in self.kb.nodes:
                close = difflib.get_close_matches(c, list(self.kb.nodes), n=1, cutoff=0.75)
                self.add(doc, path + (i,), f"atıf bulunamadı: '{c}'",
                         f"bunu mu demek istediniz: {close[0]}" if close else
                         "var olan bir düğümün atfını yazın (belge:kimlik, bkz. content/README.md)")

    def _markup(self, doc, path: tuple, text: str) -> None:
        """Only {p:ID} (a parameter's value, formatted) is allowed in form texts."""
        from kb.content.loader import ANY_BRACE_RE, MARKUP_RE

        for m in MARKUP_RE.finditer(text):
            if m.group(1) != "p":
                self.add(doc, path, f"form metinlerinde yalnızca {{p:…}} kullanılır: '{m.group(0)}'",
                         "bağlantıyı kaldırın; atıfları 'kaynak' listesine yazın")
            elif m.group(2).strip() not in self.kb.params:
                close = difflib.get_close_matches(m.group(2).strip(), list(self.kb.params), n=1)
                self.add(doc, path, f"parametre bulunamadı: '{m.group(2).strip()}'",
                         f"bunu mu demek istediniz: {close[0]}" if close else "content/parametreler/ içindeki bir kimliği yazın")
        if ANY_BRACE_RE.search(MARKUP_RE.sub("", text)):
            self.add(doc, path, "metinde eşi olmayan ya da bozuk bir süslü parantez var",
                     "parametreyi {p:kimlik} biçiminde yazın")

    def _form(self, doc: yamlsource.Document, stem: str) -> FormDef | None:
        d = doc.data
        before = len(self.problems)
        if d["form"] != stem:
            self.add(doc, ("form",), f"form kimliği '{d['form']}' dosya adıyla ('{stem}') aynı değil",
                     f"kimliği '{stem}' yapın ya da dosyayı '{d['form']}.yaml' olarak adlandırın")
        self._cites(doc, ("dayanak",), d["dayanak"])
        for i, w in enumerate(d.get("uyarilar", [])):
            self._cites(doc, ("uyarilar", i, "kaynak"), w["kaynak"])
        for i, w in enumerate(d.get("sinir_notlari", [])):
            self._cites(doc, ("sinir_notlari", i, "kaynak"), w["kaynak"])
        if "bilgilendirme" in d:
            self._cites(doc, ("bilgilendirme", "kaynak"), d["bilgilendirme"]["kaynak"])
        texts = [(("giris", i), t) for i, t in enumerate(d.get("giris", []))]
        texts += [((key, i, "metin"), w["metin"]) for key in ("uyarilar", "sinir_notlari") for i, w in enumerate(d.get(key, []))]
        for path, text in texts:
            self._markup(doc, path, text)
        period = d.get("donem")
        if period is not None and not any(g.period == period for g in self.kb.guides()):
            self.add(doc, ("donem",), f"'{period}' döneminin rehberi yok",
                     "var olan bir dönem yazın: " + ", ".join(g.period for g in self.kb.guides()))
        form = FormDef(id=d["form"], title=d["baslik"], summary=d["kisa_aciklama"], order=d["sira"],
                       not_official=d["resmi_degil"], basis=d["dayanak"], sections=[], file=doc.path, doc=doc,
                       audience=d.get("kime", ""), period=period, intro=d.get("giris", []),
                       warnings=d.get("uyarilar", []), notice=d.get("bilgilendirme"),
                       signature=d.get("imza_satirlari", []), totals=d.get("toplamlar", False),
                       cap_notes=d.get("sinir_notlari", []), rules=d.get("kurallar"),
                       schema_file=f"schemas/forms/{d['form']}.schema.json")
        ids: dict[str, tuple] = {}
        for si, s in enumerate(d["bolumler"]):
            path = ("bolumler", si)
            if s["kimlik"] == "form":
                self.add(doc, path + ("kimlik",), "'form' bölüm kimliği olarak kullanılamaz",
                         "başka bir kimlik seçin; 'form' verideki form kimliğinin adıdır")
            if s["kimlik"] in ids:
                self.add(doc, path + ("kimlik",), f"'{s['kimlik']}' bölüm kimliği iki kez kullanılmış",
                         "her bölüme ayrı bir kimlik verin")
            ids[s["kimlik"]] = path
            self._cites(doc, path + ("alinti",), s.get("alinti", []))
            sec = Section(id=s["kimlik"], title=s["baslik"], fields=[], text=s.get("aciklama", ""),
                          quotes=s.get("alinti", []), cond=s.get("kosul"), path=path)
            sec.fields = self._fields(doc, form, sec, s["alanlar"], path + ("alanlar",), None)
            form.sections.append(sec)
        if len(self.problems) == before:
            self._check_references(form)
        if len(self.problems) == before and form.rules is not None:
            self._check_rules(form)
        return form if len(self.problems) == before else None

    def _fields(self, doc, form: FormDef, sec: Section, raw: list, path: tuple, table: Field | None) -> list[Field]:
        out = []
        seen: set[str] = set()
        for i, a in enumerate(raw):
            p = path + (i,)
            t = a["tur"]
            if a["kimlik"] in seen:
                self.add(doc, p + ("kimlik",), f"'{a['kimlik']}' alan kimliği bu bölümde iki kez kullanılmış",
                         "her alana ayrı bir kimlik verin")
            seen.add(a["kimlik"])
            self._cites(doc, p + ("kaynak",), a["kaynak"])
            f = Field(id=a["kimlik"], type=t, label=a["etiket"], cites=a["kaynak"], required=a.get("zorunlu", False),
                      hint=a.get("ipucu", ""), max_chars=a.get("en_fazla_karakter"),
                      options=a.get("secenekler", []), options_param=a.get("secenekler_parametreden", ""),
                      cond=a.get("kosul"), caps=a.get("ust_sinirlar", []),
                      errors=a.get("hatalar", {}), max_rows=a.get("en_fazla_satir", DEFAULT_MAX_ROWS),
                      row_name=a.get("satir_adi", "satır"), add_label=a.get("ekle_dugmesi", ""),
                      autocomplete=a.get("otomatik_tamamlama", ""), path=p, section=sec.id, table=table)

            def wrong(key: str, why: str, fix: str) -> None:
                self.add(doc, p + (key,), why, fix)

            if "en_fazla_karakter" in a and t not in TEXT_TYPES:
                wrong("en_fazla_karakter", f"'en_fazla_karakter' yalnızca metin alanlarında kullanılır, bu alan '{t}'", "satırı silin")
            if t in ("secim", "coklu_secim"):
                if not f.options and not f.options_param:
                    self.add(doc, p + ("tur",), f"'{t}' türündeki alanın seçenekleri yok",
                             "'secenekler' listesi ekleyin")
                if f.options_param and t != "secim":
                    wrong("secenekler_parametreden", "'secenekler_parametreden' yalnızca 'secim' alanlarında kullanılır", "satırı silin")
                if f.options_param and f.options:
                    wrong("secenekler", "hem 'secenekler' hem 'secenekler_parametreden' yazılmış", "birini silin")
                values = [o["deger"] for o in f.options]
                for j, v in enumerate(values):
                    if v in values[:j]:
                        self.add(doc, p + ("secenekler", j, "deger"), f"'{v}' seçeneği iki kez var", "birini silin")
                for j, o in enumerate(f.options):
                    self._cites(doc, p + ("secenekler", j, "kaynak"), o.get("kaynak", []))
            else:
                for key in ("secenekler", "secenekler_parametreden"):
                    if key in a:
                        wrong(key, f"'{key}' yalnızca seçim alanlarında kullanılır, bu alan '{t}'", "satırı silin")
            if f.options_param:
                param = self.kb.params.get(f.options_param)
                if param is None:
                    wrong("secenekler_parametreden", f"parametre bulunamadı: '{f.options_param}'",
                          "content/parametreler/ içindeki bir parametre kimliğini yazın")
                else:
                    f.options = [_period_option(param, v) for v in param.values]
            if t == "tablo":
                if not a.get("sutunlar"):
                    self.add(doc, p + ("tur",), "'tablo' türündeki alanın sütunları yok", "'sutunlar' listesi ekleyin")
                elif table is not None:
                    self.add(doc, p + ("tur",), "tablo içinde tablo olamaz", "sütunun türünü değiştirin")
                else:
                    f.columns = self._fields(doc, form, sec, a["sutunlar"], p + ("sutunlar",), f)
            else:
                for key in ("sutunlar", "en_fazla_satir", "satir_adi", "ekle_dugmesi"):
                    if key in a:
                        wrong(key, f"'{key}' yalnızca tablolarda kullanılır, bu alan '{t}'", "satırı silin")
            if t == "tutar":
                self._caps(doc, form, f, p, table)
            elif "ust_sinirlar" in a:
                wrong("ust_sinirlar", f"'ust_sinirlar' yalnızca tutar alanlarında kullanılır, bu alan '{t}'", "satırı silin")
            if t == "onay" and not f.required:
                self.add(doc, p + ("tur",), "'onay' alanı zorunlu olmalı (işaretlenmesi gereken bir beyandır)",
                         "'zorunlu: true' ekleyin ya da türü 'isaret' yapın")
            if table is not None and f.cond:
                wrong("kosul", "tablo sütunlarında 'kosul' kullanılmaz", "satırı silin; satıra bağlı sınırlar için 'satir_kosulu' kullanın")
            out.append(f)
        return out

    def _caps(self, doc, form: FormDef, f: Field, p: tuple, table: Field | None) -> None:
        for j, cap in enumerate(f.caps):
            cp = p + ("ust_sinirlar", j)
            for k, factor in enumerate(cap["carpanlar"]):
                pid = factor["parametre"]
                param = self.kb.params.get(pid)
                fp = cp + ("carpanlar", k)
                if param is None:
                    close = difflib.get_close_matches(pid, list(self.kb.params), n=1)
                    self.add(doc, fp + ("parametre",), f"parametre bulunamadı: '{pid}'",
                             f"bunu mu demek istediniz: {close[0]}" if close else "content/parametreler/ içindeki bir kimliği yazın")
                    continue
                if param.unit not in ("TL", "TL_ay", "kat", "yuzde"):
                    self.add(doc, fp + ("parametre",), f"'{pid}' parametresinin birimi ({param.unit}) bir tutar sınırında kullanılamaz",
                             "TL, TL_ay, kat ya da yuzde birimli bir parametre yazın")
                if "donem_alani" in factor:
                    continue  # checked with the other references
                if param.value_for(form.period) is None:
                    self.add(doc, fp + ("parametre",),
                             f"'{pid}' parametresinin formun dönemine ({form.period or 'dönem yazılmamış'}) ait değeri yok",
                             "forma 'donem:' yazın ya da parametrenin o döneme ait değerini ekleyin")
            if "kosul" in cap and any("donem_alani" in x for x in cap["carpanlar"]):
                self.add(doc, cp + ("kosul",), "'kosul' ve 'donem_alani' aynı sınırda kullanılamaz",
                         "sınırı, her biri tek koşullu iki sınıra bölün")
            rc = cap.get("satir_kosulu")
            if rc is not None:
                if table is None:
                    self.add(doc, cp + ("satir_kosulu",), "'satir_kosulu' yalnızca tablo sütunlarında kullanılır", "satırı silin")
                else:
                    cols = {c["kimlik"]: c for c in self._raw_columns(doc, p)}
                    col = cols.get(rc["sutun"])
                    if col is None or col["tur"] not in CHOICE_TYPES:
                        self.add(doc, cp + ("satir_kosulu", "sutun"), f"'{rc['sutun']}' bu tablonun bir seçim sütunu değil",
                                 "aynı tablodaki bir secim, evet_hayir ya da isaret sütununu yazın")

    def _raw_columns(self, doc, p: tuple) -> list[dict]:
        node = doc.data
        for key in p[:-2]:
            node = node[key]
        return node.get("sutunlar", [])

    def _check_references(self, form: FormDef) -> None:
        doc = form.doc

        def check_cond(cond: dict, where: tuple, own: str | None) -> None:
            target = form.field(cond["alan"])
            if target is None or target.table is not None:
                names = [f"{s.id}/{f.id}" for s in form.sections for f in s.fields if f.type in CHOICE_TYPES]
                close = difflib.get_close_matches(cond["alan"], names, n=1)
                self.add(doc, where + ("alan",), f"koşuldaki alan bulunamadı: '{cond['alan']}'",
                         f"bunu mu demek istediniz: {close[0]}" if close else "bölüm/alan biçiminde var olan bir seçim alanı yazın")
                return
            if target.type not in CHOICE_TYPES:
                self.add(doc, where + ("alan",), f"koşul yalnızca seçim alanlarına bağlanabilir; '{cond['alan']}' alanı '{target.type}'",
                         "secim, evet_hayir ya da isaret türünde bir alan yazın")
                return
            if own is not None and cond["alan"] == own:
                self.add(doc, where + ("alan",), "alan kendi koşulu olamaz", "başka bir alan yazın")
            allowed = [o["deger"] for o in target.options] if target.type == "secim" else (
                [True, False] if target.type == "evet_hayir" else [True])
            for k, v in enumerate(cond["deger"]):
                if v not in allowed or isinstance(v, bool) != (target.type != "secim"):
                    self.add(doc, where + ("deger", k), f"'{v}' koşuldaki alanın bir değeri değil",
                             "şunlardan birini yazın: " + ", ".join(json.dumps(a, ensure_ascii=False) for a in allowed))

        for s in form.sections:
            if s.cond:
                check_cond(s.cond, s.path + ("kosul",), None)
                if form.field(s.cond["alan"]) and s.cond["alan"].split("/")[0] == s.id:
                    self.add(doc, s.path + ("kosul", "alan"), "bölüm kendi alanına bağlı olamaz", "başka bir bölümdeki alanı yazın")
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
                                self.add(doc, col.path + ("ust_sinirlar", j, "carpanlar", k, "donem_alani"),
                                         f"'{factor['donem_alani']}' alanı '{factor['parametre']}' parametresinin dönemlerini sunan bir seçim alanı değil",
                                         f"o alana 'secenekler_parametreden: {factor['parametre']}' yazın")
                            elif sel.cond or not sel.required:
                                self.add(doc, col.path + ("ust_sinirlar", j, "carpanlar", k, "donem_alani"),
                                         "dönemi seçtiren alan koşulsuz ve zorunlu olmalı", "o alana 'zorunlu: true' yazın")

    def _check_rules(self, form: FormDef) -> None:
        """The `kurallar:` mapping: a known rule set, its questions, this form's tables and columns."""
        from kb.rules.loader import rulesets

        doc, m, base = form.doc, form.rules, ("kurallar",)
        try:
            sets = rulesets(self.root, self.kb, cache=self.cache.pack is not None)
        except BuildError:
            return  # the rule sets' own problems are reported by their check
        rs = sets.get(m["kural_kumesi"])
        if rs is None:
            close = difflib.get_close_matches(m["kural_kumesi"], list(sets), n=1)
            self.add(doc, base + ("kural_kumesi",), f"kural kümesi bulunamadı: '{m['kural_kumesi']}'",
                     f"bunu mu demek istediniz: {close[0]}" if close else "rules/ içindeki bir kural kümesinin kimliğini yazın")
            return
        questions = {q["id"]: q for q in rs.compiled["sorular"]}
        rule_ids = [r["id"] for r in rs.compiled["kurallar"]]
        for i, rid in enumerate(m.get("goster", [])):
            if rid not in rule_ids:
                close = difflib.get_close_matches(rid, rule_ids, n=1)
                self.add(doc, base + ("goster", i), f"'{rs.id}' kural kümesinde '{rid}' kuralı yok",
                         f"bunu mu demek istediniz: {close[0]}" if close else "şunlardan birini yazın: " + ", ".join(rule_ids))
        for key, spec in m["yanitlar"].items():
            p = base + ("yanitlar", key)
            q = questions.get(key)
            if q is None:
                close = difflib.get_close_matches(key, list(questions), n=1)
                self.problems.add(doc.path, doc.key_pos(p), f"'{rs.id}' kural kümesinin '{key}' diye bir sorusu yok",
                                  f"bunu mu demek istediniz: {close[0]}" if close else "şunlardan birini yazın: " + ", ".join(questions))
                continue
            kinds = [k for k in ("tablo", "alan", "sabit") if k in spec]
            if len(kinds) != 1:
                self.add(doc, p, "yanıt ya bir tablonun sütunlarının toplamı ('tablo' + 'topla'), ya bir alanın değeri ('alan') ya da bir sabittir ('sabit')",
                         "bu üçünden yalnızca birini yazın")
                continue
            amount = q["tip"] in ("tutar", "sayi")
            if kinds[0] == "sabit":
                if not amount:
                    self.add(doc, p + ("sabit",), f"'{key}' sorusu sayı değil ({q['tip']}); sabit yalnızca sayı sorularına verilir", "'alan' kullanın")
                continue
            if kinds[0] == "alan":
                for extra in ("topla", "satir_kosulu"):
                    if extra in spec:
                        self.add(doc, p + (extra,), f"'{extra}' yalnızca 'tablo' ile kullanılır", "satırı silin")
                f = form.field(spec["alan"])
                want = {"evet_hayir": ("evet_hayir",), "secim": ("secim",), "tutar": ("tutar",), "sayi": ("tutar",)}[q["tip"]]
                if f is None or f.type not in want:
                    names = [f"{s.id}/{x.id}" for s in form.sections for x in s.fields if x.type in want]
                    close = difflib.get_close_matches(spec["alan"], names, n=1)
                    self.add(doc, p + ("alan",), f"'{spec['alan']}' bu formun '{key}' sorusuna ({q['tip']}) uyan bir alanı değil",
                             f"bunu mu demek istediniz: {close[0]}" if close else "şunlardan birini yazın: " + (", ".join(names) or "(uygun alan yok)"))
                continue
            table = form.field(spec["tablo"])
            if table is None or table.type != "tablo":
                names = [f"{s.id}/{x.id}" for s in form.sections for x in s.fields if x.type == "tablo"]
                close = difflib.get_close_matches(spec["tablo"], names, n=1)
                self.add(doc, p + ("tablo",), f"tablo bulunamadı: '{spec['tablo']}'",
                         f"bunu mu demek istediniz: {close[0]}" if close else "bölüm/tablo biçiminde yazın: " + ", ".join(names))
                continue
            if not amount:
                self.add(doc, p + ("tablo",), f"'{key}' sorusu sayı değil ({q['tip']}); bir tablo toplamı olamaz", "'alan' kullanın")
            if "topla" not in spec:
                self.add(doc, p + ("tablo",), "toplanacak sütunlar yazılmamış", "'topla: [sütun, ...]' ekleyin")
            cols = {c.id: c for c in table.columns}
            amounts = [c.id for c in table.columns if c.type == "tutar"]
            for j, cid in enumerate(spec.get("topla", [])):
                if cid not in amounts:
                    self.add(doc, p + ("topla", j), f"'{cid}' '{spec['tablo']}' tablosunun bir tutar sütunu değil",
                             "şunlardan birini yazın: " + ", ".join(amounts))
            rc = spec.get("satir_kosulu")
            if rc is not None:
                col = cols.get(rc["sutun"])
                if col is None or col.type not in CHOICE_TYPES:
                    self.add(doc, p + ("satir_kosulu", "sutun"), f"'{rc['sutun']}' bu tablonun bir seçim sütunu değil",
                             "aynı tablodaki bir secim, evet_hayir ya da isaret sütununu yazın")
                    continue
                allowed = [o["deger"] for o in col.options] if col.type == "secim" else (
                    [True, False] if col.type == "evet_hayir" else [True])
                for k, v in enumerate(rc["deger"]):
                    if v not in allowed or isinstance(v, bool) != (col.type != "secim"):
                        self.add(doc, p + ("satir_kosulu", "deger", k), f"'{v}' '{rc['sutun']}' sütununun bir değeri değil",
                                 "şunlardan birini yazın: " + ", ".join(json.dumps(a, ensure_ascii=False) for a in allowed))

    def _check_schema_files(self, forms: list[FormDef]) -> None:
        folder = self.root / "schemas" / "forms"
        ids = {f.id for f in forms}
        if folder.is_dir():
            for file in sorted(folder.iterdir()):
                if file.name.endswith(".schema.json") and file.name.removesuffix(".schema.json") not in ids:
                    self.problems.add(file.relative_to(self.root).as_posix(), None, "bu şemanın form tanımı yok",
                                      "forms/ altına tanımını ekleyin ya da şema dosyasını silin")
        for f in forms:
            file = self.root / f.schema_file
            if not file.exists():
                self.add(f.doc, ("form",), f"{f.schema_file} yok", REGENERATE)
                continue
            try:
                text = file.read_text(encoding="utf-8")
                if text == f.schema_file_text:  # the usual case: no need to parse and compare
                    continue
                committed = json.loads(text)
            except (ValueError, UnicodeDecodeError) as exc:
                self.problems.add(f.schema_file, None, f"şema okunamadı: {exc}", REGENERATE)
                continue
            diff = first_difference(committed, f.schema)
            if diff is not None:
                pointer, what = diff
                self.add(f.doc, definition_path(f, pointer),
                         f"{f.schema_file} bu tanımdan üretilen şemayla aynı değil ({pointer or '/'}: {what})",
                         REGENERATE + " — şemayı elle düzenlemeyin, tanımı düzeltin")
            else:  # same content, other formatting
                self.problems.add(f.schema_file, None, "şema içerik olarak doğru ama biçimi üretilenden farklı", REGENERATE)


def _period_option(param, value) -> dict:
    label = f"{value.period}: aylık brüt {format_value(value.value, 'TL')}"
    if param.external and not value.verified:
        label += " (rehber dışı değer, resmî metinden doğrulanmadı)"
    return {"deger": value.period, "etiket": label}


def first_difference(a: Any, b: Any, pointer: str = "") -> tuple[str, str] | None:
    """The first JSON pointer where two JSON values differ, with a short description."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            p = f"{pointer}/{k}"
            if k not in b:
                return p, "dosyada fazladan var"
            if k not in a:
                return p, "dosyada eksik"
            d = first_difference(a[k], b[k], p)
            if d:
                return d
        if list(a) != list(b):
            return pointer, "anahtarların sırası farklı"
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{pointer}/{i}")
            if d:
                return d
        if len(a) != len(b):
            return pointer, f"dosyada {len(a)} öğe, tanımdan {len(b)} öğe"
        return None
    if a != b or type(a) is not type(b):
        return pointer, f"dosyada {json.dumps(a, ensure_ascii=False)[:60]}, tanımdan {json.dumps(b, ensure_ascii=False)[:60]}"
    return None


def definition_path(form: FormDef, schema_pointer: str) -> tuple:
    """The YAML path of the section/field/column a schema pointer belongs to (for file:line)."""
    segs = schema_pointer.split("/")[1:]
    sections = {s.id: s for s in form.sections}
    best: tuple = ("form",)
    for i in range(len(segs) - 1):
        if segs[i] != "properties" or segs[i + 1] not in sections:
            continue
        sec = sections[segs[i + 1]]
        best = sec.path
        rest = segs[i + 2:]
        if len(rest) >= 2 and rest[0] == "properties":
            f = next((x for x in sec.fields if x.id == rest[1]), None)
            if f is not None:
                best = f.path
                tail = rest[2:]
                if len(tail) >= 3 and tail[0] == "items" and tail[1] == "properties":
                    c = next((x for x in f.columns if x.id == tail[2]), None)
                    if c is not None:
                        best = c.path
    return best


def schema_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ schema generation
def _num(x: float) -> int | float:
    x = round(x, 2)
    return int(x) if float(x).is_integer() else x


def cap_value(kb: KnowledgeBase, form: FormDef, cap: dict, period_choice: str | None = None) -> int | float:
    value = 1.0
    for factor in cap["carpanlar"]:
        p = kb.params[factor["parametre"]]
        v = p.value_for(period_choice if "donem_alani" in factor else form.period)
        value *= v.value / 100 if p.unit == "yuzde" else v.value
    return _num(value)


def cap_sources(kb: KnowledgeBase, form: FormDef, cap: dict) -> list[dict]:
    """[{param, cites}] for every factor of a cap: where each number comes from."""
    out = []
    for factor in cap["carpanlar"]:
        p = kb.params[factor["parametre"]]
        values = p.values if "donem_alani" in factor else [p.value_for(form.period)]
        cites = []
        for v in values:
            for c in ([v.cite] if v.cite else []) + v.other_cites:
                if c not in cites:
                    cites.append(c)
        out.append({"param": p.id, "cites": cites})
    return out


def _expand_caps(kb: KnowledgeBase, form: FormDef, col: Field) -> list[tuple[int | float, dict | None, dict | None]]:
    """Each cap as (value, root condition or None, row condition or None)."""
    out = []
    for cap in col.caps:
        period_factor = next((x for x in cap["carpanlar"] if "donem_alani" in x), None)
        if period_factor is None:
            out.append((cap_value(kb, form, cap), cap.get("kosul"), cap.get("satir_kosulu")))
            continue
        param = kb.params[period_factor["parametre"]]
        for v in param.values:
            out.append((cap_value(kb, form, cap, v.period),
                        {"alan": period_factor["donem_alani"], "deger": [v.period]}, cap.get("satir_kosulu")))
    return out


def _value_schema(kb: KnowledgeBase, form: FormDef, f: Field) -> dict:
    s: dict[str, Any] = {"title": f.label}
    if f.hint:
        s["description"] = f.hint
    t = f.type
    if t in TEXT_TYPES:
        s.update({"type": "string", "minLength": 1, "maxLength": f.max_chars or TEXT_TYPES[t]})
    elif t in FORMAT_OF:
        s.update({"type": "string", "format": FORMAT_OF[t]})
    elif t == "secim":
        s.update({"type": "string", "enum": [o["deger"] for o in f.options]})
    elif t in ("evet_hayir", "isaret"):
        s["type"] = "boolean"
    elif t == "onay":
        s.update({"type": "boolean", "const": True})
    elif t == "coklu_secim":
        s.update({"type": "array", "items": {"type": "string", "enum": [o["deger"] for o in f.options]},
                  "uniqueItems": True})
        if f.required:
            s["minItems"] = 1
    elif t == "tutar":
        s.update({"type": "number", "minimum": 0})
        plain = [v for v, rc, rowc in _expand_caps(kb, form, f) if rc is None and rowc is None]
        if plain:
            s["maximum"] = min(plain)
    elif t == "tablo":
        row: dict[str, Any] = {"type": "object", "additionalProperties": False}
        if any(c.required for c in f.columns):
            row["required"] = [c.id for c in f.columns if c.required]
        row["properties"] = {c.id: _value_schema(kb, form, c) for c in f.columns}
        row_rules = []
        for c in f.columns:
            for value, rc, rowc in _expand_caps(kb, form, c):
                if rowc is not None and rc is None:
                    row_rules.append({"if": {"required": [rowc["sutun"]],
                                             "properties": {rowc["sutun"]: {"enum": rowc["deger"]}}},
                                      "then": {"properties": {c.id: {"maximum": value}}}})
        if row_rules:
            row["allOf"] = row_rules
        s.update({"type": "array", "maxItems": f.max_rows, "items": row})
        if f.required:
            s["minItems"] = 1
    s["x-kaynak"] = f.cites
    return s


def _if_field(path: str, values: list) -> dict:
    sec, fid = path.split("/")
    return {"required": [sec], "properties": {sec: {"type": "object", "required": [fid],
                                                    "properties": {fid: {"enum": values}}}}}


def _nest(pointer: str, leaf: dict) -> dict:
    """Wrap `leaf` so that it applies at a field pointer like /s/t/*/c."""
    segs = pointer.split("/")[1:]
    node = leaf
    for seg in reversed(segs):
        node = {"items": node} if seg == "*" else {"properties": {seg: node}}
    return node


def build_schema(form: FormDef, kb: KnowledgeBase, base_url: str) -> dict:
    rules: list[dict] = []
    props: dict[str, Any] = {"form": {"title": "Form kimliği", "const": form.id}}
    required = ["form"]
    for s in form.sections:
        sec: dict[str, Any] = {"title": s.title, "type": "object", "additionalProperties": False}
        sec_required = [f.id for f in s.fields if f.required and not f.cond]
        if sec_required:
            sec["required"] = sec_required
        sec["properties"] = {}
        for f in s.fields:
            sec["properties"][f.id] = _value_schema(kb, form, f)
            if f.cond and f.required:
                rules.append({"if": _if_field(f.cond["alan"], f.cond["deger"]),
                              "then": {"properties": {s.id: {"required": [f.id]}}}})
            for col in [f, *f.columns]:
                for value, rc, rowc in _expand_caps(kb, form, col):
                    if rc is None:
                        continue
                    leaf: dict[str, Any] = {"maximum": value}
                    then = _nest(col.pointer, leaf)
                    if rowc is not None:  # both: a row rule under a root condition
                        then = _nest(col.table.pointer + "/*", {"allOf": [{
                            "if": {"required": [rowc["sutun"]], "properties": {rowc["sutun"]: {"enum": rowc["deger"]}}},
                            "then": {"properties": {col.id: leaf}}}]})
                    rules.append({"if": _if_field(rc["alan"], rc["deger"]), "then": then})
        props[s.id] = sec
        if s.cond:
            rules.append({"if": _if_field(s.cond["alan"], s.cond["deger"]), "then": {"required": [s.id]}})
        else:
            required.append(s.id)
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"{base_url}schemas/forms/{form.id}.schema.json",
        "title": form.title,
        "description": (f"{form.title}: bu formun ürettiği verinin şeması. {form.not_official} "
                        "Tarihler YYYY-AA-GG (ISO 8601) biçiminde, tutarlar TL olarak sayıyla yazılır."),
        "$comment": (f"Generated from forms/{form.id}.yaml and content/parametreler by kb/forms.py; do not edit "
                     "(`python -m kb.forms --yaz`). Custom formats: 'tckn' = 11 digits, first not 0, digit 10 = "
                     "((d1+d3+d5+d7+d9)*7 - (d2+d4+d6+d8)) mod 10, digit 11 = (d1+…+d10) mod 10; 'telefon' = after "
                     "removing spaces, hyphens and brackets: optional +90 or 0, then 10 digits starting 2-9. 'date' "
                     "is a real calendar day as YYYY-MM-DD, 'email' is local@domain.tld in ASCII. 'x-kaynak' lists "
                     "the citations (document:id) each rule comes from."),
        "x-kaynak": form.basis,
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": props,
    }
    if form.period:
        schema["x-donem"] = form.period
    if rules:
        schema["allOf"] = rules
    return schema


def build_catalogue(form: FormDef) -> dict:
    """The form's part of the message catalogue: label, type and own messages per pointer pattern."""
    fields: dict[str, dict] = {"": {"etiket": "Form verisi", "tur": "kok"},
                               "/form": {"etiket": "Form kimliği", "tur": "form"}}
    for s in form.sections:
        fields[f"/{s.id}"] = {"etiket": s.title, "tur": "bolum"}
        for f in s.fields:
            fields[f.pointer] = _cat_entry(f)
            if f.type == "coklu_secim":
                fields[f.pointer + "/*"] = {"etiket": f.label, "tur": "secenek"}
            if f.type == "tablo":
                fields[f.pointer + "/*"] = {"etiket": f.label, "tur": "satir", "satir": f.label, "satir_adi": f.row_name}
                for c in f.columns:
                    e = _cat_entry(c)
                    e.update({"satir": f.label, "satir_adi": f.row_name})
                    fields[c.pointer] = e
    return {"form": form.id, "baslik": form.title, "alanlar": fields}


def _cat_entry(f: Field) -> dict:
    e: dict[str, Any] = {"etiket": f.label, "tur": f.type}  # "format:tckn" etc. are keyed by the type
    if f.errors:
        e["hatalar"] = dict(f.errors)
    return e


# ------------------------------------------------------------------ validation of data
def data_validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=format_checker())


def _ptr(path) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def data_errors(schema: dict, data: Any) -> list[dict]:
    """Normalised errors: one {pointer, keyword, limit} per (field pointer, keyword).

    `required` and `additionalProperties` point at the missing/unknown key itself, so that
    the pointer names the field a user has to fix. The browser (forms-core.js) produces
    the same list from @cfworker/json-schema's output.
    """
    found: dict[tuple[str, str], Any] = {}

    def put(pointer: str, keyword: str, limit: Any = None) -> None:
        k = (pointer, keyword)
        if k in found and isinstance(limit, (int, float)) and isinstance(found[k], (int, float)):
            found[k] = max(found[k], limit) if keyword in ("minimum", "minLength", "minItems") else min(found[k], limit)
        elif k not in found:
            found[k] = limit

    for e in data_validator(schema).iter_errors(data):
        path = list(e.absolute_path)
        kw = e.validator
        if kw == "required":
            for key in e.validator_value:
                if isinstance(e.instance, dict) and key not in e.instance:
                    put(_ptr(path + [key]), "required")
        elif kw == "additionalProperties":
            known = set(e.schema.get("properties", {}))
            for key in e.instance:
                if key not in known:
                    put(_ptr(path + [key]), "additionalProperties")
        elif kw is None:  # a `false` schema
            put(_ptr(path), "false")
        elif kw in ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"):
            put(_ptr(path), kw, e.validator_value)
        else:
            put(_ptr(path), kw)
    return sort_errors([{"pointer": p, "keyword": k, "limit": v} for (p, k), v in found.items()])


def sort_errors(errors: list[dict]) -> list[dict]:
    order = {k: i for i, k in enumerate(messages.KEYWORD_ORDER)}

    def key(e):
        segs = e["pointer"].split("/")[1:]
        return ([(0, int(s), "") if s and all("0" <= c <= "9" for c in s) else (1, 0, s) for s in segs],
                order.get(e["keyword"], 99), e["keyword"])

    return sorted(errors, key=key)


def validate_data(form: FormDef, data: Any, schema: dict | None = None) -> list[dict]:
    """Errors with their Turkish message: [{pointer, keyword, limit, message}]."""
    errors = data_errors(schema or form.schema, data)
    for e in errors:
        e["message"] = messages.form_message(form.catalogue, e["pointer"], e["keyword"], e["limit"])
    return errors


# ------------------------------------------------------------------ rules seam
def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def mapped_answers(mapping: dict, data: Any) -> dict:
    """Rule answers from form data by a `kurallar:` mapping (forms.js ruleAnswers: same steps).

    `{tablo: S/T, topla: [C...], satir_kosulu?}`: the sum over the table's rows (in order; in each
    row the listed columns in order) of the numbers in those columns, for the rows that meet the
    row condition; left out when no such number exists. `{alan: S/F}`: that field's value, left
    out when empty. `{sabit: N}`: N. Answers are returned in the mapping's key order.
    """
    data = data if isinstance(data, dict) else {}

    def at(path: str) -> Any:
        sec, _, fid = path.partition("/")
        obj = data.get(sec)
        return obj.get(fid) if isinstance(obj, dict) else None

    out: dict[str, Any] = {}
    for key, spec in mapping["yanitlar"].items():
        if "sabit" in spec:
            out[key] = spec["sabit"]
        elif "alan" in spec:
            v = at(spec["alan"])
            if v is not None and v != "":
                out[key] = v
        else:
            rows = at(spec["tablo"])
            total, found = 0, False
            rc = spec.get("satir_kosulu")
            for row in rows if isinstance(rows, list) else []:
                if not isinstance(row, dict):
                    continue
                cell = row.get(rc["sutun"]) if rc is not None else None
                if rc is not None and not any(type(x) is type(cell) and x == cell for x in rc["deger"]):
                    continue  # strict like JS Array.includes: 1 is not true
                for col in spec.get("topla", []):
                    v = row.get(col)
                    if _is_number(v):
                        total += v
                        found = True
            if found:
                out[key] = total
    return out


@lru_cache(maxsize=4)
def _forms_by_id(root: str) -> dict[str, FormDef]:
    from kb.content.loader import load_knowledge_base

    return {f.id: f for f in load_forms(Path(root), load_knowledge_base(Path(root)))}


def rule_answers(form_id: str, data: Any, root: Path = ROOT, form: FormDef | None = None) -> dict:
    """The rule set answers of a form's data (its `kurallar:` mapping); {} for a form without one."""
    form = form or _forms_by_id(str(root))[form_id]
    return mapped_answers(form.rules, data) if form.rules else {}


def rule_verdicts(form: FormDef, data: Any, root: Path = ROOT, kb: KnowledgeBase | None = None) -> dict | None:
    """Evaluate the form's rule set on its data: the kb.rules result, limited to the rules shown
    (`goster`), plus `yanitlar` (the answers). None for a form without `kurallar:`."""
    if not form.rules:
        return None
    from kb.rules.loader import evaluate

    answers = mapped_answers(form.rules, data)
    result = evaluate(form.rules["kural_kumesi"], answers, root, kb)
    only = form.rules.get("goster")
    if only:
        result["sonuclar"] = [r for r in result["sonuclar"] if r["id"] in only]
        result["basarisiz"] = [r for r in result["basarisiz"] if r in only]
        result["basarili"] = not result["basarisiz"]
    result["yanitlar"] = answers
    return result


# ------------------------------------------------------------------ public API
def load_forms(root: Path, kb: KnowledgeBase, cache: bool = True) -> list[FormDef]:
    """Load, check and compile every form; raises BuildError with file:line problems.

    cache=False: parse and validate every definition again (kb/filecache.py), same result."""
    loader = _Loader(root, kb, cache)
    forms = loader.load()
    if loader.problems:
        raise BuildError(loader.problems)
    return forms


def write_schemas(root: Path, kb: KnowledgeBase) -> list[str]:
    loader = _Loader(root, kb)
    forms = loader.load(compare_files=False)
    if loader.problems:
        raise BuildError(loader.problems)
    written = []
    folder = root / "schemas" / "forms"
    folder.mkdir(parents=True, exist_ok=True)
    for f in forms:
        file = root / f.schema_file
        text = schema_text(f.schema)
        if not file.exists() or file.read_text(encoding="utf-8") != text:
            file.write_text(text, encoding="utf-8")
            written.append(f.schema_file)
    return written


# ------------------------------------------------------------------ pages
def _json_block(obj: Any) -> str:
    """JSON for a <script type="application/json"> block: '<' escaped so no tag can close it."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _html_id(pointer: str) -> str:
    return "f-" + pointer.strip("/").replace("/", "-").replace("*", "__i__")


def _cap_notes(kb: KnowledgeBase, form: FormDef, col: Field) -> list[dict]:
    notes = []
    for cap in col.caps:
        sources = cap_sources(kb, form, cap)
        period_factor = next((x for x in cap["carpanlar"] if "donem_alani" in x), None)
        if period_factor is None:
            values = [(None, cap_value(kb, form, cap))]
        else:
            values = [(v.period, cap_value(kb, form, cap, v.period)) for v in kb.params[period_factor["parametre"]].values]
        notes.append({"text": cap.get("aciklama", ""), "amounts": [(p, format_value(v, "TL")) for p, v in values],
                      "when": bool(cap.get("satir_kosulu") or cap.get("kosul")), "sources": sources})
    return notes


def _view_field(kb: KnowledgeBase, form: FormDef, f: Field) -> dict:
    v = {"f": f, "id": _html_id(f.pointer), "name": f.pointer.strip("/").replace("*", "__i__"),
         "optional": not f.required, "cap_notes": _cap_notes(kb, form, f) if f.type == "tutar" else [],
         "autocomplete": f.autocomplete or AUTOCOMPLETE.get(f.type, ""),
         "cond": json.dumps(f.cond, ensure_ascii=False) if f.cond else "",
         "columns": [_view_field(kb, form, c) for c in f.columns]}
    return v


def pages(kb: KnowledgeBase, sm) -> "Output":
    from kb.site.render import Asset, Output, Page

    forms = load_forms(ROOT, kb)
    out = Output()
    if not forms:
        return out
    for f in forms:
        committed = (ROOT / f.schema_file).read_text(encoding="utf-8")
        if committed != f.schema_file_text:  # load_forms already says so; never publish a stale contract
            raise BuildError(f"{f.schema_file}: tanımdan üretilen şemayla aynı değil — {REGENERATE}")
    catalogue = messages.catalogue_json({f.id: f.catalogue for f in forms})
    out.assets.append(Asset("assets/kb/form-mesajlari.json",
                            (json.dumps(catalogue, ensure_ascii=False, indent=1) + "\n").encode("utf-8")))
    out.assets += cfworker_assets()
    entries = []
    index = Page("formlar/index.md", "Formlar", "forms_index.md.j2", {"forms": forms}, NAV, ORDER)
    out.pages.append(index)
    for f in forms:
        view = {
            "form": f,
            "sections": [{"s": s, "cond": json.dumps(s.cond, ensure_ascii=False) if s.cond else "",
                          "fields": [_view_field(kb, f, x) for x in s.fields]} for s in f.sections],
            "schema_json": _json_block(f.schema),
            "catalogue_json": _json_block({k: v for k, v in catalogue.items() if k != "formlar"}
                                          | {"form": f.id, "alanlar": f.catalogue["alanlar"]}
                                          | ({"kurallar": f.rules} if f.rules else {})),
            "schema_url": f.schema_file,
            "schema_id": f.schema["$id"],
        }
        page = Page(f"formlar/{f.id}.md", f.title, "form.md.j2", view, NAV, ORDER + f.order)
        out.pages.append(page)
        entries.append({"id": f.id, "title": f.title, "url": page.url, "schema_url": f.schema_file,
                        "schema_id": f.schema["$id"], "cites": f.basis})
    out.catalog["forms"] = entries
    return out


def main(argv: list[str]) -> int:
    from kb.content.loader import load_knowledge_base

    try:
        kb = load_knowledge_base(ROOT)
        if "--yaz" in argv:
            written = write_schemas(ROOT, kb)
            print("\n".join(f"yazıldı: {w}" for w in written) or "Şemalar zaten güncel.")
            return 0
        forms = load_forms(ROOT, kb)
        print(f"{len(forms)} form geçerli; şemalar güncel.")
        return 0
    except BuildError as exc:
        for p in exc.problems.sorted():
            print(p, file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
