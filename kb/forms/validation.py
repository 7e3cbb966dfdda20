"""Validating form data against a form's schema: normalised errors (one {pointer, keyword,
limit} per field pointer and keyword, in the same order as the browser's forms-core.js) and
their Turkish messages from the form's catalogue (kb/content/messages.py).
"""
from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from kb.content import messages
from kb.forms.formats import format_checker
from kb.forms.model import FormDef


def data_validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=format_checker())


def _ptr(path) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def data_errors(schema: dict, data: Any) -> list[dict]:
    """Normalised errors: one {pointer, keyword, limit} per (field pointer, keyword).

    `required` and `additionalProperties` point at the missing/unknown key itself, so that
    the pointer names the field a user has to fix. The browser (forms-core.js) produces
    the same list from @cfworker/json-schema's output.
    """
    found: dict[tuple[str, str], Any] = {}

    def put(pointer: str, keyword: str, limit: Any = None) -> None:
        k = (pointer, keyword)
        if k in found and isinstance(limit, (int, float)) and isinstance(found[k], (int, float)):
            found[k] = max(found[k], limit) if keyword in ("minimum", "minLength", "minItems") else min(found[k], limit)
        elif k not in found:
            found[k] = limit

    for e in data_validator(schema).iter_errors(data):
        path = list(e.absolute_path)
        kw = e.validator
        if kw == "required":
            for key in e.validator_value:
                if isinstance(e.instance, dict) and key not in e.instance:
                    put(_ptr(path + [key]), "required")
        elif kw == "additionalProperties":
            known = set(e.schema.get("properties", {}))
            for key in e.instance:
                if key not in known:
                    put(_ptr(path + [key]), "additionalProperties")
        elif kw is None:  # a `false` schema
            put(_ptr(path), "false")
        elif kw in ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"):
            put(_ptr(path), kw, e.validator_value)
        else:
            put(_ptr(path), kw)
    return sort_errors([{"pointer": p, "keyword": k, "limit": v} for (p, k), v in found.items()])


def sort_errors(errors: list[dict]) -> list[dict]:
    order = {k: i for i, k in enumerate(messages.KEYWORD_ORDER)}

    def key(e):
        segs = e["pointer"].split("/")[1:]
        return ([(0, int(s), "") if s and all("0" <= c <= "9" for c in s) else (1, 0, s) for s in segs],
                order.get(e["keyword"], 99), e["keyword"])

    return sorted(errors, key=key)


def validate_data(form: FormDef, data: Any, schema: dict | None = None) -> list[dict]:
    """Errors with their Turkish message: [{pointer, keyword, limit, message}]."""
    errors = data_errors(schema or form.schema, data)
    for e in errors:
        e["message"] = messages.form_message(form.catalogue, e["pointer"], e["keyword"], e["limit"])
    return errors
