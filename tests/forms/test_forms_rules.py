"""The budget forms use the rule sets: one mapping (forms/kio-butce-*.yaml `kurallar:`), the
same answers and verdicts in Python (kb.forms.answers.rule_verdicts, `generator.py validate`) and on
the real form page in headless Chromium (load a file, read the verdicts in the rules region)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.forms.answers import mapped_answers, rule_verdicts
from kb.forms.validation import validate_data
from kb.rules.loader import compiled_ruleset
from kb.rules.wording import amount_text, reading_lines
from conftest import form_problems, line_of, run_generator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "forms"
BUDGET = ["kio-butce-engelli", "kio-butce-eski-hukumlu"]
FILES = [(fid, p) for fid in BUDGET for p in sorted((EXAMPLES / fid).glob("*.json"))]
IDS = [f"{fid}/{p.name}" for fid, p in FILES]


def _data(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def python_view(form, data, kb, sm) -> list[dict]:
    """What the rules region should show, computed in Python: one entry per shown rule."""
    result = rule_verdicts(form, data, ROOT, kb)
    compiled = compiled_ruleset(form.rules["kural_kumesi"], ROOT, kb)
    rules = {r["id"]: r for r in compiled["kurallar"]}
    out = []
    for res in result["sonuclar"]:
        rule = rules[res["id"]]
        out.append({"baslik": rule["baslik"], "durum": res["durum"], "tutar": amount_text(compiled, rule, res),
                    "okumalar": reading_lines(compiled, rule, res),
                    "atiflar": [[sm.label(c), sm.url(c)] for c in rule["kaynaklar"]]})
    return out


# ------------------------------------------------------------------ the mapping (Python)
def test_every_budget_form_has_a_mapping(forms):
    assert forms["kio-butce-engelli"].rules["kural_kumesi"] == "kio-engelli-butce"
    assert forms["kio-butce-eski-hukumlu"].rules["kural_kumesi"] == "kio-eski-hukumlu-butce"
    assert all(f.rules is None for fid, f in forms.items() if fid not in BUDGET)


def test_mapping_sums_the_rows(forms):
    data = _data(EXAMPLES / "kio-butce-engelli" / "gecerli-sinir-asimi.json")
    answers = mapped_answers(forms["kio-butce-engelli"].rules, data)
    assert answers == {
        "kurulus_islemleri_talebi": 3000 + 2000.01,
        "yillik_isletme_gideri": 4000 + 3000 + 3000.01 + 799.99 + 1200,
        "isletme_gideri_talebi": 3000 + 3000.01 + 1200,
        "tarim_hayvancilik": False,
        "aylik_kira": 4000 + 3000 + 3000.01,  # the whole rent (see the comment in the form definition)
        "kira_ay": 1,
        "kira_talebi": 3000 + 3000.01,
        "kurulus_destegi_talebi": 40500 + 2500 + 2000.01,
        "erisilebilirlik_insaat_talebi": 2500 + 2000.01,
    }
    # an empty table or no row meeting the row condition leaves the answer out
    empty = _data(EXAMPLES / "kio-butce-engelli" / "gecerli-bos-tablolar.json")
    answers = mapped_answers(forms["kio-butce-engelli"].rules, empty)
    assert "kurulus_islemleri_talebi" not in answers and "kira_talebi" not in answers
    assert "erisilebilirlik_insaat_talebi" not in answers and answers["kurulus_destegi_talebi"] == 45000


@pytest.mark.parametrize("name, expected", [
    ("kio-butce-engelli/gecerli-sinirda.json",
     {"kurulus_islemleri": "karsilaniyor", "isletme_gideri": "karsilaniyor", "kira": "karsilaniyor",
      "kurulus_destegi": "karsilaniyor", "erisilebilirlik_insaat": "karsilaniyor", "toplam_talep": "hesaplandi"}),
    ("kio-butce-engelli/gecerli-sinir-asimi.json",
     {"kurulus_islemleri": "karsilanmiyor", "isletme_gideri": "karsilanmiyor", "kira": "karsilanmiyor",
      "kurulus_destegi": "karsilanmiyor", "erisilebilirlik_insaat": "karsilanmiyor", "toplam_talep": "hesaplandi"}),
    ("kio-butce-eski-hukumlu/gecerli-2020.json", {"kurulus_destegi": "karsilaniyor"}),
    ("kio-butce-eski-hukumlu/gecerli-2021.json", {"kurulus_destegi": "belirsiz"}),
    ("kio-butce-eski-hukumlu/gecerli-2021-toplam-asimi.json", {"kurulus_destegi": "karsilanmiyor"}),
])
def test_caps_at_and_just_over(forms, kb, name, expected):
    form = forms[name.split("/")[0]]
    result = rule_verdicts(form, _data(EXAMPLES / name), ROOT, kb)
    assert {r["id"]: r["durum"] for r in result["sonuclar"]} == expected


# ------------------------------------------------------------------ generator.py validate

def test_validate_lists_every_line_over_its_cap():
    file = EXAMPLES / "kio-butce-engelli" / "gecerli-sinir-asimi.json"
    run = run_generator("validate", "kio-butce-engelli", file)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "şemasına uyuyor" in run.stdout and "Traceback" not in run.stdout + run.stderr
    for rid in ("kurulus_islemleri", "isletme_gideri", "kira", "kurulus_destegi", "erisilebilirlik_insaat"):
        assert f"{file}:kurallar/{rid}: " in run.stdout and "üst sınırı aşıyor" in run.stdout
    assert "En fazla: 4.500 TL — talep: 4.500,01 TL" in run.stdout
    assert "Kaynak: Rehber 2020/1, 4-A-c, paragraf 1" in run.stdout
    assert "5 kalem üst sınırı aşıyor." in run.stderr


def test_validate_at_the_caps_exits_0():
    run = run_generator("validate", "kio-butce-engelli", EXAMPLES / "kio-butce-engelli" / "gecerli-sinirda.json")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "sonuç (karşılanıyor): Talep ettiğiniz her tutar rehberin sınırının içinde." in run.stdout


def test_validate_belirsiz_is_never_green():
    """Over the cap under one reading of the guide and within it under the other: the engine's
    verdict is karsilanmiyor (it was "not a failure" before `karar`)."""
    file = EXAMPLES / "kio-butce-eski-hukumlu" / "gecerli-2021.json"
    run = run_generator("validate", "kio-butce-eski-hukumlu", file)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"{file}:kurallar/kurulus_destegi: “Kuruluş desteği” rehberin bir okumasına göre üst sınırı aşıyor" in run.stdout
    assert "talep sınırı aşıyor" in run.stdout and "talep sınırın içinde" in run.stdout
    assert "sonuç (karşılanmıyor): Rehberin bir okumasına göre karşılanmayan: Kuruluş desteği." in run.stdout


def test_validate_schema_errors_come_first_without_rules():
    run = run_generator("validate", "kio-butce-engelli", EXAMPLES / "kio-butce-engelli" / "gecersiz-sinirlar.json")
    assert run.returncode == 1 and "Kural denetimi" not in run.stdout


# ------------------------------------------------------------------ check: the mapping is validated


def test_unknown_answer_key_and_column_are_reported_with_line(content_copy):
    f = content_copy / "forms" / "kio-butce-engelli.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace("    kurulus_islemleri_talebi: {tablo:", "    kurulus_islem_talebi: {tablo:", 1)
    text = text.replace("topla: [kendi_katki, talep_edilen]}", "topla: [kendi_katkisi, talep_edilen]}", 1)
    f.write_text(text, encoding="utf-8")
    g = content_copy / "forms" / "kio-butce-eski-hukumlu.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("kural_kumesi: kio-eski-hukumlu-butce",
                                                       "kural_kumesi: kio-eski-hukumlu-butcesi", 1), encoding="utf-8")
    problems = form_problems(content_copy)
    key_line = line_of(f, "kurulus_islem_talebi:")
    assert any(p.startswith(f"forms/kio-butce-engelli.yaml:{key_line}:") and "'kurulus_islem_talebi' diye bir sorusu yok" in p
               and "kurulus_islemleri_talebi" in p for p in problems), problems
    col_line = line_of(f, "kendi_katkisi")
    assert any(p.startswith(f"forms/kio-butce-engelli.yaml:{col_line}:") and "'kendi_katkisi'" in p
               and "tutar sütunu değil" in p for p in problems), problems
    set_line = line_of(g, "kural_kumesi:")
    assert any(p.startswith(f"forms/kio-butce-eski-hukumlu.yaml:{set_line}:") for p in problems), problems


def test_wrong_table_and_row_condition_are_reported(content_copy):
    f = content_copy / "forms" / "kio-butce-engelli.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace("satir_kosulu: {sutun: gider_turu, deger: [kira]}\n    kira_ay",
                        "satir_kosulu: {sutun: gider_turu, deger: [kiralar]}\n    kira_ay", 1)
    text = text.replace("kurulus_destegi_talebi: {tablo: kurulus_destegi/kalemler",
                        "kurulus_destegi_talebi: {tablo: kurulus_destegi/satirlar", 1)
    f.write_text(text, encoding="utf-8")
    problems = "\n".join(form_problems(content_copy))
    assert f"forms/kio-butce-engelli.yaml:{line_of(f, 'kurulus_destegi/satirlar')}:" in problems
    assert "tablo bulunamadı: 'kurulus_destegi/satirlar'" in problems
    assert f"forms/kio-butce-engelli.yaml:{line_of(f, 'kiralar')}:" in problems
    assert "'kiralar' 'gider_turu' sütununun bir değeri değil" in problems


# ------------------------------------------------------------------ the browser agrees
READ_REGION = """(formId) => {
  const section = document.querySelector(`[data-kb-kural-alani="${formId}"]`);
  const region = section.querySelector('[data-kb-kural-sonuclari]');
  return {hidden: section.hidden, durum: region.dataset.kbKuralDurum || '',
          h2: section.querySelectorAll('h2').length,
          live: region.querySelector('[aria-live="polite"]') ? region.querySelector('[aria-live="polite"]').textContent : null,
          items: [...region.querySelectorAll('li.kb-verdict')].map((li) => ({
    baslik: li.querySelector('strong').textContent,
    durum: [...li.querySelector('.kb-badge').classList].find((c) => c.startsWith('kb-badge--')).slice(10),
    tutar: [...li.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim(),
    okumalar: [...li.querySelectorAll(':scope > ul > li')].map((x) => x.textContent),
    atiflar: [...li.querySelectorAll('.kb-verdict__cites a')].map((a) => [a.textContent, a.href]),
  }))};
}"""


@pytest.fixture(scope="module")
def budget_pages(browser, site_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pages = {}
    for form_id in BUDGET:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(f"{site_url}formlar/{form_id}/", wait_until="load")
        page.wait_for_selector("form[data-kbf-hazir]", state="attached")
        pages[form_id] = (page, errors)
    yield pages
    ctx.close()


def _load_file(page, form_id: str, path: Path) -> None:
    page.evaluate("""(formId) => {
      const region = document.querySelector(`[data-kb-kural-alani="${formId}"] [data-kb-kural-sonuclari]`);
      region.textContent = ''; delete region.dataset.kbKuralDurum;
      document.querySelector('[data-kbf-durum]').textContent = '';
    }""", form_id)
    page.set_input_files("#kbf-dosya", str(path))
    page.wait_for_function("""(name) => document.querySelector('#kbf-hata-ozeti li') !== null
        || document.querySelector('[data-kbf-durum]').textContent.includes(name)""", arg=path.name)


@pytest.mark.parametrize("form_id", BUDGET)
def test_rules_region_is_there_before_anything_is_written(browser, site_url, form_id):
    """The region is filled on load, so the first amount typed does not reveal a whole
    section and push the rest of the page down; with nothing written it says so."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(f"{site_url}formlar/{form_id}/", wait_until="load")
        page.wait_for_function("""(formId) => document.querySelector(
            `[data-kb-kural-alani="${formId}"] [data-kb-kural-sonuclari]`).dataset.kbKuralDurum""", arg=form_id)
        region = page.locator(f'[data-kb-kural-alani="{form_id}"]')
        assert region.is_visible()
        live = region.locator("[role=status]").inner_text()
        assert live == ("Henüz denetlenecek bir yanıt yok: sonuç için soruları yanıtlayın "
                        "ya da talep ettiğiniz tutarları yazın.")  # the engine's karar.cumle
        assert "sınırlarının içinde" not in region.inner_text()
    finally:
        ctx.close()


@pytest.mark.parametrize("form_id, path", FILES, ids=IDS)
def test_browser_shows_the_same_verdicts(budget_pages, forms, kb, sm, site_url, form_id, path):
    page, errors = budget_pages[form_id]
    form = forms[form_id]
    data = _data(path)
    expected = python_view(form, data, kb, sm)
    valid = not validate_data(form, data)
    _load_file(page, form_id, path)
    if valid:
        page.wait_for_function("""(formId) => document.querySelector(
            `[data-kb-kural-alani="${formId}"] [data-kb-kural-sonuclari]`).dataset.kbKuralDurum""", arg=form_id)
        shown = page.evaluate(READ_REGION, form_id)
        assert not shown["hidden"] and shown["h2"] == 1
        for item in expected:
            item["atiflar"] = [[label, site_url + url] for label, url in item["atiflar"]]
        assert shown["items"] == expected
        over = [e["baslik"] for e in expected if e["durum"] in ("karsilanmiyor", "belirsiz")]
        karar = rule_verdicts(form, data, ROOT, kb)["karar"]
        assert (karar["durum"] == "karsilanmiyor") == bool(over)
        # the region shows the engine's verdict as Python computes it
        assert shown["durum"] == {"karsilanmiyor": "sorunlu", "karsilaniyor": "uygun", "eksik": "eksik"}[karar["durum"]]
        assert shown["live"] == karar["cumle"]
        assert page.evaluate("document.activeElement.closest('[data-kb-kural-alani]') === null")
    else:
        # the page refuses an invalid file, so the rules region is not filled from it; the same
        # mapping and engine still run in the page on the data and agree with Python
        assert page.evaluate(READ_REGION, form_id)["items"] == []
        got = page.evaluate("""async ([data, formId]) => {
          const forms = await import('/assets/kb/forms.js');
          const engine = await import('/assets/kb/rules-engine.js');
          const widget = await import('/assets/kb/rules-widget.js');
          const mapping = JSON.parse(document.getElementById('kbf-katalog').textContent).kurallar;
          const rs = await widget.loadRuleset('/', mapping.kural_kumesi);
          const answers = forms.ruleAnswers(mapping, data);
          const result = engine.evaluate(rs, answers);
          return {answers, sonuclar: result.sonuclar.filter((r) => mapping.goster.includes(r.id))};
        }""", [data, form_id])
        py = rule_verdicts(form, data, ROOT, kb)
        assert got["answers"] == py["yanitlar"]
        assert [(r["id"], r["durum"], r["degerler"], r.get("talep")) for r in got["sonuclar"]] == \
               [(r["id"], r["durum"], r["degerler"], r.get("talep")) for r in py["sonuclar"]]
    assert errors == []


def test_typing_updates_the_verdicts_without_taking_focus(budget_pages, forms, kb, sm):
    page, errors = budget_pages["kio-butce-eski-hukumlu"]
    _load_file(page, "kio-butce-eski-hukumlu", EXAMPLES / "kio-butce-eski-hukumlu" / "gecerli-2020.json")
    page.wait_for_function("""() => document.querySelector('[data-kb-kural-sonuclari]').dataset.kbKuralDurum === 'uygun'""")
    field = page.locator("[data-kbf-ad='kurulus_destegi/kalemler'] input[name$='talep_edilen']").first
    field.fill("44146")
    page.wait_for_function("""() => document.querySelector('[data-kb-kural-sonuclari]').dataset.kbKuralDurum === 'sorunlu'""")
    assert page.evaluate("document.activeElement.name || ''").endswith("talep_edilen")
    shown = page.evaluate(READ_REGION, "kio-butce-eski-hukumlu")
    assert [i["durum"] for i in shown["items"]] == ["belirsiz"]
    assert errors == []


def test_rules_region_keeps_the_focus_and_is_left_alone_when_nothing_it_shows_changed(browser, site_url):
    """A keyboard user on a citation link of the region does not lose the focus when the
    verdicts are redrawn, and a change that does not touch the amounts (a name typed) does
    not redraw the region (nor make a screen reader announce it again)."""
    form_id = "kio-butce-eski-hukumlu"
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(f"{site_url}formlar/{form_id}/", wait_until="load")
        region = f'[data-kb-kural-alani="{form_id}"] [data-kb-kural-sonuclari]'
        page.wait_for_function("(sel) => document.querySelector(sel).dataset.kbKuralDurum", arg=region)
        page.evaluate("(sel) => { document.querySelector(sel).querySelector('ul').dataset.mark = 'eski'; }", region)
        page.locator("#f-proje-ad_soyad").fill("Deneme Kişi")
        page.wait_for_timeout(600)  # the form's 150 ms debounce and the update
        assert page.evaluate("(sel) => document.querySelector(sel).querySelector('ul').dataset.mark", arg=region) == "eski"
        # an empty budget line (its amount not written yet: nothing changes for the rules)
        page.locator("[data-kbf-ekle]").first.click()
        page.wait_for_timeout(600)
        assert page.evaluate("(sel) => document.querySelector(sel).querySelector('ul').dataset.mark", arg=region) == "eski"
        # focus on the region's first citation link, then an amount arrives (as from a
        # loaded file or an assistive tool, without moving the focus)
        page.locator(f"{region} a").first.focus()
        page.evaluate("""() => { const amount = document.getElementById('f-kurulus_destegi-kalemler-0-talep_edilen');
            amount.value = '1000'; amount.dispatchEvent(new Event('input', {bubbles: true})); }""")
        page.wait_for_function("(sel) => !document.querySelector(sel).querySelector('ul').dataset.mark", arg=region)
        assert page.evaluate("(sel) => document.querySelector(sel).contains(document.activeElement) "
                             "&& document.activeElement.tagName === 'A'", arg=region)
    finally:
        ctx.close()
