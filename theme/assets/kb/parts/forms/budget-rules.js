/** @fragment The rules region of the budget forms (verdicts of their rule set after every change).
    Part of theme/assets/kb/forms.js: put in place of `// @part forms/budget-rules.js` inside
    init(form) by kb/site/assets.py, so it shares that function's variables
    (form, formId, catalogue, collect). Not served on its own. */

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
  // the rule set's edition of this page's period: data/rules/<veri>.json (kb/forms/pages.py)
  const load = () => (loading ||= import('./rules-widget.js')
    .then((widget) => widget.loadRuleset(siteRoot, mapping.veri || mapping.kural_kumesi).then((rs) => ({ widget, rs }))));
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
    // only what the rule set asks in this period (kb/forms/answers.py edition_answers)
    const asked = new Set(loaded.rs.sorular.map((q) => q.id));
    const answers = Object.fromEntries(Object.entries(ruleAnswers(mapping, event.detail.data)).filter(([k]) => asked.has(k)));
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
    // the engine's verdict (karar, counting only the rules shown): sorunlu / uygun / eksik
    region.dataset.kbKuralDurum = { karsilanmiyor: 'sorunlu', karsilaniyor: 'uygun', eksik: 'eksik' }[result.karar.durum];
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
