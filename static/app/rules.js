// Pure rules of the volunteer app (no DOM, no IndexedDB), tested under node --test.

/** Only what differs from `before`: an operation carries the changed fields alone. The
 * `force`d fields go in anyway (those of a refused operation being corrected). */
export function changes(before, after, force = []) {
  const data = {};
  for (const [name, value] of Object.entries(after)) {
    if ((before?.[name] ?? null) !== (value ?? null) || force.includes(name)) data[name] = value ?? null;
  }
  return data;
}

/** The visit with the latest time (the first of equal ones, as on the server). */
export function latestVisit(visits) {
  let latest = null;
  for (const visit of visits) {
    if (!latest || Date.parse(visit.visited_at) > Date.parse(latest.visited_at)) latest = visit;
  }
  return latest;
}

/** The household's current barriers (DOMAIN.md): those of its latest visit where someone was met. */
export function currentBarriers(visits) {
  return latestVisit(visits.filter((visit) => visit.outcome === 'met'))?.barriers ?? [];
}

const DONE = new Set(['covered', 'inactive']);

/** "Cần quay lại": households not yet covered whose return date is `on` or earlier, the
 * earliest date first. */
export function dueHouseholds(households, on) {
  return households
    .filter((household) => !household.deleted && !household.inactive && !DONE.has(household.status)
      && household.next_visit_on && household.next_visit_on <= on)
    .sort((a, b) => a.next_visit_on.localeCompare(b.next_visit_on) || a.head_name.localeCompare(b.head_name, 'vi'));
}

/** Per village id: {active, covered} households; inactive and deleted ones count nowhere. */
export function villageCounts(households) {
  const counts = new Map();
  for (const household of households) {
    if (household.deleted || household.inactive || household.status === 'inactive') continue;
    const count = counts.get(household.village_id) ?? { active: 0, covered: 0 };
    count.active += 1;
    if (household.status === 'covered') count.covered += 1;
    counts.set(household.village_id, count);
  }
  return counts;
}

/** Covered share in percent with one decimal, 0 for no household. */
export function coveredPercent({ active, covered }) {
  return active ? Math.round((1000 * covered) / active) / 10 : 0;
}
