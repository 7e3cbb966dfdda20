"""`check` on the site's own words (content/aciklamalar.yaml, kb/content/owntext.py,
kb/site/owntexts.py): an entry without a citation, a citation or a marker that does not
resolve, a parameter explanation written on the parameter, an entry no page shows and an id
a template names that no entry has are refused with file:line; an unknown id fails the
build while rendering too. Every test breaks a private copy (content_copy)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import check_verdict, line_of

OWN = "content/aciklamalar.yaml"


def _append(root: Path, text: str) -> Path:
    f = root / OWN
    f.write_text(f.read_text(encoding="utf-8") + text, encoding="utf-8")
    return f


def test_the_real_entries_check(kb):
    from kb.site.owntexts import check_own_text_uses

    assert len(kb.own_texts) >= 15
    assert all(t.cites for t in kb.own_texts.values())
    assert not check_own_text_uses(kb), "\n".join(map(str, check_own_text_uses(kb).sorted()))


def test_an_entry_without_a_citation_is_refused_with_its_line(content_copy):
    f = _append(content_copy, '\nkaynaksiz_aciklama:\n  metin: "Program size iş bulur."\n')
    out = check_verdict(content_copy, cache=False)
    line = line_of(f, "kaynaksiz_aciklama:")
    assert f"{OWN}:{line}:1: 'kaynaksiz_aciklama' açıklamasının kaynağı yok" in out, out
    assert "'kaynaklar:' altına" in out


def test_an_empty_citation_list_is_refused(content_copy):
    f = _append(content_copy, '\nbos_kaynak:\n  metin: "Metin."\n  kaynaklar: []\n')
    out = check_verdict(content_copy, cache=False)
    assert f"{OWN}:{line_of(f, 'bos_kaynak:')}:1: 'bos_kaynak' açıklamasının kaynağı yok" in out, out


def test_an_unknown_citation_is_refused_with_its_line(content_copy):
    f = _append(content_copy, '\nyanlis_atif:\n  metin: "Metin."\n  kaynaklar:\n    - "yonetmelik:art_20__para_9"\n')
    out = check_verdict(content_copy, cache=False)
    line = line_of(f, "art_20__para_9")
    assert f"{OWN}:{line}:7: atıf bulunamadı: 'yonetmelik:art_20__para_9'" in out, out
    assert "bunu mu demek istediniz: yonetmelik:art_20__para_1" in out


def test_a_period_free_citation_missing_in_the_newest_period_is_refused(content_copy):
    f = _append(content_copy, '\ndonemsiz:\n  metin: "Metin."\n  kaynaklar:\n    - "rehber:sec_4__sub_Z"\n')
    out = check_verdict(content_copy, cache=False)
    assert f"{OWN}:{line_of(f, 'sec_4__sub_Z')}:7: atıf en yeni rehber döneminde bulunamadı: 'rehber:sec_4__sub_Z'" in out, out


def test_markers_in_the_text_are_checked(content_copy):
    f = _append(content_copy, '\nisaretler:\n  metin: "{p:yok_boyle} {ref:yonetmelik:art_99} {dn:1}"\n'
                              '  kaynaklar: ["yonetmelik:art_20__para_1"]\n')
    out = check_verdict(content_copy, cache=False)
    line = line_of(f, "{p:yok_boyle}")
    assert f"{OWN}:{line}:" in out
    assert "bilinmeyen parametre: 'yok_boyle'" in out
    assert "atıf bulunamadı: 'yonetmelik:art_99'" in out
    assert "açıklamada dipnot işareti: '{dn:1}'" in out


def test_an_entry_no_page_shows_is_reported(content_copy):
    f = _append(content_copy, '\nkullanilmayan:\n  metin: "Metin."\n  kaynaklar: ["yonetmelik:art_20__para_1"]\n')
    out = check_verdict(content_copy, cache=False)
    assert f"{OWN}:{line_of(f, 'kullanilmayan:')}:1: 'kullanilmayan' açıklaması hiçbir sayfada gösterilmiyor" in out, out


def test_an_explanation_written_on_a_parameter_is_refused(content_copy):
    f = content_copy / "content" / "parametreler" / "genel.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("brut_asgari_ucret:\n", "brut_asgari_ucret:\n  aciklama: \"Kaynaksız not.\"\n", 1),
                 encoding="utf-8")
    out = check_verdict(content_copy, cache=False)
    line = line_of(f, "aciklama: \"Kaynaksız not.\"")
    assert f"content/parametreler/genel.yaml:{line}:" in out and "açıklaması kaynak göstermiyor" in out, out


def test_an_unknown_id_in_a_template_is_reported_at_its_line(kb, tmp_path):
    from kb.site.owntexts import check_own_text_uses

    t = tmp_path / "sayfa.md.j2"
    t.write_text('# Sayfa\n\n{{ own_text(page, "adaylar_veri_saklamaa") }}\n', encoding="utf-8")
    out = "\n".join(map(str, check_own_text_uses(kb, tmp_path).sorted()))
    assert "templates/sayfa.md.j2:3:1: bilinmeyen açıklama: 'adaylar_veri_saklamaa' — bunu mu demek istediniz: " \
           "adaylar_veri_saklama" in out, out


def test_an_unknown_id_fails_the_render(kb, sm):
    from kb.common.problems import BuildError
    from kb.site.render import Page, make_env

    env = make_env(kb, sm, set())
    page = Page("deneme.md", "Deneme", "deneme.md.j2")
    with pytest.raises(BuildError, match="bilinmeyen açıklama: 'yok_boyle'"):
        env.from_string('{{ own_text(page, "yok_boyle") }}').render(page=page)
    html = env.from_string('{{ own_text(page, "adaylar_veri_saklama") }}').render(page=page)
    assert 'data-kb-own="adaylar_veri_saklama"' in html and 'class="kb-cite"' in html
    assert "İlgili mevzuatta öngörülen süreler saklı kalmak kaydıyla" in html
