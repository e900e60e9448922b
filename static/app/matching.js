// Each household once: the likely-duplicate rule, a mirror of fieldapp/households/matching.py,
// checked on both sides by tests/data/duplicate_vectors.json. Two households of one village
// are likely the same when they have the same phone, or the same head name and the same
// address, compared folded (accents and case ignored) with punctuation read as a space.
import { fold, normalisePhone } from './text.js';

const PUNCTUATION = /[\s\x85.,;:/\\#()\-_'"]+/g;
export const REASONS = ['name', 'address', 'phone'];

/** The key names and addresses are compared by: "Xóm 3," and "xom 3" give "xom 3". */
export function matchKey(value) {
  return fold(value).replace(PUNCTUATION, ' ').trim();
}

function matchPhone(value) {
  return normalisePhone(value) ?? '';
}

/** What two households share ({head_name, address, phone}), in REASONS' order, when the rule
 * says they are likely one; [] when not. */
export function duplicateReasons(a, b) {
  const shared = [];
  const name = matchKey(a.head_name);
  if (name && name === matchKey(b.head_name)) shared.push('name');
  const address = matchKey(a.address);
  if (address && address === matchKey(b.address)) shared.push('address');
  const phone = matchPhone(a.phone);
  if (phone && phone === matchPhone(b.phone)) shared.push('phone');
  const likely = shared.includes('phone') || (shared.includes('name') && shared.includes('address'));
  return likely ? shared : [];
}

/** The live households of the candidate's village that are likely the same household, with
 * what they share, the most alike first. */
export function likelyMatches(candidate, households) {
  return households
    .filter((household) => !household.deleted && household.village_id === candidate.village_id
      && household.id !== candidate.id)
    .map((household) => ({ household, reasons: duplicateReasons(candidate, household) }))
    .filter((match) => match.reasons.length > 0)
    .sort((x, y) => y.reasons.length - x.reasons.length
      || String(x.household.head_name).localeCompare(String(y.household.head_name)));
}
