// The volunteer app: hash routes of /app (so every screen opens offline from the cached shell),
// the sync bar on every screen, and the start of sync.
import './register-sw.js'; // first, so that the worker is installed even if the app fails
import {
  endServerSession, logOut, loggedOutOffline, loginScreen, savePendingWork, wipeEverything,
} from './account.js';
import {
  OUTBOX_CHANGED, getMeta, pendingCount, rejectedOps, replicaChanged, waitingCount,
} from './db.js';
import { el, formatTime, link } from './dom.js';
import { loadLanguage, t } from './i18n.js';
import { closedScreen, wipedScreen } from './screens/closed.js';
import { dueScreen } from './screens/due.js';
import { homeScreen } from './screens/home.js';
import { householdForm } from './screens/household-form.js';
import { householdScreen } from './screens/household.js';
import { memberForm } from './screens/member-form.js';
import { fixScreen, rejectedScreen } from './screens/rejected.js';
import { villageScreen } from './screens/village.js';
import { visitForm } from './screens/visit-form.js';
import {
  closedReason, onChange, requestBackgroundSync, startSync, stopSync, syncNow,
} from './sync.js';

const UUID = '([0-9a-f-]{36})';
const SLUG = '([a-z0-9-]+)';
const FROM = `(?:/h/${UUID})?`; // a guide opened from a household carries its id
// The guide cards' screens load when first used, not with the app (LATER in fieldapp/pwa/shell.py).
const guides = (name) => (params, app) => import('./screens/guides.js').then((screens) => screens[name](params, app),
  () => el('p', { class: 'card' }, t('guides.none'))); // offline before they were ever loaded
// [pattern, screen, parameter names, live]: a live screen is drawn again when a sync brings
// new data; a form never is (it would throw away what is being typed).
const ROUTES = [
  [/^\/$/, homeScreen, [], true],
  [/^\/v\/(\d+)$/, villageScreen, ['id'], true],
  [/^\/v\/(\d+)\/new$/, householdForm, ['villageId']],
  [new RegExp(`^/h/${UUID}$`), householdScreen, ['id'], true],
  [new RegExp(`^/h/${UUID}/edit$`), householdForm, ['id']],
  [new RegExp(`^/h/${UUID}/visit$`), visitForm, ['householdId']],
  [new RegExp(`^/h/${UUID}/member$`), memberForm, ['householdId']],
  [new RegExp(`^/m/${UUID}$`), memberForm, ['id']],
  [/^\/due$/, dueScreen, [], true],
  [/^\/rejected$/, rejectedScreen, [], true],
  [new RegExp(`^/fix/${UUID}$`), fixScreen, ['opId']],
  [new RegExp(`^${FROM}/guides$`), guides('guidesScreen'), ['householdId']],
  [new RegExp(`^${FROM}/g/${SLUG}$`), guides('guideScreen'), ['householdId', 'slug']],
  [new RegExp(`^${FROM}/g/${SLUG}/show$`), guides('showScreen'), ['householdId', 'slug']],
  [new RegExp(`^/h/${UUID}/g/${SLUG}/taught$`), guides('taughtScreen'), ['householdId', 'slug']],
  [new RegExp(`^/h/${UUID}/visit/([a-z_,]+)$`), visitForm, ['householdId', 'topics']],
];

const view = document.getElementById('view');
const bar = document.getElementById('sync-bar');
const toast = document.getElementById('notice');
let current = { live: false };
let syncState = {};
let closing = null; // set once the server refused this phone: from then on, only that screen

function go(route) {
  if (window.location.hash === `#${route}`) render();
  else window.location.hash = route;
}

function notice(message) {
  toast.textContent = message;
  toast.hidden = false;
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => { toast.hidden = true; }, 4000);
}

const app = { go, notice, refresh: () => render({ keepScroll: true }) };

async function render({ keepScroll = false } = {}) {
  if (closing) return;
  const route = window.location.hash.slice(1) || '/';
  let screen = null;
  if (route === '/login') {
    screen = await loginScreen({ done: () => { go('/'); syncNow(); } });
    current = { live: false };
  } else {
    const match = ROUTES.find(([pattern]) => pattern.test(route));
    const [pattern, draw, names, live] = match ?? ROUTES[0];
    const values = match ? route.match(pattern).slice(1) : [];
    screen = await draw(Object.fromEntries(names.map((name, i) => [name, values[i]])), app);
    current = { live: Boolean(live) };
  }
  if (closing) return; // refused while this screen was being drawn: it must not appear
  const top = window.scrollY;
  view.replaceChildren(screen);
  if (keepScroll) window.scrollTo(0, top);
  else {
    window.scrollTo(0, 0);
    const heading = view.querySelector('h1');
    if (heading) {
      heading.tabIndex = -1; // a new screen is announced from its title
      heading.focus({ preventScroll: true });
    }
  }
}

