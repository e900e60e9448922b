// The coverage rule of DOMAIN.md, a mirror of fieldapp/households/coverage.py: the phone
// derives a household's status offline exactly as the server does. Both implementations must
// pass ../shared/data/coverage_vectors.json.

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
