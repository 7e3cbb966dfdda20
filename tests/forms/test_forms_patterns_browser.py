"""Issue 14: the patterns every form and every calculator share, checked on every such page of
the built site, with the keyboard, at a desktop (1280×900) and a phone (390×844) size:

- a half-filled form is saved as a draft (the status says it is incomplete and how many
  problems it has), `generator.py validate` lists every problem of that draft (exit 1), and the
  page loads the draft back;
- every error-summary link leaves the field and its label or legend inside the window;
- removing a table row updates a shown error summary (no link to a row that is gone);
- a file of another form is refused naming that form (the page and `validate` alike);
- from the skip link, at most 8 Tab presses reach the first field of every form;
- messages say which table and row, and no two summary lines or buttons read the same;
- the calculators say why "-5" is refused and put "Hata:" in the title while errors show.

The pages are found in the built site (every page with a form or a calculator), so a new form
or rule set is covered without listing it here.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_generator
from kb.forms.validation import validate_data

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "forms"
SIZES = [(1280, 900), (390, 844)]
SIZE_IDS = ["1280x900", "390x844"]


def _pages_with(site: Path, marker: str) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")
                  if marker in p.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def form_paths(built_site):
    paths = _pages_with(built_site, 'data-kbf-form="')
    assert len(paths) >= 6, paths
    return paths


@pytest.fixture(scope="module")
def calculator_paths(built_site):
    paths = _pages_with(built_site, 'id="kb-rules-form"')
    assert len(paths) >= 10, paths
    return paths


def open_ready(open_page, path: str, size, ready: str):
    opened = open_page(path, width=size[0], height=size[1])
    opened.page.wait_for_selector(ready, state="attached")
    opened.page.on("dialog", lambda d: d.accept())
    return opened.page


def form_id_of(page) -> str:
    return page.get_attribute("form[data-kbf-form]", "data-kbf-form")


def tab_until(page, condition: str, key: str = "Tab", limit: int = 400) -> int:
    """Press `key` until the JS expression `condition` (about `el`, the focused element) holds."""
    for n in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate(f"() => {{ const el = document.activeElement; return Boolean(el && ({condition})); }}"):
            return n
    raise AssertionError(f"{condition} not reached with {key} in {limit} presses")


def tab_to_id(page, element_id: str, key: str = "Tab") -> int:
    return tab_until(page, f"el.id === {json.dumps(element_id)}", key)


def to_field(page, element_id: str) -> None:
    """Put the focus on a field as Tab would reach it (Tab itself is timed in its own test: a
    press costs some 0.1 s on these long pages), then everything else is done with keys."""
    page.focus(f"#{element_id}")


# what names a field: its group's legend (radios, checkboxes of a group), its own label, or the
# heading of a table; and whether both are inside the window below the sticky header
IN_VIEW = """(id) => {
  const t = document.getElementById(id);
  const header = document.querySelector('.md-header');
  const pos = header ? getComputedStyle(header).position : '';
  const top = header && (pos === 'sticky' || pos === 'fixed') ? header.getBoundingClientRect().bottom : 0;
  let name = null;
  if (t.matches('input[type=radio], input[type=checkbox]')
      && t.closest('.kbf-fieldset, .kb-q--choice, .kbf-checkboxes:not(.kbf-single)')) {
    name = t.closest('fieldset').querySelector(':scope > legend');
  }
  if (!name && t.id) name = document.querySelector(`label[for="${CSS.escape(t.id)}"]`);
  if (!name) name = t.querySelector(':scope > .kbf-table__title');
  const box = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.bottom)]; };
  const inside = (el, whole) => { const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= top - 1 && (whole ? r.bottom <= innerHeight + 1 : r.top <= innerHeight - 20); };
  const table = t.matches('.kbf-table');
  return { focused: document.activeElement === t, field: inside(t, !table), name: Boolean(name) && inside(name, true),
           nameText: name ? name.textContent.trim().slice(0, 60) : '', fieldBox: box(t), nameBox: name ? box(name) : null,
           top, height: innerHeight };
}"""


def follow_every_summary_link(page, summary: str) -> list[str]:
    """Follow each link of the shown summary with the keyboard (from the summary: Tab to the
    link, Enter) and return what is wrong about where each one leaves the focus and the window."""
    hrefs = page.eval_on_selector_all(f"{summary} a", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs, "the summary has no links"
    problems = []
    page.focus(summary)  # where the page puts the focus when it shows the summary
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == hrefs[0]  # its links come next
    for i, href in enumerate(hrefs):
        page.focus(f"{summary} li:nth-child({i + 1}) a")
        page.keyboard.press("Enter")
        got = page.evaluate(IN_VIEW, href[1:])
        if not (got["focused"] and got["field"] and got["name"]):
            problems.append(f"{href}: {got}")
    return problems


def fill_rows_with_bad_amounts(page) -> int:
    """Add one row to every table with its button (keyboard) and type an amount that cannot be
    read into the row's last amount field: errors deep inside a tall row. Returns the tables."""
    tables = page.eval_on_selector_all("form .kbf-table", "els => els.map(e => e.dataset.kbfAd)")
    for name in tables:
        add = f"[data-kbf-ekle={json.dumps(name)}]"
        page.focus(add)
        page.keyboard.press("Enter")
        amount = page.evaluate(f"""() => {{ const rows = document.querySelector({json.dumps(add)}).closest('.kbf-table')
            .querySelectorAll('[data-kbf-satir]'); const row = rows[rows.length - 1];
            const a = [...row.querySelectorAll('.kbf-field[data-kbf-tur=tutar] input')]; return a.length ? a[a.length - 1].id : null; }}""")
        if amount:
            to_field(page, amount)
            page.keyboard.type("45.000,50 TL fazla")
    return len(tables)


