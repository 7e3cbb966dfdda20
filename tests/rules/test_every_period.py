"""Issue 17: every period at once. A second guide period is added to a copy of the project
as an editor adds one — data files only (tests/rules/second_period.py: sector caps, a cap
that was a multiple of the minimum wage turned into fixed amounts, a new project type,
online-only applications) — and then:

- `check` and `build` pass, and the build writes one HTML file per page it announces;
- both periods' calculators exist (the newest at its usual address, the older one under
  <YYYY-N>/), each with its period's caps and its period's citations, and link each other;
- `evaluate --donem` (and a `donem` in the answers file) gives each period's caps and cites
  each period's passages; a cap that depends on the sector is never "within" before the
  sector is answered;
- a rule whose cited passage is missing in one period fails `check` at the rule's line.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import second_period as sp  # noqa: E402

from conftest import line_of  # noqa: E402


@pytest.fixture(scope="module")
def two_periods(tmp_path_factory):
    from kb.commands.build import build

    tmp = tmp_path_factory.mktemp("periods")
    root = sp.make_root(tmp)
    sp.add_second_period(root)
    out = tmp / "site"
    info = build(root, quiet=True, out=out)
    return root, out, info


def _evaluate(root: Path, tmp: Path, ruleset: str, answers: dict, capsys, period: str | None = None):
    from kb.commands.evaluate import run_evaluate

    f = tmp / "yanitlar.json"
    f.write_text(json.dumps(answers), encoding="utf-8")
    capsys.readouterr()
    code = run_evaluate(root, ruleset, str(f), as_json=True, period=period)
    out = capsys.readouterr()
    return code, (json.loads(out.out) if out.out.strip() else None), out.err


def _rule(report: dict, rid: str) -> dict:
    return next(r for r in report["sonuclar"] if r["id"] == rid)


def _caps(rule: dict) -> set[float]:
    return {d["deger"] for d in rule["degerler"]}


def test_check_and_build_pass_with_every_page_written(two_periods):
    from kb.commands.check import run_check

    root, site, info = two_periods
    summary = run_check(root)
    assert "8 proje türü" in summary and "14 kural kümesi" in summary
    html = [p for p in site.rglob("index.html")]
    assert info["pages"] == len(html), "the build announced a page count other than the files it wrote"
    # the new period's guide, its new project type (named only there) and the old period's guide
    for url in ("rehber/2026-1/", "rehber/2020-1/"):
        assert (site / url / "index.html").is_file(), url
    catalog = json.loads((site / "data" / "catalog.json").read_text(encoding="utf-8"))
    # the new type (named only in the new period's section 3): in the catalog, linked to that
    # point of the 2026/1 guide, whose anchor the page has
    new_type = next(t for t in catalog["project_types"] if t["id"] == sp.NEW_TYPE)
    assert new_type["cite"] == f"{sp.NEW_ID}:sec_3__list_1__point_8", new_type
    page, anchor = new_type["url"].split("#")
    assert page == "rehber/2026-1/" and f'id="{anchor}"' in (site / page / "index.html").read_text(encoding="utf-8")
    # online-only applications: every guide checklist (they follow the newest period) shows the
    # new channel and place, cited to 2026/1, and no longer the hand-or-post channel of 2020/1
    guide_lists = [d for d in (site / "kontrol-listeleri").iterdir() if d.is_dir() and d.name != "destekli-istihdam-programi"]
    assert len(guide_lists) == 6, guide_lists
    for d in guide_lists:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (d / "index.html").read_text(encoding="utf-8")))
        channel = re.search(r"Başvuru yolu (.*?) Başvuru yeri (.*?\))", text)
        assert channel, d.name
        assert "çevrimiçi" in channel.group(1) and "posta" not in channel.group(1) and "elden" not in channel.group(1), channel.group(0)
        assert sp.ONLINE_PLACE in channel.group(2) and "Rehber 2026/1" in channel.group(2), channel.group(0)


@pytest.mark.parametrize("kind, rs_id, type_id", [("butce-hesaplama", "kio-engelli-butce", "kio-engelli"),
                                                  ("butce-hesaplama", "kio-eski-hukumlu-butce", "kio-eski-hukumlu"),
                                                  ("uygun-muyum", "kio-engelli-uygunluk", "kio-engelli"),
                                                  ("butce-hesaplama", "mesleki-egitim-butce", "mesleki-egitim")])
def test_both_periods_have_their_calculator(two_periods, kind, rs_id, type_id):
    _, site, _ = two_periods
    new = (site / kind / type_id / "index.html").read_text(encoding="utf-8")
    old = (site / kind / type_id / "2020-1" / "index.html").read_text(encoding="utf-8")
    # each page evaluates its own period's rule set and cites its own period's guide
    new_data = json.loads(re.search(r'id="kb-rules-data">(.*?)</script>', new, re.S).group(1))
    old_data = json.loads(re.search(r'id="kb-rules-data">(.*?)</script>', old, re.S).group(1))
    assert (new_data["donem"], old_data["donem"]) == ("2026/1", "2020/1")
    new_cites = {c for r in new_data["kurallar"] for c in r["kaynaklar"]}
    old_cites = {c for r in old_data["kurallar"] for c in r["kaynaklar"]}
    assert new_cites and all(c.startswith("rehber-2026-1:") for c in new_cites)
    assert old_cites and all(c.startswith("rehber-2020-1:") for c in old_cites)
    assert "rehber/2026-1/" in new and "rehber/2020-1/" not in re.sub(r'<nav class="kb-period-choice".*?</nav>', "", new, flags=re.S)
    # the period choice: each page names its period and links the other
    for page, here, other in ((new, "2026/1", "2020-1/"), (old, "2020/1", "../")):
        choice = re.search(r'<nav class="kb-period-choice" aria-label="Rehber dönemi">(.*?)</nav>', page, re.S)
        assert choice, "no period choice on a rule set that serves two periods"
        assert f'<span aria-current="page">{here} dönemi (bu sayfa)</span>' in choice.group(1)
        assert f'href="{other}"' in choice.group(1)
    # published data per period, listed in the catalog
    assert json.loads((site / "data" / "rules" / f"{rs_id}.json").read_text(encoding="utf-8"))["donem"] == "2026/1"
    assert json.loads((site / "data" / "rules" / f"{rs_id}.2020-1.json").read_text(encoding="utf-8"))["donem"] == "2020/1"
    catalog = json.loads((site / "data" / "catalog.json").read_text(encoding="utf-8"))
    entry = next(r for r in catalog["rules"] if r["id"] == rs_id)
    assert [p["period"] for p in entry["periods"]] == ["2020/1", "2026/1"]
    assert entry["period"] == "2026/1" and entry["url"] == f"{kind}/{type_id}/"


def test_sector_caps_per_period_on_the_calculator_pages(two_periods):
    """The 2026/1 page lists the sector caps with the sector; the 2020/1 page the old cap."""
    _, site, _ = two_periods
    new = (site / "butce-hesaplama" / "kio-engelli" / "index.html").read_text(encoding="utf-8")
    old = (site / "butce-hesaplama" / "kio-engelli" / "2020-1" / "index.html").read_text(encoding="utf-8")
    assert "440.000 TL (tarım ve hayvancılık projeleri)" in new and "550.000 TL (diğer sektörlerdeki projeler)" in new
    assert "440.000" not in old and "45.000 TL" in old
    eh_new = (site / "butce-hesaplama" / "kio-eski-hukumlu" / "index.html").read_text(encoding="utf-8")
    eh_old = (site / "butce-hesaplama" / "kio-eski-hukumlu" / "2020-1" / "index.html").read_text(encoding="utf-8")
    assert "300.000 TL (tarım ve hayvancılık projeleri)" in eh_new
    assert "aylık brüt asgari ücretin 15 katı" in eh_old and "300.000" not in eh_old
    # the minimum-wage question is gone where no cap depends on it, the sector question is asked
    assert 'name="yururlukteki_asgari_ucret"' not in eh_new and 'name="yururlukteki_asgari_ucret"' in eh_old
    assert 'name="tarim_hayvancilik"' in eh_new and 'name="tarim_hayvancilik"' not in eh_old


def test_evaluate_gives_each_periods_caps_and_cites(two_periods, tmp_path, capsys):
    root, _, _ = two_periods
    answers = {"tarim_hayvancilik": True, "kurulus_destegi_talebi": 450000}
    code, new, _ = _evaluate(root, tmp_path, "kio-engelli-butce", answers, capsys, "2026/1")
    assert code == 1 and new["donem"] == "2026/1"
    rule = _rule(new, "kurulus_destegi")
    assert rule["durum"] == "karsilanmiyor" and _caps(rule) == {440000}  # a tarım project's cap, not 550.000
    assert all(a["cite"].startswith("rehber-2026-1:") for a in rule["atiflar"])
    assert all(a["url"].startswith("rehber/2026-1/") for a in rule["atiflar"])
    # the same answers, other sector: within the other cap
    code, new_other, _ = _evaluate(root, tmp_path, "kio-engelli-butce", {**answers, "tarim_hayvancilik": False}, capsys, "2026/1")
    assert _rule(new_other, "kurulus_destegi")["durum"] == "karsilaniyor" and _caps(_rule(new_other, "kurulus_destegi")) == {550000}
    # the newest period is the default; a donem in the answers file works too
    code_default, default, _ = _evaluate(root, tmp_path, "kio-engelli-butce", answers, capsys)
    assert default["donem"] == "2026/1" and _caps(_rule(default, "kurulus_destegi")) == {440000}
    code_old, old, _ = _evaluate(root, tmp_path, "kio-engelli-butce", {"kurulus_destegi_talebi": 450000, "donem": "2020/1"}, capsys)
    assert old["donem"] == "2020/1" and code_old == 1
    rule = _rule(old, "kurulus_destegi")
    assert _caps(rule) == {45000} and all(a["cite"].startswith("rehber-2020-1:") for a in rule["atiflar"])


def test_a_sector_dependent_cap_is_never_green_before_the_sector_is_answered(two_periods, tmp_path, capsys):
    root, _, _ = two_periods
    code, report, _ = _evaluate(root, tmp_path, "kio-eski-hukumlu-butce", {"kurulus_destegi_talebi": 1000}, capsys, "2026/1")
    assert code == 1 and report["karar"]["durum"] == "eksik" and report["karar"]["eksik_sorular"] == ["tarim_hayvancilik"]
    code, report, _ = _evaluate(root, tmp_path, "kio-eski-hukumlu-butce",
                                {"kurulus_destegi_talebi": 310000, "tarim_hayvancilik": False}, capsys, "2026/1")
    assert code == 0 and _caps(_rule(report, "kurulus_destegi")) == {350000}  # fixed, no minimum-wage reading
    code, report, _ = _evaluate(root, tmp_path, "kio-eski-hukumlu-butce", {"kurulus_destegi_talebi": 310000}, capsys, "2020/1")
    assert code == 1 and _caps(_rule(report, "kurulus_destegi")) == {15 * 2943.0, 15 * 3577.5}  # 15 × either year's wage


def test_unusable_periods_exit_2(two_periods, tmp_path, capsys):
    root, _, _ = two_periods
    code, _, err = _evaluate(root, tmp_path, "kio-engelli-butce", {"kurulus_destegi_talebi": 1}, capsys, "2019/2")
    assert code == 2 and "--donem 2019/2" in err and "2020/1, 2026/1" in err
    code, _, err = _evaluate(root, tmp_path, "kio-engelli-butce", {"donem": "2026/1"}, capsys, "2020/1")
    assert code == 2 and "dosyada '2026/1', komutta '2020/1'" in err


def _without_4ac_item_2(tmp_path: Path) -> Path:
    """A two-period root whose 2026/1 text lacks 4-A-c's list item 2 (the rules cite it)."""
    root = sp.make_root(tmp_path)
    sp.add_second_period(root)
    f = root / "content" / "rehber" / sp.NEW / "06-bolum-4A.yaml"
    text = f.read_text(encoding="utf-8")
    start = text.index("            - metin: >-\n                Proje kapsamında; proje sahiplerinin üçüncü dereceye")
    end = text.index('    - no: "d"', start)
    f.write_text(text[:start] + text[end:], encoding="utf-8")
    return root


