"""The knowledge base in memory: documents, nodes with derived ids, parameters.

Nothing here reads files; `content.py` builds these objects from validated YAML.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TURKISH_LETTERS = "a b c ç d e f g ğ h ı i j k l m n o ö p r s ş t u ü v y z".split()


@dataclass
class Correction:
    field: str
    original: str
    corrected: str
    why: str
    where: str = ""  # free text for document-level corrections


@dataclass
class SourceNote:
    kind: str  # tutarsizlik | bosluk | belirsizlik
    text: str
    related: list[str] = field(default_factory=list)  # cites


@dataclass
class Node:
    doc: str  # document id: yonetmelik, rehber-2020-1
    id: str  # derived id inside the document: art_5__point_ç
    anchor: str  # HTML id on the site: madde-5-ç
    kind: str  # article | paragraph | point | item | section | part | list | footnote
    label: str = ""  # as shown: "Madde 5", "ç)", "4", "A)", "1-"
    no: str = ""  # number or letter as printed
    title: str = ""
    text: str = ""  # markup text (parameters, refs, footnotes unresolved)
    closing: str = ""
    list_style: str = ""  # harfli | numarali | tireli (for list containers and paragraphs with lists)
    role: str = ""
    project_types: list[str] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)
    term: str = ""
    term_forms: list[str] = field(default_factory=list)
    legal_basis: dict | None = None
    corrections: list[Correction] = field(default_factory=list)
    notes: list[SourceNote] = field(default_factory=list)
    explanation: str = ""
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = field(default=None, repr=False)
    heading_group: str = ""  # regulation: the heading printed above the article
    file: str = ""
    pos: tuple[int, int] = (0, 0)

    @property
    def cite(self) -> str:
        return f"{self.doc}:{self.id}"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self):
        n = self.parent
        while n is not None:
            yield n
            n = n.parent

    def effective_project_types(self) -> list[str]:
        for n in [self, *self.ancestors()]:
            if n.project_types:
                return n.project_types
        return []


@dataclass
class ParamValue:
    period: str
    value: Any
    cite: str = ""
    other_cites: list[str] = field(default_factory=list)
    external_cite: str = ""
    verified: bool | None = None
    explanation: str = ""
    # the attribute this value is for, e.g. {"sektor": "tarim-hayvancilik"} (content/nitelikler.yaml);
    # empty: the period's only value
    attributes: dict[str, str] = field(default_factory=dict)
    base: str = ""  # a multiple of another parameter: value × that parameter (e.g. 15 × brut_asgari_ucret)


@dataclass
class Attribute:
    """What a parameter's value may vary by within one period (content/nitelikler.yaml)."""
    id: str
    label: str
    options: dict[str, str]  # option id -> label, in the file's order
    explanation: str = ""
    file: str = ""
    pos: tuple[int, int] = (0, 0)


@dataclass
class Parameter:
    id: str
    label: str
    unit: str
    project_type: str
    values: list[ParamValue]
    external: bool = False
    explanation: str = ""
    file: str = ""
    pos: tuple[int, int] = (0, 0)

    def values_for(self, period: str) -> list[ParamValue]:
        """Every value of one period: one, or one per option of an attribute (sector …)."""
        return [v for v in self.values if v.period == period]

    def varies_in(self, period: str) -> str:
        """The attribute this parameter's value varies by in that period ("" when one value)."""
        return next((next(iter(v.attributes)) for v in self.values if v.period == period and v.attributes), "")

    def value_for(self, period: str | None) -> ParamValue | None:
        """The one value of a period; None when there is none or it varies by an attribute."""
        if period is None:
            return self.values[-1] if len(self.values) == 1 and not self.values[0].attributes else None
        # an index by period (the first value wins, as a scan would find it): a parameter has one
        # value per guide period and every {p:…} of every period asks, so a scan is quadratic
        index = self.__dict__.get("_by_period")
        if index is None or index[0] is not self.values or index[1] != len(self.values):
            by_period: dict = {}
            for v in self.values:
                by_period.setdefault(v.period, v)
            index = self.__dict__["_by_period"] = (self.values, len(self.values), by_period)
        found = index[2].get(period)
        return None if found is not None and found.attributes else found


