import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  changes, coveredPercent, currentBarriers, dueHouseholds, groupChanges, latestVisit, latestVisitOf, villageCounts,
  withSkill,
} from '../rules.js';

test('an operation carries only the fields that changed', () => {
  const before = { head_name: 'An', phone: null, address: 'Xóm 1' };
  assert.deepEqual(changes(before, { head_name: 'An', phone: '0912345678', address: 'Xóm 1' }), { phone: '0912345678' });
  assert.deepEqual(changes(before, { head_name: 'An', address: null }), { address: null });
  assert.deepEqual(changes(before, { head_name: 'An' }), {});
});

test('undefined, null and a missing field are the same value', () => {
  assert.deepEqual(changes({ note: undefined }, { note: null, code: undefined }), {});
});

test('a new record (no before) carries every field set', () => {
  assert.deepEqual(changes(null, { head_name: 'An', phone: null }), { head_name: 'An' });
});

test('forced fields go in even when unchanged (correcting a refused operation)', () => {
  assert.deepEqual(changes({ code: 'X' }, { code: 'X', note: null }, ['code', 'note']), { code: 'X', note: null });
});

test('a member\'s groups go out as the ones that changed, a new member\'s as those ticked', () => {
  assert.deepEqual(groupChanges(['official', 'student'], ['student', 'youth_union']), { youth_union: true, official: false });
  assert.deepEqual(groupChanges(['student'], ['student']), {});
  assert.deepEqual(groupChanges(null, ['team_member']), { team_member: true });
  assert.deepEqual(groupChanges(undefined, []), {});
});

test('the latest visit is compared as instants, the first of equal ones wins', () => {
  const visits = [
    { id: 'a', visited_at: '2026-03-05T10:00:00+07:00' },
    { id: 'b', visited_at: '2026-03-05T03:30:00Z' },
    { id: 'c', visited_at: '2026-03-05T10:30:00+07:00' },
  ];
  assert.equal(latestVisit(visits).id, 'b');
  assert.equal(latestVisit([]), null);
});

test('return visits due: by date, today included, covered, inactive and deleted left out', () => {
  const at = '2026-02-20T09:00:00+07:00';
  const households = [
    { id: 1, head_name: 'B', status: 'not_home', last_visit_at: at, next_visit_on: '2026-03-05' },
    { id: 2, head_name: 'A', status: 'in_progress', last_visit_at: at, next_visit_on: '2026-03-01' },
    { id: 3, head_name: 'C', status: 'not_home', last_visit_at: at, next_visit_on: '2026-03-06' },
    { id: 4, head_name: 'D', status: 'covered', last_visit_at: at, next_visit_on: '2026-03-01' },
    { id: 5, head_name: 'E', status: 'inactive', inactive: true, last_visit_at: at, next_visit_on: '2026-03-01' },
    { id: 6, head_name: 'F', status: 'refused', last_visit_at: at, next_visit_on: null },
    { id: 7, head_name: 'Á', status: 'not_home', last_visit_at: at, next_visit_on: '2026-03-05', deleted: true },
    { id: 8, head_name: 'G', status: 'not_home', last_visit_at: '2026-03-04T09:00:00+07:00', next_visit_on: null },
    { id: 9, head_name: 'H', status: 'unvisited', last_visit_at: null, next_visit_on: null },
    { id: 10, head_name: 'I', status: 'in_progress', last_visit_at: at, next_visit_on: null },
  ];
  assert.deepEqual(dueHouseholds(households, '2026-03-05').map((h) => h.id), [2, 1]);
  assert.deepEqual(dueHouseholds(households, '2026-03-06').map((h) => [h.id, h.due_on]),
    [[2, '2026-03-01'], [1, '2026-03-05'], [3, '2026-03-06'], [8, '2026-03-06']]);
  assert.deepEqual(dueHouseholds(households, '2026-03-04', { returnAfterDays: 0 }).map((h) => h.id), [2, 8]);
});

