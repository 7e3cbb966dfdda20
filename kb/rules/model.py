"""What a rule set is: its kinds, the JSON Logic operators and question types it may use,
the status words of a verdict, and the RuleSet loaded from one rules/<id>.yaml."""
from __future__ import annotations

from dataclasses import dataclass, field

RULES_DIR = "rules"
COMMON_FILE = "ortak.yaml"
REGULATION = "yonetmelik"  # the one document a rule set may cite instead of a guide period

KINDS = {"uygunluk": "Uygun muyum?", "butce": "Bütçe hesaplama"}
KIND_URL = {"uygunluk": "uygun-muyum", "butce": "butce-hesaplama"}

# JSON Logic operators a rule may use: the ones whose meaning is the same in
# json-logic-js and the pinned Python implementation for the values rules handle
# (numbers, booleans, short strings). Loose equality (==, !=) is excluded on purpose.
OPERATORS = {"if", "===", "!==", "<", "<=", ">", ">=", "and", "or", "!", "+", "-", "*", "/",
             "min", "max", "in", "var"}
SCHEMA_KEYWORDS = {"const", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
QUESTION_TYPES = {"evet_hayir", "sayi", "tutar", "secim"}
STATUS_LABELS = {
    "karsilaniyor": "karşılanıyor",
    "karsilanmiyor": "karşılanmıyor",
    "yanitlanmadi": "yanıtlanmadı",
    "belirsiz": "belirsiz",
    "uygulanmaz": "bu durumda aranmaz",
    "hesaplandi": "hesaplandı",
}


@dataclass
class RuleSet:
    id: str
    kind: str  # uygunluk | butce
    project_type: str | None  # None: a set based on the regulation (belge: yonetmelik)
    doc: str
    period: str
    title: str
    file: str
    compiled: dict
    groups: list[dict] = field(default_factory=list)  # question groups as written
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule id -> (line, col)
    # every period this rule set serves, oldest first, each compiled with that period's parameters
    # and citations (this object is one of them); a regulation set has one
    editions: dict[str, "RuleSet"] = field(default_factory=dict, repr=False)
    newest: bool = True  # the newest period's edition: the calculator at the rule set's own address
    unused: dict = field(default_factory=dict, repr=False)  # questions no rule reads in this period -> yaml path
    attributes: dict = field(default_factory=dict, repr=False)  # attribute (sector …) -> the question that asks it

    @property
    def url(self) -> str:
        """The newest period at `<kind>/<type>/`; an older period at `<kind>/<type>/<YYYY-N>/`."""
        base = f"{KIND_URL[self.kind]}/{self.project_type or self.id}/"
        return base if self.newest else base + self.period.replace("/", "-") + "/"

    @property
    def regulation(self) -> bool:
        """Based on the regulation (belge: yonetmelik), not on a guide period."""
        return self.project_type is None

    @property
    def rules(self) -> list[dict]:
        return self.compiled["kurallar"]


def unique(xs: list) -> list:
    """The items of xs in first-seen order, each once (the compiler and the engine list names so)."""
    out = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out
