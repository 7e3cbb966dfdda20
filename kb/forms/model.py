"""What a loaded form is: FormDef (its texts, sections and fields, and once compiled its JSON
Schema and message catalogue), Section and Field; and schema_text, the exact text of a
published schema file (build/site/schemas/forms/<id>.schema.json, derived on every build).

kb/forms/loader.py makes these from the definitions; schema.py, checks.py, validation.py,
answers.py and pages.py read them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property

from kb.content import yamlsource
from kb.forms.definition import DEFAULT_MAX_ROWS


@dataclass
class Field:
    id: str
    type: str
    label: str
    cites: list[str]
    required: bool = False
    hint: str = ""
    max_chars: int | None = None
    options: list[dict] = field(default_factory=list)  # {deger, etiket, ipucu?, kaynak?}
    options_param: str = ""
    cond: dict | None = None
    caps: list[dict] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    columns: list["Field"] = field(default_factory=list)
    max_rows: int = DEFAULT_MAX_ROWS
    row_name: str = "satır"
    add_label: str = ""
    autocomplete: str = ""
    path: tuple = ()  # YAML path, for positions
    section: str = ""
    table: "Field | None" = None  # for columns: the table they belong to

    @property
    def pointer(self) -> str:
        if self.table is not None:
            return f"{self.table.pointer}/*/{self.id}"
        return f"/{self.section}/{self.id}"


@dataclass
class Section:
    id: str
    title: str
    fields: list[Field]
    text: str = ""
    quotes: list[str] = field(default_factory=list)
    cond: dict | None = None
    path: tuple = ()


@dataclass
class FormDef:
    id: str
    title: str
    summary: str
    order: int
    not_official: str
    basis: list[str]
    sections: list[Section]
    file: str
    doc: yamlsource.Document
    audience: str = ""
    period: str | None = None
    intro: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    notice: dict | None = None
    signature: list[str] = field(default_factory=list)
    totals: bool = False
    cap_notes: list[dict] = field(default_factory=list)
    schema: dict = field(default_factory=dict)
    catalogue: dict = field(default_factory=dict)
    schema_url: str = ""  # where the site publishes the schema, from its root: schemas/forms/<id>.schema.json
    rules: dict | None = None  # the `kurallar:` block: rule set, rules shown, answer mapping

    @cached_property
    def schema_file_text(self) -> str:
        """schema_text(self.schema): the text published at schema_url (kb/forms/pages.py). Made once
        per loaded form; `schema` is complete when it is first used."""
        return schema_text(self.schema)

    def field(self, path: str) -> Field | None:
        sec_id, _, fid = path.partition("/")
        for s in self.sections:
            if s.id == sec_id:
                for f in s.fields:
                    if f.id == fid:
                        return f
        return None

    def all_fields(self):
        for s in self.sections:
            for f in s.fields:
                yield f
                yield from f.columns


def schema_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
