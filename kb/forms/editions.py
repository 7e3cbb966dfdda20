"""The period side of loading a form (mixin of kb/forms/loader.py's _Loader): a definition written
`donem: her_donem` compiled once per guide period it serves (kb/forms/periods.py), each edition's
caps expanded for its period (kb/forms/caps.py), its attribute fields (`nitelik`) checked, and
the fields that only choose how a cap is read left out of a period in which nothing reads them.

Uses the loader's ``kb``, ``root``, ``cache``, ``problems``, ``add`` and ``_form``.
"""
from __future__ import annotations

from kb.common.problems import BuildError
from kb.content import yamlsource
from kb.content.moved import moved_provisions
from kb.forms.caps import CapError, expand, path_of
from kb.forms.model import Field, FormDef
from kb.forms.periods import BOUND_CITE, EVERY_PERIOD, cite_places, resolved
from kb.rules.periods import GUIDE_PREFIX, attribute_answers


class EditionsMixin:
    def _editions(self, doc: yamlsource.Document, stem: str) -> FormDef | None:
        """The form compiled for every period it serves; its newest edition (the others in `editions`)."""
        d = doc.data
        if d.get("donem") != EVERY_PERIOD:
            form = self._form(doc, stem, d, d.get("donem"), False)
            if form is not None:
                form.editions = {form.period: form}
            return form
        before = len(self.problems)
        for path, c in cite_places(d):
            if BOUND_CITE.match(c):
                self.add(doc, path, f"atıf bir rehber dönemine bağlı: '{c}'",
                         f"dönemsiz yazın: {GUIDE_PREFIX}{c.split(':', 1)[1]} (her dönemin sayfası o dönemin paragrafını gösterir)")
        periods = self._periods(d)
        if not periods:
            self.add(doc, ("donem",), "'her_donem' yazılmış ama içerikte rehber dönemi yok", "content/rehber/ altına bir dönem ekleyin")
        if len(self.problems) > before:
            return None
        editions: dict[str, FormDef] = {}
        for period in reversed(periods):  # newest first: a problem of the file itself is reported once
            guide = self.kb.guide_of(period).id
            form = self._form(doc, stem, resolved(d, guide, period, moved_provisions(self.kb, guide)), period, True)
            if form is None:
                if not editions:
                    return None
                continue
            editions[period] = form
        if len(editions) != len(periods):
            return None
        ordered = {p: editions[p] for p in periods}
        for p, form in ordered.items():
            form.editions, form.newest = ordered, p == periods[-1]
        kept = {path_of(f) for form in ordered.values() for s in form.sections for f in s.fields}
        for f in dict((path_of(f), f) for form in ordered.values() for f in form.left_out).values():
            if path_of(f) not in kept:
                self.add(doc, f.path + ("kimlik",), f"'{path_of(f)}' alanını hiçbir dönemde bir üst sınır, koşul ya da kural yanıtı okumuyor",
                         "alanı silin ya da onu okuyan bir üst sınır yazın")
        return ordered[periods[-1]] if len(self.problems) == before else None

    def _periods(self, d: dict) -> list[str]:
        """The guide periods a period-free form serves: its rule set's (`kurallar:`), else every one."""
        periods = self.kb.periods()
        if d.get("kurallar"):
            from kb.rules.loader import rulesets

            try:
                rs = rulesets(self.root, self.kb, cache=self.cache.pack is not None).get(d["kurallar"]["kural_kumesi"])
            except BuildError:
                rs = None  # the rule sets' own problems are reported by their check
            if rs is not None and rs.editions and all(p in periods for p in rs.editions):
                return list(rs.editions)
        return periods

    def _attributes(self, doc, form: FormDef) -> None:
        seen: dict[str, Field] = {}
        for f in (f for s in form.sections for f in s.fields if f.attribute):
            if f.attribute in seen:
                self.add(doc, f.path + ("nitelik",), f"'{f.attribute}' niteliğini iki alan soruyor ('{path_of(seen[f.attribute])}' ve "
                         f"'{path_of(f)}')", "niteliği yalnızca bir alanda yazın")
            seen[f.attribute] = f

    def _cap_cases(self, doc, form: FormDef) -> set[str]:
        """Every cap expanded for the form's period (kb/forms/caps.py); the fields the caps read."""
        read: set[str] = set()
        for col in form.all_fields():
            for j, cap in enumerate(col.caps):
                try:
                    read.update(k for case in expand(self.kb, form, cap) for k in case.conds)
                except CapError as e:
                    self.add(doc, col.path + ("ust_sinirlar", j, "carpanlar", e.factor, "parametre"), e.message, e.fix)
        return read

    def _leave_out_unread(self, form: FormDef, read: set[str], questions: set[str] | None) -> None:
        """A field that only chooses how a cap is read stays out of a period in which nothing reads it."""
        for s in form.sections:
            read.update(c["alan"] for c in [s.cond, *(f.cond for f in s.fields)] if c)
        for col in form.all_fields():
            read.update(cap["kosul"]["alan"] for cap in col.caps if "kosul" in cap)
        for key, spec in (form.rules or {}).get("yanitlar", {}).items():
            if "alan" in spec and (questions is None or key in questions):
                read.add(spec["alan"])
        for s in form.sections:
            out = [f for f in s.fields if (f.options_param or f.attribute) and path_of(f) not in read]
            form.left_out += out
            s.fields = [f for f in s.fields if all(f is not x for x in out)]
        form.sections = [s for s in form.sections if s.fields]

    def _attribute(self, doc, f: Field, a: dict, p: tuple, table: Field | None) -> None:
        """`nitelik`: the field answers an attribute (content/nitelikler.yaml) such as the sector."""
        aid = next(iter(a["nitelik"]))
        attr = self.kb.attributes.get(aid)
        if table is not None or f.type not in ("evet_hayir", "secim"):
            self.add(doc, p + ("nitelik",), f"'nitelik' yalnızca bölümlerin evet_hayir ve secim alanlarında kullanılır, bu alan '{f.type}'"
                     + (" (tablo sütunu)" if table is not None else ""), "satırı silin")
        elif attr is None:
            self.add(doc, p + ("nitelik",), f"bilinmeyen nitelik: '{aid}'",
                     "content/nitelikler.yaml içindeki bir niteliği yazın: " + ", ".join(self.kb.attributes))
        else:
            mapping = attribute_answers({"tip": f.type, "nitelik": a["nitelik"], "secenekler": f.options}, attr)
            if mapping is None:
                self.add(doc, p + ("nitelik",), f"alan '{aid}' niteliğinin seçeneklerini tam karşılamıyor ({', '.join(attr.options)})",
                         f"evet_hayir alanında 'nitelik: {{{aid}: {{evet: SEÇENEK, hayir: SEÇENEK}}}}', secim alanında "
                         f"'nitelik: {{{aid}: null}}' yazın; seçeneklerin değerleri niteliğin seçenekleri olsun")
            else:
                f.attribute, f.attribute_answers = aid, mapping

