// A village's households: status chips to filter, accent-insensitive search, and the way to
// add a household (beside the search box, always in view). A household's page is one tap
// away, "vắng nhà" one more.
import { all, byIndex, get } from '../db.js';
import { el, formatDate, link } from '../dom.js';
import { t } from '../i18n.js';
import { buildIndex, search } from '../search.js';
import { compareByName } from '../text.js';

export const STATUSES = ['unvisited', 'not_home', 'refused', 'in_progress', 'covered'];
const chosen = new Map(); // village id -> {query, status}: kept while the app is open

export function statusChip(status) {
  return el('span', { class: `chip status-${status}` }, t(`status.${status}`));
}

export function householdRow(household, subtitle) {
  const details = [household.code, household.address, subtitle].filter(Boolean).join(' · ');
  return el('li', {}, link(`/h/${household.id}`, { class: 'row household' },
    el('span', { class: 'name' }, household.head_name),
    details ? el('span', { class: 'muted' }, details) : null,
    el('span', { class: 'tags' }, statusChip(household.status ?? 'unvisited'),
      household.next_visit_on ? el('span', { class: 'muted' }, t('household.next_visit', { date: formatDate(household.next_visit_on) })) : null)));
}

function membersByHousehold(members) {
  const map = new Map();
  for (const member of members) {
    if (member.deleted) continue;
    if (!map.has(member.household_id)) map.set(member.household_id, []);
    map.get(member.household_id).push(member);
  }
  return map;
}

export async function villageScreen({ id }) {
  const villageId = Number(id);
  const village = await get('villages', villageId);
  if (!village) return el('p', { class: 'card' }, t('error.not_found'));
  const households = (await byIndex('households', 'village_id', villageId))
    .filter((household) => !household.deleted && !household.inactive)
    .sort((a, b) => compareByName(a.head_name, a.id, b.head_name, b.id));
  const index = buildIndex(households, membersByHousehold(await all('members')));
  const state = chosen.get(villageId) ?? { query: '', status: null };
  chosen.set(villageId, state);

  const list = el('ul', { class: 'rows', 'aria-live': 'polite' });
  const summary = el('p', { class: 'muted' });
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
  for (const household of households) counts[household.status ?? 'unvisited'] += 1;

  function show() {
    const found = search(index, state.query).filter((h) => !state.status || (h.status ?? 'unvisited') === state.status);
    summary.textContent = t('village.shown', { n: found.length, total: households.length });
    list.replaceChildren(...found.map((household) => householdRow(household)));
    for (const chip of chips.children) chip.setAttribute('aria-pressed', String(chip.value === state.status));
  }
  const chips = el('div', { class: 'chips', role: 'group', 'aria-label': t('village.filter') },
    ...STATUSES.map((status) => el('button', {
      type: 'button', class: `chip status-${status}`, value: status,
      onclick: () => { state.status = state.status === status ? null : status; show(); },
    }, `${t(`status.${status}`)} ${counts[status]}`)));
  const box = el('input', {
    type: 'search', name: 'q', value: state.query, placeholder: t('village.search_hint'),
    'aria-label': t('button.search'), autocomplete: 'off',
    oninput: (event) => { state.query = event.target.value; show(); },
  });
  show();
  // At 360 x 640 the first row starts within the top 260 px, and adding a household needs no
  // scrolling however long the list (tests/browser/test_phone_screen.py).
  return el('section', { class: 'card village-list' },
    el('div', { class: 'list-head' }, el('h1', {}, village.name), summary),
    el('div', { class: 'find' }, box,
      link(`/v/${villageId}/new`, { class: 'button primary add' }, el('span', { 'aria-hidden': 'true' }, '+'),
        t('button.add_household'))),
    chips, list);
}
