// "Uygun muyum?" and "Bütçe hesaplama" pages: read the answers from the form, evaluate
// them with rules-engine.js (the same engine as `generator.py evaluate`), show every
// verdict and amount. Nothing is sent or stored; the form never submits (CSP form-action
// 'none'), results are announced politely through the summary's live region. Answers that
// are not numbers are listed in the error summary the forms have (components/error-summary/).
import { amountText, evaluate, readingLines, statusLabel } from "./rules-engine.js";

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

  // @component amount-input — parseNumber: a Turkish number, or the message why not

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

  function collect() {
    const answers = {};
    const errors = [];
    for (const q of rs.sorular) {
      if (q.tip === "evet_hayir" || q.tip === "secim") {
        const checked = form.querySelector(`input[name="${q.id}"]:checked`);
        answers[q.id] = checked ? (q.tip === "evet_hayir" ? checked.value === "true" : checked.value) : null;
      } else {
        const input = form.elements.namedItem(q.id);
        const parsed = parseNumber(input.value, input.dataset.type === "integer");
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

  function render(result) {
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

  function summaryText(result) {
    const conds = result.sonuclar.filter((r) => r.tur === "kosul");
    const lines = result.sonuclar.filter((r) => r.tur === "kalem" || r.tur === "desteklenmez");
    const count = (xs, s) => xs.filter((r) => r.durum === s).length;
    const title = (id) => rules.get(id).baslik;
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
    const notMet = result.sonuclar.filter((r) => r.durum === "karsilanmiyor").map((r) => title(r.id));
    const unclear = result.sonuclar.filter((r) => r.durum === "belirsiz").map((r) => title(r.id));
    // Never "all met" while a condition is unanswered: what fails comes first, then what
    // depends on the reading, then what is still unanswered.
    const unanswered = count(conds, "yanitlanmadi");
    const requested = lines.some((r) => r.talep !== null && r.talep !== undefined);
    let head;
    if (notMet.length) {
      head = `Karşılanmayan: ${notMet.join("; ")}.`;
    } else if (unclear.length) {
      head = `Rehberin okunuşuna göre değişen: ${unclear.join("; ")}.`;
    } else if (unanswered) {
      head = `Sonuç için ${unanswered} soru daha yanıtlanmalı.`;
    } else if (conds.length) {
      head = "Bütün şartlar karşılanıyor.";
    } else if (requested) {
      head = "Talep ettiğiniz bütün tutarlar sınırın içinde.";
    } else {
      head = "Henüz talep edilen bir tutar yok.";
    }
    return [head, ...parts];
  }

  function announce(result) {
    summaryEl.textContent = "";
    for (const line of summaryText(result)) {
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
    const result = evaluate(rs, answers);
    render(result);
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
