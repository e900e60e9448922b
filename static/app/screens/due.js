// "Cần quay lại": households whose return visit is due today or earlier, oldest date first.
import { all } from '../db.js';
import { el, today } from '../dom.js';
import { t } from '../i18n.js';
import { householdRow } from './village.js';

const DONE = new Set(['covered', 'inactive']);

export function dueHouseholds(households, on = today()) {
  return households
    .filter((household) => !household.deleted && !DONE.has(household.status)
      && household.next_visit_on && household.next_visit_on <= on)
    .sort((a, b) => a.next_visit_on.localeCompare(b.next_visit_on) || a.head_name.localeCompare(b.head_name, 'vi'));
}

export async function dueScreen() {
  const [households, villages] = await Promise.all([all('households'), all('villages')]);
  const names = new Map(villages.map((village) => [village.id, village.name]));
  const due = dueHouseholds(households);
  return el('section', { class: 'card' },
    el('h1', {}, t('due.title')),
    el('p', { class: 'muted' }, t('due.explain')),
    el('ul', { class: 'rows' }, ...(due.length
      ? due.map((household) => householdRow(household, names.get(household.village_id)))
      : [el('li', { class: 'muted' }, t('due.none'))])));
}