test("the household's record stands for its latest visit", () => {
  const at = '2026-03-04T09:00:00+07:00';
  assert.equal(latestVisitOf({ status: 'unvisited', last_visit_at: null }), null);
  assert.deepEqual(latestVisitOf({ status: 'in_progress', last_visit_at: at, next_visit_on: '2026-03-09' }),
    { visited_at: at, outcome: 'met', next_visit_on: '2026-03-09' });
  assert.deepEqual(latestVisitOf({ status: 'not_home', last_visit_at: at }),
    { visited_at: at, outcome: 'not_home', next_visit_on: null });
});

test('village counters leave inactive and deleted households out of the denominator', () => {
  const counts = villageCounts([
    { village_id: 1, status: 'covered' }, { village_id: 1, status: 'unvisited' },
    { village_id: 1, status: 'inactive', inactive: true }, { village_id: 1, status: 'covered', deleted: true },
    { village_id: 2, status: 'refused' },
  ]);
  assert.deepEqual(counts.get(1), { active: 2, covered: 1 });
  assert.deepEqual(counts.get(2), { active: 1, covered: 0 });
  assert.equal(coveredPercent(counts.get(1)), 50);
  assert.equal(coveredPercent({ active: 3, covered: 1 }), 33.3);
  assert.equal(coveredPercent({ active: 0, covered: 0 }), 0);
});

test("a household's barriers are those of its latest visit where someone was met", () => {
  const visits = [
    { visited_at: '2026-03-01T08:00:00Z', outcome: 'met', barriers: ['no_smartphone', 'no_chip_id'] },
    { visited_at: '2026-03-03T08:00:00Z', outcome: 'not_home', barriers: [] },
    { visited_at: '2026-03-02T08:00:00Z', outcome: 'met', barriers: ['level2_pending'] },
  ];
  assert.deepEqual(currentBarriers(visits), ['level2_pending']);
  assert.deepEqual(currentBarriers(visits.slice(1, 2)), []);
  assert.deepEqual(currentBarriers([]), []);
});

test("an empty input is the record's null: editing the phone never sends the untouched note", () => {
  const before = { head_name: 'An', phone: '0912000000', note: null, address: null, code: 'HGD-1' };
  const form = { head_name: 'An', phone: '0912000009', note: '', address: '', code: 'HGD-1' };
  assert.deepEqual(changes(before, form), { phone: '0912000009' });
});

test('clearing a field on purpose is a change, sent as null', () => {
  assert.deepEqual(changes({ note: 'Hẹn chiều', phone: '0912000000' }, { note: '', phone: null }),
    { note: null, phone: null });
});

test('an unchanged form gives no change at all', () => {
  const before = { head_name: 'An', member_count: 4, lat: 21.02, is_head: false, note: 'x' };
  assert.deepEqual(changes(before, { head_name: 'An', member_count: 4, lat: 21.02, is_head: false, note: 'x' }), {});
});

test('a new record carries its filled fields only, never blanks', () => {
  assert.deepEqual(changes(null, { head_name: 'An', note: '', phone: null, member_count: 3 }),
    { head_name: 'An', member_count: 3 });
});

test('a forced blank field goes out as null', () => {
  assert.deepEqual(changes({ note: null }, { note: '' }, ['note']), { note: null });
});

test('one skill ticked or unticked leaves the others as they are', () => {
  assert.deepEqual(withSkill(['vneid_login', 'dvc_login'], 'rating', true), ['vneid_login', 'dvc_login', 'rating']);
  assert.deepEqual(withSkill(['vneid_login', 'dvc_login'], 'vneid_login', false), ['dvc_login']);
  assert.deepEqual(withSkill(['dvc_login'], 'dvc_login', true), ['dvc_login']);
  assert.deepEqual(withSkill(undefined, 'dvc_login', true), ['dvc_login']);
});
