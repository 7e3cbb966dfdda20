"""Reading content/parametreler/*.yaml: every amount, rate, duration and date with its
period and citation, its value checked against its unit.

A part of the content Loader (kb/content/loader.py), which mixes it in."""
from __future__ import annotations

import datetime as dt
import re

from kb.content import yamlsource
from kb.content.model import Parameter, ParamValue


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
                                v.get("dis_kaynak_atif", ""), v.get("dogrulandi"), v.get("aciklama", ""))
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
                except ValueError as exc:
                    hint = ""
                    if (vpath + ("deger",)) in d.implicit:
                        hint = " (YAML bunu tarih olarak okudu)"
                    example = {"tarih": '"2020-12-18"', "kesir": '"2/3"'}.get(unit, "45000 ya da 3577.50 (binlik noktası ve birim olmadan)")
                    self.problems.add(d.path, d.pos(vpath + ("deger",)), f"geçersiz değer '{pv.value}'{hint}: {exc}",
                                      f"değeri şöyle yazın: {example}")
                    continue
                values.append(pv)
            periods = [v.period for v in values]
            if len(set(periods)) != len(periods):
                self.problems.add(d.path, d.pos((pid, "degerler")), "aynı dönem için iki değer var",
                                  "her dönem için yalnızca bir değer yazın")
            param = Parameter(pid, m["etiket"], m["birim"], m["proje_turu"], values, external, m.get("aciklama", ""),
                              d.path, d.key_pos((pid,)))
            self.kb.params[pid] = param
            self.docs[f"param:{pid}"] = d
