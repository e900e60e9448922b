// The coverage rule on the phone passes the same shared vectors as the server's
// (tests/unit/test_coverage.py), from the repository's copy in tests/data/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { DEFAULT_RULE, householdStatus, isCapable } from '../coverage.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const vectorsPath = path.resolve(repoRoot, 'tests', 'data', 'coverage_vectors.json');
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8'));

for (const vector of vectors.cases) {
  test(`household status matches the shared vector: ${vector.name}`, () => {
    const status = householdStatus(
      vector.household.inactive,
      vector.members.map((member) => member.skills),
      vector.visits,
      vector.rule ?? vectors.default_rule,
    );
    assert.equal(status, vector.expected);
  });
}

test('default rule is the shared default rule (the plans wording)', () => {
  assert.deepEqual([...DEFAULT_RULE], vectors.default_rule);
});

test('capable needs every skill of the rule', () => {
  assert.ok(isCapable(['a', 'b', 'c'], ['a', 'b']));
  assert.ok(!isCapable(['a'], ['a', 'b']));
  assert.ok(isCapable(DEFAULT_RULE, undefined));
});

test('visits at the same instant: the first listed decides, as with Python max()', () => {
  const visits = [
    { visited_at: '2026-03-05T10:00:00+07:00', outcome: 'refused' },
    { visited_at: '2026-03-05T03:00:00Z', outcome: 'not_home' },
  ];
  assert.equal(householdStatus(false, [], visits, DEFAULT_RULE), 'refused');
});

test('visit times may be Date objects', () => {
  const visits = [
    { visited_at: new Date('2026-03-05T10:00:00+07:00'), outcome: 'not_home' },
    { visited_at: new Date('2026-03-04T10:00:00+07:00'), outcome: 'met' },
  ];
  assert.equal(householdStatus(false, [], visits), 'not_home');
});

test('an unreadable visit time is an error, not a visit that never counts', () => {
  const visits = [{ visited_at: 'yesterday', outcome: 'met' }];
  assert.throws(() => householdStatus(false, [], visits), RangeError);
});
