// Record a visit where the volunteer met someone: what was taught, the barriers seen, how many
// people were guided and when to come back; topics and barriers as large toggles. ("Vắng nhà" and "từ chối" are one tap on the
// household page.)
import { get } from '../db.js';
import { el, field, today } from '../dom.js';
import { t } from '../i18n.js';
import { recordVisit } from '../ops.js';
import { BARRIERS, TOPICS } from '../skills.js';
import { cleanText } from '../text.js';
import { fixing, forbiddenErrors, formErrors, textInput, toggles } from './form.js';

function inDays(days) {
  const date = new Date(`${today()}T12:00:00`);
  date.setDate(date.getDate() + days);
  return date.toISOString().slice(0, 10);
}

export async function visitForm({ householdId, opId, topics }, { go, notice }) {
  const fix = await fixing(opId);
  const household = await get('households', householdId ?? fix?.data.household_id);
  if (!household) return el('p', { class: 'card' }, t('error.not_found'));
  // `topics`: what a guide card just taught (screens/guides.js), ticked in advance.
  const before = fix?.data ?? { topics: topics?.split(',').filter((key) => TOPICS.includes(key)) };
  const errors = fix?.errors ?? {};
  const outcome = before.outcome ?? 'met';
  const next = textInput('next_visit_on', before.next_visit_on, { type: 'date', min: today() });
  const form = el('form', { class: 'card', novalidate: true },
    el('h1', {}, t('visit.title')),
    el('p', { class: 'muted' }, household.head_name),
    fix ? el('p', { class: 'error' }, t('fix.explain')) : null,
    // Three across at 360 px; the chosen one is filled, bold and ticked (not told by colour alone).
    el('fieldset', { class: 'outcomes choose' }, el('legend', {}, t('visit.outcome')),
      ...['met', 'not_home', 'refused'].map((value) => el('label', { class: `outcome outcome-${value}` },
        el('input', { type: 'radio', name: 'outcome', value, checked: value === outcome, class: 'visually-hidden' }),
        el('span', {}, t(`outcome.${value}`))))),
    toggles('topics', t('visit.topics'), TOPICS, (key) => t(`topic.${key}`), before.topics ?? []),
    field(t('visit.people_guided'), textInput('people_guided', before.people_guided || '', { inputmode: 'numeric', maxlength: 2 }), errors.people_guided),
    toggles('barriers', t('visit.barriers'), BARRIERS, (key) => t(`barrier.${key}`), before.barriers ?? []),
    field(t('visit.next_visit_on'), next, errors.next_visit_on),
    el('div', { class: 'quick-dates' }, ...[[3, 'visit.in_3_days'], [7, 'visit.next_week']].map(([days, label]) =>
      el('button', { type: 'button', class: 'small', onclick: () => { next.value = inDays(days); } }, t(label)))),
    field(t('household.note'), el('textarea', { name: 'note', maxlength: 2000 }, before.note ?? ''), errors.note),
    el('div', { class: 'form-errors', role: 'alert' }),
    el('button', { type: 'submit', class: 'primary' }, t('button.save')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const guided = cleanText(data.get('people_guided'));
    const fields = {
      outcome: data.get('outcome'), topics: data.getAll('topics'), barriers: data.getAll('barriers'),
      people_guided: guided ? Number(guided) : 0, next_visit_on: data.get('next_visit_on') || null,
      note: cleanText(data.get('note')),
    };
    const forbidden = forbiddenErrors(fields, ['note']);
    if (forbidden.note) {
      formErrors(form, forbidden);
      return;
    }
    if (!(Number.isInteger(fields.people_guided) && fields.people_guided >= 0 && fields.people_guided <= 50)) {
      formErrors(form, { people_guided: [t('form.between', { low: 0, high: 50 })] });
      return;
    }
    if (fields.next_visit_on && fields.next_visit_on < today()) {
      formErrors(form, { next_visit_on: [t('visit.date_past')] });
      return;
    }
    await recordVisit(household.id, fields, fix ? { id: fix.entity_id, replacing: fix.op_id } : {});
    notice(t('visit.recorded', { outcome: t(`outcome.${fields.outcome}`) }));
    go(`/h/${household.id}`);
  });
  return form;
}
