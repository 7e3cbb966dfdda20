"""Every component of components/: each example of its params.yaml renders, through the macro,
to the HTML given there, and params.yaml lists exactly the macro's parameters. A new component
folder is covered without a new test file; component-specific tests sit beside this one
(test_error_summary.py, test_citation_link.py, test_assembly.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import component_spec, component_spec_problems, render_component_call

COMPONENTS = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "components").iterdir()
                    if (p / "params.yaml").is_file())
EXAMPLES = [(name, e) for name in COMPONENTS for e in component_spec(name)["examples"]]


def test_the_components_are_found():
    assert {"error-summary", "amount-input", "citation-link", "own-words"} <= set(COMPONENTS)


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[f"{n}:{e['name']}" for n, e in EXAMPLES])
def test_example_renders_the_documented_html(name, example):
    assert render_component_call(name, example["call"]) == example["html"]


@pytest.mark.parametrize("name", COMPONENTS)
def test_params_yaml_describes_the_macros(name):
    assert component_spec_problems(name) == []
