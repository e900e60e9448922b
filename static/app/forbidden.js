// What free text must never hold (DOMAIN.md: no ID-card numbers, no OTPs, no passwords): a
// mirror of fieldapp/core/forbidden_text.py, where the rule is explained. Both pass
// tests/data/forbidden_text_vectors.json.
import { fold, isValidPhone } from './text.js';

const DIGIT_RUN = /[0-9]+(?:[ .-][0-9]+)*/g;
const KEYWORD = '(?<![a-z0-9])(?:otp|mat khau|password|passcode)(?![a-z0-9])';
// The code right after the keyword ("OTP 123456", "mật khẩu mới là Lan@2024")...
const SECRET_NEXT = new RegExp(`${KEYWORD}[ \\t]*(?:(?:la|is|moi|cu|new|old)(?![a-z0-9])[ \\t]*)*([^\\s:=]*)`, 'g');
// ...or after ":" or "=", up to two words later ("mật khẩu VNeID: Lan@2024").
const SECRET_MARKED = new RegExp(`${KEYWORD}(?:[ \\t]+[^\\s:=]+){0,2}?[ \\t]*[:=][ \\t]*([^\\s]*)`, 'g');
const TRAILING = /[.,;:!?)\]"'…]+$/;
const ID_DIGITS = 12;

function hasCitizenId(groups) {
  if (groups.some((group) => group.length === ID_DIGITS)) return true;
  if (groups.reduce((sum, group) => sum + group.length, 0) !== ID_DIGITS) return false;
  // 12 digits in all: a whole phone number at either end makes it a phone and something else.
  for (let cut = 1; cut < groups.length; cut += 1) {
    if (isValidPhone(groups.slice(0, cut).join('')) || isValidPhone(groups.slice(cut).join(''))) return false;
  }
  return true;
}

function isCode(raw, marked) {
  const word = raw.replace(TRAILING, '');
  if (isValidPhone(word)) return false;
  const length = [...word].length;
  return (length >= 4 && /[0-9]/.test(word)) || (marked && length >= 6);
}

function hasSecret(folded) {
  return [...folded.matchAll(SECRET_NEXT)].some((match) => isCode(match[1], false))
    || [...folded.matchAll(SECRET_MARKED)].some((match) => isCode(match[1], true));
}

/** 'citizen_id', 'secret' or null: what of the forbidden the text holds, if anything. */
export function forbiddenKind(value) {
  if (!value) return null;
  const text = String(value).normalize('NFKC'); // fullwidth digits count as digits
  for (const run of text.matchAll(DIGIT_RUN)) {
    if (hasCitizenId(run[0].split(/[ .-]/))) return 'citizen_id';
  }
  return hasSecret(fold(text)) ? 'secret' : null;
}