def test_a_citation_missing_in_one_period_fails_check_at_the_rule(tmp_path):
    """The editor deletes a list item from the new period's text; the rules citing it must
    say so for that period, at their own line (no silent fallback to the old period)."""
    from conftest import check_verdict

    root = _without_4ac_item_2(tmp_path)
    verdict = check_verdict(root)
    cite = "rehber:sec_4__sub_A__sub_c__list_1__item_2"
    for rs in ("kio-engelli-butce", "kio-eski-hukumlu-butce"):
        line = line_of(root / "rules" / f"{rs}.yaml", cite)
        assert re.search(rf"rules/{rs}\.yaml:{line}:\d+: atıf 2026/1 döneminin rehberinde bulunamadı: '{cite}'", verdict), verdict


def test_a_new_value_citing_the_old_periods_text_fails_check_at_its_line(tmp_path):
    """The editor copies a 2020/1 value for 2026/1 and changes the amount but not the citation:
    the new amount would cite the old passage. Refused at the citation, with the new period's
    node to write."""
    from conftest import check_verdict

    root = sp.make_root(tmp_path)
    sp.add_second_period(root)
    f = root / "content" / "parametreler" / "kendi-isini-kurma.yaml"
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    pid = "kio_malzeme_kontrol_donemi"
    new = next(v for v in data[pid]["degerler"] if v["donem"] == sp.NEW_P)
    old_cite = new["kaynak"].replace(sp.NEW_ID, sp.OLD_ID)
    new["kaynak"] = old_cite
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    verdict = check_verdict(root)
    lines = f.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"{pid}:")
    value = next(i for i in range(start, len(lines)) if "donem" in lines[i] and sp.NEW_P in lines[i])
    line = next(i for i in range(value, len(lines)) if old_cite in lines[i]) + 1  # the 2026/1 value's kaynak
    assert re.search(rf"content/parametreler/kendi-isini-kurma\.yaml:{line}:\d+: {re.escape(sp.NEW_P)} döneminin değeri "
                     rf"{re.escape(sp.OLD_P)} döneminin metnine atıf yapıyor: '{re.escape(old_cite)}'", verdict), verdict
    assert f"atfını yazın: {old_cite.replace(sp.OLD_ID, sp.NEW_ID)}" in verdict


