// Sends the outbox and fetches what changed (SYNC.md). Only an `applied` or `duplicate` answer
// removes an operation; anything else (no network, a 5xx, an expired session) keeps it.
import { applyPull, getMeta, pendingCount, pendingOps, setMeta, settle } from './db.js';

const MAX_OPS = 500;
const PULL_LIMIT = 5000;
const listeners = new Set();
let running = null;
let failures = 0;
let retryTimer = null;

export class LoginNeeded extends Error {}

export function onChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function notify(state) {
  const pending = await pendingCount();
  for (const listener of listeners) listener({ pending, ...state });
}

async function csrfToken() {
  const response = await fetch('/api/v1/session', { credentials: 'same-origin' });
  if (response.status === 401) throw new LoginNeeded();
  if (!response.ok) throw new Error(`session ${response.status}`);
  return (await response.json()).csrf_token;
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
    if (response.status === 401) throw new LoginNeeded();
    if (!response.ok) throw new Error(`push ${response.status}`);
    await settle((await response.json()).results);
  }
}

async function pull() {
  for (;;) {
    const cursor = (await getMeta('cursor')) || '';
    const query = new URLSearchParams({ cursor, limit: String(PULL_LIMIT) });
    const response = await fetch(`/api/v1/sync/pull?${query}`, { credentials: 'same-origin' });
    if (response.status === 401) throw new LoginNeeded();
    if (!response.ok) throw new Error(`pull ${response.status}`);
    const page = await response.json();
    await applyPull(page);
    if (!page.more) return;
  }
}

/** Push then pull, once at a time; on failure retry later with backoff and jitter. */
export function syncNow() {
  running ??= (async () => {
    clearTimeout(retryTimer);
    try {
      await notify({ syncing: true });
      await push(await csrfToken());
      await pull();
      failures = 0;
      await setMeta('last_sync', new Date().toISOString());
      await notify({ syncing: false, lastSync: await getMeta('last_sync') });
    } catch (error) {
      failures += 1;
      await notify({ syncing: false, error: error instanceof LoginNeeded ? 'login' : 'network' });
      if (!(error instanceof LoginNeeded)) {
        const delay = Math.min(300_000, 2_000 * 2 ** Math.min(failures, 8)) * (0.5 + Math.random());
        retryTimer = setTimeout(syncNow, delay);
      }
    } finally {
      running = null;
    }
  })();
  return running;
}

export function startSync() {
  window.addEventListener('online', syncNow);
  setInterval(() => navigator.onLine && syncNow(), 60_000);
  if (navigator.onLine) syncNow();
}
