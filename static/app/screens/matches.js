// Each household once: before a new household is saved, the likely matches of the village
// (matching.js), so that the volunteer opens the one already recorded instead, or saves anyway.
import { el } from '../dom.js';
import { t } from '../i18n.js';

/** The panel listing `matches` ({household, reasons}); `open(id)` opens one, the submit button
 * saves the new household all the same. */
export function matchesPanel(matches, open) {
  return el('section', { class: 'matches', role: 'alert', 'aria-labelledby': 'matches-title' },
    el('h2', { id: 'matches-title' }, t('duplicates.title')),
    el('p', { class: 'muted' }, t('duplicates.explain')),
    el('ul', { class: 'rows' }, ...matches.map(({ household, reasons }) => el('li', { class: 'match' },
      el('strong', {}, household.head_name),
      el('span', { class: 'muted' }, [household.address, household.phone].filter(Boolean).join(' · ')),
      el('span', { class: 'muted' }, reasons.map((reason) => t(`duplicates.reason.${reason}`)).join(', ')),
      el('button', { type: 'button', class: 'primary', onclick: () => open(household.id) }, t('duplicates.open'))))),
    el('button', { type: 'submit', class: 'button-link' }, t('duplicates.save_anyway')));
}
