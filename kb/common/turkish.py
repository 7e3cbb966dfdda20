"""Turkish text helpers: number formatting, numbers in words, dates, case folding.

Never use str.lower() where İ/I matter: "İ".lower() is "i̇" (i + combining dot) and
"I".lower() is "i", not "ı".
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

MONTHS = ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos",
          "Eylül", "Ekim", "Kasım", "Aralık"]

_ONES = ["", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz"]
_TENS = ["", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan"]
_DENOM = {2: "ikide", 3: "üçte", 4: "dörtte", 5: "beşte", 6: "altıda", 7: "yedide",
          8: "sekizde", 9: "dokuzda", 10: "onda"}


def lower_tr(s: str) -> str:
    return s.replace("I", "ı").replace("İ", "i").lower()


def upper_tr(s: str) -> str:
    return s.replace("i", "İ").replace("ı", "I").upper()


def fold(s: str) -> str:
    """Lower-case the Turkish way, then drop diacritics: 'İŞKUR' -> 'iskur', 'koçluğu' -> 'koclugu'."""
    s = lower_tr(s)
    s = s.replace("ı", "i")
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def _under_thousand(n: int) -> str:
    h, rest = divmod(n, 100)
    t, o = divmod(rest, 10)
    parts = []
    if h:
        parts.append("yüz" if h == 1 else f"{_ONES[h]} yüz")
    if t:
        parts.append(_TENS[t])
    if o:
        parts.append(_ONES[o])
    return " ".join(parts)


def number_words(n: int) -> str:
    if n == 0:
        return "sıfır"
    if n < 0:
        return "eksi " + number_words(-n)
    parts = []
    millions, rest = divmod(n, 1_000_000)
    thousands, ones = divmod(rest, 1000)
    if millions:
        parts.append(f"{_under_thousand(millions)} milyon")
    if thousands:
        parts.append("bin" if thousands == 1 else f"{_under_thousand(thousands)} bin")
    if ones:
        parts.append(_under_thousand(ones))
    return " ".join(parts)


def format_number(value: float | int) -> str:
    """45000 -> '45.000'; 3577.5 -> '3.577,50'; 0.5 -> '0,50'."""
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{value:.2f}".split(".")
        return f"{int(whole):,}".replace(",", ".") + "," + frac
    return f"{int(value):,}".replace(",", ".")


def format_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def date_words(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def fraction_words(frac: str) -> str:
    num, den = (int(x) for x in frac.split("/"))
    return f"{_DENOM.get(den, number_words(den) + 'de')} {number_words(num)}"


UNIT_SUFFIX = {
    "TL": " TL", "TL_gun": " TL", "TL_saat": " TL", "TL_ay": " TL", "TL_kisi": " TL",
    "saat": " saat", "gun": " gün", "ay": " ay", "yil": " yıl", "kisi": " kişi", "kat": " kat",
    "adet": "",
}
UNIT_TABLE = {
    "TL": "TL", "TL_gun": "TL/gün", "TL_saat": "TL/ders saati", "TL_ay": "TL/ay", "TL_kisi": "TL/kişi",
    "yuzde": "%", "saat": "saat", "gun": "gün", "ay": "ay", "yil": "yıl", "kisi": "kişi",
    "kat": "kat", "kesir": "oran", "tarih": "tarih", "adet": "adet",
}

FORMATS = ("", "sayi", "yazi", "Yazi", "yazi_rakam")


def format_value(value, unit: str, fmt: str = "") -> str:
    """Render a parameter value the way the site shows it. Raises ValueError on misuse.

    `Yazi` is `yazi` with a capital first letter, for a number at the start of a sentence.
    """
    if fmt == "Yazi":
        words = format_value(value, unit, "yazi")
        return upper_tr(words[0]) + words[1:]
    if fmt not in FORMATS:
        raise ValueError(f"bilinmeyen biçim '{fmt}' (geçerli: sayi, yazi, Yazi, yazi_rakam)")
    if unit == "tarih":
        if fmt == "yazi":
            return date_words(value)
        if fmt in ("", "sayi"):
            return format_date(value)
        raise ValueError("tarih için yalnızca boş, sayi ya da yazi biçimi kullanılır")
    if unit == "kesir":
        if fmt == "yazi":
            return fraction_words(value)
        return value
    if fmt == "yazi" or fmt == "yazi_rakam":
        if isinstance(value, float) and not value.is_integer():
            raise ValueError("kesirli bir sayı yazıyla yazılamaz")
        words = number_words(int(value))
        return f"{words} ({format_number(value)})" if fmt == "yazi_rakam" else words
    number = format_number(value)
    if fmt == "sayi":
        return number
    if unit == "yuzde":
        return f"%{number}"
    return number + UNIT_SUFFIX.get(unit, "")


_SLUG_RE = re.compile(r"[^0-9a-zçğıöşü]+")


def slug(s: str) -> str:
    """A readable, Turkish-preserving slug for anchors and file names."""
    return _SLUG_RE.sub("-", lower_tr(s)).strip("-")


def ascii_slug(s: str) -> str:
    """An ASCII slug for URLs (file names) only; never for ids (ç/c would collide)."""
    return re.sub(r"[^0-9a-z]+", "-", fold(s)).strip("-")
