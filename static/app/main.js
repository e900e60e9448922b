// The volunteer app: hash routes of /app (so every screen opens offline from the cached shell),
// the sync line on every screen (one line; its details on a tap), and the start of sync.
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
  // A refresh that changes nothing keeps the nodes: a tap under way lands where it was aimed.
  screen.querySelector('h1')?.setAttribute('tabindex', '-1'); // a new screen is announced from its title
  if (keepScroll && view.firstElementChild?.isEqualNode(screen)) return;
  const top = window.scrollY;
  view.replaceChildren(screen);
  if (keepScroll) window.scrollTo(0, top);
  else {
    window.scrollTo(0, 0);
    view.querySelector('h1')?.focus({ preventScroll: true });
  }
}

let barOpen = false; // the sync line's details: shown after a tap, until the next tap
let persisted = true; // whether the browser promised to keep the app's data
const NOTE_DISMISSED = 'fieldapp-storage-note-dismissed'; // in localStorage: across reloads

/** "07:30" for a time today, "04/12 07:30" before: the compact line has no room for more. */
function shortTime(value) {
  const full = formatTime(value);
  const date = new Date(value);
  return date.toDateString() === new Date().toDateString() ? full.slice(-5) : `${full.slice(0, 5)} ${full.slice(-5)}`;
}

/** The sync state as one line (the network, what waits, when the last sync was), a button that
 * opens the details (the full times, the account, sync now, save to a file). What asks the
 * volunteer to act (log in again, refused changes, another account) stays in view. */
async function renderBar(state = syncState) {
  if (closing) return;
  syncState = state;
  const [pending, rejected, lastSync, session] = await Promise.all([
    pendingCount(), rejectedOps(), getMeta('last_sync'), getMeta('session')]);
  if (closing) return;
  const online = navigator.onLine;
  // A failed attempt is retried on its own: a word on the line; what needs the volunteer: below.
  const transient = Boolean(state.error) && !['login', 'other_user'].includes(state.error);
  let network;
  if (state.syncing) network = el('span', { class: 'syncing' }, t('sync.syncing'));
  else if (!online) network = el('span', { class: 'offline' }, t('sync.offline'));
  else if (transient) network = el('span', { class: 'error' }, t('sync.not_sent'));
  else network = el('span', { class: 'online' }, el('span', { class: 'visually-hidden' }, t('sync.online')));
  const line = el('button', {
    type: 'button', class: 'sync-line', 'aria-expanded': String(barOpen), 'aria-controls': 'sync-details',
    onclick: (event) => {
      barOpen = !barOpen;
      event.currentTarget.setAttribute('aria-expanded', String(barOpen));
      details.hidden = !barOpen;
    },
  }, network,
  el('span', { class: 'pending', 'data-pending': String(pending) }, pending ? t('sync.pending', { n: pending }) : t('sync.all_sent')),
  el('span', { class: 'last', 'data-synced': lastSync ? 'true' : null }, lastSync ? t('sync.last_short', { time: shortTime(lastSync) }) : t('sync.never_short')));

  const alerts = [];
  if (state.error === 'login') alerts.push(link('/login', { class: 'error' }, t('sync.login_again', { n: pending })));
  else if (state.error === 'other_user') alerts.push(el('span', { class: 'error' }, t('sync.other_user', { name: state.owner })));
  if (rejected.length) alerts.push(link('/rejected', { class: 'error' }, t('sync.rejected', { n: rejected.length })));

  const facts = [
    t(online ? 'sync.online' : 'sync.offline'),
    pending ? t('sync.pending', { n: pending }) : t('sync.all_sent'),
    lastSync ? t('sync.last', { time: formatTime(lastSync) }) : t('sync.never'),
  ];
  if (state.error === 'server') facts.push(t('sync.error_server'));
  else if (transient) facts.push(t('sync.error_network'));
  const name = session?.user.full_name || session?.user.username;
  const actions = [el('button', { type: 'button', class: 'small', disabled: !online || state.syncing,
    onclick: () => syncNow() }, t('sync.now'))];
  if (pending || rejected.length) {
    actions.push(el('button', { type: 'button', class: 'small', onclick: async () => {
      notice(t('sync.saved_file', { n: await savePendingWork() }));
    } }, t('sync.save_file')));
  }
  const details = el('div', { class: 'sync-details', id: 'sync-details', hidden: !barOpen },
    el('ul', { class: 'facts' }, ...facts.map((fact) => el('li', {}, fact))),
    name ? el('p', { class: 'who', id: 'who' }, t('sync.account', { name })) : null,
    persisted ? null : el('p', { class: 'hint' }, t('sync.persist_refused')),
    el('div', { class: 'actions' }, ...actions));
  const focused = document.activeElement?.classList.contains('sync-line');
  bar.replaceChildren(...[line, alerts.length ? el('div', { class: 'sync-alerts' }, ...alerts) : null, details]
    .filter(Boolean));
  if (focused) line.focus({ preventScroll: true }); // a sync redrawing the line keeps the keyboard's place
}

/** The warning that the browser may delete the app's data: shown when persistent storage was
 * refused, until the volunteer dismisses it (remembered in localStorage; the sync line's
 * details keep saying it). */
async function askToPersist() {
  if (!navigator.storage?.persist) return;
  persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
  const note = document.getElementById('storage-note');
  if (!note) return;
  note.hidden = persisted || globalThis.localStorage?.getItem(NOTE_DISMISSED) === 'true';
  if (!note.hidden && !note.querySelector('button')) {
    note.append(el('button', { type: 'button', class: 'small', onclick: () => {
      globalThis.localStorage?.setItem(NOTE_DISMISSED, 'true');
      note.hidden = true;
    } }, t('storage.dismiss')));
  }
  renderBar();
}

// A live screen is not drawn again under a finger: the sync's redraw waits for the tap to end
// (its click, or half a second after the finger lifts without one).
let fingerDown = false;
let redrawWaiting = false;
let redrawTimer;
addEventListener('pointerdown', () => { fingerDown = true; }, true);
for (const type of ['pointerup', 'pointercancel', 'click']) {
  addEventListener(type, () => {
    fingerDown = false;
    clearTimeout(redrawTimer);
    if (redrawWaiting) redrawTimer = setTimeout(synced, type === 'click' ? 0 : 500);
  }, true);
}

function synced() {
  redrawWaiting = fingerDown;
  if (fingerDown || !current.live) return;
  app.refresh().then(() => performance.mark('fieldapp:synced')); // tests wait for it
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
  askToPersist();
  start();
}

openApp();
