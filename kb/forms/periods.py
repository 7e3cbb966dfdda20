"""What makes one form serve every guide period (issue 17), as a rule set does (kb/rules/periods.py).

A definition that writes `donem: her_donem` cites the guide period-free (`rehber:<node id>`) and is
compiled once per period: that period's passages (`rehber:sec_4__sub_A` becomes
`rehber-2026-1:sec_4__sub_A` for 2026/1), that period's parameter values, `{donem}` in its texts
filled in. A budget form serves the periods of its rule set (`kurallar:`), any other form every
guide period. The newest period's edition is the form's own page and schema; each older one has
its own (`FormDef.url`, `FormDef.schema_url`).

- `resolved`: the definition's data as it reads for one period;
- `cite_places`: every citation of a definition with its YAML path (for file:line problems);
- `year_values`: the values a yearly parameter (the minimum wage) offers in a period: the
  period's year and the next, as rules/ortak.yaml `asgari_ucret_yili` reads them.
"""
from __future__ import annotations

import re

from kb.rules.periods import resolve_cite

EVERY_PERIOD = "her_donem"  # `donem:` of a form that serves every guide period
CITE_KEYS = ("dayanak", "kaynak", "alinti")  # the keys of a definition that hold lists of citations
BOUND_CITE = re.compile(r"^rehber-[0-9]{4}-[0-9]+:")
YEARS_AFTER = (0, 1)  # a yearly parameter is read for the period's year and the next one


def cite_places(data, path: tuple = ()):
    """(path, cite) for every citation of a definition, in file order."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k in CITE_KEYS and isinstance(v, list):
                for i, c in enumerate(v):
                    if isinstance(c, str):
                        yield path + (k, i), c
            else:
                yield from cite_places(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from cite_places(v, path + (i,))


def resolved(data, guide_doc: str, period: str, moved: dict[str, str] | None = None):
    """A copy of the definition's data for one period: `rehber:ID` cites become that period's guide
    nodes (where the guide moved a provision, its new place: `moved`,
    kb/content/moved.py), `{donem}` in any text becomes the period ("2026/1")."""

    def walk(v, cites: bool = False):
        if isinstance(v, dict):
            return {k: walk(x, k in CITE_KEYS) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x, cites) for x in v]
        if isinstance(v, str):
            return resolve_cite(v, guide_doc, moved) if cites else v.replace("{donem}", period)
        return v

    return walk(data)


def year_values(param, period: str | None) -> list:
    """The values of a yearly parameter (the minimum wage) a form offers in a guide period: those of
    the period's year and the next. Without a guide period: every value."""
    if not period or not period[:4].isdigit():
        return list(param.values)
    years = {str(int(period[:4]) + k) for k in YEARS_AFTER}
    return [v for v in param.values if v.period in years]
