"""The forms in headless Chromium: same verdicts as the command line, keyboard-only use,
download/load round trips, print layout, no network, no CSP violation."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from kb.forms.formats import is_date, is_email, is_phone, is_tckn
from kb.forms.validation import validate_data
from kb.content.messages import file_message
from kb.commands.validate import Unusable, parse_data
from conftest import run_generator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "forms"
CORE = "/assets/kb/forms-core.js"


class _Opened:
    def __init__(self, page, requests, console):
        self.page, self.requests, self.console = page, requests, console


@pytest.fixture(scope="module")
def form_pages(browser, site_url, forms):
    """Every form page, opened once in one context (tests that only read or load files share them)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = {}
    for form_id in forms:
        page = ctx.new_page()
        requests, console = [], []
        page.on("request", lambda r, requests=requests: requests.append(r.url))
        page.on("console", lambda m, console=console: console.append(f"{m.type}: {m.text}"))
        page.goto(f"{site_url}formlar/{form_id}/", wait_until="load")
        page.wait_for_selector("form[data-kbf-hazir]", state="attached")
        opened[form_id] = _Opened(page, requests, console)
    yield opened
    ctx.close()


def open_form(open_page, form_id: str, width: int = 1280):
    opened = open_page(f"formlar/{form_id}/", width=width)
    opened.page.wait_for_selector("form[data-kbf-hazir]", state="attached")
    opened.page.on("dialog", lambda d: d.accept())
    return opened


def browser_validate(page, data) -> list[dict]:
    return page.evaluate(
        """async (data) => {
          const m = await import('%s');
          const schema = JSON.parse(document.getElementById('kbf-sema').textContent);
          const catalogue = JSON.parse(document.getElementById('kbf-katalog').textContent);
          return m.validateWith(schema, catalogue, data);
        }""" % CORE, data)


# a loaded machine (the whole suite at once) has seen one download of a long run of them take
# over Playwright's 30 s default; the download itself is immediate (the page builds it in memory)
DOWNLOAD_MS = 90_000

def load_file(page, path) -> None:
    """Choose a file in the page's load control and wait until the page has answered."""
    page.evaluate("""() => { document.getElementById('kbf-hata-ozeti').hidden = true;
        document.querySelector('[data-kbf-ozet-liste]').replaceChildren();
        document.querySelector('[data-kbf-durum]').textContent = ''; }""")
    page.set_input_files("#kbf-dosya", str(path))
    page.wait_for_function("""() => document.querySelector('#kbf-hata-ozeti li') !== null
        || document.querySelector('[data-kbf-durum]').textContent.includes('yüklendi')""")


def triples(errors) -> list[tuple]:
    return sorted((e["pointer"], e["keyword"], e["message"]) for e in errors)


def summary_items(page) -> list[tuple]:
    return sorted(page.eval_on_selector_all(
        "#kbf-hata-ozeti li[data-pointer]", "els => els.map(e => [e.dataset.pointer, e.dataset.keyword])"))


def no_foreign_requests(opened, site_url):
    foreign = [u for u in opened.requests if not u.startswith(site_url) and not u.startswith(("blob:", "data:"))]
    assert foreign == [], foreign
    csp = [c for c in opened.console if "Content Security Policy" in c or "Refused to" in c]
    assert csp == [], csp


# ------------------------------------------------------------------ same verdict everywhere
def test_page_embeds_the_published_schema_and_catalogue(form_pages, forms, built_site):
    for form_id, form in forms.items():
        page = form_pages[form_id].page
        embedded = page.evaluate("JSON.parse(document.getElementById('kbf-sema').textContent)")
        assert embedded == json.loads((built_site / form.schema_url).read_text(encoding="utf-8")) == form.schema
        cat = page.evaluate("JSON.parse(document.getElementById('kbf-katalog').textContent)")
        assert cat["alanlar"] == json.loads(json.dumps(form.catalogue["alanlar"]))


