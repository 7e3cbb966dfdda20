"""components/citation-link/: every example of params.yaml renders, through the macro, to the HTML
given there, and params.yaml lists exactly the macro's parameters."""
from __future__ import annotations

import pytest

from conftest import component_spec, component_spec_problems, render_component_call

NAME = "citation-link"
EXAMPLES = component_spec(NAME)["examples"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_example_renders_the_documented_html(example):
    assert render_component_call(NAME, example["call"]) == example["html"]


def test_params_yaml_describes_the_macros():
    assert component_spec_problems(NAME) == []


def test_the_cite_global_of_the_templates_gives_the_same_link(kb, sm):
    """Templates write cite(page, "<cite>"): kb/site/render.py finds address and label and
    renders the macro."""
    from kb.site.render import Page, make_env

    env = make_env(kb, sm, set())
    page = Page(path="adaylar-ve-aileler/index.md", title="Adaylar", template="audience_candidates.md.j2")
    cite = env.globals["cite"]
    assert cite(page, "yonetmelik:art_5__point_a") == '<a class="kb-cite" href="../yonetmelik/#madde-5-a">Madde 5 (a)</a>'
    assert cite(page, "yonetmelik:art_5__point_a", "beşinci madde & a") == (
        '<a class="kb-cite" href="../yonetmelik/#madde-5-a">beşinci madde &amp; a</a>')
