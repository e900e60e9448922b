// The coverage rule of DOMAIN.md, a mirror of fieldapp/households/coverage.py: the phone
// derives a household's status offline exactly as the server does. Both implementations must
// pass tests/data/coverage_vectors.json (a copy of ../shared/data/coverage_vectors.json).

/** The plans' own wording; a deployment may configure another set of skill keys. */
export const DEFAULT_RULE = Object.freeze(['vneid_level2', 'vneid_login', 'dvc_login', 'dvc_submit']);

/** A person is capable when they hold every skill of the rule. */
export function isCapable(skills, rule = DEFAULT_RULE) {
  const held = new Set(skills);
  return rule.every((skill) => held.has(skill));
}

// Visit times are ISO 8601 strings with an offset; they are compared as instants, so
// "03:30Z" is later than "10:00+07:00". A time that cannot be read is an error, as in Python,
// rather than a visit that silently never counts as the latest.
function instant(visitedAt) {
  const time = visitedAt instanceof Date ? visitedAt.getTime() : Date.parse(visitedAt);
  if (Number.isNaN(time)) throw new RangeError(`not a visit time: ${visitedAt}`);
  return time;
}

/** Derive a household's status.
 *
 * `members` is an array of skill-key arrays, `visits` an array of {visited_at, outcome}.
 * The first that holds wins: inactive, covered, unvisited, then the latest visit's outcome
 * (met means in progress). Of two visits at the same instant the first listed counts, as
 * with Python's max(). */
export function householdStatus(inactive, members, visits, rule = DEFAULT_RULE) {
  if (inactive) return 'inactive';
  if (members.some((skills) => isCapable(skills, rule))) return 'covered';
  if (visits.length === 0) return 'unvisited';
  let latest = visits[0];
  let latestTime = instant(latest.visited_at);
  for (const visit of visits.slice(1)) {
    const time = instant(visit.visited_at);
    if (time > latestTime) [latest, latestTime] = [visit, time];
  }
  return latest.outcome === 'met' ? 'in_progress' : latest.outcome;
}

// --- Return visits (DOMAIN.md), a mirror of return_due_on in fieldapp/households/coverage.py:
// both pass tests/data/return_vectors.json.

export const DEFAULT_RETURN_AFTER_DAYS = 2;
export const COMMUNE_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const OFF_THE_QUEUE = new Set(['covered', 'inactive']);

const DAY = 86_400_000;
const formats = new Map(); // zone -> Intl.DateTimeFormat: slow to make
const offsets = new Map(); // "zone UTC-day" -> the zone's offset in ms all that UTC day, or null

function wallClock(timeZone, ms) {
  if (!formats.has(timeZone)) {
    formats.set(timeZone, new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }));
  }
  const part = {};
  for (const { type, value } of formats.get(timeZone).formatToParts(new Date(ms))) part[type] = Number(value);
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
}

// Formatting every visit is slow on a cheap phone (Home counts hundreds): the zone's offset is
// looked up once per UTC day, and taken as is when it is the same at both ends of that day.
function offsetOn(timeZone, ms) {
  const day = Math.floor(ms / DAY);
  const key = `${timeZone} ${day}`;
  if (!offsets.has(key)) {
    const first = wallClock(timeZone, day * DAY) - day * DAY;
    const last = wallClock(timeZone, (day + 1) * DAY - 1000) - ((day + 1) * DAY - 1000);
    offsets.set(key, first === last ? first : null);
  }
  return offsets.get(key) ?? wallClock(timeZone, Math.floor(ms / 1000) * 1000) - Math.floor(ms / 1000) * 1000;
}

/** The date (YYYY-MM-DD) of an instant (ISO string, Date or epoch ms) in the commune's time
 * zone, whatever the phone's. */
export function localDate(at, timeZone = COMMUNE_TIME_ZONE) {
  const ms = typeof at === 'number' ? at : instant(at);
  return new Date(ms + offsetOn(timeZone, ms)).toISOString().slice(0, 10);
}

function addDays(day, days) {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** The date (YYYY-MM-DD) a household is due for a return visit from, or null off the queue.
 *
 * `status` is the household's (householdStatus), `visits` an array of {visited_at, outcome,
 * next_visit_on}. Neither covered nor inactive, with a latest visit `not_home` or carrying a
 * next_visit_on: due from that date, or without one from the visit's local date + afterDays
 * (FIELDAPP_RETURN_AFTER_DAYS). Of two visits at the same instant the first listed counts. */
export function returnDueOn(status, visits, afterDays = DEFAULT_RETURN_AFTER_DAYS, timeZone = COMMUNE_TIME_ZONE) {
  if (OFF_THE_QUEUE.has(status) || visits.length === 0) return null;
  let latest = visits[0];
  let latestTime = instant(latest.visited_at);
  for (const visit of visits.slice(1)) {
    const time = instant(visit.visited_at);
    if (time > latestTime) [latest, latestTime] = [visit, time];
  }
  if (latest.next_visit_on) return latest.next_visit_on;
  if (latest.outcome === 'not_home') return addDays(localDate(latestTime, timeZone), afterDays);
  return null;
}

/** Due on `today` (a local YYYY-MM-DD): its return date is that day or earlier. */
export function isDue(dueOn, today) {
  return dueOn !== null && dueOn <= today;
}