def test_browser_and_python_agree_on_every_example(form_pages, forms, site_url, built_site):
    for form_dir in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        form = forms[form_dir.name]
        opened = form_pages[form.id]
        page = opened.page
        for file in sorted(form_dir.glob("*.json")):
            data = json.loads(file.read_text(encoding="utf-8"))
            python = validate_data(form, data, json.loads((built_site / form.schema_url).read_text(encoding="utf-8")))
            browser = browser_validate(page, data)
            assert triples(browser) == triples(python), f"{file.name}: browser {browser} != python {python}"
            assert bool(python) == file.name.startswith("gecersiz"), file.name
            # the same file through the page's own "load" control
            load_file(page, file)
            if isinstance(data, dict) and isinstance(data.get("form"), str) and data["form"] != form.id:
                # a file of another form: said so, naming that form, instead of what this one would miss
                assert page.text_content("#kbf-hata-ozeti .kbf-error-summary__title") == "Dosya yüklenemedi"
                assert summary_items(page) == [], file.name
                assert f"“{forms[data['form']].title}” formundan" in page.text_content("#kbf-hata-ozeti"), file.name
                assert page.evaluate("document.activeElement.id") == "kbf-hata-ozeti"
            elif python:
                assert page.is_visible("#kbf-hata-ozeti")
                title = page.text_content("#kbf-hata-ozeti .kbf-error-summary__title")
                if title == "Sorun var":
                    # a draft of this form the page can hold: loaded as it is, with its problems listed
                    # (one line per field, its first problem in the catalogue's order)
                    first = {}
                    for e in python:
                        first.setdefault(e["pointer"], e["keyword"])
                    assert summary_items(page) == sorted([p, k] for p, k in first.items()), file.name
                    assert "taslak olarak yüklendi" in page.text_content("#kbf-hata-ozeti"), file.name
                    with page.expect_download(timeout=DOWNLOAD_MS) as dl:
                        page.click("[data-kbf-indir]")
                    downloaded = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
                    assert downloaded == (dict(data, donem=form.period) if form.period else data), file.name
                else:
                    assert title == "Dosya yüklenemedi", file.name
                    assert summary_items(page) == sorted([e["pointer"], e["keyword"]] for e in python), file.name
                assert page.evaluate("document.activeElement.id") == "kbf-hata-ozeti"
            else:
                assert page.is_hidden("#kbf-hata-ozeti"), summary_items(page)
                # round trip: what the page collects from the filled form is the file's data, and a
                # form of the guide names the period it was filled for (issue 17)
                with page.expect_download(timeout=DOWNLOAD_MS) as dl:
                    page.click("[data-kbf-indir]")
                downloaded = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
                assert downloaded == (dict(data, donem=form.period) if form.period else data), file.name
        no_foreign_requests(opened, site_url)


def test_unusable_files_are_refused_in_the_browser_as_on_the_command_line(form_pages, tmp_path):
    cases = {
        "cift.json": b'{"form": "on-basvuru", "aday": {"ad_soyad": "A", "ad_soyad": "B"}}',
        "derin.json": b"[" * 40 + b"]" * 40,
        "nan.json": b'{"form": NaN}',
        "bos.json": b"  \n",
        "latin1.json": '{"ad": "Müge"}'.encode("latin-1"),
        "bozuk.json": b'{"form": "on-basvuru",',
    }
    page = form_pages["on-basvuru"].page
    for name, raw in cases.items():
        with pytest.raises(Unusable) as exc:
            parse_data(raw)
        cli = str(exc.value)
        f = tmp_path / name
        f.write_bytes(raw)
        load_file(page, f)
        shown = page.text_content("#kbf-hata-ozeti li")
        if name in ("latin1.json", "bozuk.json"):  # details (position) are worded by each parser
            assert shown.split("(")[0] == cli.split("(")[0], (name, shown, cli)
        else:
            assert shown == cli, (name, shown, cli)
        assert page.title().startswith("Hata: ")
    assert file_message("yinelenen", anahtar="ad_soyad") == "“ad_soyad” anahtarı aynı nesnede iki kez yazılmış — birini silin"


