// Sends the outbox and fetches what changed (SYNC.md), in one round trip when it can: the last
// push carries the pull's cursor and its answer the pull's first page. An `applied` or
// `duplicate` answer removes an operation; a `rejected` one moves it aside with its messages
// (db.settle), for the volunteer to correct or give up; anything else (no network, a 5xx, an
// expired session) keeps it in the outbox. syncOnce is also what the service worker runs for
// Background Sync.
import {
  applyPull, getMeta, pendingCount, pendingOps, resetReplica, setMeta, settle, waitingCount,
} from './db.js';

const MAX_OPS = 500;
const PULL_LIMIT = 5000;
export const SYNC_TAG = 'fieldapp-sync';
const listeners = new Set();
let running = null;
let again = false; // a change made during a sync is sent by one more round right after
let failures = 0;
let retryTimer = null;
let csrf = null;
let stopped = false; // a phone being wiped syncs no more

/** The session has expired: every operation stays until the volunteer logs in again. */
export class LoginNeeded extends Error {}
/** The server refuses this phone for good (403: the account is disabled, or the office revoked
 * the phone): the work waiting is offered as a file, then the phone is wiped (account.js). */
export class AccountClosed extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}
/** The server's session is another user's, and this phone holds the first one's work. */
export class OtherUser extends Error {}

export function onChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function notify(state) {
  const pending = await pendingCount();
  for (const listener of listeners) listener({ pending, ...state });
}

const CLOSING = ['account_deactivated', 'device_revoked'];
const MUST_WIPE = 'fieldapp-must-wipe'; // in localStorage too: read before anything is drawn

/** Remember that the phone must be wiped, so that reopening the app shows nothing else: in
 * IndexedDB (the worker's Background Sync may be the one told) and in localStorage. */
async function markClosed(reason) {
  globalThis.localStorage?.setItem(MUST_WIPE, reason);
  await setMeta('must_wipe', reason);
}

/** Why this phone must be wiped ('account_deactivated', 'device_revoked'), or null. */
export async function closedReason() {
  return globalThis.localStorage?.getItem(MUST_WIPE) || (await getMeta('must_wipe')) || null;
}

/** After the wipe: nothing is left to wipe, and the next login starts afresh. */
export function forgetClosed() {
  globalThis.localStorage?.removeItem(MUST_WIPE);
}

async function check(response, what) {
  if (response.status === 401) throw new LoginNeeded();
  if (response.status === 403) {
    const code = (await response.clone().json().catch(() => null))?.error?.code;
    if (CLOSING.includes(code)) {
      await markClosed(code);
      throw new AccountClosed(code);
    }
  }
  if (!response.ok) throw new Error(`${what} ${response.status}`);
  return response.json();
}

/** Remember who is logged in and what the phone needs offline. The CSRF token is kept in
 * memory only, for as long as the page (or worker) lives. */
export async function rememberSession({ csrf_token: token, ...session }) {
  const known = await getMeta('session');
  if (known && known.user.id !== session.user.id) {
    const waiting = await waitingCount();
    if (waiting) throw new OtherUser(known.user.username);
    await resetReplica();
  }
  await setMeta('session', session);
  csrf = token;
  return token;
}

/** The session's CSRF token; fetched (and the session checked) once, then again only when the
 * server refuses it or answers for another user. */
async function csrfToken() {
  if (csrf) return csrf;
  const response = await fetch('/api/v1/session', { credentials: 'same-origin' });
  return rememberSession(await check(response, 'session'));
}

async function isCsrfFailure(response) {
  if (response.status !== 400) return false;
  const body = await response.clone().json().catch(() => null);
  return body?.error?.code === 'csrf_failed';
}

async function deviceId() {
  let id = await getMeta('device_id');
  if (!id) {
    id = crypto.randomUUID();
    await setMeta('device_id', id);
  }
  return id;
}

/** The version of the app shell: the page's, or the worker's for Background Sync. */
function appVersion() {
  return globalThis.document?.querySelector('meta[name="app-version"]')?.content
    || globalThis.FIELDAPP_VERSION || null;
}

