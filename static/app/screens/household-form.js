// Add or edit a household: the consent question first, with the notice text; the details only
// when the household agreed; GPS optional, with its accuracy. A new household's head is typed
// once: name, birth year, phone and skills make the head its first member (ops.addHousehold),
// and "Lưu, thêm người" goes straight on to the next person.
import { byIndex, get, getMeta } from '../db.js';
import { el, field } from '../dom.js';
import { t } from '../i18n.js';
import { addHousehold, saveHousehold } from '../ops.js';
import { CONSENT, GROUPS, SKILLS } from '../skills.js';
import { likelyMatches } from '../matching.js';
import { cleanText, isValidPhone, normalisePhone } from '../text.js';
import { fixing, forbiddenErrors, formErrors, readBirthYear, textInput, toggles } from './form.js';
import { matchesPanel } from './matches.js';

/** The household's fields from the form, and the messages for those that are not right. */
function readHousehold(values) {
  const errors = {};
  let head = null; // the head's member fields, for a new household that agreed
  const consent = values.consent;
  const fields = { consent, head_name: cleanText(values.head_name) };
  if (!fields.head_name) errors.head_name = [t(consent === 'declined' ? 'form.label_required' : 'form.required')];
  Object.assign(errors, forbiddenErrors(fields, ['head_name']));
  if (consent !== 'declined') {
    fields.code = cleanText(values.code);
    fields.address = cleanText(values.address);
    fields.note = cleanText(values.note);
    fields.phone = normalisePhone(values.phone);
    if (fields.phone && !isValidPhone(fields.phone)) errors.phone = [t('form.phone')];
    const count = cleanText(values.member_count);
    fields.member_count = count ? Number(count) : null;
    if (count && !(Number.isInteger(fields.member_count) && fields.member_count >= 1 && fields.member_count <= 50)) {
      errors.member_count = [t('form.between', { low: 1, high: 50 })];
    }
    for (const name of ['lat', 'lon', 'accuracy']) fields[name] = values[name] === '' ? null : Number(values[name]);
    Object.assign(errors, forbiddenErrors(fields, ['address', 'note']));
    if ('birth_year' in values) { // a new household: its head as a member too
      const year = readBirthYear(values.birth_year);
      if (year.errors.length) errors.birth_year = year.errors;
      head = { birth_year: year.value, phone: fields.phone, skills: values.skills ?? [], groups: values.groups ?? [] };
    }
  } else {
    // Declined: only the village, a house label and the visits are kept (DOMAIN.md).
    Object.assign(fields, { address: null, phone: null, member_count: null, note: null, lat: null, lon: null, accuracy: null });
  }
  return { fields, errors, head };
}

function gpsField(household) {
  const state = { lat: household?.lat ?? '', lon: household?.lon ?? '', accuracy: household?.accuracy ?? '' };
  const hidden = Object.keys(state).map((name) => el('input', { type: 'hidden', name, value: state[name] }));
  const shown = el('p', { class: 'muted', 'aria-live': 'polite' });
  const describe = () => {
    shown.textContent = hidden[0].value === '' ? t('gps.none')
      : t('gps.at', { lat: Number(hidden[0].value).toFixed(5), lon: Number(hidden[1].value).toFixed(5),
        accuracy: hidden[2].value === '' ? '?' : Math.round(Number(hidden[2].value)) });
  };
  const take = el('button', { type: 'button', onclick: () => {
    if (!navigator.geolocation) { shown.textContent = t('gps.unavailable'); return; }
    shown.textContent = t('gps.locating');
    navigator.geolocation.getCurrentPosition((position) => {
      hidden[0].value = position.coords.latitude;
      hidden[1].value = position.coords.longitude;
      hidden[2].value = Math.round(position.coords.accuracy);
      describe();
    }, () => { shown.textContent = t('gps.failed'); }, { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 });
  } }, t('gps.take'));
  const clear = el('button', { type: 'button', class: 'button-link', onclick: () => {
    for (const input of hidden) input.value = '';
    describe();
  } }, t('gps.clear'));
  describe();
  return el('fieldset', { class: 'gps' }, el('legend', {}, t('household.position')), ...hidden, shown, take, clear);
}

