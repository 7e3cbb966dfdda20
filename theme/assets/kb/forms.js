// Fillable forms: behaviour of the pages under formlar/ (templates/form.md.j2).
//
// The data never leaves the browser: nothing is sent, nothing is stored unless the user
// downloads it. No inline script, no eval (the site's Content-Security-Policy forbids
// both); the schema and the message catalogue are JSON data blocks in the page.
//
// GOV.UK Design System patterns: validation on submit only; an error summary at the top
// (role=alert, takes focus, links to each field, a click scrolls the label or legend into
// view); an inline message with a visually hidden "Hata:" under each label; the page
// title starts with "Hata: " while errors are shown; "(isteğe bağlı)" on optional fields.
//
// Rules seam (for the "Rules as data" work, kb/rules.py): after every change the <form>
// fires `kb-form:degisti` and after every submit `kb-form:denetlendi`, both with
// detail {form, data, errors}. A rules script may listen, evaluate its rule sets on
// `data`, write verdicts into <section data-kb-kural-alani="FORM_ID"> (its
// [data-kb-kural-sonuclari] element) and remove the section's `hidden` attribute.

import {
  DataError, fileMessage, makeValidator, parseAmount, parseDate, readData, showAmount, showDate, validateWith,
} from './forms-core.js';

const form = document.querySelector('form[data-kbf-form]');
if (form) init(form);

