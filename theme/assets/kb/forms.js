// Fillable forms: behaviour of the pages under formlar/ (templates/form.md.j2).
//
// The data never leaves the browser: nothing is sent, nothing is stored unless the user
// downloads it. No inline script, no eval (the site's Content-Security-Policy forbids
// both); the schema and the message catalogue are JSON data blocks in the page.
//
// GOV.UK Design System patterns: validation on submit only; an error summary at the top
// (components/error-summary/: role=alert, takes focus, links to each field, a click scrolls
// the label or legend into view, the page title starts with "Hata: " while it is shown);
// an inline message with a visually hidden "Hata:" under each label; "(isteğe bağlı)" on
// optional fields. "Verileri indir" always saves (a form with problems as a draft, their
// number in the status line); loading a draft of this form fills it and lists its problems;
// a file of another form is refused naming that form (kb/commands/validate.py alike).
//
// The body of init() is in theme/assets/kb/parts/forms/ (each `// @part` line below is
// replaced by that file at build time, kb/site/assets.py).
//
// Rules seam (for the "Rules as data" work, kb/rules/): after every change the <form>
// fires `kb-form:degisti` and after every submit `kb-form:denetlendi`, both with
// detail {form, data, errors}. A rules script may listen, evaluate its rule sets on
// `data`, write verdicts into <section data-kb-kural-alani="FORM_ID"> (its
// [data-kb-kural-sonuclari] element) and remove the section's `hidden` attribute.

import {
  DataError, amountProblem, amountQuestion, fileMessage, makeValidator, parseAmount, parseDate, readData, showAmount, showDate, validateWith,
} from './forms-core.js';

// @component error-summary — errorSummary(element): show(title, lead, entries), clear()

const form = document.querySelector('form[data-kbf-form]');
if (form) init(form);

function init(form) {
  const formId = form.dataset.kbfForm;
  const schema = JSON.parse(document.getElementById('kbf-sema').textContent);
  const catalogue = JSON.parse(document.getElementById('kbf-katalog').textContent);
  const validator = makeValidator(schema);
  const summary = errorSummary(document.getElementById('kbf-hata-ozeti'));
  const check = document.getElementById('kbf-kontrol');
  const status = document.querySelector('[data-kbf-durum]');
  const printArea = document.querySelector('[data-kbf-baski]');
  const baseTitle = document.title;
  const order = catalogue.sira || [];

  // @part forms/fields.js — reading the form, conditions, table rows, filling, totals

  // @part forms/errors.js — field errors and what the error summary lists

  // @part forms/answers.js — check your answers, print

  // @part forms/events.js — change, submit, download, print, clear, upload

  // @part forms/budget-rules.js — the rules region of the budget forms

  updateConditions();
  updateTotals();
  form.dataset.kbfHazir = 'evet';
}

// The answers of a rule set from form data by a `kurallar:` mapping; the same steps as
// kb/forms/ mapped_answers (tests/forms/test_forms_rules.py checks they agree): a table sum
// (rows in order, listed columns in order, rows meeting `satir_kosulu`; left out when no
// number was found), a field's value (left out when empty) or a constant.
export function ruleAnswers(mapping, data) {
  const at = (path) => {
    const [sec, fid] = path.split('/');
    const obj = data && typeof data === 'object' ? data[sec] : undefined;
    return obj && typeof obj === 'object' && !Array.isArray(obj) ? obj[fid] : undefined;
  };
  const out = {};
  for (const [key, spec] of Object.entries(mapping.yanitlar)) {
    if ('sabit' in spec) {
      out[key] = spec.sabit;
    } else if ('alan' in spec) {
      const v = at(spec.alan);
      if (v !== undefined && v !== null && v !== '') out[key] = v;
    } else {
      const rows = at(spec.tablo);
      const rc = spec.satir_kosulu;
      let total = 0;
      let found = false;
      for (const row of Array.isArray(rows) ? rows : []) {
        if (!row || typeof row !== 'object' || Array.isArray(row)) continue;
        if (rc && !rc.deger.includes(row[rc.sutun])) continue;
        for (const col of spec.topla || []) {
          const v = row[col];
          if (typeof v === 'number' && Number.isFinite(v)) {
            total += v;
            found = true;
          }
        }
      }
      if (found) out[key] = total;
    }
  }
  return out;
}
