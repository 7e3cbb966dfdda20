"""The site's own words on the pages: the Jinja globals that show an entry of
content/aciklamalar.yaml (kb/content/owntext.py) inside the own-words label with a link to
each passage it rests on, and the check that templates name only entries that exist and
that every entry is shown somewhere.

    {{ own_text(page, "adaylar_veri_saklama") }}                 a box: label, text, "Dayanak: …"
    {{ own_text(page, "ana_sayfa_program", box=false, label="") }}   a paragraph inside a box
                                                                 that carries the label (a summary)
    {{ own_text(page, "isverenler_basvuru", doc=guide) }}        rehber:ID citations and {p:…}
                                                                 in that guide's period
    {{ own_words_cited(text=…, sources=cite_sources(page, cites)) }}  text a template derives
                                                                 (a rule's explanation)

Templates name an entry by its id written literally (`own_text(page, "ID"`), so that `check`
finds every use without rendering: an id no entry has is reported at the template's line, an
entry no template names (and no parameter shows: `parametre:`) at the entry's line.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from kb.common.paths import ROOT
from kb.common.problems import BuildError, ProblemList
from kb.content.model import KnowledgeBase, Node
from kb.content.owntext import OWN_TEXTS_FILE, concrete_cite, concrete_text

TEMPLATES = ROOT / "templates"
# a use: own_text(page, "id" … — the id written literally
USE_RE = re.compile(r"""\bown_text\(\s*page\s*,\s*["']([^"']*)["']""")


def _doc_id(doc) -> str | None:
    return getattr(doc, "id", doc) or None


def register(env, kb: KnowledgeBase, url_of: Callable[[str], str], href: Callable, render_text: Callable,
             label_of: Callable[[str], str]) -> None:
    """Add own_text, own_texts_of_param and cite_sources to the environment's globals.

    url_of(cite) -> site URL; href(page, url) -> relative address; render_text(page, node, text)
    -> HTML of content text; label_of(cite) -> the citation's label."""
    macro = env.get_template("own-words/own-words.j2").module.own_words_cited

    def cite_sources(page, cites, doc=None) -> list[dict]:
        out = []
        for c in cites:
            cite = concrete_cite(kb, c, _doc_id(doc))
            out.append({"href": href(page, url_of(cite)), "label": label_of(cite)})
        return out

    def own_text(page, tid: str, doc=None, box: bool = True, label: str | None = None, classes: str = "") -> Markup:
        ot = kb.own_texts.get(tid)
        if ot is None:
            close = difflib.get_close_matches(tid, list(kb.own_texts), n=1, cutoff=0.6)
            problems = ProblemList()
            problems.add(f"templates/{page.template}", None, f"bilinmeyen açıklama: '{tid}' ({page.path})",
                         f"bunu mu demek istediniz: {close[0]}" if close else
                         f"açıklamayı content/{OWN_TEXTS_FILE} dosyasına ekleyin")
            raise BuildError(problems)
        doc_id = _doc_id(doc)
        text = render_text(page, Node(doc_id or "", ot.id, "", "own"), concrete_text(kb, ot.text, doc_id))
        extra = {} if label is None else {"label": label}  # None: the component's own label
        return macro(text=text, sources=cite_sources(page, ot.cites, doc_id), id=ot.id, box=box, classes=classes, **extra)

    def own_texts_of_param(pid: str) -> list[str]:
        return [t.id for t in kb.own_texts.values() if t.param == pid]

    env.globals.update(own_text=own_text, own_texts_of_param=own_texts_of_param, cite_sources=cite_sources,
                       own_words_cited=macro)


# ------------------------------------------------------------------ check (without rendering)
def template_uses(templates: Path = TEMPLATES) -> dict[str, list[tuple[str, int]]]:
    """id -> [(template file as shown, line)] of every literal own_text(page, "id") call."""
    uses: dict[str, list[tuple[str, int]]] = {}
    for p in sorted(templates.rglob("*.j2")):
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            for m in USE_RE.finditer(line):
                uses.setdefault(m.group(1), []).append((f"templates/{p.relative_to(templates).as_posix()}", i))
    return uses


def check_own_text_uses(kb: KnowledgeBase, templates: Path = TEMPLATES) -> ProblemList:
    problems = ProblemList()
    uses = template_uses(templates)
    for tid, places in uses.items():
        if tid in kb.own_texts:
            continue
        close = difflib.get_close_matches(tid, list(kb.own_texts), n=1, cutoff=0.6)
        for file, line in places:
            problems.add(file, (line, 1), f"bilinmeyen açıklama: '{tid}'",
                         f"bunu mu demek istediniz: {close[0]}" if close else
                         f"açıklamayı content/{OWN_TEXTS_FILE} dosyasına ekleyin")
    for ot in kb.own_texts.values():
        if ot.id not in uses and not (ot.param and ot.param in kb.params):
            problems.add(ot.file, ot.pos, f"'{ot.id}' açıklaması hiçbir sayfada gösterilmiyor",
                         f"bir şablonda {{{{ own_text(page, \"{ot.id}\") }}}} ile gösterin ya da açıklamayı silin")
    return problems


def require_own_texts_used(kb: KnowledgeBase) -> None:
    """Raise BuildError with every unknown or unused own-words entry (check and build)."""
    problems = check_own_text_uses(kb)
    if problems:
        raise BuildError(problems)
