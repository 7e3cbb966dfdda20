"""The custom JSON Schema formats of form data, implemented identically here and in
theme/assets/kb/forms-core.js: "tckn" (T.C. kimlik numarası with both check digits), "telefon"
(Turkish number), and our own strict "date" (YYYY-MM-DD, a real calendar day) and "email".
Dates are shown as GG.AA.YYYY on screen and stored as ISO YYYY-MM-DD in the data.

`format_checker()` is the FormatChecker every data validation uses (kb/forms/validation.py).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from jsonschema import FormatChecker


def is_tckn(value: Any) -> bool:
    """11 digits, not starting with 0; digit 10 and 11 are the official check digits."""
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"[1-9][0-9]{10}", value):
        return False
    d = [int(c) for c in value]
    if ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10 != d[9]:
        return False
    return sum(d[:10]) % 10 == d[10]


def is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        return False
    return True


def is_email(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    return len(value) <= 254 and re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", value) is not None


def is_phone(value: Any) -> bool:
    """A Turkish number with area code: 0232 123 45 67, +90 532 123 45 67, (0232) 1234567."""
    if not isinstance(value, str):
        return True
    digits = re.sub(r"[ ()-]", "", value)
    return re.fullmatch(r"(\+90|0)?[2-9][0-9]{9}", digits) is not None


FORMATS = {"tckn": is_tckn, "date": is_date, "email": is_email, "telefon": is_phone}


def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, fn in FORMATS.items():
        checker.checks(name)(fn)
    return checker
