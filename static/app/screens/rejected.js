// Operations the server refused, with its messages: the volunteer corrects one (it goes back
// into the outbox as a new operation) or gives it up.
import { discardRejected, get, rejectedOp, rejectedOps } from '../db.js';
import { ask, el, formatTime, link } from '../dom.js';
import { t } from '../i18n.js';
import { householdForm } from './household-form.js';
import { memberForm } from './member-form.js';
import { messagesOf } from './form.js';
import { visitForm } from './visit-form.js';

const FIXABLE = new Set(['household.upsert', 'member.upsert', 'visit.create']);

async function subject(op) {
  if (op.type.startsWith('household.')) return (await get('households', op.entity_id))?.head_name;
  if (op.type.startsWith('member.')) return (await get('members', op.entity_id))?.full_name;
  return (await get('households', op.data.household_id))?.head_name;
}

async function item(op, refresh) {
  const problems = Object.entries(op.errors ?? {}).map(([name, messages]) =>
    el('li', {}, el('strong', {}, t(`field.${name}`)), ': ', messagesOf(messages).join(' ')));
  return el('li', { class: 'rejected' },
    el('div', {}, el('strong', {}, t(`op.${op.type}`)), ' · ', (await subject(op)) ?? ''),
    el('div', { class: 'muted' }, formatTime(op.at)),
    el('ul', { class: 'problems' }, ...problems),
    el('div', { class: 'actions' },
      FIXABLE.has(op.type) ? link(`/fix/${op.op_id}`, { class: 'button' }, t('sync.fix')) : null,
      el('button', { type: 'button', onclick: async () => {
        const sure = await ask(t('fix.discard_confirm'), [
          { label: t('sync.discard'), value: true, primary: true }, { label: t('button.cancel'), value: false }]);
        if (!sure) return;
        await discardRejected(op.op_id);
        refresh();
      } }, t('sync.discard'))));
}

export async function rejectedScreen(params, { refresh }) {
  const ops = (await rejectedOps()).sort((a, b) => a.at.localeCompare(b.at));
  return el('section', { class: 'card' },
    el('h1', {}, t('sync.rejected_title')),
    el('ul', { class: 'rows' }, ...(ops.length
      ? await Promise.all(ops.map((op) => item(op, refresh)))
      : [el('li', { class: 'muted' }, t('fix.none'))])));
}

/** The form that corrects a refused operation, filled with what was refused. */
export async function fixScreen({ opId }, app) {
  const op = await rejectedOp(opId);
  if (!op) return el('p', { class: 'card' }, t('fix.gone'));
  if (op.type === 'household.upsert') return householdForm({ id: op.entity_id, villageId: op.data.village_id, opId }, app);
  if (op.type === 'member.upsert') return memberForm({ id: op.entity_id, householdId: op.data.household_id, opId }, app);
  return visitForm({ householdId: op.data.household_id, opId }, app);
}
