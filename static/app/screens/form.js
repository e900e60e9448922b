// What the forms share: inputs, showing messages next to their fields, and the refused
// operation a form is correcting.
import { rejectedOp } from '../db.js';
import { el } from '../dom.js';
import { forbiddenKind } from '../forbidden.js';
import { t } from '../i18n.js';
import { MIN_AGE } from '../skills.js';
import { cleanText } from '../text.js';

export function textInput(name, value, attributes = {}) {
  return el('input', { type: 'text', name, value: value ?? '', ...attributes });
}

/** The messages of one field, however the server nested them ({"skills": {"x": [...]}}). */
export function messagesOf(value) {
  if (typeof value === 'string') return [value];
  return Object.values(value ?? {}).flatMap(messagesOf);
}

/** Show `errors` ({field: [messages]}) under their fields; messages for fields the form does
 * not have go to the form's own alert. */
export function formErrors(form, errors) {
  for (const old of form.querySelectorAll('.field-error')) old.remove();
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const general = form.querySelector('.form-errors');
  general.replaceChildren();
  let first = null;
  for (const [name, messages] of Object.entries(errors)) {
    const input = form.elements[name];
    const target = input instanceof RadioNodeList ? input[0]?.closest('fieldset') : input?.closest('.field');
    for (const message of messagesOf(messages)) {
      const line = el('span', { class: 'field-error' }, message);
      if (target) target.append(line);
      else general.append(line);
    }
    if (input instanceof HTMLElement) input.setAttribute('aria-invalid', 'true');
    first ??= input instanceof RadioNodeList ? input[0] : input;
  }
  (first ?? general).focus?.();
}

/** The refused operation being corrected, or null. */
export async function fixing(opId) {
  return opId ? (await rejectedOp(opId)) ?? null : null;
}

/** Messages for the free-text `names` of `fields` that hold an ID-card number, an OTP or a
 * password (forbidden.js): the server would refuse them, so the form stops them first. */
export function forbiddenErrors(fields, names) {
  const errors = {};
  for (const name of names) {
    const kind = forbiddenKind(fields[name]);
    if (kind) errors[name] = [t(`form.forbidden_${kind}`)];
  }
  return errors;
}

/** A birth year as typed: {value: the year or null, errors: its messages}. Only people aged
 * MIN_AGE and over are recorded by name (younger children count in the member count). */
export function readBirthYear(typed, thisYear = new Date().getFullYear()) {
  const year = cleanText(typed);
  const value = year ? Number(year) : null;
  if (year && !(Number.isInteger(value) && value >= 1900 && value <= thisYear)) {
    return { value, errors: [t('form.between', { low: 1900, high: thisYear })] };
  }
  if (year && value > thisYear - MIN_AGE) return { value, errors: [t('member.too_young', { n: MIN_AGE })] };
  return { value, errors: [] };
}

/** Large toggles (one checkbox a row, the whole row to tap) for the `keys` of `name`. */
export function toggles(name, legend, keys, label, chosen = []) {
  return el('fieldset', { class: 'toggles' }, el('legend', {}, legend),
    ...keys.map((key) => el('label', { class: 'toggle' },
      el('input', { type: 'checkbox', name, value: key, checked: chosen.includes(key) }), label(key))));
}
