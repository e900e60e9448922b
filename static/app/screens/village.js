// A village's households: status chips to filter, accent-insensitive search, and the way to
// add a household. A household's page is one tap away, "vắng nhà" one more.
// A village may hold thousands of households: the screen reads that village's records only
// (by the village index of households and of members), searches an index built once per
// village and kept until the replica changes, and draws a page of rows at a time ("Xem thêm").
import { byIndex, dataVersion, get } from '../db.js';
import { el, formatDate, link } from '../dom.js';
import { t } from '../i18n.js';
import { buildIndex, search } from '../search.js';

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

export const PAGE_SIZE = 50; // rows drawn at once: a phone screen holds ~8, a volunteer scrolls a few pages
const byName = new Intl.Collator('vi').compare;
let kept = null; // {villageId, version, households, index}: the last village opened, while the replica stays as it is

/** The village's households by name and, made when first wanted, their search index. */
async function villageRecords(villageId) {
  const version = dataVersion();
  if (kept?.villageId === villageId && kept.version === version) return kept;
  const households = (await byIndex('households', 'village_id', villageId))
    .filter((household) => !household.deleted && !household.inactive);
  households.sort((a, b) => byName(a.head_name, b.head_name));
  let index = null;
  kept = {
    villageId, version, households,
    // The members are read, and the index built, only once a search needs them.
    index: () => (index ??= byIndex('members', 'village_id', villageId)
      .then((members) => buildIndex(households, membersByHousehold(members)))),
  };
  return kept;
}

export async function villageScreen({ id }) {
  const villageId = Number(id);
  const village = await get('villages', villageId);
  if (!village) return el('p', { class: 'card' }, t('error.not_found'));
  const { households, index } = await villageRecords(villageId);
  const state = chosen.get(villageId) ?? { query: '', status: null, rows: PAGE_SIZE };
  chosen.set(villageId, state);

  const list = el('ul', { class: 'rows', 'aria-live': 'polite' });
  const summary = el('p', { class: 'muted' });
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
  for (const household of households) counts[household.status ?? 'unvisited'] += 1;

  let shown = 0;
  let found = [];
  const more = el('li', { class: 'more' }, el('button', {
    type: 'button', class: 'wide', onclick: () => drawMore()?.querySelector('a')?.focus(),
  }, t('village.more')));
  /** The next page of rows (or `count` of them); returns the first one drawn. */
  function drawMore(count = PAGE_SIZE) {
    const rows = found.slice(shown, shown + count).map((household) => householdRow(household));
    shown += rows.length;
    state.rows = Math.max(shown, PAGE_SIZE);
    more.remove();
    list.append(...rows);
    if (shown < found.length) list.append(more);
    return rows[0];
  }
  let drawing = 0; // a key pressed while the index is being made: only the last one draws
  /** Draw the list from its first page; `again`: as many rows as before (a sync redraws the
   * screen under the volunteer's thumb). */
  async function show({ again = false } = {}) {
    const mine = ++drawing;
    const matching = state.query.trim() ? search(await index(), state.query) : households;
    if (mine !== drawing) return;
    found = state.status ? matching.filter((h) => (h.status ?? 'unvisited') === state.status) : matching;
    summary.textContent = t('village.shown', { n: found.length, total: households.length });
    shown = 0;
    list.replaceChildren();
    drawMore(again ? state.rows : PAGE_SIZE);
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
  await show({ again: true });
  // Ready before the first key, made while the volunteer looks at the list.
  (globalThis.requestIdleCallback ?? setTimeout)(() => index());
  return el('section', { class: 'card' },
    el('h1', {}, village.name),
    box, chips, summary, list,
    link(`/v/${villageId}/new`, { class: 'button primary wide' }, t('button.add_household')));
}
