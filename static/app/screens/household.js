// A household's page: the visit buttons first, under its name ("vắng nhà" in one tap, in the
// first screen at 360 x 640), then its details, members with their skill ladder (one tap per
// skill), visit history and the next visit date.
import { byIndex, get } from '../db.js';
import { ask, el, formatDate, formatTime, link } from '../dom.js';
import { t } from '../i18n.js';
import { deactivateHousehold, recordVisit, setSkill } from '../ops.js';
import { SKILLS } from '../skills.js';
import { compareMembers } from '../text.js';
import { currentBarriers } from '../rules.js';
import { statusChip } from './village.js';

/** Why the household is not covered yet: the barriers of its latest visit where someone was met. */
function barriersOf(household, visits) {
  const barriers = household.status === 'covered' ? [] : currentBarriers(visits);
  if (!barriers.length) return null;
  return el('p', { class: 'chips barriers', 'aria-label': t('household.barriers') },
    ...barriers.map((key) => el('span', { class: 'chip' }, t(`barrier.${key}`))));
}

function detail(label, value) {
  return value || value === 0 ? el('div', { class: 'detail' }, el('dt', {}, label), el('dd', {}, value)) : null;
}

function skillLadder(member, refresh) {
  return el('ul', { class: 'ladder', 'aria-label': t('member.skills', { name: member.full_name }) },
    ...SKILLS.map((skill) => {
      const held = (member.skills ?? []).includes(skill);
      return el('li', {}, el('button', {
        type: 'button', class: 'skill', 'aria-pressed': String(held),
        onclick: async (event) => {
          event.currentTarget.disabled = true;
          await setSkill(member, skill, !held);
          refresh();
        },
      }, t(`skill.${skill}`)));
    }));
}

function memberCard(member, refresh) {
  const facts = [member.birth_year ? t('member.born', { year: member.birth_year }) : null,
    member.is_head ? t('member.head') : null, member.phone].filter(Boolean).join(' · ');
  return el('li', { class: 'member' },
    el('div', { class: 'member-head' },
      el('strong', {}, member.full_name),
      member.capable ? el('span', { class: 'chip status-covered' }, t('member.capable')) : null,
      link(`/m/${member.id}`, { class: 'button small', 'aria-label': t('member.edit_named', { name: member.full_name }) },
        t('button.edit'))),
    facts ? el('div', { class: 'muted' }, facts) : null,
    skillLadder(member, refresh));
}

function visitItem(visit) {
  const topics = (visit.topics ?? []).map((topic) => t(`topic.${topic}`));
  return el('li', { class: 'visit' },
    el('strong', {}, t(`outcome.${visit.outcome}`)), ' · ', el('span', { class: 'muted' }, formatTime(visit.visited_at)),
    topics.length ? el('div', {}, t('visit.taught', { topics: topics.join(', ') })) : null,
    visit.next_visit_on ? el('div', {}, t('household.next_visit', { date: formatDate(visit.next_visit_on) })) : null,
    visit.note ? el('div', { class: 'muted' }, visit.note) : null);
}

export async function householdScreen({ id }, { refresh, notice }) {
  const household = await get('households', id);
  if (household?.merged_into) {  // recorded twice and merged by the leader: a link to the one kept
    return el('p', { class: 'card' }, t('duplicates.merged'), ' ', link(`/h/${household.merged_into}`, {}, t('duplicates.open')));
  }
  if (!household || household.deleted) return el('p', { class: 'card' }, t('error.not_found'));
  const [members, visits, village] = await Promise.all([
    byIndex('members', 'household_id', id), byIndex('visits', 'household_id', id),
    get('villages', household.village_id)]);
  const people = members.filter((member) => !member.deleted).sort(compareMembers);
  visits.sort((a, b) => Date.parse(b.visited_at) - Date.parse(a.visited_at));
  const declined = household.consent === 'declined';

  async function quickVisit(outcome) {
    await recordVisit(id, { outcome });
    notice(t('visit.recorded', { outcome: t(`outcome.${outcome}`) }));
    refresh();
  }
  const visitButtons = household.inactive ? null : el('div', { class: 'visit-now' },
    el('h2', {}, t('visit.title')),
    el('div', { class: 'outcomes' },
      link(`/h/${id}/visit`, { class: 'button outcome-met' }, t('outcome.met')),
      el('button', { type: 'button', class: 'outcome-not_home', onclick: () => quickVisit('not_home') }, t('outcome.not_home')),
      el('button', { type: 'button', class: 'outcome-refused', onclick: () => quickVisit('refused') }, t('outcome.refused'))),
    link(`/h/${id}/guides`, { class: 'button wide' }, t('guides.title')));

  async function deactivate() {
    const reason = await ask(t('household.deactivate_question'), [
      ...['moved', 'merged', 'not_real'].map((key) => ({ label: t(`inactive.${key}`), value: t(`inactive.${key}`) })),
      { label: t('button.cancel'), value: null }]);
    if (!reason) return;
    await deactivateHousehold(household, reason);
    notice(t('household.deactivated'));
    refresh();
  }

  const position = household.lat != null && household.lon != null
    ? `${household.lat.toFixed(5)}, ${household.lon.toFixed(5)}` : null;
  return el('section', {},
    el('div', { class: 'card' },
      el('p', { class: 'crumbs' }, link(`/v/${household.village_id}`, {}, village?.name ?? t('home.title'))),
      el('h1', {}, household.head_name),
      el('p', {}, statusChip(household.status ?? 'unvisited'),
        household.next_visit_on ? el('span', { class: 'muted' }, ' ', t('household.next_visit', { date: formatDate(household.next_visit_on) })) : null),
      household.inactive ? el('p', { class: 'muted' }, t('household.inactive_because', { reason: household.inactive_reason ?? '' })) : null,
      barriersOf(household, visits),
      visitButtons),
    el('div', { class: 'card' },
      el('dl', { class: 'details' },
        detail(t('household.code'), household.code),
        detail(t('household.address'), household.address),
        detail(t('household.phone'), household.phone ? el('a', { href: `tel:${household.phone}` }, household.phone) : null),
        detail(t('household.member_count'), household.member_count),
        detail(t('household.position'), position),
        detail(t('household.consent'), t(`consent.${household.consent ?? 'not_asked'}`)),
        detail(t('household.note'), household.note)),
      link(`/h/${id}/edit`, { class: 'button' }, t('button.edit'))),
    declined ? null : el('div', { class: 'card' },
      el('h2', {}, t('member.title')),
      el('ul', { class: 'members' }, ...(people.length
        ? people.map((member) => memberCard(member, refresh))
        : [el('li', { class: 'muted' }, t('member.none'))])),
      household.inactive ? null : link(`/h/${id}/member`, { class: 'button wide' }, t('button.add_member'))),
    el('div', { class: 'card' },
      el('h2', {}, t('visit.history')),
      el('ul', { class: 'visits' }, ...(visits.length ? visits.map(visitItem) : [el('li', { class: 'muted' }, t('visit.none'))]))),
    household.inactive ? null : el('button', { type: 'button', class: 'danger wide', onclick: deactivate },
      t('household.deactivate')));
}
