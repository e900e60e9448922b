// Pure rules of the volunteer app (no DOM, no IndexedDB), tested under node --test.
import { isDue, returnDueOn } from './coverage.js';

// A blank text is no value: the server stores "" as null, so the form's empty input and the
// record's null are the same value, and a field cleared on purpose goes out as null.
const valueOf = (value) => (value === undefined || value === '' ? null : value);

/** Only what the volunteer changed from `before` (the record the form showed): an edit never
 * carries an untouched field, which would overwrite a colleague's newer value of it. A new
 * record (no `before`) carries every field that has a value. The `force`d fields go in anyway
 * (those of a refused operation being corrected). */
export function changes(before, after, force = []) {
  const data = {};
  for (const [name, value] of Object.entries(after)) {
    if (valueOf(before?.[name]) !== valueOf(value) || force.includes(name)) data[name] = valueOf(value);
  }
  return data;
}

/** A member's skills (an array of keys) with `skill` held or not; the others untouched. */
export function withSkill(skills, skill, held) {
  const next = (skills ?? []).filter((key) => key !== skill);
  return held ? [...next, skill] : next;
}

/** The groups that differ between two arrays of keys, as an operation carries them:
 * {"youth_union": true, "student": false}; a new member (`before` null) carries only those ticked. */
export function groupChanges(before, after) {
  const had = new Set(before ?? []);
  const has = new Set(after ?? []);
  const changed = {};
  for (const key of has) if (!had.has(key)) changed[key] = true;
  for (const key of had) if (!has.has(key)) changed[key] = false;
  return changed;
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

/** The household's latest visit as its record keeps it (the server's row and ops.js keep
 * `last_visit_at` and `next_visit_on`; while neither covered nor inactive, its status is that
 * visit's outcome), or null before any visit. */
export function latestVisitOf(household) {
  if (!household.last_visit_at) return null;
  const outcome = household.status === 'in_progress' ? 'met' : household.status;
  return { visited_at: household.last_visit_at, outcome, next_visit_on: household.next_visit_on ?? null };
}

/** "Cần quay lại": households due for a return visit on `on` (the commune's local date) or
 * earlier, by the rule of DOMAIN.md (coverage.js returnDueOn), the earliest date first; each
 * with its `due_on`. */
export function dueHouseholds(households, on, { returnAfterDays, timeZone } = {}) {
  return households
    .filter((household) => !household.deleted && !household.inactive)
    .map((household) => {
      const latest = latestVisitOf(household);
      return { ...household, due_on: returnDueOn(household.status, latest ? [latest] : [], returnAfterDays, timeZone) };
    })
    .filter((household) => isDue(household.due_on, on))
    .sort((a, b) => a.due_on.localeCompare(b.due_on) || a.head_name.localeCompare(b.head_name, 'vi'));
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