export async function householdForm({ id, villageId, opId }, { go }) {
  const fix = await fixing(opId);
  const household = id ? await get('households', id) : null;
  if (id && !household) return el('p', { class: 'card' }, t('error.not_found'));
  const notice = (await getMeta('session'))?.consent_notice ?? { version: 0, text: t('consent.default_notice') };
  const errors = fix?.errors ?? {};
  const current = household ?? {};
  const consent = el('fieldset', { class: 'consent' },
    el('legend', {}, t('consent.question')),
    el('p', { class: 'notice' }, notice.text),
    ...CONSENT.map((value) => el('label', { class: 'check' },
      el('input', { type: 'radio', name: 'consent', value, required: true,
        checked: (current.consent ?? (household ? 'not_asked' : null)) === value }),
      t(`consent.${value}`))),
    ...(errors.consent ?? []).map((message) => el('span', { class: 'field-error' }, message)));
  const newHead = !household && !fix; // the head is recorded as a member too
  const details = el('div', { class: 'details-fields' },
    newHead ? field(t('household.head_birth_year'), textInput('birth_year', '', { inputmode: 'numeric', maxlength: 4 }), errors.birth_year) : null,
    field(t('household.phone'), textInput('phone', current.phone, { type: 'tel', inputmode: 'tel' }), errors.phone),
    newHead ? toggles('skills', t('household.head_skills'), SKILLS, (key) => t(`skill.${key}`)) : null,
    newHead ? toggles('groups', t('household.head_groups'), GROUPS, (key) => t(`group.${key}`)) : null,
    field(t('household.code'), textInput('code', current.code, { maxlength: 40 }), errors.code),
    field(t('household.address'), textInput('address', current.address, { maxlength: 300 }), errors.address),
    field(t('household.member_count'), textInput('member_count', current.member_count, { inputmode: 'numeric' }), errors.member_count),
    gpsField(household),
    field(t('household.note'), el('textarea', { name: 'note', maxlength: 2000 }, current.note ?? ''), errors.note));
  const headLabel = el('span');
  const form = el('form', { class: 'card', novalidate: true },
    el('h1', {}, t(household ? 'household.edit' : 'button.add_household')),
    fix ? el('p', { class: 'error' }, t('fix.explain')) : null,
    consent,
    field(headLabel, textInput('head_name', current.head_name, { maxlength: 200, required: true }), errors.head_name),
    details,
    el('div', { class: 'form-errors', role: 'alert' }),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'primary' }, t('button.save')),
      newHead ? el('button', { type: 'submit', class: 'primary', name: 'then', value: 'member' }, t('button.save_add_member')) : null));
  const showConsent = () => {
    const declined = form.elements.consent.value === 'declined';
    details.hidden = declined;
    const more = form.querySelector('button[value=member]');
    if (more) more.hidden = declined; // a household that declined has no one recorded by name
    headLabel.textContent = t(declined ? 'household.house_label' : 'household.head_name');
  };
  form.addEventListener('change', showConsent);
  form.addEventListener('input', () => form.querySelector('.matches')?.remove()); // check again
  showConsent();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const values = { ...Object.fromEntries(data), skills: data.getAll('skills'), groups: data.getAll('groups') };
    if (!newHead) {
      delete values.skills;
      delete values.groups;
    }
    if (!values.consent) {
      formErrors(form, { consent: [t('consent.choose')] });
      return;
    }
    const { fields, errors: problems, head } = readHousehold(values);
    if (Object.keys(problems).length) {
      formErrors(form, problems);
      return;
    }
    if (!household && !fix && !form.querySelector('.matches')) {
      // A new household: first the village's likely matches, once (saving again saves).
      const village = Number(villageId);
      const matches = likelyMatches({ ...fields, village_id: village }, await byIndex('households', 'village_id', village));
      if (matches.length) {
        form.querySelector('.form-errors').before(matchesPanel(matches, (found) => go(`/h/${found}`)));
        return;
      }
    }
    if (fields.consent !== (household?.consent ?? null)) fields.consent_notice_version = notice.version;
    const options = fix ? { replacing: fix.op_id, force: Object.keys(fix.data) } : {};
    const withVillage = { ...fields, village_id: household?.village_id ?? Number(villageId) };
    const saved = head ? await addHousehold(withVillage, head) : await saveHousehold(household, withVillage, options);
    go(event.submitter?.value === 'member' && head ? `/h/${saved}/member` : `/h/${saved}`);
  });
  return form;
}
