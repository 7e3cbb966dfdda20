/** @fragment The error summary's behaviour (components/error-summary/): a click on one of
    its links moves the focus to the field and scrolls the field's legend, table heading or
    label into view (GOV.UK pattern). Put in place of `// @component error-summary` inside
    init(form) of theme/assets/kb/forms.js by kb/site/assets.py; `summary` is the summary
    element (templates call the error_summary macro). */

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