def submit_form(page) -> None:
    to_field(page, "kbf-denetle")
    page.keyboard.press("Enter")
    page.wait_for_selector("#kbf-hata-ozeti:not([hidden])")


# ------------------------------------------------------------------ error summary links
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_every_form_summary_link_shows_field_and_label(open_page, form_paths, size):
    problems = []
    for path in form_paths:
        page = open_ready(open_page, path, size, "form[data-kbf-hazir]")
        fill_rows_with_bad_amounts(page)
        submit_form(page)
        assert page.title().startswith("Hata: "), path
        problems += [f"{path} {size}: {p}" for p in follow_every_summary_link(page, "#kbf-hata-ozeti")]
        page.context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_every_calculator_says_why_and_its_links_show_field_and_label(open_page, calculator_paths, size):
    problems = []
    for path in calculator_paths:
        page = open_ready(open_page, path, size, "#kb-rules-form[data-ready]")
        base = page.title()
        inputs = page.eval_on_selector_all("#kb-rules-form input[type=text]", "els => els.map(e => e.id)")
        if not inputs:
            page.context.close()
            continue
        # one wrong answer, left with Tab: the message under the field says why, the title says "Hata:"
        to_field(page, inputs[0])
        page.keyboard.type("-5")
        page.keyboard.press("Tab")
        message = page.text_content(f"#{inputs[0]}-hata")
        assert "Eksi (negatif)" in message and "yazılamaz" in message, (path, message)
        assert page.title() == "Hata: " + base, (path, page.title())
        # the other answers wrong too, written at once (each change re-evaluates the whole page: ~0.25 s)
        page.evaluate("""(ids) => ids.forEach((id, i) => { document.getElementById(id).value = i % 2 ? '-5' : 'on iki'; })""",
                      inputs[1:])
        to_field(page, inputs[-1])
        page.keyboard.press("Enter")  # submits from a text field
        page.wait_for_selector("#kb-rules-errors:not([hidden])")
        assert page.evaluate("document.activeElement.id") == "kb-rules-errors"
        assert page.title() == "Hata: " + base
        lines = page.eval_on_selector_all("#kb-rules-errors li", "els => els.map(e => e.textContent)")
        assert len(lines) == len(inputs) and len(set(lines)) == len(lines), (path, lines)
        problems += [f"{path} {size}: {p}" for p in follow_every_summary_link(page, "#kb-rules-errors")]
        # corrected: no message, no "Hata:"
        page.focus("#kb-rules-form button[type=reset]")
        page.keyboard.press("Enter")
        page.wait_for_function("() => !document.title.startsWith('Hata: ')")
        page.context.close()
    assert problems == [], "\n".join(problems)


