"""A project copy with a second guide period added as an editor adds one: data files only
(content/, rules/, forms/), following content/README.md "Yeni bir rehber dönemi".

The synthetic period 2026/1 changes what real later periods change:
- new amounts, and caps that depend on the sector (tarım/hayvancılık or not) for kuruluş
  işlemleri, işletme gideri and kuruluş desteği (content/nitelikler.yaml `sektor`);
- the eski hükümlü cap turned from "brüt asgari ücretin 15 katı" into fixed amounts per sector;
- a new project type (section 3 gets an eighth item);
- applications only online (section 5 and the period's `basvuru` block).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
OLD, NEW = "2020-1", "2026-1"
OLD_ID, NEW_ID = f"rehber-{OLD}", f"rehber-{NEW}"
OLD_P, NEW_P = "2020/1", "2026/1"
SKIP = {"content", "rules", "forms", "build", "bench", "tests", ".git", ".venv", ".pytest_cache", "__pycache__"}

# the 2026/1 caps (TL) the tests expect back from the calculators and from `evaluate --donem`
SECTOR_CAPS = {
    "kio_kurulus_islemleri_destegi_ust_sinir": {"tarim-hayvancilik": 4000, "diger": 6000},
    "kio_isletme_gideri_destegi_ust_sinir": {"tarim-hayvancilik": 12000, "diger": 18000},
    "kio_kurulus_destegi_ust_sinir": {"tarim-hayvancilik": 440000, "diger": 550000},
    "eh_kurulus_destegi_ust_sinir": {"tarim-hayvancilik": 300000, "diger": 350000},
}
NEW_TYPE = "uzaktan-calisma"
MULTIPLE_WORDING = ("vergiler dahil en fazla brüt asgari ücretin\n"
                    "                {p:eh_kurulus_destegi_ust_sinir|sayi} katına kadar kurulacak işyeri")
FIXED_WORDING = ("vergiler dahil en fazla\n"
                 "                {p:eh_kurulus_destegi_ust_sinir} tutarına kadar kurulacak işyeri")
ONLINE_TEXT = ("Proje teklifleri, {p:son_basvuru_tarihi|yazi} tarihi mesai saati sona erene kadar "
               "yalnızca Türkiye İş Kurumunun internet sitesindeki e-Şube üzerinden çevrimiçi olarak "
               "gönderilecektir. Elden veya posta ile yapılan başvurular dikkate alınmaz.")
ONLINE_PLACE = "Türkiye İş Kurumunun internet sitesindeki e-Şube"


def _load(p: Path):
    return yaml.safe_load(p.read_text(encoding="utf-8"))


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):  # content files never use & and * (check rejects them)
        return True


def _dump(p: Path, data) -> None:
    # (only for files without the key `no`, which PyYAML would read as a boolean: the guide's
    # files are edited as text below, as an editor does)
    p.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def make_root(tmp: Path) -> Path:
    """A project root beside tmp whose content/, rules/ and forms/ are copies (code linked)."""
    root = tmp / "proje"
    root.mkdir()
    for entry in sorted(REPO.iterdir()):
        if entry.name not in SKIP and not entry.name.startswith("."):
            (root / entry.name).symlink_to(entry)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "rules", root / "rules")
    shutil.copytree(REPO / "forms", root / "forms")
    return root


def add_second_period(root: Path) -> None:
    content = root / "content"
    # 1. the guide's text: a copy of the newest folder, its document id changed
    src, dst = content / "rehber" / OLD, content / "rehber" / NEW
    dst.mkdir()
    for f in sorted(src.iterdir()):
        (dst / f.name).write_text(f.read_text(encoding="utf-8").replace(OLD_ID, NEW_ID), encoding="utf-8")
    section3 = dst / "04-bolum-3.yaml"
    text = section3.read_text(encoding="utf-8")
    assert text.rstrip().endswith('metin: "Engellilere yönelik diğer projeler."')
    section3.write_text(text.rstrip() + '\n        - no: "8"\n          metin: "Engellilerin uzaktan çalışmasına yönelik projeler."\n',
                        encoding="utf-8")
    # the eski hükümlü cap is a fixed amount in the new guide, no longer "brüt asgari ücretin 15
    # katı": its sentence says so (check refuses "katına" before a value that is no multiple)
    section4a = dst / "06-bolum-4A.yaml"
    text = section4a.read_text(encoding="utf-8")
    assert MULTIPLE_WORDING in text
    section4a.write_text(text.replace(MULTIPLE_WORDING, FIXED_WORDING), encoding="utf-8")
    section5 = dst / "11-bolum-5.yaml"
    text = section5.read_text(encoding="utf-8")
    start, end = text.index("    - paragraf: >-"), text.index("      rol: son_tarih")
    section5.write_text(text[:start] + f'    - paragraf: "{ONLINE_TEXT}"\n' + text[end:], encoding="utf-8")
    # 2. the source: a new entry in kaynaklar.yaml (its own source file, its own channel)
    sources = _load(content / "kaynaklar.yaml")
    entry = yaml.safe_load(yaml.safe_dump(sources[OLD_ID]).replace(OLD_ID, NEW_ID).replace(OLD_P, NEW_P))
    entry["dosya"] = "rehber-2026-1.txt"
    entry["basvuru"] = {"yollar": ["cevrimici"], "yer": ONLINE_PLACE, "kaynak": f"{NEW_ID}:sec_5__para_1"}
    sources[NEW_ID] = entry
    _dump(content / "kaynaklar.yaml", sources)
    # 3. the new project type, named in the new period's section 3 only
    types = _load(content / "proje-turleri.yaml")
    types[NEW_TYPE] = {"baslik": "Engellilerin uzaktan çalışmasına yönelik projeler", "kisa_baslik": "Uzaktan çalışma",
                       "kaynak": f"{NEW_ID}:sec_3__list_1__point_8"}
    _dump(content / "proje-turleri.yaml", types)
    # 4. parameters: every 2020/1 value gets a 2026/1 value; the sector caps replace theirs
    for pf in sorted((content / "parametreler").glob("*.yaml")):
        params = _load(pf)
        for pid, p in params.items():
            base = [v for v in p["degerler"] if v.get("donem") == OLD_P]
            if not base:
                continue
            v = yaml.safe_load(yaml.safe_dump(base[0], allow_unicode=True).replace(OLD_ID, NEW_ID))
            v["donem"] = NEW_P
            if pid == "son_basvuru_tarihi":
                v["deger"] = "2026-06-30"
            if pid == "eksik_tamamlama_son_tarihi":
                v["deger"] = "2026-07-15"
            if pid in SECTOR_CAPS:
                v.pop("taban", None)
                for option, amount in SECTOR_CAPS[pid].items():
                    p["degerler"].append({**v, "deger": amount, "nitelik": {"sektor": option},
                                          "aciklama": f"2026/1: {option} projeleri için."})
            else:
                p["degerler"].append(v)
        if pf.name == "genel.yaml":
            wage = params["brut_asgari_ucret"]
            for year, amount in (("2026", 33030.0), ("2027", 36000.0)):
                wage["degerler"].append({"donem": year, "deger": amount, "dogrulandi": False,
                                         "dis_kaynak_atif": f"Sentetik sınama değeri ({year})."})
        _dump(pf, params)
    # 5. the rule sets: the eski hükümlü budget asks the sector, which its 2026/1 cap depends on
    rs_file = root / "rules" / "kio-eski-hukumlu-butce.yaml"
    rs = _load(rs_file)
    rs["gruplar"].insert(0, {"baslik": "Sektör", "sorular": [{
        "kimlik": "tarim_hayvancilik", "tip": "evet_hayir", "etiket": "Projeniz bir tarım ya da hayvancılık projesi mi?",
        "istege_bagli": True, "nitelik": {"sektor": {"evet": "tarim-hayvancilik", "hayir": "diger"}}}]})
    _dump(rs_file, rs)
    # 6. the eski hükümlü budget form asks it too (nitelik: sektor), and hands it to its rule set;
    # the minimum-wage year it asks in 2020/1 is left out of the 2026/1 page (no cap reads it there)
    form_file = root / "forms" / "kio-butce-eski-hukumlu.yaml"
    form = _load(form_file)
    form["bolumler"][0]["alanlar"].append({
        "kimlik": "tarim_hayvancilik", "tur": "evet_hayir", "etiket": "Bu bir tarım ya da hayvancılık projesi mi?",
        "zorunlu": True, "kaynak": ["rehber:sec_4__sub_A__sub_b__sub_ii__para_1"],
        "nitelik": {"sektor": {"evet": "tarim-hayvancilik", "hayir": "diger"}}})
    form["kurallar"]["yanitlar"]["tarim_hayvancilik"] = {"alan": "proje/tarim_hayvancilik"}
    _dump(form_file, form)
