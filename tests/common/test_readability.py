"""Ateşman's readability formula (kb/common/readability.py) on examples counted by hand:
syllables by vowels, words, sentences, the score and its bands, and the text of a built
page's main content."""
from __future__ import annotations

import pytest

from kb.common.readability import band, html_blocks, measure, sentences, syllables, words


@pytest.mark.parametrize(("word", "count"), [
    ("kelime", 3), ("İstanbul", 3), ("saat", 2), ("kâğıt", 2), ("öğretmenimiz", 5), ("Türkiye", 3),
    ("şikâyetinizi", 6), ("İŞKUR’a", 3), ("KVKK", 4), ("TL", 2),  # no vowel: read letter by letter
    ("45.000", 3),        # kırk beş bin
    ("3.577,50", 10),     # üç bin beş yüz yetmiş yedi (8) + elli (2)
    ("18.12.2020", 11),   # on sekiz (3) + on iki (3) + iki bin yirmi (5)
    ("40’ı", 2),          # kırk + ı
])
def test_syllables_are_vowels(word, count):
    assert syllables(word) == count


def test_words_keep_suffixes_and_numbers_whole_and_split_at_hyphens():
    assert words("İŞKUR’a 45.000 TL ödenir; %60’ı da. İŞ-İN 2020/1") == [
        "İŞKUR’a", "45.000", "TL", "ödenir", "60’ı", "da", "İŞ", "İN", "2020", "1"]


def test_sentences_end_at_stops_followed_by_space():
    assert sentences("Ali geldi. Veli gitti! Sen? Bitti… Son") == ["Ali geldi.", "Veli gitti!", "Sen?", "Bitti…", "Son"]
    assert sentences("Tutar 45.000 TL olur.") == ["Tutar 45.000 TL olur."]
    assert sentences(" — ") == []


def test_atesman_score_of_a_three_word_sentence():
    # 3 words, A-li + to-pu + at = 5 syllables, 1 sentence:
    # 198.825 − 40.175 × 5/3 − 2.610 × 3 = 124.0367
    r = measure("Ali topu at.")
    assert (r.words, r.syllables, r.sentences) == (3, 5, 1)
    assert r.score == pytest.approx(124.0367, abs=1e-4)
    assert r.band == "çok kolay" and r.easy


def test_atesman_score_of_two_sentences():
    # Ke-di-ler(3) süt(1) i-çer(2). Ço-cuk-lar(3) bah-çe-de(3) oy-nar(2): 6 words, 14 syllables, 2 sentences
    r = measure("Kediler süt içer. Çocuklar bahçede oynar.")
    assert (r.words, r.syllables, r.sentences) == (6, 14, 2)
    assert r.score == pytest.approx(198.825 - 40.175 * 14 / 6 - 2.610 * 3, abs=1e-9)
    assert r.score == pytest.approx(97.2533, abs=1e-4)


def test_long_words_in_a_long_sentence_are_very_hard():
    # 20 words of 4 syllables (an-la-şıl-maz) in one sentence: 198.825 − 160.7 − 52.2
    r = measure(" ".join(["anlaşılmaz"] * 20) + ".")
    assert r.score == pytest.approx(-14.075, abs=1e-9)
    assert r.band == "çok zor" and not r.easy


def test_blocks_end_sentences():
    # a heading without a stop is a sentence of its own
    assert measure(["Başlık", "Bir cümle. İkinci cümle."]).sentences == 3
    assert measure("").score == 0.0


@pytest.mark.parametrize(("score", "name"), [
    (120, "çok kolay"), (90, "çok kolay"), (89.99, "kolay"), (70, "kolay"), (69.9, "orta güçlükte"),
    (50, "orta güçlükte"), (49.9, "zor"), (30, "zor"), (29.9, "çok zor"), (1, "çok zor"), (-5, "çok zor")])
def test_bands(score, name):
    assert band(score) == name


def test_the_main_content_of_a_built_page():
    page = ('<html><body><nav><p>Menü metni</p></nav><article class="md-content__inner md-typeset">'
            '<h1 id="x">Başlık<a class="headerlink" href="#x">¶</a></h1><p>Bir <strong>cümle</strong>.</p>'
            '<ul><li><svg aria-hidden="true"><path d="M0"/></svg><p>Madde.</p><p class="kb-er__src">Dayanak: '
            '<a class="kb-cite" href="#">Madde 8</a></p></li></ul><br><img src="a.png" alt="">'
            '<p hidden>Gizli</p></article><footer><p>Alt bilgi</p></footer></body></html>')
    assert html_blocks(page) == ["Başlık", "Bir cümle.", "Madde."]
