"""The easy-read edition: content/kolay-okunur/<adres>.yaml, one file per page.

Each page tells candidates and families, in short sentences, what one source says; every
idea is the site's own words and carries the passages it rests on (content/README.md,
"Kolay okunur sayfalar"):

    sira: 1
    baslik: "Destekli İstihdam Programı"
    belge: yonetmelik                      # its period gives the values of {p:…}
    tam_metin:                             # the pages it summarises
      - {adres: yonetmelik/, ad: "Çalışma Usul ve Esasları"}
    ozet: {metin: "…", simge: office-building, kaynak: ["yonetmelik:art_1__para_1"]}
    bolumler:
      - baslik: "Bu program nedir?"
        fikirler:
          - metin: "Başvurular randevu ile alınır."
            simge: calendar-check
            kaynak: ["yonetmelik:art_8__para_1"]
            tanim: İŞKUR                   # optional: the abbreviation this idea explains

`check` (through the content loader, which calls `read_easy_read` and
`resolve_easy_read`) refuses, at the file and line: an idea without a citation or with one
that does not resolve; a sentence of more than MAX_WORDS words (counted on the text as
shown, amounts included) or an idea of more than MAX_SENTENCES sentences; an unknown
parameter or one without a value for the document's period; {ref:…} or {dn:…} markers
(the citations are shown beside the idea); a number typed in the text (amounts, rates,
durations and dates are parameters); an abbreviation (İŞKUR, KVKK) used before an
idea of the page explains it (`tanim`); an icon mkdocs-material does not ship.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from kb.common import icons
from kb.common.readability import sentences, words
from kb.content.markup import ANY_BRACE_RE, MARKUP_RE
from kb.content.paramtext import period_text

FOLDER = "kolay-okunur"  # content/kolay-okunur/*.yaml
SCHEMA = "content/kolay-okunur.schema.json"
URL_BASE = "kolay-okunur/"  # where the site puts the pages: kolay-okunur/<adres>/
MAX_WORDS = 15
MAX_SENTENCES = 2
ABBREVIATION_RE = re.compile(r"(?<![\w-])[A-ZÇĞİÖŞÜÂÎÛ]{2,}(?:-[A-ZÇĞİÖŞÜÂÎÛ]{2,})*(?![\w-])")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*", re.S)


@dataclass
class Idea:
    text: str  # markup: {p:…}, **bold**
    icon: str
    cites: list[str] = field(default_factory=list)
    defines: str = ""  # the abbreviation it explains
    file: str = ""
    pos: tuple[int, int] = (0, 0)
    path: tuple = ()  # in its YAML file


@dataclass
class Section:
    title: str
    ideas: list[Idea] = field(default_factory=list)
    pos: tuple[int, int] = (0, 0)


@dataclass
class EasyReadPage:
    slug: str  # the file's name: the page's address
    order: int
    title: str
    doc: str  # the source document it summarises (its period gives the {p:…} values)
    full_text: list[tuple[str, str]]  # (address, name) of the pages it summarises
    summary: Idea
    sections: list[Section] = field(default_factory=list)
    file: str = ""
    pos: tuple[int, int] = (0, 0)

    @property
    def url(self) -> str:
        return f"{URL_BASE}{self.slug}/"

    @property
    def full_text_urls(self) -> list[str]:
        return [u for u, _ in self.full_text]

    def ideas(self):
        for s in self.sections:
            yield from s.ideas


def plain_text(kb, doc_id: str, text: str) -> str:
    """The idea as a reader sees it, without markup: amounts as the page shows them."""
    period = kb.docs[doc_id].period if doc_id in kb.docs else None

    def sub(m: re.Match) -> str:
        if m.group(1) == "p" and m.group(2).strip() in kb.params:
            try:
                return period_text(kb, m.group(2).strip(), period, m.group(3) or "")
            except (ValueError, TypeError, KeyError, IndexError):  # reported where the value is checked
                return ""
        return ""

    return BOLD_RE.sub(r"\1", MARKUP_RE.sub(sub, text))


# ------------------------------------------------------------------ reading

def read_easy_read(loader) -> None:
    """Read content/kolay-okunur/*.yaml into kb.easy_read (validated against the schema)."""
    folder = loader.content / FOLDER
    if not folder.is_dir():
        return
    for p in sorted(folder.iterdir()):
        if p.suffix != ".yaml":
            loader.problems.add(loader.rel(p), None, "beklenmeyen dosya (yalnızca .yaml okunur)",
                                "uzantıyı .yaml yapın ya da dosyayı silin")
            continue
        d = loader.read(p, SCHEMA)
        if d is None:
            loader.unreadable.add(FOLDER)
            continue
        m = d.data

        def idea(raw: dict, path: tuple) -> Idea:
            return Idea(raw["metin"], raw["simge"], list(raw.get("kaynak") or []), raw.get("tanim", ""),
                        d.path, d.pos(path), path)

        page = EasyReadPage(p.stem, m["sira"], m["baslik"], m["belge"],
                            [(t["adres"], t["ad"]) for t in m["tam_metin"]], idea(m["ozet"], ("ozet",)),
                            file=d.path, pos=(1, 1))
        for i, s in enumerate(m["bolumler"]):
            page.sections.append(Section(s["baslik"], [idea(f, ("bolumler", i, "fikirler", j))
                                                       for j, f in enumerate(s["fikirler"])],
                                         d.pos(("bolumler", i))))
        loader.kb.easy_read.append(page)
    loader.kb.easy_read.sort(key=lambda pg: (pg.order, pg.slug))


# ------------------------------------------------------------------ checking (after every file)

def resolve_easy_read(loader) -> None:
    kb = loader.kb
    seen_order: dict[int, EasyReadPage] = {}
    # the pages cite every document: when another file has a problem (an article numbered twice,
    # a parameter file that did not load), their citations and amounts into it are its consequences
    own_files = {page.file for page in kb.easy_read}
    elsewhere = any(p.file not in own_files for p in loader.problems.items)
    for page in kb.easy_read:
        d = loader.files[page.file]
        if page.order in seen_order:
            other = seen_order[page.order]
            loader.problems.add(page.file, d.pos(("sira",)), f"sıra {page.order} iki sayfada var (ilki {other.file})",
                                "her sayfaya başka bir sıra numarası verin")
        seen_order.setdefault(page.order, page)
        if page.doc not in kb.docs:
            if not loader._known_missing(page.doc):
                loader.problems.add(page.file, d.pos(("belge",)), f"bilinmeyen belge: '{page.doc}'",
                                    f"content/kaynaklar.yaml'daki bir belgeyi yazın: {', '.join(kb.docs)}")
            continue
        _check_idea(loader, page, page.summary, d, set(), elsewhere)
        explained: set[str] = set()
        for idea in page.ideas():
            _check_idea(loader, page, idea, d, explained, elsewhere)


def _check_idea(loader, page: EasyReadPage, idea: Idea, d, explained: set[str], elsewhere: bool) -> None:
    kb = loader.kb
    problems = loader.problems
    text_pos = d.pos(idea.path + ("metin",))
    # citations: at least one, each resolving
    if not idea.cites:
        problems.add(idea.file, idea.pos, "kolay okunur cümlenin kaynağı yok: her fikir dayandığı paragrafı gösterir",
                     "'kaynak:' altına en az bir atıf yazın, örneğin kaynak: [\"yonetmelik:art_8__para_1\"]")
    for i, cite in enumerate(idea.cites if not elsewhere else ()):
        loader._check_cite(cite, idea.file, d.pos(idea.path + ("kaynak", i)))
    # markers: amounts only
    if ANY_BRACE_RE.search(MARKUP_RE.sub("", idea.text)):
        problems.add(idea.file, text_pos, "metinde tanınmayan süslü parantez işareti var",
                     "tutarlar {p:kimlik} ya da {p:kimlik|sayi} biçiminde yazılır")
    typed = re.search(r"\d+(?:[.,]\d+)*", MARKUP_RE.sub(" ", idea.text))
    if typed:
        problems.add(idea.file, d.find(typed.group(0), text_pos), f"metinde elle yazılmış sayı: '{typed.group(0)}'",
                     "tutarlar, oranlar, süreler ve tarihler parametredir: {p:kimlik} yazın (content/parametreler/)")
    period = kb.docs[page.doc].period
    for m in MARKUP_RE.finditer(idea.text):
        kind, target, opt = m.group(1), m.group(2).strip(), m.group(3) or ""
        pos = d.find(m.group(0)[:-1], text_pos)
        if kind != "p":
            problems.add(idea.file, pos, f"kolay okunur metinde '{m.group(0)}' işareti kullanılmaz",
                         "dayanılan paragrafı 'kaynak:' listesine yazın; cümlenin altında bağlantısı gösterilir")
            continue
        if target not in kb.params:
            if not loader._known_missing("param") and not elsewhere:
                close = difflib.get_close_matches(target, list(kb.params), n=1, cutoff=0.6)
                problems.add(idea.file, pos, f"bilinmeyen parametre: '{target}'",
                             f"bunu mu demek istediniz: {close[0]}" if close else
                             "parametreyi content/parametreler/ altında tanımlayın")
            continue
        if period and not kb.params[target].values_for(period):
            if not elsewhere:
                problems.add(idea.file, pos, f"'{target}' parametresinin {period} dönemi için değeri yok",
                             f"{kb.params[target].file} dosyasında '{target}' parametresine 'donem: \"{period}\"' olan bir değer ekleyin "
                             "ya da sayfanın belgesini değiştirin")
            continue
        try:
            period_text(kb, target, period, opt)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            problems.add(idea.file, pos, f"'{m.group(0)}' gösterilemiyor: {exc}",
                         "biçimi değiştirin: sayi, yazi ya da yazi_rakam")
            return
    # sentence length, as the reader sees the sentence (amounts written out)
    shown = plain_text(kb, page.doc, idea.text)
    found = sentences(shown)
    for s in found:
        n = len(words(s))
        if n > MAX_WORDS:
            problems.add(idea.file, text_pos, f"cümle {n} kelime (“{s[:60]}…”); kolay okunur metinde bir cümle "
                         f"en fazla {MAX_WORDS} kelimedir", "cümleyi ikiye bölün ya da kısaltın")
    if len(found) > MAX_SENTENCES:
        problems.add(idea.file, text_pos, f"bir fikirde {len(found)} cümle var; en fazla {MAX_SENTENCES} cümle olur",
                     "fikri ikiye bölün: her fikir kendi simgesi ve kaynağıyla ayrı bir madde olur")
    # abbreviations: explained (tanim) at or before their first use on the page
    if idea.defines:
        if idea.defines not in MARKUP_RE.sub("", idea.text):
            problems.add(idea.file, d.pos(idea.path + ("tanim",)), f"'{idea.defines}' bu fikrin metninde geçmiyor",
                         "tanim: fikrin açıkladığı kısaltmayı, metinde yazıldığı gibi yazın")
        explained.add(idea.defines)
    for m in ABBREVIATION_RE.finditer(MARKUP_RE.sub(" ", idea.text)):
        if m.group(0) not in explained:
            problems.add(idea.file, d.find(m.group(0), text_pos), f"'{m.group(0)}' kısaltması açıklanmadan kullanılmış",
                         f"önceki bir fikirde kısaltmayı açıklayın ve o fikre 'tanim: {m.group(0)}' yazın "
                         "(ya da kısaltmayı açık yazın)")
            explained.add(m.group(0))  # reported once per page
    # icon
    if icons.icon_dir() is not None and icons.icon_path(idea.icon) is None:
        close = icons.close_names(idea.icon)
        problems.add(idea.file, d.pos(idea.path + ("simge",)), f"bilinmeyen simge: '{idea.icon}'",
                     (f"bunu mu demek istediniz: {', '.join(close)}" if close else
                      "mkdocs-material'in Material Design Icons setindeki bir adı yazın (.icons/material/<ad>.svg)"))
