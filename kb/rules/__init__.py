"""Rules as data: eligibility checks and budget calculators with citations.

A rule set (rules/<id>.yaml) is data: questions, and rules that cite the guide. Each rule
is one of

- ``kosul``        a condition: met (karsilaniyor) / not met (karsilanmiyor) / not answered
                   (yanitlanmadi) / ambiguous (belirsiz) / not applicable (uygulanmaz);
- ``kalem``        a budget line: the largest (or, with ``sinir: en_az``, the smallest)
                   amount, compared with the amount asked for (``talep``);
- ``hesap``        a derived amount (a total, the blocked share) without a verdict;
- ``desteklenmez`` a cost the guide never supports: the largest payable amount is nil.

A condition is a JSON Schema fragment (``sema``) where JSON Schema can say it, otherwise
JSON Logic (``mantik``); amounts are always JSON Logic. Figures are never typed in a rule:
``{param: ID}`` is resolved for the guide's period when the rule set is loaded (``{param:
ID, donem: "2021"}`` for another period, ``birim: ay`` to turn years into months,
``parca: pay|payda`` for one side of a fraction), ``{yuzde: [X, {param: RATE}]}`` is
X × RATE / 100. Where the source can be read two ways, a rule uses an ambiguity axis
(``belirsizlikler``: a named value per reading, used with ``{secenek: NAME}``, or whole
alternative expressions under ``okumalar``); it is then evaluated once per reading and
the answer lists every reading instead of choosing one.

Loading *compiles* a rule set into plain JSON (``compiled``): parameters replaced by
numbers, one JSON Logic expression per reading. That JSON is what both engines run:
``evaluate_compiled`` (kb/rules/evaluation.py) and theme/assets/kb/rules-engine.js (same
algorithm, same JSON Logic semantics; tests/rules/test_rules_browser.py proves they agree on every
vector).

Public API (for other providers such as the budget forms); import from the modules, the
package itself exports nothing:

    from kb.rules.loader import evaluate, compiled_ruleset
    result = evaluate("kio-engelli-butce", {"kurulus_destegi_talebi": 40000})
    result["sonuclar"]  # one entry per rule: id, tur, durum, degerler, talep, eksik, kaynaklar
    result["basarili"]  # True when every condition is met and every line within its cap

In the browser: ``import {evaluate} from "<site>/assets/kb/rules-engine.js"`` with the
compiled JSON (``data/rules/<id>.json`` or ``compiled_ruleset(id)`` embedded in the page).

The modules, in the order a rule set passes through them:

- ``model.py``        constants (kinds, operators, question types, status words) and RuleSet;
- ``loader.py``       reads rules/*.yaml (per-file cache), compiles, orders; the entry points
                      by id: ``load_rulesets``, ``rulesets``, ``compiled_ruleset``, ``evaluate``;
- ``compiler.py``     one document -> RuleSet: questions, groups, rules, axes, answers schema;
- ``expressions.py``  inside a rule: {param}/{yuzde}/{secenek} resolved, JSON Logic operators
                      and comparisons checked, JSON Schema fragments (a mixin of the compiler);
- ``evaluation.py``   the engine (``evaluate_compiled``, ``kurus``), ``answers_schema`` and
                      ``answer_problems``;
- ``verdict.py``      the one overall verdict of an evaluation (``karar``: karsilaniyor /
                      karsilanmiyor / eksik, its rule in the module docstring)
- ``wording.py``      the texts of a verdict: ``status_label``, ``amount_text``, ``reading_lines``,
                      ``format_tl`` (the same texts rules-engine.js writes);
- ``pages.py``        the site provider ``pages(kb, sm)``: rule set pages, index, data files,
                      catalog entries.
"""
