"""components/own-words/: every example of params.yaml renders, through the macro, to the HTML
given there, and params.yaml lists exactly the macro's parameters."""
from __future__ import annotations

import pytest

from conftest import component_spec, component_spec_problems, render_component_call

NAME = "own-words"
EXAMPLES = component_spec(NAME)["examples"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_example_renders_the_documented_html(example):
    assert render_component_call(NAME, example["call"]) == example["html"]


def test_params_yaml_describes_the_macros():
    assert component_spec_problems(NAME) == []
