// The only module that knows IndexedDB: the replica of the volunteer's villages, the outbox of
// operations not yet acknowledged, the operations the server refused, and the sync state.
// Upgrades are additive (`if (oldVersion < N)`): no upgrade ever drops the outbox.
import { openDB } from '/static/vendor/idb/index.js';

const NAME = 'fieldapp';
const VERSION = 1;
export const OUTBOX_CHANGED = 'fieldapp:outbox';
export const RECORD_STORES = ['villages', 'households', 'members', 'visits', 'conflicts'];

let opened;

export function db() {
  opened ??= openDB(NAME, VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('villages', { keyPath: 'id' });
        database.createObjectStore('households', { keyPath: 'id' }).createIndex('village_id', 'village_id');
        database.createObjectStore('members', { keyPath: 'id' }).createIndex('household_id', 'household_id');
        database.createObjectStore('visits', { keyPath: 'id' }).createIndex('household_id', 'household_id');
        database.createObjectStore('conflicts', { keyPath: 'id' });
        database.createObjectStore('outbox', { keyPath: 'position', autoIncrement: true })
          .createIndex('op_id', 'op_id', { unique: true });
        database.createObjectStore('rejected', { keyPath: 'op_id' });
        database.createObjectStore('meta');
      }
    },
  });
  return opened;
}

/** Record one user action: the change to the replica and its operation, in one transaction. */
export async function record(store, row, op) {
  const tx = (await db()).transaction([store, 'outbox'], 'readwrite');
  const current = (await tx.objectStore(store).get(row.id)) || {};
  await Promise.all([
    tx.objectStore(store).put({ ...current, ...row }),
    tx.objectStore('outbox').add(op),
    tx.done,
  ]);
  globalThis.dispatchEvent?.(new Event(OUTBOX_CHANGED));
}

export async function pendingOps(limit = 500) {
  return (await db()).getAll('outbox', null, limit);
}

export async function pendingCount() {
  return (await db()).count('outbox');
}

/** Drop acknowledged operations; keep refused ones aside, with their messages, for the volunteer. */
export async function settle(results) {
  const tx = (await db()).transaction(['outbox', 'rejected'], 'readwrite');
  const outbox = tx.objectStore('outbox');
  for (const result of results) {
    const key = await outbox.index('op_id').getKey(result.op_id);
    if (key === undefined) continue;
    if (result.status === 'rejected') {
      const op = await outbox.get(key);
      await tx.objectStore('rejected').put({ ...op, errors: result.errors });
    }
    if (result.status === 'applied' || result.status === 'duplicate' || result.status === 'rejected') {
      await outbox.delete(key);
    }
  }
  await tx.done;
}

export async function rejectedOps() {
  return (await db()).getAll('rejected');
}

/** Apply a pull page to the replica; on `reset` everything is dropped first (the outbox stays). */
export async function applyPull(page) {
  const tx = (await db()).transaction([...RECORD_STORES, 'meta'], 'readwrite');
  if (page.reset) await Promise.all(RECORD_STORES.map((store) => tx.objectStore(store).clear()));
  for (const store of RECORD_STORES) {
    for (const row of page[store]) await tx.objectStore(store).put(row);
  }
  await tx.objectStore('meta').put(page.cursor, 'cursor');
  await tx.done;
}

export async function getMeta(key) {
  return (await db()).get('meta', key);
}

export async function setMeta(key, value) {
  return (await db()).put('meta', value, key);
}

export async function all(store) {
  return (await db()).getAll(store);
}
