"""components/citation-link/ as the templates use it (its examples and parameters: test_specs.py)."""
from __future__ import annotations

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