def test_formats_are_identical_in_python_and_javascript(form_pages):
    rng = random.Random(20260415)
    tckn = ["10000000146", "12345678950", "11111111110", "01234567890", "1234567895", "12345678950\n", "١٢٣٤٥٦٧٨٩٥٠"]
    tckn += ["".join(rng.choice("0123456789") for _ in range(11)) for _ in range(300)]
    base = [str(rng.randint(10**9, 10**10 - 1)) for _ in range(100)]
    for b in base:  # make valid ones too
        d = [int(c) for c in b[:9]]
        d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
        d11 = (sum(d) + d10) % 10
        tckn.append(b[:9] + str(d10) + str(d11))
    dates = ["2024-02-29", "2023-02-29", "2026-04-31", "2026-12-31", "0000-01-01", "2026-6-1", "2026-06-01\n",
             "1900-02-29", "2000-02-29", "2026-13-01", "２０２６-01-01", "15.06.2026"]
    emails = ["a@b.co", "a.b@example.com.tr", "a@b", "ayse@örnek.com", "a@@b.com", "a b@c.de", "x@y.z", "a@b.c1",
              "user+tag@mail.example.org", "a@-b.com", "a@b.com\n", "x" * 250 + "@a.com"]
    phones = ["0232 123 45 67", "+90 (532) 123-45-67", "2321234567", "0132 123 45 67", "0232.123.45.67",
              "05321234567", "+905321234567", "0090 532 123 45 67", "0232 123 45 6", "0232\t1234567", "(0232) 444 12 34"]
    page = form_pages["on-basvuru"].page
    got = page.evaluate(
        """async ([t, d, e, p]) => { const m = await import('%s');
          return [t.map(m.isTckn), d.map(m.isDate), e.map(m.isEmail), p.map(m.isPhone)]; }""" % CORE,
        [tckn, dates, emails, phones])
    assert got[0] == [is_tckn(x) for x in tckn]
    assert got[1] == [is_date(x) for x in dates]
    assert got[2] == [is_email(x) for x in emails]
    assert got[3] == [is_phone(x) for x in phones]
    assert sum(got[0]) >= 100  # the generated valid numbers are accepted by both


# ------------------------------------------------------------------ keyboard only
def tab_to(page, element_id: str, key: str = "Tab", limit: int = 150) -> int:
    for n in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return n
    raise AssertionError(f"{element_id} not reached with {key} in {limit} presses")


