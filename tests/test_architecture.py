"""The tree shows the pipeline (ARCHITECTURE.md): kb/ packages depend on each other one way
only, no module imports itself back through others, and no source file grows past what one
person holds in mind.

Imports are read from the source (an AST walk, function-level imports included), so a
lazy import cannot hide a cycle.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KB = ROOT / "kb"
MAX_LINES = 400

# what each package of kb/ may import (besides itself): commands -> features -> site -> content -> common
ALLOWED = {
    "common": set(),
    "content": {"common"},
    "site": {"common", "content"},
    "checklists": {"common", "content", "site"},
    "rules": {"common", "content", "site"},
    "forms": {"common", "content", "site", "rules"},
    # stage 4 uses stage 3's build-time helpers (kb/site/assets.py: our scripts and stylesheets
    # assembled from their components); site never imports ssg
    "ssg": {"common", "content", "site"},
    "commands": {"common", "content", "site", "checklists", "rules", "forms", "ssg"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def kb_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(KB.rglob("*.py"))}


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The kb modules a module imports ("from kb.content import yamlsource" imports kb.content.yamlsource)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                     for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno}: relative import; write it as kb.…")
        else:
            continue
        found.update(n for n in names if n == "kb" or n.startswith("kb."))
    return found


def import_graph() -> dict[str, set[str]]:
    modules = kb_modules()
    graph = {}
    for name, path in modules.items():
        targets = imports_of(path, modules)
        unknown = {t for t in targets if t not in modules}
        assert not unknown, f"{name} imports modules that do not exist: {sorted(unknown)}"
        graph[name] = targets - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_kb_module_is_in_a_package_the_layering_knows():
    stray = [m for m in kb_modules() if m != "kb" and package_of(m) not in ALLOWED]
    assert not stray, f"modules outside the known packages (add the package to ALLOWED and ARCHITECTURE.md): {stray}"
    top_level = [p.name for p in KB.glob("*.py") if p.name != "__init__.py"]
    assert not top_level, f"modules directly in kb/ (put each in the package of its stage): {top_level}"


def test_no_import_cycle():
    graph = import_graph()
    assert sum(len(t) for t in graph.values()) > 50, "the walk found too few imports to mean anything"
    assert not cycles(graph), f"import cycles: {cycles(graph)}"


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_packages_depend_one_way():
    wrong = []
    for module, targets in import_graph().items():
        here = package_of(module)
        for t in targets:
            there = package_of(t)
            if here and there and there != here and there not in ALLOWED[here]:
                wrong.append(f"{module} imports {t} ({here} may import {sorted(ALLOWED[here]) or 'nothing'})")
    assert not wrong, "\n".join(wrong)


def test_no_source_file_over_the_limit():
    files = (sorted(KB.rglob("*.py")) + sorted((ROOT / "theme" / "assets" / "kb").rglob("*.js"))
             + sorted((ROOT / "components").rglob("*.js")) + [ROOT / "generator.py"])
    too_long = {str(f.relative_to(ROOT)): n for f in files
                if (n := len(f.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not too_long, f"split these (at most {MAX_LINES} lines each): {too_long}"
