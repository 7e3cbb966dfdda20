"""Issue 17, forms: a budget form written once (`donem: her_donem`, cites `rehber:<id>`) serves
every guide period, as the calculators do.

A copy of the project gets a second period as bench/run.py adds one (the guide folder copied as
2026-1, its kaynaklar.yaml entry, a 2026/1 value for every parameter with a 2020/1 value, minimum
wages for 2026 and 2027); the 2026/1 kuruluş desteği cap and the two wages are then changed so
that each period has its own caps. Then:

- both periods' form pages exist (the newest at formlar/<id>/, the older one under 2020-1/, out of
  the navigation), each with its "Rehber dönemi" choice, its own schema and its own rule set data;
- each period's schema enforces that period's caps; the catalog lists both;
- `validate` takes the period from the data's `donem` (else the newest), schema and rules alike,
  and exits 2 for a period the form does not serve;
- in the browser the old page evaluates the old period's rules, downloads carry the period and a
  file of the other period is refused;
- `check` names the period and the line when a cite or a parameter value is missing in one period
  (on tests/rules/second_period.py's copy, whose caps also vary by sector there).
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
import threading
from pathlib import Path

import pytest

from kb.forms.validation import data_errors
from conftest import check_verdict, line_of

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "rules"))
import second_period as sp  # noqa: E402  (tests/rules/second_period.py: a second period with sector caps)
FORMS = ("kio-butce-engelli", "kio-butce-eski-hukumlu")
NEW_CAP, OLD_CAP = 60000, 45000  # kio_kurulus_destegi_ust_sinir in 2026/1 (changed) and 2020/1
WAGES = {"2026": 30000.0, "2027": 33000.0}  # brut_asgari_ucret, read by the eski hükümlü cap in 2026/1


def _bench():
    spec = importlib.util.spec_from_file_location("kb_bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _set_value(bench, file: Path, pid: str, period: str, value) -> None:
    params = bench.read_yaml(file)
    entry = next(v for v in params[pid]["degerler"] if v["donem"] == period)
    entry["deger"] = value
    bench.write_yaml(file, params)


def new_period_root(tmp: Path) -> Path:
    bench = _bench()
    root, _ = bench.make_root(1, tmp, ["2026-1"])
    params = root / "content" / "parametreler"
    _set_value(bench, params / "kendi-isini-kurma.yaml", "kio_kurulus_destegi_ust_sinir", "2026/1", NEW_CAP)
    for year, wage in WAGES.items():
        _set_value(bench, params / "genel.yaml", "brut_asgari_ucret", year, wage)
    return root


@pytest.fixture(scope="module")
def two_periods(tmp_path_factory):
    from kb.commands.build import build

    tmp = tmp_path_factory.mktemp("form-periods")
    root = new_period_root(tmp)
    site = tmp / "site"
    build(root, quiet=True, out=site)
    return root, site


def _page(site: Path, form_id: str, period_dir: str = "") -> str:
    return (site / "formlar" / form_id / period_dir / "index.html").read_text(encoding="utf-8")


def _block(page: str, block_id: str) -> dict:
    return json.loads(re.search(rf'<script type="application/json" id="{block_id}">(.*?)</script>', page, re.S).group(1))


def _schema(site: Path, name: str) -> dict:
    return json.loads((site / "schemas" / "forms" / name).read_text(encoding="utf-8"))


def _row_max(schema: dict, section: str) -> float:
    return schema["properties"][section]["properties"]["kalemler"]["items"]["properties"]["talep_edilen"]["maximum"]


@pytest.mark.parametrize("form_id", FORMS)
def test_both_periods_have_their_page_schema_and_rules(two_periods, form_id):
    _, site = two_periods
    new, old = _page(site, form_id), _page(site, form_id, "2020-1")
    for page, here, other, schema_url in ((new, "2026/1", "2020-1/", f"schemas/forms/{form_id}.schema.json"),
                                          (old, "2020/1", "../", f"schemas/forms/{form_id}.2020-1.schema.json")):
        choice = re.search(r'<nav class="kb-period-choice" aria-label="Rehber dönemi">(.*?)</nav>', page, re.S)
        assert choice, "no period choice on a form that serves two periods"
        assert f'<span aria-current="page">{here} dönemi (bu sayfa)</span>' in choice.group(1)
        assert f'href="{other}"' in choice.group(1)
        schema = _block(page, "kbf-sema")
        assert schema == json.loads((site / schema_url).read_text(encoding="utf-8"))
        assert schema["properties"]["donem"]["const"] == here == schema["x-donem"]
        assert schema["$id"].endswith("/" + schema_url)
        # the verdict box reads the rule set of the same period
        stem = _block(page, "kbf-katalog")["kurallar"]["veri"]
        assert json.loads((site / "data" / "rules" / f"{stem}.json").read_text(encoding="utf-8"))["donem"] == here
        # the period's own passages are cited (in the page's content, outside the period choice)
        body = re.search(r'<article class="md-content__inner.*?</article>', page, re.S).group(0)
        body = re.sub(r'<nav class="kb-period-choice".*?</nav>', "", body, flags=re.S)
        slug = here.replace("/", "-")
        assert f"rehber/{slug}/" in body and f"rehber/{'2020-1' if slug == '2026-1' else '2026-1'}/" not in body
    assert "(2020/1 dönemi)" in re.search(r"<title>(.*?)</title>", old).group(1)
    # the older page is linked from the newer one, never from the navigation
    index = (site / "formlar" / "index.html").read_text(encoding="utf-8")
    assert f"formlar/{form_id}/2020-1/" not in index.replace(f"{form_id}.2020-1.schema.json", "")
    catalog = json.loads((site / "data" / "catalog.json").read_text(encoding="utf-8"))
    entry = next(f for f in catalog["forms"] if f["id"] == form_id)
    assert entry["period"] == "2026/1" and entry["url"] == f"formlar/{form_id}/"
    assert [(p["period"], p["url"], p["schema_url"]) for p in entry["periods"]] == [
        ("2020/1", f"formlar/{form_id}/2020-1/", f"schemas/forms/{form_id}.2020-1.schema.json"),
        ("2026/1", f"formlar/{form_id}/", f"schemas/forms/{form_id}.schema.json")]


def test_each_period_schema_enforces_its_own_caps(two_periods):
    _, site = two_periods
    new, old = _schema(site, "kio-butce-engelli.schema.json"), _schema(site, "kio-butce-engelli.2020-1.schema.json")
    assert (_row_max(new, "kurulus_destegi"), _row_max(old, "kurulus_destegi")) == (NEW_CAP, OLD_CAP)
    data = {"form": "kio-butce-engelli",
            "proje": {"ad_soyad": "Ayşe Yılmaz", "isin_konusu": "Terzi atölyesi", "tarim_hayvancilik": False},
            "kurulus_islemleri": {"kalemler": []}, "isletme_giderleri": {"kalemler": []},
            "kurulus_destegi": {"kalemler": [{"aciklama": "Dikiş makinesi", "talep_edilen": 50000}]}}
    assert data_errors(new, data) == []
    assert data_errors(old, data) == [{"pointer": "/kurulus_destegi/kalemler/0/talep_edilen", "keyword": "maximum",
                                       "limit": OLD_CAP}]
    # a file of the other period is refused by the schema itself
    assert [e["pointer"] for e in data_errors(old, {**data, "donem": "2026/1"})] == [
        "/donem", "/kurulus_destegi/kalemler/0/talep_edilen"]
    # eski hükümlüler: 15 × the minimum wage of the period's year or the next
    eh_new, eh_old = _schema(site, "kio-butce-eski-hukumlu.schema.json"), _schema(site, "kio-butce-eski-hukumlu.2020-1.schema.json")

    def caps(schema):
        return {r["if"]["properties"]["proje"]["properties"]["asgari_ucret_yili"]["enum"][0]:
                _row_max(r["then"], "kurulus_destegi") for r in schema["allOf"]}

    assert caps(eh_new) == {"2026": 15 * WAGES["2026"], "2027": 15 * WAGES["2027"]}
    assert caps(eh_old) == {"2020": 15 * 2943.0, "2021": 15 * 3577.5}
    assert eh_new["properties"]["proje"]["properties"]["asgari_ucret_yili"]["enum"] == ["2026", "2027"]


def _engelli(rows: list[float], **top) -> dict:
    return {"form": "kio-butce-engelli", **top,
            "proje": {"ad_soyad": "Ayşe Yılmaz", "isin_konusu": "Terzi atölyesi", "tarim_hayvancilik": False},
            "kurulus_islemleri": {"kalemler": []}, "isletme_giderleri": {"kalemler": []},
            "kurulus_destegi": {"kalemler": [{"aciklama": f"Makine {i + 1}", "talep_edilen": x} for i, x in enumerate(rows)]}}


def _validate(root: Path, tmp: Path, data: dict, capsys, period: str | None = None, form_id: str = "kio-butce-engelli"):
    from kb.commands.validate import run_validate

    f = tmp / "veri.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    code = run_validate(root, form_id, str(f), period=period)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_validate_uses_the_period_of_the_data(two_periods, tmp_path, capsys):
    root, _ = two_periods
    # one line of 50.000: over the 2020/1 cap only (the schema)
    code, out, _ = _validate(root, tmp_path, _engelli([50000]), capsys)
    assert code == 0 and "(rehber dönemi 2026/1)" in out, out
    code, out, _ = _validate(root, tmp_path, _engelli([50000], donem="2026/1"), capsys)
    assert code == 0, out
    code, out, _ = _validate(root, tmp_path, _engelli([50000], donem="2020/1"), capsys)
    assert code == 1 and "/kurulus_destegi/kalemler/0/talep_edilen" in out and "45.000 TL" in out, out
    code, out, _ = _validate(root, tmp_path, _engelli([50000]), capsys, period="2020/1")
    assert code == 1 and "45.000 TL" in out, out
    # two lines of 30.000: each within both caps, the total over the 2020/1 cap only (the rules)
    code, out, _ = _validate(root, tmp_path, _engelli([30000, 30000], donem="2020/1"), capsys)
    assert code == 1 and "kurallar/kurulus_destegi" in out, out
    assert "Rehber 2020/1" in out and "Rehber 2026/1" not in out, out
    code, out, _ = _validate(root, tmp_path, _engelli([30000, 30000], donem="2026/1"), capsys)
    assert code == 0 and "kurallar/kurulus_destegi" not in out, out
    # a year of the other period is not offered
    eh = json.loads((ROOT / "tests" / "forms" / "kio-butce-eski-hukumlu" / "gecerli-2020.json").read_text(encoding="utf-8"))
    assert _validate(root, tmp_path, {**eh, "donem": "2020/1"}, capsys, form_id="kio-butce-eski-hukumlu")[0] == 0
    code, out, _ = _validate(root, tmp_path, eh, capsys, form_id="kio-butce-eski-hukumlu")
    assert code == 1 and "/proje/asgari_ucret_yili" in out, out


def test_unusable_periods_exit_2(two_periods, tmp_path, capsys):
    root, _ = two_periods
    code, out, err = _validate(root, tmp_path, _engelli([1], donem="2019/1"), capsys)
    assert code == 2 and out == "" and "/donem" in err and "2019/1" in err and "2020/1, 2026/1" in err, err
    code, _, err = _validate(root, tmp_path, _engelli([1]), capsys, period="2019/2")
    assert code == 2 and "--donem 2019/2" in err and "2020/1, 2026/1" in err, err
    code, _, err = _validate(root, tmp_path, _engelli([1], donem="2026/1"), capsys, period="2020/1")
    assert code == 2 and "dosyada '2026/1', komutta '2020/1'" in err, err
    assert "Traceback" not in err


# ------------------------------------------------------------------ in the browser
@pytest.fixture(scope="module")
def two_period_url(two_periods):
    from kb.commands.serve import make_server

    server = make_server(two_periods[1], 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _load(page, path: Path) -> None:
    page.evaluate("""() => { document.querySelector('[data-kbf-durum]').textContent = '';
        document.getElementById('kbf-hata-ozeti').hidden = true; }""")
    page.set_input_files("#kbf-dosya", str(path))
    page.wait_for_function("""() => !document.getElementById('kbf-hata-ozeti').hidden
        || document.querySelector('[data-kbf-durum]').textContent.includes('yüklendi')""")


def test_the_old_page_checks_and_saves_its_own_period(two_periods, two_period_url, browser, tmp_path):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    try:
        page = ctx.new_page()
        requests, console = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        page.goto(two_period_url + "formlar/kio-butce-engelli/2020-1/", wait_until="load")
        page.wait_for_selector("form[data-kbf-hazir]", state="attached")
        # a file filled on the 2026/1 page is refused, with the reason and where to load it
        other = tmp_path / "2026.json"
        other.write_text(json.dumps(_engelli([30000], donem="2026/1")), encoding="utf-8")
        _load(page, other)
        summary = page.inner_text("#kbf-hata-ozeti")
        assert "2026/1 dönemine göre doldurulmuş" in summary and "2026/1 döneminin sayfasında" in summary, summary
        assert page.input_value("[name='proje/ad_soyad']") == ""
        # a file of this period is loaded; its total is over the 2020/1 cap, not over the 2026/1 one
        mine = tmp_path / "2020.json"
        mine.write_text(json.dumps(_engelli([30000, 30000], donem="2020/1")), encoding="utf-8")
        _load(page, mine)
        page.wait_for_function("""() => document.querySelector('[data-kb-kural-sonuclari]').dataset.kbKuralDurum === 'sorunlu'""")
        region = page.inner_text("[data-kb-kural-alani]")
        assert "en fazla 45.000 TL" in region and "en fazla 60.000 TL" not in region, region
        assert any(u.endswith("/data/rules/kio-engelli-butce.2020-1.json") for u in requests), requests
        assert not any(u.endswith("/data/rules/kio-engelli-butce.json") for u in requests)
        with page.expect_download() as dl:
            page.click("[data-kbf-indir]")
        assert json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))["donem"] == "2020/1"
        # the same answers on the newest page: within the 2026/1 cap
        page.goto(two_period_url + "formlar/kio-butce-engelli/", wait_until="load")
        page.wait_for_selector("form[data-kbf-hazir]", state="attached")
        _load(page, mine)
        assert "2020/1 dönemine göre doldurulmuş" in page.inner_text("#kbf-hata-ozeti")
        plain = tmp_path / "donemsiz.json"
        plain.write_text(json.dumps(_engelli([30000, 30000])), encoding="utf-8")
        _load(page, plain)
        page.wait_for_function("""() => document.querySelector('[data-kb-kural-sonuclari]').dataset.kbKuralDurum === 'uygun'""")
        assert [c for c in console if c.startswith("error") or "Content Security Policy" in c] == []
    finally:
        ctx.close()


# ------------------------------------------------------------------ check names the period
def test_second_period_with_sector_caps_and_a_fixed_cap(tmp_path):
    """tests/rules/second_period.py: in 2026/1 the caps depend on the sector and the eski hükümlü
    cap is a fixed amount. The sector question reads them; the minimum-wage year is left out."""
    from kb.content.loader import load_knowledge_base
    from kb.forms.loader import load_forms

    root = sp.make_root(tmp_path)
    sp.add_second_period(root)
    forms = {f.id: f for f in load_forms(root, load_knowledge_base(root))}
    eh = forms["kio-butce-eski-hukumlu"]
    fields = {p: [f.id for f in e.sections[0].fields] for p, e in eh.editions.items()}
    assert "asgari_ucret_yili" in fields["2020/1"] and "tarim_hayvancilik" not in fields["2020/1"]
    assert "asgari_ucret_yili" not in fields["2026/1"] and "tarim_hayvancilik" in fields["2026/1"]
    caps = {r["if"]["properties"]["proje"]["properties"]["tarim_hayvancilik"]["enum"][0]: _row_max(r["then"], "kurulus_destegi")
            for r in eh.schema["allOf"]}
    assert caps == {True: 300000, False: 350000}
    engelli = forms["kio-butce-engelli"].schema
    sector = [r for r in engelli["allOf"] if "kurulus_destegi" in r["then"]["properties"]]
    items = lambda r: r["then"]["properties"]["kurulus_destegi"]["properties"]["kalemler"]["items"]  # noqa: E731
    answer = lambda r: r["if"]["properties"]["proje"]["properties"]["tarim_hayvancilik"]["enum"][0]  # noqa: E731
    assert {answer(r): items(r)["properties"]["talep_edilen"]["maximum"] for r in sector if "properties" in items(r)} == \
        {True: 440000, False: 550000}
    # the accessibility share of the sector's cap, in the rows that say so
    assert {answer(r): items(r)["allOf"][0]["then"]["properties"]["talep_edilen"]["maximum"]
            for r in sector if "allOf" in items(r)} == {True: 44000, False: 55000}
    assert "maximum" not in engelli["properties"]["kurulus_destegi"]["properties"]["kalemler"]["items"]["properties"]["talep_edilen"]


def test_a_cite_missing_in_one_period_is_named_at_its_line(tmp_path):
    root = sp.make_root(tmp_path)
    sp.add_second_period(root)
    f = root / "forms" / "kio-butce-engelli.yaml"
    text = f.read_text(encoding="utf-8")
    # section 3 item 8 exists in the 2026/1 guide only (second_period.py's new project type)
    f.write_text(text.replace('  - "rehber:sec_4__sub_A__sub_c"\n', '  - "rehber:sec_4__sub_A__sub_c"\n  - "rehber:sec_3__list_1__point_8"\n', 1),
                 encoding="utf-8")
    line = line_of(f, "rehber:sec_3__list_1__point_8")
    verdict = check_verdict(root)
    assert re.search(rf"forms/kio-butce-engelli\.yaml:{line}:\d+: atıf 2020/1 döneminin rehberinde bulunamadı: "
                     r"'rehber:sec_3__list_1__point_8' \(rehber-2020-1:sec_3__list_1__point_8\)", verdict), verdict


def test_a_bound_cite_in_a_period_free_form_and_the_reverse(tmp_path):
    for name in ("content", "rules", "forms", "schemas"):
        shutil.copytree(ROOT / name, tmp_path / name)
    f = tmp_path / "forms" / "kio-butce-engelli.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace('"rehber:sec_4__sub_A__sub_c"', '"rehber-2020-1:sec_4__sub_A__sub_c"', 1),
                 encoding="utf-8")
    g = tmp_path / "forms" / "talep-sikayet.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace('kaynak: ["yonetmelik:', 'kaynak: ["rehber:sec_5__para_1", "yonetmelik:', 1),
                 encoding="utf-8")
    verdict = check_verdict(tmp_path)
    line = line_of(f, '"rehber-2020-1:sec_4__sub_A__sub_c"')
    assert f"forms/kio-butce-engelli.yaml:{line}:" in verdict and "atıf bir rehber dönemine bağlı: 'rehber-2020-1:sec_4__sub_A__sub_c'" \
        in verdict and "dönemsiz yazın: rehber:sec_4__sub_A__sub_c" in verdict, verdict
    line = line_of(g, '"rehber:sec_5__para_1"')
    assert re.search(rf"forms/talep-sikayet\.yaml:{line}:\d+: dönemsiz atıf \('rehber:sec_5__para_1'\) yalnızca "
                     r"'donem: her_donem' yazan formlarda kullanılır", verdict), verdict


def test_a_parameter_value_missing_in_one_period_is_named_at_its_line(tmp_path):
    """The 2026/1 eski hükümlü cap is 15 × the minimum wage of 2026 or 2027: without those
    wages the form cannot say its cap, and `check` says where and for which period."""
    bench = _bench()
    root = new_period_root(tmp_path)
    (root / "forms").unlink()
    shutil.copytree(ROOT / "forms", root / "forms")
    genel = root / "content" / "parametreler" / "genel.yaml"
    params = bench.read_yaml(genel)
    params["brut_asgari_ucret"]["degerler"] = [v for v in params["brut_asgari_ucret"]["degerler"] if v["donem"] not in WAGES]
    bench.write_yaml(genel, params)
    verdict = check_verdict(root)
    f = root / "forms" / "kio-butce-eski-hukumlu.yaml"
    line = line_of(f, "{parametre: eh_kurulus_destegi_ust_sinir}")
    assert re.search(rf"forms/kio-butce-eski-hukumlu\.yaml:{line}:\d+: 'eh_kurulus_destegi_ust_sinir' parametresinin "
                     r"2026/1 dönemindeki değeri .*2026/1 dönemi için \(dönemin yılı ve sonraki yıl\) değeri yok", verdict), verdict
