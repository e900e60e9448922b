/* The volunteer app's service worker, served at /sw.js by fieldapp/pwa/views.py, which puts
 * VERSION (a hash of the shell files' contents), LANGUAGE (the user's), SHELL (their URLs, with
 * that language's strings) and LATER (modules kept out of the first load, the other language)
 * in front of this file: every deploy that changes a shell file, and a change of language,
 * installs a new cache and deletes the old ones.
 * The new worker takes over at once (skipWaiting, clients.claim). A page open across an update
 * keeps the modules it has loaded until it is reopened, but a module it loads later (LATER)
 * is the new version's: unbuilt, the same URL with new code; built, an old hashed name that
 * this worker does not hold and the server no longer has. The outbox is never touched.
 * A module worker: Background Sync runs the app's own sync code, not a copy of it. */
/* global VERSION, LANGUAGE, SHELL, LATER */
import { exists } from '/static/app/db.js';
import { AccountClosed, SYNC_TAG, syncOnce } from '/static/app/sync.js';

const CACHE = `fieldapp-shell-${VERSION}-${LANGUAGE}`;
globalThis.FIELDAPP_VERSION = VERSION; // sent as X-App-Version by the syncs made from here

async function precache() {
  // The first install follows the page's own first load, whose files are in the HTTP cache and
  // current: taking them from there halves the first visit's requests. Updates revalidate.
  const first = !(await caches.keys()).some((name) => name.startsWith('fieldapp-shell-'));
  const cache = await caches.open(CACHE);
  // LATER modules come with their first use, then with every update: this cache holds one version.
  await Promise.all((first ? SHELL : [...SHELL, ...LATER]).map(async (url) => {
    const response = await fetch(url, { credentials: 'same-origin', cache: first ? 'force-cache' : 'no-cache' });
    // A redirect (to the login page) or an error must not be cached as part of the shell.
    if (!response.ok || response.redirected) throw new Error(`precache ${url}: ${response.status}`);
    await cache.put(url, response);
  }));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith('fieldapp-shell-') && name !== CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return; // data goes through sync, never a cache
  const key = event.request.mode === 'navigate' && url.pathname.startsWith('/app') ? '/app' : url.pathname;
  const later = LATER.includes(key);
  if (!SHELL.includes(key) && !later) return;
  event.respondWith((async () => {
    const cached = await caches.match(key, { cacheName: CACHE });
    if (cached) return cached;
    const response = await fetch(event.request);
    if (later && response.ok && !response.redirected) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
    }
    return response;
  })());
});

// Background Sync: the browser wakes the worker once the network is back, app open or not. A
// failure (still offline, session expired) rejects, and the browser tries again later.
self.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil((async () => {
    if (!(await exists())) return; // wiped by a logout since: nothing to send
    let told = 'synced';
    try {
      await syncOnce();
    } catch (error) {
      if (!(error instanceof AccountClosed)) throw error;
      told = 'closed'; // marked in IndexedDB by sync.js: the app shows only the wipe from now on
    }
    for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(told);
  })());
});