# ------------------------------------------------------------------ drafts
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_a_half_filled_form_is_saved_as_a_draft_and_validate_lists_what_is_missing(open_page, form_paths, forms,
                                                                                   size, tmp_path):
    for path in form_paths:
        page = open_ready(open_page, path, size, "form[data-kbf-hazir]")
        form_id = form_id_of(page)
        form = forms[form_id]
        # half filled: the first text field, and a table row with an amount that cannot be read
        first_text = page.eval_on_selector("#kbf-form input.kbf-input", "e => e.id")
        to_field(page, first_text)
        page.keyboard.type("Ayşe Yılmaz")
        fill_rows_with_bad_amounts(page)
        to_field(page, "kbf-indir")
        with page.expect_download() as dl:
            page.keyboard.press("Enter")
        saved = tmp_path / f"{form_id}-{size[0]}.json"
        dl.value.save_as(saved)
        data = json.loads(saved.read_text(encoding="utf-8"))
        errors = validate_data(form, data, json.loads(form.schema_file_text))
        assert errors, (path, "the half-filled form has no problem")
        fields = len({e["pointer"] for e in errors})
        page.wait_for_function("() => document.querySelector('[data-kbf-durum]').textContent.includes('Taslak')")
        status = page.text_content("[data-kbf-durum]")
        assert status.startswith("Taslak olarak indirildi") and f"formda {fields} sorun var" in status, (path, status)
        assert "tamamlanmadı" in status
        assert data["form"] == form_id and first_text.split("-")[1] in data
        if size == SIZES[0]:
            # the command line lists every problem of the draft, one line each, and exits 1
            run = run_generator("validate", form_id, saved)
            assert run.returncode == 1, run.stdout + run.stderr
            lines = run.stdout.strip().splitlines()
            assert len(lines) == len(errors), (lines, errors)
            for e in errors:
                assert f"{saved}:{e['pointer'] or '(kök)'}: {e['message']}" in lines
            assert f"{len(errors)} hata bulundu." in run.stderr
        # and the page loads the draft back, as it was, listing what is still wrong
        page.reload(wait_until="load")
        page.wait_for_selector("form[data-kbf-hazir]", state="attached")
        page.set_input_files("#kbf-dosya", str(saved))
        page.wait_for_selector("#kbf-hata-ozeti:not([hidden])")
        assert "taslak olarak yüklendi" in page.text_content("#kbf-hata-ozeti")
        assert page.input_value(f"#{first_text}") == "Ayşe Yılmaz"
        assert page.locator("#kbf-hata-ozeti li a").count() == fields
        to_field(page, "kbf-indir")
        with page.expect_download() as dl:
            page.keyboard.press("Enter")
        assert json.loads(Path(dl.value.path()).read_text(encoding="utf-8")) == data, path
        page.context.close()


