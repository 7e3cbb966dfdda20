"""`generator.py validate FORM FILE.json`: exit 0 valid, 1 invalid, 2 unusable — never a traceback."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.forms.formats import is_date, is_email, is_phone, is_tckn
from kb.content.messages import DATA_LIMITS, form_message
from kb.commands.validate import Unusable, parse_data
from conftest import run_generator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "forms"


def test_valid_file_exits_0():
    run = run_generator("validate", "on-basvuru", EXAMPLES / "on-basvuru" / "gecerli-temsilci.json")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "geçerli" in run.stdout


def test_invalid_file_lists_every_error_in_turkish_with_pointer():
    file = EXAMPLES / "kio-butce-engelli" / "gecersiz-sinirlar.json"
    run = run_generator("validate", "kio-butce-engelli", file)
    assert run.returncode == 1, run.stdout + run.stderr
    expected = json.loads((EXAMPLES / "beklenen.json").read_text(encoding="utf-8"))["kio-butce-engelli/gecersiz-sinirlar.json"]
    lines = run.stdout.strip().splitlines()
    assert len(lines) == len(expected)
    for pointer, _ in expected:
        assert any(line.startswith(f"{file}:{pointer}: ") for line in lines), (pointer, lines)
    assert f"{file}:/kurulus_destegi/kalemler/1/talep_edilen: “Kuruluş desteği kalemleri, 2. kalem: Talep edilen tutar (TL)” en fazla 45.000 TL olabilir" in run.stdout
    assert f"{file}:/isletme_giderleri/kalemler/0/talep_edilen: “İşletme gideri kalemleri, 1. kalem: Talep edilen tutar (TL)” en fazla 6.000 TL olabilir" in run.stdout
    assert "6 hata bulundu." in run.stderr


@pytest.mark.parametrize("name, content, words", [
    ("bozuk.json", b'{"form": "on-basvuru",', "geçerli bir JSON değil"),
    ("latin1.json", '{"ad": "Müge"}'.encode("latin-1"), "UTF-8"),
    ("cift.json", b'{"form": "on-basvuru", "form": "on-basvuru"}', "“form” anahtarı aynı nesnede iki kez"),
    ("derin.json", b"[" * 40 + b"]" * 40, "çok derin"),
    ("nan.json", b'{"form": NaN}', "geçersiz bir sayı var (NaN)"),
])
def test_unusable_input_exits_2_without_traceback(tmp_path, name, content, words):
    f = tmp_path / name
    f.write_bytes(content)
    run = run_generator("validate", "on-basvuru", f)
    assert run.returncode == 2, run.stdout + run.stderr
    assert words in run.stderr, run.stderr
    assert "Traceback" not in run.stdout + run.stderr


def test_unknown_form_and_missing_file_exit_2(tmp_path):
    run = run_generator("validate", "basvuru", EXAMPLES / "on-basvuru" / "gecerli-bizzat.json")
    assert run.returncode == 2 and "“basvuru” adında bir form yok" in run.stderr and "on-basvuru" in run.stderr
    run = run_generator("validate", "on-basvuru", tmp_path / "yok.json")
    assert run.returncode == 2 and "Dosya okunamadı" in run.stderr
    assert "Traceback" not in run.stderr


# ------------------------------------------------------------------ the parser alone (fast)
@pytest.mark.parametrize("raw, code", [
    (b"", "boş"),
    (b"   \n", "boş"),
    (b"x" * (DATA_LIMITS["bayt"] + 1), "çok büyük"),
    (b'{"a": 1} 2', "fazladan metin"),
    (b"\xff\xfe{}", "UTF-8"),
    (b'{"a": {"b": 1, "b": 2}}', "“b” anahtarı"),
    (b'{"a": Infinity}', "Infinity"),
    (b'{"a": -Infinity}', "Infinity"),
    (b'{"a": 1e400}', "çok büyük bir sayı"),
    (b'{"a": ' + b"9" * 5000 + b"}", "geçersiz bir sayı"),
    (b"[" * (DATA_LIMITS["derinlik"] + 1) + b"]" * (DATA_LIMITS["derinlik"] + 1), "çok derin"),
])
def test_parse_refuses_unusable_data(raw, code):
    with pytest.raises(Unusable) as exc:
        parse_data(raw)
    assert code in str(exc.value)


def test_parse_accepts_bom_and_deep_enough_data():
    assert parse_data(b'\xef\xbb\xbf{"form": "x"}') == {"form": "x"}
    depth = DATA_LIMITS["derinlik"]
    assert parse_data(b"[" * depth + b"]" * depth) is not None


# ------------------------------------------------------------------ formats (Python side)
def test_tckn_checksum():
    assert is_tckn("10000000146") and is_tckn("12345678950") and is_tckn("11111111110")
    for bad in ("12345678901", "01234567890", "1234567895", "123456789500", "1234567895a", "١٢٣٤٥٦٧٨٩٥٠", "12345678950\n"):
        assert not is_tckn(bad), bad
    assert is_tckn(12345678901)  # formats apply to strings only; the type keyword covers the rest


def test_other_formats():
    assert is_date("2024-02-29") and not is_date("2023-02-29") and not is_date("2026-6-1") and not is_date("0000-01-01")
    assert is_email("a.b@example.com.tr") and not is_email("a@b") and not is_email("ayse@örnek.com")
    assert is_phone("0232 123 45 67") and is_phone("+90 (532) 123-45-67") and is_phone("2321234567")
    assert not is_phone("0132 123 45 67") and not is_phone("0232 123 45 6") and not is_phone("0232.123.45.67")


def test_message_fallbacks_never_leave_placeholders():
    cat = {"alanlar": {"/a/b": {"etiket": "Tutar", "tur": "tutar"}}}
    assert form_message(cat, "/a/b", "maximum", 53662.5) == "“Tutar” en fazla 53.662,50 TL olabilir — tutarı üst sınıra indirin"
    assert form_message(cat, "/x/y", "additionalProperties") == "“y” bu formda olmayan bir alan — alanı silin ya da adını düzeltin"
    assert "{" not in form_message(cat, "/a/b", "multipleOf", 3)
