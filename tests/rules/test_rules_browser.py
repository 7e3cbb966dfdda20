"""The rule pages in Chromium: the browser engine agrees with Python on every vector,
the form works with the keyboard, results are announced, nothing leaves the page.

Uses the session's built site (tests/conftest.py) and the very module the pages load
(assets/kb/rules-engine.js).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from kb.content.loader import load_knowledge_base
from kb.rules.evaluation import evaluate_compiled
from kb.rules.loader import load_rulesets
from kb.rules.wording import amount_text, reading_lines

ROOT = Path(__file__).resolve().parents[2]
VECTORS = yaml.safe_load((ROOT / "tests" / "rules" / "vectors.yaml").read_text(encoding="utf-8"))["vektorler"]

RUN_ALL = """async (vectors) => {
  const engine = await import(new URL("../../assets/kb/rules-engine.js", location.href).href);
  const sets = {};
  const out = [];
  for (const v of vectors) {
    if (!sets[v.kural_kumesi]) {
      const r = await fetch(new URL(`../../data/rules/${v.kural_kumesi}.json`, location.href));
      sets[v.kural_kumesi] = await r.json();
    }
    const rs = sets[v.kural_kumesi];
    const result = engine.evaluate(rs, v.yanitlar);
    const texts = result.sonuclar.map((res) => {
      const rule = rs.kurallar.find((r) => r.id === res.id);
      return [engine.amountText(rs, rule, res), engine.readingLines(rs, rule, res), engine.statusLabel(rule, res.durum),
              engine.failText(rs, rule, res, v.yanitlar)];
    });
    out.push({ id: v.id, result, texts });
  }
  return out;
}"""


@pytest.fixture(scope="module")
def sets():
    return load_rulesets(ROOT, load_knowledge_base(ROOT))


def test_browser_engine_agrees_with_python_on_every_vector(open_page, sets):
    from kb.rules.wording import fail_text, status_label
    from kb.site.sitemap import derive_site

    kb = load_knowledge_base(ROOT)
    label = derive_site(kb).label
    opened = open_page("butce-hesaplama/kio-engelli/")
    js = opened.page.evaluate(RUN_ALL, VECTORS)
    assert len(js) == len(VECTORS)
    disagreements = []
    for vec, got in zip(VECTORS, js):
        rs = sets[vec["kural_kumesi"]]
        py = evaluate_compiled(rs.compiled, vec["yanitlar"])
        # identical results: statuses, every reading's amount (exact, not approximately), failures
        if json.loads(json.dumps(py)) != got["result"]:
            disagreements.append(vec["id"])
            continue
        rules = {r["id"]: r for r in rs.rules}
        texts = [[amount_text(rs.compiled, rules[r["id"]], r), reading_lines(rs.compiled, rules[r["id"]], r),
                  status_label(rules[r["id"]], r["durum"]),
                  fail_text(rs.compiled, rules[r["id"]], r, vec["yanitlar"], label)] for r in py["sonuclar"]]
        if texts != got["texts"]:
            disagreements.append(vec["id"] + " (texts)")
    assert disagreements == []
    assert not [c for c in opened.console if c.startswith("error")]


def _status(page, rule_id: str) -> str:
    return page.locator(f"#kural-{rule_id} [data-status]").inner_text()


def test_form_by_keyboard_updates_verdicts_and_announces_them(open_page):
    opened = open_page("uygun-muyum/kio-engelli/")
    page = opened.page
    page.wait_for_selector("#kb-rules-form[data-ready]")
    summary = page.locator("#kb-rules-summary")
    assert summary.get_attribute("aria-live") == "polite" and summary.get_attribute("role") == "status"
    # keyboard only: Tab into the first radio group, arrow to "Hayır", Space selects
    page.locator("#soru-iskur_engelli_kaydi input[value=true]").focus()
    page.keyboard.press("Space")
    page.locator("#yanit-yas").focus()
    page.keyboard.type("17")
    page.keyboard.press("Enter")  # implicit submission: evaluates, never leaves the page
    assert page.url.endswith("uygun-muyum/kio-engelli/")
    assert _status(page, "iskur_kaydi").lower() == "karşılanıyor"
    assert _status(page, "yas").lower() == "karşılanmıyor"
    assert _status(page, "emekli_olmamak").lower() == "yanıtlanmadı"
    missing = page.locator("#kural-emekli_olmamak [data-missing]")
    assert missing.is_visible() and "Herhangi bir nedenle emekli misiniz?" in missing.inner_text()
    text = summary.inner_text()
    assert text.startswith("Karşılanmayan: Yaş.")
    assert "1 karşılanıyor, 1 karşılanmıyor" in text
    assert page.evaluate("document.activeElement.id") == "kb-rules-summary"
    # answered but not failing: the summary never says "all met" while questions are open
    page.locator("#yanit-yas").fill("30")
    page.locator("#yanit-yas").press("Enter")
    expect(page.locator("#kural-yas [data-status]")).to_have_text("karşılanıyor")
    head = summary.inner_text().splitlines()[0]
    assert head.startswith("Sonuç için ") and "soru daha yanıtlanmalı" in head, head
    assert "Bütün şartlar karşılanıyor" not in summary.inner_text()
    # a change is evaluated at once (radios fire change)
    page.locator("#soru-emekli input[value=false]").check()
    assert _status(page, "emekli_olmamak").lower() == "karşılanıyor"
    # reset clears every answer and verdict
    page.locator("#kb-rules-form button[type=reset]").click()
    expect(page.locator("#kural-yas [data-status]")).to_have_text("yanıtlanmadı")
    expect(page.locator("#yanit-yas")).to_have_value("")
    foreign = [r for r in opened.requests if not r.startswith(page.url.split("/uygun-muyum/")[0])]
    assert foreign == []
    assert not [c for c in opened.console if c.startswith("error")]


def test_bad_number_gets_an_error_message_and_a_summary_link(open_page):
    opened = open_page("butce-hesaplama/kio-engelli/", width=375)
    page = opened.page
    page.wait_for_selector("#kb-rules-form[data-ready]")
    page.fill("#yanit-kurulus_destegi_talebi", "45000 lira")
    page.fill("#yanit-kurulus_islemleri_talebi", "5.000,01")
    page.locator("#kb-rules-form button[type=submit]").click()
    errors = page.locator("#kb-rules-errors")
    assert errors.is_visible()
    assert page.evaluate("document.activeElement.id") == "kb-rules-errors"
    link = errors.locator("a")
    assert link.count() == 1 and "Tutarı 45.000 ya da 3.577,50 biçiminde yazın." in link.inner_text()
    assert page.get_attribute("#yanit-kurulus_destegi_talebi", "aria-invalid") == "true"
    assert "yanit-kurulus_destegi_talebi-hata" in page.get_attribute("#yanit-kurulus_destegi_talebi", "aria-describedby")
    link.click()
    assert page.evaluate("document.activeElement.id") == "yanit-kurulus_destegi_talebi"
    # the well-formed answer was still evaluated: 5.000,01 TL is over the 5.000 TL cap
    assert _status(page, "kurulus_islemleri").lower() == "karşılanmıyor"
    assert page.locator("#kural-kurulus_islemleri [data-amount]").inner_text() == "En fazla: 5.000 TL — talep: 5.000,01 TL"
    assert _status(page, "kurulus_destegi").lower() == "yanıtlanmadı"


def test_ambiguous_cap_shows_every_reading_on_the_page(open_page):
    opened = open_page("butce-hesaplama/kio-eski-hukumlu/")
    page = opened.page
    page.wait_for_selector("#kb-rules-form[data-ready]")
    page.fill("#yanit-kurulus_destegi_talebi", "50.000")
    page.locator("#kb-rules-form button[type=submit]").click()
    assert _status(page, "kurulus_destegi").lower() == "belirsiz"
    readings = page.locator("#kural-kurulus_destegi [data-readings] li").all_inner_texts()
    assert readings == ["2020 yılı brüt asgari ücreti (2.943 TL): 44.145 TL, talep sınırı aşıyor",
                        "2021 yılı brüt asgari ücreti (3.577,50 TL): 53.662,50 TL, talep sınırın içinde"]
    rule = page.locator("#kural-kurulus_destegi")
    # both passages of the guide, and the source note about the stray "6"
    assert rule.locator("blockquote footer a").all_inner_texts() == ["Rehber 2020/1, 4-A-b-ii, paragraf 1",
                                                                     "Rehber 2020/1, 4-A-e-ii, 7. madde"]
    assert "brüt 6 asgari ücretin 15 katına" in rule.inner_text()
    assert "Hangi yılın brüt asgari ücreti?" in rule.inner_text()


def test_without_javascript_the_rules_and_fixed_caps_are_readable(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site_url + "butce-hesaplama/kio-engelli/")
        assert page.locator("noscript").count() == 1
        assert page.locator("#kural-kurulus_destegi [data-amount]").inner_text() == "En fazla: 45.000 TL"
        assert page.locator("#kural-kurulus_destegi blockquote").count() == 2
        assert page.locator("[data-print]").is_hidden()
    finally:
        ctx.close()


def test_print_hides_the_buttons_and_keeps_the_results(open_page):
    opened = open_page("uygun-muyum/korumali-isyeri/")
    page = opened.page
    page.wait_for_selector("#kb-rules-form[data-ready]")
    assert page.locator("[data-print]").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".kb-rules-actions").is_hidden()
    assert page.locator("#kb-rules-list").is_visible()
    assert page.locator(".md-sidebar--primary").is_hidden()


@pytest.mark.parametrize("path", ["uygun-muyum/", "uygun-muyum/mesleki-egitim/", "butce-hesaplama/mesleki-egitim/"])
def test_rule_pages_have_no_axe_violations(open_page, path):
    from axe_playwright_python.sync_playwright import Axe

    opened = open_page(path)
    if path != "uygun-muyum/":
        opened.page.wait_for_selector("#kb-rules-form[data-ready]")
        opened.page.locator("#kb-rules-form button[type=submit]").click()  # with results shown
    results = Axe().run(opened.page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]})
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []


def test_widget_for_other_pages_renders_verdicts_with_citations(open_page):
    """rules-widget.js, the entry point for the budget forms, on a page that is not a rule page."""
    opened = open_page("tutarlar/")
    page = opened.page
    texts = page.evaluate("""async () => {
      const w = await import(new URL("../assets/kb/rules-widget.js", location.href).href);
      const rs = await w.loadRuleset("../", "kio-engelli-butce");
      const region = document.createElement("section");
      region.hidden = true;
      document.body.append(region);
      const result = w.showVerdicts(region, rs, { kurulus_destegi_talebi: 45000.01, kurulus_islemleri_talebi: 100 },
                                    "../", { only: ["kurulus_islemleri", "kurulus_destegi"] });
      const links = [...region.querySelectorAll("a.kb-cite")].map((a) => [a.textContent, a.getAttribute("href")]);
      return { hidden: region.hidden, items: [...region.querySelectorAll("li.kb-verdict")].map((li) => li.textContent),
               summary: region.querySelector("[role=status]").textContent, links, basarisiz: result.basarisiz };
    }""")
    assert texts["hidden"] is False
    assert texts["basarisiz"] == ["kurulus_destegi"]
    assert texts["summary"] == "Karşılanmayan: Kuruluş desteği."  # the engine's karar.cumle
    assert "Talep ettiğiniz 45.000,01 TL; en fazla 45.000 TL olabilir" in texts["items"][1]
    assert texts["items"][0].startswith("Kuruluş işlemleri desteği karşılanıyorEn fazla: 5.000 TL — talep: 100 TL")
    assert "karşılanmıyorEn fazla: 45.000 TL — talep: 45.000,01 TL" in texts["items"][1]
    assert texts["links"][0][0] == "Rehber 2020/1, 4-A-b-i, a) bendi"
    assert texts["links"][0][1].endswith("/rehber/2020-1/kendi-isini-kurma/#r4-A-b-i-l1-a")


def test_submitting_nothing_says_what_to_do(open_page):
    opened = open_page("uygun-muyum/destek-teknolojileri/")
    page = opened.page
    page.wait_for_selector("#kb-rules-form[data-ready]")
    page.locator("#kb-rules-form button[type=submit]").click()
    errors = page.locator("#kb-rules-errors")
    assert errors.is_visible() and errors.get_attribute("role") == "alert"
    assert "Hiçbir soru yanıtlanmadı: sonuç için en az bir soruyu yanıtlayın" in errors.inner_text()
    errors.locator("a").click()
    assert page.evaluate("document.activeElement.id") == "yanit-tuzel_kisilik_iskur_kayitli-evet"
    page.locator("#yanit-ilde_kurulu-evet").check()  # answering clears it
    assert errors.is_hidden()


# ----------------------------------------------------------------------- "Verdicts you can trust"
def test_a_comma_before_three_digits_is_a_question_not_45_tl(open_page):
    """“45,000” in a calculator's amount field is neither 45 TL nor 45.000 TL: the field asks,
    the rule is not evaluated with it, and nothing turns green."""
    opened = open_page("butce-hesaplama/kio-engelli/", width=390)
    page = opened.page
    page.wait_for_selector("#kb-rules-form[data-ready]")
    page.fill("#yanit-kurulus_destegi_talebi", "45,000")
    page.locator("#kb-rules-form button[type=submit]").click()
    question = "“45,000” 45.000 TL mi? Binlik ayırıcı olarak nokta yazın: 45.000; kuruş için virgül: 45.000,50"
    assert page.locator("#yanit-kurulus_destegi_talebi-hata").inner_text() == question
    assert question in page.locator("#kb-rules-errors").inner_text()
    assert _status(page, "kurulus_destegi").lower() == "yanıtlanmadı"
    summary = page.locator("#kb-rules-summary")
    assert summary.get_attribute("data-karar") == "eksik"
    assert "sınırının içinde" not in summary.inner_text()
    assert page.locator(".kb-rule--karsilaniyor").count() == 0


def test_the_page_shows_the_engines_verdict_and_why_a_line_fails(open_page):
    opened = open_page("butce-hesaplama/korumali-isyeri/", width=1280)
    page = opened.page
    page.wait_for_selector("#kb-rules-form[data-ready]")
    page.fill("#yanit-gerekli_sermaye", "250.000")
    page.fill("#yanit-sermaye_hibe_talebi", "150.000")
    page.locator("#kb-rules-form button[type=submit]").click()
    summary = page.locator("#kb-rules-summary")
    assert summary.get_attribute("data-karar") == "eksik"
    assert summary.inner_text().splitlines()[0] == "Sonuç için 1 soru daha yanıtlanmalı."
    assert "Projeye nakit olarak kendiniz ayıracağınız tutar" in summary.inner_text()
    page.fill("#yanit-nakit_katki", "30.000")
    page.locator("#kb-rules-form button[type=submit]").click()
    assert summary.get_attribute("data-karar") == "karsilanmiyor"
    why = page.locator("#kural-nakit_katki [data-why]").inner_text()
    assert why.startswith("Proje sahibinin nakit katkısı (en az): Katkınız 30.000 TL; sınır okumaya göre değişir")
    assert "(Rehber 2020/1, 4-B-e, 1. madde" in why


def test_numbers_beyond_the_bounds_are_refused_in_the_calculator(open_page):
    opened = open_page("uygun-muyum/kio-engelli/", width=1280)
    page = opened.page
    page.wait_for_selector("#kb-rules-form[data-ready]")
    page.fill("#yanit-engellilik_orani", "150")
    page.fill("#yanit-yas", "200")
    page.locator("#kb-rules-form button[type=submit]").click()
    assert page.locator("#yanit-engellilik_orani-hata").inner_text() == "En fazla %100 yazılabilir."
    assert page.locator("#yanit-yas-hata").inner_text() == "En fazla 120 yaş yazılabilir."
    assert page.locator("#kb-rules-summary").get_attribute("data-karar") == "eksik"
