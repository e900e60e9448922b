// Every change a volunteer makes, as one operation of SYNC.md: the replica is changed at once
// (with the household's status derived again by the coverage rule, as the server will) and the
// operation joins the outbox in the same transaction.
import { DEFAULT_RULE, householdStatus, isCapable } from './coverage.js';
import { getMeta, listed, placeMembers, record } from './db.js';
import { changes, groupChanges, latestVisit, withSkill } from './rules.js';

const FAMILY = ['households', 'members', 'visits'];

async function settings() {
  const session = (await getMeta('session')) ?? {};
  return { rule: session.coverage_rule ?? DEFAULT_RULE, user: session.user ?? null };
}

function operation(type, entityId, baseVersion, data) {
  return {
    op_id: crypto.randomUUID(), type, entity_id: entityId, at: new Date().toISOString(),
    base_version: baseVersion ?? null, data,
  };
}

/** The household's derived fields from its members and visits in the replica. */
async function refreshHousehold(tx, householdId, rule) {
  const households = tx.objectStore('households');
  const household = await households.get(householdId);
  if (!household) return;
  await placeMembers(tx, householdId, household.village_id);
  const members = (await tx.objectStore('members').index('household_id').getAll(householdId))
    .filter((member) => !member.deleted);
  const visits = await tx.objectStore('visits').index('household_id').getAll(householdId);
  const latest = latestVisit(visits);
  await households.put(listed({
    ...household,
    status: householdStatus(household.inactive, members.map((member) => member.skills ?? []), visits, rule),
    last_visit_at: latest?.visited_at ?? null,
    next_visit_on: latest?.next_visit_on ?? null,
  }));
}

/** Add a household (`before` null) or save the edited fields of one. */
export async function saveHousehold(before, fields, options) {
  const { rule } = await settings();
  const id = before?.id ?? crypto.randomUUID();
  const data = changes(before, fields, options?.force);
  if (!before) Object.assign(data, { village_id: fields.village_id });
  if (Object.keys(data).length === 0) return id;
  const op = operation('household.upsert', id, before?.version, data);
  await record(op, FAMILY, async (tx) => {
    const current = (await tx.objectStore('households').get(id)) ?? { id, inactive: false, deleted: false };
    await tx.objectStore('households').put({ ...current, ...data });
    await refreshHousehold(tx, id, rule);
  }, options);
  return id;
}

/** A new household with its head as its first member (`head`: birth_year, phone, skills and
 * groups as arrays of keys): two operations, the household's then the head's (with only the skills held,
 * as SYNC.md asks), in one transaction, so the head is typed once and never exists alone. */
export async function addHousehold(fields, head) {
  const { rule } = await settings();
  const id = crypto.randomUUID();
  const household = { ...changes(null, fields), village_id: fields.village_id };
  const memberId = crypto.randomUUID();
  const person = {
    ...changes(null, { full_name: fields.head_name, is_head: true, birth_year: head.birth_year, phone: head.phone }),
    household_id: id,
  };
  const skills = [...new Set(head.skills ?? [])];
  const groups = [...new Set(head.groups ?? [])];
  const headData = { ...person };
  if (skills.length) headData.skills = Object.fromEntries(skills.map((key) => [key, true]));
  if (groups.length) headData.groups = groupChanges(null, groups);
  const ops = [operation('household.upsert', id, null, household),
    operation('member.upsert', memberId, null, headData)];
  await record(ops, FAMILY, async (tx) => {
    await tx.objectStore('households').put({ id, inactive: false, deleted: false, ...household });
    await tx.objectStore('members').put({
      id: memberId, ...person, skills, groups, deleted: false, capable: isCapable(skills, rule) });
    await refreshHousehold(tx, id, rule);
  });
  return id;
}

export async function deactivateHousehold(household, reason, options) {
  const { rule } = await settings();
  const op = operation('household.deactivate', household.id, household.version, { inactive_reason: reason });
  await record(op, FAMILY, async (tx) => {
    const current = await tx.objectStore('households').get(household.id);
    await tx.objectStore('households').put({ ...current, inactive: true, inactive_reason: reason });
    await refreshHousehold(tx, household.id, rule);
  }, options);
}

/** `member`: the fields to write, or a function of the stored member that gives them. */
async function writeMember(op, member, options) {
  const { rule } = await settings();
  await record(op, FAMILY, async (tx) => {
    const current = (await tx.objectStore('members').get(op.entity_id)) ?? {};
    const next = { ...current, ...(typeof member === 'function' ? member(current) : member) };
    next.capable = isCapable(next.skills ?? [], rule);
    await tx.objectStore('members').put(next);
    await refreshHousehold(tx, next.household_id, rule);
  }, options);
}

/** Add a member (`before` null) or save the edited fields of one. `fields.groups`, when given,
 * is the array of groups ticked: only the groups that changed go out, as the skills do. */
export async function saveMember(before, fields, options) {
  const id = before?.id ?? crypto.randomUUID();
  const { groups, ...rest } = fields;
  const data = changes(before, rest, options?.force);
  const changedGroups = groups === undefined ? {} : groupChanges(before?.groups, groups);
  if (Object.keys(changedGroups).length) data.groups = changedGroups;
  if (!before) Object.assign(data, { household_id: fields.household_id });
  if (Object.keys(data).length === 0) return id;
  const member = { id, ...data };
  if (groups !== undefined) member.groups = [...groups];
  if (!before) Object.assign(member, { skills: [], groups: [...(groups ?? [])], deleted: false });
  await writeMember(operation('member.upsert', id, before?.version, data), member, options);
  return id;
}

/** One tap on the skill ladder: that skill alone changes, so two volunteers never clash. */
export async function setSkill(member, skill, held) {
  const op = operation('member.upsert', member.id, member.version, { skills: { [skill]: held } });
  // The replica's other skills stay as stored now, not as the screen last read them.
  await writeMember(op, (current) => ({
    id: member.id, household_id: member.household_id, skills: withSkill(current.skills ?? member.skills, skill, held),
  }));
}

export async function deleteMember(member) {
  const op = operation('member.delete', member.id, member.version, {});
  await writeMember(op, { id: member.id, household_id: member.household_id, deleted: true });
}

/** Visits are only ever added (a mistake is corrected by a later visit). */
export async function recordVisit(householdId, fields, options = {}) {
  const { rule, user } = await settings();
  const id = options.id ?? crypto.randomUUID(); // a corrected refused visit keeps its id
  const data = { household_id: householdId, visited_at: new Date().toISOString(), ...fields };
  const op = operation('visit.create', id, null, data);
  await record(op, FAMILY, async (tx) => {
    await tx.objectStore('visits').put({
      id, volunteer_id: user?.id ?? null, topics: [], barriers: [], people_guided: 0, ...data,
    });
    await refreshHousehold(tx, householdId, rule);
  }, options);
  return id;
}
