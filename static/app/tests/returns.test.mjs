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

test('"Cần quay lại" agrees with the vectors when it reads the household records', () => {
  // Each vector as the phone's replica holds it: the record keeps the latest visit's time and date.
  for (const vector of vectors.cases) {
    const latest = vector.visits.reduce((a, b) => (!a || Date.parse(b.visited_at) > Date.parse(a.visited_at) ? b : a), null);
    const household = { id: 1, head_name: 'Hộ', status: vector.status, inactive: vector.status === 'inactive',
      last_visit_at: latest?.visited_at ?? null, next_visit_on: latest?.next_visit_on ?? null };
    const due = dueHouseholds([household], vector.today, { returnAfterDays: vector.return_after_days, timeZone: vectors.time_zone });
    assert.deepEqual(due.map((h) => h.due_on), vector.due_today ? [vector.due_on] : [], vector.name);
  }
});

test('a local date is right on the days a zone changes its clocks', () => {
  // Berlin goes from +01:00 to +02:00 at 01:00Z on 29 March 2026 and back at 01:00Z on 25 October.
  assert.equal(localDate('2026-03-28T22:59:59Z', 'Europe/Berlin'), '2026-03-28');
  assert.equal(localDate('2026-03-28T23:00:00Z', 'Europe/Berlin'), '2026-03-29');
  assert.equal(localDate('2026-03-29T21:59:59Z', 'Europe/Berlin'), '2026-03-29');
  assert.equal(localDate('2026-03-29T22:00:00Z', 'Europe/Berlin'), '2026-03-30');
  assert.equal(localDate('2026-10-24T21:59:59Z', 'Europe/Berlin'), '2026-10-24');
  assert.equal(localDate('2026-10-25T22:59:59Z', 'Europe/Berlin'), '2026-10-25');
  assert.equal(localDate('2026-10-25T23:00:00Z', 'Europe/Berlin'), '2026-10-26');
});
