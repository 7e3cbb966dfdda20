"""The core pages: home, audiences, regulation, guide, amounts, sources."""
from __future__ import annotations

from kb.common.problems import BuildError, ProblemList
from kb.content.model import KnowledgeBase, Node
from kb.content.paramtext import value_text
from kb.site.render import Output, Page
from kb.site.richtext import to_plain
from kb.site.sitemap import PREVIOUS_PERIODS_URL, SiteMap, cite_label, guide_base_url
from kb.common.turkish import UNIT_TABLE, format_value, slug

NAV_AUDIENCE = ("Kimin için?",)
NAV_PROGRAMME = ("Destekli İstihdam Programı",)
NAV_GUIDES = ("İŞKUR proje destekleri",)
PREVIOUS_PERIODS_ORDER = 39  # after the newest period's pages (30, 31, …) in the same section


def _nav_guide(kb: KnowledgeBase, doc_id: str) -> tuple[str, ...]:
    # one subsection per period; only the newest period's pages are put in the navigation
    return (*NAV_GUIDES, f"{kb.docs[doc_id].period} dönemi")


def display_value(kb: KnowledgeBase, p, v) -> str:
    """A value as the amounts page shows it: "3.577,50 TL/ay", "aylık brüt asgari ücretin 15 katı"."""
    if v.base:
        return value_text(kb, p, v)
    shown = format_value(v.value, p.unit)
    if p.unit.startswith("TL_"):
        return f"{shown}/{UNIT_TABLE[p.unit].split('/')[1]}"
    return shown


def option_label(kb: KnowledgeBase, p, v) -> str:
    """The option a value is for when the parameter varies within its period ("Tarım ve
    hayvancılık projeleri"), as content/nitelikler.yaml writes it; "" for a period's only value."""
    aid = p.varies_in(v.period)
    if not aid or aid not in v.attributes:
        return ""
    attr = kb.attributes.get(aid)
    opt = v.attributes[aid]
    return attr.options.get(opt, opt) if attr else opt


# the kinds of source note that make a value's reading uncertain (a blank, "bosluk", does not)
READING_NOTE_KINDS = ("belirsizlik", "tutarsizlik")


def reading_flags(kb: KnowledgeBase, sm: SiteMap, v) -> list[dict]:
    """The source notes that put a value's reading in doubt: each note of kind belirsizlik or
    tutarsizlik on the node the value cites or on one of its other citations (diger_kaynaklar),
    with the URL of the note where the node's page shows it. The note is about the cited
    paragraph, not necessarily about this one value: the amounts page says so in its words."""
    flags = []
    for cite in [v.cite, *v.other_cites] if v.cite else []:
        node = kb.nodes[cite]
        for i, note in enumerate(node.notes, 1):
            if note.kind in READING_NOTE_KINDS:
                flags.append({"kind": note.kind, "cite": cite, "url": sm.note_url(cite, i)})
    return flags


def _search_entries(kb: KnowledgeBase, page_url: str, page_title: str, roots: list[Node]) -> list[dict]:
    """One search entry per heading, paragraph and list item, so results land on the paragraph."""
    docs = [{"location": page_url, "title": page_title, "text": ""}]
    for root in roots:
        for node in root.walk():
            if node.kind in ("article", "section", "part"):
                title = node.label if node.kind == "article" else f"{node.no + ') ' if node.no else ''}{to_plain(kb, node, node.title)}"
                if node.kind == "article":
                    title = f"{node.label} — {node.heading_group}"
                docs.append({"location": f"{page_url}#{node.anchor}", "title": title, "text": ""})
                continue
            body = to_plain(kb, node, node.text) if node.text else ""
            if node.closing:
                body += " " + to_plain(kb, node, node.closing)
            if not body:
                continue
            docs.append({"location": f"{page_url}#{node.anchor}", "title": cite_label(kb, node), "text": body})
    return docs


