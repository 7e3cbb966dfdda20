"""Fillable forms: definitions (forms/*.yaml) -> JSON Schema + accessible pages.

A form is data. `forms/<id>.yaml` says what is asked (sections, fields, hints, order,
the citation of every field rule); the JSON Schema (draft 2020-12) of the data the form
produces is the one contract, used by the browser, by `generator.py validate` and by
anyone who receives the data.

Decision: the schemas are DERIVED from the definitions and the parameters (caps such as
the kuruluş desteği upper limit are never typed) on every load: `generator.py check`
derives them (a definition they cannot be derived from is a file:line problem),
`generator.py build` publishes them at a stable URL (schemas/forms/<id>.schema.json in
the site, `$id` = site_url + that path) and embeds each in its form's page, and
`generator.py validate` uses the same text. Nothing is committed, so nothing can be stale
and a new form is one data file; `check` reports any file left under schemas/forms/ (it
would be published in place of the derived schema). To read a schema, open it in the
built site (build/site/schemas/forms/).

Custom formats, implemented identically in kb/forms/formats.py and in
theme/assets/kb/forms-core.js: "tckn" (T.C. kimlik numarası with both check digits),
"telefon" (Turkish number), and our own strict "date" (YYYY-MM-DD, a real calendar day) and
"email". Dates are shown as GG.AA.YYYY on screen and stored as ISO YYYY-MM-DD in the data.

Error messages come from kb/content/messages.py (FORM_MESSAGES + each field's `hatalar`),
keyed by JSON pointer and keyword; the same catalogue is embedded in every form page.

Rules seam (kb/rules, "Rules as data"): JSON Schema checks what one value may be
(types, required, non-negative, caps per line). Sums and ratios across lines (total
kuruluş desteği, the 60 % of operating costs, 10 % for accessibility works) are rules.
Every form page has an empty region `<section data-kb-kural-alani="<form id>" hidden>`
and the page fires `kb-form:degisti` (detail: {form, data, errors}) on the <form>
element after every change and `kb-form:denetlendi` after every submit; a rules script
can listen, evaluate, write its verdicts into that region and unhide it.

A form may name a rule set in a `kurallar:` block (the budget forms): `kural_kumesi`, the
rules shown (`goster`) and, per answer key of the rule set, how it comes from the data
(`{tablo: S/T, topla: [columns], satir_kosulu?}`, `{alan: S/F}` or `{sabit: N}`). The
loader checks it against the rule set and the form (file:line problems); `mapped_answers`
(kb/forms/answers.py) and `ruleAnswers` in theme/assets/kb/forms.js compute the answers the
same way; forms.js shows the verdicts in the region and `generator.py validate` lists them.

Import from the modules; the package itself exports nothing:

    from kb.forms.loader import load_forms
    from kb.forms.validation import validate_data
    forms = {f.id: f for f in load_forms(root, kb)}
    validate_data(forms["talep-sikayet"], data)  # [{pointer, keyword, limit, message}]

The modules, in the order a definition passes through them:

- ``definition.py``  the definition format: field types and their constants, DEFINITION_SCHEMA
                     and DEFINITION_CHECK (the per-file cached check, build/cache/forms.pickle);
- ``model.py``       FormDef, Section, Field; ``schema_text`` (the text of a published schema);
- ``loader.py``      reads, checks and compiles forms/*.yaml: ``load_forms``;
- ``checks.py``      checks across files: conditions, the ``kurallar:`` mapping against its rule
                     set, no stray copy under schemas/forms/ (``check_no_committed_schemas``);
- ``periods.py``     a form of every guide period (`donem: her_donem`): cites and texts per period;
- ``editions.py``    the loader's period side: one edition per period, attribute fields, fields left out;
- ``caps.py``        a cap as the cases the schema checks (a period's value, a multiple read per
                     year, a value per sector option) and where its numbers come from;
- ``schema.py``      ``build_schema`` (value schemas, caps from parameters) and ``build_catalogue``;
- ``formats.py``     the custom formats (``is_tckn``, ``is_date``, ``is_email``, ``is_phone``);
- ``validation.py``  ``validate_data``, ``data_errors``: form data against its schema;
- ``answers.py``     the seam to kb.rules: ``mapped_answers``, ``rule_answers``, ``rule_verdicts``;
- ``pages.py``       the site provider ``pages(kb, sm)``: form pages (one per period), index, the
                     schemas, message catalogue.
"""
