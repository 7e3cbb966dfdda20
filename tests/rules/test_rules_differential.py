"""Python and the browser give the same verdict, always: for every rule set, 1,200 answer files
from the generator of tests/rules/answer_strategies.py (seeded by the rule set's id, so the same
files on every run) are evaluated by kb/rules/evaluation.py `evaluate_compiled` and, in headless
Chromium, by the very module the calculator pages load (assets/kb/rules-engine.js, on the
published data/rules/<id>.json) — one page load and one batch per rule set.

Compared: the verdict (karar: durum, basarisiz, eksik_sorular, cumle), basarili, the counts, and
per rule its status, missing questions, request and every reading's amount and outcome; amounts
in whole kuruş (kurus: floor(x * 100 + 0.5)). A failure shows the first differing file with the
differing fields, and how many files differ.
"""
from __future__ import annotations

import json
import math

import pytest

from answer_strategies import Model, batch
from kb.rules.evaluation import evaluate_compiled
from kb.rules.loader import rulesets

CASES = 1200
SETS = rulesets()

# The results come back as one JSON text (Playwright's own serialisation of 1,200 nested
# results takes seconds); numbers JSON cannot hold are written as Python's repr of them.
RUN_BATCH = """async ([id, cases]) => {
  const engine = await import("/assets/kb/rules-engine.js");
  const rs = await (await fetch(`/data/rules/${id}.json`)).json();
  const special = (k, v) => (typeof v === "number" && !Number.isFinite(v)
    ? (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf") : v);
  return JSON.stringify(cases.map((answers) => {
    try {
      const r = engine.evaluate(rs, answers);
      return { karar: r.karar, basarili: r.basarili, basarisiz: r.basarisiz, ozet: r.ozet,
               sonuclar: r.sonuclar.map((s) => ({ id: s.id, durum: s.durum, eksik: s.eksik, degerler: s.degerler,
                                                  ...("talep" in s ? { talep: s.talep } : {}) })) };
    } catch (e) {
      return { hata: `${e.name}: ${e.message}` };
    }
  }), special);
}"""


def kurus(x):
    """An amount in whole kuruş; anything else (None, a boolean, a text, ±inf, NaN) as itself."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return x
    v = x * 100 + 0.5
    return math.floor(v) if math.isfinite(v) else repr(float(v))  # 'inf', '-inf', 'nan' as the browser's


def canonical(result: dict) -> dict:
    if "hata" in result:
        return result
    karar = result.get("karar") or {}
    out = {"karar": {k: karar.get(k) for k in ("durum", "basarisiz", "eksik_sorular", "cumle")},
           "basarili": result["basarili"], "basarisiz": result["basarisiz"], "ozet": result["ozet"], "sonuclar": []}
    for r in result["sonuclar"]:
        item = {"id": r["id"], "durum": r["durum"], "eksik": r["eksik"],
                "degerler": [{k: (kurus(v) if k == "deger" else v) for k, v in d.items()} for d in r["degerler"]]}
        if "talep" in r:
            item["talep"] = kurus(r["talep"])
        out["sonuclar"].append(item)
    return out


def python_result(compiled: dict, answers: dict) -> dict:
    try:
        return canonical(evaluate_compiled(compiled, answers))
    except Exception as exc:  # an engine error is a difference like any other
        return {"hata": f"{type(exc).__name__}: {exc}"}


def differences(a, b, path: str = "") -> list[str]:
    """`path: python … ≠ browser …` for every differing leaf."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in list(a) + [k for k in b if k not in a]:
            if k not in b:
                out.append(f"{path}/{k}: python {json.dumps(a[k], ensure_ascii=False)} ≠ browser (absent)")
            elif k not in a:
                out.append(f"{path}/{k}: python (absent) ≠ browser {json.dumps(b[k], ensure_ascii=False)}")
            else:
                out += differences(a[k], b[k], f"{path}/{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}/{i}")]
    if a != b or type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return [f"{path or '/'}: python {json.dumps(a, ensure_ascii=False)} ≠ browser {json.dumps(b, ensure_ascii=False)}"]
    return []


def readable_report(ruleset: str, cases: list[dict], python: list[dict], browser: list[dict]) -> str:
    differing = [i for i, (p, b) in enumerate(zip(python, browser)) if p != b and differences(p, b)]
    if not differing:
        return ""
    first = differing[0]
    # name the rule of a differing /sonuclar/N path
    lines = []
    p, b = python[first], browser[first]
    if "hata" in p or "hata" in b:  # one engine raised: say so, and what the other one decided
        p, b = ({k: x.get(k) for k in ("hata", "karar", "basarili")} for x in (p, b))
    for d in differences(p, b):
        parts = d.split("/")
        if len(parts) > 2 and parts[1] == "sonuclar" and parts[2].isdigit() and "sonuclar" in python[first]:
            d = f"[{python[first]['sonuclar'][int(parts[2])]['id']}] " + d
        lines.append(d)
    return (f"{ruleset}: {len(differing)} of {len(cases)} answer files evaluate differently "
            f"in Python and in the browser; the first (#{first}):\n"
            f"  answers: {json.dumps(cases[first], ensure_ascii=False)}\n  " + "\n  ".join(lines[:25]))


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.mark.parametrize("ruleset", list(SETS))
def test_browser_and_python_engines_agree_on_generated_answers(ruleset, context, site_url):
    rs = SETS[ruleset]
    m = Model.of(rs.compiled)
    cases = batch(m, ruleset, CASES)
    assert len(cases) >= 1000 and all(m.valid(a) for a in cases)
    page = context.new_page()
    console = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    try:
        page.goto(site_url + rs.url, wait_until="load")
        browser_results = [canonical(r) for r in json.loads(page.evaluate(RUN_BATCH, [ruleset, cases]))]
    finally:
        page.close()
    python_results = [python_result(rs.compiled, a) for a in cases]
    assert len(browser_results) == len(cases)
    report = readable_report(ruleset, cases, python_results, browser_results)
    assert not report, report
    # the batch covered every verdict the rule set can give (a generator that never reaches
    # "karsilaniyor" would prove little)
    seen = {r["karar"]["durum"] for r in python_results if "karar" in r}
    assert seen == {"karsilaniyor", "karsilanmiyor", "eksik"}, seen
    assert not [c for c in console if c.startswith("error")], console
