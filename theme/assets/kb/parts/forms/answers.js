/** @fragment “Check your answers” and the printed copy of the answers.
    Part of theme/assets/kb/forms.js: put in place of `// @part forms/answers.js` inside
    init(form) by kb/site/assets.py, so it shares that function's variables
    (form, check, printArea, baseTitle, schema …). Not served on its own. */

// ------------------------------------------------------------ check your answers, print
function labelText(el) {
  if (!el) return '';
  const copy = el.cloneNode(true);
  for (const x of copy.querySelectorAll('.kbf-optional, .kbf-vh, .headerlink')) x.remove();
  return copy.textContent.replace(/\s+/g, ' ').trim();
}

function fieldLabel(w) {
  const legend = w.querySelector(':scope > fieldset > legend');
  if (legend) return labelText(legend);
  if (w.dataset.kbfTur === 'tablo') return labelText(w.querySelector('.kbf-table__title'));
  const input = w.querySelector('input, textarea');
  return labelText(document.querySelector(`label[for="${input.id}"]`));
}

function shownValue(w, value) {
  const kind = w.dataset.kbfTur;
  if (value === undefined) return '';
  const optionLabel = (v) => {
    const c = [...w.querySelectorAll('input')].find((x) => x.value === String(v));
    return c ? labelText(document.querySelector(`label[for="${c.id}"]`)) : String(v);
  };
  if (kind === 'secim' || kind === 'evet_hayir') return optionLabel(value);
  if (kind === 'coklu_secim') return value.map(optionLabel).join('; ');
  if (kind === 'onay' || kind === 'isaret') return 'Evet';
  if (kind === 'tarih') return showDate(value);
  if (kind === 'tutar') return typeof value === 'number' ? `${showAmount(value)} TL` : String(value);
  return String(value);
}

function answerRows(withBlanks) {
  const groups = [];
  for (const section of form.querySelectorAll('[data-kbf-bolum]')) {
    if (section.hidden) continue;
    const rows = [];
    for (const w of fieldsIn(section)) {
      if (isHidden(w)) continue;
      if (w.dataset.kbfTur === 'tablo') {
        const tableRows = [...w.querySelectorAll(':scope > [data-kbf-satirlar] > [data-kbf-satir]')];
        const lines = tableRows.map((row, i) => {
          const parts = fieldsIn(row).filter((cell) => !isHidden(cell)).map((cell) => {
            const v = readField(cell);
            return v === undefined ? null : `${fieldLabel(cell)}: ${shownValue(cell, v)}`;
          }).filter(Boolean);
          return `${i + 1}. ${parts.join(' — ')}`;
        });
        rows.push({ label: fieldLabel(w), lines, id: w.id });
        continue;
      }
      let value = shownValue(w, readField(w));
      if (!value && !withBlanks) continue;
      if (!value && ['secim', 'evet_hayir', 'coklu_secim', 'onay', 'isaret'].includes(w.dataset.kbfTur)) {
        // on paper: the options as boxes to tick by hand
        const labels = [...w.querySelectorAll('input')].filter((c) => c.closest('.kbf-field') === w)
          .map((c) => labelText(document.querySelector(`label[for="${c.id}"]`)));
        value = ['onay', 'isaret'].includes(w.dataset.kbfTur) ? '☐' : labels.map((l) => `☐ ${l}`).join('   ');
      }
      const input = w.querySelector('input, textarea');
      rows.push({ label: fieldLabel(w), lines: value ? [value] : [], id: input ? input.id : '' });
    }
    const title = section.querySelector('.kbf-section__title').textContent;
    groups.push({ title, rows });
  }
  return groups;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function renderAnswers(target, withLinks, withBlanks) {
  target.replaceChildren();
  for (const g of answerRows(withBlanks)) {
    if (!g.rows.length) continue;
    target.appendChild(el(withLinks ? 'h3' : 'h2', 'kbf-answers__title', g.title));
    const dl = el('dl', 'kbf-answers');
    for (const r of g.rows) {
      const row = el('div', 'kbf-answers__row');
      row.appendChild(el('dt', 'kbf-answers__key', r.label));
      const dd = el('dd', 'kbf-answers__value');
      if (r.lines.length) {
        for (const line of r.lines) dd.appendChild(el('p', '', line));
      } else {
        dd.appendChild(el('span', 'kbf-blank', ' '));
        dd.classList.add('kbf-answers__value--blank');
      }
      row.appendChild(dd);
      if (withLinks && r.id) {
        const act = el('dd', 'kbf-answers__action');
        const a = el('a', '', 'Değiştir');
        a.href = '#' + r.id;
        a.appendChild(el('span', 'kbf-vh', ' ' + r.label));
        act.appendChild(a);
        row.appendChild(act);
      }
      dl.appendChild(row);
    }
    target.appendChild(dl);
  }
}

check.addEventListener('click', (event) => {
  const a = event.target.closest('a[href^="#f-"], a[href^="#"]');
  if (!a) return;
  const target = document.getElementById(a.getAttribute('href').slice(1));
  if (!target) return;
  event.preventDefault();
  errorSummaryReveal(target); // the field and its label in view, as the error summary's links
  target.focus({ preventScroll: true });
});

function buildPrint() {
  printArea.replaceChildren();
  const h = el('h1', 'kbf-print__title', labelText(document.querySelector('.md-content h1')) || baseTitle);
  printArea.appendChild(h);
  const note = document.querySelector('.kbf-not p');
  if (note) printArea.appendChild(el('p', 'kbf-print__note', note.textContent));
  const answers = el('div', 'kbf-print__answers');
  renderAnswers(answers, false, true);
  printArea.appendChild(answers);
  const sums = form.querySelector('.kbf-totals');
  if (sums) printArea.appendChild(sums.querySelector('table').cloneNode(true));
  const sig = el('div', 'kbf-print__signature');
  for (const cap of (printArea.dataset.imza || 'Adı ve soyadı|Tarih|İmza').split('|')) {
    const line = el('div', 'kbf-print__sigline');
    line.appendChild(el('span', 'kbf-print__sigrule', ' '));
    line.appendChild(el('span', 'kbf-print__sigcap', cap));
    sig.appendChild(line);
  }
  printArea.appendChild(sig);
  printArea.appendChild(el('p', 'kbf-print__foot',
    `Bu çıktı “${baseTitle.split(' - ')[0]}” yardımcı formundan alınmıştır; resmî bir form değildir. `
    + `Veri şeması: ${schema.$id}`));
  printArea.hidden = false;
}
