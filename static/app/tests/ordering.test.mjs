// The order of people and households on the phone passes the same shared vectors as the
// server's (tests/unit/test_ordering.py), from tests/data/ordering_vectors.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { compareByName, compareMembers } from '../text.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const vectors = JSON.parse(readFileSync(path.resolve(repoRoot, 'tests', 'data', 'ordering_vectors.json'), 'utf8'));
const ids = (items) => items.map((item) => item.id);

for (const vector of vectors.names) {
  test(`names are listed by the shared rule: ${vector.why}`, () => {
    const byName = (a, b) => compareByName(a.name, a.id, b.name, b.id);
    assert.deepEqual(ids([...vector.items].sort(byName)), vector.order);
    assert.deepEqual(ids([...vector.items].reverse().sort(byName)), vector.order);
  });
}

for (const vector of vectors.members) {
  test(`members are listed head first by the shared rule: ${vector.why}`, () => {
    const members = vector.items.map(({ id, name, is_head: isHead }) => ({ id, full_name: name, is_head: isHead }));
    assert.deepEqual(ids(members.sort(compareMembers)), vector.order);
  });
}
