/** @fragment Validation errors: the inline messages under the fields and the content of the error summary.
    Part of theme/assets/kb/forms.js: put in place of `// @part forms/errors.js` inside
    init(form) by kb/site/assets.py, so it shares that function's variables
    (form, summary, order). Not served on its own. */

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
  summary.clear();
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

// "45,000" in an amount field: the amount reader's question (45.000 TL mi?) instead of the
// generic type message, with the field's label kept in front (components/amount-input)
function askAboutAmount(e) {
  if (e.keyword !== 'type' || !e.target || e.target.tagName !== 'INPUT') return e;
  if (e.target.closest('.kbf-field')?.dataset.kbfTur !== 'tutar') return e;
  const question = amountQuestion(e.target.value);
  if (!question) return e;
  const label = /^“[^”]*”/.exec(e.message);
  return { ...e, message: label ? `${label[0]}: ${question}` : question };
}

// options.lead: the summary's first line; options.focus: false to leave the focus where it is
function showErrors(errors, options = {}) {
  clearErrors();
  const shown = firstPerField(errors).map((e) => askAboutAmount({ ...e, target: targetFor(e.pointer) }));
  shown.sort((a, b) => (a.target === b.target ? 0
    : a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const inlineDone = new Set();
  for (const e of shown) {
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
      || anchor.querySelector(':scope > legend, :scope > label, :scope > .kbf-table__title');
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
  summary.show('Sorun var', options.lead || 'Formu tamamlamak için şunları düzeltin:', shown.map((e) => ({
    id: e.target.id || 'kbf-form', text: e.message, data: { pointer: e.pointer, keyword: e.keyword },
  })), { focus: options.focus });
}

function showFileErrors(lead, errors) {
  clearErrors();
  summary.show('Dosya yüklenemedi', lead, errors.map((e) => {
    if (e.pointer === undefined) return { text: e.message };
    const code = document.createElement('code');
    code.textContent = e.pointer || '(kök)';
    return { text: [code, ': ', e.message], data: { pointer: e.pointer, keyword: e.keyword } };
  }));
}
