// Accent-insensitive search of a village's households, offline, as DOMAIN.md asks:
// "nguyen van an" finds "Nguyễn Văn An". Every word of the query must appear, in any order,
// somewhere in the household's head name, address, code, phone, or its members' names and
// phones. The list screen builds the index once per village (buildIndex) and searches it on
// each key press (search).

import { fold, isValidPhone, normalisePhone } from './text.js';

// Punctuation separates words on both sides, so "TD-012" is found by "td 012" and
// "Xóm Mới, thôn Đông" by "moi dong".
// Folded Vietnamese is plain ASCII, which a plain regex splits several times faster.
const NOT_WORD = /[^\p{L}\p{M}\p{N}]+/gu;
const NOT_ASCII_WORD = /[^a-z0-9]+/g;
const BEYOND_ASCII = /[^\x00-\x7f]/;
const PHONE_LIKE = /^[+\d().\-\s]+$/;

function searchKey(text) {
  const folded = fold(text);
  return folded.replace(BEYOND_ASCII.test(folded) ? NOT_WORD : NOT_ASCII_WORD, ' ').trim();
}

// A query or a word typed as a phone ("+84 912 345 678", "912.345.678") is normalised the way
// stored phones are, so it finds "0912345678"; any other word is only folded.
function asPhone(text) {
  const phone = PHONE_LIKE.test(text) ? normalisePhone(text) : null;
  return isValidPhone(phone) ? phone : null;
}

function queryWords(query) {
  const whole = asPhone(query ?? '');
  if (whole) return [whole];
  const words = [];
  for (const word of (query ?? '').split(/\s+/)) {
    const key = searchKey(asPhone(word) ?? word);
    if (key) words.push(...key.split(' '));
  }
  return words;
}

function hasEvery(key, words) {
  return words.every((word) => key.includes(word));
}

function membersOf(membersByHousehold, householdId) {
  if (!membersByHousehold) return [];
  const members = membersByHousehold instanceof Map
    ? membersByHousehold.get(householdId)
    : membersByHousehold[householdId];
  return members ?? [];
}

/** One entry per household, {household, key}, the key holding the folded text of everything
 * searched. `membersByHousehold` maps a household id to its members (a Map or an object). */
export function buildIndex(households, membersByHousehold) {
  return households.map((household) => {
    const fields = [household.head_name, household.address, household.code, household.phone];
    for (const member of membersOf(membersByHousehold, household.id)) {
      fields.push(member.full_name, member.phone);
    }
    // Fields are joined by a space, which no query word holds, so no word spans two fields.
    return { household, key: searchKey(fields.filter(Boolean).join(' ')) };
  });
}

/** The households of the index that match the query, in index order. */
export function search(index, query) {
  const words = queryWords(query);
  const found = [];
  for (const entry of index) {
    if (hasEvery(entry.key, words)) found.push(entry.household);
  }
  return found;
}
