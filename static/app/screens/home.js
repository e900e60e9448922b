// Home: the volunteer's villages with their counters, and the way to the return visits.
import { all, getMeta } from '../db.js';
import { el, link } from '../dom.js';
import { formatNumber, formatPercent, t } from '../i18n.js';
import { coveredPercent, villageCounts } from '../rules.js';
import { dueToday } from './due.js';

export async function homeScreen() {
  const [villages, households] = await Promise.all([all('villages'), all('households')]);
  const counts = villageCounts(households);
  const items = villages.filter((village) => !village.deleted)
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
    .map((village) => {
      const { active, covered } = counts.get(village.id) ?? { active: 0, covered: 0 };
      const pct = coveredPercent({ active, covered });
      const filled = el('span');
      filled.style.width = `${pct}%`; // through the CSSOM: the CSP refuses style attributes
      return el('li', {}, link(`/v/${village.id}`, { class: 'row village' },
        el('strong', {}, village.name),
        el('span', { class: 'muted' }, t('home.households', { n: formatNumber(active) })),
        el('span', { class: 'covered' }, t('home.covered', { n: formatNumber(covered), pct: formatPercent(pct) })),
        el('span', { class: 'bar', 'aria-hidden': 'true' }, filled)));
    });
  // Before the first sync an empty list means "not fetched yet", not "no village".
  const empty = (await getMeta('last_sync')) ? t('home.empty') : t('home.loading');
  const due = (await dueToday(households)).length;
  return el('section', {},
    el('div', { class: 'card' },
      el('h1', {}, t('home.title')),
      el('ul', { class: 'rows', id: 'villages' }, ...(items.length ? items : [el('li', { class: 'muted' }, empty)]))),
    link('/due', { class: 'button wide' }, t('due.title'), ' ', el('span', { class: 'count' }, String(due))),
    link('/guides', { class: 'button wide' }, t('guides.title')));
}
