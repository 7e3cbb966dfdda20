"""Reading content/yonetmelik.yaml: articles, paragraphs and points with derived ids
(art_5, art_5__para_1, art_5__point_ç), letters checked against the Turkish alphabet.

A part of the content Loader (kb/content/loader.py), which mixes it in."""
from __future__ import annotations

from kb.content import yamlsource
from kb.content.model import TURKISH_LETTERS, Node


class RegulationReader:
    def _regulation(self, d: yamlsource.Document) -> None:
        file = d.path
        sd = self.kb.docs["yonetmelik"]
        expected = 1
        for gi, group in enumerate(d.data["bolumler"]):
            for ai, art in enumerate(group["maddeler"]):
                path = ("bolumler", gi, "maddeler", ai)
                no = art["no"]
                if no != expected:
                    self.problems.add(file, d.pos(path + ("no",)), f"madde numarası {no}, sırada {expected} bekleniyordu",
                                      "maddeleri sırayla ve atlamadan numaralayın")
                    expected += 1  # assume a typo; keep counting from where we should be
                else:
                    expected = no + 1
                a = Node("yonetmelik", f"art_{no}", f"madde-{no}", "article", label=f"Madde {no}", no=str(no),
                         heading_group=group["baslik"])
                self._common(a, art, d, path)
                if not self._register(a, file, path, d):
                    continue  # its paragraphs would only repeat the duplicate-id problem
                sd.roots.append(a)
                letters_seen: list[str] = []
                letter_pos: list[tuple[int, int]] = []
                item_no = 0
                for pi, para in enumerate(art["fikralar"], start=1):
                    ppath = path + ("fikralar", pi - 1)
                    p = Node("yonetmelik", f"art_{no}__para_{pi}", f"madde-{no}-fikra-{pi}", "paragraph",
                             label=f"Fıkra {pi}", no=str(pi), text=para["metin"], closing=para.get("kapanis", ""),
                             list_style=para.get("liste", ""), parent=a)
                    self._common(p, para, d, ppath)
                    self._register(p, file, ppath, d)
                    self._text(p, "metin", p.text)
                    if p.closing:
                        self._text(p, "kapanis", p.closing)
                    a.children.append(p)
                    style = para.get("liste")
                    for ii, it in enumerate(para.get("ogeler", [])):
                        ipath = ppath + ("ogeler", ii)
                        letter = it.get("harf")
                        if style == "harfli":
                            if not letter:
                                self.problems.add(file, d.pos(ipath), "harfli listede bendin harfi yok",
                                                  "'harf: …' ekleyin ya da listeyi 'tireli' yapın")
                                continue
                            letters_seen.append(letter)
                            letter_pos.append(d.pos(ipath + ("harf",)))
                            n = Node("yonetmelik", f"art_{no}__point_{letter}", f"madde-{no}-{letter}", "point",
                                     label=f"{letter})", no=letter, text=it["metin"], parent=p)
                        else:
                            if letter:
                                self.problems.add(file, d.pos(ipath + ("harf",)), "tireli listede harf kullanılmış",
                                                  "kaynak harf veriyorsa listeyi 'harfli' yapın, vermiyorsa harfi silin")
                            item_no += 1
                            n = Node("yonetmelik", f"art_{no}__item_{item_no}", f"madde-{no}-bent-{item_no}", "item",
                                     label="–", no=str(item_no), text=it["metin"], parent=p)
                        n.term = it.get("terim", "")
                        n.term_forms = list(it.get("bicimler", []))
                        n.legal_basis = it.get("dayanak")
                        self._common(n, it, d, ipath)
                        self._register(n, file, ipath, d)
                        self._text(n, "metin", n.text)
                        p.children.append(n)
                        if n.term:
                            if n.term in self.kb.terms:
                                self.problems.add(file, d.pos(ipath + ("terim",)), f"'{n.term}' terimi iki kez tanımlanmış",
                                                  "terimi yalnızca bir kez tanımlayın")
                            self.kb.terms[n.term] = n
                self._check_letter_order(file, d.pos(path), letters_seen, f"Madde {no}", letter_pos)

    def _check_letter_order(self, file, pos, letters, where, positions=None) -> None:
        if not letters:
            return
        expected = TURKISH_LETTERS[: len(letters)]
        latin = [chr(ord("a") + i) for i in range(len(letters))]
        # İŞKUR's web guide letters its lists with the Latin alphabet (…h, i, j, k); that is the
        # source's own style, not damage. A mix of both (g, g, h) is always an error.
        if letters != expected and letters != latin:
            # compare with the alphabet the list is closer to; point at its first wrong letter
            misses = {tuple(ref): [i for i, x in enumerate(letters) if x != ref[i]] for ref in (expected, latin)}
            ref = expected if len(misses[tuple(expected)]) <= len(misses[tuple(latin)]) else latin
            if positions:
                pos = positions[misses[tuple(ref)][0]]
            alphabet = "Türk alfabesi" if ref is expected else "alfabe (a, b, c, d …)"
            self.problems.add(file, pos, f"{where}: bent harfleri {alphabet} sırasında değil ({', '.join(letters)}; "
                              f"beklenen {', '.join(ref)})",
                              "kaynağın harflerini denetleyin; OCR'ın bozduğu harfi düzeltip düzeltmeyi kaynak dosyanın "
                              "content/duzeltmeler/ altındaki dosyasına kaydedin")
