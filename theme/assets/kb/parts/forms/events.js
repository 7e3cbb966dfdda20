/** @fragment Events: changes, table rows added and removed, submit, download (a draft too), print, clear, upload.
    Part of theme/assets/kb/forms.js: put in place of `// @part forms/events.js` inside
    init(form) by kb/site/assets.py, so it shares that function's variables
    (form, formId, check, status, summary, schema, catalogue, validator …). Not served on its own. */

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
    // the rows after it moved up: a shown summary is made again, so that it links to no row
    // that is gone and to every row by its new number (the focus stays on the next row)
    let left = '';
    if (summary.shown) {
      const errors = validateWith(schema, catalogue, collect(), validator);
      if (errors.length) showErrors(errors, { focus: false }); else clearErrors();
      const n = errors.length ? firstPerField(errors).length : 0;
      left = n ? ` Hata özetinde ${n} sorun kaldı.` : ' Formda düzeltilecek sorun kalmadı.';
    }
    say(`${legend} kaldırıldı.${left}`);
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

// A draft is always saved: the data as it is now, with what is still wrong counted in the
// status line. `python generator.py validate FORM_ID FILE.json` lists every problem of it, and
// this page loads it back (below) to go on filling it.
document.querySelector('[data-kbf-indir]').addEventListener('click', () => {
  const data = collect();
  const errors = validateWith(schema, catalogue, data, validator);
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
  const n = errors.length ? firstPerField(errors).length : 0;
  form.dataset.kbfIndirilen = n ? 'taslak' : 'tam';
  say(n
    ? `Taslak olarak indirildi (“${formId}.json”): formda ${n} sorun var, form henüz tamamlanmadı. `
      + 'Dosyayı daha sonra bu sayfada yükleyip devam edebilirsiniz; sorunları görmek için “Formu denetle” düğmesine basın. '
      + 'Dosya yalnızca sizin bilgisayarınızda.'
    : `Veriler “${formId}.json” adıyla indirildi; form eksiksiz. Dosya yalnızca sizin bilgisayarınızda.`);
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
  const isObject = data && typeof data === 'object' && !Array.isArray(data);
  if (isObject && typeof data.form === 'string' && data.form !== formId) {
    // a file of another form: say which, not what this form would miss (kb/commands/validate.py says the same)
    showFileErrors(`“${file.name}” başka bir formun dosyası; bu sayfa “${catalogue.baslik}” formu içindir. Form değiştirilmedi.`,
      [{ message: otherFormMessage(data.form) }]);
    return;
  }
  if (period && isObject && data.form === formId && typeof data.donem === 'string' && data.donem !== period) {
    // another period's edition of this form: its caps and passages are not this page's
    const other = [...document.querySelectorAll('.kb-period-choice a')].find((a) => a.textContent.startsWith(`${data.donem} `));
    showFileErrors(`“${file.name}” rehberin ${data.donem} dönemine göre doldurulmuş; bu sayfa ${period} dönemi içindir. `
      + 'Form değiştirilmedi.', [{ message: other
      ? `Dosyayı ${data.donem} döneminin sayfasında yükleyin (sayfanın başındaki “Rehber dönemi” seçimi).`
      : `Sitede bu formun ${data.donem} dönemi yok; dosyadaki tutarlar bu dönemin üst sınırlarıyla denetlenemez.` }]);
    return;
  }
  const errors = validateWith(schema, catalogue, data, validator);
  if (errors.length && isObject && data.form === formId && fitsTheForm(data)) {
    // a draft of this form (saved before it was complete): loaded, with what is still wrong
    check.hidden = true;
    changed();
    showErrors(errors, { lead: `“${file.name}” taslak olarak yüklendi; formu tamamlamak için şunları düzeltin:` });
    say(`“${file.name}” taslak olarak yüklendi: formda ${firstPerField(errors).length} sorun var.`);
    return;
  }
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

// Fills the form with `data` if the form can hold all of it (filled and read back, it gives the
// same data: no unknown key, no value a field cannot show); else puts the form back as it was.
function fitsTheForm(data) {
  const before = collect();
  fill(data);
  if (sameData(collect(), data)) return true;
  fill(before);
  return false;
}

function sameData(a, b) {
  const canon = (v) => (Array.isArray(v) ? v.map(canon)
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])])) : v);
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

// "this file is of form X": its title and a link to its page when the site has it
function otherFormMessage(id) {
  const other = (catalogue.diger_formlar || {})[id];
  if (!other) return `Dosyadaki form kimliği “${id}”; bu sitede bu kimlikte bir form yok. Dosyayı ait olduğu formla açın.`;
  const link = document.createElement('a');
  link.href = new URL(other.adres, new URL('../../', import.meta.url)).href;
  link.textContent = other.baslik;
  return ['Dosya “', link, `” formundan indirilmiş (form kimliği “${id}”). Dosyayı o formun sayfasında yükleyin.`];
}