# ------------------------------------------------------------------ table rows
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_removing_a_row_updates_the_summary(open_page, form_paths, size):
    budget = [p for p in form_paths if "butce" in p]
    assert budget, form_paths
    for path in budget:
        page = open_ready(open_page, path, size, "form[data-kbf-hazir]")
        table = page.eval_on_selector("form .kbf-table", "e => e.dataset.kbfAd")
        add = f"[data-kbf-ekle={json.dumps(table)}]"
        page.focus(add)
        page.keyboard.press("Enter")  # row 1, left empty
        page.focus(add)
        page.keyboard.press("Enter")  # row 2, left empty
        submit_form(page)
        prefix = "#f-" + table.replace("/", "-")
        before = page.eval_on_selector_all("#kbf-hata-ozeti a", "els => els.map(a => a.getAttribute('href'))")
        assert any(h.startswith(prefix + "-1-") for h in before), before
        # to row 1 through its summary link, then Tab to its "Kaldır" button and press it
        link = next(i for i, h in enumerate(before) if h.startswith(prefix + "-0-"))
        page.focus(f"#kbf-hata-ozeti li:nth-child({link + 1}) a")
        page.keyboard.press("Enter")
        tab_until(page, "el.matches('[data-kbf-sil]')")
        name = page.evaluate("document.activeElement.textContent")
        assert name.startswith("Kaldır: ") and "1. kalem" in name
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('[data-kbf-durum]').textContent.includes('kaldırıldı')")
        after = page.eval_on_selector_all("#kbf-hata-ozeti a", "els => els.map(a => a.getAttribute('href'))")
        assert page.is_visible("#kbf-hata-ozeti")
        dead = [h for h in after if not page.evaluate("(id) => Boolean(document.getElementById(id))", h[1:])]
        assert dead == [], dead
        assert not any(h.startswith(prefix + "-1-") for h in after), after  # only one row is left
        assert len(after) == len(before) - sum(h.startswith(prefix + "-1-") for h in before), (before, after)
        assert len(after) == page.locator("form .kbf-error-message").count()
        status = page.text_content("[data-kbf-durum]")
        assert f"Hata özetinde {len(after)} sorun kaldı" in status, status
        assert page.evaluate("document.activeElement.closest('.kbf-table') !== null")  # the focus stayed in the table
        page.context.close()


# ------------------------------------------------------------------ a file of another form
def test_a_file_of_another_form_is_refused_naming_that_form(open_page, form_paths, forms, tmp_path):
    for i, size in enumerate(SIZES):
        for path in form_paths:
            page = open_ready(open_page, path, size, "form[data-kbf-hazir]")
            form_id = form_id_of(page)
            other = "kvkk-basvuru" if form_id != "kvkk-basvuru" else "on-basvuru"
            file = sorted((EXAMPLES / other).glob("gecerli*.json"))[0]
            page.set_input_files("#kbf-dosya", str(file))
            page.wait_for_selector("#kbf-hata-ozeti:not([hidden])")
            text = page.text_content("#kbf-hata-ozeti")
            assert page.text_content("#kbf-hata-ozeti .kbf-error-summary__title") == "Dosya yüklenemedi"
            assert "başka bir formun dosyası" in text and f"“{forms[other].title}” formundan" in text, text
            assert "eksik" not in text, text  # not the sections this form would miss
            href = page.get_attribute("#kbf-hata-ozeti li a", "href")
            assert href.endswith(f"/formlar/{other}/"), href
            assert page.locator("#kbf-hata-ozeti li[data-pointer]").count() == 0
            assert page.title().startswith("Hata: ")
            page.context.close()
    # the command line says the same, exit 2 (input this form cannot use; README "Commands")
    run = run_generator("validate", "on-basvuru", EXAMPLES / "kvkk-basvuru" / "gecerli.json")
    assert run.returncode == 2, run.stdout + run.stderr
    assert f"“{forms['kvkk-basvuru'].title}” formunun (kvkk-basvuru) verisi" in run.stderr
    assert "python generator.py validate kvkk-basvuru" in run.stderr and "eksik" not in run.stderr
    unknown = tmp_path / "bilinmeyen.json"
    unknown.write_text('{"form": "baska-bir-form"}', encoding="utf-8")
    run = run_generator("validate", "on-basvuru", unknown)
    assert run.returncode == 2 and "“baska-bir-form” kimlikli bir formun verisi" in run.stderr, run.stderr


