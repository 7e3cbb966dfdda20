// The rule engine in the browser: the same steps as kb/rules/ `evaluate_compiled`, on the
// same compiled JSON (data/rules/<id>.json). Pure: no DOM, no network, no storage.
// tests/rules/test_rules_browser.py runs every vector through this module and compares the
// results with Python's. Keep both in step.
//
//   import { evaluate, amountText } from "<site>/assets/kb/rules-engine.js";
//   const result = evaluate(compiledRuleset, { yas: 30, emekli: false });
//   result.sonuclar  // [{id, tur, durum, degerler, eksik, kaynaklar, talep?}]
//   result.karar     // the one overall verdict: {durum, basarisiz, eksik_sorular, cumle}
//   result.basarili  // karar.durum === "karsilaniyor"
import jsonLogic from "./rules-vendor/json-logic.js";
import { Validator } from "./vendor/cfworker-json-schema/index.js";  // shared with forms-core.js

export const STATUSES = ["karsilaniyor", "karsilanmiyor", "yanitlanmadi", "belirsiz", "uygulanmaz", "hesaplandi"];

function answered(v) {
  return v !== null && v !== undefined && v !== "";
}

// kb/rules/evaluation.py ENGINE_LIMIT, VALUE_LIMIT: answers beyond ENGINE_LIMIT, NaN and
// ±Infinity count as not answered; a computed amount beyond VALUE_LIMIT leaves its rule unanswered.
export const ENGINE_LIMIT = 1e12;
export const VALUE_LIMIT = 1e15;

const isNumber = (v) => typeof v === "number";
const usable = (v) => !isNumber(v) || (v >= -ENGINE_LIMIT && v <= ENGINE_LIMIT);

function key(axes, combo) {
  return axes.map((a) => `${a}=${combo[a]}`).join("|");
}

function unique(xs) {
  const out = [];
  for (const x of xs) if (!out.includes(x)) out.push(x);
  return out;
}

const validators = new Map();
function schemaValid(schema, data) {
  const k = JSON.stringify(schema);
  let v = validators.get(k);
  if (!v) {
    v = new Validator(schema, "2020-12", false);
    validators.set(k, v);
  }
  return v.validate(data).valid;
}

// An amount in whole kuruş, rounded half up (kb/rules/ kurus).
export function kurus(x) {
  return Math.floor(x * 100 + 0.5);
}

// ---------------------------------------------------------------- the verdict (kb/rules/verdict.py)
// The rule is written there and in rules/README.md ("The verdict"); keep both in step.
const requested = (data, q) => Boolean(q) && isNumber(data[q]) && data[q] > 0;

function applies(rule, res, data, rules) {
  if (rule.tur === "hesap" || res.durum === "uygulanmaz") return false;
  if (rule.tur === "kosul") return !rule.istege_bagli || rule.gerekli.some((q) => q in data);
  if (rule.sinir === "en_az") {
    const tied = rule.gerekli.slice();
    for (const d of rule.bagimli) if (rules.get(d).talep) tied.push(rules.get(d).talep);
    return rule.talep in data || tied.some((q) => q !== rule.talep && requested(data, q));
  }
  return requested(data, rule.talep);
}

// {durum, basarisiz, eksik_sorular, cumle} for the results of one evaluation. data: the answers
// the engine used (answered and usable); only: the rule ids that count (null for all).
export function verdict(rs, results, data, only = null) {
  const rules = new Map(rs.kurallar.map((r) => [r.id, r]));
  const order = rs.sorular.map((q) => q.id);
  const failed = [];
  const failedKinds = [];
  const missing = new Set();
  let conditions = 0;
  let lines = 0;
  for (const res of results) {
    const rule = rules.get(res.id);
    if (only && !only.includes(rule.id)) continue;
    const status = res.durum;
    if (status === "karsilanmiyor" || status === "belirsiz") {
      failed.push(rule.id);
      failedKinds.push(status);
      continue;
    }
    if (!applies(rule, res, data, rules)) continue;
    if (status === "yanitlanmadi") {
      for (const q of res.eksik) missing.add(q);
      if (rule.tur === "kalem" && !(rule.talep in data)) missing.add(rule.talep);
    } else if (status === "karsilaniyor") {
      if (rule.tur === "kosul") conditions += 1;
      else lines += 1;
    }
  }
  let eksik = order.filter((q) => missing.has(q) && !(q in data));
  const missingCount = eksik.length;
  let durum;
  if (failed.length) {
    durum = "karsilanmiyor";
  } else if (eksik.length || !Object.keys(data).length || !(conditions || lines)) {
    durum = "eksik";
    if (!eksik.length) {
      const canAsk = new Set(rs.kurallar.filter((r) => (!only || only.includes(r.id)) && r.tur === "kalem" && r.sinir !== "en_az").map((r) => r.talep));
      eksik = order.filter((q) => canAsk.has(q) && !(q in data));
      if (!eksik.length) eksik = order.filter((q) => !(q in data));
    }
  } else {
    durum = "karsilaniyor";
  }
  return { durum, basarisiz: failed, eksik_sorular: eksik,
    cumle: verdictSentence(rs, durum, failed, failedKinds, missingCount, conditions, lines) };
}

