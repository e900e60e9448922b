// The return-visit rule on the phone passes the same vectors as the server's
// (tests/unit/test_returns.py): tests/data/return_vectors.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { isDue, localDate, returnDueOn } from '../coverage.js';
import { dueHouseholds } from '../rules.js';

const vectors = JSON.parse(readFileSync(new URL('../../../tests/data/return_vectors.json', import.meta.url), 'utf8'));

for (const vector of vectors.cases) {
  test(`return date matches the shared vector: ${vector.name}`, () => {
    const due = returnDueOn(vector.status, vector.visits, vector.return_after_days, vectors.time_zone);
    assert.equal(due, vector.due_on);
    assert.equal(isDue(due, vector.today), vector.due_today);
  });
}

test("a visit's local date is taken in the commune's zone, not the phone's", () => {
  assert.equal(localDate('2026-03-09T17:30:00Z', 'Asia/Ho_Chi_Minh'), '2026-03-10');
  assert.equal(localDate('2026-03-09T17:30:00Z', 'UTC'), '2026-03-09');
  assert.equal(localDate(new Date('2026-12-31T17:00:00Z'), 'Asia/Ho_Chi_Minh'), '2027-01-01');
});

test('an unreadable visit time is an error', () => {
  assert.throws(() => returnDueOn('not_home', [{ visited_at: 'yesterday', outcome: 'not_home' }], 2), RangeError);
});

test('"Cần quay lại" lists the households due by today from their visits, the earliest first', () => {
  const households = [
    { id: 'a', head_name: 'An', status: 'not_home', inactive: false },
    { id: 'b', head_name: 'Bình', status: 'in_progress', inactive: false },
    { id: 'c', head_name: 'Cường', status: 'not_home', inactive: false },
    { id: 'd', head_name: 'Dung', status: 'not_home', inactive: false, deleted: true },
    { id: 'e', head_name: 'Em', status: 'refused', inactive: false },
  ];
  const visits = [
    { household_id: 'a', visited_at: '2026-03-05T09:00:00+07:00', outcome: 'not_home', next_visit_on: null },
    { household_id: 'b', visited_at: '2026-03-04T09:00:00+07:00', outcome: 'met', next_visit_on: '2026-03-06' },
    { household_id: 'c', visited_at: '2026-03-06T09:00:00+07:00', outcome: 'not_home', next_visit_on: null },
    { household_id: 'd', visited_at: '2026-03-01T09:00:00+07:00', outcome: 'not_home', next_visit_on: null },
    { household_id: 'e', visited_at: '2026-03-01T09:00:00+07:00', outcome: 'refused', next_visit_on: null },
  ];
  const due = dueHouseholds(households, visits, '2026-03-07', { returnAfterDays: 2, timeZone: 'Asia/Ho_Chi_Minh' });
  assert.deepEqual(due.map((h) => [h.id, h.due_on]), [['b', '2026-03-06'], ['a', '2026-03-07']]);
});
