"""How and where applications are made in one guide period: the `basvuru` block of the
guide's entry in content/kaynaklar.yaml (format: content/README.md).

    rehber-2020-1:
      basvuru:
        yollar: [elden, posta]       # the channels, from the closed list CHANNELS below
        yer: "Türkiye İş Kurumunun … Hizmet Merkezlerine"   # the place, as the paragraph writes it
        kaynak: "rehber-2020-1:sec_5__para_1"              # the paragraph that says both
        yer_kaynak: "…"              # optional: the place is said by another node

The JSON Schema (schemas/content/kaynaklar.schema.json) checks the shape and the channel
ids; `check_applications` checks what needs the loaded content, after the loader: each
citation resolves to a node of that same guide, the place is a verbatim quote of its node,
and the cited node names every channel (one of the channel's words occurs in it). So a new
period copied from the previous one, whose section 5 now says something else, fails
`check` until the editor states the new period's channel and place.

Read by the checklists (kb/checklists/derive.py); run by `check` and `build`
(kb/commands/)."""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kb.common.problems import BuildError, ProblemList
from kb.common.turkish import fold
from kb.content import yamlsource
from kb.content.model import KnowledgeBase, Node, SourceDoc

SOURCES_FILE = "content/kaynaklar.yaml"


@dataclass(frozen=True)
class Channel:
    label: str  # Turkish, as the site shows it ("posta ile")
    words: tuple[str, ...]  # folded words, one of which the cited node must contain


# The closed list of channels, defined once (the schema's enum lists the same ids; a test
# keeps them equal). Labels are the site's words for the source's own.
CHANNELS: dict[str, Channel] = {
    "elden": Channel("elden", ("elden",)),
    "posta": Channel("posta ile", ("posta",)),
    "kargo": Channel("kargo ile", ("kargo",)),
    "e-posta": Channel("e-posta ile", ("e-posta", "eposta", "elektronik posta")),
    "kep": Channel("KEP (kayıtlı elektronik posta) ile", ("kep", "kayitli elektronik posta")),
    "cevrimici": Channel("çevrimiçi (internet üzerinden)",
                         ("cevrimici", "internet", "elektronik ortam", "online", "e-devlet", "e-sube", "esube",
                          "e-basvuru", "portal", "http", "www")),
}


@dataclass(frozen=True)
class Application:
    doc: str  # the guide's document id
    channels: tuple[str, ...]  # channel ids, in the editor's order
    place: str  # markup text, a verbatim quote of the place node
    cite: str  # the node that names the channels (and the place, unless place_cite differs)
    place_cite: str

    @property
    def labels(self) -> list[str]:
        return [CHANNELS[c].label for c in self.channels if c in CHANNELS]

    @property
    def channels_text(self) -> str:
        """"elden ya da posta ile"; "elden, posta ile ya da kargo ile"."""
        labels = self.labels
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " ya da " + labels[-1]


def application_of(doc: SourceDoc) -> Application | None:
    """The guide's `basvuru` block; None for a document without one (the regulation)."""
    raw = doc.meta.get("basvuru") if doc.meta else None
    if not raw:
        return None
    cite = raw.get("kaynak", "")
    return Application(doc.id, tuple(raw.get("yollar", ())), raw.get("yer", ""), cite, raw.get("yer_kaynak") or cite)


# ------------------------------------------------------------------ check
def _words(s: str) -> str:
    return " ".join(s.split())


def _node_text(node: Node) -> str:
    return _words(" ".join(t for t in (node.title, node.text, node.closing) if t))


def _names(text: str, word: str) -> bool:
    return re.search(r"(?<![a-z0-9])" + re.escape(word), fold(text)) is not None


class _Checker:
    def __init__(self, root: Path, kb: KnowledgeBase):
        self.root = root
        self.kb = kb
        self.problems = ProblemList()
        self._doc: yamlsource.Document | None = None

    def pos(self, path: tuple) -> tuple[int, int] | None:
        """Line and column of a key's value in kaynaklar.yaml, read only when a problem is reported."""
        if self._doc is None:
            self._doc = yamlsource.load(self.root / SOURCES_FILE, SOURCES_FILE, ProblemList())
        return self._doc.pos(path) if self._doc else None

    def add(self, path: tuple, message: str, fix: str) -> None:
        self.problems.add(SOURCES_FILE, self.pos(path), message, fix)

    def node(self, sd: SourceDoc, cite: str, key: str) -> Node | None:
        """The cited node, if it resolves and belongs to this guide (else a problem)."""
        path = (sd.id, "basvuru", key)
        node = self.kb.nodes.get(cite)
        if node is None:
            close = difflib.get_close_matches(cite, [c for c in self.kb.nodes if c.startswith(sd.id + ":")], n=5, cutoff=0.75)
            # of the close ones, the one in the same part (sec_5__para_2 -> sec_5__para_1, not sec_7__para_2)
            close.sort(key=lambda c: -len(os.path.commonprefix([cite, c])))
            self.add(path, f"atıf bulunamadı: '{cite}'", f"bunu mu demek istediniz: {close[0]}" if close else
                     f"{sd.period} döneminin rehberinde başvurunun yolunu ve yerini söyleyen düğümün atfını yazın "
                     f"({sd.id}:kimlik, bkz. content/README.md)")
            return None
        if node.doc != sd.id:
            same = f"{sd.id}:{node.id}"
            self.add(path, f"başvuru bilgisi başka bir belgeye atıf yapıyor: '{cite}'",
                     f"{sd.period} döneminin kendi rehberindeki düğümü yazın" +
                     (f": {same}" if same in self.kb.nodes else f" ({sd.id}:kimlik)"))
            return None
        return node

    def guide(self, sd: SourceDoc) -> None:
        app = application_of(sd)
        if app is None:  # the schema requires the block: reported there
            return
        node = self.node(sd, app.cite, "kaynak")
        place = node if app.place_cite == app.cite else self.node(sd, app.place_cite, "yer_kaynak")
        if node is not None:
            text = _node_text(node)
            for i, cid in enumerate(app.channels):
                ch = CHANNELS.get(cid)
                if ch is not None and not any(_names(text, w) for w in ch.words):
                    self.add((sd.id, "basvuru", "yollar", i),
                             f"'{cid}' ({ch.label}) yolu '{app.cite}' düğümünde geçmiyor",
                             "yalnızca o düğümün söylediği yolları yazın ya da bu yolu söyleyen düğümü 'kaynak' "
                             f"olarak yazın (düğümde şu sözcüklerden biri aranır: {', '.join(ch.words)})")
        if place is not None and _words(app.place) not in _node_text(place):
            shown = app.place if len(app.place) <= 40 else app.place[:39] + "…"
            self.add((sd.id, "basvuru", "yer"), f"'yer' metni '{app.place_cite}' düğümünde harfi harfine geçmiyor: '{shown}'",
                     "yeri o düğümde yazıldığı gibi kopyalayın (kendi sözlerinizle yazmayın); yer başka bir "
                     "düğümde yazıyorsa o düğümü 'yer_kaynak' olarak ekleyin")


def check_applications(root: Path, kb: KnowledgeBase) -> ProblemList:
    """Problems of every guide's `basvuru` block (file:line in content/kaynaklar.yaml)."""
    checker = _Checker(root, kb)
    for sd in kb.guides():
        checker.guide(sd)
    return checker.problems


def require_valid_applications(root: Path, kb: KnowledgeBase) -> None:
    """Raise BuildError with every problem of the `basvuru` blocks (check and build)."""
    problems = check_applications(root, kb)
    if problems:
        raise BuildError(problems)