function verdictSentence(rs, durum, failed, kinds, missingCount, conditions, lines) {
  const titles = new Map(rs.kurallar.map((r) => [r.id, r.baslik]));
  if (durum === "karsilanmiyor") {
    const notMet = failed.filter((id, i) => kinds[i] === "karsilanmiyor").map((id) => titles.get(id));
    const unclear = failed.filter((id, i) => kinds[i] === "belirsiz").map((id) => titles.get(id));
    const parts = [];
    if (notMet.length) parts.push("Karşılanmayan: " + notMet.join("; ") + ".");
    if (unclear.length) parts.push("Rehberin bir okumasına göre karşılanmayan: " + unclear.join("; ") + ".");
    if (missingCount) parts.push(`Ayrıca ${missingCount} soru yanıtlanmadı.`);
    return parts.join(" ");
  }
  if (durum === "eksik") {
    if (missingCount) return `Sonuç için ${missingCount} soru daha yanıtlanmalı.`;
    return "Henüz denetlenecek bir yanıt yok: sonuç için soruları yanıtlayın ya da talep ettiğiniz tutarları yazın.";
  }
  if (conditions && lines) return "Bütün şartlar karşılanıyor ve talep ettiğiniz her tutar rehberin sınırının içinde.";
  if (conditions) return "Bütün şartlar karşılanıyor.";
  return "Talep ettiğiniz her tutar rehberin sınırının içinde.";
}

// opts.only: the rule ids the verdict (karar) counts — a budget form shows part of its rule set.
export function evaluate(rs, answers, opts = {}) {
  const data = {};
  for (const [k, v] of Object.entries(answers)) if (answered(v) && usable(v)) data[k] = v;
  const values = {};
  const missingOf = {};
  const axesOf = {};
  for (const r of rs.kurallar) axesOf[r.id] = r.eksenler;
  const results = [];
  for (const rule of rs.kurallar) {
    const res = { id: rule.id, tur: rule.tur, durum: "", degerler: [], eksik: [], kaynaklar: rule.kaynaklar };
    const talep = rule.talep ? (rule.talep in data ? data[rule.talep] : null) : null;
    if (rule.talep) res.talep = talep;
    results.push(res);
    if (rule.eger) {
      const miss = rule.eger.gerekli.filter((q) => !(q in data));
      if (miss.length) {
        res.durum = "yanitlanmadi";
        res.eksik = miss;
        values[rule.id] = null;
        missingOf[rule.id] = miss;
        continue;
      }
      if (jsonLogic.apply(rule.eger.mantik, data) !== true) {
        res.durum = "uygulanmaz";
        if (rule.tur !== "kosul") {
          const zeros = {};
          for (const c of rule.okumalar) zeros[key(rule.eksenler, c)] = 0;
          values[rule.id] = zeros;
          if (rule.tur !== "hesap" && talep !== null && talep > 0) {
            res.durum = "karsilanmiyor";
            res.degerler = [{ okuma: {}, deger: 0, uygun: false }];
          }
        } else {
          values[rule.id] = null;
        }
        continue;
      }
    }
    let miss = rule.gerekli.filter((q) => !(q in data));
    for (const dep of rule.bagimli) {
      if (values[dep] === null || values[dep] === undefined) {
        for (const q of missingOf[dep] || []) if (!miss.includes(q)) miss.push(q);
      }
    }
    if (miss.length) {
      res.durum = "yanitlanmadi";
      res.eksik = unique(miss);
      values[rule.id] = null;
      missingOf[rule.id] = res.eksik;
      continue;
    }
    const computed = {};
    const oks = [];
    let unusable = false;
    for (const combo of rule.okumalar) {
      if (rule.sema) {
        const ok = schemaValid(rule.sema, data);
        res.degerler.push({ okuma: combo, uygun: ok });
        oks.push(ok);
        continue;
      }
      const variant = rule.varyantlar.find((v) => Object.entries(v.okuma).every(([a, o]) => combo[a] === o));
      let ctx = data;
      if (rule.bagimli.length) {
        ctx = Object.assign({}, data, { kalem: {} });
        for (const d of rule.bagimli) ctx.kalem[d] = values[d][key(axesOf[d], combo)];
      }
      const value = jsonLogic.apply(variant.mantik, ctx);
      if (rule.tur === "kosul") {
        const ok = value === true;
        res.degerler.push({ okuma: combo, uygun: ok });
        oks.push(ok);
        continue;
      }
      if (!(isNumber(value) && value >= -VALUE_LIMIT && value <= VALUE_LIMIT)) {
        unusable = true;
        break;
      }
      computed[key(rule.eksenler, combo)] = value;
      const entry = { okuma: combo, deger: value };
      if ((rule.tur === "kalem" || rule.tur === "desteklenmez") && talep !== null) {
        // amounts are compared in whole kuruş, so binary rounding never decides a verdict
        const ok = rule.sinir === "en_az" ? kurus(talep) >= kurus(value) : kurus(talep) <= kurus(value);
        entry.uygun = ok;
        oks.push(ok);
      }
      res.degerler.push(entry);
    }
    if (unusable) { // not an amount anyone can be told: the rule cannot be computed
      res.durum = "yanitlanmadi";
      res.degerler = [];
      res.eksik = rule.gerekli.slice();
      values[rule.id] = null;
      missingOf[rule.id] = res.eksik;
      continue;
    }
    values[rule.id] = rule.tur !== "kosul" ? computed : null;
    if (rule.tur === "hesap") res.durum = "hesaplandi";
    else if (rule.tur !== "kosul" && talep === null) res.durum = "yanitlanmadi";
    else if (oks.every(Boolean)) res.durum = "karsilaniyor";
    else if (!oks.some(Boolean)) res.durum = "karsilanmiyor";
    else res.durum = "belirsiz";
  }
  const summary = {};
  for (const s of STATUSES) summary[s] = 0;
  for (const r of results) summary[r.durum] += 1;
  const karar = verdict(rs, results, data, opts.only || null);
  return { kural_kumesi: rs.id, donem: rs.donem, sonuclar: results, ozet: summary, karar,
    basarisiz: karar.basarisiz.slice(), basarili: karar.durum === "karsilaniyor" };
}

