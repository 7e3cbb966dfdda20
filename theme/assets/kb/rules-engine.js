// The rule engine in the browser: the same steps as kb/rules.py `evaluate_compiled`, on the
// same compiled JSON (data/rules/<id>.json). Pure: no DOM, no network, no storage.
// tests/test_rules_browser.py runs every vector through this module and compares the
// results with Python's. Keep both in step.
//
//   import { evaluate, amountText } from "<site>/assets/kb/rules-engine.js";
//   const result = evaluate(compiledRuleset, { yas: 30, emekli: false });
//   result.sonuclar  // [{id, tur, durum, degerler, eksik, kaynaklar, talep?}]
//   result.basarili  // true when every condition is met and every request within its cap
import jsonLogic from "./rules-vendor/json-logic.js";
import { Validator } from "./vendor/cfworker-json-schema/index.js";  // shared with forms-core.js

export const STATUSES = ["karsilaniyor", "karsilanmiyor", "yanitlanmadi", "belirsiz", "uygulanmaz", "hesaplandi"];

function answered(v) {
  return v !== null && v !== undefined && v !== "";
}

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

// An amount in whole kuruş, rounded half up (kb/rules.py kurus).
export function kurus(x) {
  return Math.floor(x * 100 + 0.5);
}

function fails(res, rule) {
  const s = res.durum;
  if (s === "karsilanmiyor" || s === "belirsiz") return true;
  if (s === "yanitlanmadi") {
    if (rule.tur === "kosul") return !rule.istege_bagli;
    return res.talep !== null && res.talep !== undefined;
  }
  return false;
}

export function evaluate(rs, answers) {
  const data = {};
  for (const [k, v] of Object.entries(answers)) if (answered(v)) data[k] = v;
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
    values[rule.id] = rule.tur !== "kosul" ? computed : null;
    if (rule.tur === "hesap") res.durum = "hesaplandi";
    else if (rule.tur !== "kosul" && talep === null) res.durum = "yanitlanmadi";
    else if (oks.every(Boolean)) res.durum = "karsilaniyor";
    else if (!oks.some(Boolean)) res.durum = "karsilanmiyor";
    else res.durum = "belirsiz";
  }
  const failed = [];
  rs.kurallar.forEach((rule, i) => {
    if (fails(results[i], rule)) failed.push(rule.id);
  });
  const summary = {};
  for (const s of STATUSES) summary[s] = 0;
  for (const r of results) summary[r.durum] += 1;
  return { kural_kumesi: rs.id, donem: rs.donem, sonuclar: results, ozet: summary, basarisiz: failed, basarili: failed.length === 0 };
}

// ---------------------------------------------------------------- formatting (as kb/rules.py)
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
