// "Cần quay lại": households whose return visit is due today or earlier, oldest date first.
import { all } from '../db.js';
import { el, today } from '../dom.js';
import { t } from '../i18n.js';
import { dueHouseholds } from '../rules.js';
import { householdRow } from './village.js';

export async function dueScreen() {
  const [households, villages] = await Promise.all([all('households'), all('villages')]);
  const names = new Map(villages.map((village) => [village.id, village.name]));
  const due = dueHouseholds(households, today());
  return el('section', { class: 'card' },
    el('h1', {}, t('due.title')),
    el('p', { class: 'muted' }, t('due.explain')),
    el('ul', { class: 'rows' }, ...(due.length
      ? due.map((household) => householdRow(household, names.get(household.village_id)))
      : [el('li', { class: 'muted' }, t('due.none'))])));
}
