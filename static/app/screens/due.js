// "Cần quay lại": households due for a return visit today or earlier (DOMAIN.md), oldest first.
import { COMMUNE_TIME_ZONE, DEFAULT_RETURN_AFTER_DAYS, localDate } from '../coverage.js';
import { all, getMeta } from '../db.js';
import { el, formatDate } from '../dom.js';
import { t } from '../i18n.js';
import { dueHouseholds } from '../rules.js';
import { householdRow } from './village.js';

/** The deployment's return-after-days and the commune's zone, as the last session gave them. */
export async function returnSettings() {
  const session = (await getMeta('session')) ?? {};
  return {
    returnAfterDays: session.return_after_days ?? DEFAULT_RETURN_AFTER_DAYS,
    timeZone: session.time_zone ?? COMMUNE_TIME_ZONE,
  };
}

/** Of these households of the replica, those due today in the commune's time zone. */
export async function dueToday(households) {
  const settings = await returnSettings();
  return dueHouseholds(households, localDate(new Date(), settings.timeZone), settings);
}

export async function dueScreen() {
  const [households, villages, settings] = await Promise.all([all('households'), all('villages'), returnSettings()]);
  const names = new Map(villages.map((village) => [village.id, village.name]));
  const due = await dueToday(households);
  const subtitle = (household) => [names.get(household.village_id),
    household.next_visit_on ? null : t('due.since', { date: formatDate(household.due_on) })].filter(Boolean).join(' · ');
  return el('section', { class: 'card' },
    el('h1', {}, t('due.title')),
    el('p', { class: 'muted' }, t('due.explain', { n: settings.returnAfterDays })),
    el('ul', { class: 'rows', id: 'due' }, ...(due.length
      ? due.map((household) => householdRow(household, subtitle(household)))
      : [el('li', { class: 'muted' }, t('due.none'))])));
}
