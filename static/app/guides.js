// Guide cards for citizens (issue 8): /guides.json holds every card, its drawings and QR codes
// (SVG text), and is kept in a cache of its own, so that every card opens offline. Like this
// module, it is not part of the first load: the app fetches it once it runs under the service
// worker, and refreshes it at each start online. The pure functions are tested by node --test.
export const GUIDE_CACHE = 'fieldapp-guides';
export const BUNDLE = '/guides.json';

export function findGuide(bundle, slug) {
  return bundle?.guides.find((guide) => guide.slug === slug) ?? null;
}

/** SVG text as an image address: drawn by <img>, where no script of it could ever run. */
export function svgImage(svg) {
  return `data:image/svg+xml,${encodeURIComponent(svg ?? '')}`;
}

/** A step number that exists: 0 ≤ n < number of steps. */
export function clampStep(guide, n) {
  return Math.min(Math.max(Number.isInteger(n) ? n : 0, 0), guide.steps.length - 1);
}

/** The guide's skills the member does not have yet: what finishing the card offers to tick. */
export function skillsToTick(guide, member) {
  const held = new Set(member?.skills ?? []);
  return guide.skills.filter((skill) => !held.has(skill));
}

/** The part of an app route that carries the household a card was opened from. */
export function householdPrefix(householdId) {
  return householdId ? `/h/${householdId}` : '';
}

/** Where the cards of the user's commune are: its QR codes and links then carry the commune's
 * code (the page a citizen scans shows the commune's hotline and help points). */
export function bundleAddress(session) {
  const code = session?.commune?.code;
  return code ? `${BUNDLE}?commune=${encodeURIComponent(code)}` : BUNDLE;
}

/** Fetch the cards again (a 304 when unchanged) and keep them, under BUNDLE whatever the
 * commune. Resolves to the bundle. */
export async function refreshGuides(address = BUNDLE) {
  const response = await fetch(address, { cache: 'no-cache', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${address}: ${response.status}`);
  const bundle = await response.clone().json();
  await (await caches.open(GUIDE_CACHE)).put(BUNDLE, response);
  return bundle;
}

/** The cards: the kept copy, else (first use, online) the server's, kept for next time. */
export async function loadGuides(address = BUNDLE) {
  const kept = await caches.match(BUNDLE, { cacheName: GUIDE_CACHE, ignoreVary: true });
  if (kept) return kept.json();
  return refreshGuides(address).catch(() => null); // offline and never fetched
}