def core_pages(kb: KnowledgeBase, sm: SiteMap) -> Output:
    out = Output()
    guides = kb.guides()
    guide = guides[-1] if guides else None
    pts = sorted(kb.project_types.values(), key=lambda p: p.order)

    common = {"guide": guide}
    out.pages.append(Page("index.md", "Ana sayfa", "home.md.j2", common, (), 0))
    out.pages.append(Page("adaylar-ve-aileler.md", "Adaylar ve aileler", "audience_candidates.md.j2", common, NAV_AUDIENCE, 10))
    # the project types the employers' page lists: `kime: [isverenler]` in content/proje-turleri.yaml,
    # in that file's order, each with its part of section 4 in the newest guide
    employer_types = [(pt.id, pt.part_cite) for pt in pts if "isverenler" in pt.audiences and pt.part_cite]
    out.pages.append(Page("isverenler.md", "İşverenler", "audience_employers.md.j2",
                          {**common, "employer_types": employer_types}, NAV_AUDIENCE, 11))
    out.pages.append(Page("kurumlar.md", "Proje hazırlayan kurumlar", "audience_orgs.md.j2",
                          {**common, "project_types": pts}, NAV_AUDIENCE, 12))
    doc_lists = []
    for n in kb.nodes.values():
        if n.kind == "list" and n.role == "belgeler" and (guide is None or n.doc == guide.id):
            types = n.effective_project_types()
            title = " / ".join(kb.project_types[t].short_title for t in types) if types else cite_label(kb, n)
            doc_lists.append({"cite": n.cite, "title": title, "count": len(n.children)})
    out.pages.append(Page("gise-personeli.md", "Gişe personeli", "audience_counter.md.j2",
                          {**common, "document_lists": doc_lists}, NAV_AUDIENCE, 13))

    # regulation
    reg = kb.docs["yonetmelik"]
    groups = []
    for art in reg.roots:
        if not groups or groups[-1]["title"] != art.heading_group:
            groups.append({"title": art.heading_group, "anchor": "bolum-" + slug(art.heading_group), "articles": []})
        groups[-1]["articles"].append(art)
    reg_page = Page("yonetmelik.md", reg.short_title, "regulation.md.j2", {"doc": reg, "groups": groups},
                    NAV_PROGRAMME, 20, search="nodes")
    out.pages.append(reg_page)
    out.search_docs += _search_entries(kb, reg_page.url, reg.short_title, reg.roots)

    # guides: every period gets its pages, only the newest (the last, as everywhere on the site)
    # is in the navigation; the older ones are listed on the "Önceki dönemler" page
    for g in guides:
        base = guide_base_url(g.id)
        newest = g is guide
        overview_roots = [r for r in g.roots]
        part_pages = [gp for gp in sm.guide_pages if gp.doc == g.id and gp.root is not None]
        # this period's own page for each project type (sm.project_type_page holds the newest period's)
        own_page = {pid: gp.url for gp in part_pages for pid in gp.project_types}
        # the types of this period (content/proje-turleri.yaml: where their item of section 3 exists), each
        # cited in this period's own text
        pt_rows = [{"id": pt.id, "title": pt.title, "cite": pt.cites.get(g.period, pt.cite),
                    "url": own_page.get(pt.id) or sm.project_type_page.get(pt.id, "")}
                   for pt in pts if not pt.periods or g.period in pt.periods]
        idx = Page(base.removesuffix("/") + "/index.md", "Rehber: genel bölümler", "guide_index.md.j2",
                   {"doc": g, "roots": overview_roots, "project_types": pt_rows,
                    "footnotes": list(g.footnotes.values())}, _nav_guide(kb, g.id), 30, search="nodes",
                   in_nav=newest)
        out.pages.append(idx)
        part_cites = {gp.root.cite for gp in part_pages}
        # the overview page shows everything except the parts that have their own page
        idx.context["roots"] = overview_roots
        idx.context["skip"] = part_cites
        search_roots = []
        for r in overview_roots:
            search_roots.append(_Pruned(r, part_cites))
        out.search_docs += _search_entries(kb, idx.url, g.short_title, [s.node for s in search_roots])
        for i, gp in enumerate(part_pages):
            types = [kb.project_types[t] for t in gp.project_types]
            page = Page(gp.url.removesuffix("/") + ".md", gp.title, "guide_part.md.j2",
                        {"doc": g, "part": gp.root, "title": gp.title, "types": types,
                         "deadline_cite": kb.params["son_basvuru_tarihi"].value_for(g.period).cite, "extras": []},
                        _nav_guide(kb, g.id), 31 + i, search="nodes", in_nav=newest,
                        source=f"{gp.root.file}:{gp.root.pos[0]}")
            out.pages.append(page)
            out.search_docs += _search_entries(kb, page.url, gp.title, [gp.root])

    if len(guides) > 1:
        # with a single period there is nothing to list: the page is not built
        older = [{"doc": g, "url": guide_base_url(g.id)} for g in reversed(guides[:-1])]
        out.pages.append(Page(PREVIOUS_PERIODS_URL.removesuffix("/") + ".md", "Önceki dönemler", "guide_previous.md.j2",
                              {"current": guide, "older": older}, NAV_GUIDES, PREVIOUS_PERIODS_ORDER))

    # amounts
    groups = _amount_groups(kb, sm, pts)
    flagged = any(r["flags"] for g in groups for rows in g["rows"].values() for r in rows)
    out.pages.append(Page("tutarlar.md", "Tutarlar ve oranlar", "amounts.md.j2",
                          {"groups": groups, "guides": guides, "flagged": flagged}, (), 50))

    # sources (rendered last: it lists the outbound links the other pages collected)
    docs = []
    corrections_by_doc: dict[str, list] = {}
    for doc_id, node, c in kb.all_corrections():
        corrections_by_doc.setdefault(doc_id, []).append((node, c))
    notes_by_doc: dict[str, list] = {}
    for n, note in kb.all_notes():
        notes_by_doc.setdefault(n.doc, []).append((n, note))
    for d in kb.docs.values():
        corrections = []
        seen_rows = set()
        for node, c in corrections_by_doc.get(d.id, []):
            row_id = None
            if node is not None:
                rid = f"duz-{node.doc}-{node.anchor}"
                if rid not in seen_rows:
                    row_id = rid
                    seen_rows.add(rid)
            corrections.append((node, c, row_id))
        notes = notes_by_doc.get(d.id, [])
        docs.append({"doc": d, "corrections": corrections, "notes": notes})
    external = [p for p in kb.params.values() if p.external]
    out.pages.append(Page("kaynaklar.md", "Kaynaklar ve düzeltmeler", "sources.md.j2",
                          {"docs": docs, "external": external, "outbound": None}, (), 60))
    return out


