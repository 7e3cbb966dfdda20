"""Loading forms: every forms/*.yaml read and checked against DEFINITION_SCHEMA (through the
per-file cache build/cache/forms.pickle), then compiled into a FormDef with file:line
problems for what the schema cannot say (ids, cites, {p:…} markup, field options and caps),
the cross-file checks of kb/forms/checks.py, and finally its JSON Schema and catalogue
(kb/forms/schema.py). The schemas are derived here, in memory, on every load (`check`,
`build`, `validate`); no copy of them is kept in the repository.

A definition written `donem: her_donem` is compiled once per guide period (kb/forms/periods.py):
newest first, so that a problem of the file itself is reported once; a period in which a cite or
a parameter value is missing is a problem at that line, naming the period. A field that only
chooses how a cap is read (`secenekler_parametreden`, `nitelik`) is left out of a period in which
nothing reads it (a cap that became a fixed amount); a field read in no period is a problem.

Entry point: `load_forms(root, kb)` (raises BuildError with every problem); it returns each
form's newest edition, the others in `FormDef.editions`.
"""
from __future__ import annotations

import difflib
from pathlib import Path

from kb.common.problems import BuildError, ProblemList
from kb.common.turkish import format_value
from kb.content import filecache, yamlsource
from kb.content.model import KnowledgeBase
from kb.forms.checks import check_no_committed_schemas, check_references, check_rules
from kb.forms.definition import CHOICE_TYPES, DEFAULT_MAX_ROWS, DEFINITION_CHECK, TEXT_TYPES, forms_cache_file
from kb.forms.editions import EditionsMixin
from kb.forms.model import Field, FormDef, Section
from kb.forms.periods import EVERY_PERIOD, year_values
from kb.forms.schema import build_catalogue, build_schema
from kb.rules.periods import GUIDE_PREFIX
from kb.site.sitemap import site_url


