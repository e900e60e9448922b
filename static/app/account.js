// Who is logged in, logging in again inside the app (the work waits, nothing is lost), saving
// pending work to a file, logging out (which wipes the phone only when nothing would be lost),
// and the wipe of a phone the server refuses for good.
import { ask, el, field } from './dom.js';
import { getMeta, pendingWork, waitingCount, wipe } from './db.js';
import { t } from './i18n.js';
import { forgetClosed, rememberSession } from './sync.js';

async function currentUser() {
  return (await getMeta('session'))?.user ?? null;
}

/** Download everything not yet accepted by the server as a JSON file (SYNC.md's escape hatch). */
export async function savePendingWork() {
  const work = await pendingWork();
  const blob = new Blob([JSON.stringify(work, null, 1)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const stamp = work.saved_at.slice(0, 16).replace(/[-:T]/g, '');
  const anchor = el('a', { href: url, download: `fieldapp-${work.username ?? 'pending'}-${stamp}.json` });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return work.ops.length;
}

async function apiLogin(username, password) {
  const response = await fetch('/api/v1/session', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'Accept-Language': document.documentElement.lang },
    body: JSON.stringify({ username, password, remember: true }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error?.message ?? t('login.failed'));
  return body;
}

/** The login screen inside the app. With work waiting, only its owner may log in here. */
export async function loginScreen({ done }) {
  const owner = await currentUser();
  const waiting = await waitingCount();
  const username = el('input', { name: 'username', autocomplete: 'username', autocapitalize: 'none',
    required: true, value: owner?.username ?? '', readonly: Boolean(waiting && owner) });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password',
    required: true });
  const message = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'card narrow', novalidate: true },
    el('h1', {}, t(owner ? 'login.title' : 'button.login')),
    waiting ? el('p', {}, t('login.waiting', { n: waiting })) : null,
    field(t('login.username'), username), field(t('login.password'), password), message,
    el('button', { type: 'submit', class: 'primary' }, t('button.login')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    if (!navigator.onLine) {
      message.textContent = t('login.offline');
      return;
    }
    try {
      await rememberSession(await apiLogin(username.value, password.value));
      done();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return form;
}

const LOGGED_OUT = 'fieldapp-logged-out'; // in localStorage: survives the wipe of IndexedDB

/** End the server's session; offline, remember to do it once the network is back. */
export async function endServerSession() {
  try {
    const response = await fetch('/api/v1/session', { credentials: 'same-origin' });
    if (response.ok) {
      const { csrf_token: token } = await response.json();
      const ended = await fetch('/api/v1/session', { method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRFToken': token } });
      if (!ended.ok) throw new Error(`logout ${ended.status}`);
    } else if (response.status !== 401) {
      throw new Error(`session ${response.status}`);
    }
    localStorage.removeItem(LOGGED_OUT);
    return true;
  } catch {
    localStorage.setItem(LOGGED_OUT, '1');
    return false;
  }
}

/** A logout made offline ends the server's session at the first chance. */
export function loggedOutOffline() {
  return localStorage.getItem(LOGGED_OUT) === '1';
}

/** Log out: with pending work, the volunteer saves it to a file or confirms losing it first. */
export async function logOut() {
  const waiting = await waitingCount();
  if (waiting) {
    const choice = await ask(t('logout.pending', { n: waiting }), [
      { label: t('sync.save_file'), value: 'save', primary: true },
      { label: t('logout.discard', { n: waiting }), value: 'discard' },
      { label: t('button.cancel'), value: null },
    ]);
    if (choice === null) return false;
    if (choice === 'save') {
      await savePendingWork();
      const sure = await ask(t('logout.saved'), [
        { label: t('button.logout'), value: true, primary: true }, { label: t('button.cancel'), value: false }]);
      if (!sure) return false;
    }
  }
  const ended = await endServerSession();
  await wipe();
  if (ended) window.location.assign('/login');
  else { // offline: the login page is not cached, the app's own login screen is
    window.history.replaceState(null, '', '/app#/login');
    window.location.reload();
  }
  return true;
}

/** Drop the app's caches and its worker too: a revoked phone keeps nothing of the app. */
async function forgetCaches() {
  await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
  const registrations = (await navigator.serviceWorker?.getRegistrations()) ?? [];
  await Promise.all(registrations.map((registration) => registration.unregister()));
}

/** The server refused this phone for good (its account disabled, or the phone revoked): it
 * forgets everything, the replica, the outbox, the app's caches and its worker. The mark that
 * asked for the wipe goes last, so that a wipe cut short is done at the next opening. */
export async function wipeEverything() {
  await wipe();
  await forgetCaches();
  forgetClosed();
}
