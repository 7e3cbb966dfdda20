"""Loading rule sets: every rules/*.yaml read (through the per-file cache), validated against
its schema, compiled (kb/rules/compiler.py) and ordered; and the entry points by id
(`rulesets`, `compiled_ruleset`, `evaluate`) for other providers and the CLI.

The per-file cache (build/cache/rules.pickle) holds only what parsing and schema validation
give (its key covers filecache.SOURCES and the schema file); compiling runs on every load, so
an edit of kb/rules/*.py needs no cache key of its own."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kb.content import filecache, yamlsource
from kb.content.model import KnowledgeBase
from kb.common.problems import BuildError, ProblemList
from kb.common.paths import ROOT
from kb.rules.compiler import RuleSetCompiler
from kb.rules.evaluation import evaluate_compiled
from kb.rules.model import COMMON_FILE, RULES_DIR, RuleSet
from kb.rules.periods import GUIDE

_LOADED: dict[tuple[str, int, bool], tuple[KnowledgeBase, dict]] = {}


def load_rulesets(root: Path, kb: KnowledgeBase, cache: bool = True) -> dict[str, RuleSet]:
    """Once per (root, knowledge base): forms and the rules pages ask for the same rule sets.

    cache=False: parse and validate every rule file again (kb/content/filecache.py), same result."""
    key = (str(root), id(kb), cache)
    if key not in _LOADED or _LOADED[key][0] is not kb:
        _LOADED.clear()
        _LOADED[key] = (kb, _load_rulesets(root, kb, cache))
    return _LOADED[key][1]


def _load_rulesets(root: Path, kb: KnowledgeBase, use_cache: bool = True) -> dict[str, RuleSet]:
    """Load, validate and compile every rule set under rules/. Raises BuildError with file:line problems."""
    problems = ProblemList()
    folder = root / RULES_DIR
    if not folder.is_dir():
        return {}
    axes: dict[str, dict] = {}
    axis_origin: dict[str, tuple[yamlsource.Document, tuple]] = {}
    # unchanged files: not parsed again
    cache = filecache.FileCache(root / "build" / "cache" / "rules.pickle" if use_cache else None)
    common = folder / COMMON_FILE
    if common.exists():
        doc, valid = cache.read(common, f"{RULES_DIR}/{COMMON_FILE}", "rules/ortak.schema.json", problems)
        if doc is not None and valid:
            for aid, axis in doc.data.get("belirsizlikler", {}).items():
                axes[aid] = axis
                axis_origin[aid] = (doc, ("belirsizlikler", aid))
    result: dict[str, RuleSet] = {}
    for f in sorted(folder.glob("*.yaml")):
        if f.name == COMMON_FILE:
            continue
        shown = f"{RULES_DIR}/{f.name}"
        doc, valid = cache.read(f, shown, "rules/ruleset.schema.json", problems)
        if doc is None or not valid:
            continue
        rs = _compile_periods(kb, doc, problems, axes, axis_origin)
        if rs is None:
            continue
        if f.stem != rs.id:
            problems.add(shown, doc.pos(("kimlik",)), f"kimlik '{rs.id}' dosya adıyla ('{f.stem}') aynı değil",
                         f"dosyayı {rs.id}.yaml olarak adlandırın ya da kimliği '{f.stem}' yapın")
        if rs.id in result:
            problems.add(shown, doc.pos(("kimlik",)), f"'{rs.id}' kural kümesi iki kez tanımlanmış",
                         "kimliklerden birini değiştirin")
        result[rs.id] = rs
    cache.save()
    if problems:
        raise BuildError(problems)
    return dict(sorted(result.items(), key=lambda kv: _order_key(kb, kv[1])))


def _compile_periods(kb: KnowledgeBase, doc, problems: ProblemList, axes, axis_origin) -> RuleSet | None:
    """One rule file compiled for every period it serves; returns the newest period's edition
    (with `editions`). A guide set serves the periods of its project type (every guide period
    when the type is unknown: that problem is reported by the compilation)."""
    if doc.data.get("belge") != GUIDE:
        rs = RuleSetCompiler(kb, doc, problems, axes, axis_origin).compile()
        if rs is not None:
            rs.editions = {rs.period: rs}
        return rs if rs is not None and _all_questions_used(doc, problems, [rs]) else None
    pt = kb.project_types.get(doc.data.get("proje_turu") or "")
    periods = list(getattr(pt, "periods", None) or kb.periods())
    editions: dict[str, RuleSet] = {}
    for period in reversed(periods):  # newest first: a problem of the file itself is reported once
        before = len(problems)
        rs = RuleSetCompiler(kb, doc, problems, axes, axis_origin, period).compile()
        if rs is None:
            if not editions and len(problems) > before:
                return None
            continue
        rs.newest = not editions
        editions[period] = rs
    if len(editions) != len(periods) or not _all_questions_used(doc, problems, list(editions.values())):
        return None
    ordered = {p: editions[p] for p in periods}
    for rs in ordered.values():
        rs.editions = ordered
        schema_periods(rs, periods)
    return ordered[periods[-1]]


def _all_questions_used(doc, problems: ProblemList, editions: list[RuleSet]) -> bool:
    """A question that no rule reads in any period is a mistake (a period may leave one out)."""
    never = [q for q in editions[0].unused if all(q in e.unused for e in editions)]
    for qid in never:
        problems.add(doc.path, doc.pos(editions[0].unused[qid]), f"'{qid}' sorusunu hiçbir kural kullanmıyor"
                     + (" (hiçbir dönemde)" if len(editions) > 1 else ""), "soruyu silin ya da bir kuralda kullanın")
    return not never


def schema_periods(rs: RuleSet, periods: list[str]) -> None:
    """An answers file may name its period (`donem`, one of the periods the set serves)."""
    rs.compiled["donemler"] = list(periods)
    rs.compiled["yanit_semasi"]["properties"]["donem"] = {
        "enum": list(periods), "title": "Rehber dönemi (yazılmazsa en yeni dönem: " + periods[-1] + ")"}


def _order_key(kb: KnowledgeBase, rs: RuleSet):
    pt = kb.project_types.get(rs.project_type) if rs.project_type else None
    return (pt.order if pt else 99, 0 if rs.kind == "uygunluk" else 1, rs.id)


@lru_cache(maxsize=4)
def _cached(root: str) -> tuple[KnowledgeBase, dict[str, RuleSet]]:
    from kb.content.loader import load_knowledge_base

    kb = load_knowledge_base(Path(root))
    return kb, load_rulesets(Path(root), kb)


def rulesets(root: Path = ROOT, kb: KnowledgeBase | None = None, cache: bool = True) -> dict[str, RuleSet]:
    if kb is not None:
        return load_rulesets(root, kb, cache)
    return _cached(str(root))[1]


def compiled_ruleset(ruleset_id: str, root: Path = ROOT, kb: KnowledgeBase | None = None,
                     period: str | None = None) -> dict:
    """The compiled JSON of one rule set for a period (default: the newest) — what rules-engine.js
    evaluates. KeyError if the rule set or the period is unknown."""
    rs = rulesets(root, kb)[ruleset_id]
    return rs.editions[period].compiled if period else rs.compiled


def evaluate(ruleset_id: str, answers: dict, root: Path = ROOT, kb: KnowledgeBase | None = None,
             only: list[str] | None = None, period: str | None = None) -> dict:
    """Evaluate answers against a rule set for a period (the argument, else the answers' `donem`,
    else the newest): {sonuclar: [...], ozet, karar, basarisiz, basarili}.

    Answers should be valid for the rule set's answers schema (``answer_problems`` in kb/rules/evaluation.py).
    """
    period = period or (answers.get("donem") if isinstance(answers.get("donem"), str) else None)
    answers = {k: v for k, v in answers.items() if k != "donem"}
    return evaluate_compiled(compiled_ruleset(ruleset_id, root, kb, period), answers, only=only)