# ------------------------------------------------------------------ in the browser
@pytest.fixture(scope="module")
def two_period_url(two_periods):
    import threading

    from kb.commands.serve import make_server

    server = make_server(two_periods[1], 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("rs_id", ["kio-engelli-butce", "kio-eski-hukumlu-butce"])
def test_browser_and_python_agree_in_both_periods(two_periods, two_period_url, browser, rs_id):
    """Generated answer files (tests/rules/answer_strategies.py) evaluated by the page's engine
    on each period's published rule set and by Python: the same verdicts and amounts, the
    sector branches and the fixed/multiple caps included."""
    from answer_strategies import Model, batch
    from kb.content.loader import load_knowledge_base
    from kb.rules.loader import load_rulesets
    from test_rules_differential import RUN_BATCH, canonical, python_result, readable_report

    root, site, _ = two_periods
    rs = load_rulesets(root, load_knowledge_base(root))[rs_id]
    ctx = browser.new_context()
    try:
        for edition in rs.editions.values():
            m = Model.of(edition.compiled)
            cases = batch(m, f"{rs_id}-{edition.period}", 300)
            stem = rs_id if edition.newest else f"{rs_id}.{edition.period.replace('/', '-')}"
            page = ctx.new_page()
            page.goto(two_period_url + edition.url, wait_until="load")
            found = [canonical(r) for r in json.loads(page.evaluate(RUN_BATCH, [stem, cases]))]
            page.close()
            expected = [python_result(edition.compiled, a) for a in cases]
            report = readable_report(f"{rs_id} {edition.period}", cases, expected, found)
            assert not report, report
            assert {r["karar"]["durum"] for r in expected} == {"karsilaniyor", "karsilanmiyor", "eksik"}
    finally:
        ctx.close()


def test_the_calculator_page_uses_its_periods_cap(two_period_url, browser):
    """Keyboard and screen as a user: on the 2026/1 page a tarım project's 450.000 TL is over its
    440.000 TL cap; on the 2020/1 page the same request is over 45.000 TL."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        for url, cap in (("butce-hesaplama/kio-engelli/", "440.000 TL"), ("butce-hesaplama/kio-engelli/2020-1/", "45.000 TL")):
            page = ctx.new_page()
            page.goto(two_period_url + url, wait_until="load")
            page.check('input[name="tarim_hayvancilik"][value="true"]')
            page.fill('input[name="kurulus_destegi_talebi"]', "450.000")
            page.press('input[name="kurulus_destegi_talebi"]', "Tab")
            rule = page.locator('[id="kural-kurulus_destegi"]')
            text = rule.inner_text()
            assert "karşılanmıyor" in text.lower() and cap in text, (url, text)
            page.close()
    finally:
        ctx.close()


def test_only_the_newest_period_is_precached_for_offline_use(two_periods):
    """The service worker's list (kb/ssg/offline.py, sw-manifest.json) holds the pages of the menu:
    the newest period's, not the older ones (kept once visited), so that at ×100 (139 periods) a
    first visit does not download every period's pages in the background."""
    _, site, _ = two_periods
    files = json.loads((site / "sw-manifest.json").read_text(encoding="utf-8"))["files"]
    assert (site / "rehber" / "2020-1" / "index.html").is_file()
    older = sorted(u for u in files if "2020-1" in u)
    assert not older, f"older period precached: {older}"
    assert "rehber/2026-1/" in files and "butce-hesaplama/kio-engelli/" in files
    assert "data/rules/kio-engelli-butce.json" in files and "data/rules/kio-engelli-butce.2020-1.json" not in files


def test_each_period_names_its_own_deadline_and_no_page_says_it_has_passed(two_periods):
    """The build does not know the day a reader opens a page, so no page says a deadline
    "has passed" (the newest period's may not have): each guide page's period notice gives its
    own period's deadline (2026/1: 30.06.2026, 2020/1: 18.12.2020), the reader compares."""
    _, site, _ = two_periods
    pages = {f.relative_to(site).as_posix(): f.read_text(encoding="utf-8") for f in site.rglob("*.html")}
    said = sorted(p for p, text in pages.items() if re.search(r"geçmiştir|süresi geçmiş|idi ve geç", text))
    assert not said, said
    for path, period, date in (("rehber/2026-1/index.html", "2026/1", "30.06.2026"),
                               ("rehber/2020-1/index.html", "2020/1", "18.12.2020")):
        notice = re.search(r'<div class="kb-period" role="note" aria-label="Dönem uyarısı">(.*?)</div>', pages[path], re.S)
        assert notice, f"{path}: no period notice"
        text = re.sub(r"<[^>]+>", "", notice.group(1))
        assert f"Bu rehber {period} dönemine aittir." in text and f"son başvuru tarihi: {date}." in text, text


def test_a_provision_moved_in_a_new_period_is_data(tmp_path, capsys):
    """The new guide holds a provision elsewhere (here: 4-A-c's list item 2 is gone from its
    list, its content now in item 1's place): the editor says so in content/kaynaklar.yaml
    (`tasinan_hukumler` of the new guide), no rule or form file changes; the rules then cite the
    new place in 2026/1 and the old one in 2020/1. A new place that does not exist, or an
    earlier id that still exists in the period, fails `check` at its line."""
    from conftest import check_verdict

    root = _without_4ac_item_2(tmp_path)
    moved, place = "sec_4__sub_A__sub_c__list_1__item_2", "sec_4__sub_A__sub_c__list_1__item_1"
    sources = root / "content" / "kaynaklar.yaml"
    original = sources.read_text(encoding="utf-8")

    def write_moved(key: str, target: str) -> None:
        data = yaml.safe_load(original)
        data[sp.NEW_ID]["tasinan_hukumler"] = {key: {"yer": target, "aciklama": "2026/1 rehberinde 1. maddede."}}
        sources.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")

    write_moved(moved, place)
    assert check_verdict(root).startswith("İçerik geçerli"), check_verdict(root)
    rs = "kio-engelli-butce"
    rule = next(r for r in yaml.safe_load((root / "rules" / f"{rs}.yaml").read_text(encoding="utf-8"))["kurallar"]
                if f"rehber:{moved}" in r["kaynaklar"])
    for period, cited in ((sp.NEW_P, f"{sp.NEW_ID}:{place}"), (sp.OLD_P, f"{sp.OLD_ID}:{moved}")):
        code, report, err = _evaluate(root, tmp_path, rs, {}, capsys, period=period)
        assert code in (0, 1) and report, err
        assert cited in _rule(report, rule["kimlik"])["kaynaklar"], (period, _rule(report, rule["kimlik"]))

    write_moved(moved, "sec_4__sub_A__sub_c__list_1__item_9")
    verdict = check_verdict(root)
    line = line_of(sources, "yer: sec_4__sub_A__sub_c__list_1__item_9")
    assert re.search(rf"content/kaynaklar\.yaml:{line}:\d+: taşınan hükmün yeri 2026/1 döneminin rehberinde bulunamadı: "
                     rf"'sec_4__sub_A__sub_c__list_1__item_9'", verdict), verdict

    write_moved(place, "sec_4__sub_A__sub_c__para_1")
    verdict = check_verdict(root)
    line = line_of(sources, "yer: sec_4__sub_A__sub_c__para_1")  # the entry (its first line)
    assert re.search(rf"content/kaynaklar\.yaml:{line}:\d+: '{place}' bu dönemin rehberinde de var; taşınmış sayılamaz", verdict), verdict
    # and without the entry the rule says where to write it
    sources.write_text(original, encoding="utf-8")
    assert "'tasinan_hukumler:' ile yazın" in check_verdict(root)


def test_a_multiples_wording_left_in_a_copied_text_fails_check(tmp_path):
    """The editor copies the 2020/1 text and forgets the sentence that gives the eski hükümlü cap
    as "brüt asgari ücretin {p:…|sayi} katına": in 2026/1 that cap is a fixed amount, and the
    page would say "asgari ücretin 300.000 katına". Refused at that line of the new period's file."""
    from conftest import check_verdict

    root = sp.make_root(tmp_path)
    sp.add_second_period(root)
    f = root / "content" / "rehber" / sp.NEW / "06-bolum-4A.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace(sp.FIXED_WORDING, sp.MULTIPLE_WORDING), encoding="utf-8")
    verdict = check_verdict(root)
    line = line_of(f, "{p:eh_kurulus_destegi_ust_sinir|sayi} katına")
    assert re.search(rf"content/rehber/{sp.NEW}/06-bolum-4A\.yaml:{line}:\d+: metin 'eh_kurulus_destegi_ust_sinir' için "
                     rf"'kat' diyor, ama parametrenin 2026/1 dönemindeki değeri bir kat değil \(300\.000 TL\)", verdict), verdict
    # the 2020/1 text, whose value is a multiple, passes
    assert f"content/rehber/{sp.OLD}/" not in verdict


def test_a_date_copied_from_the_earlier_period_fails_check(tmp_path):
    """The editor copies the 2020/1 deadline for 2026/1 and changes its citation but not the
    date: the new period's pages would give 18.12.2020. Refused at the value's line."""
    from conftest import check_verdict

    root = sp.make_root(tmp_path)
    sp.add_second_period(root)
    f = root / "content" / "parametreler" / "genel.yaml"
    text = f.read_text(encoding="utf-8")
    assert "deger: '2026-06-30'" in text or 'deger: "2026-06-30"' in text or "deger: 2026-06-30" in text, text[:800]
    f.write_text(re.sub(r"deger: ['\"]?2026-06-30['\"]?", "deger: '2020-12-18'", text), encoding="utf-8")
    verdict = check_verdict(root)
    lines = [i + 1 for i, t in enumerate(f.read_text(encoding="utf-8").splitlines()) if "deger: '2020-12-18'" in t]
    assert len(lines) == 2, lines  # 2020/1's own, then the copied one
    line = lines[1]
    assert re.search(rf"content/parametreler/genel\.yaml:{line}:\d+: 'son_basvuru_tarihi' parametresinin 2026/1 dönemindeki "
                     rf"tarihi \(2020-12-18\) dönemin yılından \(2026\) önce", verdict), verdict


def test_a_form_asking_the_sector_without_handing_it_to_its_rules_fails_check(tmp_path):
    """The editor adds the sector question to the eski hükümlü budget form but not to its
    `kurallar: yanitlar:` (README, new period, step 5): the rules region would count the
    rule set's sector question unanswered on every filled form. Refused at the form."""
    from conftest import check_verdict

    root = sp.make_root(tmp_path)
    sp.add_second_period(root)
    f = root / "forms" / "kio-butce-eski-hukumlu.yaml"
    form = yaml.safe_load(f.read_text(encoding="utf-8"))
    del form["kurallar"]["yanitlar"]["tarim_hayvancilik"]
    f.write_text(yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    verdict = check_verdict(root)
    line = line_of(f, "yanitlar:")
    assert re.search(rf"forms/kio-butce-eski-hukumlu\.yaml:{line + 1}:\d+: 'proje/tarim_hayvancilik' alanı 'sektor' niteliğini "
                     rf"soruyor, ama kural kümesinin 'tarim_hayvancilik' sorusuna iletilmiyor", verdict), verdict