// ---------------------------------------------------------------- formatting (as kb/rules/)
export function formatTL(x) {
  const k = kurus(x);
  const neg = k < 0;
  const abs = Math.abs(k);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  let s = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  if (frac) s += "," + String(frac).padStart(2, "0");
  return (neg ? "-" : "") + s + " TL";
}

const UNIT_WORDS = { saat: "saat", gun: "gün", kisi: "kişi" };

export function formatAmount(x, unit = "TL") {
  if (unit === "TL") return formatTL(x);
  return formatTL(x).slice(0, -3) + " " + (UNIT_WORDS[unit] || unit);
}

export function readingLabel(rs, combo) {
  return Object.entries(combo)
    .map(([a, o]) => rs.belirsizlikler[a].secenekler.find((x) => x.id === o).etiket)
    .join("; ");
}

function sameAmounts(values) {
  return values.every((v) => v !== undefined && values[0] !== undefined && kurus(v) === kurus(values[0]));
}

function varies(res) {
  const values = res.degerler.map((d) => d.deger);
  const o0 = res.degerler[0].uygun;
  const same = values[0] !== undefined ? sameAmounts(values) : values.every((v) => v === undefined);
  return !same || res.degerler.some((d) => d.uygun !== o0);
}

export function amountText(rs, rule, res) {
  if (rule.tur === "kosul" || !res.degerler.length) return "";
  const head = rule.tur === "hesap" ? "Tutar" : rule.sinir === "en_az" ? "En az" : "En fazla";
  const unit = rule.birim || "TL";
  const values = res.degerler.map((d) => d.deger);
  let text = sameAmounts(values)
    ? `${head}: ${formatAmount(values[0], unit)}`
    : `${head}: okumaya göre değişir`;
  if (res.talep !== null && res.talep !== undefined) {
    text += ` — ${rule.sinir === "en_az" ? "katkınız" : "talep"}: ${formatTL(res.talep)}`;
  }
  return text;
}

export function readingLines(rs, rule, res) {
  if (res.degerler.length < 2 || !varies(res)) return [];
  const unit = rule.birim || "TL";
  return res.degerler.map((d) => {
    const parts = [];
    if ("deger" in d) parts.push(formatAmount(d.deger, unit));
    if ("uygun" in d) {
      if (rule.tur === "kosul") parts.push(d.uygun ? "karşılanıyor" : "karşılanmıyor");
      else if (rule.sinir === "en_az") parts.push(d.uygun ? "katkı yeterli" : "katkı yetersiz");
      else parts.push(d.uygun ? "talep sınırın içinde" : "talep sınırı aşıyor");
    }
    return `${readingLabel(rs, d.okuma)}: ${parts.join(", ")}`;
  });
}

export const STATUS_LABELS = {
  karsilaniyor: "karşılanıyor",
  karsilanmiyor: "karşılanmıyor",
  yanitlanmadi: "yanıtlanmadı",
  belirsiz: "belirsiz",
  uygulanmaz: "bu durumda aranmaz",
  hesaplandi: "hesaplandı",
};