@dataclass
class ProjectType:
    id: str
    title: str
    short_title: str
    cite: str  # the newest period's citation of the type (its item in section 3)
    part_cite: str = ""  # the newest period's part of section 4 that sets its rules ("" for none)
    order: int = 0
    # the guide periods the type exists in (where its `kaynak` resolves), oldest first, and
    # its citations in each: content/proje-turleri.yaml may write them period-free ("rehber:sec_3__…")
    periods: list[str] = field(default_factory=list)
    cites: dict[str, str] = field(default_factory=dict)  # period -> cite
    part_cites: dict[str, str] = field(default_factory=dict)  # period -> cite of its part
    audiences: list[str] = field(default_factory=list)  # `kime`: the audience pages that list it (isverenler)
    file: str = ""
    pos: tuple[int, int] = (0, 0)


@dataclass
class ParamGroup:
    """A group of parameters that is not a project type (content/parametre-gruplari.yaml): a
    parameter's `proje_turu` names a project type or one of these."""
    id: str
    title: str
    order: int = 0
    file: str = ""
    pos: tuple[int, int] = (0, 0)


@dataclass
class SourceDoc:
    id: str
    title: str
    short_title: str
    issuer: str
    file: str
    kind: str
    period: str | None = None
    meta: dict = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)
    roots: list[Node] = field(default_factory=list)  # top-level nodes in order
    footnotes: dict[str, Node] = field(default_factory=dict)


@dataclass
class KnowledgeBase:
    docs: dict[str, SourceDoc] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)  # by cite "doc:id"
    params: dict[str, Parameter] = field(default_factory=dict)
    project_types: dict[str, ProjectType] = field(default_factory=dict)
    attributes: dict[str, "Attribute"] = field(default_factory=dict)  # content/nitelikler.yaml
    param_groups: dict[str, ParamGroup] = field(default_factory=dict)  # content/parametre-gruplari.yaml
    root: Any = field(default=None, repr=False, compare=False)  # the project folder it was loaded from
    terms: dict[str, Node] = field(default_factory=dict)  # term -> defining node
    # the site's own words by id (content/aciklamalar.yaml: kb/content/owntext.py OwnText)
    own_texts: dict[str, Any] = field(default_factory=dict)
    # the easy-read pages (content/kolay-okunur/*.yaml: kb/content/easyread.py EasyReadPage), in their order
    easy_read: list[Any] = field(default_factory=list)
    # texts derived from the loaded content (plain text, citation labels), kept on first use:
    # search entries, pages and the JSON export ask for the same ones. Never content itself.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def node(self, cite: str) -> Node | None:
        return self.nodes.get(cite)

    def articles(self) -> list[Node]:
        return [n for n in self.docs["yonetmelik"].roots]

    def guides(self) -> list[SourceDoc]:
        """The guide documents, oldest period first (the last one is the newest, whatever the
        order of kaynaklar.yaml)."""
        return sorted((d for d in self.docs.values() if d.period), key=lambda d: period_key(d.period))

    def periods(self) -> list[str]:
        """The guide periods, oldest first ("2020/1" < "2020/2" < "2021/1")."""
        return sorted((d.period for d in self.guides()), key=period_key)

    def guide_of(self, period: str) -> SourceDoc | None:
        return next((d for d in self.guides() if d.period == period), None)

    def all_corrections(self):
        """(cite or doc id, Correction) for every recorded correction, in document order."""
        for doc in self.docs.values():
            for c in doc.corrections:
                yield doc.id, None, c
            for root in doc.roots:
                for n in root.walk():
                    for c in n.corrections:
                        yield doc.id, n, c
            for fn in doc.footnotes.values():
                for c in fn.corrections:
                    yield doc.id, fn, c

    def all_notes(self):
        for doc in self.docs.values():
            for root in doc.roots:
                for n in root.walk():
                    for note in n.notes:
                        yield n, note
            for fn in doc.footnotes.values():
                for note in fn.notes:
                    yield fn, note


def period_key(period: str) -> tuple:
    """Sort key of a period "YYYY/N" (numbers compared as numbers)."""
    return tuple(int(x) if x.isdigit() else 0 for x in period.split("/"))
