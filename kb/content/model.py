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

    def value_for(self, period: str | None) -> ParamValue | None:
        if period is None:
            return self.values[-1] if len(self.values) == 1 else None
        # an index by period (the first value wins, as a scan would find it): a parameter has one
        # value per guide period and every {p:…} of every period asks, so a scan is quadratic
        index = self.__dict__.get("_by_period")
        if index is None or index[0] is not self.values or index[1] != len(self.values):
            by_period: dict = {}
            for v in self.values:
                by_period.setdefault(v.period, v)
            index = self.__dict__["_by_period"] = (self.values, len(self.values), by_period)
        return index[2].get(period)


@dataclass
class ProjectType:
    id: str
    title: str
    short_title: str
    cite: str
    part_cite: str = ""
    order: int = 0


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
    terms: dict[str, Node] = field(default_factory=dict)  # term -> defining node
    # texts derived from the loaded content (plain text, citation labels), kept on first use:
    # search entries, pages and the JSON export ask for the same ones. Never content itself.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def node(self, cite: str) -> Node | None:
        return self.nodes.get(cite)

    def articles(self) -> list[Node]:
        return [n for n in self.docs["yonetmelik"].roots]

    def guides(self) -> list[SourceDoc]:
        return [d for d in self.docs.values() if d.period]

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