def _amount_groups(kb: KnowledgeBase, sm: SiteMap, pts: list) -> list[dict]:
    """The sections of the amounts page: one per project type, then one per parameter group
    (content/parametre-gruplari.yaml, in its order), each with its parameters and one row per
    value. Two sections with one id (the page would repeat the HTML id grup-<id>) or a
    parameter in no section fails the build: nothing is left out or shown twice silently."""
    sections = [(pt.id, pt.short_title, f"proje türü '{pt.id}'", pt.file, pt.pos) for pt in pts]
    sections += [(g.id, g.title, f"parametre grubu '{g.id}'", g.file, g.pos)
                 for g in sorted(kb.param_groups.values(), key=lambda g: g.order)]
    problems = ProblemList()
    claimed: dict[str, tuple] = {}
    for gid, _, what, file, pos in sections:
        first = claimed.setdefault(gid, (what, file, pos))
        if first[1:] != (file, pos):
            problems.add(file, pos, f"'{gid}' kimliğini iki bölüm kullanıyor: {first[0]} ({first[1]}:{first[2][0]}) ve "
                         f"{what} ({file}:{pos[0]}); tutarlar sayfasında iki 'grup-{gid}' bölümü olurdu",
                         "birine başka bir kimlik verin (parametrelerin 'proje_turu' değerlerini de değiştirin)")
    by_group: dict[str, list] = {}
    for p in kb.params.values():
        by_group.setdefault(p.project_type, []).append(p)
    for gid in by_group.keys() - claimed.keys():
        for p in by_group[gid]:
            problems.add(p.file, p.pos, f"'{p.id}' parametresi tutarlar sayfasında hiçbir bölüme girmiyor: "
                         f"'{gid}' ne proje türü ne parametre grubu",
                         "'proje_turu' alanına bir proje türü ya da content/parametre-gruplari.yaml'daki bir grup yazın")
    if problems:
        raise BuildError(problems)
    groups = []
    for gid, title, *_ in sections:
        if gid in by_group:
            rows = {p.id: [{"v": v, "value": display_value(kb, p, v), "option": option_label(kb, p, v),
                            "note": v.explanation, "flags": reading_flags(kb, sm, v)} for v in p.values] for p in by_group[gid]}
            groups.append({"id": gid, "title": title, "params": by_group[gid], "rows": rows})
    return groups


class _Pruned:
    """A view of a guide root for the overview page's search entries: parts with own pages left out."""

    def __init__(self, node: Node, skip: set[str]):
        self.node = _copy_without(node, skip)


def _copy_without(node: Node, skip: set[str]) -> Node:
    import copy

    clone = copy.copy(node)
    clone.children = [_copy_without(c, skip) for c in node.children if c.cite not in skip]
    return clone
