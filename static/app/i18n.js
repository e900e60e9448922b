// UI strings of the volunteer app: t('sync.pending', {n: 3}) gives "Chờ gửi: 3".
// The language is the page's (<html lang="...">), Vietnamese by default; tests and node,
// which have no document, set it with setLanguage.

import en from './i18n/en.js';
import vi from './i18n/vi.js';

const CATALOGS = { vi, en };
const DEFAULT_LANGUAGE = 'vi';
let chosen = null;

/** Use `lang` ('vi', 'en', 'en-GB'...) from now on; null goes back to the page's language. */
export function setLanguage(lang) {
  chosen = lang;
}

/** The language strings are taken from: a known one, else Vietnamese. */
export function language() {
  const wanted = chosen ?? (typeof document !== 'undefined' ? document.documentElement.lang : '');
  const base = (wanted || '').toLowerCase().split('-')[0];
  return base in CATALOGS ? base : DEFAULT_LANGUAGE;
}

/** The string for `key`, with each {name} replaced by params[name]. A key missing from the
 * language falls back to Vietnamese, then to the key itself, so a gap shows, never breaks. */
export function t(key, params = {}) {
  const text = CATALOGS[language()][key] ?? CATALOGS[DEFAULT_LANGUAGE][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(params ?? {}, name) ? String(params[name]) : whole));
}