function init(form) {
  const formId = form.dataset.kbfForm;
  const schema = JSON.parse(document.getElementById('kbf-sema').textContent);
  const catalogue = JSON.parse(document.getElementById('kbf-katalog').textContent);
  const validator = makeValidator(schema);
  const summary = document.getElementById('kbf-hata-ozeti');
  const check = document.getElementById('kbf-kontrol');
  const status = document.querySelector('[data-kbf-durum]');
  const printArea = document.querySelector('[data-kbf-baski]');
  const baseTitle = document.title;
  const order = catalogue.sira || [];

  // ------------------------------------------------------------ reading the form
  const isHidden = (el) => Boolean(el.closest('[hidden]'));
  // the fields of a section or of a table row (not those of the rows inside a table)
  const fieldsIn = (scope) => [...scope.querySelectorAll('.kbf-field[data-kbf-ad]')]
    .filter((w) => w.parentElement.closest('[data-kbf-satir], [data-kbf-bolum]') === scope);
  const keyOf = (w) => w.dataset.kbfAd.split('/').pop();

  function readField(w) {
    const kind = w.dataset.kbfTur;
    const controls = [...w.querySelectorAll('input, textarea')].filter((c) => c.closest('.kbf-field') === w);
    if (kind === 'tablo') {
      return [...w.querySelectorAll(':scope > [data-kbf-satirlar] > [data-kbf-satir]')].map((row) => {
        const obj = {};
        for (const cell of fieldsIn(row)) {
          const v = readField(cell);
          if (v !== undefined) obj[keyOf(cell)] = v;
        }
        return obj;
      });
    }
    if (kind === 'secim') return controls.find((c) => c.checked)?.value;
    if (kind === 'evet_hayir') {
      const c = controls.find((x) => x.checked);
      return c ? c.value === 'true' : undefined;
    }
    if (kind === 'coklu_secim') {
      const values = controls.filter((c) => c.checked).map((c) => c.value);
      return values.length ? values : undefined;
    }
    if (kind === 'onay' || kind === 'isaret') return controls[0].checked ? true : undefined;
    const text = controls[0].value.trim();
    if (!text) return undefined;
    if (kind === 'tckn') return text.replace(/\s+/g, '');
    if (kind === 'tarih') return parseDate(text);
    if (kind === 'tutar') return parseAmount(text);
    return text;
  }

  function collect() {
    const data = { form: formId };
    for (const section of form.querySelectorAll('[data-kbf-bolum]')) {
      if (section.hidden) continue;
      const obj = {};
      for (const w of fieldsIn(section)) {
        if (isHidden(w)) continue;
        const v = readField(w);
        if (v !== undefined) obj[keyOf(w)] = v;
      }
      data[section.dataset.kbfBolum] = obj;
    }
    return data;
  }

  // ------------------------------------------------------------ conditions
  function currentValue(name) {
    const w = form.querySelector(`.kbf-field[data-kbf-ad="${name}"]`);
    if (!w || isHidden(w)) return undefined;
    return readField(w);
  }

  function updateConditions() {
    for (let pass = 0; pass < 2; pass++) {
      for (const el of form.querySelectorAll('[data-kbf-kosul]')) {
        const cond = JSON.parse(el.dataset.kbfKosul);
        const value = currentValue(cond.alan);
        el.hidden = !cond.deger.some((d) => d === value);
      }
    }
  }

  // ------------------------------------------------------------ table rows
  function addRow(table, values) {
    const tpl = table.querySelector(':scope > template[data-kbf-sablon]');
    const rows = table.querySelector(':scope > [data-kbf-satirlar]');
    const index = rows.children.length;
    const frag = tpl.content.cloneNode(true);
    const replace = (s) => s.split('__i__').join(String(index)).split('__n__').join(String(index + 1));
    const walker = document.createTreeWalker(frag, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (node.nodeValue.includes('__')) node.nodeValue = replace(node.nodeValue);
      } else {
        for (const attr of [...node.attributes]) {
          if (attr.value.includes('__')) node.setAttribute(attr.name, replace(attr.value));
        }
      }
    }
    const row = frag.firstElementChild;
    rows.appendChild(frag);
    if (values) fillScope(row, values);
    table.querySelector(':scope > [data-kbf-bos]').hidden = rows.children.length > 0;
    return row;
  }

  function rebuildRows(table, list) {
    const rows = table.querySelector(':scope > [data-kbf-satirlar]');
    rows.replaceChildren();
    for (const values of list) addRow(table, values);
    table.querySelector(':scope > [data-kbf-bos]').hidden = rows.children.length > 0;
  }

  // ------------------------------------------------------------ filling the form
  function setField(w, value) {
    const kind = w.dataset.kbfTur;
    const controls = [...w.querySelectorAll('input, textarea')].filter((c) => c.closest('.kbf-field') === w);
    if (kind === 'tablo') { rebuildRows(w, Array.isArray(value) ? value : []); return; }
    if (kind === 'secim' || kind === 'evet_hayir') {
      for (const c of controls) c.checked = value !== undefined && c.value === String(value);
    } else if (kind === 'coklu_secim') {
      for (const c of controls) c.checked = Array.isArray(value) && value.includes(c.value);
    } else if (kind === 'onay' || kind === 'isaret') {
      controls[0].checked = value === true;
    } else if (kind === 'tarih') {
      controls[0].value = value === undefined ? '' : showDate(value);
    } else if (kind === 'tutar') {
      controls[0].value = value === undefined ? '' : showAmount(value);
    } else {
      controls[0].value = value === undefined ? '' : String(value);
    }
  }

  function fillScope(scope, obj) {
    for (const w of fieldsIn(scope)) setField(w, obj ? obj[keyOf(w)] : undefined);
  }

  function fill(data) {
    for (const section of form.querySelectorAll('[data-kbf-bolum]')) {
      fillScope(section, data[section.dataset.kbfBolum] || {});
    }
    updateConditions();
    updateTotals();
  }

  // ------------------------------------------------------------ totals (budget forms)
  function updateTotals() {
    const body = form.querySelector('[data-kbf-toplamlar]');
    const grand = { kendi_katki: 0, talep_edilen: 0 };
    for (const table of form.querySelectorAll('.kbf-table')) {
      const sums = { kendi_katki: 0, talep_edilen: 0 };
      for (const row of readField(table)) {
        for (const k of Object.keys(sums)) if (typeof row[k] === 'number') sums[k] += row[k];
      }
      const total = sums.kendi_katki + sums.talep_edilen;
      const line = table.querySelector(':scope > [data-kbf-toplam]');
      line.hidden = table.querySelector(':scope > [data-kbf-satirlar]').children.length === 0;
      line.textContent = `Bu tablonun toplamı: kendi katkınız ${showAmount(round(sums.kendi_katki))} TL, `
        + `talep edilen ${showAmount(round(sums.talep_edilen))} TL, toplam ${showAmount(round(total))} TL.`;
      if (body) {
        const tr = body.querySelector(`[data-kbf-toplam-satir="${table.dataset.kbfAd}"]`);
        if (tr) setRow(tr, sums);
      }
      grand.kendi_katki += sums.kendi_katki;
      grand.talep_edilen += sums.talep_edilen;
    }
    if (body) setRow(body.querySelector('[data-kbf-toplam-satir="*"]'), grand);
  }

  function round(x) {
    return Math.round(x * 100) / 100;
  }

  function setRow(tr, sums) {
    tr.querySelector('[data-sutun="kendi_katki"]').textContent = showAmount(round(sums.kendi_katki));
    tr.querySelector('[data-sutun="talep_edilen"]').textContent = showAmount(round(sums.talep_edilen));
    tr.querySelector('[data-sutun="toplam"]').textContent = showAmount(round(sums.kendi_katki + sums.talep_edilen));
  }

  // ------------------------------------------------------------ errors
  const idFor = (pointer) => 'f-' + pointer.slice(1).split('/').join('-');

  function targetFor(pointer) {
    const exact = document.getElementById(idFor(pointer));
    if (exact) return exact;
    // a missing section, or a pointer the page has no field for: the nearest visible container
    const segs = pointer.split('/').slice(1);
    const section = segs.length ? document.getElementById(`bolum-${segs[0]}`) : null;
    if (section && !section.hidden) {
      return section.querySelector('input, textarea, button') || section;
    }
    return form;
  }

  function clearErrors() {
    for (const el of form.querySelectorAll('.kbf-error-message')) el.remove();
    for (const el of form.querySelectorAll('.kbf-field--error')) el.classList.remove('kbf-field--error');
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const el of form.querySelectorAll('[data-kbf-describedby]')) {
      const before = el.dataset.kbfDescribedby;
      if (before) el.setAttribute('aria-describedby', before); else el.removeAttribute('aria-describedby');
      delete el.dataset.kbfDescribedby;
    }
    summary.hidden = true;
    summary.querySelector('[data-kbf-ozet-liste]').replaceChildren();
    document.title = baseTitle;
  }

  function describe(el, id) {
    if (el.dataset.kbfDescribedby === undefined) el.dataset.kbfDescribedby = el.getAttribute('aria-describedby') || '';
    const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (!ids.includes(id)) ids.push(id);
    el.setAttribute('aria-describedby', ids.join(' '));
  }

  function firstPerField(errors) {
    const rank = (k) => (order.indexOf(k) === -1 ? 99 : order.indexOf(k));
    const best = new Map();
    for (const e of errors) {
      const old = best.get(e.pointer);
      if (!old || rank(e.keyword) < rank(old.keyword)) best.set(e.pointer, e);
    }
    return [...best.values()];
  }

  function showErrors(errors) {
    clearErrors();
    const shown = firstPerField(errors).map((e) => ({ ...e, target: targetFor(e.pointer) }));
    shown.sort((a, b) => (a.target === b.target ? 0
      : a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const list = summary.querySelector('[data-kbf-ozet-liste]');
    summary.querySelector('#kbf-hata-ozeti-baslik').textContent = 'Sorun var';
    summary.querySelector('[data-kbf-ozet-giris]').textContent = 'Formu tamamlamak için şunları düzeltin:';
    const inlineDone = new Set();
    for (const e of shown) {
      const li = document.createElement('li');
      li.dataset.pointer = e.pointer;
      li.dataset.keyword = e.keyword;
      const a = document.createElement('a');
      a.href = '#' + (e.target.id || 'kbf-form');
      a.textContent = e.message;
      li.appendChild(a);
      list.appendChild(li);
      const wrapper = e.target.closest('.kbf-field');
      if (!wrapper || inlineDone.has(wrapper)) continue;
      inlineDone.add(wrapper);
      wrapper.classList.add('kbf-field--error');
      const msg = document.createElement('p');
      msg.className = 'kbf-error-message';
      msg.id = `${e.target.id}-hata`;
      const hidden = document.createElement('span');
      hidden.className = 'kbf-vh';
      hidden.textContent = 'Hata: ';
      msg.append(hidden, e.message);
      const fieldset = wrapper.querySelector(':scope > fieldset');
      const anchor = fieldset || wrapper;
      const after = anchor.querySelector(':scope > .kbf-hint')
        || anchor.querySelector(':scope > legend, :scope > label, :scope > h3');
      if (after) after.after(msg); else anchor.prepend(msg);
      if (fieldset) {
        describe(fieldset, msg.id);
      } else if (wrapper.dataset.kbfTur === 'tablo') {
        describe(wrapper, msg.id);
      }
      for (const c of wrapper.querySelectorAll('input, textarea')) {
        if (c.closest('.kbf-field') !== wrapper) continue;
        c.setAttribute('aria-invalid', 'true');
        if (!fieldset) describe(c, msg.id);
      }
    }
    document.title = 'Hata: ' + baseTitle;
    summary.hidden = false;
    summary.focus();
  }

  function showFileErrors(lead, errors) {
    clearErrors();
    summary.querySelector('#kbf-hata-ozeti-baslik').textContent = 'Dosya yüklenemedi';
    summary.querySelector('[data-kbf-ozet-giris]').textContent = lead;
    const list = summary.querySelector('[data-kbf-ozet-liste]');
    for (const e of errors) {
      const li = document.createElement('li');
      if (e.pointer !== undefined) {
        li.dataset.pointer = e.pointer;
        li.dataset.keyword = e.keyword;
        const code = document.createElement('code');
        code.textContent = e.pointer || '(kök)';
        li.append(code, ': ', e.message);
      } else {
        li.textContent = e.message;
      }
      list.appendChild(li);
    }
    document.title = 'Hata: ' + baseTitle;
    summary.hidden = false;
    summary.focus();
  }

  summary.addEventListener('click', (event) => {
    const a = event.target.closest('a[href^="#"]');
    if (!a) return;
    const target = document.getElementById(a.getAttribute('href').slice(1));
    if (!target) return;
    event.preventDefault();
    const legend = target.closest('fieldset')?.querySelector(':scope > legend');
    const label = document.querySelector(`label[for="${target.id}"]`);
    const heading = target.matches('.kbf-table') ? target.querySelector('h3') : null;
    (legend || heading || label || target).scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  });

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
    if (w.dataset.kbfTur === 'tablo') return labelText(w.querySelector('h3'));
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
      const title = section.querySelector('h2').textContent;
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
    const label = target.closest('fieldset')?.querySelector(':scope > legend')
      || document.querySelector(`label[for="${target.id}"]`);
    (label || target).scrollIntoView({ block: 'start' });
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

  // ------------------------------------------------------------ events
  let pending = 0;
  function changed() {
    updateConditions();
    updateTotals();
    window.clearTimeout(pending);
    pending = window.setTimeout(() => {
      const data = collect();
      const errors = validateWith(schema, catalogue, data, validator);
      form.dispatchEvent(new CustomEvent('kb-form:degisti', { detail: { form: formId, data, errors } }));
    }, 150);
  }
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);

  form.addEventListener('click', (event) => {
    const add = event.target.closest('[data-kbf-ekle]');
    if (add) {
      const table = add.closest('.kbf-table');
      const row = addRow(table);
      changed();
      row.querySelector('input, textarea').focus();
      say(`${row.querySelector('legend').textContent} eklendi.`);
      return;
    }
    const remove = event.target.closest('[data-kbf-sil]');
    if (remove) {
      const table = remove.closest('.kbf-table');
      const row = remove.closest('[data-kbf-satir]');
      const legend = row.querySelector('legend').textContent;
      const rows = readField(table);
      const index = [...row.parentElement.children].indexOf(row);
      rows.splice(index, 1);
      rebuildRows(table, rows);
      changed();
      const remaining = table.querySelectorAll(':scope > [data-kbf-satirlar] > [data-kbf-satir]');
      const next = remaining[Math.min(index, remaining.length - 1)];
      (next ? next.querySelector('input, textarea') : table.querySelector('[data-kbf-ekle]')).focus();
      say(`${legend} kaldırıldı.`);
    }
  });

  function validateAndShow() {
    const data = collect();
    const errors = validateWith(schema, catalogue, data, validator);
    if (errors.length) showErrors(errors); else clearErrors();
    return { data, errors };
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { data, errors } = validateAndShow();
    form.dispatchEvent(new CustomEvent('kb-form:denetlendi', { detail: { form: formId, data, errors } }));
    if (errors.length) {
      check.hidden = true;
      return;
    }
    renderAnswers(check.querySelector('[data-kbf-ozet]'), true, false);
    check.hidden = false;
    check.querySelector('h2').focus();
  });

  function say(text) {
    status.textContent = '';
    window.setTimeout(() => { status.textContent = text; }, 50);
  }

  document.querySelector('[data-kbf-indir]').addEventListener('click', () => {
    const { data, errors } = validateAndShow();
    if (errors.length) {
      check.hidden = true;
      say('Veriler indirilmedi: önce formdaki hataları düzeltin.');
      return;
    }
    const blob = new Blob([JSON.stringify(data, null, 2) + '\n'], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${formId}.json`;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(`Veriler “${formId}.json” adıyla indirildi. Dosya yalnızca sizin bilgisayarınızda.`);
  });

  document.querySelector('[data-kbf-yazdir]').addEventListener('click', () => {
    buildPrint();
    window.print();
  });
  window.addEventListener('beforeprint', buildPrint);

  document.querySelector('[data-kbf-temizle]').addEventListener('click', () => {
    if (!window.confirm('Formdaki bütün yanıtlar silinsin mi? Bu geri alınamaz.')) return;
    form.reset();
    for (const table of form.querySelectorAll('.kbf-table')) rebuildRows(table, []);
    clearErrors();
    check.hidden = true;
    updateConditions();
    updateTotals();
    say('Form temizlendi.');
  });

  const fileInput = document.getElementById('kbf-dosya');
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files[0];
    if (!file) return;
    let data;
    try {
      const limit = catalogue.sinirlar.bayt;
      if (file.size > limit) throw new DataError('buyuk', { boyut: file.size, sinir: limit });
      data = readData(new Uint8Array(await file.arrayBuffer()), catalogue);
    } catch (e) {
      fileInput.value = '';
      if (!(e instanceof DataError)) throw e;
      showFileErrors(`“${file.name}” kullanılamıyor:`, [{ message: fileMessage(catalogue, e.code, e.values) }]);
      return;
    }
    fileInput.value = '';
    const errors = validateWith(schema, catalogue, data, validator);
    if (errors.length) {
      showFileErrors(`“${file.name}” bu formun geçerli bir verisi değil; form değiştirilmedi. Dosyadaki hatalar:`, errors);
      return;
    }
    clearErrors();
    check.hidden = true;
    fill(data);
    changed();
    say(`“${file.name}” yüklendi; form dosyadaki verilerle dolduruldu.`);
  });

  // ------------------------------------------------------------ rules (budget forms)
  // A form with a `kurallar:` mapping (forms/<id>.yaml, copied into the catalogue) shows
  // its rule set's verdicts in the rules region after every change and every submit. The
  // rule scripts are loaded only for such forms; the region is never focused (aria-live).
  if (catalogue.kurallar) initRules(catalogue.kurallar);

  function initRules(mapping) {
    const section = document.querySelector(`[data-kb-kural-alani="${formId}"]`);
    const region = section && section.querySelector('[data-kb-kural-sonuclari]');
    if (!region) return;
    const siteRoot = new URL('../../', import.meta.url).href; // assets/kb/forms.js -> site root
    let loading = null;
    const load = () => (loading ||= import('./rules-widget.js')
      .then((widget) => widget.loadRuleset(siteRoot, mapping.kural_kumesi).then((rs) => ({ widget, rs }))));
    let latest = 0;
    let shownFor = null; // the answers the region shows verdicts for
    async function update(event) {
      const mine = ++latest;
      let loaded;
      try {
        loaded = await load();
      } catch (e) {
        loading = null;
        region.textContent = 'Kural denetimi yüklenemedi; sayfayı yenileyip yeniden deneyin.';
        section.hidden = false;
        return;
      }
      if (mine !== latest) return; // a newer change is being shown
      const answers = ruleAnswers(mapping, event.detail.data);
      // the same answers give the same verdicts: leave the region (and the focus in it, and
      // what a screen reader has announced) alone
      const key = JSON.stringify(answers);
      if (key === shownFor && region.dataset.kbKuralDurum && event.type !== 'kb-form:denetlendi') return;
      shownFor = key;
      // a link of the region that has the focus is replaced by its new copy: keep the focus there
      const links = () => Array.from(region.querySelectorAll('a'));
      const focusedAt = links().indexOf(document.activeElement);
      const result = loaded.widget.showVerdicts(region, loaded.rs, answers, siteRoot, { only: mapping.goster });
      const title = region.querySelector(':scope > h2'); // the section has its own heading
      if (title) title.remove();
      region.dataset.kbKuralDurum = result.basarisiz.filter((id) => !mapping.goster || mapping.goster.includes(id)).length ? 'sorunlu' : 'uygun';
      section.hidden = false;
      if (focusedAt >= 0) {
        const now = links();
        const target = now[Math.min(focusedAt, now.length - 1)];
        if (target) target.focus({ preventScroll: true });
      }
    }
    form.addEventListener('kb-form:degisti', update);
    form.addEventListener('kb-form:denetlendi', update);
    // shown from the start (with nothing written yet), so that the first change does not
    // reveal a whole section and move what follows it under the user's focus
    update({ detail: { data: collect() } });
  }

  updateConditions();
  updateTotals();
  form.dataset.kbfHazir = 'evet';
}

// The answers of a rule set from form data by a `kurallar:` mapping; the same steps as
// kb/forms.py mapped_answers (tests/test_forms_rules.py checks they agree): a table sum
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
