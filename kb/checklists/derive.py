"""Printable checklists for the counter: one page per project type with a document list,
one for applying to the municipality's Destekli İstihdam Programı, and an index page.

Nothing on a checklist is typed here. Every line comes from the content:

- documents: the items of the guide's `rol: belgeler` list for the project type, with
  their printed number and qualifiers (`nitelikler`);
- conditions: the `rol: sartlar` lists (one line per item) and paragraphs in the
  project type's part of section 4;
- who may apply: the first paragraph under the guide's own "Kimler …?" heading for the
  type (4-A-a-i, 4-A-a-ii, 4-B-d), otherwise the type's first `sartlar` paragraph (the
  "… tüzel kişilikler sunabileceklerdir" paragraphs of 4-C, 4-D, 4-E);
- warnings: the `rol: uyari` nodes of the type's part and the guide's `uyari` nodes that
  belong to no project type (sections 5–6);
- deadlines: the parameters son_basvuru_tarihi and eksik_tamamlama_son_tarihi for the
  guide's period, with the point that states them;
- how and where to apply: the `basvuru` block of the guide's entry in content/kaynaklar.yaml
  (channels from a closed list, the place quoted verbatim, the node that says it;
  kb/content/application.py), so each period shows its own.

The programme checklist is built only from the regulation's provisions on applying
(Madde 8, 9, 24), one line per sentence; the regulation gives no document list, so the
checklist has none and says so.

The same data feeds the page (templates/checklist.md.j2, through pages.py) and catalog.json
("checklists", described in schemas/catalog.schema.json).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.checklists.qr import qr_svg
from kb.content.application import CHANNELS, application_of
from kb.content.model import KnowledgeBase, Node, ProjectType, SourceDoc
from kb.site.richtext import to_plain
from kb.site.sitemap import REGULATION_URL, SiteMap, guide_base_url, public_url
from kb.common.turkish import fold, lower_tr, upper_tr


BASE_URL = "kontrol-listeleri/"
PROGRAMME_ID = "destekli-istihdam-programi"
# The regulation's provisions on applying to the programme, in the order a counter goes
# through them: appointment and who comes (Madde 8), complete information and documents
# (Madde 9), the applicant's obligations (Madde 24).
PROGRAMME_CITES = ("yonetmelik:art_8__para_1", "yonetmelik:art_9__para_1", "yonetmelik:art_24__para_1")
DEADLINE_PARAMS = ("son_basvuru_tarihi", "eksik_tamamlama_son_tarihi")

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÇĞİÖŞÜ])")


@dataclass
class Line:
    """One tickable line: a condition, a document, or a provision of the regulation."""

    id: str  # HTML id of the checkbox
    node: Node
    text: str  # plain text, as the source says it (a sentence of it for the regulation)
    number: str | None  # as printed in the source ("1", "a"); None when it prints none
    label: str  # number as printed with its punctuation ("1-", "a)", "–"); "" for paragraphs
    cites: list[str]
    qualifiers: list[str] = field(default_factory=list)
    # a numbered item shown in a group that cites its list: on paper, the list's citation in
    # the legend and the item's printed number cite it (the screen shows every citation)
    listed: bool = False

    def json(self, with_qualifiers: bool = False) -> dict:
        d = {"number": self.number, "text": self.text, "cites": self.cites}
        if with_qualifiers:
            d["qualifiers"] = self.qualifiers
        return d


@dataclass
class Group:
    """A fieldset of lines with its legend (derived from the source's headings)."""

    legend: str
    cite: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Checklist:
    id: str
    title: str  # "Kontrol listesi: …"
    short_title: str
    url: str
    # the page's public address and its QR code; None while the site's address is not set
    # (SITE_URL): a printed sheet then carries no address that leads nowhere
    absolute_url: str | None
    qr_svg: str | None
    doc: SourceDoc
    project_type: ProjectType | None
    who: Group | None
    condition_groups: list[Group]
    documents: Group | None
    documents_lead: list[Node]  # uyari paragraphs printed right before the document list
    warnings: list[Node]
    deadlines: list[dict]
    fields: list[str]  # blank lines to fill in by hand
    signatures: list[str]
    documents_note: str = ""  # id of the site's own text (content/aciklamalar.yaml) said instead of document lines
    # how and where applications are made in the period (guide checklists): see _application
    application: dict | None = None

    @property
    def doc_url(self) -> str:
        return guide_base_url(self.doc.id) if self.doc.period else REGULATION_URL

    @property
    def conditions(self) -> list[Line]:
        return [line for g in self.condition_groups for line in g.lines]


# ------------------------------------------------------------------ helpers
def _title(kb: KnowledgeBase, node: Node) -> str:
    """A heading as a legend: the guide prints some headings in capitals; a legend shows them in
    sentence case ("ENGELLİLERE YÖNELİK …" -> "Engellilere yönelik …"), the words unchanged."""
    title = to_plain(kb, node, node.title).strip()
    if title and title == upper_tr(title) and title != lower_tr(title):
        low = lower_tr(title)
        return upper_tr(low[0]) + low[1:]
    return title


def _part_title(kb: KnowledgeBase, node: Node) -> Node | None:
    return next((a for a in node.ancestors() if a.kind in ("section", "part")), None)


def _part_in(kb: KnowledgeBase, pt: ProjectType, doc: SourceDoc) -> Node | None:
    """The project type's part of section 4 in the guide `doc`. content/proje-turleri.yaml
    names the part in one period (`bolum`); a newer period has its own copy: the part at
    the same place when it still lists the type, else the outermost part that does."""
    if not pt.part_cite:
        return None
    same_place = kb.nodes.get(doc.id + ":" + pt.part_cite.split(":", 1)[1])
    if same_place is not None and pt.id in same_place.project_types:
        return same_place
    for root in doc.roots:
        for n in root.walk():
            if n.kind == "part" and pt.id in n.project_types:
                return n
    return None


def _scope(part: Node, pt: ProjectType) -> list[Node]:
    """The nodes of the project type's part that apply to this type, in order."""
    return [n for n in part.walk() if pt.id in n.effective_project_types()]


def _who(kb: KnowledgeBase, pt: ProjectType, scope: list[Node]) -> Node | None:
    heads = [n for n in scope if n.kind == "part" and fold(_title(kb, n)).startswith("kimler")]
    for head in heads:
        # the sub-part written for this type alone ("i) Engellilerde aranılan şartlar"), else the head itself
        own = [c for c in head.children if c.kind == "part" and c.project_types == [pt.id]]
        for target in own + [head]:
            first = next((c for c in target.children if c.kind == "paragraph"), None)
            if first is not None:
                return first
    return next((n for n in scope if n.kind == "paragraph" and n.role == "sartlar"), None)


def _line(kb: KnowledgeBase, node: Node, id_: str, text: str | None = None, listed: bool = False) -> Line:
    numbered = bool(node.kind in ("point", "item") and node.no)
    return Line(id=id_, node=node, text=(text if text is not None else to_plain(kb, node, node.text)).strip(),
                number=node.no if numbered else None, label=node.label if node.kind in ("point", "item") else "",
                cites=[node.cite], qualifiers=list(node.qualifiers), listed=listed and numbered)


def _deadlines(kb: KnowledgeBase, doc: SourceDoc) -> list[dict]:
    out = []
    for pid in DEADLINE_PARAMS:
        p = kb.params.get(pid)
        v = p.value_for(doc.period) if p else None
        if v is None:
            continue
        out.append({"param": pid, "label": p.label, "value": v.value, "cites": [v.cite] if v.cite else []})
    return out


def _application(kb: KnowledgeBase, doc: SourceDoc) -> dict | None:
    """The period's channels (ids and the site's labels) and place (the source's words), with their nodes."""
    app = application_of(doc)
    if app is None:
        return None
    place_node = kb.nodes.get(app.place_cite)
    return {"channels": [{"id": c, "label": CHANNELS[c].label} for c in app.channels if c in CHANNELS],
            "channels_text": app.channels_text,
            "place": to_plain(kb, place_node if place_node is not None else doc.id, app.place).strip(),
            "cites": [app.cite], "place_cites": [app.place_cite]}


# ------------------------------------------------------------------ checklists
def _guide_checklist(kb: KnowledgeBase, sm: SiteMap, doc: SourceDoc, pt: ProjectType, part: Node, doc_list: Node,
                     base: str) -> Checklist:
    scope = _scope(part, pt)
    who_node = _who(kb, pt, scope)
    who = None
    if who_node is not None:
        who = Group(legend="Kimler başvurabilir?", cite=who_node.cite, lines=[_line(kb, who_node, "kimler-1")])

    groups: list[Group] = []
    n = 0
    for node in scope:
        if node.role != "sartlar" or node is who_node:
            continue
        if node.kind == "list":
            head = _part_title(kb, node)
            legend = to_plain(kb, node, node.text).strip() if node.text else _title(kb, head)
            g = Group(legend=legend, cite=node.cite)
            for item in node.children:
                n += 1
                g.lines.append(_line(kb, item, f"sart-{n}", listed=True))
            groups.append(g)
        elif node.kind == "paragraph":
            head = _part_title(kb, node)
            if not groups or groups[-1].cite != head.cite:
                groups.append(Group(legend=_title(kb, head), cite=head.cite))
            n += 1
            groups[-1].lines.append(_line(kb, node, f"sart-{n}"))

    documents = Group(legend=_title(kb, _part_title(kb, doc_list)), cite=doc_list.cite,
                      lines=[_line(kb, item, f"belge-{i}", listed=True) for i, item in enumerate(doc_list.children, 1)])
    # the warning the guide puts right before the list ("Tek bir belgenin bile eksik olması …")
    siblings = doc_list.parent.children if doc_list.parent else []
    idx = siblings.index(doc_list)
    lead = []
    for s in reversed(siblings[:idx]):
        if s.kind == "paragraph" and s.role == "uyari":
            lead.insert(0, s)
        else:
            break

    lead_ids = {x.cite for x in lead}
    warnings = [x for x in scope if x.role == "uyari" and x.cite not in lead_ids]
    for root in doc.roots:
        for x in root.walk():
            if x.role == "uyari" and not x.effective_project_types():
                warnings.append(x)

    url = f"{base}{pt.id}/"
    absolute, qr = _address(url)
    return Checklist(
        id=pt.id, title=f"Kontrol listesi: {pt.short_title}", short_title=pt.short_title, url=url,
        absolute_url=absolute, qr_svg=qr, doc=doc, project_type=pt, who=who,
        condition_groups=groups, documents=documents, documents_lead=lead, warnings=warnings,
        deadlines=_deadlines(kb, doc), application=_application(kb, doc),
        fields=["Başvuru sahibi", "Görüşen kişi", "Gişe personeli", "Tarih", "Eksik belgeler, notlar"],
        signatures=["Başvuru sahibi ya da yetkilisi", "Gişe personeli"],
    )


def _address(url: str) -> tuple[str | None, str | None]:
    """The page's public address and its QR code, or (None, None) while the site has no address."""
    base = public_url()
    return (base + url, qr_svg(base + url)) if base else (None, None)


def _programme_checklist(kb: KnowledgeBase, sm: SiteMap, base: str) -> Checklist:
    doc = kb.docs["yonetmelik"]
    who = None
    aday = kb.terms.get("Aday")
    if aday is not None:
        who = Group(legend="Kimler başvurabilir?", cite=aday.cite, lines=[_line(kb, aday, "kimler-1")])
    groups: list[Group] = []
    n = 0
    for cite in PROGRAMME_CITES:
        node = kb.nodes[cite]
        art = node if node.kind == "article" else next(a for a in node.ancestors() if a.kind == "article")
        g = Group(legend=art.heading_group, cite=node.cite)
        for sentence in SENTENCE_END.split(to_plain(kb, node, node.text).strip()):
            n += 1
            g.lines.append(_line(kb, node, f"sart-{n}", sentence))
        groups.append(g)
    url = f"{base}{PROGRAMME_ID}/"
    absolute, qr = _address(url)
    return Checklist(
        id=PROGRAMME_ID, title="Kontrol listesi: Destekli İstihdam Programı başvurusu",
        short_title="Destekli İstihdam Programı başvurusu", url=url, absolute_url=absolute,
        qr_svg=qr, doc=doc, project_type=None, who=who, condition_groups=groups,
        documents=None, documents_lead=[], warnings=[], deadlines=[],
        fields=["Aday", "Aile / yasal temsilci (varsa)", "Personel", "Randevu tarihi ve saati", "Tarih",
                "Sunulan bilgi ve belgeler, notlar"],
        signatures=["Aday", "Aile / yasal temsilci", "Personel"],
        documents_note="kontrol_listesi_program_belgeler",
    )


def checklists(kb: KnowledgeBase, sm: SiteMap) -> list[Checklist]:
    guides = kb.guides()
    out: list[Checklist] = []
    if guides:
        doc = guides[-1]
        base = BASE_URL
        by_type: dict[str, Node] = {}
        for node in kb.nodes.values():
            if node.doc == doc.id and node.kind == "list" and node.role == "belgeler":
                for t in node.effective_project_types():
                    by_type.setdefault(t, node)
        for pt in sorted(kb.project_types.values(), key=lambda p: p.order):
            part = _part_in(kb, pt, doc) if pt.id in by_type else None
            if part is not None:
                out.append(_guide_checklist(kb, sm, doc, pt, part, by_type[pt.id], base))
    if all(c in kb.nodes for c in PROGRAMME_CITES):
        out.append(_programme_checklist(kb, sm, BASE_URL))
    return out


