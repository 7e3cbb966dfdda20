"""Python and the browser find the same errors in any form data: for every form of forms/, 300
data files generated from its published schema (schemas/forms/<id>.schema.json in the built
site, the one the page embeds) — valid ones and broken ones: required fields missing, wrong types, bad T.C. kimlik
numbers, dates, e-mail addresses and phone numbers, texts at and over their length (astral
characters too), amounts at and over their caps, unknown properties, table rows over the limit,
repeated choices — are validated by kb/forms/validation.py `validate_data` and, in headless
Chromium, by the page's own validator (assets/kb/forms-core.js validateWith with the embedded
schema and catalogue): one page load and one batch per form. The error lists must be identical
(JSON pointer, keyword, limit and Turkish message; compared as sets, the two order ties
differently). Seeded by the form's id: the same files on every run.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from kb.forms.validation import validate_data

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "forms"
CASES = 300

RUN_BATCH = """async (cases) => {
  const m = await import("/assets/kb/forms-core.js");
  const schema = JSON.parse(document.getElementById("kbf-sema").textContent);
  const catalogue = JSON.parse(document.getElementById("kbf-katalog").textContent);
  const validator = m.makeValidator(schema);
  return JSON.stringify(cases.map((data) => {
    try { return m.validateWith(schema, catalogue, data, validator); }
    catch (e) { return { hata: `${e.name}: ${e.message}` }; }
  }));
}"""


# ------------------------------------------------------------------ values by format
def tckn(rng: random.Random) -> str:
    d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    d.append(((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def bad_tckn(rng: random.Random) -> str:
    good = tckn(rng)
    return rng.choice([good[:10] + str((int(good[10]) + 1) % 10), good[:10], "0" + good[1:], good + "1",
                       good[:5] + " " + good[5:], good[:9] + "ab", "١٢٣٤٥٦٧٨٩٠١", ""])


DATES = ["2024-02-29", "2021-06-05", "1999-12-31", "0001-01-01", "9999-12-31"]
BAD_DATES = ["2023-02-29", "2023-13-01", "2023-04-31", "0000-01-01", "2023-1-01", "05.06.2021", "2021-06-05T00:00",
             "2021/06/05", "", "２０２１-06-05", "2021-00-10", "2021-06-00"]
EMAILS = ["ali@ornek.com", "a.b+c@x-y.com.tr", "A_1%x@ORNEK.ORG", "x@a.io"]
BAD_EMAILS = ["ali@ornek", "ali ornek@x.com", "ğül@ornek.com", "a@b.c", "@ornek.com", "ali@.com", "", "ali@ornek.com ",
              "x" * 250 + "@a.com", "ali@@ornek.com", "ali@ornek.c0m"]
PHONES = ["0532 123 45 67", "+90 (532) 123-45-67", "5321234567", "05321234567", "(0232) 1234567", "+905321234567"]
BAD_PHONES = ["0132 123 45 67", "532123456", "+90 532 123 45 678", "0232\t1234567", "+1 532 123 45 67", "0532.123.45.67",
              "", "abc", "٠٥٣٢١٢٣٤٥٦٧"]
TEXTS = ["Müge Öztürk", "a", "İzmir, Konak", "çok satırlı\nmetin", "😀 ğüşiöç", "   "]
FORMAT_VALUES = {"tckn": (tckn, bad_tckn), "date": (DATES, BAD_DATES), "email": (EMAILS, BAD_EMAILS),
                 "telefon": (PHONES, BAD_PHONES)}
WRONG = [None, 0, 1.5, -1, True, "metin", [], {}, ["a"], {"x": 1}, 1e308]


class Gen:
    """Data from a schema node; `bad` is the chance (per cent) of breaking any one value."""

    def __init__(self, seed: str, bad: int):
        self.rng = random.Random(seed)
        self.bad = bad

    def chance(self, percent: int) -> bool:
        return self.rng.randrange(100) < percent

    def value(self, s: dict):
        rng = self.rng
        if self.chance(self.bad // 2):
            return rng.choice(WRONG)
        if "const" in s:
            return s["const"] if not self.chance(self.bad) else rng.choice(["baska-form", "", f"{s['const']} ", False, None])
        if "enum" in s and s.get("type") != "array":
            return rng.choice(s["enum"]) if not self.chance(self.bad) else rng.choice(["yok", s["enum"][0].upper(), ""])
        t = s.get("type")
        if t == "string" and "format" in s:
            good, bad = FORMAT_VALUES[s["format"]]
            pool = bad if self.chance(self.bad * 2) else good
            return pool(rng) if callable(pool) else rng.choice(pool)
        if t == "string":
            lo, hi = s.get("minLength", 0), s.get("maxLength", 200)
            return rng.choice(TEXTS + ["x" * hi, "ğ" * hi, "😀" * hi] +
                              (["", "x" * (hi + 1), "😀" * (hi + 1)] if self.chance(self.bad * 2) else [])
                              + ([""] if lo == 0 else []))
        if t == "boolean":
            return True if s.get("const") is True else rng.choice([True, False])
        if t == "number":
            top = s.get("maximum")
            pool = [0, 0.0, 1, 1500.5, round(rng.uniform(0, 100_000), 2), 45000]
            if top is not None:
                pool += [top, round(top - 0.01, 2), round(top + 0.01, 2), top + 1]
            if self.chance(self.bad):
                pool += [-0.01, -1, 1e308, "45.000", "45000"]
            return rng.choice(pool)
        if t == "array":
            return self.array(s)
        if t == "object":
            return self.obj(s)
        return rng.choice(WRONG)

    def array(self, s: dict):
        items = s.get("items", {})
        rng = self.rng
        if "enum" in items:
            chosen = rng.sample(items["enum"], rng.randint(0, len(items["enum"])))
            if self.chance(self.bad) and chosen:
                chosen.append(chosen[0])  # uniqueItems
            if self.chance(self.bad):
                chosen.append(rng.choice(["yok", 1, None]))
            return chosen
        top = s.get("maxItems", 5)
        n = rng.choice([0, 1, 1, 2, 3, min(top, 6)] + ([top + 1] if self.chance(self.bad) else []))
        return [self.value(items) for _ in range(n)]

    def obj(self, s: dict):
        out = {}
        required = set(s.get("required", []))
        for key, sub in s.get("properties", {}).items():
            keep = (100 - self.bad) if key in required else 60
            if self.chance(keep):
                out[key] = self.value(sub)
        if self.chance(self.bad // 2):
            out[self.rng.choice(["fazla", "ad_soyad_", "Ad", "/", "~", "a b"])] = "x"
        return out


def mutate(g: Gen, data, steps: int):
    """A valid example with a few values replaced, deleted or added."""
    data = json.loads(json.dumps(data))
    for _ in range(steps):
        paths = []

        def walk(node, path):
            if isinstance(node, dict):
                for k, v in node.items():
                    paths.append(path + [k])
                    walk(v, path + [k])
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    paths.append(path + [i])
                    walk(v, path + [i])
        walk(data, [])
        if not paths:
            return data
        path = g.rng.choice(paths)
        parent = data
        for p in path[:-1]:
            parent = parent[p]
        action = g.rng.choice(["sil", "degistir", "degistir", "ekle", "kopya"])
        if action == "sil":
            del parent[path[-1]]
        elif action == "ekle" and isinstance(parent, dict):
            parent["bilinmeyen"] = 1
        elif action == "kopya" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[path[-1]])))
        else:
            parent[path[-1]] = g.rng.choice(WRONG + ["", "😀", "2023-02-29", "12345678901", "0132 123 45 67", "a@b"])
    return data


def cases_for(form_id: str, schema: dict) -> list:
    examples = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((EXAMPLES / form_id).glob("*.json"))]
    valid_examples = [e for e, p in zip(examples, sorted((EXAMPLES / form_id).glob("*.json"))) if p.name.startswith("gecerli")]
    g = Gen(form_id, bad=8)
    out: list = [{}, [], None, "metin", 0]
    out += examples
    while len(out) < CASES:
        kind = g.rng.randrange(10)
        if kind < 4 and valid_examples:
            out.append(mutate(g, g.rng.choice(valid_examples), g.rng.randint(0, 3)))
        else:
            g.bad = g.rng.choice([0, 0, 3, 8, 20])
            out.append(g.value(schema))
    return out


def key(errors: list[dict]) -> list[tuple]:
    return sorted((e["pointer"], e["keyword"], json.dumps(e.get("limit")), e.get("message")) for e in errors)


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.mark.parametrize("form_id", sorted(p.stem for p in (ROOT / "forms").glob("*.yaml")))
def test_browser_and_python_find_the_same_errors_in_generated_data(form_id, forms, context, site_url, built_site):
    form = forms[form_id]
    schema = json.loads((built_site / form.schema_url).read_text(encoding="utf-8"))
    cases = cases_for(form_id, schema)
    page = context.new_page()
    try:
        page.goto(f"{site_url}formlar/{form_id}/", wait_until="load")
        page.wait_for_selector("form[data-kbf-hazir]", state="attached")
        browser_errors = json.loads(page.evaluate(RUN_BATCH, cases))
    finally:
        page.close()
    python_errors = [validate_data(form, data, schema) for data in cases]
    differing = [i for i, (p, b) in enumerate(zip(python_errors, browser_errors))
                 if not isinstance(b, list) or key(p) != key(b)]
    if differing:
        i = differing[0]
        p, b = python_errors[i], browser_errors[i]
        only_p = [x for x in key(p) if x not in key(b)] if isinstance(b, list) else key(p)
        only_b = [x for x in key(b) if x not in key(p)] if isinstance(b, list) else b
        pytest.fail(f"{form_id}: {len(differing)} of {len(cases)} data files get different errors in Python and "
                    f"in the browser; the first (#{i}):\n  data: {json.dumps(cases[i], ensure_ascii=False)[:1500]}\n"
                    f"  only Python: {only_p}\n  only browser: {only_b}")
    # the batch held valid and invalid data, and reached the format checks
    assert any(not e for e in python_errors) and sum(1 for e in python_errors if e) > len(cases) // 4
    keywords = {e["keyword"] for errors in python_errors for e in errors}
    assert {"required", "type", "additionalProperties"} <= keywords, keywords