export function statusLabel(rule, status) {
  if (status === "uygulanmaz" && rule.tur !== "kosul") return "bu durumda ödenmez";
  return STATUS_LABELS[status];
}

// ---------------------------------------------------------------- why a rule is not met (kb/rules/wording.py)
// A number with its unit: "%40", "17", "12 ay".
export function showNumber(x, unit) {
  const n = formatTL(x).slice(0, -3);
  if (unit === "%") return "%" + n;
  if (!unit || unit === "yaş") return n;
  return `${n} ${UNIT_WORDS[unit] || unit}`;
}

function showAnswer(q, v) {
  if (typeof v === "boolean") return v ? "“Evet”" : "“Hayır”";
  const o = q && q.tip === "secim" ? q.secenekler.find((x) => x.deger === v) : null;
  if (o) return `“${o.etiket}”`;
  if (isNumber(v)) return q && q.tip === "tutar" ? formatTL(v) : showNumber(v, q ? q.birim : undefined);
  return "“" + String(v) + "”";
}

const BOUNDS = [["minimum", "en az {} olmalı"], ["maximum", "en fazla {} olabilir"],
  ["exclusiveMinimum", "{} değerinden büyük olmalı"], ["exclusiveMaximum", "{} değerinden küçük olmalı"]];

function schemaClauses(rs, rule, answers) {
  const questions = new Map(rs.sorular.map((q) => [q.id, q]));
  const props = rule.sema.properties || {};
  const ids = Object.keys(props);
  return ids.map((qid) => {
    const cons = props[qid];
    const q = questions.get(qid);
    const wants = [];
    for (const [kw, text] of BOUNDS) {
      if (kw in cons) {
        const shown = q && q.tip === "tutar" ? formatTL(cons[kw]) : showNumber(cons[kw], q ? q.birim : undefined);
        wants.push(text.replace("{}", shown));
      }
    }
    if ("const" in cons) wants.push(`${showAnswer(q, cons.const)} olmalı`);
    if ("enum" in cons) wants.push("şunlardan biri olmalı: " + cons.enum.map((x) => showAnswer(q, x)).join(", "));
    const head = ids.length > 1 && q ? `${q.etiket} ` : "";
    return `${head}yanıtınız ${showAnswer(q, answers[qid])}; ${wants.join(" ve ")}`;
  });
}

// Why a rule is not met: what was entered, the limit, the cited passage. "" unless the rule
// is karsilanmiyor or belirsiz. citeLabel(cite) -> the passage label (rs.atiflar by default).
export function failText(rs, rule, res, answers, citeLabel) {
  if (res.durum !== "karsilanmiyor" && res.durum !== "belirsiz") return "";
  const label = citeLabel || ((c) => (rs.atiflar && rs.atiflar[c] ? rs.atiflar[c].etiket : c));
  const cites = " (" + rule.kaynaklar.map(label).join("; ") + ")";
  const questions = new Map(rs.sorular.map((q) => [q.id, q]));
  if (rule.tur === "kosul") {
    let body;
    if (rule.sema) body = schemaClauses(rs, rule, answers).join("; ");
    else {
      const given = rule.gerekli.filter((q) => questions.has(q) && answers[q] !== null && answers[q] !== undefined)
        .map((q) => `${questions.get(q).etiket} ${showAnswer(questions.get(q), answers[q])}`);
      body = (given.length ? "yanıtlarınız: " + given.join("; ") + " — " : "") + "yanıtlarınıza göre bu şart karşılanmıyor";
    }
    if (res.durum === "belirsiz") body += " (rehberin bir okumasına göre)";
    return `${rule.baslik}: ${body}${cites}`;
  }
  const least = rule.sinir === "en_az";
  const head = least ? `Katkınız ${formatTL(res.talep)}` : `Talep ettiğiniz ${formatTL(res.talep)}`;
  const values = res.degerler.filter((d) => "deger" in d).map((d) => d.deger);
  if (rule.tur === "desteklenmez") return `${rule.baslik}: ${head}; bu gider desteklenmez, en fazla 0 TL olabilir${cites}`;
  if (rule.eger && values.length && values.every((v) => kurus(v) === 0)) {
    return `${rule.baslik}: ${head}; bu durumda ödenmez, en fazla 0 TL olabilir${cites}`;
  }
  const word = least ? "en az {} olmalı" : "en fazla {} olabilir";
  const limit = sameAmounts(values)
    ? word.replace("{}", formatTL(values[0]))
    : "sınır okumaya göre değişir: " + res.degerler.map((d) => `${readingLabel(rs, d.okuma)}: ${word.replace("{}", formatTL(d.deger))}`).join("; ");
  return `${rule.baslik}: ${head}; ${limit}${cites}`;
}
