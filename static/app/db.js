// The only module that knows IndexedDB: the replica of the volunteer's villages, the outbox of
// operations not yet acknowledged, the operations the server refused, and the sync state.
// Upgrades are additive (`if (oldVersion < N)`): no upgrade ever drops the outbox.
import { openDB, deleteDB } from '/static/vendor/idb/index.js';

const NAME = 'fieldapp';
const VERSION = 1;
export const OUTBOX_CHANGED = 'fieldapp:outbox';
export const RECORD_STORES = ['villages', 'households', 'members', 'visits', 'conflicts'];
const STORE_OF_TYPE = {
  'household.upsert': 'households', 'household.deactivate': 'households',
  'member.upsert': 'members', 'member.delete': 'members', 'visit.create': 'visits',
};

let opened;
let wiped = false;

export function db() {
  // After a wipe nothing may open (and so create) the database again before the page goes.
  if (wiped) return Promise.reject(new Error('local data wiped'));
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
    // Another tab (or the worker) upgrading or wiping the database: let it. After a wipe
    // (no new version) nothing here may open, and so create, the database again.
    blocking(currentVersion, blockedVersion) {
      opened?.then((database) => database.close());
      opened = undefined;
      if (blockedVersion === null) wiped = true;
    },
  });
  return opened;
}

function outboxChanged() {
  globalThis.dispatchEvent?.(new Event(OUTBOX_CHANGED));
}

/** Record one user action: `change(tx)` writes the replica and `op` (or the operations of an
 * array, in order) joins the outbox, in one transaction, so neither exists without the other.
 * `replacing` names a refused operation that this one corrects: it leaves the list of refused
 * operations in the same transaction; when it made a household, the refused operations on that
 * household's people and visits (refused because it was missing) go back into the outbox after
 * it, so a new household's head is not refused twice. */
export async function record(op, stores, change, { replacing } = {}) {
  const names = [...new Set([...stores, 'outbox', ...(replacing ? ['rejected'] : [])])];
  const tx = (await db()).transaction(names, 'readwrite');
  await change(tx);
  const outbox = tx.objectStore('outbox');
  for (const each of [op].flat()) await outbox.add(each);
  if (replacing) {
    const rejected = tx.objectStore('rejected');
    const fixed = await rejected.get(replacing);
    await rejected.delete(replacing);
    const dependants = fixed?.type === 'household.upsert' && fixed.base_version === null
      ? (await rejected.getAll()).filter((other) => other.data?.household_id === fixed.entity_id) : [];
    for (const { position, errors, ...again } of dependants.sort((a, b) => (a.position ?? 0) - (b.position ?? 0))) {
      await outbox.add(again); // at the end of the outbox: after the household they need
      await rejected.delete(again.op_id);
    }
  }
  await tx.done;
  outboxChanged();
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
    if (['applied', 'duplicate', 'rejected'].includes(result.status)) await outbox.delete(key);
  }
  await tx.done; // no OUTBOX_CHANGED: that means a new change to send; the sync redraws the bar
}

/** Operations not accepted by the server yet: waiting to be sent, or refused and kept aside. */
export async function waitingCount() {
  return (await pendingCount()) + (await (await db()).count('rejected'));
}

export async function rejectedOps() {
  return (await db()).getAll('rejected');
}

export async function rejectedOp(opId) {
  return (await db()).get('rejected', opId);
}

/** Give up a refused operation. A record that only this phone had (made by the refused
 * operation) goes from the replica; everything else is fetched again from the server, which
 * holds the truth the refused change never reached. */
export async function discardRejected(opId) {
  const tx = (await db()).transaction(['rejected', 'meta', ...RECORD_STORES], 'readwrite');
  const op = await tx.objectStore('rejected').get(opId);
  if (op) {
    const store = tx.objectStore(STORE_OF_TYPE[op.type]);
    const row = await store.get(op.entity_id);
    if (row && row.version === undefined) await store.delete(op.entity_id);
    await tx.objectStore('rejected').delete(opId);
    await tx.objectStore('meta').delete('cursor');
  }
  await tx.done;
  outboxChanged();
}

/** Ids of the records that pending operations change: a pull must not overwrite the phone's
 * newer values with the server's older ones before they are sent. */
function pendingIds(ops) {
  const ids = new Set();
  for (const op of ops) {
    ids.add(op.entity_id);
    if (op.data?.household_id) ids.add(op.data.household_id);
  }
  return ids;
}

/** Apply a pull page to the replica; on `reset` everything is dropped first (the outbox stays). */
export async function applyPull(page) {
  const tx = (await db()).transaction([...RECORD_STORES, 'meta', 'outbox'], 'readwrite');
  const pending = pendingIds(await tx.objectStore('outbox').getAll());
  if (page.reset) await Promise.all(RECORD_STORES.map((store) => tx.objectStore(store).clear()));
  for (const store of RECORD_STORES) {
    for (const row of page[store] ?? []) {
      if (!pending.has(row.id)) await tx.objectStore(store).put(row);
    }
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

export async function get(store, id) {
  return (await db()).get(store, id);
}

export async function byIndex(store, index, key) {
  return (await db()).getAllFromIndex(store, index, key);
}

/** Everything not yet accepted by the server, as a push body an officer can upload. */
export async function pendingWork() {
  const [ops, rejected, deviceId, session] = await Promise.all([
    all('outbox'), rejectedOps(), getMeta('device_id'), getMeta('session')]);
  return {
    device_id: deviceId ?? null,
    username: session?.user?.username ?? null,
    saved_at: new Date().toISOString(),
    ops: [...ops, ...rejected].map(({ position, errors, ...op }) => op),
  };
}

/** Drop the replica and the sync state (another volunteer now uses this phone). */
export async function resetReplica() {
  const tx = (await db()).transaction([...RECORD_STORES, 'meta'], 'readwrite');
  await Promise.all(RECORD_STORES.map((store) => tx.objectStore(store).clear()));
  await Promise.all(['cursor', 'last_sync', 'session'].map((key) => tx.objectStore('meta').delete(key)));
  await tx.done;
}

/** Whether the database is there at all (a worker must not create it again after a wipe). */
export async function exists() {
  return (await indexedDB.databases()).some((database) => database.name === NAME);
}

/** Forget everything on this phone (logout, lost phone). */
export async function wipe() {
  wiped = true;
  const database = await opened;
  database?.close();
  opened = undefined;
  await deleteDB(NAME);
}
