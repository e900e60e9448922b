// UI strings of the volunteer app: t('sync.pending', {n: 3}) gives "Chờ gửi: 3".
// The language is the page's (<html lang="...">), Vietnamese by default; tests and node,
// which have no document, set it with setLanguage. Only that language's strings are loaded
// (loadLanguage, awaited by main.js before the first screen): a phone never fetches the other.

const LOADERS = {
  vi: () => import('./i18n/vi.js'),
  en: () => import('./i18n/en.js'),
};
const DEFAULT_LANGUAGE = 'vi';
const catalogs = {}; // language -> its strings, once loaded
let chosen = null;

/** Use `lang` ('vi', 'en', 'en-GB'...) from now on; null goes back to the page's language. */
export function setLanguage(lang) {
  chosen = lang;
}

/** The language strings are taken from: a known one, else Vietnamese. */
export function language() {
  const wanted = chosen ?? (typeof document !== 'undefined' ? document.documentElement.lang : '');
  const base = (wanted || '').toLowerCase().split('-')[0];
  return base in LOADERS ? base : DEFAULT_LANGUAGE;
}

/** Load the strings of `lang` (the current language by default), once. */
export async function loadLanguage(lang = language()) {
  catalogs[lang] ??= (await LOADERS[lang]()).default;
  return catalogs[lang];
}

/** The string for `key`, with each {name} replaced by params[name]. A key missing from the
 * language falls back to Vietnamese when loaded, then to the key itself, so a gap shows,
 * never breaks. */
export function t(key, params = {}) {
  const text = catalogs[language()]?.[key] ?? catalogs[DEFAULT_LANGUAGE]?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(params ?? {}, name) ? String(params[name]) : whole));
}

const LOCALES = { vi: 'vi-VN', en: 'en-GB' };
const two = (n) => String(n).padStart(2, '0');

function asDate(value) {
  if (!value) return null;
  // A bare day is that day on the phone, not midnight UTC.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A day as officials write it, dd/mm/yyyy, in either language (ISO stays in the data). */
export function formatDate(value) {
  const date = asDate(value);
  return date ? `${two(date.getDate())}/${two(date.getMonth() + 1)}/${date.getFullYear()}` : '';
}

/** A moment in the phone's time zone: dd/mm/yyyy HH:mm. */
export function formatTime(value) {
  const date = asDate(value);
  return date ? `${formatDate(value)} ${two(date.getHours())}:${two(date.getMinutes())}` : '';
}

/** A number in the language's way: 1.234,5 in Vietnamese, 1,234.5 in English. */
export function formatNumber(value, fractionDigits = { maximumFractionDigits: 3 }) {
  if (value === null || value === undefined || value === '') return '';
  return new Intl.NumberFormat(LOCALES[language()], fractionDigits).format(Number(value));
}

/** A share already in percent, one decimal: "29,6%" (no space, as Vietnamese documents write
 * it; the server's `percent` filter writes the same). */
export function formatPercent(value) {
  if (value === null || value === undefined) return '';
  return `${formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}
