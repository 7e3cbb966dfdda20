/** @fragment The error summary's behaviour (components/error-summary/), put at the top level
    of the scripts that have one (theme/assets/kb/forms.js, rules.js) in place of their
    `// @component error-summary` line by kb/site/assets.py. */

// The error summary (GOV.UK Design System): rendered empty and hidden (error-summary.j2);
// show() fills it, shows it, moves the focus to it and starts the page title with "Hata: ";
// clear() hides it and gives the title back. A click on one of its links moves the focus
// to the field and scrolls the field's legend or label into view.
//
//   const summary = errorSummary(document.getElementById('kbf-hata-ozeti'));
//   summary.show('Sorun var', 'Formu tamamlamak için şunları düzeltin:',
//                [{ id: 'f-kisi-ad', text: 'Adınızı yazın.', data: { pointer: '/kisi/ad' } }]);
//   summary.clear();
//
// An entry is a link to the element `id`; without `id` it is text, and `text` may be a list
// of nodes and strings. `data` goes to the item's data attributes.
function errorSummary(box, baseTitle = document.title) {
  const heading = box.querySelector('.kbf-error-summary__title');
  const lead = box.querySelector('.kbf-error-summary__lead');
  const list = box.querySelector('.kbf-error-summary__list');

  function item(entry) {
    const li = document.createElement('li');
    Object.assign(li.dataset, entry.data || {});
    if (entry.id) {
      const a = document.createElement('a');
      a.href = '#' + entry.id;
      a.textContent = entry.text;
      li.append(a);
    } else {
      li.append(...[].concat(entry.text));
    }
    return li;
  }

  box.addEventListener('click', (event) => {
    const a = event.target.closest('a[href^="#"]');
    if (!a) return;
    const target = document.getElementById(a.getAttribute('href').slice(1));
    if (!target) return;
    event.preventDefault();
    (errorSummaryLabel(target) || target).scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  });

  return {
    show(title, leadText, entries) {
      heading.textContent = title;
      lead.textContent = leadText;
      list.replaceChildren(...entries.map(item));
      document.title = 'Hata: ' + baseTitle;
      box.hidden = false;
      box.focus();
    },
    clear() {
      box.hidden = true;
      list.replaceChildren();
      document.title = baseTitle;
    },
  };
}

// What a summary link scrolls into view (as GOV.UK's error summary does): for a radio or a
// checkbox the legend of its fieldset; for another field that legend too when field and
// legend fit in the top half of the window, else the field's label; for a group that is
// not a field (a table of rows) its heading.
function errorSummaryLabel(target) {
  const legend = target.closest('fieldset')?.querySelector('legend');
  if (legend && target.matches('input, textarea, select')) {
    if (target.type === 'radio' || target.type === 'checkbox') return legend;
    const top = legend.getBoundingClientRect().top;
    const field = target.getBoundingClientRect();
    if (field.height && field.bottom - top < window.innerHeight / 2) return legend;
  }
  return document.querySelector(`label[for="${CSS.escape(target.id)}"]`) || target.closest('label')
    || target.querySelector(':scope > h2, :scope > h3');
}
