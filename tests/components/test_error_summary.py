"""components/error-summary/ on the built site (its examples and parameters: test_specs.py)."""
from __future__ import annotations

from conftest import component_spec

EXAMPLES = component_spec("error-summary")["examples"]

def test_every_error_summary_of_the_site_is_the_macros(built_site):
    """No page writes an error summary of its own: each one in the built site is one of the
    examples above (the forms' and the calculators' calls)."""
    examples = [e["html"] for e in EXAMPLES]
    pages = 0
    for f in sorted(built_site.rglob("*.html")):
        html = f.read_text(encoding="utf-8")
        boxes = html.count('class="kbf-error-summary"') + html.count('class="kb-error-summary"')
        if boxes:
            pages += 1
            assert boxes == sum(html.count(e) for e in examples), f.relative_to(built_site)
    assert pages > 10, "the forms and calculators were not found"


def test_the_hidden_summary_is_not_a_search_result(built_site):
    """Its heading has no id: the search makes an entry of every heading with one."""
    import json

    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [d["location"] for d in docs if d["title"] in ("Sorun var", "Dosya yüklenemedi")]
