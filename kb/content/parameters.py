"""Reading content/parametreler/*.yaml: every amount, rate, duration and date with its
period and citation, its value checked against its unit.

A part of the content Loader (kb/content/loader.py), which mixes it in."""
from __future__ import annotations

import datetime as dt
import re

from kb.content import yamlsource
from kb.content.model import Attribute, Parameter, ParamValue

# the units of an amount: the only ones a multiple of another parameter (`taban`) may have
AMOUNT_UNITS = ("TL", "TL_ay", "TL_gun", "TL_saat", "TL_kisi")


def _thousands_point(implicit: tuple[str, str] | None) -> bool:
    """Whether a plain number was written with Turkish thousands points ("45.000", "1.250.000"),
    which YAML reads as a decimal (45.0): an amount in TL never has three decimals."""
    return bool(implicit) and re.fullmatch(r"[1-9][0-9]{0,2}(\.[0-9]{3})+", implicit[1]) is not None


class ParameterReader:
    def _params(self, d: yamlsource.Document) -> None:
        for pid, m in d.data.items():
            if pid in self.kb.params:
                other = self.kb.params[pid]
                self.problems.add(d.path, d.key_pos((pid,)), f"'{pid}' parametresi iki kez tanımlanmış (ilki {other.file}:{other.pos[0]})",
                                  "birini silin ya da yeniden adlandırın")
                continue
            values = []
            external = bool(m.get("dis_kaynak"))
            for i, v in enumerate(m["degerler"]):
                vpath = (pid, "degerler", i)
                pv = ParamValue(v["donem"], v["deger"], v.get("kaynak", ""), list(v.get("diger_kaynaklar", [])),
                                v.get("dis_kaynak_atif", ""), v.get("dogrulandi"), v.get("aciklama", ""),
                                dict(v.get("nitelik", {})), v.get("taban", ""))
                self._value_shape(d, pid, vpath, pv, m["birim"])
                if external and not pv.external_cite:
                    self.problems.add(d.path, d.pos(vpath), "dış kaynaklı değerin atfı ('dis_kaynak_atif') yok",
                                      "değerin alındığı resmi kaynağı yazın")
                if not external and not pv.cite:
                    self.problems.add(d.path, d.pos(vpath), "parametre değerinin kaynağı ('kaynak') yok",
                                      "değerin geçtiği düğümün atfını yazın, örn. rehber-2020-1:sec_5__para_1")
                if pv.external_cite and not external:
                    self.problems.add(d.path, d.key_pos(vpath + ("dis_kaynak_atif",)), "'dis_kaynak_atif' yalnızca dış kaynaklı parametrede kullanılır",
                                      "parametreye 'dis_kaynak: true' ekleyin ya da 'kaynak' yazın")
                unit = m["birim"]
                try:
                    if unit == "tarih":
                        if not isinstance(pv.value, str):
                            raise ValueError("tarih tırnak içinde YYYY-AA-GG olarak yazılmalı")
                        dt.date.fromisoformat(pv.value)
                    elif unit == "kesir":
                        if not (isinstance(pv.value, str) and re.fullmatch(r"[1-9][0-9]*/[1-9][0-9]*", pv.value)):
                            raise ValueError("kesir \"2/3\" biçiminde yazılmalı")
                    elif isinstance(pv.value, bool) or not isinstance(pv.value, (int, float)):
                        raise ValueError(f"'{m['birim']}' birimli değer bir sayı olmalı")
                    elif pv.value < 0:
                        raise ValueError("değer eksi olamaz")
                    elif unit.startswith("TL") and _thousands_point(d.implicit.get(vpath + ("deger",))):
                        raise ValueError(f"YAML bunu {pv.value:g} olarak okur: sayılarda nokta ondalık ayırıcıdır, "
                                         "binlik ayırıcı değildir")
                except ValueError as exc:
                    hint = ""
                    kind = d.implicit.get(vpath + ("deger",), ("", ""))[0]
                    if kind.startswith("tarih"):
                        hint = " (YAML bunu tarih olarak okudu)"
                    example = {"tarih": '"2020-12-18"', "kesir": '"2/3"'}.get(unit, "45000 ya da 3577.50 (binlik noktası ve birim olmadan)")
                    shown = d.implicit.get(vpath + ("deger",), ("", pv.value))[1]
                    self.problems.add(d.path, d.pos(vpath + ("deger",)), f"geçersiz değer '{shown}'{hint}: {exc}",
                                      f"değeri şöyle yazın: {example}")
                    self.unreadable.add(f"deger:{pid}:{pv.period}")  # no "değeri yok" where the period's value is used
                    continue
                values.append(pv)
            self._periods_complete(d, pid, values)
            param = Parameter(pid, m["etiket"], m["birim"], m["proje_turu"], values, external, m.get("aciklama", ""),
                              d.path, d.key_pos((pid,)))
            self.kb.params[pid] = param
            self.docs[f"param:{pid}"] = d

    # ------------------------------------------------------------------ attributes (nitelik), multiples (taban)
    def _attributes(self, d: yamlsource.Document) -> None:
        for aid, m in d.data.items():
            self.kb.attributes[aid] = Attribute(aid, m["etiket"], dict(m["secenekler"]), m.get("aciklama", ""),
                                                d.path, d.key_pos((aid,)))

    def _value_shape(self, d, pid: str, vpath: tuple, pv: ParamValue, unit: str) -> None:
        """A value's attribute must be a known one with a known option; a multiple ('taban')
        is a number times an amount."""
        for aid, opt in pv.attributes.items():
            attr = self.kb.attributes.get(aid)
            if attr is None:
                self.problems.add(d.path, d.key_pos(vpath + ("nitelik", aid)), f"bilinmeyen nitelik: '{aid}'",
                                  "content/nitelikler.yaml içinde tanımlı bir nitelik yazın: "
                                  + (", ".join(self.kb.attributes) or "(dosyada nitelik yok)"))
            elif opt not in attr.options:
                self.problems.add(d.path, d.pos(vpath + ("nitelik", aid)), f"'{aid}' niteliğinin '{opt}' seçeneği yok",
                                  "şunlardan birini yazın: " + ", ".join(attr.options))
        if pv.base and unit not in AMOUNT_UNITS:
            self.problems.add(d.path, d.key_pos(vpath + ("taban",)), "'taban' yalnızca tutar birimli parametrelerde kullanılır",
                              "'taban' alanını silin ya da parametrenin birimini TL yapın")

    def _periods_complete(self, d, pid: str, values: list[ParamValue]) -> None:
        """Per period: one value, or one value per option of one attribute (each option once)."""
        by_period: dict[str, list[ParamValue]] = {}
        for v in values:
            by_period.setdefault(v.period, []).append(v)
        for period, vs in by_period.items():
            attrs = {next(iter(v.attributes), "") for v in vs}
            where = d.pos((pid, "degerler"))
            if len(vs) == 1 and not vs[0].attributes:
                continue
            if "" in attrs:
                self.problems.add(d.path, where, f"{period} dönemi için birden çok değer var ama en az biri 'nitelik' yazmıyor",
                                  "her dönem için tek değer yazın ya da her değere aynı niteliğin bir seçeneğini yazın "
                                  "(ör. nitelik: {sektor: tarim-hayvancilik})")
                continue
            if len(attrs) > 1:
                self.problems.add(d.path, where, f"{period} dönemindeki değerler farklı niteliklere göre ayrılmış: "
                                  + ", ".join(sorted(attrs)), "bir dönemde değerler tek bir niteliğe göre ayrılır")
                continue
            aid = attrs.pop()
            attr = self.kb.attributes.get(aid)
            if attr is None:
                continue  # reported on the value
            given = [v.attributes[aid] for v in vs]
            missing = [o for o in attr.options if o not in given]
            twice = sorted({o for o in given if given.count(o) > 1})
            if missing or twice:
                self.problems.add(d.path, where, f"{period} dönemi için '{aid}' niteliğinin "
                                  + (f"şu seçeneklerinin değeri yok: {', '.join(missing)}" if missing else "")
                                  + ("; " if missing and twice else "")
                                  + (f"şu seçenekleri iki kez yazılmış: {', '.join(twice)}" if twice else ""),
                                  "niteliğin her seçeneği için bir değer yazın: " + ", ".join(attr.options))

    def _check_bases(self) -> None:
        """A multiple's base is an amount parameter (after every parameter file is read)."""
        for pid, p in self.kb.params.items():
            for i, v in enumerate(p.values):
                if not v.base:
                    continue
                d = self.docs[f"param:{pid}"]
                base = self.kb.params.get(v.base)
                if base is None and self._known_missing("param"):
                    continue  # its file could not be read: that file's problem is reported
                if base is None:
                    self.problems.add(d.path, d.pos((pid, "degerler", i, "taban")), f"taban parametresi bulunamadı: '{v.base}'",
                                      "content/parametreler/ içinde tanımlı bir tutar parametresi yazın, ör. brut_asgari_ucret")
                elif not base.unit.startswith("TL") or any(b.base for b in base.values):
                    self.problems.add(d.path, d.pos((pid, "degerler", i, "taban")),
                                      f"taban '{v.base}' bir tutar parametresi olmalı (katı olmayan)",
                                      "tabanı TL birimli, kendisi katı olmayan bir parametre yapın")
