// Input normalisation of DOMAIN.md, a mirror of fieldapp/core/text.py: the phone cleans what
// the volunteer types the way the server does, and folds text for search the same way.

// Python's \s (str.isspace) also holds U+0085, which JavaScript's \s does not.
const SPACES = /[\s\x85]+/g;
// Control characters, zero-width and other invisible format characters, bidirectional
// embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), and lone surrogates
// (with the u flag a well-formed pair is one code point, so only lone halves match).
const INVISIBLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]/gu;
const PHONE_JUNK = /[\s\x85.\-()]/g;
const MOBILE = /^0[35789][0-9]{8}$/;
const LANDLINE = /^02[0-9]{9}$/;
// Every Vietnamese tone and vowel mark lies in U+0300-U+036F, all of non-zero combining class
// but U+034F; a plain regex removes them much faster than the Unicode-aware one below.
const LATIN_ACCENTS = /[\u0300-\u034e\u0350-\u036f]/g;
const BEYOND_LATIN = /[^\x00-\u02ff]/;
const MARK = /\p{M}/gu;
const combiningCache = new Map();

/** NFC, invisible characters removed, trimmed, inner runs of whitespace collapsed to one
 * space; null and undefined give null. */
export function cleanText(value) {
  if (value === null || value === undefined) return null;
  const text = String(value).normalize('NFC').replace(INVISIBLE, '');
  return text.replace(SPACES, ' ').trim();
}

// Python drops the marks whose canonical combining class is not 0 (unicodedata.combining),
// which \p{M} alone does not say: many vowel signs of Indic and Thai scripts are marks of
// class 0 and stay. JavaScript cannot read the class, but canonical ordering reveals it:
// U+0345 has the highest class (240), so NFD moves any other mark of non-zero class in
// front of it and leaves a class-0 character where it is.
function isCombining(mark) {
  let known = combiningCache.get(mark);
  if (known === undefined) {
    known = mark === '\u0345' || ('\u0345' + mark).normalize('NFD') !== '\u0345' + mark;
    combiningCache.set(mark, known);
  }
  return known;
}

// Python casefolds; JavaScript cannot. Upper- then lower-casing, with final sigma and sharp s
// mapped as casefold maps them, gives the same result for every character but dotless ı
// (which becomes i) and Cherokee (which casefold turns upper-case).
function caseFold(text) {
  return text.toUpperCase().toLowerCase().replaceAll('ς', 'σ').replaceAll('ß', 'ss');
}

/** Accent- and case-insensitive key for matching and search.
 *
 * "Nguyễn Văn An", "NGUYEN VAN AN" and an NFD "Nguyễn" all fold to "nguyen van an".
 * đ/Đ have no decomposition in Unicode, so they are mapped to d by hand. */
export function fold(value) {
  if (value === null || value === undefined) return '';
  let text = caseFold(cleanText(value)).normalize('NFD').replace(LATIN_ACCENTS, '');
  // Vietnamese ends here; only other scripts pay for the slower search for other marks.
  if (BEYOND_LATIN.test(text)) text = text.replace(MARK, (mark) => (isCombining(mark) ? '' : mark));
  return text.replaceAll('đ', 'd');
}

// Strings compared as Python compares them, code point by code point (JavaScript's < compares
// UTF-16 units, which differs past U+FFFF).
function byCodePoint(a, b) {
  if (a === b) return 0;
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    if (x[i] !== y[i]) return x[i].codePointAt(0) - y[i].codePointAt(0);
  }
  return x.length - y.length;
}

/** The order people and households are listed in: the names folded (accents and case aside,
 * as search reads them), then as written, then the ids as text; no name last. The server's
 * rule (fieldapp/core/text.py name_order), checked on both sides by
 * tests/data/ordering_vectors.json. */
export function compareByName(nameA, idA, nameB, idB) {
  const a = cleanText(nameA) ?? '';
  const b = cleanText(nameB) ?? '';
  if (!a !== !b) return a ? -1 : 1;
  return byCodePoint(fold(a), fold(b)) || byCodePoint(a, b) || byCodePoint(String(idA), String(idB));
}

/** A household's members in order: the head first, then by name (compareByName). */
export function compareMembers(a, b) {
  return Number(b.is_head ?? false) - Number(a.is_head ?? false)
    || compareByName(a.full_name, a.id, b.full_name, b.id);
}

/** The phone in the form 0xxxxxxxxx, or null when empty.
 *
 * Strips spaces, dots, dashes and brackets; turns +84/84 into 0; puts back the leading 0
 * that Excel drops from nine-digit mobile numbers. The result may still be invalid: check
 * it with isValidPhone. */
export function normalisePhone(value) {
  const text = cleanText(value);
  if (!text) return null;
  let digits = text.normalize('NFKC').replace(PHONE_JUNK, ''); // fullwidth digits too
  // Python counts code points, not UTF-16 units.
  const length = [...digits].length;
  if (digits.startsWith('+84')) {
    const rest = digits.slice(3);
    digits = '0' + (rest.startsWith('0') ? rest.slice(1) : rest); // "+84 0912..." keeps one zero
  } else if (digits.startsWith('84') && (length === 11 || length === 12)) {
    digits = '0' + digits.slice(2);
  }
  if ([...digits].length === 9 && '35789'.includes(digits[0])) digits = '0' + digits;
  return digits;
}

/** Mobile 0[35789] + 8 digits, or landline 02 + 9 digits. */
export function isValidPhone(phone) {
  return Boolean(phone) && (MOBILE.test(phone) || LANDLINE.test(phone));
}
