/** @fragment The error summary's behaviour (components/error-summary/), put at the top level
    of the scripts that have one (theme/assets/kb/forms.js, rules.js) in place of their
    `// @component error-summary` line by kb/site/assets.py. */

// The error summary (GOV.UK Design System): rendered empty and hidden (error-summary.j2);
// show() fills it, shows it, moves the focus to it and starts the page title with "Hata: ";
// clear() hides it and gives the title back. A click on one of its links moves the focus
// to the field and scrolls so that the field and its legend or label are both in view.
//
//   const summary = errorSummary(document.getElementById('kbf-hata-ozeti'));
//   summary.show('Sorun var', 'Formu tamamlamak için şunları düzeltin:',
//                [{ id: 'f-kisi-ad', text: 'Adınızı yazın.', data: { pointer: '/kisi/ad' } }]);
//   summary.clear();
//
// An entry is a link to the element `id`; without `id` it is text, and `text` may be a list
// of nodes and strings. `data` goes to the item's data attributes. show(…, {focus: false})
// updates a shown summary without taking the focus (a table row removed).
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
    errorSummaryReveal(target);
    target.focus({ preventScroll: true });
  });

  return {
    // options.focus: false when the summary is updated under the user's hands (a row
    // removed): the list changes, the focus stays where it is
    show(title, leadText, entries, options = {}) {
      heading.textContent = title;
      lead.textContent = leadText;
      list.replaceChildren(...entries.map(item));
      document.title = 'Hata: ' + baseTitle;
      box.hidden = false;
      if (options.focus !== false) box.focus();
    },
    clear() {
      box.hidden = true;
      list.replaceChildren();
      document.title = baseTitle;
    },
    get shown() {
      return !box.hidden;
    },
  };
}

// Scrolls so that the field and what names it are both in the window (as GOV.UK's error
// summary does: the label or legend at the top, then the focus without scrolling). The
// candidates, best first: the legend of the field's group (radios and checkboxes always; a
// field of a table row when the whole row fits), then the field's own label, then the
// heading of a group that is not a field. The first with which the field is fully visible
// below the sticky header is kept; else the field is scrolled to just under its label.
function errorSummaryReveal(target) {
  const candidates = errorSummaryLabels(target);
  const top = errorSummaryTopInset();
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.top >= top - 1 && r.bottom <= window.innerHeight + 1;
  };
  for (const label of candidates) {
    label.scrollIntoView({ block: 'start' });
    if (visible(target) && visible(label)) return;
  }
  const label = candidates[candidates.length - 1];
  if (!label) {
    target.scrollIntoView({ block: 'center' });
    return;
  }
  // a field taller than the window under its label: the label at the top, as much of the field as fits
  label.scrollIntoView({ block: 'start' });
}

function errorSummaryLabels(target) {
  const out = [];
  const legend = target.closest('fieldset')?.querySelector(':scope > legend');
  const own = target.id ? document.querySelector(`label[for="${CSS.escape(target.id)}"]`) : null;
  if (legend && target.matches('input, textarea, select')) out.push(legend);
  if (own) out.push(own);
  else if (target.closest('label')) out.push(target.closest('label'));
  const heading = target.querySelector(':scope > h2, :scope > h3, :scope > h4');
  if (heading) out.push(heading);
  return out;
}

// the height of the site's sticky header (Material's .md-header), which covers the top of the window
function errorSummaryTopInset() {
  const header = document.querySelector('.md-header');
  if (!header) return 0;
  const style = getComputedStyle(header);
  if (style.position !== 'sticky' && style.position !== 'fixed') return 0;
  return Math.max(0, header.getBoundingClientRect().bottom);
}
