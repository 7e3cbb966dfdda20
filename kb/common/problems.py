"""Problems found in content, forms or user data, reported as one line each.

A problem is always `where: what is wrong — how to fix`. `where` is `file:line:column`
for YAML sources and a JSON pointer for JSON data. Messages are in Turkish because
content editors and form users read them.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.message}" + (f" — {self.fix}" if self.fix else "")


@dataclass
class ProblemList:
    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, pos: tuple[int, int] | None, message: str, fix: str = "") -> None:
        line, col = pos if pos else (0, 0)
        self.items.append(Problem(file, line, col, message, fix))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        # stable, deterministic order: by file, line, column, then message
        return sorted(set(self.items))


class BuildError(Exception):
    """Raised when a stage cannot continue; carries the problems to print."""

    def __init__(self, problems: ProblemList | list[Problem] | str):
        if isinstance(problems, str):
            pl = ProblemList()
            pl.add(problems, None, "")
            problems = pl
        self.problems = problems if isinstance(problems, ProblemList) else ProblemList(list(problems))
        super().__init__("\n".join(str(p) for p in self.problems.sorted()))