async function renderBar(state = syncState) {
  if (closing) return;
  syncState = state;
  const [pending, rejected, lastSync] = await Promise.all([pendingCount(), rejectedOps(), getMeta('last_sync')]);
  const parts = [
    el('span', { class: navigator.onLine ? 'online' : 'offline' }, t(navigator.onLine ? 'sync.online' : 'sync.offline')),
    el('span', { class: 'pending', 'data-pending': String(pending) }, pending ? t('sync.pending', { n: pending }) : t('sync.all_sent')),
    el('span', { class: 'last' }, lastSync ? t('sync.last', { time: formatTime(lastSync) }) : t('sync.never')),
  ];
  if (state.syncing) parts.push(el('span', { class: 'syncing' }, t('sync.syncing')));
  if (state.error === 'login') parts.push(link('/login', { class: 'error' }, t('sync.login_again', { n: pending })));
  else if (state.error === 'other_user') parts.push(el('span', { class: 'error' }, t('sync.other_user', { name: state.owner })));
  else if (state.error === 'server') parts.push(el('span', { class: 'error' }, t('sync.error_server')));
  else if (state.error) parts.push(el('span', { class: 'error' }, t('sync.error_network')));
  if (rejected.length) parts.push(link('/rejected', { class: 'error' }, t('sync.rejected', { n: rejected.length })));
  const actions = [el('button', { type: 'button', class: 'small', disabled: !navigator.onLine || state.syncing,
    onclick: () => syncNow() }, t('sync.now'))];
  if (pending || rejected.length) {
    actions.push(el('button', { type: 'button', class: 'small', onclick: async () => {
      notice(t('sync.saved_file', { n: await savePendingWork() }));
    } }, t('sync.save_file')));
  }
  bar.replaceChildren(el('div', { class: 'facts' }, ...parts), el('div', { class: 'actions' }, ...actions));
}

async function askToPersist() {
  if (!navigator.storage?.persist) return;
  const persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
  document.getElementById('storage-note').hidden = persisted;
}

function synced() {
  showWho();
  if (current.live) app.refresh();
}

function showOnly(screen) {
  for (const id of ['sync-bar', 'storage-note', 'notice']) document.getElementById(id)?.remove();
  document.querySelector('.topnav')?.remove();
  document.querySelector('.brand')?.removeAttribute('href');
  view.replaceChildren(screen);
  screen.querySelector('h1')?.focus({ preventScroll: true });
}

/** The server refused this phone for good: nothing of the replica is shown any more, only the
 * count of changes waiting, saving them to a file (which wipes the phone at once) and the
 * wipe. With nothing waiting, the phone is wiped at once. */
function shutDown(reason) {
  closing ??= (async () => {
    stopSync();
    document.querySelectorAll('dialog').forEach((dialog) => dialog.remove());
    const wipeAll = async () => {
      await wipeEverything();
      showOnly(wipedScreen());
    };
    const waiting = await waitingCount();
    if (!waiting) return wipeAll();
    return showOnly(closedScreen({
      reason, waiting, wipe: wipeAll,
      save: async () => {
        await savePendingWork();
        await wipeAll();
      },
    }));
  })();
  return closing;
}

onChange(async (state) => {
  if (state.error === 'closed') {
    shutDown(state.reason);
    return;
  }
  renderBar(state);
  if (state.error === 'login' && !(await getMeta('session')) && window.location.hash !== '#/login') go('/login');
  if (!state.syncing) synced();
});
for (const event of ['online', 'offline']) window.addEventListener(event, () => renderBar());
window.addEventListener(OUTBOX_CHANGED, () => {
  renderBar();
  if (navigator.onLine) syncNow(); // after each change when online (SYNC.md)
  else requestBackgroundSync();
});
window.addEventListener('hashchange', () => render());
navigator.serviceWorker?.addEventListener('message', (event) => {
  if (event.data === 'synced') { // by Background Sync, while this page was away
    replicaChanged();
    renderBar();
    synced();
  }
  if (event.data === 'closed') closedReason().then((reason) => reason && shutDown(reason));
});
document.getElementById('logout').addEventListener('click', () => logOut());
async function showWho() {
  if (closing) return;
  const session = await getMeta('session');
  const who = document.getElementById('who');
  if (who) who.textContent = session?.user.full_name || session?.user.username || '';
}
async function start() {
  // A logout made offline: the server's session ends before anything syncs under it.
  if (loggedOutOffline() && !(await getMeta('session'))) {
    if (!(await endServerSession())) {
      window.addEventListener('online', start, { once: true });
      go('/login');
      return;
    }
  }
  startSync();
  // The guide cards (their screens too) come after the first load, once the worker serves the
  // app: kept for offline use, refreshed at every start online (guides.js).
  if (navigator.serviceWorker?.controller && navigator.onLine) {
    import('./screens/guides.js').then((screens) => screens.refreshGuides()).catch(() => {});
  }
}

async function openApp() {
  // The user's language only (the page names it, <html lang>), while IndexedDB opens.
  // Refused before (and not wiped yet): the replica is never shown again, not even for a moment.
  const [reason] = await Promise.all([closedReason(), loadLanguage()]);
  if (reason) {
    shutDown(reason);
    return;
  }
  render().then(() => performance.mark('fieldapp:ready')); // measured by bench/frontend.py
  renderBar();
  showWho();
  askToPersist();
  start();
}

openApp();
