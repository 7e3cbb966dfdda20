"""`check` on the easy-read pages (content/kolay-okunur/*.yaml, kb/content/easyread.py): an
idea without a citation or with one that does not resolve, a sentence over 15 words, a
number typed in the text, an unexplained abbreviation, a {ref:…} marker, an unknown
parameter or icon are refused with file:line. Every test breaks a private copy."""
from __future__ import annotations

from pathlib import Path

from conftest import check_verdict, line_of

from kb.common.readability import sentences, words
from kb.content.easyread import MAX_WORDS, plain_text

DI = "content/kolay-okunur/destekli-istihdam.yaml"
KIO = "content/kolay-okunur/kendi-isini-kurma.yaml"


def _replace(root: Path, name: str, old: str, new: str) -> Path:
    f = root / name
    text = f.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    f.write_text(text.replace(old, new), encoding="utf-8")
    return f


def test_the_real_pages_check(kb):
    assert [p.slug for p in kb.easy_read] == ["destekli-istihdam", "kendi-isini-kurma"]
    for page in kb.easy_read:
        ideas = [page.summary, *page.ideas()]
        assert len(ideas) > 30
        for idea in ideas:
            assert idea.cites and all(c in kb.nodes for c in idea.cites), idea.text
            for s in sentences(plain_text(kb, page.doc, idea.text)):
                assert len(words(s)) <= MAX_WORDS, s


def test_an_idea_without_a_citation_is_refused_with_its_line(content_copy):
    f = _replace(content_copy, DI, '''        simge: calendar-check
        kaynak: ["yonetmelik:art_8__para_1"]
''', "        simge: calendar-check\n")
    out = check_verdict(content_copy, cache=False)
    line = line_of(f, '"Başvurular randevu ile alınır."')
    assert f"{DI}:{line}:9: kolay okunur cümlenin kaynağı yok" in out, out


def test_a_citation_that_does_not_resolve_is_refused(content_copy):
    f = _replace(content_copy, DI, 'kaynak: ["yonetmelik:art_28__para_1"]\n      - metin: "İstek',
                 'kaynak: ["yonetmelik:art_29__para_9"]\n      - metin: "İstek')
    out = check_verdict(content_copy, cache=False)
    line = line_of(f, "art_29__para_9")
    assert f"{DI}:{line}:" in out and "atıf bulunamadı: 'yonetmelik:art_29__para_9'" in out, out


def test_a_sentence_over_fifteen_words_is_refused(content_copy):
    long = ("Başvurular randevu ile alınır ve başvuru günü gereken bütün bilgi ve belgeler "
            "eksiksiz olarak programın personeline verilir.")
    f = _replace(content_copy, DI, '"Başvurular randevu ile alınır."', f'"{long}"')
    out = check_verdict(content_copy, cache=False)
    line = line_of(f, long)
    assert f"{DI}:{line}:16: cümle 17 kelime" in out and "en fazla 15 kelimedir" in out, out


def test_amounts_are_counted_as_the_reader_sees_them(content_copy):
    # 13 words as written; {p:…} shows "45.000 TL": 15 words, still allowed; one more is not
    _replace(content_copy, KIO, '"Bunlar için en fazla {p:kio_kurulus_destegi_ust_sinir} ödenir. Vergiler bu tutarın içindedir."',
             '"Bunlar için en fazla {p:kio_kurulus_destegi_ust_sinir} ödenir ve bu tutara vergiler de dahildir ama fazlası ödenmez."')
    out = check_verdict(content_copy, cache=False)
    assert "cümle 16 kelime" in out, out


def test_a_typed_number_is_refused(content_copy):
    f = _replace(content_copy, DI, '"Bu süre en fazla {p:yonetmelik_veri_saklama_suresi} olur."',
                 '"Bu süre en fazla 5 yıl olur."')
    out = check_verdict(content_copy, cache=False)
    line = line_of(f, '"Bu süre en fazla 5 yıl olur."')
    assert f"{DI}:{line}:" in out and "metinde elle yazılmış sayı: '5'" in out and "{p:kimlik}" in out, out


def test_an_unexplained_abbreviation_is_refused(content_copy):
    f = _replace(content_copy, DI, '        kaynak: ["yonetmelik:art_3__item_6", "yonetmelik:art_21__para_1"]\n        tanim: KVKK\n',
                 '        kaynak: ["yonetmelik:art_3__item_6", "yonetmelik:art_21__para_1"]\n')
    out = check_verdict(content_copy, cache=False)
    line = line_of(f, '"KVKK, Kişisel Verilerin')
    assert f"{DI}:{line}:17: 'KVKK' kısaltması açıklanmadan kullanılmış" in out, out
    assert out.count("'KVKK' kısaltması") == 1, out  # once per page


def test_a_reference_marker_and_an_unknown_parameter_are_refused(content_copy):
    _replace(content_copy, DI, '"Başvuruyu kendiniz yaparsınız."', '"Başvuruyu {ref:yonetmelik:art_8|kendiniz} yaparsınız."')
    _replace(content_copy, KIO, "{p:kio_kurulus_islemleri_destegi_ust_sinir}", "{p:kio_kurulus_islem_destegi}")
    out = check_verdict(content_copy, cache=False)
    assert "kolay okunur metinde '{ref:yonetmelik:art_8|kendiniz}' işareti kullanılmaz" in out, out
    assert "bilinmeyen parametre: 'kio_kurulus_islem_destegi'" in out and "kio_kurulus_islemleri_destegi_ust_sinir" in out


def test_an_unknown_icon_is_refused_with_close_names(content_copy):
    f = _replace(content_copy, DI, "        simge: calendar-check\n", "        simge: calender-check\n")
    out = check_verdict(content_copy, cache=False)
    line = line_of(f, "calender-check")
    assert f"{DI}:{line}:16: bilinmeyen simge: 'calender-check' — bunu mu demek istediniz: calendar-check" in out, out


def test_three_sentences_in_one_idea_are_refused(content_copy):
    _replace(content_copy, DI, '"Başvuruyu kendiniz yaparsınız."', '"Başvuru yaparsınız. Randevu alırsınız. Gidersiniz."')
    out = check_verdict(content_copy, cache=False)
    assert "bir fikirde 3 cümle var" in out, out


def test_a_missing_field_is_a_schema_problem(content_copy):
    _replace(content_copy, KIO, "        simge: store-plus-outline\n        kaynak: [\"rehber-2020-1:sec_onsoz__para_1\", "
             "\"rehber-2020-1:sec_4__sub_A__sub_b__sub_i__para_1\"]\n      - metin: \"Adı:",
             "        kaynak: [\"rehber-2020-1:sec_onsoz__para_1\"]\n      - metin: \"Adı:")
    out = check_verdict(content_copy, cache=False)
    assert KIO in out and "simge" in out, out
