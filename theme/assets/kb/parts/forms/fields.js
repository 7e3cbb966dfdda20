/** @fragment Reading and filling the form: field values, conditions, table rows, totals.
    Part of theme/assets/kb/forms.js: put in place of `// @part forms/fields.js` inside
    init(form) by kb/site/assets.py, so it shares that function's variables
    (form, formId, schema). Not served on its own. */

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

// the guide period this page's form is for (the schema's `donem`; none for a form of the regulation)
const period = schema.properties.donem ? schema.properties.donem.const : undefined;

function collect() {
  const data = period ? { form: formId, donem: period } : { form: formId };
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
// An amount that cannot be read ("abc", "-5", "45,000") is never counted as 0: the table's
// line says which row and why, and the sums it is part of are shown as not computable.
const SUM_COLUMNS = ['kendi_katki', 'talep_edilen'];

function updateTotals() {
  const body = form.querySelector('[data-kbf-toplamlar]');
  const grand = { kendi_katki: 0, talep_edilen: 0, bad: new Set() };
  for (const table of form.querySelectorAll('.kbf-table')) {
    const sums = { kendi_katki: 0, talep_edilen: 0, bad: new Set() };
    const problems = [];
    const rows = [...table.querySelectorAll(':scope > [data-kbf-satirlar] > [data-kbf-satir]')];
    rows.forEach((row) => {
      for (const cell of fieldsIn(row)) {
        const k = keyOf(cell);
        if (!SUM_COLUMNS.includes(k) || isHidden(cell)) continue;
        const v = readField(cell);
        if (typeof v === 'number') {
          sums[k] += v;
        } else if (v !== undefined) {
          sums.bad.add(k);
          const legend = row.querySelector(':scope > legend');
          problems.push(`${labelText(legend)}, “${fieldLabel(cell)}”: ${amountProblem(String(v)) || 'tutar okunamadı.'}`);
        }
      }
    });
    const line = table.querySelector(':scope > [data-kbf-toplam]');
    line.hidden = rows.length === 0;
    line.classList.toggle('kbf-total--unknown', problems.length > 0);
    if (problems.length) {
      line.textContent = `Bu tablonun toplamı hesaplanamıyor; okunamayan tutar: ${problems.join(' ')} `
        + 'Düzeltince toplam yeniden gösterilir.';
    } else {
      const total = sums.kendi_katki + sums.talep_edilen;
      line.textContent = `Bu tablonun toplamı: kendi katkınız ${showAmount(round(sums.kendi_katki))} TL, `
        + `talep edilen ${showAmount(round(sums.talep_edilen))} TL, toplam ${showAmount(round(total))} TL.`;
    }
    if (body) {
      const tr = body.querySelector(`[data-kbf-toplam-satir="${table.dataset.kbfAd}"]`);
      if (tr) setRow(tr, sums);
    }
    for (const k of SUM_COLUMNS) grand[k] += sums[k];
    for (const k of sums.bad) grand.bad.add(k);
  }
  if (body) setRow(body.querySelector('[data-kbf-toplam-satir="*"]'), grand);
}

function round(x) {
  return Math.round(x * 100) / 100;
}

function setRow(tr, sums) {
  const put = (col, value, unknown) => {
    const td = tr.querySelector(`[data-sutun="${col}"]`);
    td.textContent = unknown ? 'hesaplanamıyor' : showAmount(round(value));
    td.classList.toggle('kbf-total--unknown', unknown);
  };
  put('kendi_katki', sums.kendi_katki, sums.bad.has('kendi_katki'));
  put('talep_edilen', sums.talep_edilen, sums.bad.has('talep_edilen'));
  put('toplam', sums.kendi_katki + sums.talep_edilen, sums.bad.size > 0);
}
