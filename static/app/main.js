// The home screen: the volunteer's villages with their counters, and the sync bar.
import { OUTBOX_CHANGED, all, getMeta, pendingCount } from './db.js';
import { t } from './i18n.js';
import { onChange, startSync, syncNow } from './sync.js';

const bar = document.getElementById('sync-bar');
const list = document.getElementById('villages');

/** An element with text children only: names typed on a phone are shown, never interpreted. */
function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

async function renderVillages() {
  const [villages, households] = await Promise.all([all('villages'), all('households')]);
  const counts = new Map(villages.map((v) => [v.id, { active: 0, covered: 0 }]));
  for (const household of households) {
    const count = counts.get(household.village_id);
    if (!count || household.deleted || household.status === 'inactive') continue;
    count.active += 1;
    if (household.status === 'covered') count.covered += 1;
  }
  const items = villages.sort((a, b) => a.name.localeCompare(b.name, 'vi')).map((village) => {
    const { active, covered } = counts.get(village.id);
    const pct = active ? Math.round((1000 * covered) / active) / 10 : 0;
    return el('li', 'village', el('strong', null, village.name),
      el('span', 'muted', t('home.households', { n: active })),
      el('span', 'covered', t('home.covered', { n: covered, pct })));
  });
  // Before the first sync an empty list means "not fetched yet", not "no village".
  const empty = (await getMeta('last_sync')) ? t('home.empty') : t('home.loading');
  list.replaceChildren(...(items.length ? items : [el('li', 'muted', empty)]));
}

async function renderBar(state = {}) {
  const pending = state.pending ?? (await pendingCount());
  const lastSync = await getMeta('last_sync');
  const parts = [
    el('span', navigator.onLine ? 'online' : 'offline', t(navigator.onLine ? 'sync.online' : 'sync.offline')),
    el('span', 'pending', pending ? t('sync.pending', { n: pending }) : t('sync.all_sent')),
    el('span', 'last', lastSync
      ? t('sync.last', { time: new Date(lastSync).toLocaleString(document.documentElement.lang) })
      : t('sync.never')),
  ];
  if (state.syncing) parts.push(el('span', 'syncing', t('sync.syncing')));
  if (state.error === 'login') {
    const link = el('a', 'error', t('sync.login_again', { n: pending }));
    link.href = '/login?next=/app';
    parts.push(link);
  } else if (state.error) {
    parts.push(el('span', 'error', t('sync.error_network')));
  }
  bar.replaceChildren(...parts);
}

onChange((state) => {
  renderBar(state);
  if (!state.syncing) renderVillages();
});
for (const event of ['online', 'offline']) window.addEventListener(event, () => renderBar());
window.addEventListener(OUTBOX_CHANGED, () => {
  renderBar();
  if (navigator.onLine) syncNow(); // after each change when online (SYNC.md)
});
renderVillages();
renderBar();
startSync();
