// A village's households: status chips to filter, accent-insensitive search, and the way to
// add a household (beside the search box, always in view). A household's page is one tap
// away, "vắng nhà" one more.
// A village may hold thousands of households: its first rows and counts come from IndexedDB's
// indexes of the village's list, so the screen opens at once; the whole list, its members and
// the search index are read and made once per village (kept until the replica changes), when
// the volunteer looks further or searches. Rows are drawn a page at a time ("Xem thêm").
import { byIndex, dataVersion, get, listedCounts, listedHouseholds } from '../db.js';
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
let kept = null; // the last village opened, while the replica stays as it is

/** The village's first `rows` households and its counts; the whole list and its search index
 * made when first wanted. */
async function villageRecords(villageId, rows) {
  const version = dataVersion();
  if (kept?.villageId === villageId && kept.version === version && kept.first.length >= Math.min(rows, kept.counts.total)) return kept;
  const [first, counts] = await Promise.all([listedHouseholds(villageId, rows), listedCounts(villageId, STATUSES)]);
  let households = null;
  let index = null;
  const records = {
    villageId, version, first, counts,
    households: () => (households ??= listedHouseholds(villageId)),
    // Read, and made, only once a search needs them.
    index: () => (index ??= Promise.all([records.households(), byIndex('members', 'village_id', villageId)])
      .then(([all, members]) => buildIndex(all, membersByHousehold(members)))),
  };
  kept = records;
  return records;
}

export async function villageScreen({ id }) {
  const villageId = Number(id);
  const state = chosen.get(villageId) ?? { query: '', status: null, rows: PAGE_SIZE };
  const [village, first] = await Promise.all([get('villages', villageId), villageRecords(villageId, state.rows)]);
  let records = first;
  if (!village) return el('p', { class: 'card' }, t('error.not_found'));
  chosen.set(villageId, state);
  const { counts } = records;

  const list = el('ul', { class: 'rows', 'aria-live': 'polite' });
  const summary = el('p', { class: 'muted' });

  let drawing = 0; // each drawing of the list from its top; a later one makes older ones stop
  let shown = 0;
  let found = []; // the households found, or the first ones of the whole list
  let total = 0; // how many were found
  const more = el('li', { class: 'more' }, el('button', {
    type: 'button', class: 'wide', onclick: () => drawMore().then((row) => row?.querySelector('a')?.focus()),
  }, t('village.more')));
  /** The next page of rows (or `count` of them); resolves to the first one drawn. */
  async function drawMore(count = PAGE_SIZE) {
    const mine = drawing;
    if (shown + count > found.length && found.length < total) {
      const all = await records.households(); // the whole list: no search, no filter
      if (mine !== drawing) return null;
      found = all;
    }
    const rows = found.slice(shown, shown + count).map((household) => householdRow(household));
    shown += rows.length;
    state.rows = Math.max(shown, PAGE_SIZE);
    more.remove();
    list.append(...rows);
    if (shown < total) list.append(more);
    return rows[0];
  }
  /** Draw the list from its first page; `again`: as many rows as before (a sync redraws the
   * screen under the volunteer's thumb). */
  async function show({ again = false } = {}) {
    const mine = ++drawing;
    // The replica's records as they are now: a sync's redraw may keep this screen's nodes
    // (main.js) while the members behind the search changed.
    if (records.version !== dataVersion()) {
      records = await villageRecords(villageId, state.rows);
      if (mine !== drawing) return;
    }
    let matching = null;
    if (state.query.trim()) matching = search(await records.index(), state.query);
    else if (state.status) matching = await records.households();
    if (mine !== drawing) return;
    if (matching) {
      found = state.status ? matching.filter((h) => (h.status ?? 'unvisited') === state.status) : matching;
      total = found.length;
    } else {
      found = records.first;
      total = records.counts.total;
    }
    summary.textContent = t('village.shown', { n: total, total: records.counts.total });
    shown = 0;
    list.replaceChildren();
    await drawMore(again ? state.rows : PAGE_SIZE);
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
  (globalThis.requestIdleCallback ?? setTimeout)(() => records.index());
  // At 360 x 640 the first row starts within the top 260 px, and adding a household needs no
  // scrolling however long the list (tests/browser/test_phone_screen.py).
  return el('section', { class: 'card village-list' },
    el('div', { class: 'list-head' }, el('h1', {}, village.name), summary),
    el('div', { class: 'find' }, box,
      link(`/v/${villageId}/new`, { class: 'button primary add' }, el('span', { 'aria-hidden': 'true' }, '+'),
        t('button.add_household'))),
    chips, list);
}
