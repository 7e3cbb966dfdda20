"""Reading content/proje-turleri.yaml and content/parametre-gruplari.yaml: the guide's project
types and the parameter groups that are not project types (a parameter's `proje_turu` names
one or the other).

A project type's `kaynak` (its item in section 3) and `bolum` (its part of section 4) are
written period-free, `rehber:sec_3__list_1__point_1`: the type exists in every guide period
where that node exists and cites each period's own node. A period-specific citation
(`rehber-2020-1:…`) names that one period.

A part of the content Loader (kb/content/loader.py), which mixes it in."""
from __future__ import annotations

from kb.content import yamlsource
from kb.content.model import ParamGroup, ProjectType

GUIDE_FAMILY = "rehber"  # the document part of a period-free guide citation: "rehber:ID"


class ProjectTypeReader:
    def _project_types(self, d: yamlsource.Document) -> None:
        for i, (pid, m) in enumerate(d.data.items()):
            # cite/part_cite hold what the file says until _resolve_project_types (after every guide)
            self.kb.project_types[pid] = ProjectType(pid, m["baslik"], m["kisa_baslik"], m["kaynak"], m.get("bolum", ""), i,
                                                     audiences=list(m.get("kime", [])), file=d.path, pos=d.key_pos((pid,)))
        self.docs["proje-turleri"] = d

    def _param_groups(self, d: yamlsource.Document) -> None:
        for i, (gid, m) in enumerate(d.data.items()):
            self.kb.param_groups[gid] = ParamGroup(gid, m["baslik"], i, d.path, d.key_pos((gid,)))
        self.docs["parametre-gruplari"] = d

    # ------------------------------------------------------------------ resolving (after every file)
    def _resolve_project_types(self) -> None:
        kb = self.kb
        if "proje-turleri" in self.docs:
            d = self.docs["proje-turleri"]
            for pt in kb.project_types.values():
                self._type_periods(d, pt)
                if pt.part_cite:
                    self._type_parts(d, pt)
        # a parameter group may not take a project type's id: `proje_turu` would name both
        for g in kb.param_groups.values():
            pt = kb.project_types.get(g.id)
            if pt is not None:
                self.problems.add(g.file, g.pos, f"'{g.id}' hem parametre grubu hem proje türü "
                                  f"(proje türü: {pt.file}:{pt.pos[0]})",
                                  "gruba ya da proje türüne başka bir kimlik verin; parametrelerin 'proje_turu' "
                                  "değerlerini de ona göre değiştirin")
        # every parameter's group: a project type or a parameter group
        allowed = list(kb.project_types) + list(kb.param_groups)
        for pid, param in kb.params.items():
            if param.project_type in kb.project_types or param.project_type in kb.param_groups:
                continue
            if self._known_missing("proje-turleri") or self._known_missing("parametre-gruplari"):
                continue
            d = self.docs[f"param:{pid}"]
            self.problems.add(d.path, d.pos((pid, "proje_turu")), f"bilinmeyen proje türü: '{param.project_type}'",
                              f"şunlardan birini yazın: {', '.join(allowed)} (gruplar: content/parametre-gruplari.yaml)")

    def _in_periods(self, cite: str) -> list[tuple[str, str]] | None:
        """(period, cite in that period) for every guide period a citation may name; None when
        it names no guide (another document, or an unknown one)."""
        doc, _, nid = cite.partition(":")
        if doc == GUIDE_FAMILY:
            return [(p, f"{self.kb.guide_of(p).id}:{nid}") for p in self.kb.periods()]
        sd = self.kb.docs.get(doc)
        return [(sd.period, cite)] if sd is not None and sd.period else None

    def _type_periods(self, d, pt: ProjectType) -> None:
        written = pt.cite
        where = d.pos((pt.id, "kaynak"))
        candidates = self._in_periods(written)
        if candidates is None:
            if self._check_cite(written, d.path, where):
                self.problems.add(d.path, where, f"proje türünün kaynağı bir rehber düğümü değil: '{written}'",
                                  "türü adlandıran 3. bölüm maddesini dönemsiz yazın, örn. rehber:sec_3__list_1__point_1")
            return
        for period, cite in candidates:
            if cite in self.kb.nodes:
                pt.periods.append(period)
                pt.cites[period] = cite
        if pt.periods:
            pt.cite = pt.cites[pt.periods[-1]]
            return
        if self._known_missing(written.partition(":")[0]) or any(self._known_missing(c.partition(":")[0])
                                                                   for _, c in candidates):
            return
        if written.startswith(GUIDE_FAMILY + ":") and candidates:
            newest = candidates[-1][1]
            fix = self._suggest(newest, "türü adlandıran 3. bölüm maddesinin kimliğini yazın, örn. rehber:sec_3__list_1__point_1")
            # the closest id is shown period-free, as the file writes it
            fix = fix.replace(newest.partition(":")[0] + ":", GUIDE_FAMILY + ":")
            self.problems.add(d.path, where, f"'{written}' hiçbir rehber döneminde bulunamadı "
                              f"({', '.join(p for p, _ in candidates)}): proje türü hiçbir dönemde yok", fix)
        elif written.startswith(GUIDE_FAMILY + ":"):
            self.problems.add(d.path, where, f"'{written}' için rehber dönemi yok",
                              "content/rehber/ altına bir dönem klasörü ve kaynaklar.yaml'a kaydını ekleyin")
        else:
            self._check_cite(written, d.path, where)  # names the closest id

    def _type_parts(self, d, pt: ProjectType) -> None:
        written = pt.part_cite
        where = d.pos((pt.id, "bolum"))
        pt.part_cite = ""
        if not pt.periods:
            return  # reported on `kaynak`
        candidates = dict(self._in_periods(written) or [])
        if not candidates:
            self._check_cite(written, d.path, where)
            return
        outside = [p for p in pt.periods if p not in candidates]
        if outside:
            self.problems.add(d.path, where, f"'bolum' yalnızca {', '.join(candidates)} dönemini gösteriyor, "
                              f"ama proje türü şu dönemlerde de var: {', '.join(outside)}",
                              f"bölümü dönemsiz yazın: {GUIDE_FAMILY}:{written.partition(':')[2]}")
            return
        missing = [p for p in pt.periods if candidates[p] not in self.kb.nodes]
        if missing:
            if not any(self._known_missing(candidates[p].partition(":")[0]) for p in missing):
                newest = candidates[missing[-1]]
                self.problems.add(d.path, where, f"'{written}' bölümü şu dönemlerde bulunamadı: {', '.join(missing)}",
                                  self._suggest(newest, "türün kurallarını veren 4. bölüm kısmının kimliğini yazın"))
            return
        for period in pt.periods:
            part = self.kb.nodes[candidates[period]]
            pt.part_cites[period] = part.cite
            if pt.id not in part.project_types:
                self.problems.add(d.path, where, f"'{part.cite}' kısmı bu proje türünü 'proje_turleri' altında saymıyor",
                                  f"kısma 'proje_turleri: [{pt.id}, …]' ekleyin ya da doğru kısmı yazın")
        pt.part_cite = pt.part_cites[pt.periods[-1]]

    def _node_types_in_period(self, node, file: str, pos) -> None:
        """A guide part or list may name only the project types that exist in its period."""
        sd = self.kb.docs.get(node.doc)
        if sd is None or not sd.period:
            return
        for tid in node.project_types:
            pt = self.kb.project_types.get(tid)
            if pt is None or not pt.periods or sd.period in pt.periods:
                continue
            self.problems.add(file, pos, f"'{tid}' proje türü {sd.period} döneminde yok: türün kaynağı "
                              f"({pt.file}:{pt.pos[0]}) yalnızca şu dönemlerde bulunuyor: {', '.join(pt.periods)}",
                              "türü 'proje_turleri'nden çıkarın ya da proje-turleri.yaml'daki 'kaynak'ı dönemsiz "
                              f"yazın ({GUIDE_FAMILY}:…) ve bu dönemin 3. bölümüne türü ekleyin")
