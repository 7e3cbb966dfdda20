// "Uygun muyum?" and "Bütçe hesaplama" pages: read the answers from the form, evaluate
// them with rules-engine.js (the same engine as `generator.py evaluate`), show every
// verdict and amount. Nothing is sent or stored; the form never submits (CSP form-action
// 'none'), results are announced politely through the summary's live region. Answers that
// are not numbers are listed in the error summary the forms have (components/error-summary/).
import { amountText, evaluate, failText, formatAmount, readingLines, statusLabel } from "./rules-engine.js";

// @component error-summary — errorSummary(element): show(title, lead, entries), clear()

const form = document.getElementById("kb-rules-form");
const dataEl = document.getElementById("kb-rules-data");

if (form && dataEl) {
  const rs = JSON.parse(dataEl.textContent);
  const questions = new Map(rs.sorular.map((q) => [q.id, q]));
  const rules = new Map(rs.kurallar.map((r) => [r.id, r]));
  const summaryEl = document.getElementById("kb-rules-summary");
  const errorBox = errorSummary(document.getElementById("kb-rules-errors"));
  const printButton = form.querySelector("[data-print]");
  const baseTitle = document.title;

  // @component amount-input — parseNumber: a Turkish number, or the message why not (the forms' reader too)

  function showFieldError(input, message) {
    const err = document.getElementById(`${input.id}-hata`);
    const hint = document.getElementById(`${input.id}-ipucu`);
    const wrap = input.closest(".kb-q");
    if (message) {
      err.textContent = message;
      err.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", [hint && hint.id, err.id].filter(Boolean).join(" "));
      wrap.classList.add("kb-q--error");
    } else {
      err.textContent = "";
      err.hidden = true;
      input.removeAttribute("aria-invalid");
      if (hint) input.setAttribute("aria-describedby", hint.id);
      else input.removeAttribute("aria-describedby");
      wrap.classList.remove("kb-q--error");
    }
  }

  // the answers schema's bounds (kb/rules/evaluation.py answers_schema: en_fazla or a default)
  function withinBounds(q, parsed) {
    const s = (rs.yanit_semasi && rs.yanit_semasi.properties[q.id]) || {};
    const unit = q.tip === "tutar" ? "TL" : q.birim === "%" ? "" : q.birim || "";
    const shown = (x) => (q.birim === "%" ? "%" : "") + formatAmount(x, "TL").slice(0, -3) + (unit ? ` ${unit}` : "");
    if (typeof s.maximum === "number" && parsed.value > s.maximum) return { error: `En fazla ${shown(s.maximum)} yazılabilir.` };
    if (typeof s.minimum === "number" && parsed.value < s.minimum) return { error: `En az ${shown(s.minimum)} yazılabilir.` };
    return parsed;
  }

  function collect() {
    const answers = {};
    const errors = [];
    for (const q of rs.sorular) {
      if (q.tip === "evet_hayir" || q.tip === "secim") {
        const checked = form.querySelector(`input[name="${q.id}"]:checked`);
        answers[q.id] = checked ? (q.tip === "evet_hayir" ? checked.value === "true" : checked.value) : null;
      } else {
        const input = form.elements.namedItem(q.id);
        let parsed = parseNumber(input.value, input.dataset.type === "integer", q.tip === "tutar");
        if (!parsed.error && parsed.value !== null) parsed = withinBounds(q, parsed);
        showFieldError(input, parsed.error || "");
        if (parsed.error) errors.push({ input, question: q, message: parsed.error });
        answers[q.id] = parsed.error ? null : parsed.value;
      }
    }
    return { answers, errors };
  }

  // shown with the focus on it (on "Sonucu göster"); hidden when nothing is wrong any more
  function showErrorSummary(errors) {
    if (!errors.length) {
      errorBox.clear();
      return;
    }
    errorBox.show("Sorun var", "Sonucu görmek için şunları düzeltin:",
      errors.map((e) => ({ id: e.input.id, text: `${e.question.etiket}: ${e.message}` })));
  }

  function render(result, answers) {
    for (const res of result.sonuclar) {
      const rule = rules.get(res.id);
      const li = document.getElementById(`kural-${res.id}`);
      li.className = `kb-rule kb-rule--${res.durum}`;
      const badge = li.querySelector("[data-status]");
      badge.className = `kb-badge kb-badge--${res.durum}`;
      badge.textContent = statusLabel(rule, res.durum);
      const amount = li.querySelector("[data-amount]");
      const text = amountText(rs, rule, res);
      amount.textContent = text;
      amount.hidden = !text;
      const why = li.querySelector("[data-why]");
      if (why) {
        why.textContent = failText(rs, rule, res, answers);
        why.hidden = !why.textContent;
      }
      const readings = li.querySelector("[data-readings]");
      readings.textContent = "";
      for (const line of readingLines(rs, rule, res)) {
        const item = document.createElement("li");
        item.textContent = line;
        readings.append(item);
      }
      readings.hidden = !readings.children.length;
      const missing = li.querySelector("[data-missing]");
      missing.textContent = "";
      const asked = res.eksik.filter((q) => questions.has(q));
      if (asked.length) {
        missing.append("Sonuç için yanıtlayın: ");
        asked.forEach((qid, i) => {
          const a = document.createElement("a");
          a.href = `#soru-${qid}`;
          a.textContent = questions.get(qid).etiket;
          missing.append(a);
          if (i < asked.length - 1) missing.append("; ");
        });
      }
      missing.hidden = asked.length === 0;
    }
  }

  // The overall verdict is the engine's (result.karar): shown, never recomputed here.
  function summaryText(result) {
    const conds = result.sonuclar.filter((r) => r.tur === "kosul");
    const lines = result.sonuclar.filter((r) => r.tur === "kalem" || r.tur === "desteklenmez");
    const count = (xs, s) => xs.filter((r) => r.durum === s).length;
    const parts = [];
    if (conds.length) {
      parts.push(`Şartlar: ${count(conds, "karsilaniyor")} karşılanıyor, ${count(conds, "karsilanmiyor")} karşılanmıyor, ` +
        `${count(conds, "belirsiz")} belirsiz, ${count(conds, "yanitlanmadi")} yanıtlanmadı` +
        (count(conds, "uygulanmaz") ? `, ${count(conds, "uygulanmaz")} bu durumda aranmıyor.` : "."));
    }
    if (lines.length) {
      const asked = lines.filter((r) => r.talep !== null && r.talep !== undefined);
      parts.push(`Bütçe kalemleri: ${asked.length} kalemde talep var; ${count(lines, "karsilaniyor")} sınırın içinde, ` +
        `${count(lines, "karsilanmiyor")} sınırı aşıyor ya da desteklenmiyor, ${count(lines, "belirsiz")} okumaya göre değişiyor.`);
    }
    return [result.karar.cumle, ...parts];
  }

  function announce(result) {
    summaryEl.textContent = "";
    summaryEl.dataset.karar = result.karar.durum;
    const lines = summaryText(result);
    const head = document.createElement("p");
    head.className = "kb-rules-summary__verdict";
    head.textContent = lines[0];
    summaryEl.append(head);
    const missing = result.karar.eksik_sorular.filter((q) => questions.has(q));
    if (missing.length) {
      const p = document.createElement("p");
      // nothing to check yet: the list is what one could ask for, not what is missing
      p.append(result.karar.cumle.startsWith("Henüz") ? "Sonuç için şunlardan birini yanıtlayın: " : "Yanıtlanması gereken: ");
      missing.forEach((qid, i) => {
        const a = document.createElement("a");
        a.href = `#soru-${qid}`;
        a.textContent = questions.get(qid).etiket;
        p.append(a);
        if (i < missing.length - 1) p.append("; ");
      });
      summaryEl.append(p);
    }
    for (const line of lines.slice(1)) {
      const p = document.createElement("p");
      p.textContent = line;
      summaryEl.append(p);
    }
  }

  function update(showSummary) {
    const { answers, errors } = collect();
    if (showSummary && !errors.length && Object.values(answers).every((v) => v === null)) {
      // "Sonucu göster" with nothing answered: say what to do, as an error summary
      const first = rs.sorular[0];
      const target = form.querySelector(`[name="${first.id}"]`);
      errors.push({ input: target, question: { etiket: "Hiçbir soru yanıtlanmadı" },
        message: "sonuç için en az bir soruyu yanıtlayın" });
    }
    if (showSummary) showErrorSummary(errors);
    else if (!errors.length) showErrorSummary([]);
    // as on the forms: while a message is shown under a field the title says so (a screen
    // reader user hears it on returning to the tab), with or without the summary
    document.title = errors.length ? `Hata: ${baseTitle}` : baseTitle;
    const result = evaluate(rs, answers);
    render(result, answers);
    announce(result);
    return errors;
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const errors = update(true);
    // the result of the user's action: take them there (the summary is also a live region);
    // with errors, the error summary has taken the focus
    if (!errors.length) summaryEl.focus();
  });
  form.addEventListener("change", () => update(false));
  form.addEventListener("reset", () => {
    // the form clears its fields after this event: evaluate on the next turn
    setTimeout(() => {
      for (const input of form.querySelectorAll("input[type=text]")) showFieldError(input, "");
      showErrorSummary([]);
      update(false);
    }, 0);
  });
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", () => window.print());
  }
  form.dataset.ready = "true";
}