# ------------------------------------------------------------------ Tab stops
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_from_the_skip_link_eight_tabs_reach_the_first_field(open_page, form_paths, size):
    counts = {}
    for path in form_paths:
        page = open_ready(open_page, path, size, "form[data-kbf-hazir]")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('md-skip')"), path
        page.keyboard.press("Enter")
        first = page.evaluate("""() => [...document.querySelectorAll('#kbf-form input, #kbf-form textarea')]
            .find((e) => !e.closest('[hidden]')).id""")
        counts[path] = tab_to_id(page, first)
        # the citations are still one Tab away: a "Dayanak" box closes every section
        sections = page.locator("form [data-kbf-bolum]").count()
        boxes = page.locator("form [data-kbf-bolum] > details.kbf-sources").count()
        tables = page.locator("form .kbf-table > details.kbf-sources").count()
        assert boxes + tables >= sections, (path, boxes, tables, sections)
        page.context.close()
    assert all(n <= 8 for n in counts.values()), counts


def test_no_citation_link_between_two_fields_of_a_budget_row(open_page, form_paths):
    for path in [p for p in form_paths if "butce" in p]:
        page = open_ready(open_page, path, SIZES[0], "form[data-kbf-hazir]")
        table = page.eval_on_selector("form .kbf-table", "e => e.dataset.kbfAd")
        page.focus(f"[data-kbf-ekle={json.dumps(table)}]")
        page.keyboard.press("Enter")
        stops = []
        while True:
            page.keyboard.press("Tab")
            el = page.evaluate("(() => { const e = document.activeElement; return [e.tagName, e.className, "
                               "Boolean(e.closest('[data-kbf-satir]'))]; })()")
            if not el[2]:
                break
            stops.append(el)
        assert stops and all(tag in ("INPUT", "TEXTAREA", "BUTTON") for tag, _, _ in stops), (path, stops)
        page.context.close()


# ------------------------------------------------------------------ words
def test_messages_and_buttons_say_which_field_table_and_row(open_page, form_paths):
    page = open_ready(open_page, "formlar/on-basvuru/", SIZES[0], "form[data-kbf-hazir]")
    # both telephone numbers wrong: two lines, and they differ
    to_field(page, "f-basvuru-sekil-2")
    page.keyboard.press("Space")  # with the family: the representative's section appears
    to_field(page, "f-temsilci-telefon")
    page.keyboard.type("12")
    to_field(page, "f-iletisim-tercih")
    page.keyboard.press("Space")
    to_field(page, "f-iletisim-telefon")
    page.keyboard.type("34")
    submit_form(page)
    lines = page.eval_on_selector_all("#kbf-hata-ozeti li", "els => els.map(e => e.textContent)")
    phones = [x for x in lines if "Telefon numarası" in x]
    assert len(phones) == 2 and phones[0] != phones[1], phones
    assert len(set(lines)) == len(lines), lines
    page.context.close()

    for path in form_paths:
        page = open_ready(open_page, path, SIZES[0], "form[data-kbf-hazir]")
        fill_rows_with_bad_amounts(page)
        submit_form(page)
        lines = page.eval_on_selector_all("#kbf-hata-ozeti li", "els => els.map(e => e.textContent)")
        assert len(set(lines)) == len(lines), (path, lines)
        # a message about a cell names its table and row
        for pointer, text in page.eval_on_selector_all(
                "#kbf-hata-ozeti li[data-pointer]", "els => els.map(e => [e.dataset.pointer, e.textContent])"):
            row = re.search(r"/(\d+)/[^/]+$", pointer)
            if row:
                assert f", {int(row.group(1)) + 1}. " in text, (path, pointer, text)
        # every button has a name of its own
        names = page.eval_on_selector_all("article button", "els => els.map(e => e.textContent.trim())")
        assert len(set(names)) == len(names), (path, names)
        # headings: the sections under "Formu doldurun", tables under the sections, no level skipped
        levels = page.eval_on_selector_all("article :is(h1, h2, h3, h4, h5):not([hidden] *)",
                                           "els => els.map(e => [Number(e.tagName[1]), e.textContent.trim()])")
        for (a, _), (b, text) in zip(levels, levels[1:]):
            assert b <= a + 1, (path, text, levels)
        assert page.evaluate("document.querySelector('.kbf-section__title').tagName") == "H3"
        page.context.close()
