// Verdicts of a rule set for another page, e.g. the budget forms (kb/forms/): load the
// published rule set, evaluate answers, render each verdict with its citation. Only DOM
// methods (no innerHTML), nothing sent or stored.
//
//   import { loadRuleset, showVerdicts } from "<site>/assets/kb/rules-widget.js";
//   const rs = await loadRuleset(siteRoot, "kio-engelli-butce");  // siteRoot: "../../" etc.
//   form.addEventListener("kb-form:degisti", (ev) => {
//     const answers = { kurulus_destegi_talebi: sum(ev.detail.data.kurulus_destegi.kalemler) };
//     showVerdicts(region, rs, answers, siteRoot, { only: ["kurulus_destegi"] });
//   });
//
// `region` gets a heading, a polite live summary and one list item per rule; it is unhidden.
import { amountText, evaluate, failText, readingLines, statusLabel } from "./rules-engine.js";

export async function loadRuleset(siteRoot, id) {
  const embedded = document.getElementById(`kb-rules-data-${id}`);
  if (embedded) return JSON.parse(embedded.textContent);
  const r = await fetch(new URL(`data/rules/${id}.json`, new URL(siteRoot, location.href)));
  if (!r.ok) throw new Error(`kural kümesi yüklenemedi: ${id}`);
  return r.json();
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

// Evaluate `answers` and render the verdicts of every rule (or only the ids in opts.only)
// into `region`. Returns the engine result (karar, basarili, basarisiz, sonuclar...); its
// verdict (karar) counts only the rules shown, and is shown as the engine wrote it.
export function showVerdicts(region, rs, answers, siteRoot, opts = {}) {
  const result = evaluate(rs, answers, { only: opts.only || null });
  const rules = new Map(rs.kurallar.map((r) => [r.id, r]));
  const shown = result.sonuclar.filter((r) => !opts.only || opts.only.includes(r.id));
  region.textContent = "";
  region.append(el("h2", { class: "kb-verdicts__title" }, opts.title || "Rehbere göre denetim"));
  const questions = new Map(rs.sorular.map((q) => [q.id, q]));
  const missing = result.karar.eksik_sorular.map((q) => (questions.has(q) ? questions.get(q).etiket : q));
  const summary = el("p", { class: "kb-verdicts__summary", role: "status", "aria-live": "polite",
    "data-karar": result.karar.durum }, result.karar.cumle);
  region.append(summary);
  if (result.karar.durum !== "karsilaniyor" && missing.length && !result.karar.cumle.startsWith("Henüz")) {
    region.append(el("p", { class: "kb-verdicts__missing" }, "Denetim için gereken: " + missing.join("; ") + "."));
  }
  const list = el("ul", { class: "kb-verdicts" });
  for (const res of shown) {
    const rule = rules.get(res.id);
    const li = el("li", { class: `kb-verdict kb-rule--${res.durum}` },
      el("strong", {}, rule.baslik), " ",
      el("span", { class: `kb-badge kb-badge--${res.durum}` }, statusLabel(rule, res.durum)));
    const amount = amountText(rs, rule, res);
    if (amount) li.append(el("br"), amount);
    const why = failText(rs, rule, res, answers);
    if (why) li.append(el("br"), el("span", { class: "kb-verdict__why" }, why));
    const lines = readingLines(rs, rule, res);
    if (lines.length) li.append(el("ul", {}, ...lines.map((l) => el("li", {}, l))));
    const cites = el("span", { class: "kb-verdict__cites" }, " Kaynak: ");
    rule.kaynaklar.forEach((c, i) => {
      const a = rs.atiflar && rs.atiflar[c];
      cites.append(a ? el("a", { class: "kb-cite", href: new URL(a.url, new URL(siteRoot, location.href)).href }, a.etiket) : c);
      if (i < rule.kaynaklar.length - 1) cites.append(", ");
    });
    li.append(el("br"), cites);
    list.append(li);
  }
  region.append(list);
  region.hidden = false;
  return result;
}