/** Every pull and push names the phone, so that the office can see it and revoke it. */
async function phoneHeaders() {
  const version = appVersion();
  return { 'X-Device-Id': await deviceId(), ...(version ? { 'X-App-Version': version } : {}) };
}

async function sendPush(body) {
  const send = async () => fetch('/api/v1/sync/push', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': await csrfToken(), ...(await phoneHeaders()) },
    body: JSON.stringify(body),
  });
  let response = await send();
  if (await isCsrfFailure(response)) { // a new session since (logged in again): a new token
    csrf = null;
    response = await send();
  }
  return check(response, 'push');
}

/** Send the outbox. The last push asks for the pull too (SYNC.md): its page is returned. */
async function push() {
  for (;;) {
    const ops = await pendingOps(MAX_OPS);
    if (ops.length === 0) return null;
    const body = { device_id: await deviceId(), ops: ops.map(({ position, ...op }) => op) };
    const last = ops.length < MAX_OPS;
    if (last) Object.assign(body, { cursor: (await getMeta('cursor')) || '', limit: PULL_LIMIT });
    const answer = await sendPush(body);
    await settle(answer.results);
    if (last) return answer.pull ?? null;
  }
}

/** Keep a page only if it is this phone's user's: else check the session again (which resets
 * the replica, or refuses when another user's work is waiting) and say to pull again. */
async function keep(page) {
  const session = await getMeta('session');
  if (page.user_id !== undefined && session && page.user_id !== session.user.id) {
    csrf = null;
    await csrfToken();
    return false;
  }
  await applyPull(page);
  return true;
}

async function pull() {
  for (;;) {
    const cursor = (await getMeta('cursor')) || '';
    const query = new URLSearchParams({ cursor, limit: String(PULL_LIMIT) });
    const page = await check(await fetch(`/api/v1/sync/pull?${query}`,
      { credentials: 'same-origin', headers: await phoneHeaders() }), 'pull');
    if ((await keep(page)) && !page.more) return;
  }
}

/** One push then pull; throws on any failure, having lost nothing. */
export async function syncOnce() {
  await csrfToken(); // the first sync of a page also learns who is logged in (after /login)
  const page = await push();
  if (!page || !(await keep(page)) || page.more) await pull();
  await setMeta('last_sync', new Date().toISOString());
}

function errorKind(error) {
  if (error instanceof LoginNeeded) return 'login';
  if (error instanceof AccountClosed) return 'closed';
  if (error instanceof OtherUser) return 'other_user';
  return /^(push|pull|session) 5/.test(error.message) ? 'server' : 'network';
}

/** Ask the browser to sync for us once the network is back, even with the app closed. */
export function requestBackgroundSync() {
  navigator.serviceWorker?.ready.then((registration) => registration.sync?.register(SYNC_TAG))
    .catch(() => {}); // not available: the timer and the `online` event still sync
}

/** Push then pull, once at a time; on failure retry later with backoff and jitter. */
export function syncNow() {
  if (stopped) return Promise.resolve();
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    clearTimeout(retryTimer);
    again = false;
    try {
      await notify({ syncing: true });
      await syncOnce();
      failures = 0;
      await notify({ syncing: false });
    } catch (error) {
      failures += 1;
      const kind = errorKind(error);
      await notify({ syncing: false, error: kind, owner: error instanceof OtherUser ? error.message : null,
        reason: error instanceof AccountClosed ? error.reason : null });
      if (kind === 'network' || kind === 'server') {
        const delay = Math.min(300_000, 2_000 * 2 ** Math.min(failures, 8)) * (0.5 + Math.random());
        retryTimer = setTimeout(syncNow, delay);
        requestBackgroundSync();
      }
    } finally {
      running = null;
    }
    if (again && failures === 0) await syncNow();
  })();
  return running;
}

/** No more syncing from this page: the phone is being wiped. */
export function stopSync() {
  stopped = true;
  clearTimeout(retryTimer);
}

export function startSync() {
  window.addEventListener('online', syncNow);
  setInterval(() => navigator.onLine && syncNow(), 60_000);
  if (navigator.onLine) syncNow();
}
