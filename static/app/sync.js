// Sends the outbox and fetches what changed (SYNC.md). Only an `applied` or `duplicate` answer
// removes an operation; anything else (no network, a 5xx, an expired session) keeps it.
// syncOnce is also what the service worker runs for Background Sync.
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

/** The session has expired: every operation stays until the volunteer logs in again. */
export class LoginNeeded extends Error {}
/** The account was deactivated (403): the work stays on the phone, to hand over by file. */
export class AccountClosed extends Error {}
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

async function check(response, what) {
  if (response.status === 401) throw new LoginNeeded();
  if (response.status === 403) throw new AccountClosed();
  if (!response.ok) throw new Error(`${what} ${response.status}`);
  return response.json();
}

/** Remember who is logged in and what the phone needs offline; the CSRF token is not kept. */
export async function rememberSession({ csrf_token: token, ...session }) {
  const known = await getMeta('session');
  if (known && known.user.id !== session.user.id) {
    const waiting = await waitingCount();
    if (waiting) throw new OtherUser(known.user.username);
    await resetReplica();
  }
  await setMeta('session', session);
  return token;
}

async function csrfToken() {
  const response = await fetch('/api/v1/session', { credentials: 'same-origin' });
  return rememberSession(await check(response, 'session'));
}

async function deviceId() {
  let id = await getMeta('device_id');
  if (!id) {
    id = crypto.randomUUID();
    await setMeta('device_id', id);
  }
  return id;
}

async function push(token) {
  for (;;) {
    const ops = await pendingOps(MAX_OPS);
    if (ops.length === 0) return;
    const response = await fetch('/api/v1/sync/push', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token },
      body: JSON.stringify({ device_id: await deviceId(), ops: ops.map(({ position, ...op }) => op) }),
    });
    await settle((await check(response, 'push')).results);
  }
}

async function pull() {
  for (;;) {
    const cursor = (await getMeta('cursor')) || '';
    const query = new URLSearchParams({ cursor, limit: String(PULL_LIMIT) });
    const page = await check(await fetch(`/api/v1/sync/pull?${query}`, { credentials: 'same-origin' }), 'pull');
    await applyPull(page);
    if (!page.more) return;
  }
}

/** One push then pull; throws on any failure, having lost nothing. */
export async function syncOnce() {
  await push(await csrfToken());
  await pull();
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
      await notify({ syncing: false, error: kind, owner: error instanceof OtherUser ? error.message : null });
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

export function startSync() {
  window.addEventListener('online', syncNow);
  setInterval(() => navigator.onLine && syncNow(), 60_000);
  if (navigator.onLine) syncNow();
}
