"""What a loaded form is: FormDef (its texts, sections and fields, and once compiled its JSON
Schema and message catalogue), Section and Field; and schema_text, the exact text of a
published schema file (build/site/schemas/forms/<id>.schema.json, derived on every build).

A form that serves every guide period (`donem: her_donem`, kb/forms/periods.py) is one FormDef per
period, its `editions`: the newest at the form's own addresses, each older one under its period.

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
    attribute: str = ""  # `nitelik`: the attribute (content/nitelikler.yaml) this field answers
    attribute_answers: dict = field(default_factory=dict)  # answer value -> attribute option
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
    rules: dict | None = None  # the `kurallar:` block: rule set, rules shown, answer mapping
    every_period: bool = False  # `donem: her_donem`: compiled once per guide period
    # every period this form serves, oldest first (this object is one of them); a form bound to one
    # period, or based on the regulation (period None), has one
    editions: dict = field(default_factory=dict, repr=False)
    newest: bool = True  # the newest period's edition: the form's own page and schema address
    left_out: list = field(default_factory=list, repr=False)  # fields nothing reads in this period

    @property
    def slug(self) -> str:
        """'2020-1' for period 2020/1 (older editions' addresses); '' without a period."""
        return self.period.replace("/", "-") if self.period else ""

    @property
    def url(self) -> str:
        """The page: formlar/<id>/ (the newest period), formlar/<id>/<YYYY-N>/ (an older one)."""
        return f"formlar/{self.id}/" + ("" if self.newest else self.slug + "/")

    @property
    def schema_url(self) -> str:
        """Where the site publishes the schema, from its root: schemas/forms/<id>.schema.json
        (the newest period), schemas/forms/<id>.<YYYY-N>.schema.json (an older one)."""
        return f"schemas/forms/{self.id}" + ("" if self.newest else "." + self.slug) + ".schema.json"

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