def test_fill_submit_fix_and_download_with_the_keyboard_only(open_page, site_url, tmp_path):
    opened = open_form(open_page, "on-basvuru")
    page = opened.page
    tab_to(page, "f-basvuru-sekil")
    page.keyboard.press("ArrowDown")  # radios: arrows move and select
    assert page.is_checked("#f-basvuru-sekil-2")  # "ailesiyle birlikte": the family section appears
    assert page.is_visible("#bolum-temsilci")
    page.keyboard.press("ArrowUp")
    assert page.is_checked("#f-basvuru-sekil") and page.is_hidden("#bolum-temsilci")
    tab_to(page, "f-aday-ad_soyad")
    page.keyboard.type("Ayşe Yılmaz")
    tab_to(page, "f-aday-tckn")
    page.keyboard.type("12345678901")  # wrong check digits: fixed below
    assert tab_to(page, "f-aday-ad_soyad", "Shift+Tab") <= 3  # Shift+Tab goes back
    tab_to(page, "f-iletisim-tercih")
    page.keyboard.press("Space")
    assert page.is_checked("#f-iletisim-tercih") and page.is_visible("#f-iletisim-telefon")
    tab_to(page, "f-iletisim-telefon")
    page.keyboard.type("0232 123 45 67")
    tab_to(page, "f-destekler-ilgi-2")
    page.keyboard.press("Space")
    tab_to(page, "f-randevu-tarih")
    page.keyboard.type("15.06.2026")
    tab_to(page, "f-beyan-yukumlulukler")
    page.keyboard.press("Space")
    tab_to(page, "kbf-denetle")
    page.keyboard.press("Enter")

    # the error summary: focused, titled, linking to the field
    page.wait_for_selector("#kbf-hata-ozeti:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "kbf-hata-ozeti"
    assert page.get_attribute("#kbf-hata-ozeti", "role") == "alert"
    assert page.title().startswith("Hata: ")
    assert summary_items(page) == [["/aday/tckn", "format"]]
    link = page.text_content("#kbf-hata-ozeti a")
    assert link == "“Adayın T.C. kimlik numarası” geçerli değil — 11 haneli T.C. kimlik numarasını eksiksiz ve doğru yazın"
    inline = page.text_content("#f-aday-tckn-hata")
    assert inline == "Hata: " + link
    assert page.get_attribute("#f-aday-tckn", "aria-invalid") == "true"
    assert "f-aday-tckn-hata" in page.get_attribute("#f-aday-tckn", "aria-describedby").split()
    assert page.is_hidden("#kbf-kontrol")

    page.keyboard.press("Tab")  # into the summary: its only link
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#f-aday-tckn"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "f-aday-tckn"
    page.keyboard.press("Control+A")
    page.keyboard.type("10000000146")
    page.keyboard.press("Enter")  # implicit submission from a text field

    page.wait_for_selector("#kbf-kontrol:not([hidden])")
    assert page.is_hidden("#kbf-hata-ozeti")
    assert not page.title().startswith("Hata: ")
    assert page.evaluate("document.activeElement.id") == "kbf-kontrol-baslik"
    answers = page.text_content("#kbf-kontrol")
    assert "Ayşe Yılmaz" in answers and "15.06.2026" in answers and "Beceri geliştirme" in answers

    tab_to(page, "kbf-indir")
    with page.expect_download() as dl:
        page.keyboard.press("Enter")
    assert dl.value.suggested_filename == "on-basvuru.json"
    saved = tmp_path / "on-basvuru.json"
    dl.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["aday"] == {"ad_soyad": "Ayşe Yılmaz", "tckn": "10000000146"}
    assert data["randevu"]["tarih"] == "2026-06-15"
    run = run_generator("validate", "on-basvuru", saved)
    assert run.returncode == 0, run.stdout + run.stderr
    no_foreign_requests(opened, site_url)


# ------------------------------------------------------------------ budget tables
def test_budget_rows_caps_and_totals(open_page, site_url):
    opened = open_form(open_page, "kio-butce-engelli", width=375)
    page = opened.page
    page.check("#f-proje-tarim_hayvancilik-2")  # Hayır: not a farming project, so the rent cap applies
    page.fill("#f-proje-ad_soyad", "Ali Demir")
    page.fill("#f-proje-isin_konusu", "Arıcılık")
    page.click("[data-kbf-ekle='kurulus_destegi/kalemler']")
    assert page.evaluate("document.activeElement.id") == "f-kurulus_destegi-kalemler-0-aciklama"
    page.fill("#f-kurulus_destegi-kalemler-0-aciklama", "Kovan")
    page.fill("#f-kurulus_destegi-kalemler-0-talep_edilen", "50.000")
    page.click("[data-kbf-ekle='kurulus_destegi/kalemler']")
    page.fill("#f-kurulus_destegi-kalemler-1-aciklama", "Rampa")
    page.check("#f-kurulus_destegi-kalemler-1-erisilebilirlik")
    page.fill("#f-kurulus_destegi-kalemler-1-kendi_katki", "1.000,50")
    page.fill("#f-kurulus_destegi-kalemler-1-talep_edilen", "5000")
    page.click("[data-kbf-ekle='isletme_giderleri/kalemler']")
    page.check("#f-isletme_giderleri-kalemler-0-gider_turu-5")  # kira
    page.fill("#f-isletme_giderleri-kalemler-0-talep_edilen", "7.000")
    page.click("[data-kbf-ekle='isletme_giderleri/kalemler']")
    page.check("#f-isletme_giderleri-kalemler-1-gider_turu-2")  # elektrik
    page.fill("#f-isletme_giderleri-kalemler-1-talep_edilen", "12,5 TL abc")
    # an amount that cannot be read is not counted as 0: the sums it is part of cannot be made,
    # and the table's line says which row and why; the other table and column still add up
    cell = lambda row, col: page.text_content(f"[data-kbf-toplam-satir='{row}'] [data-sutun='{col}']")
    assert cell("*", "toplam") == cell("*", "talep_edilen") == "hesaplanamıyor"
    assert cell("*", "kendi_katki") == "1.000,50"
    assert cell("kurulus_destegi/kalemler", "toplam") == "56.000,50"
    line = page.text_content("[data-kbf-toplam='isletme_giderleri/kalemler']")
    assert line.startswith("Bu tablonun toplamı hesaplanamıyor") and "2. kalem, “Talep edilen tutar (TL)”" in line, line
    page.click("[data-kbf-denetle]")
    page.wait_for_selector("#kbf-hata-ozeti:not([hidden])")
    items = dict((p, k) for p, k in summary_items(page))
    assert items == {"/kurulus_destegi/kalemler/0/talep_edilen": "maximum",
                     "/kurulus_destegi/kalemler/1/talep_edilen": "maximum",
                     "/isletme_giderleri/kalemler/0/talep_edilen": "maximum",
                     "/isletme_giderleri/kalemler/1/talep_edilen": "type"}
    text = page.text_content("#kbf-hata-ozeti")
    assert "en fazla 45.000 TL" in text and "en fazla 4.500 TL" in text and "en fazla 6.000 TL" in text
    assert "bir tutar olmalı — yalnızca rakam yazın" in text
    # a farming project: the rent line is only held to the operating-cost cap (two readings)
    page.check("#f-proje-tarim_hayvancilik")
    page.click("[data-kbf-denetle]")
    assert "/isletme_giderleri/kalemler/0/talep_edilen" not in dict(summary_items(page))
    # summary order follows the page
    pointers = page.eval_on_selector_all("#kbf-hata-ozeti li", "els => els.map(e => e.dataset.pointer)")
    assert pointers[0].startswith("/isletme_giderleri")
    # remove the first kuruluş row: the second becomes row 1, values kept
    page.click("#bolum-kurulus_destegi [data-kbf-satir] [data-kbf-sil]")
    assert page.input_value("#f-kurulus_destegi-kalemler-0-aciklama") == "Rampa"
    assert page.input_value("#f-kurulus_destegi-kalemler-0-kendi_katki") == "1.000,50"
    assert page.text_content("#bolum-kurulus_destegi legend") == "1. kalem"
    no_foreign_requests(opened, site_url)


# ------------------------------------------------------------------ print, clear, structure
def test_an_amount_with_a_thousands_comma_is_asked_about_not_guessed(open_page, site_url):
    """"45,000" is neither 45 nor silently 45.000: the field says what the reader asks
    (the calculators' amount reader, components/amount-input), the label kept in front."""
    opened = open_form(open_page, "kio-butce-engelli")
    page = opened.page
    page.click("[data-kbf-ekle='kurulus_destegi/kalemler']")
    page.fill("#f-kurulus_destegi-kalemler-0-aciklama", "Kovan")
    page.fill("#f-kurulus_destegi-kalemler-0-talep_edilen", "45,000")
    page.click("[data-kbf-denetle]")
    page.wait_for_selector("#kbf-hata-ozeti:not([hidden])")
    assert dict(summary_items(page))["/kurulus_destegi/kalemler/0/talep_edilen"] == "type"
    inline = page.text_content("#f-kurulus_destegi-kalemler-0-talep_edilen-hata")
    assert "“45,000” 45.000 TL mi? Binlik ayırıcı olarak nokta yazın: 45.000" in inline
    assert "“45,000” 45.000 TL mi?" in page.text_content("#kbf-hata-ozeti")
    # any other text keeps the catalogue's message
    page.fill("#f-kurulus_destegi-kalemler-0-talep_edilen", "45 bin")
    page.click("[data-kbf-denetle]")
    assert "bir tutar olmalı" in page.text_content("#f-kurulus_destegi-kalemler-0-talep_edilen-hata")
    no_foreign_requests(opened, site_url)


def test_print_layout_has_answers_and_signature_lines(open_page):
    page = open_form(open_page, "talep-sikayet").page
    page.check("#f-basvuran-sifat")
    page.fill("#f-basvuran-ad_soyad", "Ayşe Yılmaz")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.is_visible(".kbf-print")
    assert page.is_hidden("form.kbf-form") and page.is_hidden("#kbf-araclar")
    printed = page.text_content(".kbf-print")
    assert "Ayşe Yılmaz" in printed and "İmza" in printed and "resmî bir form değildir" in printed
    assert page.locator(".kbf-print .kbf-answers__value--blank").count() >= 3  # blanks to fill by hand
    assert page.pdf(format="A4")[:4] == b"%PDF"
    page.emulate_media(media="screen")
    assert page.is_hidden(".kbf-print")


def test_clear_empties_the_form(open_page):
    page = open_form(open_page, "isveren-danismanlik").page
    page.fill("#f-isyeri-unvan", "Örnek A.Ş.")
    page.check("#f-talep-konular-3")
    page.click("[data-kbf-temizle]")  # the confirmation dialog is accepted
    assert page.input_value("#f-isyeri-unvan") == "" and not page.is_checked("#f-talep-konular-3")
    page.wait_for_function("() => document.querySelector('[data-kbf-durum]').textContent.includes('temizlendi')")


def test_labels_ids_and_error_targets_match(form_pages, forms):
    for form_id, form in forms.items():
        page = form_pages[form_id].page
        bad = page.evaluate("""() => {
          const out = [];
          for (const l of document.querySelectorAll('article label[for]'))
            if (!document.getElementById(l.htmlFor)) out.push('label for=' + l.htmlFor);
          for (const i of document.querySelectorAll('article input, article textarea')) {
            if (i.type === 'hidden') continue;
            if (!document.querySelector(`label[for="${i.id}"]`)) out.push('no label: ' + i.id);
            for (const d of (i.getAttribute('aria-describedby') || '').split(' ').filter(Boolean))
              if (!document.getElementById(d)) out.push('describedby ' + d);
          }
          return out; }""")
        assert bad == [], (form_id, bad)
        # every field pointer of the catalogue (outside table rows) is an element id of the page
        for pointer, entry in form.catalogue["alanlar"].items():
            if "*" in pointer or entry["tur"] in ("kok", "form", "donem", "bolum", "tablo"):
                continue
            fid = "f-" + pointer[1:].replace("/", "-")
            assert page.locator(f"#{fid}").count() == 1, (form_id, pointer)
        # every field's citation is one Tab away: listed with the field's label, as a link, in the
        # "Dayanak" box that closes its section (or its table, for the table's columns)
        missing = page.evaluate("""() => {
          const out = [];
          const listed = (box) => box ? [...box.querySelectorAll('li')]
            .filter((li) => li.querySelector('a.kb-cite, a.kb-param'))
            .map((li) => li.querySelector('.kbf-sources__what').textContent) : [];
          const check = (field, box) => {
            const kind = field.dataset.kbfTur;
            const label = kind === 'tablo' ? field.querySelector('.kbf-table__title')
              : field.querySelector('legend, label');
            const text = label.firstChild.textContent.trim();
            if (!listed(box).some((w) => w.startsWith(text + ':'))) out.push(field.dataset.kbfAd);
          };
          for (const section of document.querySelectorAll('form [data-kbf-bolum]')) {
            const box = section.querySelector(':scope > details.kbf-sources');
            for (const f of section.querySelectorAll('.kbf-field[data-kbf-ad]')) {
              if (f.dataset.kbfTur === 'tablo') {
                const tableBox = f.querySelector(':scope > details.kbf-sources');
                check(f, tableBox);
                for (const c of f.querySelector('template').content.querySelectorAll('.kbf-field[data-kbf-ad]')) check(c, tableBox);
              } else if (!f.closest('.kbf-table')) {
                check(f, box);
              }
            }
          }
          return out; }""")
        assert missing == [], (form_id, missing)
        assert "resmî bir form değildir" in page.text_content(".kbf-not")
