// The likely-duplicate rule on the phone passes the same vectors as the server's
// (tests/api/test_duplicates_api.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { duplicateReasons, likelyMatches, matchKey } from '../matching.js';

const vectors = JSON.parse(readFileSync(new URL('../../../tests/data/duplicate_vectors.json', import.meta.url), 'utf8'));

for (const vector of vectors.cases) {
  test(`the rule matches the shared vector: ${vector.why}`, () => {
    assert.deepEqual(duplicateReasons(vector.a, vector.b), vector.reasons);
    assert.deepEqual(duplicateReasons(vector.b, vector.a), vector.reasons);
  });
}

test('match keys fold accents, case and punctuation', () => {
  assert.equal(matchKey('  Thôn 2 - Đội 5, '), 'thon 2 doi 5');
  assert.equal(matchKey(null), '');
});

test('likely matches: the same village only, live ones, the most alike first', () => {
  const households = [
    { id: 'a', village_id: 1, head_name: 'Nguyễn Văn An', address: 'Xóm 3', phone: '0912345678' },
    { id: 'b', village_id: 1, head_name: 'Trần Thị Bình', address: 'Xóm 1', phone: '0912345678' },
    { id: 'c', village_id: 2, head_name: 'Nguyễn Văn An', address: 'Xóm 3', phone: null },
    { id: 'd', village_id: 1, head_name: 'Nguyễn Văn An', address: 'Xóm 3', phone: null, deleted: true },
    { id: 'e', village_id: 1, head_name: 'Nguyễn Văn An', address: 'Xóm 4', phone: null },
  ];
  const candidate = { village_id: 1, head_name: 'Nguyen Van An', address: 'xom 3', phone: '0912 345 678' };
  const found = likelyMatches(candidate, households);
  assert.deepEqual(found.map((m) => [m.household.id, m.reasons]),
    [['a', ['name', 'address', 'phone']], ['b', ['phone']]]);
});
