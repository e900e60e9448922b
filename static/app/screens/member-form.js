// Add or edit a member: only people aged 14 and over are recorded by name (younger children
// count in the household's member count). "Lưu, thêm người" saves and opens a blank form for
// the next person of the household.
import { get } from '../db.js';
import { ask, el, field, link } from '../dom.js';
import { t } from '../i18n.js';
import { deleteMember, saveMember } from '../ops.js';
import { GROUPS, MIN_AGE } from '../skills.js';
import { cleanText, isValidPhone, normalisePhone } from '../text.js';
import { fixing, forbiddenErrors, formErrors, readBirthYear, textInput, toggles } from './form.js';

function readMember(values, thisYear = new Date().getFullYear()) {
  const errors = {};
  const fields = {
    full_name: cleanText(values.full_name), is_head: values.is_head === 'on',
    phone: normalisePhone(values.phone), note: cleanText(values.note), groups: values.groups ?? [],
  };
  if (!fields.full_name) errors.full_name = [t('form.required')];
  Object.assign(errors, forbiddenErrors(fields, ['full_name', 'note']));
  if (fields.phone && !isValidPhone(fields.phone)) errors.phone = [t('form.phone')];
  const year = readBirthYear(values.birth_year, thisYear);
  fields.birth_year = year.value;
  if (year.errors.length) errors.birth_year = year.errors;
  return { fields, errors };
}

export async function memberForm({ id, householdId, opId }, { go }) {
  const fix = await fixing(opId);
  const member = id ? await get('members', id) : null;
  if (id && (!member || member.deleted)) return el('p', { class: 'card' }, t('error.not_found'));
  const household = await get('households', member?.household_id ?? householdId);
  if (!household) return el('p', { class: 'card' }, t('error.not_found'));
  const errors = fix?.errors ?? {};
  const current = member ?? {};
  const form = el('form', { class: 'card', novalidate: true },
    el('h1', {}, t(member ? 'member.edit' : 'button.add_member')),
    el('p', { class: 'crumbs' }, link(`/h/${household.id}`, {}, t('member.of', { name: household.head_name }))),
    fix ? el('p', { class: 'error' }, t('fix.explain')) : null,
    field(t('member.full_name'), textInput('full_name', current.full_name, { maxlength: 200, required: true, autocomplete: 'off' }), errors.full_name),
    field(t('member.birth_year'), textInput('birth_year', current.birth_year, { inputmode: 'numeric', maxlength: 4 }), errors.birth_year),
    el('p', { class: 'hint' }, t('member.age_rule', { n: MIN_AGE })),
    el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'is_head', checked: Boolean(current.is_head) }), t('member.is_head')),
    field(t('household.phone'), textInput('phone', current.phone, { type: 'tel', inputmode: 'tel' }), errors.phone),
    toggles('groups', t('member.groups'), GROUPS, (key) => t(`group.${key}`), current.groups ?? []),
    field(t('household.note'), el('textarea', { name: 'note', maxlength: 2000 }, current.note ?? ''), errors.note),
    el('div', { class: 'form-errors', role: 'alert' }),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'primary' }, t('button.save')),
      member || fix ? null : el('button', { type: 'submit', class: 'primary', name: 'then', value: 'member' }, t('button.save_add_member'))),
    member ? el('button', { type: 'button', class: 'danger wide', onclick: async () => {
      const sure = await ask(t('member.delete_confirm', { name: member.full_name }), [
        { label: t('button.delete'), value: true, primary: true }, { label: t('button.cancel'), value: false }]);
      if (!sure) return;
      await deleteMember(member);
      go(`/h/${household.id}`);
    } }, t('button.delete')) : null);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const { fields, errors: problems } = readMember({ ...Object.fromEntries(data), groups: data.getAll('groups') });
    if (Object.keys(problems).length) {
      formErrors(form, problems);
      return;
    }
    const options = fix ? { replacing: fix.op_id, force: Object.keys(fix.data).filter((name) => name !== 'skills' && name !== 'groups') } : {};
    await saveMember(member, { ...fields, household_id: household.id }, options);
    go(event.submitter?.value === 'member' ? `/h/${household.id}/member` : `/h/${household.id}`); // the next person, or back
  });
  return form;
}
