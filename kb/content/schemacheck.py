"""Validate loaded YAML documents against the JSON Schemas in schemas/content/.

jsonschema's own messages are English and point at data paths; editors need Turkish
and a line number. Each error is turned into one Problem at the position of the
offending value (or key), with a hint when YAML changed the type behind the editor's
back (an unquoted `yes`, `2020-12-18`, `~`).
"""
from __future__ import annotations

import json
from functools import lru_cache

from jsonschema import Draft202012Validator

from kb.content.messages import schema_error_text
from kb.common.problems import ProblemList
from kb.common.paths import ROOT
from kb.content.yamlsource import Document

SCHEMA_DIR = ROOT / "schemas"


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    # the schemas themselves are checked (Draft202012Validator.check_schema) by
    # tests/content/test_check_cache.py, not at every run: that costs more than validating the content
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(doc: Document, schema_name: str, problems: ProblemList) -> bool:
    """Add one problem per schema error; return True when the document is valid."""
    ok = True
    for error in sorted(validator(schema_name).iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        ok = False
        path = tuple(error.absolute_path)
        message, fix, at_key = schema_error_text(error)
        if at_key is not None:
            pos = doc.key_pos(path + (at_key,))
        else:
            pos = doc.pos(path)
        if (error.validator == "type" and isinstance(error.instance, (dict, list))
                and "string" in (error.validator_value if isinstance(error.validator_value, list) else [error.validator_value])):
            # `metin: {p:x}` or `metin: [x]`: YAML read the brackets as structure
            fix += "; metin '{' ya da '[' ile başlıyorsa (örneğin {p:…}) bütün metni tırnak içine alın"
        if path in doc.implicit and error.validator in ("type", "pattern", "enum", "const", "minLength"):
            kind, raw = doc.implicit[path]
            message = f"YAML '{raw}' değerini {kind} olarak okudu; burada metin bekleniyor"
            fix = f"değeri tırnak içine alın: \"{raw}\""
        problems.add(doc.path, pos, message, fix)
    return ok