class _Loader(EditionsMixin):
    def __init__(self, root: Path, kb: KnowledgeBase, cache: bool = True):
        self.root = root
        self.kb = kb
        self._every, self._period = False, None  # the edition being compiled (messages name its period)
        self.problems = ProblemList()
        # parse + DEFINITION_SCHEMA results of unchanged definitions come from build/cache/
        self.cache = filecache.FileCache(forms_cache_file(root) if cache else None)

    def add(self, doc: yamlsource.Document, path: tuple, message: str, fix: str = "") -> None:
        self.problems.add(doc.path, doc.pos(path), message, fix)

    def load(self) -> list[FormDef]:
        check_no_committed_schemas(self.root, self.problems)
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
            f = self._editions(doc, file.stem)
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
            for f in (e for form in forms for e in form.editions.values()):
                f.schema = build_schema(f, self.kb, base_url)
                f.catalogue = build_catalogue(f)
        return sorted(forms, key=lambda f: (f.order, f.id))

    def _cites(self, doc, path: tuple, cites: list[str]) -> None:
        for i, c in enumerate(cites):
            if c.startswith(GUIDE_PREFIX):
                self.add(doc, path + (i,), f"dönemsiz atıf ('{c}') yalnızca 'donem: {EVERY_PERIOD}' yazan formlarda kullanılır",
                         f"forma 'donem: {EVERY_PERIOD}' yazın ya da atfa dönemi ekleyin (rehber-YYYY-N:…)")
            elif c not in self.kb.nodes and self._every and c.startswith(self.kb.guide_of(self._period).id + ":"):
                written = GUIDE_PREFIX + c.split(":", 1)[1]
                self.add(doc, path + (i,), f"atıf {self._period} döneminin rehberinde bulunamadı: '{written}' ({c})",
                         "bu dönemin rehberinde aynı hüküm başka bir yerdeyse content/kaynaklar.yaml'da "
                         f"{self.kb.guide_of(self._period).id} altına 'tasinan_hukumler:' ile yazın "
                         f"({c.split(':', 1)[1]}: {{yer: YENİ_KİMLİK, aciklama: …}}); "
                         "yoksa o dönemin rehberine bu paragrafı ekleyin (content/README.md, 'Yeni bir rehber dönemi')")
            elif c not in self.kb.nodes:
                close = difflib.get_close_matches(c, list(self.kb.nodes), n=1, cutoff=0.75)
                self.add(doc, path + (i,), f"atıf bulunamadı: '{c}'",
                         f"bunu mu demek istediniz: {close[0]}" if close else
                         "var olan bir düğümün atfını yazın (belge:kimlik, bkz. content/README.md)")

    def _markup(self, doc, path: tuple, text: str, period: str | None) -> None:
        """Only {p:ID} (a parameter's value, formatted; it must have a value for the form's guide
        period) is allowed in form texts ({donem} is filled in before, in a period-free form)."""
        from kb.content.loader import ANY_BRACE_RE, MARKUP_RE

        if "{donem}" in text:
            self.add(doc, path, f"'{{donem}}' yalnızca 'donem: {EVERY_PERIOD}' yazan formların metinlerinde kullanılır",
                     f"dönemi metne yazın ya da forma 'donem: {EVERY_PERIOD}' yazın")
            text = text.replace("{donem}", "")
        for m in MARKUP_RE.finditer(text):
            pid = m.group(2).strip()
            if m.group(1) == "p" and pid in self.kb.params and period and self.kb.guide_of(period) \
                    and not self.kb.params[pid].values_for(period):
                self.add(doc, path, f"'{pid}' parametresinin {period} dönemi için değeri yok",
                         f"content/parametreler/ içinde parametreye 'donem: \"{period}\"' olan bir değer ekleyin")
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

    def _form(self, doc: yamlsource.Document, stem: str, d: dict, period: str | None, every: bool) -> FormDef | None:
        """One edition: the definition's data `d` (resolved for `period` when `every`)."""
        self._every, self._period = every, period
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
            self._markup(doc, path, text, period)
        if not every and period is not None and not any(g.period == period for g in self.kb.guides()):
            self.add(doc, ("donem",), f"'{period}' döneminin rehberi yok",
                     "var olan bir dönem yazın: " + ", ".join(g.period for g in self.kb.guides()))
        form = FormDef(id=d["form"], title=d["baslik"], summary=d["kisa_aciklama"], order=d["sira"],
                       not_official=d["resmi_degil"], basis=d["dayanak"], sections=[], file=doc.path, doc=doc,
                       audience=d.get("kime", ""), period=period, intro=d.get("giris", []),
                       warnings=d.get("uyarilar", []), notice=d.get("bilgilendirme"),
                       signature=d.get("imza_satirlari", []), totals=d.get("toplamlar", False),
                       cap_notes=d.get("sinir_notlari", []), rules=d.get("kurallar"), every_period=every)
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
        self._attributes(doc, form)
        if len(self.problems) == before:
            check_references(form, self.problems)
        read: set[str] = set()
        if len(self.problems) == before:
            read = self._cap_cases(doc, form)
        questions = None
        if len(self.problems) == before and form.rules is not None:
            questions = check_rules(form, self.root, self.kb, self.cache.pack is not None, self.problems)
        if len(self.problems) == before and every:
            self._leave_out_unread(form, read, questions)
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
                    f.options = [_period_option(param, v) for v in year_values(param, form.period)]
                    if not f.options and not form.every_period:  # (period-free: only when a cap reads it, kb/forms/caps.py)
                        wrong("secenekler_parametreden", f"'{f.options_param}' parametresinin {form.period} dönemi için "
                              "(dönemin yılı ve sonraki yıl) değeri yok",
                              f"content/parametreler/ içinde '{f.options_param}' parametresine o yılların değerlerini ekleyin")
            if "nitelik" in a:
                self._attribute(doc, f, a, p, table)
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
                # its value for the period: checked once every field is known (_cap_cases)
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


def _period_option(param, value) -> dict:
    label = f"{value.period}: aylık brüt {format_value(value.value, 'TL')}"
    if param.external and not value.verified:
        label += " (rehber dışı değer, resmî metinden doğrulanmadı)"
    return {"deger": value.period, "etiket": label}


def load_forms(root: Path, kb: KnowledgeBase, cache: bool = True) -> list[FormDef]:
    """Load, check and compile every form; raises BuildError with file:line problems.

    cache=False: parse and validate every definition again (kb/content/filecache.py), same result."""
    loader = _Loader(root, kb, cache)
    forms = loader.load()
    if loader.problems:
        raise BuildError(loader.problems)
    return forms
